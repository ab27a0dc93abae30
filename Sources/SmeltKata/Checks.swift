import Foundation
import SmeltKit
import SmeltRules
import SmeltSyntax

/// The result of one check: whether it passed, what it looked for, and what it found.
public struct CheckResult: Sendable {
    public let check: KataCheck
    public let passed: Bool
    /// What the check looks for ("no finding of SM101 in train.py").
    public let wanted: String
    /// What it found ("2 findings: train.py:3 SM101 …"), said when it fails.
    public let found: String
}

/// Runs a step's checks against a workspace.
public final class KataChecker: @unchecked Sendable {
    public let kata: Kata
    public let workspace: URL
    /// The interpreter behaviour checks use (relative to the workspace, absolute, or a name on PATH).
    public let python: String
    /// HEAD when the previous step passed (for `git-commit`).
    public var lastCommit: String?
    private var startCounts: [String: Int] = [:]
    private var parser: Parser?

    public init(kata: Kata, workspace: URL, python: String, lastCommit: String? = nil) {
        self.kata = kata
        self.workspace = workspace
        self.python = python
        self.lastCommit = lastCommit
    }

    public func run(_ step: KataStep) -> [CheckResult] {
        step.checks.map(run)
    }

    public func run(_ check: KataCheck) -> CheckResult {
        let (passed, wanted, found) = evaluate(check.kind)
        return CheckResult(check: check, passed: passed, wanted: check.explain ?? wanted, found: found)
    }

    private func url(_ path: String) -> URL { workspace.appendingPathComponent(path) }
    private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: url(path).path) }

    private func evaluate(_ kind: CheckKind) -> (Bool, String, String) {
        switch kind {
        case let .smell(path, rules, max):
            let wanted = max == 0 ? "no finding of \(rules.joined(separator: ", ")) in `\(path)`"
                : "at most \(max) findings of \(rules.joined(separator: ", ")) in `\(path)`"
            guard exists(path) else { return (false, wanted, "`\(path)` does not exist") }
            let (findings, error) = smells(in: workspace, path: path, rules: rules)
            if let error { return (false, wanted, error) }
            let listed = findings.prefix(5).map { f -> String in
                let where_ = f.position.cell.map { "cell \($0.number):\($0.start.line)" } ?? "\(f.position.start.line)"
                return "\(f.path):\(where_) \(f.code) \(f.message)"
            }.joined(separator: "\n")
            let more = findings.count > 5 ? "\n… and \(findings.count - 5) more (`smelt check \(path)`)" : ""
            return (findings.count <= max, wanted, "\(findings.count) finding\(findings.count == 1 ? "" : "s"):\n\(listed)\(more)")
        case let .smellDrop(path, rules):
            let wanted = "fewer findings of \(rules.joined(separator: ", ")) in `\(path)` than at the start"
            let key = path + "|" + rules.joined(separator: ",")
            if startCounts[key] == nil {
                startCounts[key] = smells(in: kata.startFolder, path: path, rules: rules).findings.count
            }
            guard exists(path) else { return (false, wanted, "`\(path)` does not exist") }
            let (findings, error) = smells(in: workspace, path: path, rules: rules)
            if let error { return (false, wanted, error) }
            let start = startCounts[key]!
            return (findings.count < start, wanted, "\(findings.count) now, \(start) at the start")
        case let .fileExists(path):
            return (exists(path), "a file `\(path)`", "there is none")
        case let .fileAbsent(path):
            return (!exists(path), "no file `\(path)`", "it is still there")
        case let .defines(path, function, className):
            let what = function.map { "function `\($0)`" } ?? "class `\(className!)`"
            let wanted = "`\(path)` defines the \(what) at top level"
            guard let units = parse(path) else { return (false, wanted, "`\(path)` does not exist or cannot be read") }
            let defined = topLevelDefinitions(units)
            let name = function ?? className!
            let ok = defined.contains { $0.name == name && $0.isClass == (className != nil) }
            let names = defined.map(\.name)
            return (ok, wanted, names.isEmpty ? "it defines nothing" : "it defines \(names.map { "`\($0)`" }.joined(separator: ", "))")
        case let .imports(path, module, name):
            let wanted = name.map { "`\(path)` imports `\($0)` from `\(module)`" } ?? "`\(path)` imports `\(module)`"
            guard let units = parse(path) else { return (false, wanted, "`\(path)` does not exist or cannot be read") }
            let imports = importedNames(units)
            let ok = imports.contains { entry in
                if let name { return entry.module == module && entry.name == name }
                return entry.module == module || entry.module.hasPrefix(module + ".")
                    || (entry.name.map { entry.module + "." + $0 } == module)
            }
            let seen = Set(imports.map { entry in entry.name.map { "\(entry.module).\($0)" } ?? entry.module }).sorted()
            return (ok, wanted, seen.isEmpty ? "it imports nothing" : "it imports \(seen.prefix(12).joined(separator: ", "))")
        case let .maxCodeCells(path, max):
            let wanted = "`\(path)` has at most \(max) code cells with code"
            guard let bytes = try? readFileBytes(url(path).path),
                  let notebook = try? Notebook.parse(SourceText(utf8: bytes)) else {
                return (false, wanted, "`\(path)` does not exist or is not a notebook")
            }
            let count = notebook.cells.filter { $0.kind == .code && !$0.source.string.allSatisfy(\.isWhitespace) }.count
            return (count <= max, wanted, "it has \(count)")
        case let .noTopLevelLogic(path):
            let wanted = "only imports, definitions, constants and a `if __name__ == \"__main__\":` block at the top level of `\(path)`"
            guard let units = parse(path), let unit = units.first else { return (false, wanted, "`\(path)` does not exist or cannot be read") }
            let logic = topLevelLogic(unit)
            return (logic.isEmpty, wanted, "top-level code:\n" + logic.prefix(5).joined(separator: "\n"))
        case let .pytest(args, minPassed):
            let wanted = "`pytest \(args.joined(separator: " "))` passes\(minPassed > 1 ? " with at least \(minPassed) tests" : "")"
            let result = runPython(["-m", "pytest", "-q", "-p", "no:cacheprovider"] + args, timeout: 300)
            let passedCount = Self.count("passed", in: result.output)
            if result.timedOut { return (false, wanted, "pytest did not finish within 300 s") }
            if result.status == 5 { return (false, wanted, "no tests were collected") }
            if !result.succeeded { return (false, wanted, "pytest failed:\n" + ProcessRunner.tail(result.output)) }
            return (passedCount >= minPassed, wanted, "\(passedCount) test\(passedCount == 1 ? "" : "s") passed")
        case let .notebookRuns(path, timeout):
            let wanted = "the code cells of `\(path)` run in order in a fresh Python"
            guard exists(path) else { return (false, wanted, "`\(path)` does not exist") }
            let runner = FileManager.default.temporaryDirectory.appendingPathComponent("smelt-run-notebook-\(UUID().uuidString).py")
            do { try NotebookRunner.script.write(to: runner, atomically: true, encoding: .utf8) } catch {
                return (false, wanted, "cannot write the notebook runner: \(error.localizedDescription)")
            }
            defer { try? FileManager.default.removeItem(at: runner) }
            let result = runPython([runner.path, path], timeout: TimeInterval(timeout))
            if result.timedOut { return (false, wanted, "it did not finish within \(timeout) s") }
            // From the runner's "cell N failed:" on, without the runner's own frame.
            guard let failure = result.output.range(of: #"cell \d+ failed:"#, options: .regularExpression) else {
                return (result.succeeded, wanted, ProcessRunner.tail(result.output))
            }
            var lines = result.output[failure.lowerBound...].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if let k = lines.firstIndex(where: { $0.contains("smelt-run-notebook-") }), k + 1 < lines.count { lines.removeSubrange(k...(k + 1)) }
            return (false, wanted, ProcessRunner.tail(lines.joined(separator: "\n")))
        case let .scriptRuns(path, timeout):
            let wanted = "`python \(path)` runs without an error"
            guard exists(path) else { return (false, wanted, "`\(path)` does not exist") }
            let result = runPython([path], timeout: TimeInterval(timeout))
            if result.timedOut { return (false, wanted, "it did not finish within \(timeout) s") }
            return (result.succeeded, wanted, "exit status \(result.status):\n" + ProcessRunner.tail(result.output))
        case .gitCommit:
            let wanted = "a git commit since the previous step"
            let head = ProcessRunner.run("git", ["rev-parse", "HEAD"], in: workspace, timeout: 30)
            guard head.succeeded else { return (false, wanted, "no commit found (is this a git repository?)") }
            let now = head.output.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let lastCommit else { return (true, wanted, "HEAD is \(now.prefix(8))") }
            return (now != lastCommit, wanted, "HEAD is still \(now.prefix(8)): commit your green step (`git commit -am \"…\"`)")
        }
    }

    /// `N passed` in pytest's summary line.
    static func count(_ word: String, in output: String) -> Int {
        guard let range = output.range(of: #"(\d+) "# + word, options: [.regularExpression, .backwards]) else { return 0 }
        return Int(output[range].split(separator: " ")[0]) ?? 0
    }

    public func runPython(_ arguments: [String], timeout: TimeInterval) -> ProcessRunner.Result {
        var pythonPath = workspace.path
        if let existing = ProcessInfo.processInfo.environment["PYTHONPATH"], !existing.isEmpty { pythonPath += ":" + existing }
        return ProcessRunner.run(python, arguments, in: workspace,
                                 environment: ["PYTHONPATH": pythonPath, "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg",
                                               // Unbuffered, so an error's traceback comes after what was printed before it.
                                               "PYTHONUNBUFFERED": "1"],
                                 timeout: timeout)
    }

    private func smells(in root: URL, path: String, rules: [String]) -> (findings: [ReportedFinding], error: String?) {
        var request = CheckRequest()
        request.paths = [path]
        request.select = rules
        request.isolated = true
        request.workingDirectory = root.path
        let previous = FileManager.default.currentDirectoryPath
        // Paths in findings are relative to the workspace.
        FileManager.default.changeCurrentDirectoryPath(root.path)
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        do {
            let outcome = try CheckRun.run(request)
            // Project-level findings (SM9xx) and unreadable files count like any other.
            return (outcome.result.findings, outcome.errors.first)
        } catch {
            return ([], "smelt could not check it: \(error.description)")
        }
    }

    private func parse(_ path: String) -> [SourceUnit]? {
        guard let bytes = try? readFileBytes(url(path).path) else { return nil }
        if parser == nil { parser = try? Parser() }
        guard let parser else { return nil }
        return try? Document.load(path: path, bytes: bytes, isNotebook: path.hasSuffix(".ipynb"), parser: parser).units
    }

    private func topLevelDefinitions(_ units: [SourceUnit]) -> [(name: String, isClass: Bool)] {
        var out: [(String, Bool)] = []
        for unit in units {
            guard let root = unit.tree?.root else { continue }
            for statement in root.children {
                var definition = statement
                if statement.symbol == Py.decoratedDefinition, let inner = statement.child(PyField.definition) { definition = inner }
                guard definition.symbol == Py.functionDefinition || definition.symbol == Py.classDefinition,
                      let name = definition.child(PyField.name) else { continue }
                out.append((name.text, definition.symbol == Py.classDefinition))
            }
        }
        return out
    }

    /// `(module, name)` for `from module import name`; `(module, nil)` for `import module`.
    private func importedNames(_ units: [SourceUnit]) -> [(module: String, name: String?)] {
        var out: [(String, String?)] = []
        for unit in units {
            guard let root = unit.tree?.root else { continue }
            root.walk { node in
                if node.symbol == Py.importStatement {
                    for child in node.children where child.field == PyField.name {
                        let dotted = child.symbol == Py.aliasedImport ? child.child(PyField.name) : child
                        if let dotted { out.append((dotted.text, nil)) }
                    }
                    return false
                }
                if node.symbol == Py.importFromStatement, let module = node.child(PyField.moduleName) {
                    let names = node.children.filter { $0.field == PyField.name }
                    for child in names {
                        let dotted = child.symbol == Py.aliasedImport ? child.child(PyField.name) : child
                        if let dotted { out.append((module.text, dotted.text)) }
                    }
                    if names.isEmpty { out.append((module.text, "*")) }
                    return false
                }
                return true
            }
        }
        return out
    }

    /// Top-level statements that are logic rather than imports, definitions or constants.
    private func topLevelLogic(_ unit: SourceUnit) -> [String] {
        guard let root = unit.tree?.root else { return ["the file does not parse"] }
        var out: [String] = []
        for statement in root.children where statement.isNamed {
            let s = statement.symbol
            if s == Py.comment || s == Py.importStatement || s == Py.importFromStatement || s == Py.futureImportStatement
                || s == Py.functionDefinition || s == Py.classDefinition || s == Py.decoratedDefinition { continue }
            if Syntax.isStringStatement(statement) || Syntax.isMainGuard(statement) { continue }
            if s == Py.expressionStatement, let assignment = statement.namedChild(0), assignment.symbol == Py.assignment,
               let left = assignment.child(PyField.left), left.symbol == Py.identifier,
               let right = assignment.child(PyField.right), Self.isLiteral(right) { continue }
            let line = unit.text.lineIndex(ofByte: statement.startByte) + 1
            out.append("line \(line): \(Syntax.snippet(statement, limit: 60))")
        }
        return out
    }

    static func isLiteral(_ node: Node) -> Bool {
        let s = node.symbol
        if s == Py.integer || s == Py.float || s == Py.string || s == Py.concatenatedString || s == Py.true || s == Py.false || s == Py.none {
            return true
        }
        if s == Py.unaryOperator, let operand = node.child(PyField.argument) { return isLiteral(operand) }
        if s == Py.tuple || s == Py.list || s == Py.set || s == Py.parenthesizedExpression {
            return node.namedChildren.allSatisfy { $0.symbol == Py.comment || isLiteral($0) }
        }
        if s == Py.dictionary {
            return node.namedChildren.allSatisfy { pair in
                pair.symbol == Py.comment || (pair.symbol == Py.pair && pair.namedChildren.allSatisfy(isLiteral))
            }
        }
        return false
    }
}

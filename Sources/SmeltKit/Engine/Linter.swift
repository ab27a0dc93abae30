import Foundation
import SmeltAnalysis
import SmeltRules
import SmeltSyntax

/// A finding ready for a reporter: rule identity, text, and file positions.
public struct ReportedFinding: Sendable {
    public let ruleIndex: Int
    public let code: String
    public let slug: String
    public let severity: Severity
    public let message: String
    public let refactoring: String
    /// The path as discovered (as the user gave it).
    public let path: String
    public let position: FilePosition
    /// The source line the finding starts on (the cell's line for notebooks), for code frames.
    public let sourceLine: String
    /// The path relative to the repository root (the current folder), `/`-separated; the
    /// absolute path for files outside it. What CI formats use.
    public internal(set) var repositoryPath: String = ""
    /// A fingerprint that survives unrelated edits: a hash of the rule, the repository path,
    /// the flagged source text (whitespace-normalised) and which occurrence of that text it
    /// is in the file. SARIF, GitLab and the baseline use it.
    public internal(set) var fingerprint: String = ""
    /// False for project-level findings about a folder or a whole file (SM9xx): formats
    /// that can leave the line out do (their position is 1:1).
    public internal(set) var hasLocation = true
    /// The rule's fix for this finding, if any, with where each edit lands in the file.
    public internal(set) var fix: Fix?
    public internal(set) var editPositions: [FilePosition] = []
    /// For a display-only fix (a refactoring): the diff of the edited lines, to show.
    public internal(set) var suggestion: String?
}

extension ReportedFinding {
    /// An `invalid-file` (SM000) finding: a file or folder smelt could not read.
    static func invalidFile(_ path: String, _ reason: String, at location: Location = Location(line: 1, column: 1),
                            root: String) -> ReportedFinding {
        let d = InvalidFile.description
        var findings = [ReportedFinding(ruleIndex: RuleRegistry.invalidFileIndex, code: d.code, slug: d.slug, severity: d.severity,
                                        message: reason, refactoring: d.refactoring, path: path,
                                        position: FilePosition(start: location, end: location, cell: nil), sourceLine: "")]
        Fingerprints.assign(&findings, root: root) { $0.message }
        return findings[0]
    }
}

/// Everything a lint run needs besides the files.
public struct LintSettings: Sendable {
    public var rules: RuleSet
    /// Per-file ignores: files whose root-relative path matches lose these rules.
    public var perFileIgnores: [(pattern: GlobPattern, rules: Set<Int>)]
    /// The folder per-file-ignore patterns are relative to.
    public var root: String
    /// Whether `invalid-file` (SM000) findings are reported.
    public var reportInvalidFiles: Bool
    /// The folder CI paths are relative to (the current folder: CI runs from the checkout).
    public var repositoryRoot: String = FileManager.default.currentDirectoryPath
    /// `--fix` / `--diff`: which fixes to apply, and whether to write the files.
    public var fixing: FixMode?

    public init(rules: RuleSet, perFileIgnores: [(pattern: GlobPattern, rules: Set<Int>)] = [], root: String = ".",
                reportInvalidFiles: Bool = true) {
        self.rules = rules
        self.perFileIgnores = perFileIgnores
        self.root = root
        self.reportInvalidFiles = reportInvalidFiles
    }
}

public struct LintResult: Sendable {
    /// Sorted by path, then position, then code: the same order on every run.
    public let findings: [ReportedFinding]
    public let filesChecked: Int
    /// Every file linted, relative to the repository root (for reports that list clean files).
    public var checkedFiles: [String] = []
    /// With `--baseline`: how many findings it hid, and how many of its entries matched nothing.
    public var baselined: Int?
    public var fixedSinceBaseline: Int?
    /// With `--fix` / `--diff`: the files that changed (or would change), in discovery order.
    public var fixedFiles: [FileFix] = []

    public init(findings: [ReportedFinding], filesChecked: Int, checkedFiles: [String] = []) {
        self.findings = findings
        self.filesChecked = filesChecked
        self.checkedFiles = checkedFiles
    }
}

public enum Linter {
    /// Lints files on all cores, one parser per worker thread; then, when duplicated code
    /// (SM109) is selected, compares the files with each other (`CrossFileClones`).
    public static func lint(_ files: [DiscoveredFile], settings: LintSettings) -> LintResult {
        let clones = CrossFileClones.Options(settings.rules)
        let results = inParallel(files) { index, parser in
            if let mode = settings.fixing, let parser {
                // Fix first; the signature is the fixed file's, so the comparison sees what remains.
                return Fixer.fix(files[index], settings: settings, mode: mode, parser: parser, clones: clones)
            }
            return lintFile(files[index], settings: settings, parser: parser, clones: clones)
        }
        var findings = results.map { $0?.findings ?? [] }
        if let clones {
            CrossFileClones.report(into: &findings, signatures: results.map { $0?.signature }, files: files,
                                   settings: settings, options: clones)
        }
        var result = LintResult(findings: findings.flatMap { $0 }, filesChecked: files.count,
                                checkedFiles: files.map { relativePath($0.path, to: settings.repositoryRoot) })
        result.fixedFiles = results.compactMap { $0?.fix }
        return result
    }

    /// Runs `work` for each file on all cores, one parser per worker thread; the results keep
    /// the files' order whatever the scheduling.
    static func inParallel<T: Sendable>(_ files: [DiscoveredFile],
                                        _ work: @escaping @Sendable (Int, Parser?) -> T) -> [T?] {
        // Largest files first, so no core is left with one big file at the end.
        let sizes = files.map { fileSize($0.path) }
        let order = files.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        let shared = SharedResults<T>(count: files.count, order: order)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, files.count))
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                // A parser that cannot be made means the grammar is broken: the check for
                // this runs in the tests; report every file rather than crash.
                let parser = try? Parser()
                while let index = shared.next() {
                    shared.store(work(index, parser), at: index)
                }
            }
            // Deeply nested code recurses deeply in the analysis: give workers room.
            thread.stackSize = 64 << 20
            thread.start()
        }
        group.wait()
        return shared.results
    }

    /// Lints one file (read, parse, analyse, run rules, suppress, position).
    public static func lintFile(_ file: DiscoveredFile, settings: LintSettings, parser: Parser?) -> [ReportedFinding] {
        lintFile(file, settings: settings, parser: parser, clones: nil).findings
    }

    /// One file's findings, and its clone signature when `clones` asks for one.
    struct FileResult: Sendable {
        var findings: [ReportedFinding] = []
        var signature: CrossFileClones.FileSignature?
        /// With `--fix` / `--diff`: what fixing did, when it changed or dropped anything.
        var fix: FileFix?
    }

    static func lintFile(_ file: DiscoveredFile, settings: LintSettings, parser: Parser?,
                         clones: CrossFileClones.Options?) -> FileResult {
        guard let parser else { return FileResult(findings: invalidFindings(file, "the Python grammar could not be loaded", settings: settings)) }
        let bytes: [UInt8]
        do { bytes = try readFileBytes(file.path) } catch {
            return FileResult(findings: invalidFindings(file, error.description, settings: settings))
        }
        let (findings, document) = lint(file, bytes: bytes, settings: settings, parser: parser)
        var result = FileResult(findings: findings)
        if let clones, let document, !ignoresFile(document), !ignoredRules(file, settings: settings).contains(clones.ruleIndex) {
            result.signature = clones.signature(of: document, byteCount: bytes.count)
        }
        return result
    }

    /// Lints a file's bytes; also returns the document (nil when it could not be read).
    static func lint(_ file: DiscoveredFile, bytes: [UInt8], settings: LintSettings,
                     parser: Parser) -> (findings: [ReportedFinding], document: Document?) {
        let document: Document
        switch load(file, bytes: bytes, settings: settings, parser: parser) {
        case let .failure(invalid): return (invalid.findings, nil)
        case let .success(loaded): document = loaded
        }
        if ignoresFile(document) { return ([], document) }
        let ignored = ignoredRules(file, settings: settings)
        var out = reportable(settings.rules.run(document, parser: parser), in: document, path: file.path, ignored: ignored)
        sortByPosition(&out)
        assignFingerprints(&out, document: document, root: settings.repositoryRoot)
        return (out, document)
    }

    static func invalidFindings(_ file: DiscoveredFile, _ reason: String, at location: Location = Location(line: 1, column: 1),
                                settings: LintSettings) -> [ReportedFinding] {
        settings.reportInvalidFiles ? [.invalidFile(file.path, reason, at: location, root: settings.repositoryRoot)] : []
    }

    struct InvalidFile: Error {
        let findings: [ReportedFinding]
    }

    /// Reads and parses a file, or gives the `invalid-file` finding that says why it cannot be.
    static func load(_ file: DiscoveredFile, settings: LintSettings, parser: Parser?) -> Result<(Document, Int), InvalidFile> {
        guard let parser else { return .failure(InvalidFile(findings: invalidFindings(file, "the Python grammar could not be loaded", settings: settings))) }
        let bytes: [UInt8]
        do { bytes = try readFileBytes(file.path) } catch {
            return .failure(InvalidFile(findings: invalidFindings(file, error.description, settings: settings)))
        }
        return load(file, bytes: bytes, settings: settings, parser: parser).map { ($0, bytes.count) }
    }

    /// Parses a file's bytes, or gives the `invalid-file` finding that says why it cannot be.
    static func load(_ file: DiscoveredFile, bytes: [UInt8], settings: LintSettings, parser: Parser) -> Result<Document, InvalidFile> {
        func invalid(_ reason: String, at location: Location = Location(line: 1, column: 1)) -> Result<Document, InvalidFile> {
            .failure(InvalidFile(findings: invalidFindings(file, reason, at: location, settings: settings)))
        }
        do {
            return .success(try Document.load(path: file.path, bytes: bytes, isNotebook: file.kind == .notebook, parser: parser))
        } catch {
            if case let .notebook(.invalidJSON(_, line, column)) = error {
                return invalid(error.description, at: Location(line: line, column: column))
            }
            if case let .decoding(.invalidUTF8(line, column, _)) = error {
                return invalid(error.description, at: Location(line: line, column: column))
            }
            if case let .decoding(.invalidInEncoding(_, line, column, _)) = error {
                return invalid(error.description, at: Location(line: line, column: column))
            }
            return invalid(error.description)
        }
    }

    /// Whether the document opts out with `# smelt: ignore-file` (a real comment, not text
    /// inside a string).
    static func ignoresFile(_ document: Document) -> Bool {
        document.units.contains { unit in
            Suppressions.ignoresFile(unit.original)
                && (unit.tree == nil || comments(in: unit).values.contains { Suppressions.ignoresFile(SourceText($0)) })
        }
    }

    /// The rules per-file ignores turn off for a file.
    static func ignoredRules(_ file: DiscoveredFile, settings: LintSettings) -> Set<Int> {
        var ignored = Set<Int>()
        if !settings.perFileIgnores.isEmpty {
            let relative = relativePath(file.path, to: settings.root)
            for entry in settings.perFileIgnores where entry.pattern.matches(relative) { ignored.formUnion(entry.rules) }
        }
        return ignored
    }

    /// Rule findings that survive per-file ignores, `smelt-ignore` cell tags and suppression
    /// comments, positioned in the file (in the order given).
    static func reportable(_ findings: [Finding], in document: Document, path: String, ignored: Set<Int>) -> [ReportedFinding] {
        var out: [ReportedFinding] = []
        out.reserveCapacity(findings.count)
        var unitComments: [Int: [Int: String]] = [:]
        for f in findings {
            if ignored.contains(f.ruleIndex) { continue }
            let unit = document.units[f.unit]
            if let cellIndex = unit.cellIndex, document.notebook!.cells[cellIndex].tags.contains("smelt-ignore") { continue }
            let position = document.position(unit: f.unit, f.range)
            let lineNumber = position.cell?.start.line ?? position.start.line
            let line = lineNumber <= unit.original.lineCount ? unit.original.line(lineNumber) : ""
            // Suppression comments are comment tokens on the finding's line (a `# noqa` inside
            // a string does not count); a cell without a tree falls back to the line's text.
            if line.contains("#") {
                let comment: String?
                if unit.tree == nil || unit.maskedLines.contains(lineNumber) {
                    // No tree, or an IPython line masked out of it: read the line's text.
                    comment = line
                } else {
                    if unitComments[f.unit] == nil { unitComments[f.unit] = comments(in: unit) }
                    comment = unitComments[f.unit]![lineNumber]
                }
                if let comment, let suppression = Suppressions.parse(line: comment[...]), suppression.suppresses(f.ruleIndex) {
                    continue
                }
            }
            let d = RuleRegistry.all[f.ruleIndex].description
            var reported = ReportedFinding(ruleIndex: f.ruleIndex, code: d.code, slug: d.slug, severity: f.severity ?? d.severity,
                                           message: f.message, refactoring: f.refactoring, path: path,
                                           position: position, sourceLine: line)
            if let fix = f.fix {
                reported.fix = fix
                reported.editPositions = fix.edits.map { document.position(unit: $0.unit ?? f.unit, $0.range) }
                if fix.applicability == .displayOnly { reported.suggestion = Linter.suggestion(fix, document) }
            }
            out.append(reported)
        }
        return out
    }

    /// Position order (start, end, code); stable, so equal places keep their order.
    static func sortByPosition(_ findings: inout [ReportedFinding]) {
        findings.sort { a, b in
            if a.position.start != b.position.start { return a.position.start < b.position.start }
            if a.position.end != b.position.end { return a.position.end < b.position.end }
            return a.code < b.code
        }
    }

    /// Fingerprints of a file's findings from the flagged lines as the user wrote them.
    /// `salt` keeps the fingerprints of findings assigned apart (the cross-file pass) from
    /// colliding with the others'.
    static func assignFingerprints(_ findings: inout [ReportedFinding], document: Document, root: String, salt: String = "") {
        Fingerprints.assign(&findings, root: root) { finding in
            guard let cell = finding.position.cell else {
                let unit = document.units[0]
                return Fingerprints.lines(unit.original, finding.position.start.line, finding.position.end.line) + salt
            }
            guard let unit = document.units.first(where: { $0.cellIndex == cell.number - 1 }) else { return finding.sourceLine + salt }
            return Fingerprints.lines(unit.original, cell.start.line, cell.end.line) + salt
        }
    }

    /// The hunks a display-only fix would make, per unit (cells headed by their number).
    /// Only the lines around the edits are edited and diffed (every finding of a long file
    /// may have a suggestion): edits closer than a hunk's reach share a window.
    static func suggestion(_ fix: Fix, _ document: Document) -> String? {
        var out = ""
        let context = 3
        for unit in Set(fix.edits.compactMap(\.unit)).sorted() {
            let source = document.units[unit]
            // The lines each edit touches and how many lines it adds; the parsed text has
            // the same lines as the original.
            let text = source.text, original = source.original
            var spans = fix.edits.filter { $0.unit == unit }.map { edit -> (first: Int, last: Int, added: Int, edits: [Edit]) in
                let first = text.lineIndex(ofByte: edit.range.lowerBound)
                let last = text.lineIndex(ofByte: max(edit.range.lowerBound, edit.range.upperBound - 1))
                let removed = text.bytes[edit.range.lowerBound..<edit.range.upperBound].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                return (first, last, edit.replacement.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } - removed, [edit])
            }
            spans.sort { $0.first < $1.first }
            var windows: [(first: Int, last: Int, added: Int, edits: [Edit])] = []
            for span in spans {
                if let previous = windows.last, span.first - previous.last <= 2 * context + 2 {
                    windows[windows.count - 1] = (previous.first, max(previous.last, span.last), previous.added + span.added,
                                                  previous.edits + span.edits)
                } else {
                    windows.append(span)
                }
            }
            var hunks = ""
            var shift = 0
            for window in windows {
                let first = max(0, window.first - context - 1), last = min(text.lineCount - 1, window.last + context + 1)
                func bytes(_ t: SourceText) -> ArraySlice<UInt8> {
                    t.bytes[t.lineStarts[first]..<(last + 1 < t.lineCount ? t.lineStarts[last + 1] : t.bytes.count)]
                }
                let offset = text.lineStarts[first]
                let piece = SourceUnit(index: 0, cellIndex: nil, text: SourceText(utf8: Array(bytes(text))),
                                       original: SourceText(utf8: Array(bytes(original))),
                                       maskedLines: Set(source.maskedLines.filter { $0 > first && $0 <= last + 1 }.map { $0 - first }),
                                       tree: nil, skippedCellMagic: nil)
                let edits = window.edits.map { Edit(ByteRange($0.range.lowerBound - offset, $0.range.upperBound - offset), $0.replacement) }
                guard let edited = try? FixApplication.apply(edits, to: piece) else { return nil }
                hunks += UnifiedDiff.hunks(Notebook.splitLines(piece.original.string), Notebook.splitLines(String(decoding: edited, as: UTF8.self)),
                                           context: context, oldOffset: first, newOffset: first + shift)
                shift += window.added
            }
            if let cell = source.cellIndex, document.isNotebook { out += "cell \(cell + 1):\n" }
            out += hunks
        }
        return out.isEmpty ? nil : out
    }

    /// The comments of a unit by 1-based line (several on one line are joined).
    static func comments(in unit: SourceUnit) -> [Int: String] {
        guard let tree = unit.tree else { return [:] }
        var out: [Int: String] = [:]
        for j in 0..<tree.nodeCount where tree.symbol(at: j) == Py.comment {
            let node = tree.node(at: j)
            let line = unit.text.lineIndex(ofByte: node.startByte) + 1
            // Masked text keeps every column, so the comment reads the same in the original.
            let text = unit.original.text(ByteRange(unit.original.byteOffset(of: unit.text.location(ofByte: node.startByte)),
                                                    unit.original.byteOffset(of: unit.text.location(ofByte: node.endByte))))
            out[line, default: ""] += text
        }
        return out
    }

    /// `path` relative to `root`, with `/` separators (for glob matching).
    static func relativePath(_ path: String, to root: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let absolute = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: cwd + "/")).standardizedFileURL.path
        let base = URL(fileURLWithPath: root, relativeTo: URL(fileURLWithPath: cwd + "/")).standardizedFileURL.path
        if absolute == base { return "." }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }
}

private func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
}

/// Work queue and result slots shared by the worker threads.
private final class SharedResults<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var cursor = 0
    private let order: [Int]
    private(set) var results: [T?]

    init(count: Int, order: [Int]) {
        self.order = order
        results = Array(repeating: nil, count: count)
    }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard cursor < order.count else { return nil }
        cursor += 1
        return order[cursor - 1]
    }

    func store(_ result: T, at index: Int) {
        lock.lock()
        results[index] = result
        lock.unlock()
    }
}

import Foundation
import TOMLKit

/// A problem with a kata or a workspace, said to the user as is.
public struct KataError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One check of a step (see Katas/FORMAT.md for the kinds).
public enum CheckKind: Sendable, Equatable {
    case smell(path: String, rules: [String], max: Int)
    case smellDrop(path: String, rules: [String])
    case fileExists(path: String)
    case fileAbsent(path: String)
    case defines(path: String, function: String?, className: String?)
    case imports(path: String, module: String, name: String?)
    case maxCodeCells(path: String, max: Int)
    case noTopLevelLogic(path: String)
    case pytest(args: [String], minPassed: Int)
    case notebookRuns(path: String, timeout: Int)
    case scriptRuns(path: String, timeout: Int)
    case gitCommit

    /// Whether the check runs the learner's code (slow: seconds).
    public var isBehaviour: Bool {
        switch self {
        case .pytest, .notebookRuns, .scriptRuns: return true
        default: return false
        }
    }
}

public struct KataCheck: Sendable, Equatable {
    public let kind: CheckKind
    /// The author's description of what the check wants, replacing the default.
    public let explain: String?
}

public struct KataStep: Sendable {
    public let id: String
    public let title: String
    public let instruction: String
    public let hints: [String]
    public let removes: [String]
    public let checks: [KataCheck]
}

/// A kata: its manifest and where it lives.
public struct Kata: Sendable {
    /// The folder name, e.g. `duplicated-models`.
    public let name: String
    public let folder: URL
    public let title: String
    public let summary: String
    public let teaches: [String]
    public let packages: [String]
    public let minutes: Int
    public let order: Int
    public let steps: [KataStep]

    public var startFolder: URL { folder.appendingPathComponent("start") }
    public func solutionFolder(_ step: KataStep) -> URL { folder.appendingPathComponent("solutions/\(step.id)") }

    public func stepIndex(_ id: String) -> Int? { steps.firstIndex { $0.id == id } }

    /// Reads and validates `folder/kata.toml`.
    public static func load(_ folder: URL) throws(KataError) -> Kata {
        let path = folder.appendingPathComponent("kata.toml").path
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw KataError("\(path): cannot read: \(error.localizedDescription)")
        }
        let document: TOMLTable
        do { document = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw KataError("\(path):\(error.source.begin.line):\(error.source.begin.column): invalid TOML: \(error.description)")
        } catch {
            throw KataError("\(path): invalid TOML: \(error)")
        }
        var reader = TableReader(path: path)
        guard let info = document["kata"]?.table else { throw KataError("\(path): missing the [kata] table") }
        let title = try reader.string(info, "kata.title")
        let summary = try reader.string(info, "kata.summary")
        let teaches = try reader.strings(info, "kata.teaches", default: [])
        let packages = try reader.strings(info, "kata.packages", default: [])
        let minutes = try reader.int(info, "kata.minutes", default: 0)
        let order = try reader.int(info, "kata.order", default: 1000)
        guard let stepTables = document["steps"]?.array, !stepTables.isEmpty else {
            throw KataError("\(path): no [[steps]]")
        }
        var steps: [KataStep] = []
        for (n, value) in stepTables.enumerated() {
            guard let table = value.table else { throw KataError("\(path): steps[\(n + 1)] must be a table") }
            let id = try reader.string(table, "steps[\(n + 1)].id")
            let name = "step `\(id)`"
            guard id.range(of: #"^[a-z0-9]+(-[a-z0-9]+)*$"#, options: .regularExpression) != nil else {
                throw KataError("\(path): \(name): an id is lower-case words joined by `-`")
            }
            if steps.contains(where: { $0.id == id }) { throw KataError("\(path): \(name) appears twice") }
            let checksValue = table["checks"]?.array ?? []
            var checks: [KataCheck] = []
            for (k, c) in checksValue.enumerated() {
                guard let t = c.table else { throw KataError("\(path): \(name): checks[\(k + 1)] must be a table") }
                checks.append(try reader.check(t, "\(name) check \(k + 1)"))
            }
            let step = KataStep(id: id, title: try reader.string(table, "\(name).title"),
                                instruction: try reader.string(table, "\(name).instruction").trimmingCharacters(in: .whitespacesAndNewlines),
                                hints: try reader.strings(table, "\(name).hints", default: []),
                                removes: try reader.strings(table, "\(name).removes", default: []), checks: checks)
            if step.instruction.isEmpty { throw KataError("\(path): \(name) has no instruction") }
            if step.hints.isEmpty { throw KataError("\(path): \(name) has no hint") }
            if step.checks.isEmpty { throw KataError("\(path): \(name) has no check") }
            steps.append(step)
        }
        return Kata(name: folder.lastPathComponent, folder: folder, title: title, summary: summary, teaches: teaches,
                    packages: packages, minutes: minutes, order: order, steps: steps)
    }
}

/// Typed reads from TOML tables with errors that name the file and key.
private struct TableReader {
    let path: String

    func string(_ t: TOMLTable, _ key: String) throws(KataError) -> String {
        let last = String(key.split(separator: ".").last!)
        guard let value = t[last] else { throw KataError("\(path): `\(key)` is missing") }
        guard let s = value.string else { throw KataError("\(path): `\(key)` must be a string") }
        return s
    }

    func optionalString(_ t: TOMLTable, _ key: String, in context: String) throws(KataError) -> String? {
        guard let value = t[key] else { return nil }
        guard let s = value.string else { throw KataError("\(path): \(context): `\(key)` must be a string") }
        return s
    }

    func strings(_ t: TOMLTable, _ key: String, default fallback: [String]) throws(KataError) -> [String] {
        let last = String(key.split(separator: ".").last!)
        guard let value = t[last] else { return fallback }
        guard let array = value.array else { throw KataError("\(path): `\(key)` must be a list of strings") }
        var out: [String] = []
        for item in array {
            guard let s = item.string else { throw KataError("\(path): `\(key)` must be a list of strings") }
            out.append(s)
        }
        return out
    }

    func int(_ t: TOMLTable, _ key: String, default fallback: Int) throws(KataError) -> Int {
        let last = String(key.split(separator: ".").last!)
        guard let value = t[last] else { return fallback }
        guard let i = value.int else { throw KataError("\(path): `\(key)` must be an integer") }
        return i
    }

    func check(_ t: TOMLTable, _ context: String) throws(KataError) -> KataCheck {
        guard let kind = t["kind"]?.string else { throw KataError("\(path): \(context): `kind` is missing") }
        func need(_ key: String) throws(KataError) -> String {
            guard let s = try optionalString(t, key, in: "\(context) (\(kind))") else {
                throw KataError("\(path): \(context) (\(kind)): `\(key)` is missing")
            }
            return s
        }
        func count(_ key: String, _ fallback: Int) throws(KataError) -> Int {
            guard let value = t[key] else { return fallback }
            guard let i = value.int, i >= 0 else { throw KataError("\(path): \(context) (\(kind)): `\(key)` must be a whole number ≥ 0") }
            return i
        }
        func rules() throws(KataError) -> [String] {
            let list = try strings(t, "rules", default: [])
            if list.isEmpty { throw KataError("\(path): \(context) (\(kind)): `rules` must list at least one rule") }
            return list
        }
        let known: [String: Set<String>] = [
            "smell": ["path", "rules", "max"], "smell-drop": ["path", "rules"], "file-exists": ["path"], "file-absent": ["path"],
            "defines": ["path", "function", "class"], "imports": ["path", "module", "name"], "max-code-cells": ["path", "max"],
            "no-top-level-logic": ["path"], "pytest": ["args", "min_passed"], "notebook-runs": ["path", "timeout"],
            "script-runs": ["path", "timeout"], "git-commit": [],
        ]
        guard let fields = known[kind] else {
            throw KataError("\(path): \(context): unknown kind `\(kind)` (known: \(known.keys.sorted().joined(separator: ", ")))")
        }
        for key in t.keys where key != "kind" && key != "explain" && !fields.contains(key) {
            throw KataError("\(path): \(context) (\(kind)): unknown field `\(key)`")
        }
        let result: CheckKind
        switch kind {
        case "smell": result = .smell(path: try need("path"), rules: try rules(), max: try count("max", 0))
        case "smell-drop": result = .smellDrop(path: try need("path"), rules: try rules())
        case "file-exists": result = .fileExists(path: try need("path"))
        case "file-absent": result = .fileAbsent(path: try need("path"))
        case "defines":
            let function = try optionalString(t, "function", in: context), className = try optionalString(t, "class", in: context)
            guard (function == nil) != (className == nil) else {
                throw KataError("\(path): \(context) (defines): give exactly one of `function` and `class`")
            }
            result = .defines(path: try need("path"), function: function, className: className)
        case "imports": result = .imports(path: try need("path"), module: try need("module"), name: try optionalString(t, "name", in: context))
        case "max-code-cells": result = .maxCodeCells(path: try need("path"), max: try count("max", 0))
        case "no-top-level-logic": result = .noTopLevelLogic(path: try need("path"))
        case "pytest": result = .pytest(args: try strings(t, "args", default: []), minPassed: try count("min_passed", 1))
        case "notebook-runs": result = .notebookRuns(path: try need("path"), timeout: try count("timeout", 120))
        case "script-runs": result = .scriptRuns(path: try need("path"), timeout: try count("timeout", 120))
        default: result = .gitCommit
        }
        return KataCheck(kind: result, explain: try optionalString(t, "explain", in: context))
    }
}

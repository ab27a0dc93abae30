import Foundation
import TOMLKit

/// Where katas are found: `$SMELT_KATAS`, else a `Katas` folder next to the smelt checkout
/// the binary was built in (searched upwards from the executable), else `./Katas`.
public enum KataCatalog {
    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let explicit = environment["SMELT_KATAS"], !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        var candidates: [URL] = []
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("Katas"))
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Katas"))
        return candidates.first { isKataFolder($0) }
    }

    static func isKataFolder(_ url: URL) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.contains { FileManager.default.fileExists(atPath: url.appendingPathComponent("\($0)/kata.toml").path) }
    }

    /// Every kata in the folder, by `order` then name. A broken manifest is an error.
    public static func all(in folder: URL) throws(KataError) -> [Kata] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        var katas: [Kata] = []
        for name in names where FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(name)/kata.toml").path) {
            katas.append(try Kata.load(folder.appendingPathComponent(name)))
        }
        return katas.sorted { ($0.order, $0.name) < ($1.order, $1.name) }
    }

    public static func find(_ name: String, in folder: URL) throws(KataError) -> Kata {
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("kata.toml").path) else {
            let known = (try? all(in: folder))?.map(\.name).joined(separator: ", ") ?? ""
            throw KataError("no kata named `\(name)` (katas: \(known))")
        }
        return try Kata.load(url)
    }
}

/// The learner's progress, kept in `.smelt-kata.toml` in the workspace (see Katas/FORMAT.md).
public struct KataProgress: Sendable, Equatable {
    public static let fileName = ".smelt-kata.toml"

    public var kata: String
    public var source: String
    /// The step being worked on, or `done`.
    public var current: String
    public var passed: [String]
    public var hintsShown: Int
    public var python: String
    public var lastCommit: String?

    public init(kata: String, source: String, current: String, passed: [String] = [], hintsShown: Int = 0,
                python: String, lastCommit: String? = nil) {
        self.kata = kata
        self.source = source
        self.current = current
        self.passed = passed
        self.hintsShown = hintsShown
        self.python = python
        self.lastCommit = lastCommit
    }

    public static func load(workspace: URL) throws(KataError) -> KataProgress {
        let path = workspace.appendingPathComponent(fileName).path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw KataError("no kata in \(workspace.path): `\(fileName)` is missing (start one with `smelt kata start NAME`)")
        }
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch {
            throw KataError("\(path): invalid TOML: \(error)")
        }
        guard let kata = table["kata"]?.string, let source = table["source"]?.string, let current = table["current"]?.string else {
            throw KataError("\(path): `kata`, `source` and `current` must be strings")
        }
        let passed = table["passed"]?.array?.compactMap(\.string) ?? []
        return KataProgress(kata: kata, source: source, current: current, passed: passed,
                            hintsShown: table["hints_shown"]?.int ?? 0, python: table["python"]?.string ?? "python3",
                            lastCommit: table["last_commit"]?.string)
    }

    public func save(workspace: URL) throws(KataError) {
        func quoted(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var out = "# smelt kata progress (Katas/FORMAT.md). `smelt kata status` reads it.\n"
        out += "kata = \(quoted(kata))\nsource = \(quoted(source))\ncurrent = \(quoted(current))\n"
        out += "passed = [" + passed.map(quoted).joined(separator: ", ") + "]\n"
        out += "hints_shown = \(hintsShown)\npython = \(quoted(python))\n"
        if let lastCommit { out += "last_commit = \(quoted(lastCommit))\n" }
        do {
            try out.write(to: workspace.appendingPathComponent(Self.fileName), atomically: true, encoding: .utf8)
        } catch {
            throw KataError("cannot write \(workspace.appendingPathComponent(Self.fileName).path): \(error.localizedDescription)")
        }
    }
}

/// Files of kata states: `start/` plus step overlays.
public enum KataFiles {
    /// Names never copied or compared: tool state, not the learner's work.
    static let ignoredNames: Set<String> = [".git", ".venv", "__pycache__", ".pytest_cache", ".ipynb_checkpoints",
                                            KataProgress.fileName, ".smelt_cache", ".DS_Store"]

    /// Relative paths of the regular files under `folder`, skipping tool state.
    public static func list(_ folder: URL) -> [String] {
        var out: [String] = []
        func walk(_ dir: URL, _ prefix: String) {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
            for name in names where !ignoredNames.contains(name) {
                let url = dir.appendingPathComponent(name)
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else { continue }
                if isDir.boolValue { walk(url, prefix + name + "/") } else { out.append(prefix + name) }
            }
        }
        walk(folder, "")
        return out
    }

    /// The state at the end of step `index` (-1: the start): relative path → source file.
    public static func state(_ kata: Kata, through index: Int) -> [String: URL] {
        var files: [String: URL] = [:]
        for path in list(kata.startFolder) { files[path] = kata.startFolder.appendingPathComponent(path) }
        guard index >= 0 else { return files }
        for step in kata.steps[0...index] {
            for path in step.removes { files.removeValue(forKey: path) }
            let overlay = kata.solutionFolder(step)
            for path in list(overlay) { files[path] = overlay.appendingPathComponent(path) }
        }
        return files
    }

    /// Writes a state into `workspace`: files of the state are copied; other files the
    /// learner has (except tool state) are removed when `removeOthers`.
    public static func materialise(_ state: [String: URL], into workspace: URL, removeOthers: Bool) throws(KataError) {
        let fm = FileManager.default
        do {
            if removeOthers {
                for path in list(workspace) where state[path] == nil {
                    try fm.removeItem(at: workspace.appendingPathComponent(path))
                }
            }
            for (path, source) in state.sorted(by: { $0.key < $1.key }) {
                let target = workspace.appendingPathComponent(path)
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
                try fm.copyItem(at: source, to: target)
            }
        } catch {
            throw KataError("cannot write the kata files into \(workspace.path): \(error.localizedDescription)")
        }
    }
}

import Foundation

/// Lines added or changed since a git revision, per file, for pull-request checks
/// (`--changed-since REV`). Runs git (never code from the project).
public struct ChangedLines: Sendable {
    /// Absolute path → changed 1-based line numbers; nil means the whole file is new.
    private let changed: [String: Set<Int>?]

    init(changed: [String: Set<Int>?]) { self.changed = changed }

    /// Whether the file changed at all.
    public func contains(_ absolutePath: String) -> Bool { changed[absolutePath] != nil }

    /// Whether a finding on lines `start...end` of `absolutePath` touches a changed line.
    public func touches(_ absolutePath: String, _ start: Int, _ end: Int) -> Bool {
        guard let entry = changed[absolutePath] else { return false }
        guard let lines = entry else { return true }
        return (start...max(start, end)).contains { lines.contains($0) }
    }

    public static func load(since revision: String, in directory: String) throws(ConfigurationError) -> ChangedLines {
        let top = try git(["rev-parse", "--show-toplevel"], in: directory).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try git(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: directory,
                    failure: "`\(revision)` is not a revision of this repository")
        let diff = try git(["diff", "--unified=0", "--no-color", "--no-ext-diff", revision, "--"], in: top)
        var changed = parse(diff: diff, root: top)
        // New files git does not track yet: everything in them is new.
        let untracked = try git(["ls-files", "--others", "--exclude-standard", "-z"], in: top)
        for path in untracked.split(separator: "\0") where !path.isEmpty {
            changed[top + "/" + path] = .some(nil)
        }
        return ChangedLines(changed: changed)
    }

    /// Parses `git diff --unified=0`: the `+++ b/path` header, then `@@ -a,b +c,d @@` hunks.
    static func parse(diff: String, root: String) -> [String: Set<Int>?] {
        var out: [String: Set<Int>?] = [:]
        var current: String?
        for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("+++ ") {
                let name = line.dropFirst(4)
                if name == "/dev/null" { current = nil; continue }
                let path = name.hasPrefix("b/") ? name.dropFirst(2) : name
                current = root + "/" + unquote(String(path))
                if out[current!] == nil { out[current!] = .some([]) }
            } else if line.hasPrefix("@@ "), let path = current {
                // @@ -a[,b] +c[,d] @@
                guard let plus = line.split(separator: " ").first(where: { $0.hasPrefix("+") }) else { continue }
                let parts = plus.dropFirst().split(separator: ",")
                guard let start = Int(parts[0]) else { continue }
                let count = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
                guard count > 0 else { continue }
                var set = out[path].flatMap { $0 } ?? []
                set.formUnion(start..<(start + count))
                out[path] = .some(set)
            }
        }
        return out
    }

    /// git quotes unusual paths: `"a\tb.py"` with C escapes.
    static func unquote(_ path: String) -> String {
        guard path.hasPrefix("\""), path.hasSuffix("\""), path.count >= 2 else { return path }
        var bytes: [UInt8] = []
        var it = Array(path.utf8.dropFirst().dropLast()).makeIterator()
        while let b = it.next() {
            guard b == UInt8(ascii: "\\"), let e = it.next() else { bytes.append(b); continue }
            switch e {
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(e - 0x30)
                for _ in 0..<2 { if let d = it.next() { value = value * 8 + Int(d - 0x30) } }
                bytes.append(UInt8(value & 0xFF))
            default: bytes.append(e)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func git(_ args: [String], in directory: String, failure: String? = nil) throws(ConfigurationError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + args
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            throw ConfigurationError("--changed-since needs git: \(error.localizedDescription)")
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ConfigurationError("--changed-since: \(failure ?? "git \(args.joined(separator: " ")) failed")\(message.isEmpty ? "" : ": " + message)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

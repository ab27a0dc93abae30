import Foundation
import SmeltRules
import SmeltSyntax

/// Runs the project-level rules (SM9xx) on each folder given to `smelt check`.
enum ProjectScan {
    static func findings(for paths: [String], rules: [(index: Int, rule: any ProjectRule)], root: String,
                         skip: Set<String>) -> [ReportedFinding] {
        guard !rules.isEmpty else { return [] }
        var out: [ReportedFinding] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            let project = context(for: path, skip: skip)
            for (index, rule) in rules {
                let d = RuleRegistry.all[index].description
                for finding in rule.check(project) {
                    let target = finding.path.map { path == "." ? $0 : (path.hasSuffix("/") ? path + $0 : path + "/" + $0) } ?? path
                    var reported = [ReportedFinding(ruleIndex: index, code: d.code, slug: d.slug, severity: d.severity,
                                                    message: finding.message, refactoring: finding.refactoring ?? d.refactoring,
                                                    path: target, position: FilePosition(start: Location(line: 1, column: 1),
                                                                                         end: Location(line: 1, column: 1), cell: nil),
                                                    sourceLine: "")]
                    reported[0].hasLocation = false
                    Fingerprints.assign(&reported, root: root) { $0.message }
                    out.append(reported[0])
                }
            }
        }
        return out
    }

    /// Every file under `directory` (skipping virtual environments, `.git` and caches),
    /// and what git tracks there.
    static func context(for directory: String, skip: Set<String>) -> ProjectContext {
        let base = URL(fileURLWithPath: directory).standardizedFileURL
        var files: [String] = []
        if let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isDirectoryKey], options: []) {
            for case let url as URL in walker {
                let name = url.lastPathComponent
                let isDir = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
                if isDir {
                    if skip.contains(name) || FileManager.default.fileExists(atPath: url.appendingPathComponent("pyvenv.cfg").path) {
                        walker.skipDescendants()
                    }
                    continue
                }
                let full = url.standardizedFileURL.path
                guard full.hasPrefix(base.path + "/") else { continue }
                files.append(String(full.dropFirst(base.path.count + 1)))
            }
        }
        files.sort()
        let tracked = Git.run(["ls-files", "-z"], in: base.path).map { Set($0.split(separator: "\0").map(String.init)) }
        let root = base.path
        return ProjectContext(root: directory, files: files, trackedFiles: tracked,
                              read: { try? String(contentsOfFile: root + "/" + $0, encoding: .utf8) },
                              size: { ((try? FileManager.default.attributesOfItem(atPath: root + "/" + $0))?[.size] as? NSNumber)?.intValue ?? 0 })
    }
}

/// Runs git and returns its output, or nil when it fails (not a work tree, no git).
enum Git {
    static func run(_ args: [String], in directory: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + args
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}

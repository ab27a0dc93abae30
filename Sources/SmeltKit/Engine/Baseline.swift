import Foundation

/// A baseline: the fingerprints of the findings a project accepts for now. `--baseline`
/// hides them, so CI fails only on new debt (the ratchet); entries that no longer match
/// anything are counted as fixed.
public struct Baseline: Sendable {
    public struct Entry: Codable, Sendable, Equatable {
        public let fingerprint: String
        public let code: String
        public let path: String
        public let message: String
    }

    public let entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    public init(findings: [ReportedFinding]) {
        entries = findings.map { Entry(fingerprint: $0.fingerprint, code: $0.code, path: $0.repositoryPath, message: $0.message) }
            .sorted { ($0.path, $0.code, $0.fingerprint) < ($1.path, $1.code, $1.fingerprint) }
    }

    private struct File: Codable {
        let tool: String
        let version: Int
        let findings: [Entry]
    }

    public static func load(_ path: String) throws(ConfigurationError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read baseline `\(path)` (write one with `--write-baseline \(path)`)")
        }
        do {
            let file = try JSONDecoder().decode(File.self, from: data)
            guard file.tool == "smelt", file.version == 1 else {
                throw ConfigurationError("baseline `\(path)` is not a smelt baseline (version 1)")
            }
            return Baseline(entries: file.findings)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("baseline `\(path)` is not valid: \(error)")
        }
    }

    public func write(to path: String) throws(ConfigurationError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(File(tool: "smelt", version: 1, findings: entries))
            try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ConfigurationError("cannot write baseline `\(path)`: \(error.localizedDescription)")
        }
    }

    /// The findings not in the baseline, how many were hidden, and how many entries matched nothing.
    public func filter(_ findings: [ReportedFinding]) -> (kept: [ReportedFinding], baselined: Int, fixed: Int) {
        var remaining: [String: Int] = [:]
        for e in entries { remaining[e.fingerprint, default: 0] += 1 }
        var kept: [ReportedFinding] = []
        var baselined = 0
        for f in findings {
            if let n = remaining[f.fingerprint], n > 0 {
                remaining[f.fingerprint] = n - 1
                baselined += 1
            } else {
                kept.append(f)
            }
        }
        return (kept, baselined, remaining.values.reduce(0, +))
    }
}

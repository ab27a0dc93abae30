import SmeltSyntax

/// Stable fingerprints for findings: they must not change when lines are inserted above a
/// finding or other cells change, so they hash text, never line numbers.
public enum Fingerprints {
    /// Sets `repositoryPath` and `fingerprint` of a file's findings (in position order).
    /// `flaggedText` gives the source text a finding points at.
    static func assign(_ findings: inout [ReportedFinding], root: String, flaggedText: (ReportedFinding) -> String) {
        guard let first = findings.first else { return }
        let path = Linter.relativePath(first.path, to: root)
        var occurrences: [String: Int] = [:]
        for i in findings.indices {
            let text = normalise(flaggedText(findings[i]))
            let key = findings[i].code + "\u{0}" + path + "\u{0}" + text
            let occurrence = occurrences[key, default: 0]
            occurrences[key] = occurrence + 1
            findings[i].repositoryPath = path
            findings[i].fingerprint = hex(fnv1a(key + "\u{0}" + String(occurrence)))
        }
    }

    /// Lines `from...to` (1-based) of a text, at most five of them.
    static func lines(_ text: SourceText, _ from: Int, _ to: Int) -> String {
        guard from >= 1, from <= text.lineCount else { return "" }
        let last = min(max(from, to), text.lineCount, from + 4)
        return (from...last).map { text.line($0) }.joined(separator: "\n")
    }

    /// Whitespace collapsed to single spaces and trimmed, so re-indentation does not matter.
    static func normalise(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for b in text.utf8 {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C || b == 0x0B {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// 64-bit FNV-1a: stable across runs and machines (Swift's `Hasher` is seeded per process).
    static func fnv1a(_ s: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in s.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

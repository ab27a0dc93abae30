import SmeltRules
import SmeltSyntax

/// What a `# noqa` or `# smelt: ignore[...]` comment on a line suppresses.
public enum LineSuppression: Equatable, Sendable {
    case all
    case rules(Set<Int>)

    public func suppresses(_ ruleIndex: Int) -> Bool {
        switch self {
        case .all: return true
        case let .rules(set): return set.contains(ruleIndex)
        }
    }
}

public enum Suppressions {
    /// Reads the suppression comment of one line, if any. Accepts ruff's syntax
    /// (`# noqa`, `# noqa: SM101, SM107`, codes or slugs) and `# smelt: ignore[slug-or-code, ...]`
    /// (`# smelt: ignore` alone suppresses everything on the line).
    public static func parse(line: Substring) -> LineSuppression? {
        guard line.contains("#") else { return nil }
        var result: LineSuppression?
        var rest = line[...]
        while let hash = rest.firstIndex(of: "#") {
            rest = rest[rest.index(after: hash)...]
            let comment = rest.drop(while: { $0 == " " || $0 == "\t" })
            let lower = comment.lowercased()
            if lower.hasPrefix("noqa") {
                let after = comment.dropFirst(4)
                if after.first == ":" {
                    merge(&result, selectors(after.dropFirst(), stopAtHash: true))
                } else if after.isEmpty || after.first == " " || after.first == "\t" || after.first == "#" {
                    result = .all
                }
            } else if lower.hasPrefix("smelt:") {
                let directive = comment.dropFirst(6).drop(while: { $0 == " " })
                if directive.lowercased().hasPrefix("ignore-file") { continue }
                if directive.lowercased().hasPrefix("ignore") {
                    let after = directive.dropFirst(6)
                    if after.first == "[", let close = after.firstIndex(of: "]") {
                        merge(&result, selectors(after[after.index(after: after.startIndex)..<close], stopAtHash: false))
                    } else {
                        result = .all
                    }
                }
            }
        }
        return result
    }

    private static func selectors(_ text: Substring, stopAtHash: Bool) -> LineSuppression {
        var set = Set<Int>()
        var list = text
        if stopAtHash, let hash = list.firstIndex(of: "#") { list = list[..<hash] }
        for token in list.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }) {
            if let selector = RuleSelector(String(token)) { set.formUnion(selector.rules) }
        }
        return .rules(set)
    }

    private static func merge(_ result: inout LineSuppression?, _ new: LineSuppression) {
        switch (result, new) {
        case (.all?, _): return
        case let (.rules(a)?, .rules(b)): result = .rules(a.union(b))
        default: result = new
        }
    }

    /// Whether the text has a `# smelt: ignore-file` comment line.
    public static func ignoresFile(_ text: SourceText) -> Bool {
        let needle = Array("ignore-file".utf8)
        let bytes = text.bytes
        guard bytes.count >= needle.count else { return false }
        var i = 0
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0], bytes[i..<i + needle.count].elementsEqual(needle) {
                let line = text.lineIndex(ofByte: i) + 1
                let content = text.line(line).drop(while: { $0 == " " || $0 == "\t" })
                if content.hasPrefix("#") {
                    let body = content.dropFirst().drop(while: { $0 == " " }).lowercased()
                    if body.hasPrefix("smelt: ignore-file") || body.hasPrefix("smelt:ignore-file") { return true }
                }
            }
            i += 1
        }
        return false
    }
}

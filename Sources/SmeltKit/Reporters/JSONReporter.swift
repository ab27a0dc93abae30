import SmeltSyntax

/// `--output-format json`: an array of findings with exactly the documented keys.
public struct JSONReporter: Reporter {
    public init() {}

    public func render(_ result: LintResult) -> String {
        var out = ""
        out.reserveCapacity(result.findings.count * 400 + 4)
        out += "["
        for (i, f) in result.findings.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "  {\n"
            out += "    \"code\": \(jsonString(f.code)),\n"
            out += "    \"slug\": \(jsonString(f.slug)),\n"
            out += "    \"severity\": \(jsonString(f.severity.rawValue)),\n"
            out += "    \"message\": \(jsonString(f.message)),\n"
            out += "    \"refactoring\": \(jsonString(f.refactoring)),\n"
            out += "    \"path\": \(jsonString(f.path)),\n"
            out += "    \"start\": \(location(f.position.start)),\n"
            out += "    \"end\": \(location(f.position.end)),\n"
            if let c = f.position.cell {
                out += "    \"cell\": {\"number\": \(c.number), \"code_number\": \(c.codeNumber), \"id\": \(jsonString(c.id)), "
                out += "\"execution_count\": \(c.executionCount.map(String.init) ?? "null"), "
                out += "\"start\": \(location(c.start)), \"end\": \(location(c.end))}\n"
            } else {
                out += "    \"cell\": null\n"
            }
            out += "  }"
        }
        out += result.findings.isEmpty ? "]\n" : "\n]\n"
        return out
    }

    private func location(_ l: Location) -> String { "{\"line\": \(l.line), \"column\": \(l.column)}" }
}

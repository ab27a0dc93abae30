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
                out += "\"start\": \(location(c.start)), \"end\": \(location(c.end))},\n"
            } else {
                out += "    \"cell\": null,\n"
            }
            out += "    \"fix\": \(fix(f))\n"
            out += "  }"
        }
        out += result.findings.isEmpty ? "]\n" : "\n]\n"
        return out
    }

    /// `null`, or the fix: its applicability, title and edits (positions as for findings:
    /// in the raw file, plus the cell's own for notebooks).
    private func fix(_ f: ReportedFinding) -> String {
        guard let fix = f.fix else { return "null" }
        var out = "{\"applicability\": \(jsonString(fix.applicability.rawValue)), \"message\": \(jsonString(fix.title)), \"edits\": ["
        for (k, position) in f.editPositions.enumerated() {
            out += k == 0 ? "" : ", "
            out += "{\"content\": \(jsonString(fix.edits[k].replacement)), \"start\": \(location(position.start)), "
            out += "\"end\": \(location(position.end)), "
            if let c = position.cell {
                out += "\"cell\": {\"number\": \(c.number), \"start\": \(location(c.start)), \"end\": \(location(c.end))}}"
            } else {
                out += "\"cell\": null}"
            }
        }
        return out + "]}"
    }

    private func location(_ l: Location) -> String { "{\"line\": \(l.line), \"column\": \(l.column)}" }
}

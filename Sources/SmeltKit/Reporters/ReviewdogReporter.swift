import SmeltRules

/// `--output-format rdjson` and `rdjsonl`: reviewdog's diagnostic format. Columns are
/// UTF-8 bytes, 1-based, end exclusive.
public struct ReviewdogReporter: Reporter {
    /// One document (`rdjson`) or one diagnostic per line (`rdjsonl`).
    public var lines: Bool

    public init(lines: Bool) { self.lines = lines }

    public func render(_ result: LintResult) -> String {
        let diagnostics = result.findings.map(diagnostic)
        if lines { return diagnostics.map { $0.serialized(pretty: false) + "\n" }.joined() }
        return JSONValue.object([
            ("source", .object([("name", .string("smelt"))])),
            ("diagnostics", .array(diagnostics)),
        ]).serialized() + "\n"
    }

    private func diagnostic(_ f: ReportedFinding) -> JSONValue {
        let p = f.position
        let message = CellNote.fullMessage(f)
        return .object([
            ("message", .string(message)),
            ("location", .object([
                ("path", .string(f.repositoryPath)),
                ("range", !f.hasLocation ? nil : .object([
                    ("start", .object([("line", .int(p.utf8Start.line)), ("column", .int(p.utf8Start.column))])),
                    ("end", .object([("line", .int(p.utf8End.line)), ("column", .int(p.utf8End.column))])),
                ])),
            ])),
            ("severity", .string(f.severity == .error ? "ERROR" : f.severity == .warning ? "WARNING" : "INFO")),
            ("source", .object([("name", .string("smelt"))])),
            ("code", .object([("value", .string(f.code))])),
        ])
    }
}

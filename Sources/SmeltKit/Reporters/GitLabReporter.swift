import SmeltRules

/// `--output-format gitlab`: a GitLab Code Quality report (Code Climate JSON array).
public struct GitLabReporter: Reporter {
    public init() {}

    public func render(_ result: LintResult) -> String {
        let items: [JSONValue] = result.findings.map { f in
            let p = f.position
            var description = "\(f.message) (refactoring: \(f.refactoring))"
            if let cell = p.cell { description += " — in \(CellNote.text(cell))" }
            return .object([
                ("description", .string(description)),
                ("check_name", .string(f.code)),
                ("fingerprint", .string(f.fingerprint)),
                ("severity", .string(Self.severity(f.severity))),
                ("location", .object([
                    ("path", .string(f.repositoryPath)),
                    ("lines", .object([("begin", .int(p.start.line)), ("end", .int(max(p.end.line, p.start.line)))])),
                    ("positions", .object([
                        ("begin", .object([("line", .int(p.start.line)), ("column", .int(p.start.column))])),
                        ("end", .object([("line", .int(max(p.end.line, p.start.line))), ("column", .int(p.end.column))])),
                    ])),
                ])),
                ("type", .string("issue")),
                ("categories", .array([.string(f.code.hasPrefix("SM2") || f.code.hasPrefix("SM0") ? "Bug Risk" : "Style")])),
                ("content", .object([("body", .string("Refactoring: \(f.refactoring). See `smelt rule \(f.code)`."))])),
            ])
        }
        return JSONValue.array(items).serialized() + "\n"
    }

    static func severity(_ s: Severity) -> String {
        switch s {
        case .error: return "major"
        case .warning: return "minor"
        case .info: return "info"
        }
    }
}

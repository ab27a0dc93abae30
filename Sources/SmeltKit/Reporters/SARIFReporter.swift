import Foundation
import SmeltRules
import SmeltSyntax

/// `--output-format sarif`: SARIF 2.1.0 for GitHub code scanning.
///
/// Paths are URIs relative to `%SRCROOT%` (the repository root, the current folder),
/// percent-encoded; regions use code-point columns with an exclusive end column.
public struct SARIFReporter: Reporter {
    /// GitHub code scanning accepts at most 25,000 results per run.
    public static let resultLimit = 25_000
    public var root: String
    public var resultLimit: Int

    public init(root: String = FileManager.default.currentDirectoryPath, resultLimit: Int = SARIFReporter.resultLimit) {
        self.root = root
        self.resultLimit = resultLimit
    }

    public func render(_ result: LintResult) -> String {
        let kept = Array(result.findings.prefix(resultLimit))
        var run: [(String, JSONValue?)] = [
            ("tool", .object([("driver", driver())])),
            ("automationDetails", .object([("id", .string("smelt/"))])),
            ("columnKind", .string("unicodeCodePoints")),
            ("originalUriBaseIds", .object([("%SRCROOT%", .object([("uri", .string(Self.directoryURI(root)))]))])),
        ]
        var invocation: [(String, JSONValue?)] = [("executionSuccessful", .bool(true))]
        if result.findings.count > kept.count {
            invocation.append(("toolExecutionNotifications", .array([.object([
                ("level", .string("warning")),
                ("message", .object([("text", .string("smelt found \(result.findings.count) results; only the first \(kept.count) are included (the SARIF upload limit). Run smelt locally for all of them."))])),
            ])])))
        }
        run.append(("invocations", .array([.object(invocation)])))
        run.append(("results", .array(kept.map(resultValue))))
        let log = JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object(run)])),
        ])
        return log.serialized() + "\n"
    }

    private func driver() -> JSONValue {
        .object([
            ("name", .string("smelt")),
            ("semanticVersion", .string(SmeltVersion.current)),
            ("version", .string(SmeltVersion.current)),
            ("rules", .array(RuleRegistry.all.map { ruleValue($0.description) })),
        ])
    }

    private func ruleValue(_ d: RuleDescription) -> JSONValue {
        let level = Self.level(d.severity)
        let problemSeverity = d.severity == .error ? "error" : d.severity == .warning ? "warning" : "recommendation"
        var tags = [d.category.rawValue, "maintainability"]
        if d.appliesTo == .notebookOnly, d.category != .notebook { tags.append("notebook") }
        if d.category == .dataHandling { tags.append("pandas") }
        if d.category == .modelling { tags.append("machine-learning") }
        let help = "\(d.summary).\n\n\(d.whatItDoes)\n\nWhy is this bad? \(d.whyIsThisBad)\n\nRefactoring: \(d.refactoring)."
        return .object([
            ("id", .string(d.code)),
            ("name", .string(d.slug)),
            ("shortDescription", .object([("text", .string(Self.cut(d.summary)))])),
            ("fullDescription", .object([("text", .string(Self.cut(d.whatItDoes)))])),
            ("help", .object([("text", .string(help)), ("markdown", .string(RuleDocs.markdown(d, headingLevel: 2)))])),
            ("defaultConfiguration", .object([("level", .string(level))])),
            ("properties", .object([
                ("tags", .array(tags.map { .string($0) })),
                ("precision", .string(d.precision.rawValue)),
                ("problem.severity", .string(problemSeverity)),
            ])),
        ])
    }

    private func resultValue(_ f: ReportedFinding) -> JSONValue {
        let p = f.position
        let endLine = max(p.end.line, p.start.line)
        let endColumn = endLine == p.start.line ? max(p.end.column, p.start.column) : p.end.column
        let isAbsolute = f.repositoryPath.hasPrefix("/")
        let artifact: JSONValue = .object([
            ("uri", .string(isAbsolute ? "file://" + Self.percentEncode(f.repositoryPath) : Self.percentEncode(f.repositoryPath))),
            ("uriBaseId", isAbsolute ? nil : .string("%SRCROOT%")),
        ])
        var properties: [(String, JSONValue?)] = [("refactoring", .string(f.refactoring))]
        if let cell = p.cell { properties.append(("cell", CellNote.json(cell))) }
        let message = CellNote.fullMessage(f)
        return .object([
            ("ruleId", .string(f.code)),
            ("ruleIndex", .int(f.ruleIndex)),
            ("level", .string(Self.level(f.severity))),
            ("message", .object([("text", .string(message))])),
            ("locations", .array([.object([("physicalLocation", .object([
                ("artifactLocation", artifact),
                ("region", f.hasLocation ? .object([
                    ("startLine", .int(p.start.line)), ("startColumn", .int(p.start.column)),
                    ("endLine", .int(endLine)), ("endColumn", .int(endColumn)),
                ]) : nil),
            ]))])])),
            ("partialFingerprints", .object([("primaryLocationLineHash", .string(f.fingerprint))])),
            ("properties", .object(properties)),
        ])
    }

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// SARIF limits descriptions to 1,024 characters.
    static func cut(_ s: String) -> String { s.count <= 1024 ? s : String(s.prefix(1023)) + "…" }

    /// Percent-encodes a path for a URI (RFC 3986: unreserved characters and `/` stay).
    static func percentEncode(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// `file:///abs/root/` for `%SRCROOT%`.
    static func directoryURI(_ root: String) -> String {
        var path = root.hasSuffix("/") ? root : root + "/"
        if !path.hasPrefix("/") { path = "/" + path }
        return "file://" + percentEncode(path)
    }
}

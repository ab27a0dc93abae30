/// `--output-format concise`: one line per finding, no code frame.
public struct ConciseReporter: Reporter {
    public var showSummary: Bool

    public init(showSummary: Bool = true) { self.showSummary = showSummary }

    public func render(_ result: LintResult) -> String {
        var out = ""
        for f in result.findings {
            if !f.hasLocation {
                out += "\(f.path): \(f.code) \(f.slug) \(f.message)\n"
            } else if let cell = f.position.cell {
                out += "\(f.path):cell \(cell.number):\(cell.start.line):\(cell.start.column): \(f.code) \(f.slug) \(f.message)\n"
            } else {
                out += "\(f.path):\(f.position.start.line):\(f.position.start.column): \(f.code) \(f.slug) \(f.message)\n"
            }
        }
        if showSummary { out += TextReporter().summary(result) }
        return out
    }
}

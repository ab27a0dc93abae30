import SmeltRules

/// `--output-format github`: GitHub Actions workflow commands (`::warning file=…::message`).
///
/// GitHub turns only 10 errors, 10 warnings and 10 notices per step into annotations, so
/// the most severe come first, and one final notice says how many were left out; the whole
/// list goes to the step summary (`stepSummary`) when `GITHUB_STEP_SUMMARY` is set.
public struct GitHubReporter: Reporter {
    public static let perLevel = 10
    public static let messageLimit = 4096

    public init() {}

    public func render(_ result: LintResult) -> String {
        let ordered = result.findings.enumerated().sorted { a, b in
            a.element.severity != b.element.severity ? a.element.severity > b.element.severity : a.offset < b.offset
        }.map(\.element)
        var perLevel: [Severity: Int] = [:]
        var shown: [ReportedFinding] = []
        for f in ordered where perLevel[f.severity, default: 0] < Self.perLevel {
            perLevel[f.severity, default: 0] += 1
            shown.append(f)
        }
        let omitted = ordered.count - shown.count
        if omitted > 0, perLevel[.info, default: 0] == Self.perLevel, let last = shown.lastIndex(where: { $0.severity == .info }) {
            // Keep room for the notice that says what was left out.
            shown.remove(at: last)
        }
        var out = ""
        for f in shown { out += command(f) + "\n" }
        let left = ordered.count - shown.count
        if left > 0 {
            out += "::notice title=\(property("smelt"))::\(data("\(left) more finding\(left == 1 ? "" : "s") not shown as annotations (GitHub shows 10 per level); see the job summary or run smelt locally"))\n"
        }
        return out
    }

    func command(_ f: ReportedFinding) -> String {
        let level = f.severity == .error ? "error" : f.severity == .warning ? "warning" : "notice"
        let p = f.position
        var properties = ["file=\(property(f.repositoryPath))"]
        if f.hasLocation { properties.append("line=\(p.start.line)") }
        let endLine = max(p.end.line, p.start.line)
        if !f.hasLocation {
            // A finding about a folder or a whole file: no line.
        } else if endLine == p.start.line {
            properties.append("col=\(p.start.column)")
            properties.append("endLine=\(endLine)")
            properties.append("endColumn=\(max(p.end.column, p.start.column))")
        } else {
            properties.append("endLine=\(endLine)")
        }
        properties.append("title=\(property("smelt \(f.code) (\(f.slug))"))")
        var message = CellNote.fullMessage(f)
        if message.count > Self.messageLimit { message = String(message.prefix(Self.messageLimit - 1)) + "…" }
        return "::\(level) \(properties.joined(separator: ","))::\(data(message))"
    }

    /// Escapes a message: `%` first, then CR and LF.
    func data(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Escapes a property value: as a message, plus `:` and `,`.
    func property(_ s: String) -> String {
        var out = ""
        for c in data(s).unicodeScalars {
            switch c {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A Markdown table of every finding, for `$GITHUB_STEP_SUMMARY` (cut at GitHub's 1 MiB).
    public func stepSummary(_ result: LintResult) -> String {
        var out = "## smelt\n\n"
        guard !result.findings.isEmpty else { return out + "No findings in \(result.filesChecked) files.\n" }
        out += "\(result.findings.count) finding\(result.findings.count == 1 ? "" : "s") in \(result.filesChecked) files.\n\n"
        out += "| | Location | Rule | Problem | Refactoring |\n|---|---|---|---|---|\n"
        let limit = 1 << 20 - 200
        for (i, f) in result.findings.enumerated() {
            let icon = f.severity == .error ? "error" : f.severity == .warning ? "warning" : "info"
            var location = "\(f.repositoryPath):\(f.position.start.line):\(f.position.start.column)"
            if let cell = f.position.cell { location += " (cell \(cell.number), line \(cell.start.line))" }
            let row = "| \(icon) | `\(cell(location))` | \(f.code) `\(f.slug)` | \(cell(f.message)) | \(cell(f.refactoring)) |\n"
            if out.utf8.count + row.utf8.count > limit {
                out += "\n… and \(result.findings.count - i) more.\n"
                break
            }
            out += row
        }
        return out
    }

    private func cell(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "|": out += "\\|"
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}

import SmeltRules
import SmeltSyntax

/// `--output-format text`: `path:line:col: CODE slug message`, a code frame, the refactoring,
/// and a summary. Notebook findings read `path:cell N:line:col:` with N counting all cells.
public struct TextReporter: Reporter {
    public var color: Bool
    public var showSummary: Bool
    public var statisticsOnly: Bool

    /// The most characters of a source line a code frame shows.
    static let frameWidth = 160

    public init(color: Bool = false, showSummary: Bool = true, statisticsOnly: Bool = false) {
        self.color = color
        self.showSummary = showSummary
        self.statisticsOnly = statisticsOnly
    }

    private func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    public func render(_ result: LintResult) -> String {
        if statisticsOnly { return statistics(result) }
        var out = ""
        for f in result.findings { out += finding(f) }
        if showSummary { out += summary(result) }
        return out
    }

    func finding(_ f: ReportedFinding) -> String {
        let where_: String
        let frameStart: Location
        let frameEnd: Location
        if !f.hasLocation {
            let severityColor = f.severity == .error ? "1;31" : f.severity == .warning ? "1;33" : "1;34"
            return "\(paint(f.path, "1")): \(paint(f.code, severityColor)) \(paint(f.slug, "2")) \(f.message)\n"
                + "  \(paint("=", "34")) \(paint("refactoring:", "1;32")) \(f.refactoring)\n\n"
        }
        if let cell = f.position.cell {
            where_ = "\(f.path):cell \(cell.number):\(cell.start.line):\(cell.start.column)"
            frameStart = cell.start
            frameEnd = cell.end
        } else {
            where_ = "\(f.path):\(f.position.start.line):\(f.position.start.column)"
            frameStart = f.position.start
            frameEnd = f.position.end
        }
        let severityColor = f.severity == .error ? "1;31" : f.severity == .warning ? "1;33" : "1;34"
        let mark = f.fix?.applicability == .safe ? " " + paint("[*]", "1;36") : ""
        var out = "\(paint(where_, "1")): \(paint(f.code, severityColor))\(mark) \(paint(f.slug, "2")) \(f.message)\n"
        if !f.sourceLine.isEmpty {
            let number = String(frameStart.line)
            let gutter = String(repeating: " ", count: number.count)
            // Control characters would garble the terminal: show them as control pictures
            // (one column each, so the carets stay aligned).
            let line = String(String.UnicodeScalarView(f.sourceLine.unicodeScalars.map { s in
                s.value < 0x20 && s != "\t" ? Unicode.Scalar(0x2400 + s.value)! : s
            }))
            var chars = Array(line)
            var startColumn = min(max(frameStart.column, 1), chars.count + 1)
            var endColumn = frameEnd.line == frameStart.line ? frameEnd.column : chars.count + 1
            endColumn = min(max(endColumn, startColumn + 1), max(chars.count + 1, startColumn + 1))
            // Show a window of a very long line around the finding (minified or generated code).
            let width = TextReporter.frameWidth
            if chars.count > width {
                let from = max(0, min(startColumn - 1 - width / 4, chars.count - width))
                let to = min(chars.count, from + width)
                var window = Array(chars[from..<to])
                var shift = from
                if from > 0 { window.insert("…", at: 0); shift -= 1 }
                if to < chars.count { window.append("…") }
                chars = window
                startColumn -= shift
                endColumn = min(endColumn - shift, chars.count + 1)
                endColumn = max(endColumn, startColumn + 1)
            }
            let shown = String(chars)
            let prefix = String(chars.prefix(startColumn - 1).map { $0 == "\t" ? "\t" : " " })
            let carets = String(repeating: "^", count: endColumn - startColumn)
            out += "\(gutter) \(paint("|", "34"))\n"
            out += "\(paint(number, "34")) \(paint("|", "34")) \(shown)\n"
            out += "\(gutter) \(paint("|", "34")) \(prefix)\(paint(carets, severityColor))\n"
            out += "\(gutter) \(paint("=", "34")) \(paint("refactoring:", "1;32")) \(f.refactoring)\n"
            out += fixLine(f, gutter) + "\n"
        } else {
            out += "  \(paint("=", "34")) \(paint("refactoring:", "1;32")) \(f.refactoring)\n"
            out += fixLine(f, " ") + "\n"
        }
        return out
    }

    /// `= fix (safe): …`, and a suggested edit's diff, indented.
    private func fixLine(_ f: ReportedFinding, _ gutter: String) -> String {
        guard let fix = f.fix else { return "" }
        let how: String
        switch fix.applicability {
        case .safe: how = "safe, `--fix`"
        case .unsafe: how = "unsafe, `--fix --unsafe-fixes`"
        case .displayOnly: how = "suggested edit, apply by hand"
        }
        var out = "\(gutter) \(paint("=", "34")) \(paint("fix:", "1;36")) \(fix.title) (\(how))\n"
        if let suggestion = f.suggestion {
            for line in suggestion.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                let colored = line.hasPrefix("+") ? paint(String(line), "32") : line.hasPrefix("-") ? paint(String(line), "31") : String(line)
                out += "\(gutter)   \(colored)\n"
            }
        }
        return out
    }

    func summary(_ result: LintResult) -> String {
        let files = result.filesChecked == 1 ? "1 file" : "\(result.filesChecked) files"
        var baseline = ""
        if let hidden = result.baselined, let fixed = result.fixedSinceBaseline {
            baseline = " \(hidden) baselined finding\(hidden == 1 ? "" : "s") hidden; \(fixed) fixed since the baseline."
        }
        var fixedNote = ""
        let fixed = result.fixedFiles.reduce(0) { $0 + ($1.writeError == nil ? $1.fixedCount : 0) }
        if fixed > 0 {
            let changedFiles = result.fixedFiles.filter { $0.changed && $0.writeError == nil }.count
            fixedNote = "Fixed \(fixed) finding\(fixed == 1 ? "" : "s") in \(changedFiles) file\(changedFiles == 1 ? "" : "s").\n"
        }
        guard !result.findings.isEmpty else {
            return fixedNote + paint("All checks passed!", "1;32") + " (\(files) checked)" + baseline + "\n"
        }
        var bySeverity: [Severity: Int] = [:]
        var paths = Set<String>()
        // Files with findings, among the files checked (a project-level finding names a folder).
        let checked = Set(result.checkedFiles)
        for f in result.findings {
            bySeverity[f.severity, default: 0] += 1
            if checked.isEmpty { paths.insert(f.path) } else if checked.contains(f.repositoryPath) { paths.insert(f.repositoryPath) }
        }
        let parts = Severity.allCases.compactMap { s -> String? in
            guard let n = bySeverity[s] else { return nil }
            switch s {
            case .error: return n == 1 ? "1 error" : "\(n) errors"
            case .warning: return n == 1 ? "1 warning" : "\(n) warnings"
            case .info: return "\(n) info"
            }
        }
        let n = result.findings.count
        let safe = result.findings.filter { $0.fix?.applicability == .safe }.count
        let unsafe = result.findings.filter { $0.fix?.applicability == .unsafe }.count
        var fixable = ""
        if safe > 0 || unsafe > 0 {
            fixable = "\n[*] \(safe) fixable with `smelt check --fix`"
            if unsafe > 0 { fixable += " (\(unsafe) more with `--unsafe-fixes`)" }
            fixable += "; `--diff` shows the changes first."
        }
        return fixedNote + "Found \(n) finding\(n == 1 ? "" : "s") (\(parts.joined(separator: ", "))) in \(paths.count) of \(files)."
            + baseline + fixable + "\n"
    }

    func statistics(_ result: LintResult) -> String {
        var counts: [Int: Int] = [:]
        for f in result.findings { counts[f.ruleIndex, default: 0] += 1 }
        let rows = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let width = String(rows.first?.value ?? 0).count
        var out = ""
        for (index, count) in rows {
            let d = RuleRegistry.all[index].description
            let n = String(count)
            out += String(repeating: " ", count: width - n.count) + n + "  " + d.code + "  " + d.slug + "\n"
        }
        if showSummary { out += summary(result) }
        return out
    }
}

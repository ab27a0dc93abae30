import SmeltRules
import SmeltSyntax

/// Rule documentation, generated from each rule's description (the same text its tests use).
public enum RuleDocs {
    /// `smelt rules`: one line per rule, grouped by category.
    public static func table() -> String {
        var out = ""
        for category in RuleCategory.allCases {
            let rules = RuleRegistry.all.map({ $0.description }).filter { $0.category == category }
            guard !rules.isEmpty else { continue }
            out += category.title + "\n"
            let slugWidth = rules.map(\.slug.count).max() ?? 0
            for d in rules {
                let pad = String(repeating: " ", count: slugWidth - d.slug.count)
                let sev = d.severity.rawValue + String(repeating: " ", count: 7 - d.severity.rawValue.count)
                let fix = d.fix.map { $0.applicability == .displayOnly ? "~" : "*" } ?? " "
                out += "  \(d.code) \(fix) \(d.slug)\(pad)  \(sev)  \(d.summary)\n"
            }
            out += "\n"
        }
        out += "* has a fix (`smelt check --fix`, or `--unsafe-fixes`); ~ suggests an edit (shown with the finding).\n"
        out += "`smelt rule CODE` shows a rule's documentation.\n"
        return out
    }

    /// `smelt rules --output-format json`.
    public static func json() -> String {
        var out = "["
        for (i, d) in RuleRegistry.all.map({ $0.description }).enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "  {\"code\": \(jsonString(d.code)), \"slug\": \(jsonString(d.slug)), \"name\": \(jsonString(d.name)), "
            out += "\"category\": \(jsonString(d.category.rawValue)), \"severity\": \(jsonString(d.severity.rawValue)), "
            out += "\"summary\": \(jsonString(d.summary)), \"refactoring\": \(jsonString(d.refactoring)), "
            out += "\"fix\": \(jsonString(d.fix?.applicability.rawValue))}"
        }
        out += "\n]\n"
        return out
    }

    /// `smelt rule CODE`: the rule's documentation as Markdown.
    public static func markdown(_ d: RuleDescription, headingLevel: Int = 1) -> String {
        let h = String(repeating: "#", count: headingLevel)
        let applies: String
        switch d.appliesTo {
        case .any: applies = "scripts and notebooks"
        case .scriptOnly: applies = "scripts"
        case .notebookOnly: applies = "notebooks"
        }
        var out = "\(h) \(d.code) \(d.slug): \(d.name)\n\n"
        out += "\(d.category.title) · default severity: \(d.severity.rawValue) · applies to: \(applies)"
        out += " · fix: \(fixLabel(d))\n\n"
        out += "\(d.summary).\n\n"
        out += "\(h)# What it does\n\n\(d.whatItDoes)\n\n"
        out += "\(h)# Why is this bad?\n\n\(d.whyIsThisBad)\n\n"
        out += "\(h)# Example\n\n```python\n\(d.example.trimmingTrailingNewlines())\n```\n\n"
        out += "\(h)# Use instead\n\n```python\n\(d.useInstead.trimmingTrailingNewlines())\n```\n\n"
        out += "\(h)# Refactoring\n\n\(d.refactoring).\n\n"
        if let fix = d.fix {
            out += "\(h)# Fix safety\n\n\(fix.safety)\n\n"
            for example in fix.examples.prefix(3) {
                let before = example.before.joined(separator: "\n"), after = example.after.joined(separator: "\n")
                let diff = UnifiedDiff.hunks(Notebook.splitLines(before), Notebook.splitLines(after))
                out += "```diff\n\(diff.trimmingTrailingNewlines())\n```\n\n"
            }
        }
        if !d.options.isEmpty {
            out += "\(h)# Options\n\nSet them under `[tool.smelt.rules.\(d.slug)]`.\n\n| option | default | meaning |\n|---|---|---|\n"
            for o in d.options { out += "| `\(o.name)` | `\(o.defaultValue)` | \(o.help) |\n" }
            out += "\n"
        }
        out += "\(h)# References\n\n" + d.references.map { "- \($0)\n" }.joined() + "\n"
        return out
    }

    /// The generated rule documentation: `docs/rules/README.md` (an index) and one
    /// `docs/rules/<code>-<slug>.md` per rule, as (file name, text).
    public static func documentationFiles() -> [(name: String, text: String)] {
        let rules = RuleRegistry.all.map({ $0.description })
        var index = "# smelt rules\n\n"
        index += "Generated from each rule's description — which is also its test — by `make docs`"
        index += " (`smelt rules --write-docs docs/rules`). `smelt rule CODE` prints the same text.\n\n"
        for category in RuleCategory.allCases {
            let group = rules.filter { $0.category == category }
            guard !group.isEmpty else { continue }
            index += "## \(category.title)\n\n| code | slug | severity | fix | summary |\n|---|---|---|---|---|\n"
            for d in group {
                let fix = d.fix.map { $0.applicability == .displayOnly ? "suggested" : $0.applicability.rawValue } ?? ""
                index += "| [\(d.code)](\(fileName(d))) | `\(d.slug)` | \(d.severity.rawValue) | \(fix) | \(d.summary.replacingPipes()) |\n"
            }
            index += "\n"
        }
        return [("README.md", index)] + rules.map { (fileName($0), markdown($0)) }
    }

    /// "safe (`--fix`)", "unsafe (`--fix --unsafe-fixes`)", "suggested edit" or "none".
    static func fixLabel(_ d: RuleDescription) -> String {
        switch d.fix?.applicability {
        case .safe?: return "safe (`--fix`)"
        case .unsafe?: return "unsafe (`--fix --unsafe-fixes`)"
        case .displayOnly?: return "suggested edit (shown with each finding)"
        case nil: return "none"
        }
    }

    public static func fileName(_ d: RuleDescription) -> String { "\(d.code)-\(d.slug).md" }

    /// `smelt rules --output-format markdown`: the whole rule reference in one document.
    public static func markdownReference() -> String {
        var out = "# smelt rules\n\n"
        out += "Generated by `smelt rules --output-format markdown` from each rule's description, which is also its test.\n\n"
        out += "| code | slug | severity | summary |\n|---|---|---|---|\n"
        for d in RuleRegistry.all.map({ $0.description }) {
            out += "| [\(d.code)](#\(d.code.lowercased())-\(d.slug)) | `\(d.slug)` | \(d.severity.rawValue) | \(d.summary.replacingPipes()) |\n"
        }
        out += "\n"
        for d in RuleRegistry.all.map({ $0.description }) { out += markdown(d, headingLevel: 2) }
        return out
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }

    func replacingPipes() -> String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
}

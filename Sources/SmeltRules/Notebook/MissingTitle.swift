import SmeltSyntax

/// SM206: notebooks without a level-1 markdown heading.
public struct MissingTitle: Rule {
    public static let description = RuleDescription(
        code: "SM206", slug: "missing-title", name: "Missing title",
        category: .notebook, severity: .info,
        summary: "A notebook without a level-1 markdown heading (`# Title`)",
        whatItDoes: """
            Looks for a level-1 heading in the notebook's markdown cells: an ATX heading `# Title` (also written \
            `#Title`, which Jupyter renders as a heading), a setext heading (a line of text underlined with `===`), \
            or an HTML `<h1>`. Lines in fenced code blocks do not count. Reports the notebook when there is none.
            """,
        whyIsThisBad: """
            The title is the first thing a reader, a notebook index or a rendered report shows. Without one, \
            the reader has to guess from the code what question the notebook answers.
            """,
        example: "[1] import pandas as pd\n[2] loans = pd.read_csv(\"loans.csv\")",
        useInstead: "# Which loans default in their first year?\n[1] import pandas as pd\n[2] loans = pd.read_csv(\"loans.csv\")",
        refactoring: "Add a title: a markdown cell at the top with `# What this notebook shows`",
        references: ["pynblint: missing-h1-MD-heading",
                     "Effective Machine Learning Teams, ch. 8: notebooks as a means of communication"],
        appliesTo: .notebookOnly,
        triggering: [
            RuleExample(notebook: [.markdown("## Loading the data"), .code("↓import pandas as pd", 1)]),
            RuleExample(notebook: [.code("↓x = 1", 1)]),
            RuleExample(notebook: [.markdown("Some text\n```python\n# not a title\n```"), .code("↓x = 1", 1)]),
            RuleExample(notebook: [.markdown("    # an indented code block"), .code("↓x = 1", 1)]),
        ],
        nonTriggering: [
            RuleExample(notebook: [.markdown("# Loan defaults\nWe predict which loans default."), .code("x = 1", 1)]),
            RuleExample(notebook: [.markdown("<h1 align=\"center\">Loan defaults</h1>"), .code("x = 1", 1)]),
            RuleExample(notebook: [.markdown("Loan defaults\n============="), .code("x = 1", 1)]),
            RuleExample(notebook: [.markdown("#Loan defaults"), .code("x = 1", 1)]),
            RuleExample(notebook: [.markdown("![logo](logo.png)\n\n# Loan defaults"), .code("x = 1", 1)]),
        ]
    )

    public init(options: RuleOptions) {}

    public func finish(_ context: RuleContext) {
        guard let notebook = context.document.notebook, let first = context.document.units.first else { return }
        for cell in notebook.cells where cell.kind == .markdown {
            if Self.hasLevelOneHeading(cell.source) { return }
        }
        context.report(unit: first.index, first.text.lineRange(1), "Notebook has no title: no markdown cell has a level-1 heading",
                       refactoring: "Add a title: a markdown cell at the top with `# What this notebook shows`")
    }

    /// Whether markdown text holds a level-1 heading (ATX, setext or `<h1>`), outside fenced code.
    static func hasLevelOneHeading(_ text: SourceText) -> Bool {
        var fence: Character?
        var previousIsParagraph = false
        for number in 1...max(1, text.lineCount) {
            let line = text.line(number)
            var indent = 0
            var rest = Substring(line)
            while let c = rest.first, c == " " || c == "\t" {
                indent += c == "\t" ? 4 : 1
                rest = rest.dropFirst()
            }
            let content = rest
            if indent <= 3, content.hasPrefix("```") || content.hasPrefix("~~~") {
                let marker = content.first!
                if fence == nil { fence = marker } else if fence == marker { fence = nil }
                previousIsParagraph = false
                continue
            }
            if fence != nil { continue }
            if content.isEmpty {
                previousIsParagraph = false
                continue
            }
            if indent <= 3, content.first == "#" {
                let after = content.dropFirst()
                // `# Title` or `#Title`; not `## Title`, not a lone `#`.
                if after.first != "#", after.contains(where: { !$0.isWhitespace && $0 != "#" }) { return true }
                previousIsParagraph = false
                continue
            }
            if indent <= 3, previousIsParagraph, content.allSatisfy({ $0 == "=" || $0 == " " || $0 == "\t" }) {
                return true
            }
            if containsH1(content) { return true }
            previousIsParagraph = indent <= 3 || previousIsParagraph
        }
        return false
    }

    /// `<h1>` or `<h1 ...>`, in any case.
    static func containsH1(_ line: Substring) -> Bool {
        var rest = line[...]
        while let open = rest.firstIndex(of: "<") {
            let tag = rest[rest.index(after: open)...]
            if tag.count >= 3, let h = tag.first, h == "h" || h == "H", tag.dropFirst().first == "1" {
                let next = tag.dropFirst(2).first
                if next == ">" || next == " " || next == "\t" || next == "/" { return true }
            }
            rest = tag
        }
        return false
    }
}

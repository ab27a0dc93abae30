import SmeltSyntax

/// SM207: notebooks with too little markdown.
public struct TooLittleDocumentation: Rule {
    public static let description = RuleDescription(
        code: "SM207", slug: "too-little-documentation", name: "Too little documentation",
        category: .notebook, severity: .info,
        summary: "A notebook with too few markdown cells for its code, or none at its start or end",
        whatItDoes: """
            Counts the markdown and code cells that are not blank, and reports the notebook (once) when the \
            ratio of markdown to code cells is below `min-ratio`, when none of the first `edge-cells` cells is \
            markdown (no introduction), or when none of the last `edge-cells` cells is (no conclusion). Only \
            notebooks with at least `min-code-cells` code cells are checked, so small scratch notebooks are left alone.
            """,
        whyIsThisBad: """
            A notebook is read more often than it is run. Code cells show what was computed but not why, what \
            the reader should look at in the output, or what was concluded. Without an introduction and a \
            conclusion, the reader has to re-run and reverse-engineer the analysis.
            """,
        example: "[1] import pandas as pd\n[2] loans = ...\n[3] loans.describe()\n[4] model.fit(X, y)\n[5] model.score(X, y)",
        useInstead: """
            # Which loans default?  (markdown: the question)
            [1] import pandas as pd
            ## Clean the loans  (markdown: what and why)
            [2] ...
            ## Conclusion  (markdown: what we found)
            """,
        refactoring: "Document the analysis: add markdown cells that introduce the question, explain each step and state the conclusion",
        references: ["pynblint: too-few-MD-cells, missing-opening-MD-text, missing-closing-MD-text",
                     "Effective Machine Learning Teams, ch. 8: notebooks as a means of communication"],
        options: [
            RuleOption("min-ratio", default: .double(0.3), "The fewest markdown cells per code cell."),
            RuleOption("min-code-cells", default: .int(5), "Notebooks with fewer code cells than this are not checked."),
            RuleOption("edge-cells", default: .int(3), "How many cells at the start and at the end must include a markdown cell."),
        ],
        appliesTo: .notebookOnly,
        precision: .medium,
        triggering: [
            RuleExample(notebook: [.markdown("# Loans"), .code("↓a = 1", 1), .code("b = 2", 2), .code("c = 3", 3),
                                   .code("d = 4", 4), .code("e = 5", 5)]),
            RuleExample(notebook: [.code("↓a = 1", 1), .code("b = 2", 2), .code("c = 3", 3), .markdown("## Step"),
                                   .code("d = 4", 4), .markdown("## Step 2"), .code("e = 5", 5), .markdown("## Result")]),
            RuleExample(cells: [("↓a = 1", 1), ("b = 2", 2), ("c = 3", 3)], options: ["min-code-cells": .int(3)]),
        ],
        nonTriggering: [
            RuleExample(notebook: [.markdown("# Loans"), .code("a = 1", 1), .markdown("## Clean"), .code("b = 2", 2),
                                   .code("c = 3", 3), .markdown("## Train"), .code("d = 4", 4), .code("e = 5", 5),
                                   .markdown("## Conclusion\nSmall loans default more often.")]),
            RuleExample(cells: [("a = 1", 1), ("b = 2", 2), ("c = 3", 3), ("d = 4", 4)]),
            RuleExample(notebook: [.markdown("# Loans"), .code("a = 1", 1), .code("b = 2", 2), .markdown("## Step"),
                                   .code("c = 3", 3), .code("d = 4", 4), .code("e = 5", 5), .markdown("Done.")],
                        options: ["min-ratio": .double(0.5), "edge-cells": .int(1)]),
        ]
    )

    private let minRatio: Double
    private let minCodeCells: Int
    private let edgeCells: Int

    public init(options: RuleOptions) {
        switch options["min-ratio"] {
        case let .double(v)?: minRatio = v
        case let .int(v)?: minRatio = Double(v)
        default: minRatio = 0.3
        }
        minCodeCells = options.int("min-code-cells")
        edgeCells = options.int("edge-cells")
    }

    static func isBlank(_ text: SourceText) -> Bool {
        text.bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0C }
    }

    public func finish(_ context: RuleContext) {
        guard let notebook = context.document.notebook, let first = context.document.units.first else { return }
        let cells = notebook.cells.filter { ($0.kind == .code || $0.kind == .markdown) && !Self.isBlank($0.source) }
        let code = cells.reduce(0) { $0 + ($1.kind == .code ? 1 : 0) }
        guard code >= max(1, minCodeCells) else { return }
        let markdown = cells.count - code
        var problems: [String] = []
        let ratio = Double(markdown) / Double(code)
        if ratio < minRatio {
            problems.append("\(markdown) markdown cell\(markdown == 1 ? "" : "s") for \(code) code cells (ratio \(Self.format(ratio)), at least \(Self.format(minRatio)))")
        }
        if edgeCells > 0 {
            if !cells.prefix(edgeCells).contains(where: { $0.kind == .markdown }) {
                problems.append("no markdown in the first \(edgeCells) cells")
            }
            if !cells.suffix(edgeCells).contains(where: { $0.kind == .markdown }) {
                problems.append("no markdown in the last \(edgeCells) cells")
            }
        }
        guard !problems.isEmpty else { return }
        context.report(unit: first.index, first.text.lineRange(1), "Too little documentation: " + problems.joined(separator: "; "))
    }

    static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

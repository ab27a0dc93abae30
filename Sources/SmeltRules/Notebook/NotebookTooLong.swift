import SmeltSyntax

/// SM204: notebooks with too many cells.
public struct NotebookTooLong: Rule {
    public static let description = RuleDescription(
        code: "SM204", slug: "notebook-too-long", name: "Notebook too long",
        category: .notebook, severity: .warning,
        summary: "A notebook with more cells than the limit (50 by default)",
        whatItDoes: "Counts every cell of the notebook (code, markdown and raw) and reports notebooks with more than `max-cells`.",
        whyIsThisBad: """
            A notebook of a hundred cells is a program without structure: its state is spread over many cells, \
            it takes long to run and re-run, and nobody reads it from top to bottom. The logic in it is not \
            tested and cannot be reused.
            """,
        example: "a notebook of 120 cells that loads, cleans, explores, trains and evaluates",
        useInstead: """
            from loans.pipeline import load, clean, train
            model = train(clean(load("loans.csv")))
            """,
        refactoring: "Move code into modules, and split the notebook into one notebook per question",
        references: ["pynblint: notebook-too-long", "Effective Machine Learning Teams, ch. 8: smuggle code out of notebooks"],
        options: [RuleOption("max-cells", default: .int(50), "The most cells (of any kind) a notebook may have.")],
        appliesTo: .notebookOnly,
        triggering: [
            RuleExample(notebook: [.code("↓a = 1", 1), .markdown("## Step"), .code("b = 2", 2), .code("c = 3", 3)],
                        options: ["max-cells": .int(3)]),
            RuleExample(notebook: [.markdown("# Loans"), .markdown("Intro"), .code("↓a = 1", 1), .code("b = 2", 2)],
                        options: ["max-cells": .int(3)]),
        ],
        nonTriggering: [
            RuleExample(notebook: [.code("a = 1", 1), .markdown("## Step"), .code("b = 2", 2)], options: ["max-cells": .int(3)]),
            RuleExample(cells: [("a = 1", 1), ("b = 2", 2), ("c = 3", 3)]),
        ]
    )

    private let limit: Int

    public init(options: RuleOptions) { limit = options.int("max-cells") }

    public func finish(_ context: RuleContext) {
        guard let notebook = context.document.notebook, let first = context.document.units.first else { return }
        let count = notebook.cells.count
        guard count > limit else { return }
        let code = notebook.cells.reduce(0) { $0 + ($1.kind == .code ? 1 : 0) }
        context.report(unit: first.index, first.text.lineRange(1),
                       "Notebook has \(count) cells (\(code) code, \(count - code) other; limit \(limit))")
    }
}

import SmeltSyntax

/// SM201: code cells whose execution counts do not increase top to bottom.
public struct NonLinearExecution: Rule {
    public static let description = RuleDescription(
        code: "SM201", slug: "non-linear-execution", name: "Non-linear execution",
        category: .notebook, severity: .warning,
        summary: "A notebook whose code cells were run out of order (execution counts not increasing top to bottom)",
        whatItDoes: """
            Reads the saved execution count of every code cell and reports each cell that ran before a cell \
            above it (its count is lower than the highest count above it). Cells that never ran are skipped.
            """,
        whyIsThisBad: """
            A notebook run out of order may only work because of hidden state: a variable defined by a cell \
            further down, or a cell run twice. Someone who runs it top to bottom — a colleague, CI, you next \
            month — gets a different result or an error.
            """,
        example: "[3] load data\n[1] import pandas as pd\n[2] train",
        useInstead: "[1] import pandas as pd\n[2] load data\n[3] train",
        refactoring: "Restart the kernel and run all cells top to bottom, then save",
        references: ["pynblint: non-linear execution", "Effective Machine Learning Teams, ch. 8: ensure the notebook runs end to end"],
        appliesTo: .notebookOnly,
        triggering: [
            RuleExample(cells: [("import pandas as pd", 2), ("↓loans = pd.read_csv('l.csv')", 1)]),
            RuleExample(cells: [("a = 1", 1), ("b = 2", 5), ("↓c = 3", 3), ("d = 4", 6)]),
        ],
        nonTriggering: [
            RuleExample(cells: [("a = 1", 1), ("b = 2", 2), ("c = 3", nil), ("d = 4", 7)]),
            RuleExample(cells: [("a = 1", nil), ("b = 2", nil)]),
        ]
    )

    public init(options: RuleOptions) {}

    public func finish(_ context: RuleContext) {
        guard let notebook = context.document.notebook else { return }
        var highest: (count: Int, cell: Int)?
        for unit in context.document.units {
            guard let cellIndex = unit.cellIndex, let count = notebook.cells[cellIndex].executionCount else { continue }
            if let h = highest, count < h.count {
                context.report(unit: unit.index, unit.text.lineRange(1),
                               "Cell \(cellIndex + 1) ran before cell \(h.cell + 1) above it (execution count \(count) after \(h.count))")
            }
            if highest == nil || count > highest!.count { highest = (count, cellIndex) }
        }
    }
}

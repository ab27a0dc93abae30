import SmeltSyntax

/// SM202: code cells saved without an execution count.
public struct UnexecutedCells: Rule {
    public static let description = RuleDescription(
        code: "SM202", slug: "unexecuted-cells", name: "Unexecuted cells",
        category: .notebook, severity: .warning,
        summary: "Code cells that never ran in a notebook whose other cells did, or a notebook in which no code cell ran",
        whatItDoes: """
            Reads the saved execution count of every code cell. When some cells ran, each code cell without a \
            count is reported; cells that hold no code (blank, or only comments) and cells tagged to be skipped \
            (a tag containing `skip`, such as `skip-execution` or `nbval-skip`) are left alone. When no code cell \
            ran at all, one finding is reported for the whole notebook (turn this off with \
            `report-unrun-notebook = false` when the repository strips outputs before committing, e.g. with nbstripout).
            """,
        whyIsThisBad: """
            A cell that never ran is code nobody has seen work: it may not even run, and the outputs below it \
            were produced without it. A notebook saved without any results cannot be checked against its \
            outputs, and a reader cannot tell whether it works from top to bottom.
            """,
        example: "[1] import pandas as pd\n[ ] loans = loans.dropna()\n[2] model.fit(X, y)",
        useInstead: "[1] import pandas as pd\n[2] loans = loans.dropna()\n[3] model.fit(X, y)",
        refactoring: "Run all cells top to bottom before committing",
        references: ["pynblint: non-executed-cells, non-executed-notebook",
                     "Effective Machine Learning Teams, ch. 8: ensure the notebook runs end to end"],
        options: [RuleOption("report-unrun-notebook", default: .bool(true),
                             "Report a notebook in which no code cell ran (turn off when outputs are stripped before committing).")],
        appliesTo: .notebookOnly,
        triggering: [
            RuleExample(cells: [("import pandas as pd", 1), ("↓loans = pd.read_csv('l.csv')", nil), ("pd.options", 2)]),
            RuleExample(cells: [("a = 1", 1), ("b = 2", 2), ("↓c = a + b", nil)]),
            RuleExample(notebook: [.markdown("# Loans"), .code("↓import pandas as pd"), .code("loans = pd.read_csv('l.csv')")]),
        ],
        nonTriggering: [
            RuleExample(cells: [("a = 1", 1), ("b = 2", 2)]),
            RuleExample(cells: [("a = 1", 1), ("   \n", nil)]),
            RuleExample(cells: [("a = 1", 1), ("# TODO: plot the residuals", nil)]),
            RuleExample(notebook: [.code("a = 1", 1), .code("train_for_hours()", nil, tags: ["skip-execution"])]),
            RuleExample(cells: [("a = 1", nil), ("b = 2", nil)], options: ["report-unrun-notebook": .bool(false)]),
            RuleExample(notebook: [.markdown("# Notes"), .code("", nil)]),
        ]
    )

    private let reportUnrunNotebook: Bool

    public init(options: RuleOptions) { reportUnrunNotebook = options.bool("report-unrun-notebook") }

    /// Whether a unit holds code: a statement that is not a comment (IPython lines count), or,
    /// for a cell smelt does not parse (`%%bash`), any text.
    static func holdsCode(_ unit: SourceUnit) -> Bool {
        guard let tree = unit.tree else { return unit.original.bytes.contains { !isSpace($0) } }
        for child in tree.root.children where child.isNamed && child.symbol != Py.comment { return true }
        return false
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }

    public func finish(_ context: RuleContext) {
        guard let notebook = context.document.notebook, let first = context.document.units.first else { return }
        var ran = 0
        var unrun: [(unit: SourceUnit, cell: Int)] = []
        for unit in context.document.units {
            guard let cellIndex = unit.cellIndex else { continue }
            let cell = notebook.cells[cellIndex]
            if cell.executionCount != nil {
                ran += 1
                continue
            }
            guard Self.holdsCode(unit) else { continue }
            if cell.tags.contains(where: { $0.lowercased().contains("skip") }) { continue }
            unrun.append((unit, cellIndex))
        }
        if ran == 0 {
            guard reportUnrunNotebook, !unrun.isEmpty else { return }
            context.report(unit: first.index, first.text.lineRange(1),
                           "No code cell of this notebook has run: it is saved without execution counts or results",
                           refactoring: "Restart the kernel, run all cells top to bottom, and save the notebook with its results")
            return
        }
        for (unit, cellIndex) in unrun {
            context.report(unit: unit.index, unit.text.lineRange(1),
                           "Cell \(cellIndex + 1) has not been run (no execution count) while \(ran) other code cell\(ran == 1 ? "" : "s") ran",
                           refactoring: "Run cell \(cellIndex + 1), or restart and run all cells top to bottom before committing")
        }
    }
}

import SmeltSyntax

/// SM208: code cells with nothing but whitespace.
public struct EmptyCell: Rule {
    public static let description = RuleDescription(
        code: "SM208", slug: "empty-cell", name: "Empty cell",
        category: .notebook, severity: .info,
        summary: "A code cell that holds nothing but whitespace",
        whatItDoes: "Reports code cells whose source is empty or only whitespace, including the empty cell Jupyter leaves at the end.",
        whyIsThisBad: """
            Empty cells are clutter: they break the flow of the notebook, make the reader wonder whether something \
            was deleted by mistake, and show up as noise in diffs and reviews.
            """,
        example: "[1] loans = load()\n[ ] \n[2] loans.describe()",
        useInstead: "[1] loans = load()\n[2] loans.describe()",
        refactoring: "Delete the empty cell",
        references: ["pynblint: empty-cells"],
        appliesTo: .notebookOnly,
        triggering: [
            RuleExample(cells: [("a = 1", 1), ("↓", nil), ("b = 2", 2)]),
            RuleExample(cells: [("a = 1", 1), ("↓   \n\n", 2)]),
            RuleExample(notebook: [.markdown("# Loans"), .code("a = 1", 1), .code("↓", nil)]),
        ],
        nonTriggering: [
            RuleExample(cells: [("# TODO: plot the residuals", 1)]),
            RuleExample(cells: [("pass", 1)]),
            RuleExample(notebook: [.markdown("# Loans"), .markdown(""), .code("a = 1", 1)]),
        ],
        fix: FixDocumentation(.safe, safety: """
            Safe: the fix deletes the cell from the notebook; a cell with nothing but whitespace runs no code, so \
            the notebook computes the same. Not offered for a blank cell that still has outputs (they were made by \
            code that is gone; delete them by hand if they are stale) or tags (an empty cell tagged `parameters` \
            tells papermill where to inject parameters), nor in a notebook whose cells smelt does not parse as \
            Python.
            """,
            examples: [
                FixExample(cells: ["import pandas as pd\n", "", "df = 1\n"], ["import pandas as pd\n", "df = 1\n"]),
                FixExample(cells: ["a = 1", "   \n\n", "b = 2", ""], ["a = 1", "b = 2"]),
                FixExample(cells: ["x = 1", "\n", "\t"], ["x = 1"]),
            ])
    )

    public init(options: RuleOptions) {}

    public func finish(_ context: RuleContext) {
        guard context.isNotebook else { return }
        for unit in context.document.units {
            let blank = unit.original.bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0C }
            guard blank else { continue }
            let cell = (unit.cellIndex ?? unit.index) + 1
            var fix: Fix?
            if unit.tree != nil, let index = unit.cellIndex, let notebook = context.document.notebook,
               index < notebook.cells.count, notebook.cells[index].outputs.isEmpty, notebook.cells[index].tags.isEmpty {
                fix = Fix("Delete the empty cell \(cell)", .safe, edits: [], removingUnits: [unit.index])
            }
            context.report(unit: unit.index, unit.text.lineRange(1), "Cell \(cell) is empty",
                           refactoring: "Delete the empty cell \(cell)", fix: fix)
        }
    }
}

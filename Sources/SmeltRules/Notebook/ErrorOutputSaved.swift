import SmeltSyntax

/// SM211: tracebacks saved in the notebook.
public struct ErrorOutputSaved: Rule {
    public static let description = RuleDescription(
        code: "SM211", slug: "error-output-saved", name: "Error output saved",
        category: .notebook, severity: .warning,
        summary: "A code cell saved with an error (a traceback) as its output",
        whatItDoes: """
            Reports each saved output of type `error` and names its exception. Cells tagged `raises-exception` \
            (the Jupyter Book and nbval convention for a cell that shows an error on purpose) are left alone.
            """,
        whyIsThisBad: """
            A saved traceback means the notebook, as committed, does not run: the cell failed, and every result \
            below it came from an earlier state of the kernel. Readers cannot trust the outputs, and the \
            traceback often leaks local paths and data into version control.
            """,
        example: "[3] loans[\"amount\"].mean()\n    KeyError: 'amount'",
        useInstead: "[3] loans[\"loan_amount\"].mean()\n    1532.4",
        refactoring: "Fix the error, or clear the output, before committing",
        references: ["generic: saved error outputs (nbval, Jupyter Book `raises-exception`)",
                     "Effective Machine Learning Teams, ch. 8: ensure the notebook runs end to end"],
        appliesTo: .notebookOnly,
        triggering: [
            RuleExample(notebook: [.code("↓loans['amount'].mean()", 1, outputs: [.init("error")])]),
            RuleExample(notebook: [.code("x = 1", 1, outputs: [.init("stream")]),
                                   .code("↓model.fit(X, y)", 2, outputs: [.init("stream"), .init("error")])]),
        ],
        nonTriggering: [
            RuleExample(notebook: [.code("x = 1\nx", 1, outputs: [.init("stream"), .init("execute_result")])]),
            RuleExample(notebook: [.code("int('a')", 1, outputs: [.init("error")], tags: ["raises-exception"])]),
        ]
    )

    public init(options: RuleOptions) {}

    public func finish(_ context: RuleContext) {
        guard let notebook = context.document.notebook else { return }
        for unit in context.document.units {
            guard let cellIndex = unit.cellIndex else { continue }
            let cell = notebook.cells[cellIndex]
            if cell.tags.contains("raises-exception") { continue }
            for output in cell.outputs where output.outputType == "error" {
                let what = output.errorName.map { $0.isEmpty ? "an error" : "a `\($0)`" } ?? "an error"
                context.report(unit: unit.index, unit.text.lineRange(1),
                               "Cell \(cellIndex + 1) is saved with \(what) traceback",
                               refactoring: "Fix the \(output.errorName.map { $0.isEmpty ? "error" : "`\($0)`" } ?? "error") in cell \(cellIndex + 1) and re-run the notebook, or clear the output before committing")
            }
        }
    }
}

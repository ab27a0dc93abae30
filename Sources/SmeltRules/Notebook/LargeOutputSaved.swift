import SmeltSyntax

/// SM212: cells that save large outputs.
public struct LargeOutputSaved: Rule {
    public static let description = RuleDescription(
        code: "SM212", slug: "large-output-saved", name: "Large output saved",
        category: .notebook, severity: .warning,
        summary: "A code cell whose saved outputs are larger than the limit (100 KB by default)",
        whatItDoes: """
            Adds up the size of a code cell's saved outputs as stored in the `.ipynb` file (images, HTML tables, \
            long printed logs) and reports cells above `max-kb` kilobytes (1 KB = 1024 bytes).
            """,
        whyIsThisBad: """
            Large outputs bloat the repository with every commit, make diffs and reviews unreadable, slow down \
            opening the notebook, and may leak data (a printed DataFrame is data in version control).
            """,
        example: "[4] sns.pairplot(loans)   # a 2 MB PNG saved in the notebook",
        useInstead: "[4] sns.pairplot(loans).savefig(\"reports/pairplot.png\")   # or clear outputs before committing",
        refactoring: "Clear outputs before committing, or write large figures and tables to files",
        references: ["generic: strip notebook outputs (nbstripout, `jupyter nbconvert --clear-output`)"],
        options: [RuleOption("max-kb", default: .int(100), "The most kilobytes of saved output a cell may hold.")],
        appliesTo: .notebookOnly,
        triggering: [
            RuleExample(notebook: [.code("↓plot(loans)", 1, outputs: [.init("display_data", size: 200_000)])]),
            RuleExample(notebook: [.code("x = 1", 1), .code("↓loans", 2, outputs: [.init("execute_result", size: 3_000)])],
                        options: ["max-kb": .int(2)]),
            RuleExample(notebook: [.code("↓train(model)", 1, outputs: [.init("stream", size: 60_000), .init("stream", size: 60_000)])]),
        ],
        nonTriggering: [
            RuleExample(notebook: [.code("plot(loans)", 1, outputs: [.init("display_data", size: 50_000)])]),
            RuleExample(notebook: [.code("a = 1", 1, outputs: [.init("stream", size: 60_000)]),
                                   .code("b = 2", 2, outputs: [.init("stream", size: 60_000)])]),
        ]
    )

    private let limitKB: Int

    public init(options: RuleOptions) { limitKB = options.int("max-kb") }

    public func finish(_ context: RuleContext) {
        guard let notebook = context.document.notebook else { return }
        for unit in context.document.units {
            guard let cellIndex = unit.cellIndex else { continue }
            let outputs = notebook.cells[cellIndex].outputs
            let bytes = outputs.reduce(0) { $0 + $1.rawByteCount }
            guard bytes > limitKB * 1024 else { continue }
            let kb = (bytes + 1023) / 1024
            let biggest = outputs.max { $0.rawByteCount < $1.rawByteCount }?.outputType ?? "output"
            context.report(unit: unit.index, unit.text.lineRange(1),
                           "Cell \(cellIndex + 1) saves \(Self.size(kb)) of output (limit \(limitKB) KB; largest: `\(biggest)`)",
                           refactoring: "Clear the output of cell \(cellIndex + 1) before committing, or write the figure or table to a file")
        }
    }

    static func size(_ kb: Int) -> String {
        kb >= 10 * 1024 ? "\(kb / 1024) MB" : "\(kb) KB"
    }
}

import SmeltSyntax

/// SM114: notebook cells with too many lines.
public struct LongCell: Rule {
    public static let description = RuleDescription(
        code: "SM114", slug: "long-cell", name: "Long cell",
        category: .cleanCode, severity: .warning,
        summary: "A notebook code cell longer than the limit (30 lines by default)",
        whatItDoes: "Counts the lines of each Python code cell (without trailing blank lines) and reports cells above `max-lines`. Cells under a non-Python cell magic (`%%bash`, `%%writefile`...) are skipped.",
        whyIsThisBad: """
            A long cell is a long function without a name, a docstring or a test: the reader has to work out \
            what it does line by line, and it cannot be reused or tested. Logic belongs in modules; a notebook \
            should call it and show the results.
            """,
        example: "a 60-line cell that loads, cleans, encodes and trains",
        useInstead: """
            from loans.features import clean, encode
            features = encode(clean(raw_loans))
            """,
        refactoring: "Move the code to a tested module: extract functions and import them",
        references: ["pynblint: cell-too-long", "Effective Machine Learning Teams, ch. 8: smuggle code out of notebooks"],
        options: [RuleOption("max-lines", default: .int(30), "The most lines a code cell may have.")],
        appliesTo: .notebookOnly,
        triggering: [
            RuleExample(cells: [("↓a = 1\nb = 2\nc = 3\nd = 4", 1)], options: ["max-lines": .int(3)]),
        ],
        nonTriggering: [
            RuleExample(cells: [("a = 1\nb = 2\nc = 3\n\n\n", 1)], options: ["max-lines": .int(3)]),
            RuleExample(cells: [("%%writefile features.py\na = 1\nb = 2\nc = 3\nd = 4", 1)], options: ["max-lines": .int(3)]),
        ]
    )

    private let limit: Int

    public init(options: RuleOptions) { limit = options.int("max-lines") }

    public func finish(_ context: RuleContext) {
        guard context.isNotebook else { return }
        for unit in context.document.units where unit.tree != nil {
            let text = unit.original
            var lines = text.lineCount
            while lines > 0, text.lineRange(lines).count == 0 || text.line(lines).allSatisfy(\.isWhitespace) { lines -= 1 }
            if lines > limit {
                let statements = unit.tree.map { Syntax.statements($0.root) }?.filter {
                    $0.symbol != Py.functionDefinition && $0.symbol != Py.classDefinition && $0.symbol != Py.decoratedDefinition
                        && $0.symbol != Py.importStatement && $0.symbol != Py.importFromStatement
                } ?? []
                let refactoring = statements.isEmpty || unit.tree?.isTooDeep == true ? nil
                    : "Move the code to a tested module: extract \(ExtractFunction.signature(of: statements, unit: unit.index, context)) and import it"
                context.report(unit: unit.index, text.lineRange(1), "Cell has \(lines) lines (limit \(limit))", refactoring: refactoring)
            }
        }
    }
}

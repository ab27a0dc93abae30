import SmeltSyntax

/// SM114: notebook cells with too many lines.
public struct LongCell: Rule {
    public static let description = RuleDescription(
        code: "SM114", slug: "long-cell", name: "Long cell",
        category: .cleanCode, severity: .warning,
        summary: "A notebook code cell longer than the limit (30 lines by default)",
        whatItDoes: """
            Counts the lines of each Python code cell (without trailing blank lines) and reports cells above \
            `max-lines`. Cells under a non-Python cell magic (`%%bash`, `%%writefile`...) are skipped. The \
            finding suggests the function to extract from the cell's longest run of statements, as a diff.
            """,
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
        ],
        fix: FixDocumentation(.displayOnly, safety: """
            \(ExtractFunction.fixSafety) The statements are the cell's longest run between imports, definitions \
            and IPython lines, and at least two of them: once extracted, the cell may still be long (the \
            function is there now), but no further edit is suggested; move the function to a module.
            """, examples: [
            FixExample(cells: [
                """
                import pandas as pd
                raw = pd.read_csv("loans.csv")
                loans = raw.dropna()
                loans = loans[loans["income"] > 0]
                loans.describe()
                """,
                "print(len(loans))",
            ], [
                """
                import pandas as pd


                def make_loans():
                    raw = pd.read_csv("loans.csv")
                    loans = raw.dropna()
                    loans = loans[loans["income"] > 0]
                    return loans


                loans = make_loans()
                loans.describe()
                """,
                "print(len(loans))",
            ], options: ["max-lines": .int(3)]),
        ])
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
                // The longest run of statements between definitions, imports and IPython lines.
                var runs: [[Node]] = [[]]
                var previousEnd = 0
                for s in unit.tree.map({ Syntax.statements($0.root) }) ?? [] {
                    let k = s.symbol
                    let first = s.startRow + 1, last = s.endRow + 1
                    // IPython lines cannot move into a function: one before a statement ends the
                    // run, one on the statement's own lines keeps it out.
                    let maskedBefore = unit.maskedLines.contains { $0 > previousEnd && $0 < first }
                    let maskedOn = unit.maskedLines.contains { $0 >= first && $0 <= last }
                    previousEnd = last
                    if k == Py.functionDefinition || k == Py.classDefinition || k == Py.decoratedDefinition || k == Py.importStatement
                        || k == Py.importFromStatement || k == Py.futureImportStatement || maskedOn {
                        runs.append([])
                    } else if maskedBefore {
                        runs.append([s])
                    } else {
                        runs[runs.count - 1].append(s)
                    }
                }
                let run = runs.max { $0.count < $1.count } ?? []
                let plan = run.isEmpty || unit.tree?.isTooDeep == true ? nil
                    : ExtractFunction.plan(run, unit: unit.index, context.refactoring)
                let refactoring = plan.map { "Move the code to a tested module: extract \(ExposedInternals.signature($0)) and import it" }
                // One statement left (the call after an extraction) is not worth another function.
                let fix = plan.flatMap { $0.statements.count >= 2 ? $0.fix : nil }
                context.report(unit: unit.index, text.lineRange(1), "Cell has \(lines) lines (limit \(limit))", refactoring: refactoring,
                               fix: fix)
            }
        }
    }
}

import SmeltAnalysis
import SmeltSyntax

/// SM111: long runs of top-level statements that do the work outside any function.
public struct ExposedInternals: Rule {
    public static let description = RuleDescription(
        code: "SM111", slug: "exposed-internals", name: "Exposed internals",
        category: .cleanCode, severity: .warning,
        summary: "A long run of top-level statements that transforms data outside any function",
        whatItDoes: """
            Finds runs of at least `min-statements` (8 by default) consecutive top-level statements in a script \
            or a notebook cell that do work — calls, assignments from computations, loops, conditionals — with no \
            function around them. Imports, constants, definitions and an `if __name__ == "__main__":` block are \
            not work; a definition ends a run. The finding suggests the signature of the function to extract: \
            names read before they are written become its parameters, names written and used later become its \
            return values; the edit is shown as a suggested diff.
            """,
        whyIsThisBad: """
            When every step is laid out at the top level, the reader has to read all of it to learn what it \
            does; nothing can be tested on its own, names leak from one step into the next, and the notebook \
            only works when run top to bottom. Functions with intention-revealing names hide the details and can \
            be tested.
            """,
        example: """
            loans = pd.read_csv("loans.csv")
            loans = loans.dropna()
            loans["income"] = loans["income"].clip(0)
            loans["age_group"] = pd.cut(loans["age"], AGE_BINS)
            ...
            """,
        useInstead: """
            def clean_loans(loans: pd.DataFrame) -> pd.DataFrame:
                loans = loans.dropna()
                loans["income"] = loans["income"].clip(0)
                loans["age_group"] = pd.cut(loans["age"], AGE_BINS)
                return loans

            loans = clean_loans(pd.read_csv("loans.csv"))
            """,
        refactoring: "Extract intention-revealing function",
        references: ["Effective Machine Learning Teams, ch. 8: exposed internals; extract function"],
        options: [RuleOption("min-statements", default: .int(8), "How many top-level statements in a row make a finding.")],
        precision: .medium,
        triggering: [
            RuleExample("""
                import pandas as pd
                ↓raw = pd.read_csv("loans.csv")
                loans = raw.dropna()
                loans["a"] = loans["a"].clip(0)
                loans = loans[loans["a"] > 0]
                model.fit(loans)
                """, options: ["min-statements": .int(4)]),
        ],
        nonTriggering: [
            RuleExample("""
                import pandas as pd
                SEED = 42
                def clean(raw):
                    loans = raw.dropna()
                    return loans
                if __name__ == "__main__":
                    clean(pd.read_csv("loans.csv"))
                """, options: ["min-statements": .int(2)]),
            RuleExample("a = f()\nb = g(a)\ndef h():\n    pass\nc = h()\n", options: ["min-statements": .int(3)]),
            RuleExample("StrPath = str\npatch.object = _patch_object\nSeparator = Terminal(\",\")\nx = y\n", options: ["min-statements": .int(2)]),
            RuleExample(cells: [("%pip install numpy\n%load_ext autoreload\n%autoreload 2\n%matplotlib inline\n!ls", 1)],
                        options: ["min-statements": .int(3)]),
        ],
        fix: FixDocumentation(.displayOnly, safety: ExtractFunction.fixSafety, examples: [
            FixExample("""
                import pandas as pd

                raw = pd.read_csv("loans.csv")
                loans = raw.dropna()
                loans["income"] = loans["income"].clip(0)
                loans = loans[loans["income"] > 0]


                def report(frame):
                    print(frame.describe())


                report(loans)
                """, """
                import pandas as pd


                def make_loans():
                    raw = pd.read_csv("loans.csv")
                    loans = raw.dropna()
                    loans["income"] = loans["income"].clip(0)
                    loans = loans[loans["income"] > 0]
                    return loans


                loans = make_loans()


                def report(frame):
                    print(frame.describe())


                report(loans)
                """, options: ["min-statements": .int(4)]),
            FixExample(cells: [
                "raw = pd.read_csv(\"loans.csv\")",
                """
                loans = raw.dropna()
                loans["income"] = loans["income"].clip(0)
                total = 0
                for amount in loans["income"]:
                    total += amount
                loans.head()
                """,
                "print(total / len(loans))",
            ], [
                "raw = pd.read_csv(\"loans.csv\")",
                """
                def process_cell_2(raw):
                    loans = raw.dropna()
                    loans["income"] = loans["income"].clip(0)
                    total = 0
                    for amount in loans["income"]:
                        total += amount
                    return loans, total


                loans, total = process_cell_2(raw)
                loans.head()
                """,
                "print(total / len(loans))",
            ], options: ["min-statements": .int(4)]),
        ])
    )

    private let minimum: Int

    public init(options: RuleOptions) { minimum = options.int("min-statements") }

    public var nodeKinds: [Symbol] { [Py.module] }

    public func visit(_ node: Node, _ context: RuleContext) {
        let statements = Syntax.statements(node)
        var run: [Node] = []
        var runs: [[Node]] = []
        for statement in statements {
            // IPython magics (`%pip install`, `%matplotlib inline`) are set-up, not work.
            if context.unit.maskedLines.contains(statement.startRow + 1) { continue }
            switch classify(statement) {
            case .work: run.append(statement)
            case .neutral: continue
            case .boundary:
                if run.count >= minimum { runs.append(run) }
                run = []
            }
        }
        if run.count >= minimum { runs.append(run) }
        for run in runs {
            let range = ByteRange(run[0].startByte, run[run.count - 1].endByte)
            // The function takes every statement of the run's lines, neutral ones included.
            let block = statements.filter { $0.startByte >= range.lowerBound && $0.endByte <= range.upperBound }
            let plan = ExtractFunction.plan(block, unit: context.unit.index, context.refactoring)
            context.report(range, "\(run.count) top-level statements transform data outside any function",
                           refactoring: "Extract intention-revealing function: \(plan.map(Self.signature) ?? "`def <name>():`")",
                           fix: plan?.fix)
        }
    }

    /// `` `def <name>(loans, threshold):` returning `features` `` (the name is the reader's to choose).
    static func signature(_ plan: ExtractFunctionPlan) -> String {
        let returns = plan.returns.isEmpty ? "" : " returning `\(plan.returns.joined(separator: ", "))`"
        return "`def <name>(\(plan.parameters.joined(separator: ", "))):`\(returns)"
    }

    private enum Kind { case work, neutral, boundary }

    private func classify(_ s: Node) -> Kind {
        let k = s.symbol
        if k == Py.importStatement || k == Py.importFromStatement || k == Py.futureImportStatement || k == Py.passStatement
            || k == Py.globalStatement { return .neutral }
        if k == Py.functionDefinition || k == Py.classDefinition || k == Py.decoratedDefinition { return .boundary }
        if Syntax.isMainGuard(s) { return .boundary }
        if Syntax.isStringStatement(s) { return .neutral }
        if k == Py.expressionStatement, let e = s.namedChild(0), e.symbol == Py.assignment,
           let left = e.child(PyField.left), left.symbol == Py.identifier, let right = e.child(PyField.right) {
            let name = left.text
            // Constants (`SEED = 42`, `DATA_DIR = ROOT / "data"`, `__all__ = [...]`) and plain
            // literals are not work; `X = loans.drop(...)` is (a one-letter name is data).
            if name.count > 1, !name.contains(where: \.isLowercase) || name.hasPrefix("__") { return .neutral }
            // `Separator = Terminal(",")`: a CapWords name is a class-like constant.
            if name.count > 1, name.first!.isUppercase, !name.contains("_") { return .neutral }
            if isLiteral(right) { return .neutral }
        }
        // Aliases (`StrPath = str`, `patch.object = _patch_object`) are not work either.
        if k == Py.expressionStatement, let e = s.namedChild(0), e.symbol == Py.assignment,
           let right = e.child(PyField.right), right.symbol == Py.identifier || right.symbol == Py.attribute {
            return .neutral
        }
        return .work
    }

    private func isLiteral(_ node: Node) -> Bool {
        let s = node.symbol
        if s == Py.string || s == Py.integer || s == Py.float || s == Py.true || s == Py.false || s == Py.none { return true }
        if s == Py.list || s == Py.tuple || s == Py.dictionary || s == Py.set || s == Py.pair || s == Py.unaryOperator {
            return node.namedChildren.allSatisfy(isLiteral)
        }
        return false
    }
}

import SmeltAnalysis
import SmeltSyntax

/// SM302: writing into a DataFrame while iterating over its rows.
public struct ModifyingWhileIterating: Rule {
    public static let description = RuleDescription(
        code: "SM302", slug: "modifying-while-iterating", name: "Modifying while iterating",
        category: .dataHandling, severity: .warning,
        summary: "Assigning into a DataFrame, or into its row, inside `for … in df.iterrows()`",
        whatItDoes: """
            In code that imports pandas, finds loops over `df.iterrows()` or `df.itertuples()` whose body changes \
            what is being iterated: an assignment into the same DataFrame (`df.loc[i, "c"] = ...`, \
            `df.at[i, "c"] = ...`, `df["c"][i] = ...`, `df["c"] = ...`), an `inplace=True` call on it \
            (`df.drop(i, inplace=True)`), or an assignment into the loop's row (`row["c"] = ...`, `row.c = ...`).
            """,
        whyIsThisBad: """
            `iterrows()` hands out copies of the rows: assigning into `row` changes the copy and is silently lost. \
            Writing into the DataFrame itself while iterating over it is slow (each `.loc` write may copy the \
            data) and fragile: pandas documents that you should never modify something you are iterating over, \
            and dropping rows or adding columns mid-loop changes what the iterator sees depending on dtypes \
            and internals.
            """,
        example: """
            for i, row in loans.iterrows():
                if row["income"] < 0:
                    row["income"] = 0
            """,
        useInstead: """
            loans["income"] = loans["income"].clip(lower=0)
            """,
        refactoring: "Vectorise, or build a new frame instead of writing into the one being iterated",
        references: [
            "dslinter: dataframe-iteration-modification",
            "pandas docs: DataFrame.iterrows (\"You should never modify something you are iterating over\")",
            "Zhang et al. 2022, Code Smells for ML Applications: #1 unnecessary iteration",
        ],
        triggering: [
            RuleExample("import pandas as pd\nfor i, row in df.iterrows():\n    ↓df.loc[i, \"c\"] = row[\"a\"] + 1\n"),
            RuleExample("import pandas as pd\nfor idx, row in loans.iterrows():\n    if row[\"income\"] < 0:\n        ↓row[\"income\"] = 0\n"),
            RuleExample("import pandas as pd\nfor i, r in data.iterrows():\n    ↓data.at[i, \"score\"] = model_score(r)\n"),
            RuleExample("import pandas as pd\nfor i, row in df.iterrows():\n    if row.age < 0:\n        ↓df.drop(i, inplace=True)\n"),
            RuleExample("import pandas as pd\nfor row in df.itertuples():\n    ↓row.total = row.a + row.b\n"),
        ],
        nonTriggering: [
            RuleExample("import pandas as pd\nresults = []\nfor i, row in df.iterrows():\n    results.append(row[\"a\"] + 1)\nout = pd.DataFrame(results)\n"),
            RuleExample("import pandas as pd\nfor i, row in df.iterrows():\n    other.loc[i, \"c\"] = row[\"a\"]\n"),
            RuleExample("import pandas as pd\nfor i, row in df.iterrows():\n    value = row[\"a\"]\n    value = value + 1\n"),
            RuleExample("import pandas as pd\nfor col in df.columns:\n    df[col] = df[col].astype(\"float32\")\n"),
            RuleExample("for i, row in df.iterrows():\n    df.loc[i, \"c\"] = 1\n"),
        ]
    )

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.forStatement] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let body = node.child(PyField.body), PandasNames.isImported(context.model),
              let loop = PandasNames.rowLoop(node, context), loop.kind != .index else { return }
        let row = rowVariable(node, loop.kind)
        let frame = loop.frame
        let frameText = Syntax.snippet(frame, limit: 30)
        let iterable = Syntax.snippet(loop.iterable, limit: 40)
        PandasNames.walkSameScope(body) { n in
            let s = n.symbol
            if s == Py.assignment || s == Py.augmentedAssignment, let left = n.child(PyField.left) {
                if writesInto(left, frame) {
                    context.report(left, "`\(Syntax.snippet(left, limit: 40)) = …` writes into `\(frameText)` while `\(iterable)` iterates over it",
                                   refactoring: "Vectorise (compute the column at once, e.g. `\(frameText)[\"c\"] = …`), or collect the values and build a new frame after the loop")
                } else if let row, writesInto(left, row) {
                    if loop.kind == .itertuples {
                        context.report(left, "`\(Syntax.snippet(left, limit: 40)) = …` fails: `itertuples()` rows are read-only named tuples",
                                       refactoring: "Vectorise: set the column on `\(frameText)` at once (e.g. `\(frameText)[\"c\"] = …`)")
                        return true
                    }
                    context.report(left, "`\(Syntax.snippet(left, limit: 40)) = …` changes a copy of the row: `\(frameText)` is not updated",
                                   refactoring: "Vectorise: set the column on `\(frameText)` at once (e.g. `\(frameText).loc[mask, \"c\"] = …`)")
                }
            } else if s == Py.call, let function = n.child(PyField.function), function.symbol == Py.attribute,
                      let object = function.child(PyField.object), PandasNames.sameText(object, frame) {
                let (keywords, _) = Syntax.keywordArguments(n)
                if let inplace = PandasNames.keyword("inplace", in: keywords), inplace.textEquals("True") {
                    context.report(n, "`\(Syntax.snippet(n, limit: 40))` changes `\(frameText)` while `\(iterable)` iterates over it",
                                   refactoring: "Select the rows to keep first, then change the frame once after the loop (e.g. `\(frameText) = \(frameText)[~mask]`)")
                }
            }
            return true
        }
    }

    /// The row variable: `row` in `for i, row in df.iterrows()` or `for row in df.itertuples()`.
    private func rowVariable(_ loop: Node, _ kind: PandasNames.RowLoop.Kind) -> Node? {
        guard let left = loop.child(PyField.left) else { return nil }
        if kind == .itertuples { return left.symbol == Py.identifier ? left : nil }
        guard left.symbol == Py.patternList || left.symbol == Py.tuplePattern else { return nil }
        let names = left.namedChildren
        guard names.count == 2, names[1].symbol == Py.identifier else { return nil }
        return names[1]
    }

    /// Whether an assignment target writes into `base`: `base[...]`, `base.loc[...]`,
    /// `base.at[...]`, `base["c"][...]`, `base["c"].iloc[...]`, `base.attr`.
    private func writesInto(_ target: Node, _ base: Node) -> Bool {
        guard target.symbol == Py.subscript || target.symbol == Py.attribute else { return false }
        var node = target
        for _ in 0..<20 {
            let next: Node?
            if node.symbol == Py.subscript {
                next = node.child(PyField.value)
            } else if node.symbol == Py.attribute {
                next = node.child(PyField.object)
            } else {
                return false
            }
            guard let next else { return false }
            if PandasNames.sameText(next, base) { return true }
            node = next
        }
        return false
    }
}

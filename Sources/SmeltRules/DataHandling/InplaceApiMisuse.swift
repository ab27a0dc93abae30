import SmeltAnalysis
import SmeltSyntax

/// SM308: the result of a DataFrame method discarded, or the `None` of an `inplace=True` call kept.
public struct InplaceApiMisuse: Rule {
    public static let description = RuleDescription(
        code: "SM308", slug: "inplace-api-misused", name: "In-place API misused",
        category: .dataHandling, severity: .warning,
        summary: "`df.dropna()` whose result is thrown away, or `df = df.dropna(inplace=True)`, which is `None`",
        whatItDoes: """
            In code that imports pandas, finds two mistakes with methods that return a new object (`dropna`, \
            `fillna`, `drop`, `rename`, `sort_values`, `reset_index`, `set_index`, `replace`, `astype`, \
            `drop_duplicates`...). A call on a DataFrame or Series (`df`, `df["c"]`, a name assigned from pandas) \
            that stands alone as a statement, without `inplace=True`: its result is discarded and the data is \
            unchanged. And the result of a call with `inplace=True` that is assigned or returned: it is `None`. \
            In a notebook, a call that is the last statement of a cell displays its result and is not reported.
            """,
        whyIsThisBad: """
            `df.dropna()` does not change `df`: it returns a cleaned copy, which the statement drops on the \
            floor. The code reads as if the rows were removed, and everything after it works on the dirty data. \
            The opposite mistake, `df = df.dropna(inplace=True)`, replaces the DataFrame with `None` and fails \
            later with an unrelated-looking `AttributeError`.
            """,
        example: """
            loans.dropna(subset=["income"])
            loans["age"].fillna(0)
            clean = loans.drop_duplicates(inplace=True)
            """,
        useInstead: """
            loans = loans.dropna(subset=["income"])
            loans["age"] = loans["age"].fillna(0)
            clean = loans.drop_duplicates()
            """,
        refactoring: "Assign the result (`df = df.dropna()`); avoid `inplace`",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #7 in-place APIs misused",
            "dslinter: inplace-api-misused",
            "ruff PD002 (pandas-use-of-inplace-argument)",
        ],
        precision: .medium,
        triggering: [
            RuleExample("import pandas as pd\n↓df.dropna()\ndf.to_csv(\"out.csv\")\n"),
            RuleExample("import pandas as pd\nloans = pd.read_csv(\"l.csv\")\n↓loans[\"age\"].fillna(0)\nloans.to_csv(\"out.csv\")\n"),
            RuleExample("import pandas as pd\n\ndef clean(frame):\n    ↓frame.drop(columns=[\"id\"])\n    return frame\n"),
            RuleExample("import pandas as pd\nclean = ↓df.drop_duplicates(inplace=True)\n"),
            RuleExample("import pandas as pd\n\ndef tidy(df):\n    return ↓df.reset_index(drop=True, inplace=True)\n"),
            RuleExample("import pandas as pd\n↓df.sort_values(\"date\")\n", .scriptOnly),
        ],
        nonTriggering: [
            RuleExample("import pandas as pd\ndf = df.dropna()\ndf.to_csv(\"out.csv\")\n"),
            RuleExample("import pandas as pd\ndf.dropna(inplace=True)\ndf.to_csv(\"out.csv\")\n"),
            RuleExample("import pandas as pd\ndf.sort_values(\"date\")\n", .notebookOnly),
            RuleExample("import pandas as pd\nname.replace(\"a\", \"b\")\nx = 1\n"),
            RuleExample("import pandas as pd\nitems = []\nitems.drop(0)\nx = 1\n"),
            RuleExample("import torch.nn as nn\nimport pandas as pd\nact = nn.ReLU(inplace=True)\n"),
            RuleExample("df.dropna()\nx = 1\n"),
            RuleExample("import pandas as pd\ndf.dropna(inplace=flag)\nx = 1\n"),
        ]
    )

    /// Methods that return a new object and leave the receiver unchanged (unless `inplace=True`).
    static let copyingMethods: Set<String> = [
        "dropna", "fillna", "drop", "rename", "sort_values", "sort_index", "reset_index", "set_index", "replace",
        "astype", "drop_duplicates", "ffill", "bfill", "interpolate", "clip", "round", "abs", "where", "mask", "assign",
        "rename_axis", "reindex", "query", "set_axis", "convert_dtypes", "infer_objects", "add_prefix", "add_suffix",
        "tz_convert", "tz_localize",
    ]

    /// Methods that take `inplace=True` and then return `None`.
    static let inplaceMethods: Set<String> = [
        "dropna", "fillna", "drop", "rename", "sort_values", "sort_index", "reset_index", "set_index", "replace",
        "drop_duplicates", "ffill", "bfill", "interpolate", "clip", "where", "mask", "rename_axis", "query", "eval",
        "set_axis", "update", "insert", "backfill", "pad", "set_names", "set_levels", "set_codes",
        "rename_categories", "reorder_categories", "add_categories", "remove_categories", "set_categories",
        "remove_unused_categories", "as_ordered", "as_unordered",
    ]

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.call] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let function = node.child(PyField.function), function.symbol == Py.attribute,
              let method = function.child(PyField.attribute), let receiver = function.child(PyField.object),
              let parent = context.parent else { return }
        let p = parent.symbol
        let discarded = p == Py.expressionStatement && parent.namedChildCount == 1
        let kept = (p == Py.assignment && parent.child(PyField.right) == node) || p == Py.returnStatement
        guard discarded || kept else { return }
        let name = method.text
        guard discarded ? Self.copyingMethods.contains(name) : Self.inplaceMethods.contains(name),
              PandasNames.isImported(context.model) else { return }
        let (keywords, splat) = Syntax.keywordArguments(node)
        let inplace = PandasNames.keyword("inplace", in: keywords)
        if discarded {
            if splat { return }
            if let inplace, !inplace.textEquals("False") { return }
            if PandasNames.isCellOutput(parent, context) { return }
            guard PandasNames.isFrameExpression(receiver, context) else { return }
            let target = Syntax.snippet(receiver, limit: 30)
            context.report(node, "Result of `\(Syntax.snippet(node))` is discarded: `\(name)` returns a new object and leaves `\(target)` unchanged",
                           refactoring: "Assign the result: `\(target) = \(Syntax.snippet(node, limit: 50))`")
        } else {
            guard let inplace, inplace.textEquals("True") else { return }
            let what: String
            if p == Py.assignment, let left = parent.child(PyField.left) {
                what = "`\(Syntax.snippet(left, limit: 30))` is set to `None`"
            } else {
                what = "the function returns `None`"
            }
            let without = textWithout(inplace, in: node)
            context.report(node, "`\(name)(…, inplace=True)` returns `None`: \(what)",
                           refactoring: "Drop `inplace=True` and use the returned object: `\(without)`")
        }
    }

    /// The call's text with its `inplace=...` argument (and the comma beside it) removed, on one line.
    private func textWithout(_ value: Node, in call: Node) -> String {
        guard let argument = value.parent, argument.symbol == Py.keywordArgument else { return Syntax.snippet(call, limit: 60) }
        var cutStart = argument.startByte, cutEnd = argument.endByte
        if let comma = argument.previousSibling, comma.textEquals(",") {
            cutStart = comma.startByte
        } else if let comma = argument.nextSibling, comma.textEquals(",") {
            cutEnd = comma.nextSibling?.startByte ?? comma.endByte
        }
        let text = call.tree.text
        let joined = text.text(ByteRange(call.startByte, cutStart)) + text.text(ByteRange(cutEnd, call.endByte))
        let line = joined.split(whereSeparator: { $0 == "\n" }).map { $0.trimmingPrefix(while: \.isWhitespace) }.joined(separator: " ")
        return line.count > 60 ? String(line.prefix(59)) + "…" : line
    }
}

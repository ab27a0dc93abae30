import SmeltSyntax

/// SM304: chained indexing on pandas objects.
public struct ChainIndexing: Rule {
    public static let description = RuleDescription(
        code: "SM304", slug: "chain-indexing", name: "Chain indexing",
        category: .dataHandling, severity: .warning,
        summary: "Chained indexing such as `df[mask][\"col\"] = value` on a pandas DataFrame",
        whatItDoes: """
            In code that imports pandas, finds two indexing operations in a row (`df["a"]["b"]`, \
            `df[df.age > 18]["income"]`, `df.loc[rows]["col"]`). Assigning through such a chain is reported as a \
            warning: it may write to a temporary copy and leave the DataFrame unchanged. Reading through a chain \
            is reported as information: it is slower and less clear than one `.loc` call.
            """,
        whyIsThisBad: """
            `df[mask]["c"] = 0` first makes a new object with `df[mask]`, then sets `"c"` on it; whether that \
            object is a view or a copy depends on the data, so the assignment silently may not change `df` \
            (pandas' `SettingWithCopyWarning`; with copy-on-write it never does).
            """,
        example: "loans[loans[\"age\"] < 18][\"approved\"] = False\n",
        useInstead: "loans.loc[loans[\"age\"] < 18, \"approved\"] = False\n",
        refactoring: "Use one `.loc[rows, column]` call instead of chained indexing",
        references: ["Zhang et al. 2022, Code Smells for ML Applications: #3 chain indexing", "pandas docs: returning a view versus a copy"],
        triggering: [
            RuleExample("import pandas as pd\n↓df[df[\"age\"] < 18][\"approved\"] = False\n"),
            RuleExample("import pandas as pd\n↓df.loc[rows][\"income\"] = 0\n"),
            RuleExample("import pandas as pd\nx = ↓df[\"a\"][\"b\"]\n"),
        ],
        nonTriggering: [
            RuleExample("import pandas as pd\ndf.loc[df[\"age\"] < 18, \"approved\"] = False\n"),
            RuleExample("grid[i][j] = 0\n"),
            RuleExample("import pandas as pd\nvalue = matrix[0][1]\n"),
            RuleExample("import pandas as pd\nconfig[\"model\"][\"depth\"] = 3\n", .any),
        ]
    )

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.subscript] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard usesPandas(context), let inner = node.child(PyField.value), inner.symbol == Py.subscript else { return }
        // Report the outermost subscript of a chain only.
        if let parent = context.parent, parent.symbol == Py.subscript, parent.child(PyField.value) == node { return }
        guard looksLikeColumnIndex(node), looksLikeFrameIndex(inner) else { return }
        let isWrite: Bool = {
            guard let parent = context.parent else { return false }
            return (parent.symbol == Py.assignment || parent.symbol == Py.augmentedAssignment) && parent.child(PyField.left) == node
        }()
        if isWrite {
            context.report(node, "Chained indexing assignment `\(Syntax.snippet(node))` may write to a copy")
        } else {
            context.report(node, "Chained indexing `\(Syntax.snippet(node))` reads through a temporary object",
                           refactoring: "Use one `.loc[rows, column]` call (information only: reading is correct but slower)")
        }
    }

    private func usesPandas(_ context: RuleContext) -> Bool {
        context.model.imports.values.contains { $0 == "pandas" || $0.hasPrefix("pandas.") }
    }

    /// The outer index selects a column: a string or a list of strings.
    private func looksLikeColumnIndex(_ outer: Node) -> Bool {
        guard let index = outer.child(PyField.subscript) else { return false }
        return index.symbol == Py.string || (index.symbol == Py.list && index.namedChildren.allSatisfy { $0.symbol == Py.string })
    }

    /// The inner index selects rows or a column of a frame: a mask (comparison, boolean
    /// operation), a column name, or `.loc`/`.iloc`; a dictionary-style `d["a"]["b"]` on
    /// a plain name is only reported when the name is not a known dictionary.
    private func looksLikeFrameIndex(_ inner: Node) -> Bool {
        guard let base = inner.child(PyField.value), let index = inner.child(PyField.subscript) else { return false }
        if base.symbol == Py.attribute, let attr = base.child(PyField.attribute) {
            let a = attr.text
            if a == "loc" || a == "iloc" { return true }
        }
        let s = index.symbol
        if s == Py.comparisonOperator || s == Py.booleanOperator || s == Py.notOperator { return true }
        if s == Py.unaryOperator, index.text.hasPrefix("~") { return true }
        if s == Py.string, base.symbol == Py.identifier {
            let name = base.text.lowercased()
            return name.contains("df") || name.contains("frame") || name.hasSuffix("data") || name.hasSuffix("s") && !name.contains("config")
        }
        return false
    }
}

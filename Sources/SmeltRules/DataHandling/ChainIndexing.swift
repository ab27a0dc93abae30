import SmeltAnalysis
import SmeltSyntax

/// SM304: chained indexing on pandas objects.
public struct ChainIndexing: Rule {
    public static let description = RuleDescription(
        code: "SM304", slug: "chain-indexing", name: "Chain indexing",
        category: .dataHandling, severity: .warning,
        summary: "Chained indexing such as `df[mask][\"col\"] = value` on a pandas DataFrame",
        whatItDoes: """
            In code that imports pandas, finds two indexing operations in a row on a DataFrame: \
            `df["a"][0]`, `df[df.age > 18]["income"]`, `df.loc[rows]["col"]`. Assigning through such a chain \
            is a warning: it may write to a temporary copy and leave the DataFrame unchanged. Reading through a \
            chain is information: it is slower and less clear than one `.loc` call. A name counts as a \
            DataFrame when it is assigned from a pandas call (`pd.read_csv`, `pd.DataFrame`, `pd.merge`...) or \
            is called like one (`df`, `train_df`, `frame`); names assigned a dict or list are never DataFrames.
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
        precision: .medium,
        triggering: [
            RuleExample("import pandas as pd\n↓df[df[\"age\"] < 18][\"approved\"] = False\n"),
            RuleExample("import pandas as pd\n↓df.loc[rows][\"income\"] = 0\n"),
            RuleExample("import pandas as pd\nx = ↓df[\"a\"][\"b\"]\n"),
            RuleExample("import pandas as pd\n↓df[\"a\"][0] = 5\n"),
            RuleExample("import pandas as pd\nloans = pd.read_csv(\"l.csv\")\n↓loans[\"age\"][3] = 40\n"),
        ],
        nonTriggering: [
            RuleExample("import pandas as pd\ndf.loc[df[\"age\"] < 18, \"approved\"] = False\n"),
            RuleExample("grid[i][j] = 0\n"),
            RuleExample("import pandas as pd\nvalue = matrix[0][1]\n"),
            RuleExample("import pandas as pd\nmetrics = {\"train\": {}}\nmetrics[\"train\"][\"loss\"] = 0.5\n"),
            RuleExample("import pandas as pd\nresults[\"rf\"][\"accuracy\"] = 0.9\n"),
            RuleExample("df[\"a\"][0] = 5\n"),
        ],
        fix: FixDocumentation(.unsafe, safety: """
            Unsafe: the fix turns a chained write into one `.loc` write — `df["a"][rows] = v` and \
            `df[mask]["a"] = v` into `df.loc[rows, "a"] = v` / `df.loc[mask, "a"] = v`, and \
            `df.loc[rows]["a"] = v` into `df.loc[rows, "a"] = v` — keeping the index expressions as written. \
            Today the chained write may go to a temporary copy and leave `df` unchanged (always, under pandas' \
            copy-on-write); after the fix the write happens, which is what was meant, but it changes the data \
            that later code sees. `.loc` also selects by label where `df["a"][k]` with an integer `k` on a \
            non-integer index selected by position (a deprecated fallback), and `.loc` adds a row when the label \
            is missing where the chained write raised or did nothing. Offered only for writes (`=` and augmented \
            assignments) whose receiver is a plain name, with one index in each bracket: a column name (string) \
            then a row selector that is not a slice, a tuple or a string (`df["a"]["b"]` may be a two-level \
            column), or a row mask (a comparison, `&`/`|`/`~` or `not` expression) or a `.loc` selection then a \
            column name or a list of them (`df[mask][["a", "b"]] = 0` → `df.loc[mask, ["a", "b"]] = 0`). Reads \
            (reported as information) and `.iloc` chains get no fix, nor chains with comments.
            """,
            examples: [
                FixExample("import pandas as pd\ndf[df[\"age\"] < 18][\"approved\"] = False\n",
                           "import pandas as pd\ndf.loc[df[\"age\"] < 18, \"approved\"] = False\n"),
                FixExample("import pandas as pd\ndf[\"a\"][0] = 5\n", "import pandas as pd\ndf.loc[0, \"a\"] = 5\n"),
                FixExample("import pandas as pd\nloans = pd.read_csv(\"l.csv\")\nloans[\"income\"][loans[\"income\"] < 0] = 0\n",
                           "import pandas as pd\nloans = pd.read_csv(\"l.csv\")\nloans.loc[loans[\"income\"] < 0, \"income\"] = 0\n"),
                FixExample("import pandas as pd\ndf[~df.ok][[\"a\", \"b\"]] = 0\n", "import pandas as pd\ndf.loc[~df.ok, [\"a\", \"b\"]] = 0\n"),
                FixExample("import pandas as pd\ndf.loc[rows][\"income\"] += 1\n", "import pandas as pd\ndf.loc[rows, \"income\"] += 1\n"),
                FixExample("import pandas as pd\nfor i in range(len(df)):\n    df[\"score\"][i] = i * 2\n",
                           "import pandas as pd\nfor i in range(len(df)):\n    df.loc[i, \"score\"] = i * 2\n"),
            ])
    )

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.subscript] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let inner = node.child(PyField.value), inner.symbol == Py.subscript, usesPandas(context) else { return }
        // Report the outermost subscript of a chain only.
        if let parent = context.parent, parent.symbol == Py.subscript, parent.child(PyField.value) == node { return }
        guard selectsFromFrame(inner, context) else { return }
        let isWrite: Bool = {
            guard let parent = context.parent else { return false }
            return (parent.symbol == Py.assignment || parent.symbol == Py.augmentedAssignment) && parent.child(PyField.left) == node
        }()
        if isWrite {
            context.report(node, "Chained indexing assignment `\(Syntax.snippet(node))` may write to a copy",
                           fix: locWrite(node, inner))
        } else {
            context.report(node, "Chained indexing `\(Syntax.snippet(node))` reads through a temporary object",
                           refactoring: "Use one `.loc[rows, column]` call (reading this way is correct, only slower and less clear)",
                           severity: .info)
        }
    }

    /// `df["a"][rows]`, `df[mask]["a"]` and `df.loc[rows]["a"]` as `df.loc[rows, "a"]` (see the fix safety).
    private func locWrite(_ outer: Node, _ inner: Node) -> Fix? {
        guard let innerBase = inner.child(PyField.value), outer.children(PyField.subscript).count == 1,
              inner.children(PyField.subscript).count == 1, let innerIndex = inner.child(PyField.subscript),
              let outerIndex = outer.child(PyField.subscript) else { return nil }
        var hasComment = false
        outer.walk { n in
            if n.symbol == Py.comment { hasComment = true }
            return !hasComment
        }
        if hasComment { return nil }
        func isColumn(_ n: Node) -> Bool { n.symbol == Py.string }
        func isColumns(_ n: Node) -> Bool {
            isColumn(n) || (n.symbol == Py.list && n.namedChildCount > 0 && n.namedChildren.allSatisfy(isColumn))
        }
        func isMask(_ n: Node) -> Bool {
            let s = n.symbol
            return s == Py.comparisonOperator || s == Py.booleanOperator || s == Py.notOperator
                || (s == Py.unaryOperator && n.text.hasPrefix("~"))
                || (s == Py.binaryOperator && ["&", "|", "^"].contains(n.children.first { !$0.isNamed }?.text ?? ""))
        }
        let frame: Node
        let rows: Node
        let column: Node
        if innerBase.symbol == Py.attribute, let attr = innerBase.child(PyField.attribute), let object = innerBase.child(PyField.object) {
            // `df.loc[rows]["a"]`
            guard attr.textEquals("loc"), isColumns(outerIndex), innerIndex.symbol != Py.tuple else { return nil }
            frame = object
            rows = innerIndex
            column = outerIndex
        } else if isColumn(innerIndex) {
            // `df["a"][rows]`
            let s = outerIndex.symbol
            guard s != Py.slice, s != Py.tuple, s != Py.string, s != Py.concatenatedString, s != Py.list else { return nil }
            frame = innerBase
            rows = outerIndex
            column = innerIndex
        } else if isMask(innerIndex), isColumns(outerIndex) {
            // `df[mask]["a"]`
            frame = innerBase
            rows = innerIndex
            column = outerIndex
        } else {
            return nil
        }
        guard frame.symbol == Py.identifier else { return nil }
        let replacement = "\(frame.text).loc[\(rows.text), \(column.text)]"
        return .unsafe("Write through `.loc`: `\(Syntax.clip(replacement, limit: 50))`", [FixEdits.replace(outer, with: replacement)])
    }

    private func usesPandas(_ context: RuleContext) -> Bool {
        context.model.imports.values.contains { $0 == "pandas" || $0.hasPrefix("pandas.") }
    }

    /// `frame[...]`, `frame.loc[...]` or `frame.iloc[...]` where `frame` is a DataFrame, and
    /// the index selects rows or a column (a mask, a column name, or `.loc`/`.iloc`).
    private func selectsFromFrame(_ inner: Node, _ context: RuleContext) -> Bool {
        guard var base = inner.child(PyField.value), let index = inner.child(PyField.subscript) else { return false }
        var viaLoc = false
        if base.symbol == Py.attribute, let attr = base.child(PyField.attribute), attr.textEquals("loc") || attr.textEquals("iloc"),
           let object = base.child(PyField.object) {
            base = object
            viaLoc = true
        }
        guard base.symbol == Py.identifier, isDataFrame(base.text, context) else { return false }
        if viaLoc { return true }
        let s = index.symbol
        return s == Py.string || s == Py.comparisonOperator || s == Py.booleanOperator || s == Py.notOperator
            || (s == Py.unaryOperator && index.text.hasPrefix("~"))
            || (s == Py.list && index.namedChildren.allSatisfy { $0.symbol == Py.string })
    }

    private func isDataFrame(_ name: String, _ context: RuleContext) -> Bool {
        let model = context.model
        var fromPandas = false
        for id in model.moduleBindings(named: name) {
            guard let statement = model.bindings[id].statement, let assignment = statement.namedChild(0),
                  assignment.symbol == Py.assignment, let right = assignment.child(PyField.right) else { continue }
            let r = right.symbol
            if r == Py.dictionary || r == Py.list || r == Py.dictionaryComprehension || r == Py.listComprehension { return false }
            if r == Py.call, let function = right.child(PyField.function) {
                if let q = model.qualifiedName(function) {
                    if q == "dict" || q == "list" || q.hasPrefix("json.") || q.hasPrefix("collections.") { return false }
                    if q.hasPrefix("pandas.") { fromPandas = true }
                }
            }
        }
        if fromPandas { return true }
        let lower = name.lowercased()
        return lower == "df" || lower.hasPrefix("df_") || lower.hasSuffix("_df") || lower.hasPrefix("df") && lower.dropFirst(2).allSatisfy(\.isNumber)
            || lower.contains("frame")
    }
}

import SmeltAnalysis
import SmeltSyntax

/// SM306: a new column filled with `0` or `""` as a placeholder.
public struct EmptyColumnInitialisation: Rule {
    public static let description = RuleDescription(
        code: "SM306", slug: "empty-column-initialisation", name: "Empty column misinitialisation",
        category: .dataHandling, severity: .warning,
        summary: "A new column initialised with `0` or `\"\"` as a placeholder that is filled in later",
        whatItDoes: """
            In code that imports pandas, finds `df["c"] = 0` and `df["c"] = ""` (also `0.0`) when the code shows \
            the value is a placeholder: later in the same function, or module (a notebook's later cells \
            included), the same column is assigned again as a whole (`df["c"] = ...`) or filled row by row in a \
            loop (`df.loc[i, "c"] = ...`, `df.at[i, "c"] = ...`); for `""` any later `.loc`/`.at` assignment to \
            the column counts. A `0` default that a mask then overrides outside a loop \
            (`df["flag"] = 0; df.loc[mask, "flag"] = 1`) is a real value and is not reported.
            """,
        whyIsThisBad: """
            `0` and `""` are values, not "nothing yet": rows the later code does not fill keep a plausible-looking \
            zero or empty string that `isna()`, `dropna()` and `fillna()` cannot see, and that averages, models and \
            reports take for data. The column also gets an integer or object dtype that the real values may not \
            fit. `np.nan` marks the cells as missing until they are filled.
            """,
        example: """
            loans["risk"] = 0
            for i, row in loans.iterrows():
                loans.at[i, "risk"] = score(row)
            """,
        useInstead: """
            loans["risk"] = np.nan
            for i, row in loans.iterrows():
                loans.at[i, "risk"] = score(row)
            """,
        refactoring: "Initialise the new column with `np.nan`",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #5 empty column misinitialization",
            "dslinter: dataframe-empty-column-misinitialization",
        ],
        precision: .medium,
        triggering: [
            RuleExample("import pandas as pd\nloans = pd.read_csv(\"l.csv\")\n↓loans[\"risk\"] = 0\nfor i, row in loans.iterrows():\n    loans.at[i, \"risk\"] = score(row)\n"),
            RuleExample("import pandas as pd\n↓df[\"label\"] = \"\"\ndf.loc[df[\"y\"] > 0, \"label\"] = \"pos\"\n"),
            RuleExample("import pandas as pd\n\ndef add_total(df):\n    ↓df[\"total\"] = 0\n    df[\"total\"] = df[\"a\"] + df[\"b\"]\n    return df\n"),
            RuleExample(notebook: [
                .code("import pandas as pd\n↓df['name'] = ''\n"),
                .code("for i in range(len(df)):\n    df.loc[i, 'name'] = lookup(i)\n"),
            ]),
        ],
        nonTriggering: [
            RuleExample("import pandas as pd\nimport numpy as np\ndf[\"risk\"] = np.nan\nfor i, row in df.iterrows():\n    df.at[i, \"risk\"] = score(row)\n"),
            RuleExample("import pandas as pd\ndf[\"flag\"] = 0\ndf.loc[df[\"amount\"] > LIMIT, \"flag\"] = 1\n"),
            RuleExample("import pandas as pd\ndf[\"count\"] = 0\ndf[\"count\"] += df[\"visits\"]\n"),
            RuleExample("import pandas as pd\ndf[\"bias\"] = 0\nmodel.fit(df)\n"),
            RuleExample("import pandas as pd\ndf[\"a\"] = 0\ndf[\"b\"] = df[\"x\"] * 2\n"),
            RuleExample("counts[\"a\"] = 0\ncounts[\"a\"] = 5\n"),
            RuleExample("import pandas as pd\nstats = {}\nstats[\"n\"] = 0\nstats[\"n\"] = len(rows)\n"),
        ]
    )

    static let rowAccessors: Set<String> = ["loc", "at", "iloc", "iat"]

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.assignment] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let left = node.child(PyField.left), left.symbol == Py.subscript, let right = node.child(PyField.right),
              let frame = left.child(PyField.value), frame.symbol == Py.identifier else { return }
        let keys = left.children(PyField.subscript)
        guard keys.count == 1, let column = Self.stringContent(keys[0]) else { return }
        let isEmptyString: Bool
        if right.symbol == Py.integer || right.symbol == Py.float {
            guard right.textEquals("0") || right.textEquals("0.0") || right.textEquals("0.") else { return }
            isEmptyString = false
        } else if right.symbol == Py.string {
            guard Self.stringContent(right) == "" else { return }
            isEmptyString = true
        } else {
            return
        }
        guard PandasNames.isImported(context.model), PandasNames.isFrameName(frame, context) else { return }
        guard let evidence = laterAssignment(of: frame.text, column, after: node, loopsOnly: !isEmptyString, context) else { return }
        let placeholder = right.text
        let np = PandasNames.alias(of: "numpy", context.model).map { "\($0).nan" } ?? "float(\"nan\")"
        context.report(left, "Column `\(keys[0].text)` of `\(frame.text)` is initialised with `\(placeholder)` as a placeholder: \(evidence)",
                       refactoring: "Initialise with `np.nan`: `\(frame.text)[\(keys[0].text)] = \(np)`")
    }

    /// The content of a plain string literal (no f-strings, no concatenation).
    static func stringContent(_ node: Node) -> String? {
        guard node.symbol == Py.string else { return nil }
        var text = Substring(node.text)
        if let first = text.first, first.isLetter {
            if first == "f" || first == "F" { return nil }
            text = text.drop { $0.isLetter }
        }
        guard let quote = text.first, quote == "\"" || quote == "'" else { return nil }
        let triple = text.hasPrefix(String(repeating: quote, count: 3)) && text.count >= 6
        let width = triple ? 3 : 1
        guard text.count >= 2 * width else { return nil }
        return String(text.dropFirst(width).dropLast(width))
    }

    /// A later assignment to the same column in the same scope that shows the value was a
    /// placeholder, described for the message.
    private func laterAssignment(of frame: String, _ column: String, after node: Node, loopsOnly: Bool, _ context: RuleContext) -> String? {
        // The scope's code: the function body, or the module (with a notebook's later cells, numbered from 1).
        var roots: [(root: Node, cell: Int?)] = []
        if let function = PandasNames.enclosingFunction(node) {
            guard function.symbol == Py.functionDefinition, let body = function.child(PyField.body) else { return nil }
            roots.append((body, nil))
        } else {
            roots.append((node.tree.root, nil))
            if context.isNotebook {
                for unit in context.document.units where unit.index > context.unit.index {
                    if let tree = unit.tree, !tree.isTooDeep { roots.append((tree.root, unit.cellIndex.map { $0 + 1 })) }
                }
            }
        }
        for (k, (root, cell)) in roots.enumerated() {
            var found: String?
            root.walk { n in
                if found != nil { return false }
                if k == 0 {
                    // Skip what comes before the placeholder; go down into what holds it.
                    if n.endByte <= node.startByte || n == node { return false }
                    if n.startByte < node.endByte { return true }
                }
                let s = n.symbol
                if s == Py.functionDefinition || s == Py.classDefinition || s == Py.lambda { return false }
                if s == Py.assignment, let target = n.child(PyField.left) {
                    found = evidence(target, assignment: n, frame: frame, column, loopsOnly: loopsOnly, scopeRoot: root, cell: cell)
                }
                return true
            }
            if let found { return found }
        }
        return nil
    }

    private func evidence(_ target: Node, assignment: Node, frame: String, _ column: String, loopsOnly: Bool, scopeRoot: Node,
                          cell: Int?) -> String? {
        guard target.symbol == Py.subscript, let value = target.child(PyField.value) else { return nil }
        let keys = target.children(PyField.subscript)
        let line = cell.map { "cell \($0), line \(assignment.startRow + 1)" } ?? "line \(assignment.startRow + 1)"
        // df["c"] = ...
        if value.symbol == Py.identifier, value.text == frame, keys.count == 1, Self.stringContent(keys[0]) == column {
            return "the column is assigned again (\(line))"
        }
        // df.loc[i, "c"] = ... / df.at[i, "c"] = ...
        var isRowWrite = false
        if value.symbol == Py.attribute, let object = value.child(PyField.object), object.symbol == Py.identifier, object.text == frame,
           let accessor = value.child(PyField.attribute), Self.rowAccessors.contains(accessor.text),
           keys.count == 2, Self.stringContent(keys[1]) == column {
            isRowWrite = true
        }
        // df["c"][i] = ...
        if value.symbol == Py.subscript, let inner = value.child(PyField.value), inner.symbol == Py.identifier, inner.text == frame {
            let innerKeys = value.children(PyField.subscript)
            if innerKeys.count == 1, Self.stringContent(innerKeys[0]) == column { isRowWrite = true }
        }
        guard isRowWrite else { return nil }
        if inLoop(assignment, scopeRoot: scopeRoot) { return "it is filled row by row (\(line))" }
        return loopsOnly ? nil : "it is filled in later (\(line))"
    }

    private func inLoop(_ node: Node, scopeRoot: Node) -> Bool {
        var current = node.parent
        while let n = current, n != scopeRoot {
            if n.symbol == Py.forStatement || n.symbol == Py.whileStatement { return true }
            current = n.parent
        }
        return false
    }
}

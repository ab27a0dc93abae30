import SmeltAnalysis
import SmeltSyntax

/// SM110: the same kind of change to the same DataFrame scattered over the code.
public struct DuplicateResponsibility: Rule {
    public static let description = RuleDescription(
        code: "SM110", slug: "duplicate-responsibility", name: "Duplicate responsibility",
        category: .cleanCode, severity: .warning,
        summary: "The same kind of change to one DataFrame — dropping columns, encoding values, filling gaps — done in several places",
        whatItDoes: """
            In code that imports pandas, finds changes to a DataFrame that write back to it — \
            `df = df.drop(...)`, `df["c"] = df["c"].fillna(...)`, `df["sex"] = df["sex"].map({...})` \
            (or `.replace({...})`), or any of them with `inplace=True` — and groups them by kind (dropping \
            columns, filling missing values, encoding values with a mapping) and by DataFrame name, within one \
            function or across the top level of a script or all cells of a notebook. When a group has at least \
            `min-occurrences` changes (2 by default), every change after the first is reported and points at \
            the first. Results assigned to another name (`X = df.drop(columns=["target"])`) derive new data \
            and are not counted.
            """,
        whyIsThisBad: """
            When the columns of `loans` are dropped in three cells and filled in four, nobody can tell which \
            columns the model finally sees or how gaps are filled without reading everything; a change to one \
            step is easily missed in the others, and the steps cannot be tested or reused. One function per \
            responsibility makes the decision visible and testable.
            """,
        example: """
            loans = loans.drop(columns=["id"])
            loans["income"] = loans["income"].fillna(0)
            ...
            loans = loans.drop(columns=["zip_code"])
            loans["age"] = loans["age"].fillna(loans["age"].median())
            """,
        useInstead: """
            def drop_unused_columns(loans):
                return loans.drop(columns=["id", "zip_code"])

            def impute_missing(loans):
                return loans.fillna({"income": 0, "age": loans["age"].median()})
            """,
        refactoring: "Consolidate into one function",
        references: ["Effective Machine Learning Teams, ch. 8: duplicate responsibility (shotgun surgery)",
                     "Fowler, Refactoring (2nd ed.): Shotgun Surgery; Combine Functions into Transform"],
        options: [RuleOption("min-occurrences", default: .int(2),
                             "How many changes of one kind to one DataFrame make a finding (all but the first are reported).")],
        precision: .medium,
        triggering: [
            RuleExample("""
                import pandas as pd
                loans = pd.read_csv("l.csv")
                loans = loans.drop(columns=["id"])
                loans["income"] = loans["income"].fillna(0)
                loans = ↓loans.drop(columns=["zip"])
                loans["age"] = ↓loans["age"].fillna(30)
                """),
            RuleExample(cells: [
                ("import pandas as pd\nloans[\"sex\"] = loans[\"sex\"].map({\"M\": 0, \"F\": 1})", 1),
                ("loans[\"grade\"] = ↓loans[\"grade\"].replace({\"A\": 1, \"B\": 2})", 2),
                ("loans.drop([\"x\"], axis=1, inplace=True)\nloans = ↓loans.drop(columns=[\"y\"]).reset_index()", 3),
            ]),
        ],
        nonTriggering: [
            RuleExample("import pandas as pd\nX = loans.drop(columns=[\"target\"])\nloans = loans.drop(columns=[\"id\"])\n"),
            RuleExample("import pandas as pd\ntrain = train.drop(columns=[\"id\"])\ntest = test.drop(columns=[\"id\"])\n"),
            RuleExample("""
                import pandas as pd
                def clean_train(df):
                    df = df.drop(columns=["id"])
                    return df
                def clean_test(df):
                    df = df.drop(columns=["id"])
                    return df
                """),
            RuleExample("import pandas as pd\nloans = loans.drop(columns=[\"id\"])\nloans = loans.drop(columns=[\"zip\"])\n",
                        options: ["min-occurrences": .int(3)]),
            RuleExample("loans = loans.drop(columns=[\"id\"])\nloans = loans.drop(columns=[\"zip\"])\n"),
            RuleExample("import pandas as pd\nloans[\"a\"] = loans[\"a\"].map(str.strip)\nloans[\"b\"] = loans[\"b\"].map(len)\n"),
        ]
    )

    private let minimum: Int

    public init(options: RuleOptions) { minimum = max(2, options.int("min-occurrences")) }

    private enum Kind: String {
        case drop, fill, encode
    }

    public func finish(_ context: RuleContext) {
        guard context.model.imports.values.contains(where: { $0 == "pandas" || $0.hasPrefix("pandas.") }) else { return }
        var groups: [String: [(unit: Int, call: Node)]] = [:]
        var order: [String] = []
        for unit in context.document.units {
            guard let tree = unit.tree, !tree.isTooDeep else { continue }
            let callSymbol = Py.call
            for j in 0..<tree.nodeCount where tree.symbol(at: j) == callSymbol {
                let call = tree.node(at: j)
                guard let function = call.child(PyField.function), function.symbol == Py.attribute,
                      let attr = function.child(PyField.attribute), let object = function.child(PyField.object) else { continue }
                let kind: Kind
                if attr.textEquals("drop") {
                    kind = .drop
                } else if attr.textEquals("fillna") {
                    kind = .fill
                } else if attr.textEquals("map") || attr.textEquals("replace") {
                    guard let first = Syntax.positionalArguments(call).first, first.symbol == Py.dictionary else { continue }
                    kind = .encode
                } else {
                    continue
                }
                guard let frame = Self.frameName(object), writesBack(call, frame) else { continue }
                let scope = enclosingFunction(call).map { "\(unit.index):\($0.startByte)" } ?? "module"
                let key = "\(kind.rawValue)|\(frame)|\(scope)"
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append((unit.index, call))
            }
        }
        for key in order {
            guard let calls = groups[key], calls.count >= minimum else { continue }
            let parts = key.split(separator: "|")
            guard let kind = Kind(rawValue: String(parts[0])) else { continue }
            let frame = String(parts[1])
            let first = place(calls[0].unit, calls[0].call, context)
            let (what, function) = describe(kind, frame)
            for c in calls.dropFirst() {
                context.report(unit: c.unit, c.call.byteRange,
                               "\(what) in \(calls.count) places (first at \(first))",
                               refactoring: "Consolidate into one function, e.g. `\(function)(\(frame))`, and call it once")
            }
        }
    }

    private func describe(_ kind: Kind, _ frame: String) -> (String, String) {
        switch kind {
        case .drop: return ("Columns of `\(frame)` are dropped", "drop_unused_columns")
        case .fill: return ("Missing values of `\(frame)` are filled", "impute_missing")
        case .encode: return ("Values of `\(frame)` are encoded with a mapping", "encode_categories")
        }
    }

    /// `line 3`, or `cell 2, line 3` in a notebook.
    private func place(_ unitIndex: Int, _ node: Node, _ context: RuleContext) -> String {
        let unit = context.document.units[unitIndex]
        let line = unit.text.location(ofByte: node.startByte).line
        if let cell = unit.cellIndex { return "cell \(cell + 1), line \(line)" }
        return "line \(line)"
    }

    /// The DataFrame a method is called on: `df`, `df["c"]`, `df.c`, `df.loc[...]` → `df` (nil through calls).
    static func frameName(_ object: Node) -> String? { Syntax.rootName(object) }

    /// Whether the call changes `frame`: `inplace=True`, or its (chained) result is assigned back to `frame`.
    private func writesBack(_ call: Node, _ frame: String) -> Bool {
        if Syntax.keywordArguments(call).keywords.contains(where: { $0.name == "inplace" && $0.value.symbol == Py.true }) { return true }
        var top = call
        while let p = top.parent {
            let s = p.symbol
            if (s == Py.attribute && top.field == PyField.object) || (s == Py.call && top.field == PyField.function) {
                top = p
                continue
            }
            break
        }
        guard let assignment = top.parent, assignment.symbol == Py.assignment, top.field == PyField.right,
              let left = assignment.child(PyField.left) else { return false }
        return Self.frameName(left) == frame
    }

    private func enclosingFunction(_ node: Node) -> Node? {
        var a = node.parent
        while let n = a {
            if n.symbol == Py.functionDefinition { return n }
            a = n.parent
        }
        return nil
    }
}

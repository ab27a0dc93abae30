import SmeltAnalysis
import SmeltSyntax

/// SM307: `merge`/`join` relying on default keys, join type or cardinality.
public struct MergeParametersNotSet: Rule {
    public static let description = RuleDescription(
        code: "SM307", slug: "merge-parameters-not-set", name: "Merge parameters not set",
        category: .dataHandling, severity: .warning,
        summary: "`merge` or `join` without explicit keys (`on`), join type (`how`) or `validate`",
        whatItDoes: """
            In code that imports pandas, finds `pd.merge(left, right, ...)` and `frame.merge(right, ...)` calls \
            that leave out the keys (`on`, or `left_on`/`right_on`, or `left_index`/`right_index`), the join type \
            (`how`) or the expected cardinality (`validate`), and `frame.join(other, ...)` calls that leave out \
            `on` or `how`. `frame.merge`/`frame.join` count only on DataFrame-like receivers (so `", ".join(...)` \
            and `os.path.join(...)` never do). Arguments passed by position count as set; calls with `**kwargs` \
            are not reported.
            """,
        whyIsThisBad: """
            The defaults hide decisions that change the result: without `on`, pandas joins on every column the \
            two frames happen to share, so adding a column to one of them changes the join; the default \
            `how="inner"` silently drops unmatched rows; and without `validate` a duplicated key multiplies rows \
            instead of failing. Explicit parameters document the join and make pandas check it.
            """,
        example: "applications = pd.merge(loans, customers)\n",
        useInstead: "applications = pd.merge(loans, customers, on=\"customer_id\", how=\"left\", validate=\"many_to_one\")\n",
        refactoring: "Set `on`, `how` and `validate` explicitly",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #6 merge API parameter not explicitly set",
            "dslinter: merge-parameter-not-explicitly-set",
            "pandas docs: DataFrame.merge (`validate`)",
        ],
        triggering: [
            RuleExample("import pandas as pd\napplications = ↓pd.merge(loans, customers)\n"),
            RuleExample("import pandas as pd\nfull = ↓pd.merge(loans, customers, on=\"id\", how=\"left\")\n"),
            RuleExample("import pandas as pd\nloans = pd.read_csv(\"l.csv\")\nfull = loans.↓merge(customers, how=\"inner\", validate=\"m:1\")\n"),
            RuleExample("import pandas as pd\nwide = df.↓join(extra)\n"),
        ],
        nonTriggering: [
            RuleExample("import pandas as pd\nfull = pd.merge(loans, customers, on=\"id\", how=\"left\", validate=\"many_to_one\")\n"),
            RuleExample("import pandas as pd\nfull = df.merge(other, left_on=\"a\", right_on=\"b\", how=\"inner\", validate=\"1:1\")\n"),
            RuleExample("import pandas as pd\nfull = df.merge(other, how=\"cross\")\n"),
            RuleExample("import pandas as pd\nwide = df.join(extra, on=\"key\", how=\"left\")\n"),
            RuleExample("import pandas as pd\nimport os\npath = os.path.join(root, \"data.csv\")\nlabel = \", \".join(names)\n"),
            RuleExample("import pandas as pd\nfull = pd.merge(a, b, **merge_options)\n"),
            RuleExample("import pandas as pd\nworker.join()\n"),
            RuleExample("full = df.merge(other)\n"),
        ]
    )

    static let keyParameters: Set<String> = ["on", "left_on", "right_on", "left_index", "right_index"]

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.call] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let function = node.child(PyField.function) else { return }
        let model = context.model
        var isMerge = false
        var reportFrom = node.startByte
        var positionalBefore = 0
        if let q = model.qualifiedName(function) {
            guard q == "pandas.merge" else { return }
            isMerge = true
            positionalBefore = 2
        } else if function.symbol == Py.attribute, let method = function.child(PyField.attribute),
                  method.textEquals("merge") || method.textEquals("join"), let receiver = function.child(PyField.object) {
            guard receiver.symbol != Py.string, PandasNames.isImported(model),
                  PandasNames.isFrameExpression(receiver, context) else { return }
            isMerge = method.textEquals("merge")
            positionalBefore = 1
            reportFrom = method.startByte
        } else {
            return
        }
        guard PandasNames.isImported(model) else { return }
        let (keywords, splat) = Syntax.keywordArguments(node)
        if splat { return }
        let names = Set(keywords.map(\.name))
        // Positional parameters after the frames: merge(how, on, ...), join(on, how, ...).
        let extra = Syntax.positionalArguments(node).count - positionalBefore
        var missing: [String] = []
        if isMerge {
            let how = PandasNames.keyword("how", in: keywords)
            let cross = how.map { $0.textEquals("\"cross\"") || $0.textEquals("'cross'") } ?? false
            if !cross, extra < 2, names.isDisjoint(with: Self.keyParameters) { missing.append("on") }
            if extra < 1, how == nil { missing.append("how") }
            if !cross, !names.contains("validate") { missing.append("validate") }
        } else {
            if extra < 1, !names.contains("on") { missing.append("on") }
            if extra < 2, !names.contains("how") { missing.append("how") }
        }
        guard !missing.isEmpty else { return }
        let call = function.symbol == Py.attribute && !isQualified(function, model)
            ? "." + (function.child(PyField.attribute)?.text ?? "") : function.text
        let list = missing.map { "`\($0)`" }.joined(separator: ", ")
        let defaults: String = {
            if missing.contains("on") { return isMerge ? "joins on whatever columns the frames share" : "joins on the index" }
            if missing.contains("how") { return "uses the default join type" }
            return "does not check the keys' cardinality"
        }()
        context.report(ByteRange(reportFrom, node.endByte), "`\(call)(…)` without \(list) \(defaults)",
                       refactoring: "Set \(list) explicitly, e.g. `\(call)(…, \(missing.map(example).joined(separator: ", ")))`")
    }

    private func isQualified(_ function: Node, _ model: SemanticModel) -> Bool { model.qualifiedName(function) != nil }

    private func example(_ parameter: String) -> String {
        switch parameter {
        case "on": return "on=\"key\""
        case "how": return "how=\"left\""
        default: return "validate=\"many_to_one\""
        }
    }
}

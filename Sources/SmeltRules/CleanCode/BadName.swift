import SmeltAnalysis
import SmeltSyntax

/// SM108: names that say what type a value is, or nothing at all, instead of what it holds.
public struct BadName: Rule {
    public static let description = RuleDescription(
        code: "SM108", slug: "bad-name", name: "Bad name",
        category: .cleanCode, severity: .info,
        summary: "A variable or parameter named `df`, `temp`, `df2`, `train_df`, `list_of_x` or a single letter",
        whatItDoes: """
            Looks at each variable and parameter where it is first bound in its scope (once per name and \
            scope) and reports names that say nothing about what the value holds: `df`, `_df`, `temp`, `tmp`, \
            `foo`; numbered copies (`df2`, `data_3`, `x1`); names that encode the type (`train_df`, `df_train`, \
            `pd_series`, `list_of_features`, `param_dict`, `values_arr`); and single letters other than the \
            conventional `X`, `y`, `i`, `j`, `k`, `n`, `f`, `e` and `_`. Loop and comprehension variables, lambda \
            parameters, `with … as` and `except … as` names, upper-case letters (matrices, type variables) and \
            single letters in functions of at most three statements (math helpers) are not reported, nor are test \
            files.
            """,
        whyIsThisBad: """
            Code is read far more often than it is written. `df` tells the reader it is a DataFrame — which they \
            knew — but not whether it holds loans, applicants or predictions; after `df2 = df[df.x > 0]` and \
            `df3 = df2.dropna()` nobody can tell the frames apart. A name that says what each row is makes the \
            code explain itself.
            """,
        example: """
            df = pd.read_csv("loans.csv")
            df2 = df[df["income"] > 0]
            train_df, test_df = train_test_split(df2)
            """,
        useInstead: """
            loans = pd.read_csv("loans.csv")
            loans_with_income = loans[loans["income"] > 0]
            loans_train, loans_test = train_test_split(loans_with_income)
            """,
        refactoring: "Rename it after what it holds",
        references: ["Effective Machine Learning Teams, ch. 8: use meaningful names (\"rename variable\")",
                     "Clean Code, ch. 2 \"Meaningful Names\": avoid encodings and noise words", "pycodestyle E741 (ambiguous name `l`)"],
        precision: .medium,
        triggering: [
            RuleExample("↓df = pd.read_csv(\"loans.csv\")\n↓df2 = df[df[\"income\"] > 0]\n"),
            RuleExample("↓train_df = load()\n↓list_of_features = [\"age\", \"income\"]\n"),
            RuleExample("def clean(↓temp):\n    ↓a = temp.dropna()\n    ↓b = a.reset_index()\n    ↓c = b.fillna(0)\n    return c\n"),
            RuleExample("↓x1 = scale(X)\n"),
            RuleExample(cells: [("↓df = load()", 1), ("df = df.dropna()", 2)]),
        ],
        nonTriggering: [
            RuleExample("X = loans.drop(columns=[\"target\"])\ny = loans[\"target\"]\n"),
            RuleExample("for i, row in enumerate(rows):\n    print(i, row)\nsquares = [x * x for x in range(3)]\nbig = list(filter(lambda x: x > 1, rows))\n"),
            RuleExample("def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n"),
            RuleExample("with open(path) as f:\n    text = f.read()\ntry:\n    go()\nexcept ValueError as e:\n    raise\n"),
            RuleExample("import pandas as pd\nimport numpy as np\nloans = pd.read_csv(\"l.csv\")\n"),
            RuleExample("for k, v in params.items():\n    print(k, v)\n"),
            RuleExample("state_dict = torch.load(path)\nA = np.eye(3)\n_ = fit()\n"),
            RuleExample("x1, y1, x2, y2 = box\n"),
        ]
    )

    public init(options: RuleOptions) {}

    static let vague: Set<String> = ["df", "_df", "dataframe", "data_frame", "temp", "tmp", "_tmp", "_temp", "foo", "bar", "baz"]
    static let numberedStems: Set<String> = ["df", "data", "dataset", "temp", "tmp", "x", "var", "new", "foo", "res",
                                             "result", "d", "arr", "lst", "dataframe", "frame", "table", "obj", "val", "a", "b"]
    static let typeSuffixes = ["_df", "_dataframe", "_series", "_list", "_dict", "_arr", "_array", "_ndarray"]
    static let typePrefixes = ["df_", "pd_", "np_", "list_of_", "dict_of_", "lst_", "arr_", "dict_", "list_"]
    static let allowedLetters: Set<String> = ["X", "y", "i", "j", "k", "n", "f", "e", "_"]
    static let typeWords: Set<String> = ["df", "dataframe", "series", "list", "dict", "arr", "array", "ndarray", "data", "np", "pd", "lst"]

    public func finish(_ context: RuleContext) {
        if context.isTestFile { return }
        let model = context.model
        var found: [(unit: Int, range: ByteRange, message: String, refactoring: String)] = []
        for scope in model.scopes {
            for (name, ids) in scope.bindings {
                guard !name.hasPrefix("__") else { continue }
                // A name that is also imported, defined or declared elsewhere in the scope is not a variable's.
                if ids.contains(where: { id in
                    let k = model.bindings[id].kind
                    return k == .import || k == .fromImport || k == .function || k == .class || k == .wildcardImport
                }) { continue }
                guard let first = ids.first(where: { Self.eligible(model.bindings[$0].kind) }) else { continue }
                let binding = model.bindings[first]
                guard let problem = problem(name, binding, scope) else { continue }
                found.append((binding.unit, binding.node.byteRange, problem.0, problem.1))
            }
        }
        found.sort { ($0.unit, $0.range.lowerBound) < ($1.unit, $1.range.lowerBound) }
        for f in found { context.report(unit: f.unit, f.range, f.message, refactoring: f.refactoring) }
    }

    static func eligible(_ kind: BindingKind) -> Bool {
        kind == .assignment || kind == .annotation || kind == .namedExpression || kind == .parameter
            || kind == .forTarget || kind == .comprehensionTarget || kind == .withTarget || kind == .augmentedAssignment
    }

    private func problem(_ name: String, _ binding: Binding, _ scope: Scope) -> (String, String)? {
        if Self.vague.contains(name) {
            let isFrame = name.contains("df") || name.contains("frame")
            return isFrame
                ? ("`\(name)` names the type, not what the data is", "Rename `\(name)` after what each row is (e.g. `loans`)")
                : ("`\(name)` says nothing about what it holds", "Rename `\(name)` after what it holds")
        }
        let inTuple = binding.node.parent.map { p in
            p.symbol == Py.patternList || p.symbol == Py.tuplePattern || p.symbol == Py.listPattern || p.symbol == Py.tuple
        } ?? false
        if let stem = Self.numberedStem(name) {
            let single = stem.count == 1
            if single && (inTuple || binding.kind == .parameter || binding.kind == .forTarget || binding.kind == .comprehensionTarget) {
                return nil
            }
            if binding.kind == .forTarget || binding.kind == .comprehensionTarget { return nil }
            return ("`\(name)` is a numbered copy, not a name", "Rename `\(name)` after how it differs from the other `\(stem)`s (e.g. `loans_with_income`)")
        }
        if name.hasSuffix("state_dict") || name.hasSuffix("time_series") { return nil }
        let lower = name.lowercased()
        for suffix in Self.typeSuffixes where lower.hasSuffix(suffix) && lower.count > suffix.count {
            let stem = String(name.dropLast(suffix.count))
            let plural = ["_list", "_dict", "_arr", "_array", "_ndarray"].contains(suffix) && !stem.hasSuffix("s")
            return typeEncoded(name, suggestion: stem + (plural ? "s" : ""))
        }
        for prefix in Self.typePrefixes where lower.hasPrefix(prefix) && lower.count > prefix.count {
            return typeEncoded(name, suggestion: String(name.dropFirst(prefix.count)))
        }
        if name.count == 1, let c = name.first, c.isLowercase, !Self.allowedLetters.contains(name) {
            let k = binding.kind
            if k == .forTarget || k == .comprehensionTarget || k == .withTarget || k == .exceptTarget { return nil }
            if scope.kind == .lambda || scope.kind == .comprehension || scope.kind == .class { return nil }
            if scope.kind == .function, let function = scope.node, let body = function.child(PyField.body),
               Syntax.statementCount(body) <= 3 {
                return nil
            }
            return ("Single-letter name `\(name)` says nothing about what it holds", "Rename `\(name)` after what it holds")
        }
        return nil
    }

    private func typeEncoded(_ name: String, suggestion: String) -> (String, String) {
        let clean = suggestion.trimmingUnderscores
        let hint = clean.isEmpty || Self.typeWords.contains(clean.lowercased()) ? "" : ", e.g. `\(clean)`"
        return ("`\(name)` encodes its type in its name", "Rename `\(name)` after what it holds, without the type\(hint)")
    }

    /// `df2`, `data_3`, `x1` → the stem, when it is a vague word or a single letter.
    static func numberedStem(_ name: String) -> String? {
        let digits = name.reversed().prefix(while: \.isNumber).count
        guard digits > 0, digits < name.count else { return nil }
        var stem = String(name.dropLast(digits))
        if stem.hasSuffix("_") { stem.removeLast() }
        return numberedStems.contains(stem.lowercased()) ? stem : nil
    }
}

private extension String {
    var trimmingUnderscores: String {
        var s = Substring(self)
        while s.first == "_" { s = s.dropFirst() }
        while s.last == "_" { s = s.dropLast() }
        return String(s)
    }
}

import SmeltAnalysis
import SmeltSyntax

/// SM303: comparing with NaN (`== np.nan`), which is never true.
public struct NanEquality: Rule {
    public static let description = RuleDescription(
        code: "SM303", slug: "nan-equality", name: "NaN equality",
        category: .dataHandling, severity: .error,
        summary: "Comparison with NaN such as `x == np.nan`, which is always False",
        whatItDoes: """
            Finds comparisons with a missing-value constant: `== np.nan`, `!= np.nan`, `== float("nan")`, \
            `== math.nan`, `== pd.NA`, `== pd.NaT`, on either side. `==` and `!=` are errors: their result never \
            depends on the data. `is np.nan` and `is not np.nan` are warnings: they test for one particular float \
            object, not for missing values. Names are resolved through the imports, so `from numpy import nan` \
            works too.
            """,
        whyIsThisBad: """
            NaN is not equal to anything, itself included: `x == np.nan` is False for every `x`, and \
            `df[df["age"] == np.nan]` silently selects nothing. `pd.NA == x` gives `NA`, which raises in an `if`. \
            `x is np.nan` works only when `x` is that very object; NaN read from a file or computed is another \
            object, so the test quietly fails.
            """,
        example: """
            missing = loans[loans["income"] == np.nan]
            if value != float("nan"):
                total += value
            """,
        useInstead: """
            missing = loans[loans["income"].isna()]
            if not math.isnan(value):
                total += value
            """,
        refactoring: "Test for missing values with `isna()` / `pd.isna(x)` / `np.isnan(x)`",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #2 NaN equivalence comparison misused",
            "dslinter: nan-equivalence-comparison-misused",
            "ruff PLW0177 (nan-comparison)",
        ],
        triggering: [
            RuleExample("import numpy as np\nmissing = df[↓df[\"income\"] == np.nan]\n"),
            RuleExample("import numpy as np\nif ↓value != np.nan:\n    total = value\n"),
            RuleExample("if ↓x == float(\"nan\"):\n    x = 0\n"),
            RuleExample("import math\nok = ↓math.nan == y\n"),
            RuleExample("import pandas as pd\nmask = ↓s == pd.NA\n"),
            RuleExample("from numpy import nan\nflags = [↓v is nan for v in values]\n"),
            RuleExample("import numpy as np\nif ↓v is not np.NaN:\n    keep(v)\n"),
        ],
        nonTriggering: [
            RuleExample("import numpy as np\nmissing = df[df[\"income\"].isna()]\n"),
            RuleExample("import numpy as np\nif np.isnan(value):\n    value = 0\n"),
            RuleExample("import numpy as np\ndf[\"c\"] = df[\"c\"].replace(-1, np.nan)\n"),
            RuleExample("import numpy as np\nx = np.nan if y < 0 else y\n"),
            RuleExample("nan = 0\nok = x == nan\n"),
            RuleExample("if x == \"nan\":\n    x = None\n"),
            RuleExample("import numpy as np\nif x is None:\n    x = np.nan\n"),
            RuleExample("import math\n\ndef test_nan_is_unequal(self):\n    self.assertFalse(math.nan == math.nan)\n", fileName: "test_floats.py"),
        ],
        fix: FixDocumentation(.unsafe, safety: """
            Unsafe, always: today `x == nan` is False for every `x` (and `x != nan` True), so any test that works \
            changes what the program does — the code today never matches a missing value; after the fix it \
            does, which is what was meant. The comparison is replaced by a missing-value test in the names the \
            file imports at module level: `x.isna()` / `x.notna()` when `x` is a DataFrame or Series expression \
            (for `==` and `!=` only: the result is a boolean Series either way); otherwise `pd.isna(x)` / \
            `pd.notna(x)` when pandas is imported (also true for `None`); otherwise, for a NumPy or `math` NaN, \
            `np.isnan(x)` / `~np.isnan(x)` when NumPy is imported (raises `TypeError` for a non-number such as \
            a string or `None`), or `math.isnan(x)` / `not math.isnan(x)` when `math` is imported (scalars \
            only). `is` / `is not` comparisons get the same fix except on a DataFrame or Series (a Series where \
            there was a bool). `pd.NA` and `pd.NaT` comparisons are fixed only with the pandas tests \
            (`.isna()`, `pd.isna`). No fix is offered in a chained comparison (`a < b == np.nan`), for \
            `np.nan == np.nan`, when a comment sits inside the comparison, or when none of pandas, NumPy and `math` is imported at module level (`float("nan")` alone): smelt does \
            not add imports.
            """,
            examples: [
                FixExample("import numpy as np\nimport pandas as pd\nmissing = df[df[\"income\"] == np.nan]\n",
                           "import numpy as np\nimport pandas as pd\nmissing = df[df[\"income\"].isna()]\n"),
                FixExample("import numpy as np\nimport pandas as pd\nloans = pd.read_csv(\"l.csv\")\nkept = loans[np.nan != loans[\"age\"]]\n",
                           "import numpy as np\nimport pandas as pd\nloans = pd.read_csv(\"l.csv\")\nkept = loans[loans[\"age\"].notna()]\n"),
                FixExample("import numpy as np\nif value != np.nan:\n    total = value\n",
                           "import numpy as np\nif ~np.isnan(value):\n    total = value\n"),
                FixExample("import math\nok = math.nan == y\n", "import math\nok = math.isnan(y)\n"),
                FixExample("import math\nif x != float(\"nan\"):\n    x = 0\n", "import math\nif not math.isnan(x):\n    x = 0\n"),
                FixExample("import pandas as pd\nfrom numpy import nan\nflags = [v is nan for v in values]\n",
                           "import pandas as pd\nfrom numpy import nan\nflags = [pd.isna(v) for v in values]\n"),
                FixExample("import pandas as pd\nmask = s == pd.NA\n", "import pandas as pd\nmask = pd.isna(s)\n"),
                FixExample("import numpy as np\nimport pandas as pd\nn = len(df[(df.price == np.nan) | (df.qty != np.nan)])\n",
                           "import numpy as np\nimport pandas as pd\nn = len(df[(df.price.isna()) | (df.qty.notna())])\n"),
            ])
    )

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.comparisonOperator] }

    public func visit(_ node: Node, _ context: RuleContext) {
        var previous: Node?
        var op: Node?
        for child in node.children {
            if !child.isNamed {
                op = child
                continue
            }
            if child.symbol == Py.comment { continue }
            if let left = previous, let op {
                check(left, op, child, context)
            }
            previous = child
            op = nil
        }
    }

    private func check(_ left: Node, _ op: Node, _ right: Node, _ context: RuleContext) {
        let opText = op.text.filter { !$0.isWhitespace }
        guard opText == "==" || opText == "!=" || opText == "is" || opText == "isnot" else { return }
        let other: Node
        let nan: Node
        if isNaN(right, context) {
            nan = right
            other = left
        } else if isNaN(left, context) {
            nan = left
            other = right
        } else {
            return
        }
        if context.isTestFile, isAssertion(left) { return }
        let negated = opText == "!=" || opText == "isnot"
        let shown = opText == "isnot" ? "is not" : opText
        let fix = replacement(for: other, negated: negated, context)
        let edit = fixedTest(left, right, nan: nan, other: other, negated: negated, identity: opText == "is" || opText == "isnot", context)
        let comparison = "`\(Syntax.snippet(left, limit: 30)) \(shown) \(Syntax.snippet(right, limit: 30))`"
        if opText == "==" || opText == "!=" {
            context.report(ByteRange(left.startByte, right.endByte),
                           "\(comparison) is always \(negated ? "True" : "False"): `\(nan.text)` is not equal to anything, itself included",
                           refactoring: "Test for missing values: \(fix)", fix: edit)
        } else {
            context.report(ByteRange(left.startByte, right.endByte),
                           "\(comparison) tests for one float object, not for missing values",
                           refactoring: "Test for missing values: \(fix)", severity: .warning, fix: edit)
        }
    }

    /// Whether a test asserts the comparison (`assert x != nan`, `self.assertFalse(x == nan)`): tests of
    /// NaN semantics compare with NaN on purpose.
    private func isAssertion(_ node: Node) -> Bool {
        var current = node.parent
        while let n = current, !Py.simpleStatements.contains(n.symbol), n.symbol != Py.block {
            if n.symbol == Py.call, let function = n.child(PyField.function) {
                let name = function.symbol == Py.attribute ? function.child(PyField.attribute) : function
                if let name, name.text.hasPrefix("assert") { return true }
            }
            current = n.parent
        }
        return current?.symbol == Py.assertStatement
    }

    /// `np.nan`, `math.nan`, `pd.NA`, `pd.NaT`, `float("nan")`.
    private func isNaN(_ node: Node, _ context: RuleContext) -> Bool {
        let s = node.symbol
        if s == Py.identifier || s == Py.attribute {
            guard let q = context.model.qualifiedName(node) else { return false }
            return Self.constants.contains(q)
        }
        if s == Py.call, let function = node.child(PyField.function), let q = context.model.qualifiedName(function),
           q == "float" || q == "numpy.float64" || q == "numpy.float32" || q == "numpy.double" {
            let arguments = Syntax.positionalArguments(node)
            guard arguments.count == 1, arguments[0].symbol == Py.string else { return false }
            let literal = arguments[0].text.lowercased().filter { $0 != "\"" && $0 != "'" && $0 != "+" && $0 != "-" }
            return literal == "nan"
        }
        return false
    }

    static let constants: Set<String> = [
        "numpy.nan", "numpy.NaN", "numpy.NAN", "math.nan", "pandas.NA", "pandas.NaT", "numpy.datetime64.NaT",
    ]

    /// The fix: the whole comparison replaced by a missing-value test, in names imported at
    /// module level; nil in a chained comparison, around comments, or without a usable import.
    private func fixedTest(_ left: Node, _ right: Node, nan: Node, other: Node, negated: Bool, identity: Bool,
                           _ context: RuleContext) -> Fix? {
        guard let comparison = left.parent, comparison.symbol == Py.comparisonOperator,
              comparison.startByte == left.startByte, comparison.endByte == right.endByte else { return nil }
        var hasComment = false
        comparison.walk { n in
            if n.symbol == Py.comment { hasComment = true }
            return !hasComment
        }
        if hasComment { return nil }
        // `np.nan == np.nan` demonstrates NaN; it does not test data.
        if isNaN(other, context) { return nil }
        let model = context.model
        /// The local name of a module imported at module level with `import module [as name]`.
        func moduleName(_ module: String) -> String? {
            model.imports.filter { $0.value == module }.keys.sorted().first { name in
                model.moduleBindings(named: name).contains { model.bindings[$0].kind == .import }
            }
        }
        let x = other.text
        let isPandasConstant = context.model.qualifiedName(nan).map { $0.hasPrefix("pandas.") } ?? false
        let replacement: String
        if PandasNames.isImported(model), PandasNames.isFrameExpression(other, context) {
            if identity { return nil }
            replacement = "\(x).\(negated ? "notna" : "isna")()"
        } else if let pd = moduleName("pandas") {
            replacement = "\(pd).\(negated ? "notna" : "isna")(\(x))"
        } else if isPandasConstant {
            return nil
        } else if let np = moduleName("numpy") {
            replacement = "\(negated ? "~" : "")\(np).isnan(\(x))"
        } else if let math = moduleName("math") {
            replacement = "\(negated ? "not " : "")\(math).isnan(\(x))"
        } else {
            return nil
        }
        let shown = Syntax.clip(replacement, limit: 40)
        return .unsafe("Replace the comparison with `\(shown)`", [FixEdits.replace(comparison, with: replacement)])
    }

    /// The test to write instead, in the names the file imports.
    private func replacement(for value: Node, negated: Bool, _ context: RuleContext) -> String {
        let model = context.model
        let text = Syntax.snippet(value, limit: 30)
        if PandasNames.isImported(model), PandasNames.isFrameExpression(value, context) {
            return "`\(text).\(negated ? "notna" : "isna")()`"
        }
        if let pd = PandasNames.alias(of: "pandas", model) {
            return "`\(pd).\(negated ? "notna" : "isna")(\(text))`"
        }
        if let np = PandasNames.alias(of: "numpy", model) {
            return "`\(negated ? "~" : "")\(np).isnan(\(text))`"
        }
        return "`\(negated ? "not " : "")math.isnan(\(text))`"
    }
}

import SmeltSyntax

/// SM101: print statements and bare display expressions left in the code.
public struct DisplayClutter: Rule {
    public static let description = RuleDescription(
        code: "SM101", slug: "display-clutter", name: "Print and display clutter",
        category: .cleanCode, severity: .warning,
        summary: "`print(...)`, `display(...)` and bare display expressions such as `df.head()` left in the code",
        whatItDoes: """
            Finds `print(...)` and `display(...)` calls, and expression statements that only show a value: \
            `df.head()`, `.tail()`, `.describe()`, `.info()`, `.sample()`, `.value_counts()`, `.shape`, `.dtypes`, \
            `.columns`, or a bare name. In a notebook the last expression of a cell is the cell's output, so a \
            bare expression is only reported when it is not the cell's last statement; `print` is reported everywhere.
            """,
        whyIsThisBad: """
            Exploratory code is "peppered with side effects — print statements, pretty-printed dataframes, data \
            visualizations". They are how we check our work by eye, but they clutter the logic, slow the reader \
            down, and hide what the code does. Once code is covered by tests, the tests give the feedback.
            """,
        example: """
            loans = pd.read_csv("loans.csv")
            print(loans.shape)
            loans.head()
            loans = loans.dropna()
            """,
        useInstead: """
            loans = pd.read_csv("loans.csv")
            loans = loans.dropna()
            """,
        refactoring: "Remove clutter: delete the display code and let tests give the feedback",
        references: [
            "Effective Machine Learning Teams, ch. 8 \"Refactoring and technical debt management\": remove print statements and other clutter",
            "ruff T201 (print), B018 (useless expression)",
        ],
        triggering: [
            RuleExample("↓print(\"training\")\n"),
            RuleExample("def train(x):\n    ↓print(x)\n    return x\n"),
            RuleExample("import pandas as pd\nloans = pd.read_csv(\"l.csv\")\n↓loans.head()\nloans = loans.dropna()\n"),
            RuleExample("x = 1\n↓x\ny = 2\n"),
            RuleExample("df = load()\n↓df.shape\n", .scriptOnly),
            RuleExample("df = load()\n↓df.describe()\n", .scriptOnly),
            RuleExample("↓display(df)\nx = 1\n"),
        ],
        nonTriggering: [
            RuleExample("import logging\nlogging.info(\"training\")\n"),
            RuleExample("df = load()\ndf.head()\n", .notebookOnly),
            RuleExample("\"\"\"Module docstring.\"\"\"\n"),
            RuleExample("def f():\n    ...\n"),
            RuleExample("print = log\nprint(\"x\")\n"),
            RuleExample("result = df.describe()\n"),
            RuleExample("model.fit(X, y)\n"),
        ]
    )

    static let displayMethods: Set<String> = ["head", "tail", "describe", "info", "sample", "value_counts", "nunique", "memory_usage"]
    static let displayAttributes: Set<String> = ["shape", "dtypes", "columns", "index", "size", "ndim"]
    static let displayFunctions: Set<String> = ["print", "display", "pprint.pprint", "IPython.display.display", "pprint.pp"]

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.expressionStatement] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard node.namedChildCount == 1, let expr = node.namedChild(0) else { return }
        if context.unit.maskedLines.contains(node.startRow + 1) { return }
        let s = expr.symbol
        if s == Py.call, let function = expr.child(PyField.function) {
            if let q = context.model.qualifiedName(function), Self.displayFunctions.contains(q) {
                context.report(expr, "`\(function.text)(...)` call left in the code")
                return
            }
            guard function.symbol == Py.attribute, let attr = function.child(PyField.attribute),
                  Self.displayMethods.contains(attr.text) else { return }
            // `logger.info("...")` logs; `df.info()` displays.
            if attr.textEquals("info"), !Syntax.positionalArguments(expr).isEmpty || context.model.qualifiedName(function)?.hasPrefix("logging") == true {
                return
            }
            guard !isCellOutput(node, context) else { return }
            context.report(expr, "`\(Syntax.snippet(expr))` only displays its result")
        } else if s == Py.attribute, let attr = expr.child(PyField.attribute), Self.displayAttributes.contains(attr.text) {
            guard !isCellOutput(node, context) else { return }
            context.report(expr, "`\(Syntax.snippet(expr))` only displays a value")
        } else if s == Py.identifier {
            guard !isCellOutput(node, context) else { return }
            context.report(expr, "Bare expression `\(expr.text)` only displays a value")
        }
    }

    /// The last top-level statement of a notebook cell is the cell's output.
    private func isCellOutput(_ statement: Node, _ context: RuleContext) -> Bool {
        guard context.isNotebook, context.ancestors.count == 1, let module = context.ancestors.first else { return false }
        return Syntax.statements(module).last == statement
    }
}

import SmeltSyntax

/// SM113: functions with too many statements.
public struct LongFunction: Rule {
    public static let description = RuleDescription(
        code: "SM113", slug: "long-function", name: "Long function",
        category: .cleanCode, severity: .warning,
        summary: "A function with more statements than the limit (30 by default)",
        whatItDoes: """
            Counts the statements of each function, including those nested in `if`, `for`, `while`, `with` and \
            `try` blocks (a nested function or class counts as one), and reports functions above \
            `max-statements`.
            """,
        whyIsThisBad: """
            A long function does many things: it is hard to name, to understand, to test and to change without \
            breaking one of the things it does. Functions that do one thing can be read by their names alone.
            """,
        example: """
            def train(path):
                loans = pd.read_csv(path)
                ...  # 40 statements that clean, encode, split, fit and evaluate
            """,
        useInstead: """
            def train(path):
                loans = clean(pd.read_csv(path))
                features, target = encode(loans)
                model = fit(features, target)
                return evaluate(model, features, target)
            """,
        refactoring: "Extract function: split it so each function does one thing",
        references: ["Effective Machine Learning Teams, ch. 8: long functions", "ruff PLR0915"],
        options: [RuleOption("max-statements", default: .int(30), "The most statements a function may have.")],
        triggering: [
            RuleExample("def ↓prepare(df):\n    a = 1\n    b = 2\n    if a:\n        c = 3\n    return c\n",
                        options: ["max-statements": .int(4)]),
            RuleExample("class Trainer:\n    def ↓fit(self):\n        x = 1\n        y = 2\n        z = 3\n",
                        options: ["max-statements": .int(2)]),
        ],
        nonTriggering: [
            RuleExample("def prepare(df):\n    a = 1\n    return a\n"),
            RuleExample("def outer():\n    def inner():\n        a = 1\n        b = 2\n        c = 3\n    return inner\n",
                        options: ["max-statements": .int(3)]),
        ]
    )

    private let limit: Int

    public init(options: RuleOptions) { limit = options.int("max-statements") }

    public var nodeKinds: [Symbol] { [Py.functionDefinition] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let body = node.child(PyField.body), let name = node.child(PyField.name) else { return }
        let count = Syntax.statementCount(body)
        if count > limit {
            context.report(name, "Function `\(name.text)` has \(count) statements (limit \(limit))")
        }
    }
}

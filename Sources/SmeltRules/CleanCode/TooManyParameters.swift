import SmeltSyntax

/// SM116: functions with too many parameters.
public struct TooManyParameters: Rule {
    public static let description = RuleDescription(
        code: "SM116", slug: "too-many-parameters", name: "Too many parameters",
        category: .cleanCode, severity: .warning,
        summary: "A function with more parameters than the limit (3 by default; `self`, `cls`, `*args` and `**kwargs` not counted)",
        whatItDoes: """
            Counts the positional and keyword parameters of each function and lambda-free definition, without \
            `self`/`cls` and without `*args`/`**kwargs`, and reports functions above `max-parameters`.
            """,
        whyIsThisBad: """
            Long parameter lists are hard to call correctly (which float was the learning rate?), and usually \
            mean the function does several things or that a group of values travels together and wants a name.
            """,
        example: """
            def train(data, target, n_trees, depth, learning_rate, seed):
                ...
            """,
        useInstead: """
            @dataclass(frozen=True)
            class TrainingConfig:
                n_trees: int
                depth: int
                learning_rate: float
                seed: int

            def train(data, target, config: TrainingConfig):
                ...
            """,
        refactoring: "Introduce parameter object (e.g. a dataclass config)",
        references: ["Effective Machine Learning Teams, ch. 8: long parameter lists", "ruff PLR0913"],
        options: [RuleOption("max-parameters", default: .int(3), "The most parameters a function may take.")],
        triggering: [
            RuleExample("def ↓train(data, target, n_trees, depth):\n    pass\n"),
            RuleExample("class M:\n    def ↓fit(self, a, b, c, *, d=1):\n        pass\n"),
        ],
        nonTriggering: [
            RuleExample("def train(data, target, config):\n    pass\n"),
            RuleExample("class M:\n    def fit(self, a, b, c, *args, **kwargs):\n        pass\n"),
            RuleExample("def train(a, b, c, d):\n    pass\n", options: ["max-parameters": .int(4)]),
        ]
    )

    private let limit: Int

    public init(options: RuleOptions) { limit = options.int("max-parameters") }

    public var nodeKinds: [Symbol] { [Py.functionDefinition] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let params = node.child(PyField.parameters), let name = node.child(PyField.name) else { return }
        var names: [String] = []
        for p in params.children where p.isNamed {
            let s = p.symbol
            if s == Py.identifier {
                names.append(p.text)
            } else if s == Py.defaultParameter || s == Py.typedDefaultParameter {
                names.append(p.child(PyField.name)?.text ?? "")
            } else if s == Py.typedParameter, let id = p.children.first(where: { $0.symbol == Py.identifier }) {
                names.append(id.text)
            }
        }
        if let first = names.first, first == "self" || first == "cls" { names.removeFirst() }
        if names.count > limit {
            context.report(name, "Function `\(name.text)` takes \(names.count) parameters (limit \(limit))")
        }
    }
}

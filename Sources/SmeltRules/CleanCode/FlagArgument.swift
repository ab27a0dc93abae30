import SmeltSyntax

/// SM117: boolean parameters that select what a function does.
public struct FlagArgument: Rule {
    public static let description = RuleDescription(
        code: "SM117", slug: "flag-argument", name: "Flag argument",
        category: .cleanCode, severity: .warning,
        summary: "A boolean parameter whose value selects which branch of the function runs",
        whatItDoes: """
            Finds parameters that are booleans — a default of `True` or `False`, or annotated `bool` — and are \
            used as the condition of an `if`, `elif` or conditional expression (`a if flag else b`, also \
            `not flag`) in the function's body. Verbosity switches (`verbose`, `debug`, `quiet`...) and flags \
            whose branch only prints, logs or plots are not reported, nor are dunder methods such as `__init__`.
            """,
        whyIsThisBad: """
            A flag argument means the function does two things. Calls such as `train(data, True)` do not say \
            what `True` means; every caller and every test has to cover both behaviours; and flags multiply: \
            three of them make eight versions of the function.
            """,
        example: """
            def train(features, target, use_scaler=False):
                if use_scaler:
                    features = StandardScaler().fit_transform(features)
                return LogisticRegression().fit(features, target)
            """,
        useInstead: """
            def train(features, target):
                return LogisticRegression().fit(features, target)

            def train_scaled(features, target):
                return train(StandardScaler().fit_transform(features), target)
            """,
        refactoring: "Split into two functions",
        references: ["Effective Machine Learning Teams, ch. 8: flag arguments", "Fowler, Refactoring (2nd ed.): Remove Flag Argument",
                     "ruff FBT001/FBT002 (boolean-type-hint/default-value positional argument)"],
        precision: .medium,
        triggering: [
            RuleExample("def train(features, target, ↓use_scaler=False):\n    if use_scaler:\n        features = scale(features)\n    return fit(features, target)\n"),
            RuleExample("def load(path, ↓clean: bool):\n    raw = read(path)\n    return tidy(raw) if clean else raw\n"),
            RuleExample("class Model:\n    def fit(self, X, y, ↓warm_start: bool = True):\n        if not warm_start:\n            self.reset()\n        elif X is None:\n            return self\n        return self\n"),
        ],
        nonTriggering: [
            RuleExample("def train(features, target, verbose=False):\n    if verbose:\n        print(\"training\")\n    return fit(features, target)\n"),
            RuleExample("def train(features, target, report=True):\n    model = fit(features, target)\n    if report:\n        logger.info(\"fitted %s\", model)\n    return model\n"),
            RuleExample("def split(rows, shuffle=True):\n    return train_test_split(rows, shuffle=shuffle)\n"),
            RuleExample("def cut(rows, limit=10):\n    if limit:\n        return rows[:limit]\n    return rows\n"),
            RuleExample("class Layer:\n    def __init__(self, bias=True):\n        if bias:\n            self.b = 0\n"),
        ]
    )

    static let verbosityNames: Set<String> = ["verbose", "debug", "quiet", "silent", "show_progress", "progress",
                                              "progress_bar", "disable_tqdm", "log", "logging"]

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.functionDefinition] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let params = node.child(PyField.parameters), let body = node.child(PyField.body),
              let nameNode = node.child(PyField.name) else { return }
        let functionName = nameNode.text
        if functionName.hasPrefix("__") && functionName.hasSuffix("__") { return }
        var flags: [String: Node] = [:]
        for p in params.children where p.isNamed {
            guard let (name, isBool) = Self.booleanParameter(p), isBool else { continue }
            if Self.verbosityNames.contains(name.text) { continue }
            flags[name.text] = name
        }
        if flags.isEmpty { return }
        var reported = Set<String>()
        body.walk { n in
            let s = n.symbol
            if s == Py.functionDefinition || s == Py.classDefinition || s == Py.decoratedDefinition { return false }
            var condition: Node?
            var twoWays = false
            if s == Py.ifStatement || s == Py.elifClause {
                condition = n.child(PyField.condition)
                twoWays = s == Py.elifClause || n.children.contains { $0.symbol == Py.elseClause || $0.symbol == Py.elifClause }
                if s == Py.ifStatement, !twoWays, let consequence = n.child(PyField.consequence), Self.onlyReports(consequence) {
                    return true
                }
            } else if s == Py.conditionalExpression {
                condition = n.namedChild(1)
                twoWays = true
            }
            guard let c = condition, let flag = Self.flagName(c), let param = flags[flag], !reported.contains(flag) else { return true }
            reported.insert(flag)
            let what = twoWays ? "selects between two branches of" : "switches part of"
            context.report(param, "Flag argument `\(flag)` \(what) `\(functionName)`",
                           refactoring: "Split `\(functionName)(…, \(flag))` into two functions")
            return true
        }
    }

    /// The parameter's name and whether it is a boolean (a `True`/`False` default or a `bool` annotation).
    static func booleanParameter(_ p: Node) -> (Node, Bool)? {
        let s = p.symbol
        if s == Py.defaultParameter || s == Py.typedDefaultParameter {
            guard let name = p.child(PyField.name) else { return nil }
            if let v = p.child(PyField.value), v.symbol == Py.true || v.symbol == Py.false { return (name, true) }
            if s == Py.typedDefaultParameter, let t = p.child(PyField.type) { return (name, isBoolType(t)) }
            return (name, false)
        }
        if s == Py.typedParameter, let name = p.children.first(where: { $0.symbol == Py.identifier }), let t = p.child(PyField.type) {
            return (name, isBoolType(t))
        }
        return nil
    }

    static func isBoolType(_ type: Node) -> Bool {
        let t = type.text.filter { !$0.isWhitespace }
        return t == "bool" || t == "Optional[bool]" || t == "bool|None" || t == "None|bool" || t == "typing.Optional[bool]"
    }

    /// `flag`, `not flag`, `(flag)`.
    static func flagName(_ condition: Node) -> String? {
        var c = condition
        while c.symbol == Py.parenthesizedExpression || c.symbol == Py.notOperator, let inner = c.namedChild(0) { c = inner }
        return c.symbol == Py.identifier ? c.text : nil
    }

    /// A block that only prints, logs, displays or plots.
    static func onlyReports(_ block: Node) -> Bool {
        let statements = Syntax.statements(block)
        return !statements.isEmpty && statements.allSatisfy { s in
            guard s.symbol == Py.expressionStatement, let call = s.namedChild(0), call.symbol == Py.call,
                  let function = call.child(PyField.function) else { return false }
            var root = function
            while root.symbol == Py.attribute, let object = root.child(PyField.object) { root = object }
            let r = root.text
            if ["print", "display", "pprint", "logging", "logger", "log", "LOGGER", "LOG", "warnings", "plt", "sns", "tqdm"].contains(r) { return true }
            if function.symbol == Py.attribute, let attr = function.child(PyField.attribute) {
                return ["info", "debug", "warning", "warn", "error", "log", "print", "write", "show", "plot", "savefig"].contains(attr.text)
            }
            return false
        }
    }
}

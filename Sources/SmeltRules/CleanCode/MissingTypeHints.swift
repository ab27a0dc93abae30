import SmeltSyntax

/// SM123: public functions of modules without parameter or return annotations.
public struct MissingTypeHints: Rule {
    public static let description = RuleDescription(
        code: "SM123", slug: "missing-type-hints", name: "Missing type hints",
        category: .cleanCode, severity: .info,
        summary: "A public function in a module without type hints on its parameters or its return value",
        whatItDoes: """
            Finds public functions and methods (names without a leading `_`; of the dunder methods only \
            `__init__`, for its parameters) in scripts and modules whose parameters have no annotations, or \
            that return a value without a return annotation. `self`, `cls`, `*args` and `**kwargs` need none; a \
            function that returns nothing needs no `-> None`. Notebooks, test files, test functions, pytest \
            fixtures and functions nested in other functions are not checked. One finding per function lists \
            what is missing.
            """,
        whyIsThisBad: """
            Without type hints the reader has to read a function's body — or run it — to learn whether `data` \
            is a path, a DataFrame or an array, and the IDE cannot complete, navigate or catch mistakes before \
            the pipeline runs for an hour and fails.
            """,
        example: """
            def add_income_ratio(loans, column):
                return loans.assign(ratio=loans[column] / loans["income"])
            """,
        useInstead: """
            def add_income_ratio(loans: pd.DataFrame, column: str) -> pd.DataFrame:
                return loans.assign(ratio=loans[column] / loans["income"])
            """,
        refactoring: "Add type hints",
        references: [
            "Effective Machine Learning Teams, ch. 7 \"Supercharging your code editor\": type hints",
            "ruff ANN001 (missing-type-function-argument), ANN201 (missing-return-type-undocumented-public-function)",
        ],
        appliesTo: .scriptOnly,
        triggering: [
            RuleExample("def ↓add_ratio(loans, column):\n    return loans[column] / loans[\"income\"]\n"),
            RuleExample("def ↓split(loans: pd.DataFrame, target: str):\n    return loans.drop(columns=[target]), loans[target]\n"),
            RuleExample("def ↓save(model, path: str) -> None:\n    joblib.dump(model, path)\n"),
            RuleExample("class Trainer:\n    def ↓__init__(self, config):\n        self.config = config\n\n    def ↓fit(self, X: np.ndarray, y: np.ndarray):\n        return self\n"),
            RuleExample("def ↓batches(rows, size: int = 32):\n    yield rows[:size]\n"),
        ],
        nonTriggering: [
            RuleExample("def add_ratio(loans: pd.DataFrame, column: str) -> pd.Series:\n    return loans[column] / loans[\"income\"]\n"),
            RuleExample("def _helper(x):\n    return x\n"),
            RuleExample("def main():\n    run()\n"),
            RuleExample("def log_all(*args, **kwargs) -> None:\n    print(*args, **kwargs)\n"),
            RuleExample("class Model:\n    def __repr__(self):\n        return \"Model()\"\n\n    def __init__(self) -> None:\n        pass\n"),
            RuleExample("def outer(a: int) -> int:\n    def inner(b):\n        return b\n    return inner(a)\n"),
            RuleExample("def test_split():\n    assert split(1) == 1\n"),
            RuleExample("def helper(x):\n    return x\n", fileName: "test_features.py"),
            RuleExample("import pytest\n@pytest.fixture\ndef loans(tmp_path):\n    return load(tmp_path)\n"),
        ]
    )

    static let yield = Language.python.symbol("yield")

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.functionDefinition] }

    public func visit(_ node: Node, _ context: RuleContext) {
        if context.isNotebook || context.isTestFile { return }
        guard let nameNode = node.child(PyField.name), let params = node.child(PyField.parameters) else { return }
        let name = nameNode.text
        let isInit = name == "__init__"
        if name.hasPrefix("_") && !isInit { return }
        if name.hasPrefix("test_") || name == "test" { return }
        var holder = node.parent
        if let h = holder, h.symbol == Py.decoratedDefinition {
            if isFixture(h) { return }
            holder = h.parent
        }
        let inClass = holder?.symbol == Py.block && holder?.parent?.symbol == Py.classDefinition
        // Nested functions are not part of the module's interface; nor are private classes.
        var a = node.parent
        while let n = a {
            if n.symbol == Py.functionDefinition { return }
            if n.symbol == Py.classDefinition, n.child(PyField.name)?.text.hasPrefix("_") == true { return }
            a = n.parent
        }
        var missing: [String] = []
        var first = true
        for p in params.children where p.isNamed {
            let s = p.symbol
            defer { first = false }
            var paramName: String?
            if s == Py.identifier {
                paramName = p.text
            } else if s == Py.defaultParameter {
                paramName = p.child(PyField.name)?.text
            }
            guard let paramName else { continue }  // annotated, `*args`, `**kwargs`, separators
            if first, inClass, paramName == "self" || paramName == "cls" { continue }
            missing.append(paramName)
        }
        let missingReturn = !isInit && node.child(PyField.returnType) == nil && returnsValue(node)
        guard !missing.isEmpty || missingReturn else { return }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("on " + missing.map { "`\($0)`" }.joined(separator: ", ")) }
        if missingReturn { parts.append(missing.isEmpty ? "on its return value" : "on the return value") }
        var fix: [String] = []
        if !missing.isEmpty { fix.append(missing.map { "`\($0)`" }.joined(separator: ", ")) }
        if missingReturn { fix.append("the return type (`-> …`)") }
        context.report(nameNode, "Public \(inClass ? "method" : "function") `\(name)` has no type hints \(parts.joined(separator: " and "))",
                       refactoring: "Add type hints to \(fix.joined(separator: " and "))")
    }

    private func isFixture(_ decorated: Node) -> Bool {
        decorated.children.contains { d in
            guard d.symbol == Py.decorator else { return false }
            let t = d.text
            return t.hasPrefix("@pytest.fixture") || t.hasPrefix("@fixture")
        }
    }

    /// Whether the function returns a value (`return x`, not `return` or `return None`) or yields.
    private func returnsValue(_ function: Node) -> Bool {
        guard let body = function.child(PyField.body) else { return false }
        var found = false
        body.walk { n in
            if found { return false }
            let s = n.symbol
            if s == Py.functionDefinition || s == Py.classDefinition || s == Py.lambda { return false }
            if s == Py.returnStatement, let value = n.namedChild(0), value.symbol != Py.none {
                found = true
                return false
            }
            if s == Self.yield { found = true }
            return !found
        }
        return found
    }
}

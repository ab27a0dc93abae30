import SmeltAnalysis
import SmeltSyntax

/// SM119: `global` statements, and functions that read module variables the module keeps reassigning.
public struct GlobalState: Rule {
    public static let description = RuleDescription(
        code: "SM119", slug: "global-state", name: "Global state",
        category: .cleanCode, severity: .warning,
        summary: "A `global` statement, or a function that reads a module variable the module keeps reassigning, or changes a module-level list or dict",
        whatItDoes: """
            Finds `global` statements in functions, and functions that read a module-level variable that the \
            module (or notebook) assigns more than once — at the top level, in a module-level loop, or from a \
            function through `global` — and functions that change a public module-level list, dict or set \
            (`history.append(loss)`, `results[name] = score`). Constants (`UPPER_CASE` names), imports, \
            functions, classes and private caches (`_cache = {}`) are not global state; nor is a variable chosen \
            once by `if`/`else` or `try`/`except` at start-up. Each function is reported once per variable, at \
            its first use.
            """,
        whyIsThisBad: """
            A function that reads or writes global state has hidden inputs and outputs: its result depends on \
            which cells ran before it, in which order, and how often. It cannot be tested or reused on its own, \
            and changing the variable anywhere changes its behaviour everywhere.
            """,
        example: """
            threshold = 0.5
            def predict(model, rows):
                return model.predict_proba(rows)[:, 1] > threshold
            threshold = tune(model)
            """,
        useInstead: """
            def predict(model, rows, threshold):
                return model.predict_proba(rows)[:, 1] > threshold
            """,
        refactoring: "Pass it as a parameter; return results",
        references: ["Effective Machine Learning Teams, ch. 8: global state and hidden dependencies", "pylint W0603 (global-statement)",
                     "ruff PLW0603"],
        precision: .medium,
        triggering: [
            RuleExample("counter = 0\ndef step():\n    ↓global counter\n    counter += 1\n"),
            RuleExample("""
                threshold = 0.5
                def predict(model, rows):
                    return model.predict(rows) > ↓threshold
                threshold = tune()
                """),
            RuleExample(cells: [("loans = load()", 1), ("loans = loans.dropna()", 2),
                                ("def income_share(col):\n    return ↓loans[col] / loans[\"income\"]", 3)]),
            RuleExample("for fold in range(5):\n    score = run(fold)\n    def report():\n        return ↓score\n"),
            RuleExample("history = []\ndef train_epoch(model):\n    loss = model.step()\n    ↓history.append(loss)\n    return loss\n"),
            RuleExample("results = {}\ndef evaluate(name, model):\n    ↓results[name] = model.score()\n"),
        ],
        nonTriggering: [
            RuleExample("THRESHOLD = 0.5\nTHRESHOLD = 0.6\ndef predict(model, rows):\n    return model.predict(rows) > THRESHOLD\n"),
            RuleExample("threshold = 0.5\ndef predict(model, rows):\n    return model.predict(rows) > threshold\n"),
            RuleExample("if gpu:\n    device = \"cuda\"\nelse:\n    device = \"cpu\"\ndef to_device(t):\n    return t.to(device)\n"),
            RuleExample("loans = load()\nloans = loans.dropna()\ndef share(loans):\n    return loans[\"debt\"] / loans[\"income\"]\n"),
            RuleExample("rows = load()\nrows = clean(rows)\nsummary = [r for r in rows]\n"),
            RuleExample("import numpy as np\ndef f():\n    return np.zeros(1)\nimport numpy as np\n"),
            RuleExample("x = 1\nx = 2\ndef f():\n    x = 3\n    return x\n"),
            RuleExample("_cache = {}\ndef lookup(key):\n    _cache[key] = compute(key)\n    return _cache[key]\n"),
            RuleExample("columns = [\"a\", \"b\"]\ndef select(df):\n    return df[columns]\n"),
            RuleExample("history = []\ndef train(model, history):\n    history.append(model.step())\n"),
        ]
    )

    public init(options: RuleOptions) {}

    public func finish(_ context: RuleContext) {
        let model = context.model
        let candidates = reassignedNames(model)
        let containers = moduleContainers(model).subtracting(candidates)
        let watched = candidates.union(containers)
        var scopeOf: [Node: Int] = [:]
        if !watched.isEmpty {
            for (i, scope) in model.scopes.enumerated() { if let n = scope.node { scopeOf[n] = i } }
        }
        // A cheap filter before any identifier's text is made: its length and first byte.
        var lengths = Set<Int>()
        var firstBytes = Set<UInt8>()
        for name in watched {
            lengths.insert(name.utf8.count)
            if let b = name.utf8.first { firstBytes.insert(b) }
        }
        for unit in context.document.units {
            guard let tree = unit.tree, !tree.isTooDeep else { continue }
            let bytes = tree.text.bytes
            var reported = Set<String>()
            let globalSymbol = Py.globalStatement, identifierSymbol = Py.identifier
            for j in 0..<tree.nodeCount {
                let s = tree.symbol(at: j)
                if s == globalSymbol {
                    let node = tree.node(at: j)
                    guard let function = enclosingFunction(node) else { continue }
                    let declared = node.namedChildren.filter { $0.symbol == Py.identifier }.map { "`\($0.text)`" }
                    let names = declared.joined(separator: ", ")
                    let f = function.child(PyField.name)?.text ?? "?"
                    let what = declared.count == 1 ? "a parameter and return the new value" : "parameters and return the new values"
                    context.report(unit: unit.index, node.byteRange, "Function `\(f)` changes module state through `global` \(names)",
                                   refactoring: "Pass \(names) to `\(f)` as \(what) instead of using `global`")
                } else if s == identifierSymbol, !watched.isEmpty {
                    let node = tree.node(at: j)
                    guard lengths.contains(node.endByte - node.startByte), firstBytes.contains(bytes[node.startByte]) else { continue }
                    guard let parent = node.parent else { continue }
                    // `obj.name` and `f(name=...)` are not reads of `name`.
                    if parent.symbol == Py.attribute, node.field == PyField.attribute { continue }
                    if parent.symbol == Py.keywordArgument, node.field == PyField.name { continue }
                    if isParameterName(node, parent) { continue }
                    let name = node.text
                    guard watched.contains(name) else { continue }
                    let change = containers.contains(name) ? containerChange(node, parent) : nil
                    if containers.contains(name), change == nil { continue }
                    guard let function = readsModuleVariable(node, name, model, scopeOf) else { continue }
                    let key = "\(function.startByte):\(name)"
                    guard reported.insert(key).inserted else { continue }
                    let f = function.child(PyField.name)?.text ?? "?"
                    if let change {
                        context.report(unit: unit.index, node.byteRange,
                                       "Function `\(f)` changes module-level `\(name)`: `\(Syntax.snippet(change))`",
                                       refactoring: "Return the result from `\(f)` and let the caller collect it; pass `\(name)` in if it must be shared")
                    } else {
                        context.report(unit: unit.index, node.byteRange,
                                       "Function `\(f)` reads module-level `\(name)`, which is reassigned at module level",
                                       refactoring: "Pass `\(name)` to `\(f)` as a parameter; return results instead of sharing state")
                    }
                }
            }
        }
    }

    /// Module-level names that are bound again and again: not constants, imports, functions or classes.
    private func reassignedNames(_ model: SemanticModel) -> Set<String> {
        var names = Set<String>()
        for (name, ids) in model.moduleBindings {
            guard name.contains(where: \.isLowercase), !name.hasPrefix("__") else { continue }
            var score = 0
            var conditional = 0
            var excluded = false
            for id in ids {
                let b = model.bindings[id]
                switch b.kind {
                case .import, .fromImport, .futureImport, .wildcardImport, .function, .class:
                    excluded = true
                case .parameter, .comprehensionTarget, .patternCapture, .annotation:
                    continue
                default:
                    switch placement(b.node) {
                    case .top: score += 1
                    case .loop, .function: score += 2
                    case .conditional: conditional += 1
                    }
                }
            }
            if excluded { continue }
            if score > 0 { score += conditional }
            if score >= 2 { names.insert(name) }
        }
        return names
    }

    /// Public module-level lists, dicts and sets (`history = []`, `scores = {}`) bound once: a function
    /// that appends to or assigns into one changes module state without `global`.
    private func moduleContainers(_ model: SemanticModel) -> Set<String> {
        var names = Set<String>()
        for (name, ids) in model.moduleBindings where ids.count == 1 {
            guard !name.hasPrefix("_"), name.contains(where: \.isLowercase) else { continue }
            let b = model.bindings[ids[0]]
            guard b.kind == .assignment, let assignment = b.node.parent, assignment.symbol == Py.assignment,
                  let right = assignment.child(PyField.right) else { continue }
            let r = right.symbol
            if r == Py.list || r == Py.dictionary || r == Py.set || r == Py.listComprehension || r == Py.dictionaryComprehension {
                names.insert(name)
            } else if r == Py.call, let function = right.child(PyField.function),
                      let q = model.qualifiedName(function),
                      ["list", "dict", "set", "collections.defaultdict", "collections.OrderedDict", "collections.Counter",
                       "collections.deque"].contains(q) {
                names.insert(name)
            }
        }
        return names
    }

    static let changingMethods: Set<String> = ["append", "extend", "insert", "remove", "pop", "clear", "update", "setdefault",
                                               "add", "discard", "appendleft", "popitem"]

    /// The expression that changes the container `node` names, if it does: `name.append(…)`,
    /// `name[key] = …`, `del name[key]`.
    private func containerChange(_ node: Node, _ parent: Node) -> Node? {
        if parent.symbol == Py.attribute, node.field == PyField.object, let attr = parent.child(PyField.attribute),
           let call = parent.parent, call.symbol == Py.call, parent.field == PyField.function,
           Self.changingMethods.contains(attr.text) {
            return call
        }
        if parent.symbol == Py.subscript, node.field == PyField.value, let holder = parent.parent {
            if (holder.symbol == Py.assignment || holder.symbol == Py.augmentedAssignment), parent.field == PyField.left { return holder }
            if holder.symbol == Py.deleteStatement { return holder }
        }
        return nil
    }

    private enum Placement { case top, conditional, loop, function }

    private func placement(_ node: Node) -> Placement {
        var conditional = false
        var a = node.parent
        while let n = a {
            let s = n.symbol
            if s == Py.functionDefinition || s == Py.lambda { return .function }
            if s == Py.forStatement || s == Py.whileStatement { return .loop }
            if s == Py.ifStatement || s == Py.tryStatement || s == Py.matchStatement || s == Py.withStatement { conditional = true }
            a = n.parent
        }
        return conditional ? .conditional : .top
    }

    /// A parameter's own name (its default value and annotation are reads).
    private func isParameterName(_ node: Node, _ parent: Node) -> Bool {
        var p = parent
        if p.symbol == Py.listSplatPattern || p.symbol == Py.dictionarySplatPattern, let up = p.parent { p = up }
        let s = p.symbol
        if s == Py.parameters || s == Py.lambdaParameters { return true }
        if s == Py.defaultParameter || s == Py.typedDefaultParameter { return node.field == PyField.name }
        if s == Py.typedParameter { return node.field != PyField.type }
        return false
    }

    private func enclosingFunction(_ node: Node) -> Node? {
        var a = node.parent
        while let n = a {
            if n.symbol == Py.functionDefinition { return n }
            a = n.parent
        }
        return nil
    }

    /// The function whose body reads `name` from the module scope at `node`, if it does.
    private func readsModuleVariable(_ node: Node, _ name: String, _ model: SemanticModel, _ scopeOf: [Node: Int]) -> Node? {
        // The innermost scope-opening node whose body (not its defaults or decorators) holds the identifier.
        var child = node
        var a = node.parent
        var chain: [Int] = []
        var function: Node?
        while let n = a {
            let s = n.symbol
            if let scope = scopeOf[n] {
                let inBody: Bool
                if s == Py.functionDefinition || s == Py.lambda {
                    inBody = child.field == PyField.body
                } else if s == Py.classDefinition {
                    inBody = child.field == PyField.body
                } else {
                    inBody = true
                }
                if inBody {
                    chain.append(scope)
                    if s == Py.functionDefinition, function == nil { function = n }
                }
            }
            child = n
            a = n.parent
        }
        guard let function else { return nil }
        for (k, scope) in chain.enumerated() {
            let sc = model.scopes[scope]
            if sc.kind == .class && k > 0 { continue }
            // `global name` is reported as a global statement.
            if sc.declaredOutside.contains(name) { return nil }
            if let ids = sc.bindings[name], !ids.isEmpty { return nil }
        }
        return function
    }
}

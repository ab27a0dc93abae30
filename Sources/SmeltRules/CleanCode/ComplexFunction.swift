import SmeltSyntax

/// SM115: functions with high cyclomatic complexity or deep nesting.
public struct ComplexFunction: Rule {
    public static let description = RuleDescription(
        code: "SM115", slug: "complex-function", name: "Complex function",
        category: .cleanCode, severity: .warning,
        summary: "A function whose cyclomatic complexity (10 by default) or nesting depth (4 by default) is above the limit",
        whatItDoes: """
            Computes each function's cyclomatic complexity — 1, plus one for every `if`, `elif`, `for`, `while`, \
            `except`, `case` and conditional expression (`a if c else b`) — and its nesting depth, the number of \
            blocks (`if`, `for`, `while`, `with`, `try`...) nested inside each other. Nested functions are \
            measured on their own. Reports the function when either is above its limit, once.
            """,
        whyIsThisBad: """
            Every branch is a path the reader has to keep in mind and a case a test has to cover; deeply nested \
            code pushes the interesting lines far to the right and hides which conditions hold where. Such \
            functions are where bugs hide and what nobody dares to change.
            """,
        example: """
            def label(loan):
                if loan["status"] == "paid":
                    if loan["days_late"] > 30:
                        ...
                    elif ...:
                        ...
                else:
                    for payment in loan["payments"]:
                        if payment["missed"]:
                            ...
            """,
        useInstead: """
            def label(loan):
                if loan["status"] == "paid":
                    return label_paid(loan)
                return label_open(loan)
            """,
        refactoring: "Decompose conditional; extract function",
        references: ["ruff C901 (complex-structure), PLR1702 (too-many-nested-blocks)",
                     "Fowler, Refactoring (2nd ed.): Decompose Conditional, Replace Nested Conditional with Guard Clauses",
                     "Effective Machine Learning Teams, ch. 8: keep functions small and simple"],
        options: [
            RuleOption("max-complexity", default: .int(10), "The highest cyclomatic complexity a function may have."),
            RuleOption("max-nesting", default: .int(4), "The deepest blocks may nest inside a function."),
        ],
        triggering: [
            RuleExample("def ↓label(a, b):\n    if a:\n        return 1\n    elif b:\n        return 2\n    for x in a:\n        if x:\n            return 3\n    return 4 if b else 5\n",
                        options: ["max-complexity": .int(4)]),
            RuleExample("""
                def ↓clean(rows):
                    for row in rows:
                        if row:
                            with open(row) as f:
                                try:
                                    for line in f:
                                        yield line
                                except ValueError:
                                    pass

                """),
        ],
        nonTriggering: [
            RuleExample("def label(a):\n    if a:\n        return 1\n    return 2\n"),
            RuleExample("""
                def outer(rows):
                    def inner(row):
                        if row:
                            return 1
                        return 3
                    return [inner(r) for r in rows]
                """, options: ["max-complexity": .int(2)]),
            RuleExample("""
                def clean(rows):
                    for row in rows:
                        if row:
                            with open(row) as f:
                                for line in f:
                                    yield line
                """),
        ]
    )

    private let maxComplexity: Int
    private let maxNesting: Int

    public init(options: RuleOptions) {
        maxComplexity = options.int("max-complexity")
        maxNesting = options.int("max-nesting")
    }

    public var nodeKinds: [Symbol] { [Py.module] }

    static let decisionKinds = [Py.ifStatement, Py.elifClause, Py.forStatement, Py.whileStatement, Py.exceptClause,
                                Py.exceptGroupClause, Py.caseClause, Py.conditionalExpression]
    static let decisions = SymbolSet(decisionKinds)
    static let interesting = SymbolSet(decisionKinds + [Py.block, Py.functionDefinition, Py.classDefinition])

    private struct Measure {
        let function: Node
        var complexity = 1
        var deepest = 0
        var deepestBlock: Node?
    }

    /// One pass over the unit's nodes, in preorder, with a stack of the open functions, classes and
    /// blocks: each decision point and block is charged to the innermost open function (nested
    /// functions and classes are measured on their own).
    public func visit(_ node: Node, _ context: RuleContext) {
        let tree = node.tree
        var measures: [Measure] = []
        // Open containers: the function they charge (an index into `measures`, -1 in a class or at
        // module level), where they end, and how many nested blocks are open in that function.
        var open: [(function: Int, end: Int, level: Int)] = []
        let interesting = Self.interesting, decisions = Self.decisions
        let block = Py.block, function = Py.functionDefinition, classDefinition = Py.classDefinition
        for j in 0..<tree.nodeCount {
            let s = tree.symbol(at: j)
            guard interesting.contains(s) else { continue }
            let isBlock = s == block
            let n = tree.node(at: j)
            let start = n.startByte
            while let top = open.last, start >= top.end { open.removeLast() }
            let charged = open.last?.function ?? -1
            let level = open.last?.level ?? 0
            if s == function {
                measures.append(Measure(function: n))
                open.append((measures.count - 1, n.endByte, 0))
            } else if s == classDefinition {
                open.append((-1, n.endByte, 0))
            } else if isBlock {
                let parent = n.parent?.symbol
                let opens = parent != Py.functionDefinition && parent != Py.matchStatement && parent != Py.classDefinition
                let depth = level + (opens ? 1 : 0)
                open.append((charged, n.endByte, depth))
                if charged >= 0, depth > measures[charged].deepest {
                    measures[charged].deepest = depth
                    measures[charged].deepestBlock = n
                }
            } else if charged >= 0, decisions.contains(s) {
                measures[charged].complexity += 1
            }
        }
        for m in measures { report(m, context) }
    }

    private func report(_ m: Measure, _ context: RuleContext) {
        guard let name = m.function.child(PyField.name) else { return }
        let tooComplex = m.complexity > maxComplexity
        let tooDeep = m.deepest > maxNesting
        guard tooComplex || tooDeep else { return }
        let f = name.text
        var problems: [String] = []
        if tooComplex { problems.append("cyclomatic complexity \(m.complexity) (limit \(maxComplexity))") }
        if tooDeep { problems.append("blocks nested \(m.deepest) deep (limit \(maxNesting))") }
        var actions: [String] = []
        if tooComplex { actions.append("Decompose conditional: extract the branches of `\(f)` into functions with intention-revealing names") }
        if tooDeep, let block = m.deepestBlock {
            let line = block.tree.text.location(ofByte: block.startByte).line
            actions.append((actions.isEmpty ? "Extract" : "extract") + " the block nested \(m.deepest) deep (line \(line)) into a function, or return early with guard clauses")
        }
        context.report(name, "Function `\(f)` is too complex: \(problems.joined(separator: " and "))",
                       refactoring: actions.joined(separator: "; "))
    }
}

import SmeltAnalysis
import SmeltSyntax

/// SM104: values computed and never read, unreachable statements, unused private functions.
public struct DeadCode: Rule {
    public static let description = RuleDescription(
        code: "SM104", slug: "dead-code", name: "Dead code",
        category: .cleanCode, severity: .warning,
        summary: "A variable assigned and never read, a statement after `return`/`raise`/`continue`/`break`, or an unused private function",
        whatItDoes: """
            Finds three kinds of dead code. Variables assigned and never read: in functions, a local name that \
            nothing in the function reads; at module level, an assignment that nothing reads afterwards — in \
            notebooks, in the `if __name__ == "__main__":` block of scripts, and in scripts that define no \
            functions or classes and do work at the top level (other modules, and settings files, export their \
            names). Names starting with `_`, targets of tuple unpacking, loop variables and names used by \
            `locals()`, `globals()`, `vars()`, `eval` or `exec` are left alone. Statements after `return`, \
            `raise`, `continue` or `break` in the same block (reported once, at the first). Private functions \
            (`_name`) that nothing in the file mentions — nested ones anywhere, module-level ones in notebooks \
            and scripts (modules of a package use each other's private functions).
            """,
        whyIsThisBad: """
            Dead code costs every reader time: they work out what it computes only to learn that nothing uses \
            it, and wonder whether that is a bug. It rots, since nobody runs it, and it hides the code that \
            matters.
            """,
        example: """
            def clean(loans):
                loans = loans.dropna()
                n_rows = len(loans)
                return loans
                print("cleaned")
            """,
        useInstead: """
            def clean(loans):
                return loans.dropna()
            """,
        refactoring: "Delete it; version control keeps it",
        references: ["Effective Machine Learning Teams, ch. 8: dead code", "ruff F841 (unused-variable)",
                     "pylint W0101 (unreachable), W0612 (unused-variable)"],
        triggering: [
            RuleExample("def clean(loans):\n    loans = loans.dropna()\n    ↓n_rows = len(loans)\n    return loans\n"),
            RuleExample("def clean(loans):\n    return loans.dropna()\n    ↓print(\"cleaned\")\n    log()\n"),
            RuleExample("for f in files:\n    if not f:\n        continue\n        ↓log(f)\n    load(f)\n"),
            RuleExample("def ↓_unused(x):\n    return x\ndef main():\n    pass\nif __name__ == \"__main__\":\n    main()\n"),
            RuleExample("import pandas as pd\nloans = pd.read_csv(\"l.csv\")\n↓summary = loans.describe()\nloans.to_csv(\"out.csv\")\n"),
            RuleExample(cells: [("loans = load()\n↓rows = len(loans)", 1), ("train(loans)", 2)]),
            RuleExample("def main():\n    pass\nif __name__ == \"__main__\":\n    ↓args = parse()\n    main()\n", .scriptOnly),
            RuleExample("def score(model):\n    if (↓best := model.best_score_) > 0:\n        return 1\n    return 0\n"),
        ],
        nonTriggering: [
            RuleExample("def clean(loans):\n    n_rows = len(loans)\n    return loans.head(n_rows)\n"),
            RuleExample("def clean(loans):\n    _ = loans.dropna()\n    _unused = 1\n    first, rest = loans[0], loans[1:]\n    return rest\n"),
            RuleExample("THRESHOLD = 0.5\ndef predict(x):\n    return x > THRESHOLD\nresult = predict(1)\n", .scriptOnly),
            RuleExample("def outer():\n    total = 0\n    def inner():\n        return total\n    return inner\n"),
            RuleExample("best = None\nfor m in models:\n    if best is None or m.score > best.score:\n        best = m\n"),
            RuleExample("def f():\n    x = 1\n    return locals()\n"),
            RuleExample("def counter():\n    count = 0\n    def step():\n        nonlocal count\n        count += 1\n    return step\n"),
            RuleExample("def _helper():\n    return 1\nregister({\"h\": _helper})\n"),
            RuleExample("def _registered():\n    pass\nregister(\"_registered\")\n"),
            RuleExample("def f(x):\n    if x:\n        return 1\n    else:\n        raise ValueError(x)\n"),
            RuleExample("def empty():\n    return\n    yield\n"),
            RuleExample("for i in range(3):\n    try:\n        go(i)\n    except KeyError:\n        continue\n    finally:\n        done = True\n    print(done)\n"),
            RuleExample(cells: [("x = 1", 1), ("%time y = f(x)\n!echo {y}", 2)]),
            RuleExample("DATA_DIR = \"data\"\nseed = 42\n", .scriptOnly, fileName: "settings.py"),
            RuleExample("def main():\n    pass\nalias = main\nif __name__ == \"__main__\":\n    main()\n", .scriptOnly),
            RuleExample("def _private():\n    pass\n", .scriptOnly),
        ]
    )

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.block, Py.module] }

    static let yield = Language.python.symbol("yield")
    static let terminators = [Py.returnStatement, Py.raiseStatement, Py.continueStatement, Py.breakStatement]

    /// Unreachable statements: those after a `return`/`raise`/`continue`/`break` in the same block.
    public func visit(_ node: Node, _ context: RuleContext) {
        if node.hasError { return }
        var terminator: Node?
        for child in node.children where child.isNamed && child.symbol != Py.comment {
            if let t = terminator {
                // `return` then `yield` makes an empty generator on purpose.
                if child.symbol == Py.expressionStatement, child.namedChild(0)?.symbol == Self.yield { return }
                let keyword = t.firstChild?.text ?? "return"
                context.report(child, "Unreachable code after `\(keyword)`",
                               refactoring: "Delete the unreachable statements after `\(keyword)`")
                return
            }
            if Self.terminators.contains(child.symbol) { terminator = child }
        }
    }

    public func finish(_ context: RuleContext) {
        let model = context.model
        // Dynamic access to names makes every "unused" guess unsafe.
        for dynamic in ["locals", "globals", "vars", "eval", "exec"] where model.lastRead[dynamic] != nil { return }
        let moduleCheck = context.isNotebook ? ModuleCheck.all : Self.moduleCheck(context.document)
        var opaqueWords: Set<String>?
        // `nonlocal` names: the model binds them in the module scope, so the enclosing
        // function's own binding may look unread.
        var declaredOutside = Set<String>()
        for scope in model.scopes where scope.kind != .module { declaredOutside.formUnion(scope.declaredOutside) }
        for binding in model.bindings where binding.uses == 0 {
            let name = binding.name
            guard !name.hasPrefix("_") || binding.kind == .function else { continue }
            let scopeKind = model.scopes[binding.scope].kind
            if binding.kind == .function {
                checkPrivateFunction(binding, scopeKind, moduleCheck, context)
                continue
            }
            guard binding.kind == .assignment || binding.kind == .namedExpression else { continue }
            // `a, b = ...` and `a = b = ...` chains keep their own rules: only plain targets.
            guard let parent = binding.node.parent,
                  parent.symbol == Py.assignment || parent.symbol == Py.namedExpression else { continue }
            let inFunction = isInsideFunction(binding.node)
            switch scopeKind {
            case .function:
                guard inFunction, !declaredOutside.contains(name) else { continue }
            case .module:
                guard moduleCheck != .none, !inFunction, !model.exported.contains(name) else { continue }
                if moduleCheck == .mainGuardOnly, !Self.isInMainGuard(binding.node) { continue }
                let end = binding.statement?.endByte ?? binding.node.endByte
                if model.isRead(name, after: SourcePoint(unit: binding.unit, byte: end)) { continue }
                // A loop may read it in its next round.
                if isInsideLoop(binding.node), model.lastRead[name] != nil { continue }
            default:
                continue
            }
            if opaqueWords == nil { opaqueWords = context.wordsOutsideTheTrees }
            if opaqueWords!.contains(name) { continue }
            context.report(unit: binding.unit, binding.node.byteRange, "`\(name)` is assigned but never read",
                           refactoring: "Delete the assignment to `\(name)` (keep the right-hand side only if it has a side effect)")
        }
    }

    /// Which module-level names may be reported: other modules may import a module's names.
    enum ModuleCheck { case all, mainGuardOnly, none }

    /// A script with an `if __name__ == "__main__":` guard: the names bound in the guard. A script
    /// without functions or classes that does work at the top level (calls, loops): all of them.
    /// Anything else is a module — or a settings file — whose names others may import.
    static func moduleCheck(_ document: Document) -> ModuleCheck {
        guard let root = document.units.first?.tree?.root else { return .none }
        var definesSomething = false
        var doesWork = false
        for s in Syntax.statements(root) {
            if Syntax.isMainGuard(s) { return .mainGuardOnly }
            let k = s.symbol
            if k == Py.functionDefinition || k == Py.classDefinition || k == Py.decoratedDefinition { definesSomething = true }
            if k == Py.forStatement || k == Py.whileStatement || k == Py.withStatement { doesWork = true }
            if k == Py.expressionStatement, let e = s.namedChild(0), e.symbol == Py.call || e.symbol == Py.await { doesWork = true }
        }
        return !definesSomething && doesWork ? .all : .none
    }

    static func isInMainGuard(_ node: Node) -> Bool {
        var a = node.parent
        while let n = a {
            if n.parent?.symbol == Py.module { return Syntax.isMainGuard(n) }
            a = n.parent
        }
        return false
    }

    private func checkPrivateFunction(_ binding: Binding, _ scopeKind: ScopeKind, _ moduleCheck: ModuleCheck, _ context: RuleContext) {
        let name = binding.name
        guard name.hasPrefix("_"), !(name.hasPrefix("__") && name.hasSuffix("__")), name != "_" else { return }
        // Modules of a package use each other's private functions: only scripts and notebooks are checked.
        guard scopeKind == .function || (scopeKind == .module && moduleCheck != .none) else { return }
        guard context.model.lastRead[name] == nil else { return }
        // Decorators often register functions (`@app.route`, `@pytest.fixture`).
        if let def = binding.node.parent, def.parent?.symbol == Py.decoratedDefinition { return }
        // Mentioned anywhere else — an attribute, a string, `__all__` — counts as used.
        var mentions = 0
        for unit in context.document.units {
            mentions += Self.wordCount(name, in: unit.original.bytes)
            if mentions > 1 { return }
        }
        context.report(unit: binding.unit, binding.node.byteRange, "Private function `\(name)` is never used",
                       refactoring: "Delete the unused function `\(name)`")
    }

    /// Occurrences of `word` in the bytes as a whole identifier.
    static func wordCount(_ word: String, in bytes: [UInt8]) -> Int {
        let w = Array(word.utf8)
        guard !w.isEmpty, bytes.count >= w.count else { return 0 }
        func isIdentifierByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
        }
        var count = 0
        var i = 0
        while i + w.count <= bytes.count {
            if bytes[i] == w[0], (i == 0 || !isIdentifierByte(bytes[i - 1])) {
                var k = 1
                while k < w.count, bytes[i + k] == w[k] { k += 1 }
                if k == w.count, i + k == bytes.count || !isIdentifierByte(bytes[i + k]) { count += 1 }
            }
            i += 1
        }
        return count
    }

    private func isInsideFunction(_ node: Node) -> Bool {
        var a = node.parent
        while let n = a {
            if n.symbol == Py.functionDefinition || n.symbol == Py.lambda { return true }
            a = n.parent
        }
        return false
    }

    private func isInsideLoop(_ node: Node) -> Bool {
        var a = node.parent
        while let n = a {
            let s = n.symbol
            if s == Py.forStatement || s == Py.whileStatement { return true }
            if s == Py.functionDefinition || s == Py.classDefinition { return false }
            a = n.parent
        }
        return false
    }
}

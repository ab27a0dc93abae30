import SmeltSyntax

/// SM101: print statements and bare display expressions left in the code.
public struct DisplayClutter: Rule {
    public static let description = RuleDescription(
        code: "SM101", slug: "display-clutter", name: "Print and display clutter",
        category: .cleanCode, severity: .warning,
        summary: "`print(...)`, `display(...)` and bare display expressions such as `df.head()` left in the code",
        whatItDoes: """
            Finds `print(...)` and `display(...)` calls (not `print(..., file=f)`, which writes output), and expression statements that only show a value: \
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
            RuleExample("with open(\"report.csv\", \"w\") as out:\n    print(\"id,score\", file=out)\n"),
            RuleExample("if __name__ == \"__main__\":\n    metrics = train()\n    print(f\"accuracy: {metrics['accuracy']:.3f}\")\n", .scriptOnly),
            RuleExample("def main():\n    metrics = train()\n    print(metrics)\n\nif __name__ == \"__main__\":\n    main()\n", .scriptOnly),
        ],
        fix: FixDocumentation(.safe, safety: """
            The fix deletes the statement (a statement alone in its block becomes `pass`; when every statement \
            of a block is removed, one of them becomes `pass`). It is safe when evaluating the statement has no \
            effect but the display: every argument (for `df.head(n)`, also the object) is built only from names, \
            attribute reads, literals, f-strings of such parts, subscripts and slices with such indices, tuples, \
            lists, sets and dicts of them, operators over them, and calls of \
            the builtins `len`, `str`, `repr`, `type`, `round`, `abs`, `int`, `float`, `bool`, `format`, \
            `sorted`, `min`, `max`, `sum`, `isinstance`, `id` (when the module does not rebind them), \
            the read-only methods `head`, `tail`, `describe`, `info`, `value_counts`, `nunique`, `unique`, \
            `memory_usage`, `isna`, `isnull`, `notna`, `sum`, `mean`, `median`, `std`, `var`, `min`, `max`, \
            `count`, `round`, `corr`, `groupby`, `tolist`, `to_list`, `to_string`, `item`, `keys`, `values`, \
            `items`, `upper`, `lower`, `strip` (on any object but an imported module, never with `inplace=`), \
            and `format`/`join` on a string literal. smelt takes those methods to be read-only whatever the \
            object is, and the arguments of `sorted`/`min`/`max`/`sum` to be collections rather than one-shot \
            iterators; like any removal it drops the exceptions the statement might raise. Anything else makes \
            the fix unsafe, because the removed code might do work the program relies on: another call \
            (`print(model.fit(X, y))`, `print(next(batches))`, `print(stack.pop())`), `await`, `*args`, a \
            comprehension, a lambda, or `df.sample()` (it draws from the global random state). No fix is offered when \
            the statement binds a name (`print(n := len(x))`) or yields, or when another statement shares its \
            line. `print(...)` under `if __name__ == "__main__":` or in a script's top-level `main()` function is \
            the script's output, not clutter, and is not reported. `print(..., file=f)` and `pprint(..., stream=f)` write output and are not reported. In a \
            notebook a cell's last bare expression (`df.head()` on its last line) is the cell's output and is \
            not reported, so it is never removed; `print(...)` and `display(...)` are removed wherever they are.
            """,
            examples: [
                FixExample("loans = load()\nprint(loans.shape)\nloans = loans.dropna()\n", "loans = load()\nloans = loans.dropna()\n"),
                FixExample("print(f\"accuracy: {acc:.3f} on {len(X_test)} rows\")\nsave(model)\n", "save(model)\n"),
                FixExample("def train(X, y):\n    if X.empty:\n        print(\"no data\")\n    return fit(X, y)\n",
                           "def train(X, y):\n    if X.empty:\n        pass\n    return fit(X, y)\n"),
                FixExample("for epoch in range(3):\n    print(epoch)\n    print(\"loss\", losses[epoch])\n",
                           "for epoch in range(3):\n    pass\n"),
                FixExample("df = load()\ndf.head(10)\ndf[\"a\"].value_counts()\ndf = clean(df)\n", "df = load()\ndf = clean(df)\n"),
                FixExample("model = make()\nprint(model.fit(X, y))\nprint(next(batches), stack.pop())\n", "model = make()\n"),
                FixExample("x = 1; print(x)\nprint(n := len(rows))\nprint(x)\n", "x = 1; print(x)\nprint(n := len(rows))\n"),
                FixExample(cells: ["df = load()\ndisplay(df)", "df.describe()\ndf = df.dropna()\ndf.head()"],
                           ["df = load()", "df = df.dropna()\ndf.head()"]),
                FixExample(cells: ["if verbose:\n    print(\"rows:\", len(df))"], ["if verbose:\n    pass"]),
            ])
    )

    static let displayMethods: Set<String> = ["head", "tail", "describe", "info", "sample", "value_counts", "nunique", "memory_usage"]
    static let displayAttributes: Set<String> = ["shape", "dtypes", "columns", "index", "size", "ndim"]
    static let displayFunctions: Set<String> = ["print", "display", "pprint.pprint", "IPython.display.display", "pprint.pp"]

    /// Builtins taken as free of side effects (when the module does not rebind them).
    static let pureFunctions: Set<String> = ["len", "str", "repr", "type", "round", "abs", "int", "float", "bool",
                                             "format", "sorted", "min", "max", "sum", "isinstance", "id"]
    /// Methods taken as read-only, whatever object they are called on (never with `inplace=`).
    static let pureMethods: Set<String> = [
        "head", "tail", "describe", "info", "value_counts", "nunique", "unique", "memory_usage", "isna", "isnull",
        "notna", "sum", "mean", "median", "std", "var", "min", "max", "count", "round", "corr", "groupby", "tolist",
        "to_list", "to_string", "item", "keys", "values", "items", "upper", "lower", "strip",
    ]
    /// Methods taken as read-only only on a string literal (`", ".join(names)`, `"{}".format(x)`).
    static let pureStringMethods: Set<String> = ["format", "join"]

    static let interpolation = Language.python.symbol("interpolation")
    static let formatSpecifier = Language.python.symbol("format_specifier")
    static let formatExpression = Language.python.symbol("format_expression")
    static let typeConversion = Language.python.symbol("type_conversion")
    static let stringContent = Language.python.symbol("string_content")
    static let stringStart = Language.python.symbol("string_start")
    static let stringEnd = Language.python.symbol("string_end")
    static let escapeSequence = Language.python.symbol("escape_sequence")
    static let escapeInterpolation = Language.python.symbol("escape_interpolation")
    static let yield = Language.python.symbol("yield")

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.expressionStatement] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let (expr, message, kind) = clutter(node, context) else { return }
        context.report(expr, message, fix: removal(of: node, expr, kind, context))
    }

    private enum Kind { case displayCall, method, attribute, name }

    /// The statement's expression and the finding's message when the statement is clutter.
    private func clutter(_ node: Node, _ context: RuleContext) -> (Node, String, Kind)? {
        guard node.namedChildCount == 1, let expr = node.namedChild(0) else { return nil }
        if context.unit.maskedLines.contains(node.startRow + 1) { return nil }
        let s = expr.symbol
        if s == Py.call, let function = expr.child(PyField.function) {
            if let q = context.model.qualifiedName(function), Self.displayFunctions.contains(q) {
                // `print(..., file=f)` writes output; it is not clutter.
                let keywords = Syntax.keywordArguments(expr).keywords
                if keywords.contains(where: { $0.name == "file" || $0.name == "stream" }) { return nil }
                // A script's command-line entry point prints its output.
                if isEntryPoint(context) { return nil }
                return (expr, "`\(function.text)(...)` call left in the code", .displayCall)
            }
            guard function.symbol == Py.attribute, let attr = function.child(PyField.attribute),
                  Self.displayMethods.contains(attr.text) else { return nil }
            // `logger.info("...")` logs; `df.info()` displays.
            if attr.textEquals("info"), !Syntax.positionalArguments(expr).isEmpty || context.model.qualifiedName(function)?.hasPrefix("logging") == true {
                return nil
            }
            guard !isCellOutput(node, context) else { return nil }
            return (expr, "`\(Syntax.snippet(expr))` only displays its result", .method)
        } else if s == Py.attribute, let attr = expr.child(PyField.attribute), Self.displayAttributes.contains(attr.text) {
            guard !isCellOutput(node, context) else { return nil }
            return (expr, "`\(Syntax.snippet(expr))` only displays a value", .attribute)
        } else if s == Py.identifier {
            guard !isCellOutput(node, context) else { return nil }
            return (expr, "Bare expression `\(expr.text)` only displays a value", .name)
        }
        return nil
    }

    /// Whether the node being visited is under `if __name__ == "__main__":` or in a
    /// top-level `main()` function of a script.
    private func isEntryPoint(_ context: RuleContext) -> Bool {
        guard !context.isNotebook else { return false }
        let ancestors = context.ancestors
        for (depth, node) in ancestors.enumerated() {
            if node.symbol == Py.ifStatement && Syntax.isMainGuard(node) { return true }
            if node.symbol == Py.functionDefinition, depth == 1, node.child(PyField.name)?.textEquals("main") == true { return true }
        }
        return false
    }

    /// The last top-level statement of a notebook cell is the cell's output.
    private func isCellOutput(_ statement: Node, _ context: RuleContext) -> Bool {
        guard context.isNotebook, context.ancestors.count == 1, let module = context.ancestors.first else { return false }
        return Syntax.statements(module).last == statement
    }

    // MARK: fix

    /// Deletes the statement: safe when evaluating it has no effect but the display, else
    /// unsafe; none when it binds a name (`print(n := len(x))`) or yields.
    private func removal(of statement: Node, _ expr: Node, _ kind: Kind, _ context: RuleContext) -> Fix? {
        guard let applicability = applicability(expr, kind, context) else { return nil }
        let text = context.unit.text
        var edit: Edit?
        if let block = statement.parent, block.symbol == Py.block {
            let siblings = Syntax.statements(block)
            if siblings.count > 1 {
                // When every statement of the block is clutter, the removals together would
                // empty it: one of them (the one applied last, by applicability) becomes `pass`.
                var holder: (Node, FixApplicability)?
                for sibling in siblings {
                    guard let (e, _, k) = clutter(sibling, context), let a = self.applicability(e, k, context),
                          FixEdits.deleteLines(of: sibling.byteRange, in: text) != nil else {
                        holder = nil
                        break
                    }
                    if holder == nil || a < holder!.1 { holder = (sibling, a) }
                }
                if let holder, holder.0 == statement { edit = Edit(statement.byteRange, "pass") }
            }
        }
        if edit == nil { edit = FixEdits.closingUp(FixEdits.deleteStatement(statement, in: text), in: context.unit) }
        guard let edit else { return nil }
        let title = "Remove `\(Syntax.snippet(expr))`"
        return Fix(title, applicability, edits: [edit])
    }

    /// Safe when the statement only reads names, attributes, subscripts and literals, and
    /// calls what `pureFunctions`/`pureMethods` allow; nil when it binds or yields.
    private func applicability(_ expr: Node, _ kind: Kind, _ context: RuleContext) -> FixApplicability? {
        var pure = true
        var fixable = true
        expr.walk { n in
            guard fixable else { return false }
            let s = n.symbol
            if s == Py.namedExpression || s == Self.yield {
                fixable = false
                return false
            }
            return true
        }
        guard fixable else { return nil }
        switch kind {
        case .name, .attribute:
            pure = isPure(expr, context)
        case .displayCall:
            // Under `if __name__ == "__main__":` a print is likely the script's output.
            if context.ancestors.contains(where: { $0.symbol == Py.ifStatement && Syntax.isMainGuard($0) }) { return .unsafe }
            pure = argumentsArePure(expr, context)
        case .method:
            // `df.sample()` draws from the global random state.
            guard let function = expr.child(PyField.function), let attr = function.child(PyField.attribute),
                  let object = function.child(PyField.object) else { return .unsafe }
            pure = !attr.textEquals("sample") && isPure(object, context) && argumentsArePure(expr, context)
        }
        return pure ? .safe : .unsafe
    }

    private func argumentsArePure(_ call: Node, _ context: RuleContext) -> Bool {
        guard let args = call.child(PyField.arguments) else { return true }
        for a in args.children where a.isNamed && a.symbol != Py.comment {
            if a.symbol == Py.keywordArgument {
                if let name = a.child(PyField.name), name.textEquals("inplace") { return false }
                guard let value = a.child(PyField.value), isPure(value, context) else { return false }
            } else if !isPure(a, context) {
                return false
            }
        }
        return true
    }

    /// Whether evaluating `node` has no side effect: names, attribute reads, literals,
    /// f-strings, subscripts, containers and operators over such values, and allowed calls.
    private func isPure(_ node: Node, _ context: RuleContext) -> Bool {
        var stack = [node]
        while let n = stack.popLast() {
            let s = n.symbol
            if s == Py.identifier || s == Py.integer || s == Py.float || s == Py.true || s == Py.false || s == Py.none
                || s == Py.ellipsis || s == Py.keywordIdentifier || s == Py.comment || s == Self.stringContent
                || s == Self.stringStart || s == Self.stringEnd || s == Self.escapeSequence || s == Self.escapeInterpolation
                || s == Self.typeConversion {
                continue
            }
            if s == Py.attribute {
                if let object = n.child(PyField.object) { stack.append(object) }
                continue
            }
            if s == Py.call {
                guard let function = n.child(PyField.function), isAllowedCall(function, context),
                      argumentsArePure(n, context) else { return false }
                if function.symbol == Py.attribute, let object = function.child(PyField.object) { stack.append(object) }
                continue
            }
            if s == Py.keywordArgument {
                if let value = n.child(PyField.value) { stack.append(value) }
                continue
            }
            guard s == Py.subscript || s == Py.slice || s == Py.string || s == Py.concatenatedString || s == Self.interpolation
                    || s == Self.formatSpecifier || s == Self.formatExpression || s == Py.tuple || s == Py.list || s == Py.set || s == Py.dictionary
                    || s == Py.pair || s == Py.parenthesizedExpression || s == Py.unaryOperator || s == Py.binaryOperator
                    || s == Py.comparisonOperator || s == Py.booleanOperator || s == Py.notOperator
                    || s == Py.conditionalExpression else { return false }
            for child in n.children where child.isNamed { stack.append(child) }
        }
        return true
    }

    private func isAllowedCall(_ function: Node, _ context: RuleContext) -> Bool {
        if function.symbol == Py.identifier {
            guard let q = context.model.qualifiedName(function) else { return false }
            return Self.pureFunctions.contains(q)
        }
        guard function.symbol == Py.attribute, let attr = function.child(PyField.attribute),
              let object = function.child(PyField.object) else { return false }
        let name = attr.text
        if Self.pureStringMethods.contains(name) { return object.symbol == Py.string || object.symbol == Py.concatenatedString }
        // A module's function (`np.round(x)`) is not a method of a value.
        if object.symbol == Py.identifier, context.model.imports[object.text] != nil { return false }
        return Self.pureMethods.contains(name)
    }
}

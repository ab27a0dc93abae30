import SmeltAnalysis
import SmeltSyntax

/// SM301: row-by-row loops and `apply(axis=1)` doing what a vectorised operation does.
public struct UnnecessaryIteration: Rule {
    public static let description = RuleDescription(
        code: "SM301", slug: "unnecessary-iteration", name: "Unnecessary iteration",
        category: .dataHandling, severity: .warning,
        summary: "A loop over `df.iterrows()` or `range(len(df))`, or `df.apply(..., axis=1)`, doing row-wise arithmetic",
        whatItDoes: """
            In code that imports pandas, finds loops over a DataFrame's rows — `for i, row in df.iterrows()`, \
            `for row in df.itertuples()`, `for i in range(len(df))` that indexes `df` with `i` — whose body computes \
            per row what column operations compute at once: it accumulates from the row (`total += row.price`), \
            writes a value computed from the row into the frame, the row or a slot indexed by the loop variable \
            (`df.loc[i, "c"] = row["a"] * 2`, `out[i] = row.a`), or appends row arithmetic to a list. It also \
            finds `df.apply(lambda row: ..., axis=1)` whose lambda only does arithmetic, comparisons or \
            conditionals. Only expressions that call nothing but NumPy, `math` and simple builtins count; loops \
            that do I/O, plotting or network calls per row (`open`, `with`, `requests`, `plt`, `.execute`, \
            `yield`, `await`) are not reported.
            """,
        whyIsThisBad: """
            pandas and NumPy run column operations in compiled code over whole arrays; a Python loop creates a \
            Series per row and interprets every operation again, which is typically 100 to 1000 times slower. \
            The loop is also longer and hides the intent ("price times quantity") behind indexing.
            """,
        example: """
            for i, row in orders.iterrows():
                orders.loc[i, "total"] = row["price"] * row["quantity"]
            """,
        useInstead: """
            orders["total"] = orders["price"] * orders["quantity"]
            """,
        refactoring: "Vectorise: replace the loop with column operations (`df[\"c\"] = df[\"a\"] * df[\"b\"]`, `np.where`)",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #1 unnecessary iteration",
            "dslinter: unnecessary-iteration",
            "ruff PERF401-style loops; pandas docs: enhancing performance (vectorisation)",
        ],
        precision: .medium,
        triggering: [
            RuleExample("import pandas as pd\nfor i, row in ↓orders.iterrows():\n    orders.loc[i, \"total\"] = row[\"price\"] * row[\"qty\"]\n"),
            RuleExample("import pandas as pd\ntotal = 0\nfor row in ↓df.itertuples():\n    total += row.price\n"),
            RuleExample("import pandas as pd\nfor i in ↓range(len(df)):\n    df.loc[i, \"ratio\"] = df.loc[i, \"a\"] / df.loc[i, \"b\"]\n"),
            RuleExample("import pandas as pd\nscores = df.↓apply(lambda r: r[\"a\"] * 2 + r[\"b\"], axis=1)\n"),
            RuleExample("import pandas as pd\nflags = df.↓apply(lambda row: 1 if row.age > 18 else 0, axis=\"columns\")\n"),
        ],
        nonTriggering: [
            RuleExample("import pandas as pd\ndf[\"total\"] = df[\"price\"] * df[\"qty\"]\n"),
            RuleExample("import pandas as pd\nfor i, row in df.iterrows():\n    send_email(row[\"email\"])\n"),
            RuleExample("import pandas as pd\nfor i, row in df.iterrows():\n    with open(f\"{i}.txt\", \"w\") as f:\n        f.write(row[\"text\"] + \"\\n\")\n"),
            RuleExample("import pandas as pd\nfor i in range(len(models)):\n    score = scores[i] * 2\n"),
            RuleExample("import pandas as pd\nfor i in range(len(df)):\n    batch = i * BATCH\n"),
            RuleExample("import pandas as pd\naddresses = df.apply(lambda r: geocode(r[\"street\"], r[\"city\"]), axis=1)\n"),
            RuleExample("import pandas as pd\nlengths = df[\"text\"].apply(lambda t: len(t) * 2)\n"),
            RuleExample("for i, row in df.iterrows():\n    total += row.price\n"),
        ]
    )

    /// Calls that make a row loop legitimate: per-row I/O, network, plotting, processes.
    static let blockingPrefixes = [
        "open", "requests.", "urllib.", "httpx.", "subprocess.", "os.", "shutil.", "time.sleep", "matplotlib.",
        "seaborn.", "json.dump", "pickle.", "joblib.", "cv2.", "PIL.", "boto3.", "logging.", "sqlite3.",
    ]
    static let blockingMethods: Set<String> = [
        "savefig", "save", "write", "writerow", "to_csv", "to_sql", "to_parquet", "to_excel", "post", "put", "send",
        "execute", "commit", "request", "download", "upload", "plot", "scatter", "imshow", "show",
    ]
    static let allowedInLambda: Set<String> = [
        "abs", "min", "max", "round", "float", "int", "bool", "len", "sum", "pandas.isna", "pandas.notna",
        "pandas.isnull", "pandas.notnull",
    ]

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.forStatement, Py.call] }

    public func visit(_ node: Node, _ context: RuleContext) {
        if node.symbol == Py.forStatement {
            visitLoop(node, context)
        } else {
            visitApply(node, context)
        }
    }

    private func visitLoop(_ loop: Node, _ context: RuleContext) {
        guard let body = loop.child(PyField.body), PandasNames.isImported(context.model),
              let rows = PandasNames.rowLoop(loop, context) else { return }
        if rows.kind == .index {
            // `for i in range(len(df))` must index the frame with `i`.
            guard let variable = loop.child(PyField.left), variable.symbol == Py.identifier,
                  indexes(body, frame: rows.frame, with: variable) else { return }
        }
        // The names that hold the row: the loop variables and the frame.
        var rowNames: Set<String> = []
        if let left = loop.child(PyField.left) {
            left.walk { n in
                if n.symbol == Py.identifier { rowNames.insert(n.text) }
                return true
            }
        }
        let loopVariables = rowNames
        if let root = PandasNames.rootName(rows.frame) { rowNames.insert(root.text) }
        var arithmetic = false, assignment = false, blocked = false
        PandasNames.walkSameScope(body) { n in
            if blocked { return false }
            let s = n.symbol
            if s == Py.withStatement || s == Py.await || s == Self.yieldSymbol {
                blocked = true
            } else if s == Py.call, let function = n.child(PyField.function), isBlocking(function, context) {
                blocked = true
            } else if s == Py.augmentedAssignment, let right = n.child(PyField.right), isRowWise(right, rowNames, context) {
                // total += row["a"] * row["b"]
                arithmetic = true
            } else if s == Py.assignment, let left = n.child(PyField.left), left.symbol == Py.subscript,
                      let right = n.child(PyField.right), isRowWise(right, rowNames, context),
                      writesPerRow(left, rowNames: rowNames, loopVariables: loopVariables) {
                // df.loc[i, "c"] = row["a"] * 2; out[i] = row.a
                if hasArithmetic(right) { arithmetic = true } else { assignment = true }
            } else if s == Py.call, let function = n.child(PyField.function), function.symbol == Py.attribute,
                      let method = function.child(PyField.attribute), method.textEquals("append"),
                      let argument = Syntax.positionalArguments(n).first, hasArithmetic(argument),
                      isRowWise(argument, rowNames, context) {
                // values.append(row.a / row.b)
                arithmetic = true
            }
            return true
        }
        guard !blocked, arithmetic || assignment else { return }
        let what = arithmetic ? "does row-wise arithmetic" : "assigns row by row"
        let frame = Syntax.snippet(rows.frame, limit: 30)
        context.report(rows.iterable, "Loop over `\(Syntax.snippet(rows.iterable, limit: 40))` \(what) that column operations on `\(frame)` do at once",
                       refactoring: "Vectorise: replace the loop with column operations on `\(frame)` (e.g. `\(frame)[\"c\"] = \(frame)[\"a\"] * \(frame)[\"b\"]`, `np.where(...)`)")
    }

    private func visitApply(_ call: Node, _ context: RuleContext) {
        guard let function = call.child(PyField.function), function.symbol == Py.attribute,
              let method = function.child(PyField.attribute), method.textEquals("apply") else { return }
        let (keywords, _) = Syntax.keywordArguments(call)
        guard let axis = PandasNames.keyword("axis", in: keywords),
              axis.textEquals("1") || axis.textEquals("\"columns\"") || axis.textEquals("'columns'"),
              PandasNames.isImported(context.model) else { return }
        guard let lambda = Syntax.positionalArguments(call).first ?? PandasNames.keyword("func", in: keywords),
              lambda.symbol == Py.lambda, let body = lambda.child(PyField.body) else { return }
        var vectorisable = false, callsOut = false
        body.walk { n in
            if callsOut { return false }
            let s = n.symbol
            if s == Py.binaryOperator, isArithmetic(n) {
                vectorisable = true
            } else if s == Py.conditionalExpression || s == Py.comparisonOperator || s == Py.booleanOperator {
                vectorisable = true
            } else if s == Py.call {
                guard let f = n.child(PyField.function), let q = context.model.qualifiedName(f),
                      Self.allowedInLambda.contains(q) || q.hasPrefix("numpy.") || q.hasPrefix("math.") else {
                    callsOut = true
                    return false
                }
            } else if s == Py.lambda, n != lambda {
                callsOut = true
                return false
            }
            return true
        }
        guard vectorisable, !callsOut, let receiver = function.child(PyField.object) else { return }
        let frame = Syntax.snippet(receiver, limit: 30)
        context.report(ByteRange(method.startByte, call.endByte),
                       "`\(frame).apply(lambda …, axis=1)` computes row by row what column operations compute at once",
                       refactoring: "Vectorise: write the lambda's expression on whole columns of `\(frame)` (`np.where` for conditionals)")
    }

    static let yieldSymbol = Language.python.symbol("yield")

    /// Whether an expression calls nothing but NumPy, `math` and a few builtins (so it can run on whole columns).
    private func isPure(_ expression: Node, _ context: RuleContext) -> Bool {
        var pure = true
        expression.walk { n in
            if !pure { return false }
            let s = n.symbol
            if s == Py.lambda || s == Py.await || s == Self.yieldSymbol || s == Py.listComprehension
                || s == Py.generatorExpression || s == Py.dictionaryComprehension || s == Py.setComprehension {
                pure = false
            } else if s == Py.call {
                guard let f = n.child(PyField.function), let q = context.model.qualifiedName(f),
                      Self.allowedInLambda.contains(q) || q.hasPrefix("numpy.") || q.hasPrefix("math.") else {
                    pure = false
                    return false
                }
            }
            return true
        }
        return pure
    }

    /// Whether an expression reads the row (or the frame) and calls nothing that needs a loop.
    private func isRowWise(_ expression: Node, _ rowNames: Set<String>, _ context: RuleContext) -> Bool {
        isPure(expression, context) && reads(expression, rowNames)
    }

    /// Whether an expression reads one of `names` (attribute names such as `row.i` do not count).
    private func reads(_ expression: Node, _ names: Set<String>) -> Bool {
        var found = false
        expression.walk { n in
            if found { return false }
            if n.symbol == Py.identifier, n.field != PyField.attribute, names.contains(n.text) { found = true }
            return true
        }
        return found
    }

    /// `df.loc[i, "c"]`, `row["c"]`, `out[i]`: a target that the loop writes once per row.
    private func writesPerRow(_ target: Node, rowNames: Set<String>, loopVariables: Set<String>) -> Bool {
        if let root = PandasNames.rootName(target), rowNames.contains(root.text) { return true }
        for key in target.children(PyField.subscript) where key.symbol == Py.identifier && loopVariables.contains(key.text) {
            return true
        }
        return false
    }

    private func hasArithmetic(_ expression: Node) -> Bool {
        var found = false
        expression.walk { n in
            if found { return false }
            if n.symbol == Py.binaryOperator, isArithmetic(n) { found = true }
            return true
        }
        return found
    }

    private func isArithmetic(_ binary: Node) -> Bool {
        guard let op = binary.child(PyField.operator) else { return false }
        return op.textEquals("+") || op.textEquals("-") || op.textEquals("*") || op.textEquals("/") || op.textEquals("//")
            || op.textEquals("%") || op.textEquals("**")
    }

    private func isBlocking(_ function: Node, _ context: RuleContext) -> Bool {
        if let q = context.model.qualifiedName(function), Self.blockingPrefixes.contains(where: { q.hasPrefix($0) }) { return true }
        if function.symbol == Py.attribute, let method = function.child(PyField.attribute), Self.blockingMethods.contains(method.text) {
            return true
        }
        return false
    }

    /// Whether the body subscripts the frame (`df.loc[i, ...]`, `df["a"][i]`, `df.iloc[i]`) with the loop variable.
    private func indexes(_ body: Node, frame: Node, with variable: Node) -> Bool {
        guard let frameRoot = PandasNames.rootName(frame) else { return false }
        var found = false
        PandasNames.walkSameScope(body) { n in
            if found { return false }
            guard n.symbol == Py.subscript, let root = PandasNames.rootName(n), PandasNames.sameText(root, frameRoot) else { return true }
            for key in n.children(PyField.subscript) {
                if key.symbol == Py.identifier, PandasNames.sameText(key, variable) { found = true }
            }
            return true
        }
        return found
    }
}

import SmeltSyntax

/// SM107: unexplained numbers in comparisons, slices, bin edges and hyperparameters.
public struct MagicNumber: Rule {
    public static let description = RuleDescription(
        code: "SM107", slug: "magic-number", name: "Magic number",
        category: .cleanCode, severity: .warning,
        summary: "A numeric literal whose meaning is not named: in a comparison, a slice, bin edges or a hyperparameter",
        whatItDoes: """
            Finds numeric literals other than the allowed ones (0, 1, -1 and 2 by default) where their meaning \
            matters and is not named: comparisons (`loans["age"] > 65`, also inside `.loc` masks), slice bounds \
            (`rows[:1000]`), bin edges (`pd.cut(ages, [0, 18, 65, 120])`, `bins=[...]`) and hyperparameter \
            keyword arguments (`n_estimators=300`, `learning_rate=0.05`). Numbers assigned to UPPER_CASE \
            constants, default parameter values, and test files are not reported.
            """,
        whyIsThisBad: """
            A bare `0.869` or `65` tells the reader nothing about why it is that value or what it stands for, \
            and when it changes it must be found and changed everywhere it is repeated.
            """,
        example: """
            adults = loans[loans["age"] > 17]
            model = RandomForestClassifier(n_estimators=300, random_state=SEED)
            """,
        useInstead: """
            MIN_ADULT_AGE = 18
            N_TREES = 300

            adults = loans[loans["age"] >= MIN_ADULT_AGE]
            model = RandomForestClassifier(n_estimators=N_TREES, random_state=SEED)
            """,
        refactoring: "Introduce a named constant",
        references: ["Effective Machine Learning Teams, ch. 8: magic numbers", "ruff PLR2004"],
        options: [
            RuleOption("allowed", default: .list([.int(0), .int(1), .int(-1), .int(2)]), "Numbers that are never reported."),
            RuleOption("hyperparameters", default: .list([
                "n_estimators", "max_depth", "learning_rate", "lr", "eta", "C", "alpha", "gamma", "l1_ratio", "epochs",
                "batch_size", "min_samples_split", "min_samples_leaf", "max_features", "max_leaf_nodes", "subsample",
                "colsample_bytree", "num_leaves", "min_child_samples", "min_child_weight", "reg_alpha", "reg_lambda",
                "dropout", "momentum", "weight_decay", "n_neighbors", "hidden_layer_sizes", "max_iter", "n_components",
                "n_clusters", "num_epochs", "hidden_size", "num_layers", "units", "patience", "threshold", "tol",
            ].map { .string($0) }), "Keyword arguments whose numeric values are hyperparameters."),
        ],
        precision: .medium,
        triggering: [
            RuleExample("adults = loans[loans[\"age\"] > ↓17]\n"),
            RuleExample("if score >= ↓0.869:\n    deploy()\n"),
            RuleExample("sample = rows[:↓1000]\n"),
            RuleExample("from sklearn.ensemble import RandomForestClassifier\nmodel = RandomForestClassifier(n_estimators=↓300)\n"),
            RuleExample("from sklearn.linear_model import Ridge\nmodel = Ridge(alpha=↓0.3)\n"),
            RuleExample("history = train(model, epochs=↓50)\n"),
            RuleExample("groups = pd.cut(ages, ↓[0, 18, 65, 120])\n"),
            RuleExample("plt.hist(ages, bins=↓[0, 18, 65])\n"),
            RuleExample("if delta < ↓-5:\n    stop()\n"),
        ],
        nonTriggering: [
            RuleExample("MIN_ADULT_AGE = 18\nadults = loans[loans[\"age\"] >= MIN_ADULT_AGE]\n"),
            RuleExample("if count > 0:\n    go()\n"),
            RuleExample("last = rows[-1]\nhead = rows[:2]\n"),
            RuleExample("def train(n_estimators=300):\n    return n_estimators\n"),
            RuleExample("PARAMS = dict(n_estimators=300, max_depth=7)\n"),
            RuleExample("x = 300\n"),
            RuleExample("plt.figure(figsize=(10, 6))\n"),
            RuleExample("import matplotlib.pyplot as plt\nplt.scatter(x, y, alpha=0.3)\n"),
            RuleExample("df.plot(alpha=0.5)\n"),
            RuleExample("import numpy as np\nnp.set_printoptions(threshold=1000)\n"),
            RuleExample("if x > 10:\n    y()\n", options: ["allowed": .list([.int(10)])]),
        ],
        fix: FixDocumentation(.displayOnly, safety: """
            A suggested edit, shown as a diff and never applied by `--fix`: it adds `NAME = <number>` after the \
            module's docstring, imports and UPPER_CASE constants (in a notebook, in the first code cell, which \
            runs first) and puts `NAME` in place of this one number. The value is the same, so the program does \
            the same; bin edges become a tuple, which `pd.cut`, `np.digitize` and `bins=` accept as they accept \
            a list. The name is a guess from what the number is compared with or passed as: rename it for what \
            the number means. Other occurrences of the same number are left alone (they may mean something \
            else). No edit is offered when the name is already bound in the file or the number is on an \
            IPython line.
            """, examples: [
            FixExample("""
                import pandas as pd

                loans = pd.read_csv("loans.csv")
                adults = loans[loans["age"] > 65]
                """, """
                import pandas as pd

                AGE_THRESHOLD = 65

                loans = pd.read_csv("loans.csv")
                adults = loans[loans["age"] > AGE_THRESHOLD]
                """),
            FixExample("SEED = 42\nsample = rows[:1000]\n", "SEED = 42\nN_ROWS = 1000\nsample = rows[:N_ROWS]\n"),
            FixExample("groups = pd.cut(ages, [0, 18, 65, 120])\n", "AGES_BINS = (0, 18, 65, 120)\n\ngroups = pd.cut(ages, AGES_BINS)\n"),
            FixExample(cells: ["import pandas as pd", "adults = loans[loans[\"age\"] > 65]"],
                       ["import pandas as pd\n\nAGE_THRESHOLD = 65", "adults = loans[loans[\"age\"] > AGE_THRESHOLD]"]),
        ])
    )

    private let allowed: Set<Double>
    private let hyperparameters: Set<String>

    public init(options: RuleOptions) {
        allowed = Set(options.numbers("allowed"))
        hyperparameters = Set(options.strings("hyperparameters"))
    }

    public var nodeKinds: [Symbol] { [Py.integer, Py.float, Py.list] }

    public func visit(_ node: Node, _ context: RuleContext) {
        if context.isTestFile { return }
        if node.symbol == Py.list {
            if node.namedChildCount > 0, isBinEdges(node, holderDepth: context.ancestors.count - 1, context) {
                let name = Self.constantName(subjectOf: context.ancestors.last.flatMap { Self.callOf(argumentList: $0) }, suffix: "BINS")
                context.report(node, "Magic bin edges `\(Syntax.snippet(node))`",
                               refactoring: "Introduce named bin edges `\(name) = \(Self.tupleText(node))`, or a function such as `categorize(series, bins)`",
                               fix: Self.constantFix(node, name, value: Self.tupleText(node), context))
            }
            return
        }
        // Include a unary minus in the literal.
        var literal = node
        var depth = context.ancestors.count - 1
        var negative = false
        if depth >= 0, context.ancestors[depth].symbol == Py.unaryOperator, context.ancestors[depth].text.hasPrefix("-") {
            literal = context.ancestors[depth]
            negative = true
            depth -= 1
        }
        guard depth >= 0 else { return }
        guard let value = Self.numericValue(node.text) else { return }
        if allowed.contains(negative ? -value : value) { return }
        if context.ancestors.contains(where: { $0.symbol == Py.defaultParameter || $0.symbol == Py.typedDefaultParameter }) { return }
        if assignsConstant(context) { return }

        let parent = context.ancestors[depth]
        let p = parent.symbol
        let text = literal.text
        if p == Py.comparisonOperator {
            let other = parent.namedChildren.first { !($0.startByte <= literal.startByte && literal.endByte <= $0.endByte) }
            let name = Self.constantName(subjectOf: other, suffix: "THRESHOLD")
            context.report(literal.byteRange, "Magic number `\(text)` in a comparison",
                           refactoring: "Introduce named constant `\(name) = \(text)`", fix: Self.constantFix(literal, name, context))
        } else if p == Py.slice {
            context.report(literal.byteRange, "Magic number `\(text)` as a slice bound",
                           refactoring: "Introduce named constant `N_ROWS = \(text)` (named for what the bound means)",
                           fix: Self.constantFix(literal, "N_ROWS", context))
        } else if p == Py.list || p == Py.tuple {
            // Bin edges are reported once, as a list; `hidden_layer_sizes=(100, 50)` per number.
            if p == Py.list, isBinEdges(parent, holderDepth: depth - 1, context) { return }
            if let keyword = hyperparameterKeyword(depth: depth - 1, context) {
                // The constant names the whole value: `HIDDEN_LAYER_SIZES = (100, 50)`.
                context.report(literal.byteRange, "Magic number `\(text)` as hyperparameter `\(keyword)`",
                               refactoring: "Introduce named constant `\(keyword.uppercased())` for the value, or a config object",
                               fix: Self.constantFix(parent, keyword.uppercased(), context))
            }
        } else if let keyword = hyperparameterKeyword(depth: depth, context) {
            context.report(literal.byteRange, "Magic number `\(text)` as hyperparameter `\(keyword)`",
                           refactoring: "Introduce named constant `\(keyword.uppercased()) = \(text)`",
                           fix: Self.constantFix(literal, keyword.uppercased(), context))
        }
    }

    /// "Introduce named constant `NAME = value`" as a suggested edit; none when the name is
    /// taken or the literal cannot be replaced (a `case` pattern, an IPython line).
    static func constantFix(_ literal: Node, _ name: String, value: String? = nil, _ context: RuleContext) -> Fix? {
        guard IntroduceConstant.isLiteral(literal),
              let edits = try? IntroduceConstant.edits(literal: literal, unit: context.unit.index, name: name, value: value,
                                                       context.refactoring) else { return nil }
        return .displayOnly("Introduce named constant `\(name) = \(value ?? literal.text)`", edits)
    }

    /// A hyperparameter keyword argument holding the literal at `depth` (directly), in a
    /// call that may take hyperparameters: a machine-learning library's, or the project's own
    /// (`train(epochs=50)`); not plotting or NumPy calls (`plt.scatter(alpha=0.3)`). Keywords
    /// that mean other things elsewhere (`alpha`, `threshold`...) count only in ML libraries.
    private func hyperparameterKeyword(depth: Int, _ context: RuleContext) -> String? {
        guard depth >= 2 else { return nil }
        let kw = context.ancestors[depth]
        guard kw.symbol == Py.keywordArgument, let name = kw.child(PyField.name) else { return nil }
        let n = name.text
        guard hyperparameters.contains(n) else { return nil }
        let call = context.ancestors[depth - 2]
        guard call.symbol == Py.call, let function = call.child(PyField.function) else { return nil }
        if let q = context.model.qualifiedName(function), q.contains(".") || context.model.imports[q] != nil {
            return Self.mlLibraries.contains { q.hasPrefix($0) } ? n : nil
        }
        return Self.ambiguous.contains(n) ? nil : n
    }

    static let mlLibraries = ["sklearn.", "xgboost.", "lightgbm.", "catboost.", "torch.", "tensorflow.", "keras.",
                              "statsmodels.", "transformers.", "optuna.", "pytorch_lightning.", "lightning."]
    static let ambiguous: Set<String> = ["alpha", "threshold", "tol", "units", "gamma", "C", "eta", "momentum", "subsample"]

    /// Whether `list`, whose parent is `ancestors[holderDepth]`, is passed as `bins=` or as the
    /// second argument of `cut`/`digitize`/`histogram`.
    private func isBinEdges(_ list: Node, holderDepth: Int, _ context: RuleContext) -> Bool {
        guard holderDepth >= 0 else { return false }
        let holder = context.ancestors[holderDepth]
        if holder.symbol == Py.keywordArgument, let name = holder.child(PyField.name) {
            return name.text == "bins" && !assignsConstant(context)
        }
        guard holder.symbol == Py.argumentList, holderDepth >= 1 else { return false }
        let call = context.ancestors[holderDepth - 1]
        guard call.symbol == Py.call, let function = call.child(PyField.function) else { return false }
        let name = Syntax.lastComponent(function.text)
        guard name == "cut" || name == "digitize" || name == "histogram" else { return false }
        let positional = Syntax.positionalArguments(call)
        return positional.count >= 2 && positional[1] == list && !assignsConstant(context)
    }

    /// `UPPER_CASE = ...` at any depth above the literal names the number already.
    private func assignsConstant(_ context: RuleContext) -> Bool {
        for a in context.ancestors.reversed() where a.symbol == Py.assignment {
            if let left = a.child(PyField.left), left.symbol == Py.identifier {
                let name = left.text
                if name.contains(where: \.isLetter), !name.contains(where: \.isLowercase) { return true }
            }
            return false
        }
        return false
    }

    /// A constant's name from what the number is compared with or describes: a column
    /// (`loans["age"]` → `AGE_THRESHOLD`), an attribute or a name (`score` → `SCORE_THRESHOLD`).
    static func constantName(subjectOf node: Node?, suffix: String) -> String {
        var word: String?
        var n = node
        while let current = n, word == nil {
            let s = current.symbol
            if s == Py.subscript, let index = current.child(PyField.subscript), index.symbol == Py.string {
                word = index.text.trimmingCharacters(in: "\"'rbfu")
            } else if s == Py.subscript {
                n = current.child(PyField.subscript).flatMap { $0.symbol == Py.comparisonOperator ? nil : $0 } ?? current.child(PyField.value)
                if n == nil { break }
            } else if s == Py.attribute {
                word = current.child(PyField.attribute)?.text
            } else if s == Py.identifier {
                word = current.text
            } else if s == Py.call {
                n = Syntax.positionalArguments(current).first ?? current.child(PyField.function)
            } else {
                break
            }
        }
        let cleaned = (word ?? "").uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
        let base = String(cleaned).split(separator: "_").joined(separator: "_")
        return base.isEmpty || base.first!.isNumber ? suffix : base + "_" + suffix
    }

    /// The call whose argument list this is.
    static func callOf(argumentList: Node) -> Node? {
        argumentList.symbol == Py.argumentList ? argumentList.parent : argumentList.parent?.parent
    }

    /// `[0, 18, 65]` as a tuple literal `(0, 18, 65)`.
    static func tupleText(_ list: Node) -> String {
        "(" + list.namedChildren.map(\.text).joined(separator: ", ") + ")"
    }

    static func numericValue(_ text: String) -> Double? {
        var t = text.filter { $0 != "_" }.lowercased()
        if t.hasSuffix("j") || t.hasSuffix("l") { t.removeLast() }
        if t.hasPrefix("0x") { return Int(t.dropFirst(2), radix: 16).map(Double.init) }
        if t.hasPrefix("0o") { return Int(t.dropFirst(2), radix: 8).map(Double.init) }
        if t.hasPrefix("0b") { return Int(t.dropFirst(2), radix: 2).map(Double.init) }
        return Double(t)
    }
}

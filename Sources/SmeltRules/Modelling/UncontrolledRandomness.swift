import SmeltAnalysis
import SmeltSyntax

/// SM403: random splits, estimators and generators without a seed.
public struct UncontrolledRandomness: Rule {
    public static let description = RuleDescription(
        code: "SM403", slug: "uncontrolled-randomness", name: "Randomness uncontrolled",
        category: .modelling, severity: .warning,
        summary: "`train_test_split`, a shuffling splitter, a randomised estimator or a NumPy generator without a seed",
        whatItDoes: """
            Finds calls whose result depends on a random state that is not set: scikit-learn's \
            `train_test_split`, `shuffle`, `ShuffleSplit`-style splitters, `KFold(shuffle=True)`, estimators that \
            take `random_state` (random forests, gradient boosting, `SGDClassifier`, `MLPClassifier`, `KMeans`, \
            XGBoost, LightGBM...) without it, and `numpy.random.default_rng()` without a seed. A call that passes \
            `**kwargs` is not reported, since the seed may be in them.
            """,
        whyIsThisBad: """
            Without a seed every run splits and fits differently: metrics move between runs for no reason, a \
            change cannot be told apart from noise, and a result cannot be reproduced or debugged.
            """,
        example: """
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
            model = RandomForestClassifier(n_estimators=N_TREES)
            """,
        useInstead: """
            SEED = 42
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=SEED)
            model = RandomForestClassifier(n_estimators=N_TREES, random_state=SEED)
            """,
        refactoring: "Set seeds and `random_state` (e.g. `random_state=SEED`)",
        references: ["Zhang et al. 2022, Code Smells for ML Applications: #14 randomness uncontrolled", "dslinter: randomness-control"],
        triggering: [
            RuleExample("from sklearn.model_selection import train_test_split\nparts = ↓train_test_split(X, y, test_size=0.2)\n"),
            RuleExample("from sklearn.model_selection import train_test_split as tts\nparts = ↓tts(X, y)\n"),
            RuleExample("import sklearn.ensemble as ens\nmodel = ↓ens.RandomForestClassifier(n_estimators=N)\n"),
            RuleExample("from sklearn.model_selection import KFold\nfolds = ↓KFold(n_splits=5, shuffle=True)\n"),
            RuleExample("import numpy as np\nrng = ↓np.random.default_rng()\n"),
        ],
        nonTriggering: [
            RuleExample("from sklearn.model_selection import train_test_split\nparts = train_test_split(X, y, random_state=SEED)\n"),
            RuleExample("from sklearn.model_selection import KFold\nfolds = KFold(n_splits=5)\n"),
            RuleExample("from sklearn.linear_model import LinearRegression\nmodel = LinearRegression()\n"),
            RuleExample("from sklearn.ensemble import RandomForestClassifier\nmodel = RandomForestClassifier(**params)\n"),
            RuleExample("import numpy as np\nrng = np.random.default_rng(SEED)\n"),
            RuleExample("def train_test_split(a):\n    return a\ntrain_test_split(1)\n"),
        ],
        fix: FixDocumentation(.unsafe, safety: """
            Unsafe: results change — every run now uses one fixed seed where it used a fresh random one (which \
            is the point, but the numbers you get are different from any earlier run). The fix adds \
            `random_state=SEED` as the last argument (`SEED` as the argument of `default_rng()` / \
            `RandomState()`), following the call's layout: on a new line when the arguments are one per line, \
            keeping a trailing comma. It reuses a constant the code already has — `SEED`, `RANDOM_SEED` or \
            `RANDOM_STATE` bound where the call is or at module level, or `SEED` read anywhere (defined by \
            `%run` or a `*` import) — and otherwise also defines `SEED = 42` at module level after the imports \
            at the top of the file (in a notebook: of the first code cell with code, after its imports). When \
            several calls need it, the first fix defines `SEED` and the others follow in the next round of \
            fixes, reusing it. Not offered when the call's argument is a bare generator, or when there is no \
            safe place for `SEED = 42` (the imports at the top share a line with other code, or no cell up to \
            the call's parses).
            """,
            examples: [
                FixExample("from sklearn.model_selection import train_test_split\n\nparts = train_test_split(X, y, test_size=0.2)\n",
                           "from sklearn.model_selection import train_test_split\n\nSEED = 42\n\nparts = train_test_split(X, y, test_size=0.2, random_state=SEED)\n"),
                FixExample("\"\"\"Train the model.\"\"\"\nimport sklearn.ensemble as ens\nmodel = ens.RandomForestClassifier(n_estimators=N)\nother = ens.ExtraTreesClassifier()\n",
                           "\"\"\"Train the model.\"\"\"\nimport sklearn.ensemble as ens\nSEED = 42\nmodel = ens.RandomForestClassifier(n_estimators=N, random_state=SEED)\nother = ens.ExtraTreesClassifier(random_state=SEED)\n"),
                FixExample("from sklearn.model_selection import KFold\nSEED = 7\nfolds = KFold(\n    n_splits=5,\n    shuffle=True,\n)\n",
                           "from sklearn.model_selection import KFold\nSEED = 7\nfolds = KFold(\n    n_splits=5,\n    shuffle=True,\n    random_state=SEED,\n)\n"),
                FixExample("import numpy as np\nRANDOM_STATE = 0\nrng = np.random.default_rng()\n",
                           "import numpy as np\nRANDOM_STATE = 0\nrng = np.random.default_rng(RANDOM_STATE)\n"),
                FixExample("from sklearn.cluster import KMeans\n\ndef fit(X):\n    km = KMeans(\n        n_clusters=3\n    )\n    return km.fit(X)\n",
                           "from sklearn.cluster import KMeans\n\nSEED = 42\n\ndef fit(X):\n    km = KMeans(\n        n_clusters=3,\n        random_state=SEED\n    )\n    return km.fit(X)\n"),
                FixExample("from sklearn.ensemble import RandomForestClassifier\nSEED = 0\nmodel = RandomForestClassifier(\n    n_estimators=10,  # trees\n    max_depth=3  # depth\n)\n",
                           "from sklearn.ensemble import RandomForestClassifier\nSEED = 0\nmodel = RandomForestClassifier(\n    n_estimators=10,  # trees\n    max_depth=3,  # depth\n    random_state=SEED\n)\n"),
                FixExample(cells: ["%matplotlib inline\nimport numpy as np\nfrom sklearn.model_selection import train_test_split", "parts = train_test_split(X, y)"],
                           ["%matplotlib inline\nimport numpy as np\nfrom sklearn.model_selection import train_test_split\nSEED = 42", "parts = train_test_split(X, y, random_state=SEED)"]),
            ])
    )

    /// scikit-learn (and compatible) classes and functions whose results depend on `random_state`.
    static let seeded: Set<String> = [
        "train_test_split", "shuffle", "resample", "ShuffleSplit", "StratifiedShuffleSplit", "GroupShuffleSplit",
        "RepeatedKFold", "RepeatedStratifiedKFold", "RandomizedSearchCV", "make_classification", "make_regression",
        "make_blobs", "make_moons", "make_circles",
        "RandomForestClassifier", "RandomForestRegressor", "ExtraTreesClassifier", "ExtraTreesRegressor",
        "GradientBoostingClassifier", "GradientBoostingRegressor", "HistGradientBoostingClassifier",
        "HistGradientBoostingRegressor", "DecisionTreeClassifier", "DecisionTreeRegressor", "ExtraTreeClassifier",
        "ExtraTreeRegressor", "AdaBoostClassifier", "AdaBoostRegressor", "BaggingClassifier", "BaggingRegressor",
        "IsolationForest", "RandomTreesEmbedding", "SGDClassifier", "SGDRegressor", "Perceptron",
        "PassiveAggressiveClassifier", "PassiveAggressiveRegressor", "MLPClassifier", "MLPRegressor", "KMeans",
        "MiniBatchKMeans", "TSNE", "TruncatedSVD", "RBFSampler", "GaussianMixture", "BayesianGaussianMixture",
        "XGBClassifier", "XGBRegressor", "XGBRanker", "LGBMClassifier", "LGBMRegressor", "LGBMRanker",
        "CatBoostClassifier", "CatBoostRegressor",
    ]
    static let shuffleSplitters: Set<String> = ["KFold", "StratifiedKFold", "GroupKFold", "StratifiedGroupKFold"]
    static let libraries = ["sklearn.", "xgboost.", "lightgbm.", "catboost."]
    static let seedKeywords: Set<String> = ["random_state", "seed", "random_seed"]

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.call] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let function = node.child(PyField.function), let q = context.model.qualifiedName(function) else { return }
        let (keywords, splat) = Syntax.keywordArguments(node)
        if splat { return }
        let name = Syntax.lastComponent(q)
        if q == "numpy.random.default_rng" || q == "numpy.random.RandomState" {
            if Syntax.positionalArguments(node).isEmpty && !keywords.contains(where: { $0.name == "seed" }) {
                context.report(node, "`\(function.text)()` without a seed gives different numbers on every run",
                               fix: seeding(node, keyword: nil, context))
            }
            return
        }
        guard Self.libraries.contains(where: { q.hasPrefix($0) }) else { return }
        if keywords.contains(where: { Self.seedKeywords.contains($0.name) }) { return }
        if Self.seeded.contains(String(name)) {
            if name == "train_test_split", keywords.contains(where: { $0.name == "shuffle" && $0.value.text == "False" }) { return }
            context.report(node, "`\(function.text)` without `random_state`: results change on every run",
                           fix: seeding(node, keyword: "random_state", context))
        } else if Self.shuffleSplitters.contains(String(name)),
                  keywords.contains(where: { $0.name == "shuffle" && $0.value.text == "True" }) {
            context.report(node, "`\(function.text)(shuffle=True)` without `random_state`: folds change on every run",
                           fix: seeding(node, keyword: "random_state", context))
        }
    }

    /// Names of seed constants the fix reuses, in order of preference.
    static let seedNames = ["SEED", "RANDOM_SEED", "RANDOM_STATE"]

    /// Adds `keyword=SEED` (or `SEED` first, when `keyword` is nil) to the call, and
    /// `SEED = 42` after the imports when no seed constant exists (see the fix safety).
    private func seeding(_ call: Node, keyword: String?, _ context: RuleContext) -> Fix? {
        guard let arguments = call.child(PyField.arguments), arguments.symbol == Py.argumentList else { return nil }
        let model = context.model
        var seed = Self.seedNames.first { name in
            PandasNames.bindings(of: name, at: call, model).contains { id in
                let kind = model.bindings[id].kind
                return kind == .assignment || kind == .annotation || kind == .import || kind == .fromImport || kind == .parameter
            }
        }
        // Read but bound nowhere smelt sees: defined by `%run` or a `*` import.
        if seed == nil, model.lastRead["SEED"] != nil, !model.bindings.contains(where: { $0.name == "SEED" }) { seed = "SEED" }
        var edits: [Edit] = []
        if seed == nil {
            guard let definition = seedDefinition(before: context.unit.index, context) else { return nil }
            edits.append(definition)
        }
        let name = seed ?? "SEED"
        guard let argument = insertion(of: keyword.map { "\($0)=\(name)" } ?? name, first: keyword == nil, into: arguments,
                                       context.unit.text) else { return nil }
        edits += argument
        let added = keyword.map { "`\($0)=\(name)`" } ?? "the seed `\(name)`"
        return .unsafe("Pass \(added)" + (seed == nil ? " and define `SEED = 42`" : ""), edits)
    }

    /// Where an argument goes: last (or first), after a trailing comma, on its own line when
    /// the arguments are one per line (after a comment that ends the last argument's line).
    private func insertion(of argument: String, first: Bool, into list: Node, _ text: SourceText) -> [Edit]? {
        let items = list.children.filter { $0.isNamed && $0.symbol != Py.comment }
        guard let open = list.firstChild, open.textEquals("("), let close = list.children.reversed().first(where: { !$0.isNamed }),
              close.textEquals(")") else { return nil }
        if first || items.isEmpty {
            // `default_rng()` (rarely with keywords): the seed goes first.
            return [.insert(items.isEmpty ? argument : argument + ", ", at: open.endByte)]
        }
        let last = items[items.count - 1]
        let lastLine = text.lineIndex(ofByte: last.startByte)
        let ownLine = text.bytes[text.lineStarts[lastLine]..<last.startByte].allSatisfy { $0 == 0x20 || $0 == 0x09 }
        let indent = text.text(ByteRange(text.lineStarts[lastLine], last.startByte))
        let comma = last.nextSibling.flatMap { $0.textEquals(",") ? $0 : nil }
        // The line the new argument follows: the one the last argument (or its comma) ends on.
        let endLine = text.lineIndex(ofByte: comma?.startByte ?? max(last.startByte, last.endByte - 1))
        if ownLine, text.lineIndex(ofByte: close.startByte) > endLine {
            let end = text.lineContentEnd(endLine)
            if comma != nil {
                return [.insert("\n" + indent + argument + ",", at: end)]
            }
            if end == last.endByte { return [.insert(",\n" + indent + argument, at: end)] }
            return [.insert(",", at: last.endByte), .insert("\n" + indent + argument, at: end)]
        }
        if let comma { return [.insert(" " + argument + ",", at: comma.endByte)] }
        return [.insert(", " + argument, at: last.endByte)]
    }

    /// `SEED = 42` after the imports at the top of the file, or of the first notebook cell
    /// (up to the call's) that has code; nil when there is no clean place for it.
    private func seedDefinition(before callUnit: Int, _ context: RuleContext) -> Edit? {
        for unit in context.document.units.prefix(callUnit + 1) {
            guard let tree = unit.tree, !tree.root.hasError else { continue }
            let text = unit.text
            var lastHeader: Node?
            var firstCode: Node?
            for (k, statement) in Syntax.statements(tree.root).enumerated() {
                let s = statement.symbol
                if unit.maskedLines.contains(text.lineIndex(ofByte: statement.startByte) + 1) { continue }
                if s == Py.importStatement || s == Py.importFromStatement || s == Py.futureImportStatement
                    || (k == 0 && Syntax.isStringStatement(statement)) {
                    lastHeader = statement
                    continue
                }
                firstCode = statement
                break
            }
            if let header = lastHeader {
                let line = text.lineIndex(ofByte: max(header.startByte, header.endByte - 1))
                // Code on the same line (`import x; y = 1`) would run before `SEED` exists.
                if let code = firstCode, text.lineIndex(ofByte: code.startByte) == line { return nil }
                let end = text.lineContentEnd(line)
                let nextIsBlank = line + 1 < text.lineCount && text.lineStarts[line + 1] < text.bytes.count
                    && text.bytes[text.lineStarts[line + 1]..<text.lineContentEnd(line + 1)].allSatisfy { $0 == 0x20 || $0 == 0x09 }
                return Edit(ByteRange(end, end), (nextIsBlank ? "\n\n" : "\n") + "SEED = 42", unit: unit.index)
            }
            if let code = firstCode {
                let line = text.lineIndex(ofByte: code.startByte)
                guard text.lineStarts[line] == code.startByte, !unit.maskedLines.contains(line + 1) else { return nil }
                return Edit(ByteRange(code.startByte, code.startByte), "SEED = 42\n", unit: unit.index)
            }
        }
        return nil
    }
}

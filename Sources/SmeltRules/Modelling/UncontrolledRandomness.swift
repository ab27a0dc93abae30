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
        ]
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
                context.report(node, "`\(function.text)()` without a seed gives different numbers on every run")
            }
            return
        }
        guard Self.libraries.contains(where: { q.hasPrefix($0) }) else { return }
        if keywords.contains(where: { Self.seedKeywords.contains($0.name) }) { return }
        if Self.seeded.contains(String(name)) {
            if name == "train_test_split", keywords.contains(where: { $0.name == "shuffle" && $0.value.text == "False" }) { return }
            context.report(node, "`\(function.text)` without `random_state`: results change on every run")
        } else if Self.shuffleSplitters.contains(String(name)),
                  keywords.contains(where: { $0.name == "shuffle" && $0.value.text == "True" }) {
            context.report(node, "`\(function.text)(shuffle=True)` without `random_state`: folds change on every run")
        }
    }
}

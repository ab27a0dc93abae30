import SmeltAnalysis
import SmeltSyntax

/// SM402: estimators constructed with no arguments, relying on the library's defaults.
public struct HyperparametersNotSet: Rule {
    public static let description = RuleDescription(
        code: "SM402", slug: "hyperparameters-not-set", name: "Hyperparameters not set",
        category: .modelling, severity: .info,
        summary: "A scikit-learn, XGBoost, LightGBM or CatBoost estimator constructed with no arguments",
        whatItDoes: """
            Finds estimators constructed with an empty argument list, such as `RandomForestClassifier()`, \
            `SVC()` or `xgb.XGBClassifier()`. Transformers (`StandardScaler()`, `LabelEncoder()`, `PCA()`) and \
            estimators with no hyperparameter worth tuning (`LinearRegression()`, `GaussianNB()`) are not \
            reported, nor are estimators whose hyperparameters are tuned: passed to a search such as \
            `GridSearchCV` (directly, in a pipeline, or through the name they are assigned to) or given \
            parameters later with `set_params`.
            """,
        whyIsThisBad: """
            The defaults are the library's guess, not a decision: they change between versions (the default \
            `n_estimators` of a random forest went from 10 to 100), they are rarely the best for the data, and \
            a reader cannot tell whether they were chosen or forgotten. Setting the key hyperparameters makes \
            the experiment explicit and reproducible across library versions.
            """,
        example: """
            model = RandomForestClassifier()
            model.fit(X_train, y_train)
            """,
        useInstead: """
            model = RandomForestClassifier(n_estimators=N_TREES, max_depth=MAX_DEPTH, random_state=SEED)
            model.fit(X_train, y_train)
            """,
        refactoring: "Set the key hyperparameters explicitly",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #11 hyperparameter not explicitly set",
            "dslinter: hyperparameters-scikitlearn",
        ],
        triggering: [
            RuleExample("from sklearn.ensemble import RandomForestClassifier\nmodel = ↓RandomForestClassifier()\nmodel.fit(X, y)\n"),
            RuleExample("import xgboost as xgb\nclf = ↓xgb.XGBClassifier()\n"),
            RuleExample("from sklearn.svm import SVC\nfrom sklearn.neighbors import KNeighborsClassifier\nmodels = [↓SVC(), ↓KNeighborsClassifier()]\n"),
            RuleExample("from sklearn.cluster import KMeans\nlabels = ↓KMeans().fit_predict(X)\n"),
        ],
        nonTriggering: [
            RuleExample("from sklearn.ensemble import RandomForestClassifier\nmodel = RandomForestClassifier(n_estimators=N, max_depth=D)\n"),
            RuleExample("from sklearn.ensemble import RandomForestClassifier\nmodel = RandomForestClassifier(**params)\n"),
            RuleExample("from sklearn.preprocessing import StandardScaler, LabelEncoder\nscaler = StandardScaler()\nencoder = LabelEncoder()\n"),
            RuleExample("from sklearn.linear_model import LinearRegression\nmodel = LinearRegression()\n"),
            RuleExample("from sklearn.svm import SVC\nfrom sklearn.model_selection import GridSearchCV\nsearch = GridSearchCV(SVC(), param_grid=GRID)\n"),
            RuleExample("from sklearn.svm import SVC\nfrom sklearn.model_selection import GridSearchCV\nsvc = SVC()\nsearch = GridSearchCV(svc, GRID)\n"),
            RuleExample("from sklearn.ensemble import RandomForestClassifier\nfrom sklearn.pipeline import Pipeline\nfrom sklearn.model_selection import RandomizedSearchCV\npipe = Pipeline([(\"rf\", RandomForestClassifier())])\nsearch = RandomizedSearchCV(pipe, DISTRIBUTIONS)\n"),
            RuleExample("from sklearn.ensemble import RandomForestClassifier\nmodel = RandomForestClassifier()\nmodel.set_params(**best_params)\n"),
            RuleExample("class RandomForestClassifier:\n    pass\nmodel = RandomForestClassifier()\n"),
        ]
    )

    /// The hyperparameters worth setting first, for the refactoring's text.
    static let keyHyperparameters: [String: String] = [
        "RandomForestClassifier": "n_estimators, max_depth", "RandomForestRegressor": "n_estimators, max_depth",
        "ExtraTreesClassifier": "n_estimators, max_depth", "ExtraTreesRegressor": "n_estimators, max_depth",
        "GradientBoostingClassifier": "n_estimators, learning_rate, max_depth",
        "GradientBoostingRegressor": "n_estimators, learning_rate, max_depth",
        "HistGradientBoostingClassifier": "learning_rate, max_iter, max_leaf_nodes",
        "HistGradientBoostingRegressor": "learning_rate, max_iter, max_leaf_nodes",
        "DecisionTreeClassifier": "max_depth, min_samples_leaf", "DecisionTreeRegressor": "max_depth, min_samples_leaf",
        "SVC": "C, kernel", "SVR": "C, kernel, epsilon", "LinearSVC": "C", "LinearSVR": "C, epsilon",
        "KNeighborsClassifier": "n_neighbors, weights", "KNeighborsRegressor": "n_neighbors, weights",
        "LogisticRegression": "C, max_iter", "Ridge": "alpha", "Lasso": "alpha", "ElasticNet": "alpha, l1_ratio",
        "KMeans": "n_clusters", "MiniBatchKMeans": "n_clusters", "DBSCAN": "eps, min_samples",
        "MLPClassifier": "hidden_layer_sizes, alpha, max_iter", "MLPRegressor": "hidden_layer_sizes, alpha, max_iter",
        "SGDClassifier": "loss, alpha, max_iter", "SGDRegressor": "loss, alpha, max_iter",
        "XGBClassifier": "n_estimators, learning_rate, max_depth", "XGBRegressor": "n_estimators, learning_rate, max_depth",
        "LGBMClassifier": "n_estimators, learning_rate, num_leaves", "LGBMRegressor": "n_estimators, learning_rate, num_leaves",
        "AdaBoostClassifier": "n_estimators, learning_rate", "AdaBoostRegressor": "n_estimators, learning_rate",
        "MultinomialNB": "alpha", "BernoulliNB": "alpha", "ComplementNB": "alpha", "CategoricalNB": "alpha",
        "CatBoostClassifier": "iterations, learning_rate, depth", "CatBoostRegressor": "iterations, learning_rate, depth",
    ]

    public init(options: RuleOptions) {}

    public func finish(_ context: RuleContext) {
        let model = context.model
        guard MLSyntax.imports(model, ["sklearn", "xgboost", "lightgbm", "catboost"]) else { return }
        var candidates: [(unit: Int, node: Node, name: String)] = []
        var tuned: Set<String> = []
        var anySearch = false
        MLSyntax.forEach(context.document, SymbolSet([Py.call])) { unit, call in
            guard let f = call.child(PyField.function) else { return }
            if f.symbol == Py.attribute, let m = MLSyntax.method(call), m.name.textEquals("set_params") {
                tuned.insert(m.object.text)
                return
            }
            guard let q = model.qualifiedName(f) else { return }
            let name = Syntax.lastComponent(q)
            if MLAPIs.searches.contains(String(name)) {
                anySearch = true
                if let first = Syntax.positionalArguments(call).first { tuned.insert(first.text) }
                for k in Syntax.keywordArguments(call).keywords where k.name == "estimator" { tuned.insert(k.value.text) }
                return
            }
            guard let estimator = MLAPIs.estimatorName(q), let args = call.child(PyField.arguments),
                  !args.children.contains(where: { $0.isNamed && $0.symbol != Py.comment }) else { return }
            let e = String(estimator)
            if MLAPIs.estimatorsWithoutKeyHyperparameters.contains(e) || MLAPIs.learnedTransformers.contains(e) { return }
            candidates.append((unit.index, call, e))
        }
        for c in candidates where !isTuned(c.node, tuned, anySearch: anySearch, model) {
            let keys = Self.keyHyperparameters[c.name].map { " (\($0))" } ?? ""
            context.report(unit: c.unit, c.node.byteRange,
                           "`\(Syntax.snippet(c.node))` relies on the library's default hyperparameters",
                           refactoring: "Set the key hyperparameters of `\(c.name)` explicitly\(keys)")
        }
    }

    /// Whether the estimator is passed to a search, directly or through the pipeline and the
    /// name that hold it, or given its parameters with `set_params`. Estimators in a list or
    /// dict are taken as tuned when the document runs any search (it may loop over them).
    private func isTuned(_ call: Node, _ tuned: Set<String>, anySearch: Bool, _ model: SemanticModel) -> Bool {
        var node = call
        while let parent = node.parent {
            let s = parent.symbol
            if s == Py.argumentList || s == Py.list || s == Py.tuple || s == Py.parenthesizedExpression || s == Py.keywordArgument
                || s == Py.pair || s == Py.dictionary {
                if anySearch, s == Py.list || s == Py.dictionary { return true }
                node = parent
                continue
            }
            if s == Py.call, node.symbol == Py.argumentList {
                if let f = parent.child(PyField.function), let q = model.qualifiedName(f),
                   MLAPIs.searches.contains(String(Syntax.lastComponent(q))) { return true }
                node = parent
                continue
            }
            if s == Py.assignment, node.field == PyField.right, let left = parent.child(PyField.left) {
                return tuned.contains(left.text)
            }
            return false
        }
        return false
    }
}

import SmeltAnalysis
import SmeltSyntax

/// SM401: a scaling-sensitive estimator fitted in a module or notebook that never scales its features.
public struct ScalingMissing: Rule {
    public static let description = RuleDescription(
        code: "SM401", slug: "scaling-missing", name: "Scaling missing before a scaling-sensitive step",
        category: .modelling, severity: .warning,
        summary: "PCA, an SVM, k-NN, SGD, an MLP or a penalised linear model fitted where no feature is ever scaled",
        whatItDoes: """
            In code that imports scikit-learn, finds scikit-learn estimators whose result depends on the scale \
            of the features (`PCA`, `SVC`, `SVR`, `LinearSVC`, `KNeighborsClassifier`, `SGDClassifier`, \
            `MLPClassifier`, `LogisticRegression`, `Ridge`, `Lasso`, `ElasticNet`, `KMeans`...) that are fitted \
            — `.fit(...)` on the estimator, on the `Pipeline` or search that holds it, or `cross_val_score` — \
            in a module or notebook where nothing is scaled at all: no scaler or scaling function \
            (`StandardScaler`, `MinMaxScaler`, `scale`, `normalize`...), no name that says the data is scaled or \
            normalised (`X_scaled`, `X_std`), no division by a standard deviation, maximum or `255`, and no text \
            vectoriser (TF-IDF features are normalised already). An estimator in a `Pipeline` whose other steps \
            are not all plain scikit-learn constructors is not reported, since those steps may scale.
            """,
        whyIsThisBad: """
            These estimators measure distances, margins, variances or penalties in the units of the features: \
            a feature in dollars outweighs one in years, PCA picks the column with the largest numbers, and \
            gradient-based solvers converge slowly or not at all. The model is then worse than it could be for a \
            reason nobody sees.
            """,
        example: """
            model = SVC(C=C, kernel="rbf")
            model.fit(X_train, y_train)
            """,
        useInstead: """
            model = make_pipeline(StandardScaler(), SVC(C=C, kernel="rbf"))
            model.fit(X_train, y_train)
            """,
        refactoring: "Put a scaler in a `Pipeline` before the estimator",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #10 no scaling before scaling-sensitive operation",
            "dslinter: scaler-missing",
            "scikit-learn user guide: importance of feature scaling",
        ],
        precision: .medium,
        triggering: [
            RuleExample("from sklearn.svm import SVC\nmodel = ↓SVC(C=1.0)\nmodel.fit(X_train, y_train)\n"),
            RuleExample("from sklearn.neighbors import KNeighborsClassifier\nknn = ↓KNeighborsClassifier(n_neighbors=K).fit(X, y)\n"),
            RuleExample("from sklearn.decomposition import PCA\nfrom sklearn.pipeline import make_pipeline\nfrom sklearn.linear_model import LogisticRegression\npipe = make_pipeline(↓PCA(n_components=N), ↓LogisticRegression(C=C))\npipe.fit(X, y)\n"),
            RuleExample("from sklearn.linear_model import LogisticRegression\nfrom sklearn.model_selection import cross_val_score\nscores = cross_val_score(↓LogisticRegression(C=C), X, y)\n"),
            RuleExample(notebook: [
                .code("from sklearn.cluster import KMeans\nkmeans = ↓KMeans(n_clusters=K, random_state=SEED)", 1),
                .markdown("## Fit"),
                .code("kmeans.fit(customers)", 2),
            ]),
        ],
        nonTriggering: [
            RuleExample("from sklearn.svm import SVC\nfrom sklearn.preprocessing import StandardScaler\nfrom sklearn.pipeline import make_pipeline\nmodel = make_pipeline(StandardScaler(), SVC(C=1.0))\nmodel.fit(X, y)\n"),
            RuleExample("from sklearn.svm import SVC\nfrom sklearn.preprocessing import StandardScaler\nscaler = StandardScaler()\nX_train = scaler.fit_transform(X_train)\nmodel = SVC(C=1.0)\nmodel.fit(X_train, y_train)\n"),
            RuleExample("from sklearn.ensemble import RandomForestClassifier\nmodel = RandomForestClassifier(n_estimators=N)\nmodel.fit(X, y)\n"),
            RuleExample("from sklearn.svm import SVC\nmodel = SVC(C=1.0)\n"),
            RuleExample("from sklearn.neural_network import MLPClassifier\nX = X / 255.0\nmlp = MLPClassifier(hidden_layer_sizes=(H,))\nmlp.fit(X, y)\n"),
            RuleExample("from sklearn.linear_model import LogisticRegression\nfrom sklearn.feature_extraction.text import TfidfVectorizer\nX = TfidfVectorizer().fit_transform(texts)\nLogisticRegression(C=C).fit(X, y)\n"),
            RuleExample("from sklearn.svm import SVC\nfrom features import preprocessor\nfrom sklearn.pipeline import Pipeline\npipe = Pipeline([(\"prep\", preprocessor), (\"svc\", SVC())])\npipe.fit(X, y)\n"),
            RuleExample("from sklearn.linear_model import Ridge\nX_std = (X - X.mean()) / X.std()\nRidge(alpha=A).fit(X_std, y)\n"),
            RuleExample("from sklearn.cluster import KMeans\nfrom sklearn.datasets import make_blobs\nX, _ = make_blobs(n_samples=N)\nKMeans(n_clusters=K).fit(X)\n"),
        ]
    )

    static let scaledWords: Set<String> = [
        "scaled", "scaler", "scale", "std", "standardized", "standardised", "normalized", "normalised", "norm",
        "zscore", "normalize", "normalise", "standardize", "standardise", "rescaled", "minmax",
    ]
    static let textVectorisers: Set<String> = ["TfidfVectorizer", "HashingVectorizer", "TfidfTransformer", "CountVectorizer"]
    static let scalingDivisors = ["std", "255", "max", "norm", "range", "ptp", "scale"]
    static let fitMethods: Set<String> = ["fit", "fit_transform", "fit_predict", "partial_fit"]
    static let kinds = SymbolSet([Py.call, Py.identifier, Py.binaryOperator, Py.augmentedAssignment])

    public init(options: RuleOptions) {}

    public func finish(_ context: RuleContext) {
        let model = context.model
        guard MLSyntax.imports(model, MLSyntax.sklearnRoots) else { return }
        var scaled = false
        var candidates: [(unit: Int, node: Node, name: String)] = []
        var fitted: Set<String> = []
        MLSyntax.forEach(context.document, Self.kinds) { unit, node in
            if scaled { return }
            let s = node.symbol
            if s == Py.identifier {
                if node.field == PyField.name, node.parent?.symbol == Py.keywordArgument { return }
                if MLSyntax.tokens(node.text).contains(where: { Self.scaledWords.contains($0) }) { scaled = true }
                if node.text.contains("Scaler") || node.text.contains("Normaliz") { scaled = true }
            } else if s == Py.binaryOperator || s == Py.augmentedAssignment {
                guard let op = node.child(PyField.operator), op.textEquals("/") || op.textEquals("/="),
                      let right = node.child(PyField.right) else { return }
                let t = right.text.lowercased()
                if Self.scalingDivisors.contains(where: { t.contains($0) }) { scaled = true }
            } else {
                guard let f = node.child(PyField.function) else { return }
                let q = model.qualifiedName(f)
                if let name = MLAPIs.sklearnName(q) {
                    let n = String(name)
                    if MLAPIs.scalers.contains(n) || MLAPIs.scalingFunctions.contains(n) || Self.textVectorisers.contains(n)
                        || (q!.hasPrefix("sklearn.datasets.make_")) {
                        scaled = true
                        return
                    }
                    if MLAPIs.scalingSensitive.contains(n) { candidates.append((unit.index, node, n)) }
                    if MLAPIs.crossValidation.contains(n) || MLAPIs.searches.contains(n) {
                        if let first = Syntax.positionalArguments(node).first { fitted.insert(first.text) }
                        for k in Syntax.keywordArguments(node).keywords where k.name == "estimator" { fitted.insert(k.value.text) }
                    }
                } else if let m = MLSyntax.method(node), Self.fitMethods.contains(m.name.text),
                          m.object.symbol == Py.identifier || m.object.symbol == Py.attribute {
                    fitted.insert(m.object.text)
                }
            }
        }
        if scaled { return }
        for c in candidates where isFitted(c.node, fitted, model) {
            context.report(unit: c.unit, c.node.byteRange,
                           "`\(c.name)` is fitted on features that are never scaled: it is sensitive to their scale",
                           refactoring: "Put a scaler before `\(c.name)`: `make_pipeline(StandardScaler(), \(Syntax.snippet(c.node)))`")
        }
    }

    /// Whether the estimator built by `call` is fitted: directly, through the pipeline or
    /// search that holds it, through the name it is assigned to, or by cross-validation.
    private func isFitted(_ call: Node, _ fitted: Set<String>, _ model: SemanticModel) -> Bool {
        var node = call
        while let parent = node.parent {
            let s = parent.symbol
            if s == Py.argumentList || s == Py.list || s == Py.tuple || s == Py.parenthesizedExpression || s == Py.keywordArgument
                || s == Py.pair || s == Py.dictionary {
                node = parent
                continue
            }
            if s == Py.call, node.symbol == Py.argumentList {
                // `node` holds arguments of `parent`: a pipeline, a search, an ensemble...
                let q = parent.child(PyField.function).flatMap { model.qualifiedName($0) }
                if let name = MLAPIs.sklearnName(q) {
                    if MLAPIs.crossValidation.contains(String(name)) { return true }
                    if MLAPIs.pipelines.contains(String(name)), !otherStepsArePlain(parent, holding: call, model) { return false }
                } else if let q, q.hasPrefix("imblearn.") {
                    if !otherStepsArePlain(parent, holding: call, model) { return false }
                } else {
                    return false
                }
                node = parent
                continue
            }
            if s == Py.attribute, node.field == PyField.object, let attr = parent.child(PyField.attribute),
               let outer = parent.parent, outer.symbol == Py.call {
                return Self.fitMethods.contains(attr.text)
            }
            if s == Py.assignment, node.field == PyField.right, let left = parent.child(PyField.left) {
                return fitted.contains(left.text)
            }
            return false
        }
        return false
    }

    static let containers: Set<String> = [
        "ColumnTransformer", "make_column_transformer", "FeatureUnion", "make_union", "FunctionTransformer",
        "TransformedTargetRegressor",
    ]

    /// Whether every step of a pipeline, other than the one holding `call`, is a scikit-learn
    /// constructor (a step held in a variable, or a column transformer, may scale).
    private func otherStepsArePlain(_ pipeline: Node, holding call: Node, _ model: SemanticModel) -> Bool {
        guard let f = pipeline.child(PyField.function), let q = model.qualifiedName(f) else { return false }
        var steps: [Node] = []
        let name = Syntax.lastComponent(q)
        if name.hasPrefix("make_") {
            steps = Syntax.positionalArguments(pipeline)
        } else {
            let list = Syntax.positionalArguments(pipeline).first
                ?? Syntax.keywordArguments(pipeline).keywords.first { $0.name == "steps" || $0.name == "transformer_list" }?.value
            guard let list, list.symbol == Py.list else { return false }
            for element in list.namedChildren where element.symbol != Py.comment {
                guard element.symbol == Py.tuple, let step = element.namedChild(1) else { return false }
                steps.append(step)
            }
        }
        for step in steps where !(step.startByte <= call.startByte && call.endByte <= step.endByte) {
            if step.symbol == Py.string { continue }
            guard step.symbol == Py.call else { return false }
            var plain = true
            step.walk { n in
                guard plain, n.symbol == Py.call else { return plain }
                guard let g = n.child(PyField.function), let r = model.qualifiedName(g),
                      r.hasPrefix("sklearn.") || r.hasPrefix("imblearn."),
                      !Self.containers.contains(String(Syntax.lastComponent(r))) else {
                    plain = false
                    return false
                }
                return true
            }
            if !plain { return false }
        }
        return true
    }
}

import SmeltAnalysis
import SmeltSyntax

/// The machine-learning APIs the modelling and deep-learning rules know, by class or
/// function name. Names are matched on the last component of a qualified name under
/// `sklearn.` (and, for estimators, `xgboost.`, `lightgbm.` and `catboost.`).
public enum MLAPIs {
    /// Estimators whose results depend on the scale of the features (distances, margins,
    /// penalties, gradient steps, variance).
    public static let scalingSensitive: Set<String> = [
        "PCA", "KernelPCA", "IncrementalPCA", "SparsePCA", "FactorAnalysis", "FastICA",
        "SVC", "SVR", "NuSVC", "NuSVR", "LinearSVC", "LinearSVR", "OneClassSVM",
        "KNeighborsClassifier", "KNeighborsRegressor", "RadiusNeighborsClassifier", "RadiusNeighborsRegressor",
        "NearestNeighbors", "NearestCentroid", "LocalOutlierFactor",
        "SGDClassifier", "SGDRegressor", "SGDOneClassSVM", "Perceptron",
        "PassiveAggressiveClassifier", "PassiveAggressiveRegressor",
        "MLPClassifier", "MLPRegressor",
        "LogisticRegression", "LogisticRegressionCV", "Ridge", "RidgeCV", "RidgeClassifier", "RidgeClassifierCV",
        "Lasso", "LassoCV", "LassoLars", "ElasticNet", "ElasticNetCV", "KernelRidge", "HuberRegressor",
        "KMeans", "MiniBatchKMeans", "DBSCAN", "OPTICS", "MeanShift", "SpectralClustering",
        "AgglomerativeClustering", "GaussianProcessClassifier", "GaussianProcessRegressor", "TSNE", "Isomap",
        "LocallyLinearEmbedding", "MDS", "SpectralEmbedding",
    ]

    /// Scalers and normalisers (classes).
    public static let scalers: Set<String> = [
        "StandardScaler", "MinMaxScaler", "RobustScaler", "MaxAbsScaler", "Normalizer", "QuantileTransformer",
        "PowerTransformer",
    ]

    /// Scaling functions of `sklearn.preprocessing`.
    public static let scalingFunctions: Set<String> = [
        "scale", "minmax_scale", "robust_scale", "maxabs_scale", "normalize", "quantile_transform", "power_transform",
    ]

    /// Transformers and selectors that learn from the data they are fitted on.
    public static let learnedTransformers: Set<String> = scalers.union([
        "SimpleImputer", "KNNImputer", "IterativeImputer", "OneHotEncoder", "OrdinalEncoder", "TargetEncoder",
        "KBinsDiscretizer", "PolynomialFeatures", "SplineTransformer",
        "PCA", "KernelPCA", "IncrementalPCA", "TruncatedSVD", "FactorAnalysis", "FastICA", "NMF",
        "LinearDiscriminantAnalysis",
        "SelectKBest", "SelectPercentile", "SelectFpr", "SelectFdr", "SelectFwe", "GenericUnivariateSelect",
        "VarianceThreshold", "SelectFromModel", "RFE", "RFECV", "SequentialFeatureSelector",
        "TfidfVectorizer", "CountVectorizer", "TfidfTransformer", "DictVectorizer",
    ])

    /// Classification metrics that depend on a decision threshold.
    public static let thresholdDependentMetrics: Set<String> = [
        "accuracy_score", "f1_score", "fbeta_score", "precision_score", "recall_score", "balanced_accuracy_score",
        "classification_report", "confusion_matrix", "precision_recall_fscore_support", "jaccard_score",
        "matthews_corrcoef", "cohen_kappa_score",
    ]

    /// Classification metrics and curves computed over all thresholds (from scores or probabilities).
    public static let thresholdIndependentMetrics: Set<String> = [
        "roc_auc_score", "average_precision_score", "log_loss", "brier_score_loss", "roc_curve",
        "precision_recall_curve", "auc", "det_curve", "top_k_accuracy_score", "RocCurveDisplay",
        "PrecisionRecallDisplay", "DetCurveDisplay", "plot_roc_curve", "plot_precision_recall_curve",
        "CalibrationDisplay", "calibration_curve",
    ]

    /// Regression and other metrics that compare targets with predictions.
    public static let otherMetrics: Set<String> = [
        "mean_squared_error", "root_mean_squared_error", "mean_absolute_error", "r2_score",
        "mean_absolute_percentage_error", "median_absolute_error", "explained_variance_score", "max_error",
        "mean_squared_log_error", "hamming_loss", "zero_one_loss", "hinge_loss",
    ]

    /// Estimators (classes) of scikit-learn, XGBoost, LightGBM and CatBoost.
    public static let estimators: Set<String> = scalingSensitive.union([
        "RandomForestClassifier", "RandomForestRegressor", "ExtraTreesClassifier", "ExtraTreesRegressor",
        "GradientBoostingClassifier", "GradientBoostingRegressor", "HistGradientBoostingClassifier",
        "HistGradientBoostingRegressor", "DecisionTreeClassifier", "DecisionTreeRegressor", "ExtraTreeClassifier",
        "ExtraTreeRegressor", "AdaBoostClassifier", "AdaBoostRegressor", "BaggingClassifier", "BaggingRegressor",
        "IsolationForest", "LinearRegression", "BayesianRidge", "ARDRegression", "Lars", "OrthogonalMatchingPursuit",
        "TheilSenRegressor", "RANSACRegressor", "PoissonRegressor", "TweedieRegressor", "GammaRegressor",
        "QuantileRegressor", "GaussianNB", "MultinomialNB", "BernoulliNB", "ComplementNB", "CategoricalNB",
        "LinearDiscriminantAnalysis", "QuadraticDiscriminantAnalysis", "GaussianMixture", "BayesianGaussianMixture",
        "Birch", "AffinityPropagation", "BisectingKMeans", "HDBSCAN",
        "XGBClassifier", "XGBRegressor", "XGBRanker", "XGBRFClassifier", "XGBRFRegressor",
        "LGBMClassifier", "LGBMRegressor", "LGBMRanker", "CatBoostClassifier", "CatBoostRegressor",
    ])

    /// Estimators with no hyperparameter worth tuning by default (left out of `hyperparameters-not-set`).
    public static let estimatorsWithoutKeyHyperparameters: Set<String> = [
        "LinearRegression", "GaussianNB", "LinearDiscriminantAnalysis", "QuadraticDiscriminantAnalysis",
        "BayesianRidge", "ARDRegression", "TheilSenRegressor", "RANSACRegressor",
    ]

    /// Pipelines (classes and factory functions), of scikit-learn and imbalanced-learn.
    public static let pipelines: Set<String> = ["Pipeline", "make_pipeline", "FeatureUnion", "make_union"]

    /// Hyperparameter searches: an estimator passed to one has its hyperparameters tuned.
    public static let searches: Set<String> = [
        "GridSearchCV", "RandomizedSearchCV", "HalvingGridSearchCV", "HalvingRandomSearchCV", "BayesSearchCV",
        "TuneSearchCV", "TuneGridSearchCV",
    ]

    /// Cross-validation helpers that fit their estimator on folds of the data they get.
    public static let crossValidation: Set<String> = [
        "cross_val_score", "cross_validate", "cross_val_predict", "learning_curve", "validation_curve",
        "permutation_test_score",
    ]

    static let estimatorLibraries = ["sklearn.", "xgboost.", "lightgbm.", "catboost."]
    static let pipelineLibraries = ["sklearn.", "imblearn."]

    /// The class or function name of `q` when it is under `sklearn.`.
    public static func sklearnName(_ q: String?) -> Substring? {
        guard let q, q.hasPrefix("sklearn.") else { return nil }
        return Syntax.lastComponent(q)
    }

    /// The class name of `q` when it is an estimator of one of the estimator libraries.
    public static func estimatorName(_ q: String?) -> Substring? {
        guard let q, estimatorLibraries.contains(where: { q.hasPrefix($0) }) else { return nil }
        let name = Syntax.lastComponent(q)
        return estimators.contains(String(name)) ? name : nil
    }
}

// MARK: - Syntax helpers shared by the modelling and deep-learning rules

enum MLSyntax {
    static let torchRoots = ["torch", "lightning", "pytorch_lightning"]
    static let tensorflowRoots = ["tensorflow", "keras", "tf_keras"]
    static let sklearnRoots = ["sklearn"]

    /// Whether the document imports one of `roots` (or a submodule of one).
    static func imports(_ model: SemanticModel, _ roots: [String]) -> Bool {
        model.imports.values.contains { q in
            roots.contains { root in q == root || (q.hasPrefix(root) && q.dropFirst(root.count).first == ".") }
        }
    }

    /// `object.method(...)`: the object and the method name node.
    static func method(_ call: Node) -> (object: Node, name: Node)? {
        guard call.symbol == Py.call, let f = call.child(PyField.function), f.symbol == Py.attribute,
              let object = f.child(PyField.object), let name = f.child(PyField.attribute) else { return nil }
        return (object, name)
    }

    /// The callee's last name: `f` for `f(x)`, `m` for `a.b.m(x)`.
    static func calleeName(_ call: Node) -> Node? {
        guard let f = call.child(PyField.function) else { return nil }
        if f.symbol == Py.identifier { return f }
        if f.symbol == Py.attribute { return f.child(PyField.attribute) }
        return nil
    }

    /// Visits every node of the given kinds in the document, units in order, each in preorder.
    static func forEach(_ document: Document, _ kinds: SymbolSet, _ body: (SourceUnit, Node) -> Void) {
        for unit in document.units {
            guard let tree = unit.tree, !tree.isTooDeep else { continue }
            for j in 0..<tree.nodeCount where kinds.contains(tree.symbol(at: j)) {
                body(unit, tree.node(at: j))
            }
        }
    }

    /// Visits the nodes of a subtree, not descending into nested functions, classes and lambdas.
    static func walkBody(_ node: Node, _ body: (Node) -> Void) {
        node.walk { n in
            if n != node, n.symbol == Py.functionDefinition || n.symbol == Py.classDefinition || n.symbol == Py.lambda {
                return false
            }
            body(n)
            return true
        }
    }

    /// A parenthesised expression's content (repeatedly).
    static func unwrap(_ node: Node) -> Node {
        var n = node
        while n.symbol == Py.parenthesizedExpression, let inner = n.namedChildren.first(where: { $0.symbol != Py.comment }) { n = inner }
        return n
    }

    /// The base name of an expression: `X` for `X`, `X[cols]`, `X.values`, `X.loc[rows]`.
    static func baseName(_ node: Node) -> Node? {
        var n = unwrap(node)
        while true {
            if n.symbol == Py.identifier { return n }
            if n.symbol == Py.subscript, let v = n.child(PyField.value) { n = v; continue }
            if n.symbol == Py.attribute, let o = n.child(PyField.object) { n = o; continue }
            return nil
        }
    }

    /// Lower-cased parts of a name split at `_`, `.`, digits (anything not a letter) and
    /// lower-to-upper case changes:
    /// `X_train_scaled` → x, train, scaled; `valLoader` → val, loader.
    static func tokens(_ name: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previousLower = false
        for c in name {
            if !c.isLetter {
                if !current.isEmpty { out.append(current) }
                current = ""
                previousLower = false
                continue
            }
            if c.isUppercase && previousLower {
                out.append(current)
                current = ""
            }
            current.append(contentsOf: c.lowercased())
            previousLower = c.isLowercase
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    static let trainTokens: Set<String> = ["train", "training", "xtrain", "ytrain", "trainx", "trainy", "trn"]
    static let heldOutTokens: Set<String> = [
        "test", "testing", "xtest", "ytest", "val", "valid", "validation", "xval", "yval", "holdout", "dev", "tst", "eval",
    ]

    static func hasToken(_ name: String, _ set: Set<String>) -> Bool {
        tokens(name).contains { set.contains($0) }
    }

    /// Identifiers read in an expression (not attribute names, not keyword names).
    static func readIdentifiers(_ node: Node) -> [Node] {
        var out: [Node] = []
        node.walk { n in
            if n.symbol == Py.identifier {
                let f = n.field
                if let p = n.parent, p.symbol == Py.attribute, f == PyField.attribute { return false }
                if let p = n.parent, p.symbol == Py.keywordArgument, f == PyField.name { return false }
                out.append(n)
                return false
            }
            return n.symbol != Py.lambda
        }
        return out
    }

    /// The nearest enclosing function definition, or nil at module level.
    static func enclosingFunction(_ node: Node) -> Node? {
        var p = node.parent
        while let n = p {
            if n.symbol == Py.functionDefinition { return n }
            p = n.parent
        }
        return nil
    }

    /// Whether `node` is inside `with torch.no_grad()` / `torch.inference_mode()`, or in a function
    /// decorated with `@torch.no_grad()`.
    static func isUnderNoGrad(_ node: Node, _ model: SemanticModel) -> Bool {
        var p = node.parent
        while let n = p {
            if n.symbol == Py.functionDefinition {
                guard let d = n.parent, d.symbol == Py.decoratedDefinition else { return false }
                return d.children.contains { $0.symbol == Py.decorator && $0.namedChildren.first.map { isNoGradDecorator($0, model) } == true }
            }
            if n.symbol == Py.withStatement, withItems(n).contains(where: { isNoGrad($0, model) }) { return true }
            p = n.parent
        }
        return false
    }

    /// The context-manager expressions of a `with` statement.
    static func withItems(_ statement: Node) -> [Node] {
        var out: [Node] = []
        for clause in statement.children where clause.symbol == Py.withClause {
            for item in clause.children where item.symbol == Py.withItem {
                guard var v = item.child(PyField.value) else { continue }
                if v.symbol == Py.asPattern, let first = v.namedChild(0) { v = first }
                out.append(v)
            }
        }
        return out
    }

    /// `@torch.no_grad()`, `@torch.no_grad`, `@torch.inference_mode()`.
    static func isNoGradDecorator(_ expression: Node, _ model: SemanticModel) -> Bool {
        if expression.symbol == Py.call { return isNoGrad(expression, model) }
        let q = model.qualifiedName(expression)
        return q == "torch.no_grad" || q == "torch.inference_mode"
    }

    /// `torch.no_grad()`, `torch.inference_mode()`, `torch.set_grad_enabled(False)`.
    static func isNoGrad(_ expression: Node, _ model: SemanticModel) -> Bool {
        guard expression.symbol == Py.call, let f = expression.child(PyField.function),
              let q = model.qualifiedName(f) else { return false }
        if q == "torch.no_grad" || q == "torch.inference_mode" || q == "torch.autograd.no_grad" { return true }
        if q == "torch.set_grad_enabled", let a = Syntax.positionalArguments(expression).first, a.symbol == Py.false { return true }
        return false
    }
    // MARK: scikit-learn objects

    static let objectLibraries = ["sklearn.", "xgboost.", "lightgbm.", "catboost.", "imblearn."]

    /// The class an expression constructs: `StandardScaler(...)` → `StandardScaler`; a call
    /// chained on one (`StandardScaler().fit(X)`) gives the same class.
    static func constructedClass(_ expression: Node, _ model: SemanticModel) -> String? {
        var e = unwrap(expression)
        while e.symbol == Py.call, let f = e.child(PyField.function) {
            if f.symbol == Py.attribute, let object = f.child(PyField.object), unwrap(object).symbol == Py.call {
                e = unwrap(object)
                continue
            }
            // Classes are capitalised: check the first letter before resolving the name
            // (`make_pipeline` builds a `Pipeline`).
            guard let last = f.symbol == Py.identifier ? f : f.child(PyField.attribute), last.symbol == Py.identifier,
                  startsUppercase(last) || last.textEquals("make_pipeline"), let q = model.qualifiedName(f),
                  objectLibraries.contains(where: { q.hasPrefix($0) }) else { return nil }
            return String(Syntax.lastComponent(q))
        }
        return nil
    }

    static func startsUppercase(_ node: Node) -> Bool {
        let b = node.tree.text.bytes[node.startByte]
        return b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")
    }

    /// Names (`scaler`, `self.model`) assigned an object of a scikit-learn-compatible class,
    /// with that class, over the whole document.
    static func constructedObjects(_ document: Document, _ model: SemanticModel) -> [String: String] {
        var out: [String: String] = [:]
        forEach(document, SymbolSet([Py.assignment])) { _, assignment in
            guard let left = assignment.child(PyField.left), left.symbol == Py.identifier || left.symbol == Py.attribute,
                  let right = assignment.child(PyField.right), let cls = constructedClass(right, model) else { return }
            out[left.text] = cls
        }
        return out
    }

    /// The class of the object a method is called on, when it is known.
    static func receiverClass(_ object: Node, _ objects: [String: String], _ model: SemanticModel) -> String? {
        let o = unwrap(object)
        if o.symbol == Py.call { return constructedClass(o, model) }
        if o.symbol == Py.identifier || o.symbol == Py.attribute { return objects[o.text] }
        return nil
    }

    static let transformerWords: Set<String> = ["scaler", "imputer", "vectorizer", "vectoriser", "tfidf", "pca", "selector"]

    /// `scaler.fit(X)` or `scaler.fit_transform(X)` on a transformer or selector that learns from
    /// data: its data argument, or nil.
    static func learnedFitData(_ call: Node, _ objects: [String: String], _ model: SemanticModel) -> Node? {
        guard let m = method(call), m.name.textEquals("fit") || m.name.textEquals("fit_transform") else { return nil }
        if let cls = receiverClass(m.object, objects, model) {
            guard MLAPIs.learnedTransformers.contains(cls) else { return nil }
        } else {
            let o = unwrap(m.object)
            guard o.symbol == Py.identifier || o.symbol == Py.attribute,
                  let last = o.symbol == Py.identifier ? o : o.child(PyField.attribute),
                  tokens(last.text).contains(where: { transformerWords.contains($0) }) else { return nil }
        }
        return Syntax.positionalArguments(call).first ?? Syntax.keywordArguments(call).keywords.first { $0.name == "X" }?.value
    }
}

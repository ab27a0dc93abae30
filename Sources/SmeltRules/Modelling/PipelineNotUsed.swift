import SmeltAnalysis
import SmeltSyntax

/// SM407: preprocessing and model fitted separately, with no `Pipeline` anywhere.
public struct PipelineNotUsed: Rule {
    public static let description = RuleDescription(
        code: "SM407", slug: "pipeline-not-used", name: "Pipeline not used",
        category: .modelling, severity: .info,
        summary: "A preprocessing transformer and an estimator fitted separately, with no `Pipeline` in the module or notebook",
        whatItDoes: """
            In code that imports scikit-learn, finds a transformer that learns from data (a scaler, an imputer, \
            an encoder, `PCA`, a selector or a text vectoriser) fitted with `fit` or `fit_transform`, and an \
            estimator fitted with `fit` or `fit_predict`, in a module or notebook that uses no `Pipeline`, \
            `make_pipeline` or imbalanced-learn pipeline. One finding, at the first transformer fit.
            """,
        whyIsThisBad: """
            Fitted separately, every transformation must be repeated by hand, in the same order and with the \
            same fitted objects, on the test data, in cross-validation and in production; one missed step or one \
            `fit_transform` instead of `transform` and the model sees different features, or test data leaks \
            into training. A `Pipeline` is one object that is fitted, cross-validated, tuned and saved as a whole.
            """,
        example: """
            scaler = StandardScaler()
            X_train = scaler.fit_transform(X_train)
            model = LogisticRegression(C=C).fit(X_train, y_train)
            """,
        useInstead: """
            model = make_pipeline(StandardScaler(), LogisticRegression(C=C))
            model.fit(X_train, y_train)
            """,
        refactoring: "Compose the preprocessing and the model in a `Pipeline`",
        references: [
            "dslinter: pipeline-not-used",
            "scikit-learn user guide: pipelines and composite estimators",
        ],
        triggering: [
            RuleExample("from sklearn.preprocessing import StandardScaler\nfrom sklearn.linear_model import LogisticRegression\nscaler = StandardScaler()\nX_train = ↓scaler.fit_transform(X_train)\nmodel = LogisticRegression(C=C)\nmodel.fit(X_train, y_train)\n"),
            RuleExample(notebook: [
                .code("from sklearn.impute import SimpleImputer\nfrom sklearn.ensemble import RandomForestClassifier\nimputer = SimpleImputer(strategy=\"median\")\n↓imputer.fit(X_train)", 1),
                .code("X_train = imputer.transform(X_train)\nclf = RandomForestClassifier(n_estimators=N).fit(X_train, y_train)", 2),
            ]),
        ],
        nonTriggering: [
            RuleExample("from sklearn.pipeline import make_pipeline\nfrom sklearn.preprocessing import StandardScaler\nfrom sklearn.linear_model import LogisticRegression\nmodel = make_pipeline(StandardScaler(), LogisticRegression(C=C))\nmodel.fit(X_train, y_train)\n"),
            RuleExample("from sklearn.preprocessing import StandardScaler\nscaler = StandardScaler()\nX_scaled = scaler.fit_transform(X)\n"),
            RuleExample("from sklearn.linear_model import LogisticRegression\nmodel = LogisticRegression(C=C)\nmodel.fit(X_train, y_train)\n"),
            RuleExample("from sklearn.preprocessing import LabelEncoder\nfrom sklearn.linear_model import LogisticRegression\ny = LabelEncoder().fit_transform(y)\nLogisticRegression(C=C).fit(X, y)\n"),
        ]
    )

    public init(options: RuleOptions) {}

    public func finish(_ context: RuleContext) {
        let model = context.model
        guard MLSyntax.imports(model, MLSyntax.sklearnRoots) else { return }
        if model.imports.values.contains(where: { $0.hasPrefix("sklearn.pipeline") || $0.hasPrefix("imblearn.pipeline") || $0 == "imblearn" }) {
            return
        }
        let objects = MLSyntax.constructedObjects(context.document, model)
        var firstTransform: (unit: Int, call: Node, cls: String)?
        var estimator: String?
        var pipeline = false
        MLSyntax.forEach(context.document, SymbolSet([Py.call, Py.identifier])) { unit, node in
            if pipeline { return }
            if node.symbol == Py.identifier {
                if node.textEquals("Pipeline") || node.textEquals("make_pipeline") || node.textEquals("pipeline") { pipeline = true }
                return
            }
            guard let m = MLSyntax.method(node), m.name.textEquals("fit") || m.name.textEquals("fit_transform") || m.name.textEquals("fit_predict"),
                  let cls = MLSyntax.receiverClass(m.object, objects, model) else { return }
            if m.name.textEquals("fit") || m.name.textEquals("fit_transform") {
                if MLAPIs.learnedTransformers.contains(cls) {
                    if firstTransform == nil { firstTransform = (unit.index, node, cls) }
                    return
                }
            }
            if m.name.textEquals("fit") || m.name.textEquals("fit_predict"), MLAPIs.estimators.contains(cls),
               !MLAPIs.learnedTransformers.contains(cls), estimator == nil {
                estimator = cls
            }
        }
        guard !pipeline, let t = firstTransform, let estimator else { return }
        context.report(unit: t.unit, t.call.byteRange,
                       "`\(t.cls)` and `\(estimator)` are fitted separately: every transformation must be repeated by hand on new data",
                       refactoring: "Compose them in a `Pipeline`: `make_pipeline(\(t.cls)(...), \(estimator)(...))`")
    }
}

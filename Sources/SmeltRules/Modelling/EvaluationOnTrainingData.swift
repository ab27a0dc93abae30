import SmeltAnalysis
import SmeltSyntax

/// SM406: the model is evaluated on the data it was trained on, and on nothing else.
public struct EvaluationOnTrainingData: Rule {
    public static let description = RuleDescription(
        code: "SM406", slug: "evaluation-on-training-data", name: "Evaluation on training data",
        category: .modelling, severity: .warning,
        summary: "`model.score(X_train, y_train)` or a metric of training predictions, with no evaluation on held-out data",
        whatItDoes: """
            In code that imports scikit-learn, TensorFlow or Keras, finds evaluations whose data are training \
            data — `model.score(X_train, y_train)`, `model.evaluate(x_train, y_train)`, \
            `accuracy_score(y_train, model.predict(X_train))` or any scikit-learn metric whose arguments' names \
            contain `train` — in a module or notebook that evaluates on nothing else: no score or metric on \
            names containing `test`, `val`, `valid` or `holdout`, no cross-validation or search, and no \
            `fit(..., validation_data=...)`. Showing the training score next to the test score (to spot \
            overfitting) is not reported.
            """,
        whyIsThisBad: """
            A model is always good on the data it has seen: a deep tree scores 100% on its training set. The \
            training score says nothing about how the model will do on new data, so reporting it as the result \
            hides overfitting and overstates the model.
            """,
        example: """
            model.fit(X_train, y_train)
            print(accuracy_score(y_train, model.predict(X_train)))
            """,
        useInstead: """
            model.fit(X_train, y_train)
            print(accuracy_score(y_test, model.predict(X_test)))
            """,
        refactoring: "Evaluate on held-out data (a test set or cross-validation)",
        references: [
            "Effective Machine Learning Teams, workshop notebook: evaluate the model on held-out data",
            "scikit-learn user guide: cross-validation, evaluating estimator performance",
        ],
        triggering: [
            RuleExample("from sklearn.tree import DecisionTreeClassifier\nmodel.fit(X_train, y_train)\nprint(↓model.score(X_train, y_train))\n"),
            RuleExample("from sklearn.metrics import accuracy_score\nacc = ↓accuracy_score(y_train, model.predict(X_train))\n"),
            RuleExample("import tensorflow as tf\nloss, acc = ↓model.evaluate(x_train, y_train)\n"),
            RuleExample(notebook: [
                .code("from sklearn import metrics\nmodel.fit(Xtrain, ytrain)", 1),
                .code("↓metrics.f1_score(ytrain, model.predict(Xtrain))", 2),
            ]),
        ],
        nonTriggering: [
            RuleExample("from sklearn.metrics import accuracy_score\ntrain_acc = accuracy_score(y_train, model.predict(X_train))\ntest_acc = accuracy_score(y_test, model.predict(X_test))\n"),
            RuleExample("from sklearn.tree import DecisionTreeClassifier\nprint(model.score(X_test, y_test))\n"),
            RuleExample("from sklearn.model_selection import cross_val_score\nscores = cross_val_score(model, X_train, y_train)\ntrain_score = model.score(X_train, y_train)\n"),
            RuleExample("from sklearn.metrics import accuracy_score\nacc = accuracy_score(y_val, model.predict(X_val))\n"),
            RuleExample("train_score = model.score(X_train, y_train)\n"),
            RuleExample("import tensorflow as tf\nmodel.fit(x_train, y_train, validation_data=(x_val, y_val))\nmodel.evaluate(x_test, y_test)\n"),
        ]
    )

    public init(options: RuleOptions) {}

    public func finish(_ context: RuleContext) {
        let model = context.model
        let sklearn = MLSyntax.imports(model, MLSyntax.sklearnRoots)
        let keras = MLSyntax.imports(model, MLSyntax.tensorflowRoots)
        guard sklearn || keras else { return }
        var onTraining: [(unit: Int, call: Node)] = []
        var heldOut = false
        MLSyntax.forEach(context.document, SymbolSet([Py.call])) { unit, call in
            if heldOut { return }
            guard let f = call.child(PyField.function) else { return }
            var arguments: [Node] = []
            if let m = MLSyntax.method(call), m.name.textEquals("fit"),
               Syntax.keywordArguments(call).keywords.contains(where: { $0.name == "validation_data" || $0.name == "validation_split" || $0.name == "eval_set" }) {
                heldOut = true
                return
            }
            if let m = MLSyntax.method(call), (sklearn && m.name.textEquals("score")) || (keras && m.name.textEquals("evaluate")) {
                if m.name.textEquals("score"), Syntax.positionalArguments(call).count < 2 { return }
                arguments = Syntax.positionalArguments(call)
                if arguments.isEmpty { return }
            } else if sklearn, let name = MLAPIs.sklearnName(model.qualifiedName(f)) {
                let n = String(name)
                if MLAPIs.crossValidation.contains(n) || MLAPIs.searches.contains(n) {
                    heldOut = true
                    return
                }
                guard MLAPIs.thresholdDependentMetrics.contains(n) || MLAPIs.thresholdIndependentMetrics.contains(n)
                        || MLAPIs.otherMetrics.contains(n) else { return }
                arguments = Syntax.positionalArguments(call)
                arguments += Syntax.keywordArguments(call).keywords.filter { $0.name.hasPrefix("y_") }.map(\.value)
            } else {
                return
            }
            var train = false
            for argument in arguments {
                for id in MLSyntax.readIdentifiers(argument) {
                    let tokens = MLSyntax.tokens(id.text)
                    if tokens.contains(where: { MLSyntax.heldOutTokens.contains($0) }) {
                        heldOut = true
                        return
                    }
                    if tokens.contains(where: { MLSyntax.trainTokens.contains($0) }) { train = true }
                }
            }
            if train { onTraining.append((unit.index, call)) }
        }
        guard !heldOut else { return }
        for e in onTraining {
            context.report(unit: e.unit, e.call.byteRange,
                           "`\(Syntax.snippet(e.call))` evaluates the model on its training data, and nothing evaluates it on held-out data")
        }
    }
}

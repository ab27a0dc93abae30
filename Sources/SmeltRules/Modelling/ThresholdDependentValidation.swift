import SmeltAnalysis
import SmeltSyntax

/// SM405: only threshold-dependent classification metrics are computed.
public struct ThresholdDependentValidation: Rule {
    public static let description = RuleDescription(
        code: "SM405", slug: "threshold-dependent-validation", name: "Threshold-dependent validation only",
        category: .modelling, severity: .info,
        summary: "A module or notebook that evaluates with accuracy, F1, precision or recall only, and no ROC AUC, PR AUC or log loss",
        whatItDoes: """
            In code that imports scikit-learn, reports the first call of a threshold-dependent metric \
            (`accuracy_score`, `f1_score`, `precision_score`, `recall_score`, `balanced_accuracy_score`, \
            `classification_report`, `confusion_matrix`...) when the module or notebook uses no \
            threshold-independent one: no `roc_auc_score`, `average_precision_score`, `log_loss`, \
            `brier_score_loss`, `roc_curve`, `precision_recall_curve` (called or passed as a scorer), no \
            `scoring="roc_auc"`-style string, no `AUC` metric and no `predict_proba` or `decision_function`.
            """,
        whyIsThisBad: """
            Accuracy, F1, precision and recall are measured at one decision threshold (usually 0.5). They say \
            little about how well the model ranks cases, change when the threshold or the class balance \
            changes, and make two models hard to compare. A threshold-independent metric measures the model; \
            the threshold is a business decision taken afterwards.
            """,
        example: """
            predictions = model.predict(X_test)
            print(f1_score(y_test, predictions))
            """,
        useInstead: """
            scores = model.predict_proba(X_test)[:, 1]
            print(roc_auc_score(y_test, scores), average_precision_score(y_test, scores))
            """,
        refactoring: "Add a threshold-independent metric (ROC AUC, PR AUC)",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #22 threshold-dependent validation",
            "dslinter: threshold-dependent validation",
        ],
        triggering: [
            RuleExample("from sklearn.metrics import accuracy_score, f1_score\nacc = ↓accuracy_score(y_test, pred)\nf1 = f1_score(y_test, pred)\n"),
            RuleExample("from sklearn import metrics\nprint(↓metrics.classification_report(y_test, pred))\n"),
            RuleExample(notebook: [
                .code("from sklearn.metrics import confusion_matrix, recall_score", 1),
                .code("cm = ↓confusion_matrix(y_test, pred)", 2),
                .code("recall_score(y_test, pred)", 3),
            ]),
        ],
        nonTriggering: [
            RuleExample("from sklearn.metrics import accuracy_score, roc_auc_score\nacc = accuracy_score(y_test, pred)\nauc = roc_auc_score(y_test, proba)\n"),
            RuleExample("from sklearn.metrics import f1_score\nfrom sklearn.model_selection import cross_val_score\nf1 = f1_score(y_test, pred)\nauc = cross_val_score(model, X, y, scoring=\"roc_auc\")\n"),
            RuleExample("from sklearn.metrics import accuracy_score, make_scorer, log_loss\nscorer = make_scorer(log_loss)\nacc = accuracy_score(y_test, pred)\n"),
            RuleExample("from sklearn.metrics import accuracy_score\nproba = model.predict_proba(X_test)\nacc = accuracy_score(y_test, pred)\n"),
            RuleExample("from sklearn.metrics import mean_squared_error\nmse = mean_squared_error(y_test, pred)\n"),
            RuleExample("def accuracy_score(a, b):\n    return 1.0\naccuracy_score(y, p)\n"),
        ]
    )

    static let independentWords = ["roc_auc", "auc", "average_precision", "log_loss", "brier", "logloss", "auroc", "pr_auc"]
    static let kinds = SymbolSet([Py.identifier, Py.string])

    public init(options: RuleOptions) {}

    public func finish(_ context: RuleContext) {
        let model = context.model
        guard MLSyntax.imports(model, MLSyntax.sklearnRoots) else { return }
        var first: (unit: Int, call: Node)?
        var names: [String] = []
        var independent = false
        MLSyntax.forEach(context.document, Self.kinds) { unit, node in
            if independent { return }
            if node.symbol == Py.string {
                guard node.endByte - node.startByte < 40 else { return }
                let t = node.text.lowercased()
                if Self.independentWords.contains(where: { t.contains($0) }) { independent = true }
                return
            }
            let text = node.text
            if text == "predict_proba" || text == "decision_function" || text == "AUC" || text == "AUROC" {
                independent = true
                return
            }
            let isDependent = MLAPIs.thresholdDependentMetrics.contains(text)
            guard isDependent || MLAPIs.thresholdIndependentMetrics.contains(text), !isInImport(node) else { return }
            // The reference: the name itself, or the attribute it ends (`metrics.f1_score`).
            var reference = node
            if let p = node.parent, p.symbol == Py.attribute, node.field == PyField.attribute { reference = p }
            guard let name = MLAPIs.sklearnName(model.qualifiedName(reference)), name == text else { return }
            if !isDependent {
                independent = true
                return
            }
            guard let call = reference.parent, call.symbol == Py.call, reference.field == PyField.function else { return }
            if first == nil { first = (unit.index, call) }
            if !names.contains(text) { names.append(text) }
        }
        guard !independent, let first else { return }
        let list = names.prefix(3).map { "`\($0)`" }.joined(separator: ", ")
        context.report(unit: first.unit, first.call.byteRange,
                       "Only threshold-dependent metrics (\(list)) evaluate the model: none measures it across thresholds",
                       refactoring: "Add a threshold-independent metric: `roc_auc_score` or `average_precision_score` on `predict_proba` scores")
    }

    private func isInImport(_ node: Node) -> Bool {
        var p = node.parent
        while let n = p {
            if n.symbol == Py.importFromStatement || n.symbol == Py.importStatement { return true }
            if Py.statements.contains(n.symbol) { return false }
            p = n.parent
        }
        return false
    }
}

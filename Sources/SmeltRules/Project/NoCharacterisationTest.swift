/// SM902: tests that never check the model's behaviour.
public struct NoCharacterisationTest: ProjectRule {
    public static let description = RuleDescription(
        code: "SM902", slug: "no-characterisation-test", name: "No characterisation test",
        category: .project, severity: .info,
        summary: "Tests exist, but none asserts a model metric or a golden output",
        whatItDoes: """
            Reads the test files (`test_*.py`, `*_test.py`, files under `tests/`) and looks for an assertion \
            about the model's behaviour: an `assert` (or `assert*`/`pytest.approx` check) that mentions a metric \
            (accuracy, AUC, F1, precision, recall, RMSE, MAE, R², loss, score) or compares with a golden or \
            snapshot output. Reports the folder when no test does.
            """,
        whyIsThisBad: """
            Unit tests pin down small functions; only a characterisation test — the model's metric stays above \
            a threshold, the pipeline's output matches a saved one — tells you that a refactoring of the whole \
            pipeline did not change its behaviour.
            """,
        example: "tests/test_features.py only tests helper functions",
        useInstead: """
            def test_model_auc_stays_above_baseline():
                auc = train_and_evaluate(load_sample())
                assert auc >= 0.78
            """,
        refactoring: "Add a characterisation test at the refactoring boundary: assert that the model's metric stays above a threshold",
        references: ["Effective Machine Learning Teams, ch. 8: define the refactoring boundary and add a characterisation test"],
        triggering: [RuleExample("↓=== tests/test_features.py\ndef test_add():\n    assert add(1, 2) == 3\n", .scriptOnly)],
        nonTriggering: [
            RuleExample("=== tests/test_model.py\ndef test_auc():\n    auc = evaluate()\n    assert auc >= 0.78\n", .scriptOnly),
            RuleExample("=== src/train.py\nx = 1\n", .scriptOnly),
        ]
    )

    static let metricWords = ["accuracy", "auc", "f1", "precision", "recall", "rmse", "mae", "mse", "r2", "loss", "score",
                              "metric", "golden", "snapshot", "expected_output", "assert_frame_equal", "approx"]

    public init(options: RuleOptions) {}

    public func check(_ project: ProjectContext) -> [ProjectFinding] {
        let tests = project.pythonFiles.filter { path in
            let name = ProjectContext.name(path)
            return name.hasPrefix("test_") || name.hasSuffix("_test.py") || path.hasPrefix("tests/") || path.contains("/tests/")
        }
        guard !tests.isEmpty else { return [] }
        for path in tests {
            guard let text = project.read(path)?.lowercased() else { continue }
            for line in text.split(separator: "\n") where line.contains("assert") || line.contains("approx") {
                if Self.metricWords.contains(where: { line.contains($0) }) { return [] }
            }
        }
        return [ProjectFinding(path: nil, message: "None of the \(tests.count) test file\(tests.count == 1 ? "" : "s") in `\(project.root)` asserts a model metric or a golden output")]
    }
}

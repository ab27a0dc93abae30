/// SM901: a project without tests.
public struct NoTests: ProjectRule {
    public static let description = RuleDescription(
        code: "SM901", slug: "no-tests", name: "No tests",
        category: .project, severity: .warning,
        summary: "A project with no tests: no `tests/` folder and no `test_*.py` or `*_test.py` file",
        whatItDoes: "Looks for a `tests/` or `test/` folder, or a `test_*.py` / `*_test.py` file, anywhere in the folder given to `smelt check`; reports the folder when there is none.",
        whyIsThisBad: """
            Without tests every change is a gamble: nobody knows whether a refactoring kept the model's \
            behaviour, so nobody dares to refactor. The book's refactoring process starts by adding a \
            characterisation test at the refactoring boundary.
            """,
        example: "project/\n  train.py\n  explore.ipynb",
        useInstead: "project/\n  src/train.py\n  tests/test_train.py\n  tests/test_model_metrics.py",
        refactoring: "Add a characterisation test first (e.g. the model's metric stays above a threshold), then unit tests",
        references: ["Effective Machine Learning Teams, ch. 8: add characterisation tests before refactoring", "mllint: testing"],
        triggering: [RuleExample("↓=== train.py\nimport pandas as pd\n=== explore.ipynb\n{}\n", .scriptOnly)],
        nonTriggering: [
            RuleExample("=== src/train.py\nx = 1\n=== tests/test_train.py\ndef test_x():\n    assert 1\n", .scriptOnly),
            RuleExample("=== train.py\nx = 1\n=== train_test.py\ndef test_x():\n    assert 1\n", .scriptOnly),
        ]
    )

    public init(options: RuleOptions) {}

    public func check(_ project: ProjectContext) -> [ProjectFinding] {
        let hasTests = project.files.contains { path in
            let name = ProjectContext.name(path)
            return path.hasPrefix("tests/") || path.hasPrefix("test/") || path.contains("/tests/") || path.contains("/test/")
                || (name.hasPrefix("test_") && name.hasSuffix(".py")) || name.hasSuffix("_test.py")
        }
        guard !hasTests, !project.pythonFiles.isEmpty || !project.notebooks.isEmpty else { return [] }
        return [ProjectFinding(path: nil, message: "No tests in `\(project.root)`: no tests/ folder and no test_*.py file")]
    }
}

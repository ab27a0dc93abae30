/// SM907: a project folder that is not under version control.
public struct RepositoryNotVersioned: ProjectRule {
    public static let description = RuleDescription(
        code: "SM907", slug: "repository-not-versioned", name: "Repository not versioned",
        category: .project, severity: .warning,
        summary: "A project folder that is not inside a git work tree",
        whatItDoes: "Reports a folder given to `smelt check` that holds Python code or notebooks but is not inside a git work tree.",
        whyIsThisBad: """
            Without version control there is no history to fall back on, no review, and no way to tell which \
            version of a notebook produced a result; the book's refactoring cycle (small steps, commit each \
            green) needs it.
            """,
        example: "project/ with train.py and explore.ipynb, no .git",
        useInstead: "git init; commit the code, the notebooks (without outputs) and the dependency manifest",
        refactoring: "Put the project under version control (git init) and commit small, green steps",
        references: ["pynblint: repository-not-versioned", "Effective Machine Learning Teams, ch. 8: small, frequent commits"],
        triggering: [RuleExample("↓=== train.py\nx = 1\n", .scriptOnly)],
        nonTriggering: [RuleExample("=== .git/HEAD\nref: refs/heads/main\n=== train.py\nx = 1\n", .scriptOnly)]
    )

    public init(options: RuleOptions) {}

    public func check(_ project: ProjectContext) -> [ProjectFinding] {
        guard project.trackedFiles == nil, !project.files.contains(where: { $0.hasPrefix(".git/") || $0 == ".git" }) else { return [] }
        guard !project.pythonFiles.isEmpty || !project.notebooks.isEmpty else { return [] }
        return [ProjectFinding(path: nil, message: "`\(project.root)` is not under version control (no git work tree)")]
    }
}

/// SM904: dependencies not declared, or not pinned.
public struct DependenciesUnmanaged: ProjectRule {
    public static let description = RuleDescription(
        code: "SM904", slug: "dependencies-unmanaged", name: "Dependencies unmanaged",
        category: .project, severity: .warning,
        summary: "No dependency manifest (requirements, pyproject.toml, environment.yml, Pipfile), or one with no versions pinned",
        whatItDoes: """
            Reports the folder when it has Python code but no `requirements*.txt`, `pyproject.toml`, \
            `environment.yml`/`.yaml`, `Pipfile`, `setup.py` or `setup.cfg`; and reports a requirements file in \
            which no package has a version (`==`, `>=`, `~=`, `<`, `@`), naming the unpinned ones.
            """,
        whyIsThisBad: """
            Without declared, pinned dependencies the notebook that ran yesterday fails today: a new pandas or \
            scikit-learn release changes defaults and results, and nobody can recreate the environment.
            """,
        example: "requirements.txt:\npandas\nscikit-learn",
        useInstead: "requirements.txt:\npandas==2.2.2\nscikit-learn==1.5.1",
        refactoring: "Declare and pin the dependencies (requirements.txt with versions, or a lock file)",
        references: ["pynblint: dependencies management", "mllint: dependency management"],
        triggering: [
            RuleExample("↓=== train.py\nimport pandas\n", .scriptOnly),
            RuleExample("↓=== train.py\nimport pandas\n=== requirements.txt\npandas\nscikit-learn\n", .scriptOnly),
        ],
        nonTriggering: [
            RuleExample("=== train.py\nimport pandas\n=== requirements.txt\npandas==2.2.2\nscikit-learn>=1.5\n", .scriptOnly),
            RuleExample("=== train.py\nimport pandas\n=== pyproject.toml\n[project]\nname = \"x\"\n", .scriptOnly),
        ]
    )

    static let manifests: Set<String> = ["pyproject.toml", "environment.yml", "environment.yaml", "Pipfile", "Pipfile.lock",
                                         "setup.py", "setup.cfg", "poetry.lock", "uv.lock", "conda.yaml", "conda.yml"]

    public init(options: RuleOptions) {}

    public func check(_ project: ProjectContext) -> [ProjectFinding] {
        guard !project.pythonFiles.isEmpty || !project.notebooks.isEmpty else { return [] }
        let requirements = project.files.filter {
            let name = ProjectContext.name($0)
            return name.hasPrefix("requirements") && name.hasSuffix(".txt")
        }
        let hasManifest = !requirements.isEmpty || project.files.contains { Self.manifests.contains(String(ProjectContext.name($0))) }
        guard hasManifest else {
            return [ProjectFinding(path: nil, message: "No dependency manifest in `\(project.root)` (requirements.txt, pyproject.toml, environment.yml…)")]
        }
        var findings: [ProjectFinding] = []
        for path in requirements {
            guard let text = project.read(path) else { continue }
            var packages: [String] = []
            var pinned = 0
            for raw in text.split(separator: "\n") {
                let line = raw.split(separator: "#", maxSplits: 1).first.map { $0.trimmingCharacters(in: " \t") } ?? ""
                guard !line.isEmpty, !line.hasPrefix("-") else { continue }
                if line.contains(where: { "=<>~@".contains($0) }) { pinned += 1 } else { packages.append(line) }
            }
            if pinned == 0, !packages.isEmpty {
                let shown = packages.prefix(5).joined(separator: ", ") + (packages.count > 5 ? "…" : "")
                findings.append(ProjectFinding(path: path, message: "No version is pinned in `\(path)` (\(shown))",
                                               refactoring: "Pin each dependency to the version you tested with (`pandas==2.2.2`), or use a lock file"))
            }
        }
        return findings
    }
}

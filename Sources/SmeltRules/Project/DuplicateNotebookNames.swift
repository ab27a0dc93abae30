/// SM906: notebooks with the same file name in different folders.
public struct DuplicateNotebookNames: ProjectRule {
    public static let description = RuleDescription(
        code: "SM906", slug: "duplicate-notebook-names", name: "Duplicate notebook names",
        category: .project, severity: .info,
        summary: "The same notebook file name in two or more folders",
        whatItDoes: "Reports every notebook whose file name another notebook in a different folder also has.",
        whyIsThisBad: """
            Two `analysis.ipynb` in different folders get mixed up in conversations, reviews and copies: which \
            one holds the current version? Usually one is a stale copy of the other.
            """,
        example: "exploration/analysis.ipynb and reports/analysis.ipynb",
        useInstead: "exploration/loan-defaults-eda.ipynb and reports/loan-defaults-report.ipynb",
        refactoring: "Rename the notebooks after what they do, and delete stale copies",
        references: ["pynblint: duplicate notebook names"],
        triggering: [RuleExample("↓=== a/analysis.ipynb\n{}\n=== b/analysis.ipynb\n{}\n", .scriptOnly)],
        nonTriggering: [RuleExample("=== a/eda.ipynb\n{}\n=== b/report.ipynb\n{}\n", .scriptOnly)]
    )

    public init(options: RuleOptions) {}

    public func check(_ project: ProjectContext) -> [ProjectFinding] {
        var byName: [Substring: [String]] = [:]
        for path in project.notebooks { byName[ProjectContext.name(path), default: []].append(path) }
        var findings: [ProjectFinding] = []
        for (name, paths) in byName where paths.count > 1 {
            for path in paths.sorted().dropFirst() {
                let others = paths.filter { $0 != path }.map { "`\($0)`" }.joined(separator: ", ")
                findings.append(ProjectFinding(path: path, message: "Another notebook is also named `\(name)`: \(others)"))
            }
        }
        return findings.sorted { ($0.path ?? "") < ($1.path ?? "") }
    }
}

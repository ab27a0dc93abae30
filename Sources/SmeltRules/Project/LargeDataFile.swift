/// SM905: big data files kept in the repository.
public struct LargeDataFile: ProjectRule {
    public static let description = RuleDescription(
        code: "SM905", slug: "large-data-file", name: "Large data file in the repository",
        category: .project, severity: .warning,
        summary: "A data or model file over 10 MB (configurable) tracked in the repository",
        whatItDoes: """
            Reports each data or model file (`.csv`, `.parquet`, `.pkl`, `.h5`, `.npy`, `.pt`, `.joblib`, `.zip`…) \
            larger than `max-megabytes` that git tracks (every such file when the folder is not in a git work tree).
            """,
        whyIsThisBad: """
            Git keeps every version of every large file forever: clones get slow, history gets huge, and data \
            changes are not reviewed or reproducible. Data and models belong in data versioning or an object store.
            """,
        example: "data/loans.csv (240 MB) committed to git",
        useInstead: "data/loans.csv tracked with DVC (data/loans.csv.dvc committed), or read from object storage",
        refactoring: "Keep data out of git: version it with DVC or Git LFS, or read it from an object store",
        references: ["pynblint: large data files", "mllint: version control of data"],
        options: [RuleOption("max-megabytes", default: .int(10), "The largest data file, in MB, that may be tracked.")],
        triggering: [RuleExample("↓=== data/loans.csv\nsize: 40 MB\n=== train.py\nx = 1\n", .scriptOnly)],
        nonTriggering: [RuleExample("=== data/sample.csv\na,b\n1,2\n=== train.py\nx = 1\n", .scriptOnly)]
    )

    static let extensions = [".csv", ".tsv", ".parquet", ".feather", ".arrow", ".pkl", ".pickle", ".h5", ".hdf5", ".npy", ".npz",
                             ".pt", ".pth", ".ckpt", ".joblib", ".onnx", ".zip", ".gz", ".bz2", ".xz", ".xlsx", ".xls", ".json",
                             ".jsonl", ".bin", ".safetensors", ".tfrecord", ".avro", ".orc"]

    private let limit: Int

    public init(options: RuleOptions) { limit = options.int("max-megabytes") }

    public func check(_ project: ProjectContext) -> [ProjectFinding] {
        project.files.compactMap { path in
            let lower = path.lowercased()
            guard Self.extensions.contains(where: { lower.hasSuffix($0) }) else { return nil }
            if let tracked = project.trackedFiles, !tracked.contains(path) { return nil }
            let size = project.size(path)
            guard size > limit << 20 else { return nil }
            return ProjectFinding(path: path, message: "`\(path)` is \(size >> 20) MB (limit \(limit) MB) and kept in the repository")
        }
    }
}

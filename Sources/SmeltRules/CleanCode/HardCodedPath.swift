import SmeltSyntax

/// SM121: absolute file paths written into string literals.
public struct HardCodedPath: Rule {
    public static let description = RuleDescription(
        code: "SM121", slug: "hard-coded-path", name: "Hard-coded path",
        category: .cleanCode, severity: .warning,
        summary: "A string literal holding an absolute file path such as `/Users/ana/data.csv` or `C:\\data`",
        whatItDoes: """
            Finds string literals that are absolute paths on one person's machine: under a home or mount folder \
            (`/Users/…`, `/home/…`, `/root/…`, `/mnt/…`, `/Volumes/…`, `/content/…` on Colab, `/kaggle/…`, \
            `/data/…`, `/tmp/…` outside tests), Windows drive paths (`C:\\…`, `D:/…`), home-relative paths \
            (`~/…`, except dot-folders such as `~/.cache`), and other absolute paths that end in a data-file \
            name (`/srv/shared/loans.csv`). URLs, device and system paths (`/dev/null`, `/etc/…`, `/usr/…`, \
            `/opt/…`) and web routes (`/api/predict`) are not reported.
            """,
        whyIsThisBad: """
            An absolute path works on one machine only: a colleague, the CI server or the production job fails \
            with `FileNotFoundError`, or — worse — reads a stale copy that happens to exist there. It also leaks \
            user names and folder layouts into the repository.
            """,
        example: """
            loans = pd.read_csv("/Users/ana/projects/credit/data/loans.csv")
            """,
        useInstead: """
            DATA_DIR = Path(__file__).resolve().parent.parent / "data"   # or a setting / CLI argument
            loans = pd.read_csv(DATA_DIR / "loans.csv")
            """,
        refactoring: "Make the path a parameter or config; use paths relative to the project",
        references: [
            "pynblint: use relative paths (Quaranta et al., Eliciting Best Practices for Collaboration with Computational Notebooks, CSCW 2022)",
            "Effective Machine Learning Teams, ch. 8: configuration belongs outside the code",
        ],
        triggering: [
            RuleExample("loans = pd.read_csv(↓\"/Users/ana/data/loans.csv\")\n"),
            RuleExample("model.save(↓'/home/ana/models/rf.pkl')\n"),
            RuleExample("raw = pd.read_excel(↓r\"C:\\Users\\ana\\loans.xlsx\")\n"),
            RuleExample("DATA = ↓\"D:/datasets/credit\"\n"),
            RuleExample("path = ↓f\"/content/drive/MyDrive/{name}.csv\"\n"),
            RuleExample("out = ↓\"~/experiments/run1\"\n"),
            RuleExample("df = pd.read_parquet(↓\"/srv/shared/loans.parquet\")\n"),
        ],
        nonTriggering: [
            RuleExample("loans = pd.read_csv(\"data/loans.csv\")\n"),
            RuleExample("url = \"https://example.com/home/data.csv\"\n"),
            RuleExample("subprocess.run(cmd, stdout=open(\"/dev/null\", \"w\"))\n"),
            RuleExample("@app.route(\"/api/predict\")\ndef predict():\n    pass\n"),
            RuleExample("def test_save():\n    save(\"/tmp/model.pkl\")\n", fileName: "test_io.py"),
            RuleExample("creds = \"~/.kaggle/kaggle.json\"\n"),
            RuleExample("sep = \"/\"\nratio = \"a:b\"\n"),
            RuleExample("MODEL_DIR = \"/opt/ml/model\"\n"),
            RuleExample("parser.add_argument(\"--data\", help=\"e.g. /path/to/loans.csv\")\nexample = \"/path/to/loans.csv\"\n"),
        ]
    )

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.string] }

    static let interpolation = Language.python.symbol("interpolation")
    static let userRoots = ["/Users/", "/home/", "/root/", "/mnt/", "/media/", "/Volumes/", "/content/", "/kaggle/",
                            "/data/", "/datasets/", "/scratch/", "/workspace/", "/gpfs/", "/lustre/", "/nfs/", "/storage/"]
    static let systemRoots = ["/dev/", "/proc/", "/sys/", "/etc/", "/usr/", "/bin/", "/sbin/", "/lib", "/opt/", "/var/",
                              "/run/", "/boot/", "/api/", "/static/"]
    static let dataExtensions: Set<String> = [
        "csv", "tsv", "parquet", "pkl", "pickle", "json", "jsonl", "txt", "xlsx", "xls", "h5", "hdf5", "npy", "npz", "pt",
        "pth", "ckpt", "joblib", "feather", "zip", "gz", "jpg", "jpeg", "png", "yaml", "yml", "onnx", "tfrecord", "arrow",
        "db", "sqlite", "model", "bin", "safetensors", "xml", "avro", "orc",
    ]

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let start = node.firstChild, let end = node.children.reversed().first else { return }
        let bytes = node.tree.text.bytes
        let lo = start.endByte
        guard end.startByte - lo >= 3 else { return }
        let first = bytes[lo]
        let second = bytes[lo + 1]
        let isLetter = (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A)
        guard first == 0x2F || first == 0x7E || (isLetter && second == 0x3A) else { return }  // / ~ X:
        // The content ends at the closing quote, or at the first interpolation of an f-string.
        var hi = end.startByte
        if let interpolation = node.children.first(where: { $0.symbol == Self.interpolation }) { hi = interpolation.startByte }
        guard hi - lo >= 3 else { return }
        let content = node.tree.text.text(ByteRange(lo, hi))
        guard let path = hardCodedPath(content, context) else { return }
        context.report(node, "Hard-coded absolute path `\(path.count > 60 ? String(path.prefix(59)) + "…" : path)`",
                       refactoring: "Make the path a parameter or config (e.g. a `DATA_DIR` setting); use paths relative to the project")
    }

    /// The path, when `content` (a literal's text up to any interpolation) is an absolute path on someone's machine.
    private func hardCodedPath(_ content: String, _ context: RuleContext) -> String? {
        if content.contains("\n") || content.contains("://") || content.contains("/path/to/") { return nil }
        let scalars = Array(content.unicodeScalars)
        // Windows drive: `C:\...` (also escaped `C:\\...`) or `C:/...`.
        if scalars.count >= 5, scalars[1] == ":", scalars[2] == "\\" || scalars[2] == "/", scalars[0].properties.isAlphabetic {
            // `a:\nb:` in a normal string is an escape sequence, not a folder.
            if scalars[2] == "\\", "nrtxu0abfv".unicodeScalars.contains(scalars[3]) { return nil }
            return content
        }
        if content.hasPrefix("~/") || content.hasPrefix("~\\") {
            let rest = content.dropFirst(2)
            return rest.hasPrefix(".") || rest.isEmpty ? nil : content
        }
        guard content.hasPrefix("/"), !content.hasPrefix("//") else { return nil }
        if content.hasPrefix("/tmp/") { return context.isTestFile ? nil : content }
        if Self.userRoots.contains(where: { content.hasPrefix($0) }) {
            return Self.userRoots.contains(where: { content.hasPrefix($0) && content.count > $0.count }) ? content : nil
        }
        if Self.systemRoots.contains(where: { content.hasPrefix($0) }) { return nil }
        // Another absolute path: at least two folders deep and ending in a data-file name.
        guard content.filter({ $0 == "/" }).count >= 2, !content.contains(" "),
              let last = content.split(separator: "/").last, let dot = last.lastIndex(of: ".") else { return nil }
        let ext = last[last.index(after: dot)...].lowercased()
        return Self.dataExtensions.contains(ext) ? content : nil
    }
}

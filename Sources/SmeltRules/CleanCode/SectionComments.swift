import SmeltSyntax

/// SM112: comments that title the sections of a long function or cell.
public struct SectionComments: Rule {
    public static let description = RuleDescription(
        code: "SM112", slug: "section-comments", name: "Section comments",
        category: .cleanCode, severity: .info,
        summary: "Comments such as `# load data` or `# Step 2: clean` that title the sections of a long function or cell",
        whatItDoes: """
            In functions of more than `min-function-statements` statements (10 by default) and notebook cells of \
            more than `min-cell-lines` lines (15 by default), finds comments on a line of their own that title \
            the statements below them: short (at most six words), not code, starting with a step marker \
            (`Step 2:`, `1.`) or with a word that names a piece of work (`load`, `clean`, `split`, `train`, \
            `evaluate`, `feature engineering`...), directly above at least two statements. Reported only when \
            the function or cell has at least `min-sections` such titles (2 by default). The refactoring \
            suggests a function name made from the comment.
            """,
        whyIsThisBad: """
            A comment that titles a block says the function does several things, one per title. The comment \
            cannot be tested and drifts out of date; the block cannot be reused or read apart from the rest. \
            A function named after the comment says the same and can be tested.
            """,
        example: """
            def run(path):
                # load data
                raw = pd.read_csv(path)
                loans = raw.dropna()

                # train model
                model = LogisticRegression()
                model.fit(loans[FEATURES], loans[TARGET])
                ...
            """,
        useInstead: """
            def run(path):
                loans = load_data(path)
                model = train_model(loans)
                ...
            """,
        refactoring: "Extract function named after the comment",
        references: ["Effective Machine Learning Teams, ch. 8: \"too many comments\" — replace comments with intention-revealing functions",
                     "Fowler, Refactoring (2nd ed.): Comments smell; Extract Function"],
        options: [
            RuleOption("min-function-statements", default: .int(10), "Functions with more statements than this are checked."),
            RuleOption("min-cell-lines", default: .int(15), "Notebook cells with more lines than this are checked."),
            RuleOption("min-sections", default: .int(2), "How many titled sections a function or cell needs before they are reported."),
        ],
        precision: .medium,
        triggering: [
            RuleExample("""
                def train(path):
                    ↓# load data
                    raw = read(path)
                    loans = raw.dropna()

                    ↓# Step 2: fit the model
                    model = fit(loans)
                    save(model)
                """, options: ["min-function-statements": .int(3)]),
            RuleExample(cells: [("↓## Feature engineering ##\nloans = load()\nloans[\"r\"] = loans.a / loans.b\n↓# Train\nmodel = fit(loans)\nsave(model)", 1)],
                        options: ["min-cell-lines": .int(3)]),
        ],
        nonTriggering: [
            RuleExample("""
                def train(path):
                    # load data
                    raw = read(path)
                    loans = raw.dropna()
                    # fit the model
                    model = fit(loans)
                    save(model)
                """),
            RuleExample("""
                def train(path):
                    # the raw file has a broken header on every second line, so skip it
                    raw = read(path)
                    loans = raw.dropna()
                    # fit the model
                    model = fit(loans)
                    save(model)
                """, options: ["min-function-statements": .int(3)]),
            RuleExample("""
                def train(path):
                    raw = read(path)  # load data
                    loans = raw.dropna()  # clean
                    model = fit(loans)
                    save(model)
                """, options: ["min-function-statements": .int(3)]),
            RuleExample("""
                def train(path):
                    # load data
                    raw = read(path)
                    # clean
                    loans = raw.dropna()
                    model = fit(loans)
                """, options: ["min-function-statements": .int(3)]),
            RuleExample("""
                # load data
                raw = read(path)
                loans = raw.dropna()
                # train
                model = fit(loans)
                save(model)
                """, .scriptOnly, options: ["min-function-statements": .int(3), "min-cell-lines": .int(3)]),
        ]
    )

    private let minStatements: Int
    private let minLines: Int
    private let minSections: Int

    public init(options: RuleOptions) {
        minStatements = options.int("min-function-statements")
        minLines = options.int("min-cell-lines")
        minSections = max(1, options.int("min-sections"))
    }

    public var nodeKinds: [Symbol] { [Py.functionDefinition, Py.module] }

    public func visit(_ node: Node, _ context: RuleContext) {
        let container: Node
        let label: String
        if node.symbol == Py.module {
            guard context.isNotebook else { return }
            let text = context.unit.original
            var lines = text.lineCount
            while lines > 0, text.line(lines).allSatisfy(\.isWhitespace) { lines -= 1 }
            guard lines > minLines else { return }
            container = node
            label = "this \(lines)-line cell"
        } else {
            guard let body = node.child(PyField.body), let name = node.child(PyField.name) else { return }
            let count = Syntax.statementCount(body)
            guard count > minStatements else { return }
            container = body
            label = "`\(name.text)` (\(count) statements)"
        }
        // A comment above a function's first statement belongs to the definition, not to its body.
        var children: [Node] = []
        if node.symbol == Py.functionDefinition {
            children = node.children.filter { $0.symbol == Py.comment && $0.startByte >= (node.child(PyField.parameters)?.endByte ?? 0) }
        }
        children += container.children.filter(\.isNamed)
        let titles = sectionTitles(children)
        guard titles.count >= minSections else { return }
        for (comment, text) in titles {
            let name = Self.functionName(text)
            context.report(comment, "Comment `\(Syntax.snippet(comment, limit: 50))` titles a section of \(label)",
                           refactoring: "Extract function `\(name)()` named after the comment")
        }
    }

    /// Title comments among a function's or cell's statements, with their text, each above a section of 2+ statements.
    private func sectionTitles(_ children: [Node]) -> [(Node, String)] {
        var titles: [(index: Int, node: Node, text: String)] = []
        for (i, c) in children.enumerated() where c.symbol == Py.comment {
            guard i + 1 < children.count else { continue }
            let next = children[i + 1]
            guard next.symbol != Py.comment, Py.statements.contains(next.symbol), next.startRow == c.endRow + 1 else { continue }
            if i > 0, children[i - 1].symbol == Py.comment, children[i - 1].endRow == c.startRow - 1 { continue }
            guard ownLine(c), let text = Self.title(c.text) else { continue }
            titles.append((i, c, text))
        }
        var result: [(Node, String)] = []
        for (k, t) in titles.enumerated() {
            let end = k + 1 < titles.count ? titles[k + 1].index : children.count
            // A loop or `with` block below a title is a section of its own size.
            var statements = 0
            for c in children[(t.index + 1)..<end] where c.symbol != Py.comment {
                statements += Syntax.isSimpleStatement(c.symbol) ? 1 : 1 + Syntax.statementCount(c)
            }
            if statements >= 2 { result.append((t.node, t.text)) }
        }
        return result
    }

    private func ownLine(_ comment: Node) -> Bool {
        let bytes = comment.tree.text.bytes
        var i = comment.startByte - 1
        while i >= 0, bytes[i] != 0x0A {
            if bytes[i] != 0x20 && bytes[i] != 0x09 { return false }
            i -= 1
        }
        return true
    }

    static let workWords: Set<String> = [
        "load", "loading", "read", "reading", "import", "importing", "get", "fetch", "download", "clean", "cleaning", "cleanup",
        "preprocess", "preprocessing", "prepare", "preparation", "prep", "process", "processing", "transform", "transformation",
        "transformations", "split", "splitting", "train", "training", "fit", "fitting", "evaluate", "evaluation", "eval",
        "test", "testing", "validate", "validation", "predict", "prediction", "predictions", "inference", "plot", "plotting",
        "visualize", "visualise", "visualization", "visualisation", "save", "saving", "export", "exporting", "write", "writing",
        "encode", "encoding", "scale", "scaling", "normalize", "normalise", "normalization", "normalisation", "standardize",
        "compute", "computing", "calculate", "calculating", "build", "building", "create", "creating", "define", "drop",
        "dropping", "fill", "filling", "impute", "imputation", "merge", "merging", "join", "joining", "combine", "handle",
        "handling", "feature", "features", "engineer", "engineering", "model", "modelling", "modeling", "metrics", "score",
        "scoring", "tune", "tuning", "hyperparameter", "hyperparameters", "setup", "set", "initialize", "initialise", "init",
        "configure", "configuration", "config", "parse", "parsing", "filter", "filtering", "select", "selection", "aggregate",
        "aggregation", "group", "grouping", "sort", "sorting", "convert", "conversion", "check", "checks", "inspect",
        "explore", "exploration", "eda", "data", "dataset", "results", "report", "reporting", "generate", "extract",
        "extraction", "update", "apply", "run", "main", "remove", "rename", "reshape", "resample", "sample", "sampling",
        "cross", "grid", "search", "serve", "deploy", "upload", "store", "cache", "label", "labels", "target", "outliers",
        "missing", "categorical", "numerical", "text", "tokenize", "tokenise", "augment", "augmentation", "optimizer",
        "optimiser", "loss", "dataloader", "dataloaders", "preprocessor",
    ]
    static let stepWords: Set<String> = ["step", "part", "stage", "phase", "section"]
    static let directives = ["noqa", "type:", "todo", "fixme", "xxx", "hack", "note", "pragma", "fmt:", "pylint", "isort",
                             "mypy", "nosec", "region", "endregion", "%%", "pyright", "ruff"]

    /// The comment's title text (without `#` and decorations), when the comment reads as a section title.
    static func title(_ raw: String) -> String? {
        var t = Substring(raw)
        while t.first == "#" { t = t.dropFirst() }
        let decorations: Set<Character> = ["-", "=", "*", "#", "~", "_", "<", ">", "|", " ", "\t", "/"]
        while let f = t.first, decorations.contains(f) { t = t.dropFirst() }
        while let l = t.last, decorations.contains(l) { t = t.dropLast() }
        guard !t.isEmpty else { return nil }
        let lower = t.lowercased()
        if directives.contains(where: { lower.hasPrefix($0) }) { return nil }
        if t.contains(where: { "()=[]{}`'\"".contains($0) }) || t.contains("://") { return nil }
        if t.hasSuffix("?") { return nil }
        let words = lower.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !words.isEmpty, words.count <= 6 else { return nil }
        if t.hasSuffix("."), words.count > 3 { return nil }
        let first = String(words[0]).filter { !":.)".contains($0) }
        if stepWords.contains(first) { return String(t) }
        if first.allSatisfy(\.isNumber), !first.isEmpty, words.count > 1 { return String(t) }
        return workWords.contains(first) ? String(t) : nil
    }

    static let stopWords: Set<String> = ["the", "a", "an", "our", "some", "all", "into", "and", "to", "for", "with", "of", "from",
                                         "in", "on", "by", "we", "lets", "let", "now", "then", "here", "this", "that", "it", "its"]

    /// `Step 2: clean the data` → `clean_data`.
    static func functionName(_ title: String) -> String {
        var tokens: [String] = []
        var word = ""
        for c in title.lowercased() {
            if (c.isLetter && c.isASCII) || c.isNumber { word.append(c) } else if !word.isEmpty { tokens.append(word); word = "" }
        }
        if !word.isEmpty { tokens.append(word) }
        // Drop a leading step marker: `step 2`, `2`, `part ii`.
        if let f = tokens.first, stepWords.contains(f) {
            tokens.removeFirst()
            if let n = tokens.first, n.allSatisfy(\.isNumber) || ["i", "ii", "iii", "iv", "v", "one", "two", "three", "four", "five"].contains(n) {
                tokens.removeFirst()
            }
        } else if let f = tokens.first, f.allSatisfy(\.isNumber) {
            tokens.removeFirst()
        }
        let meaningful = tokens.filter { !stopWords.contains($0) }
        let name = meaningful.prefix(4).joined(separator: "_")
        guard let first = name.first else { return "section" }
        return first.isNumber ? "step_" + name : name
    }
}

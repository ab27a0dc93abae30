import SmeltAnalysis
import SmeltSyntax

/// SM120: functions that read or write files and also transform data.
public struct MixedIOAndLogic: Rule {
    public static let description = RuleDescription(
        code: "SM120", slug: "mixed-io-and-logic", name: "Mixed I/O and logic",
        category: .cleanCode, severity: .warning,
        summary: "A function that both reads or writes files and transforms data",
        whatItDoes: """
            Finds functions that do I/O — `pd.read_csv`/`read_parquet`/…, `open`, `json`/`pickle`/`joblib`/\
            `torch`/`np` `load` and `save`/`dump`, `.to_csv`/`.to_parquet`/…, `.savefig`, `.read()`/`.write()` — \
            and also have at least `min-logic-statements` statements (3 by default) that transform data: \
            method calls on data (`loans.dropna()`), calls into pandas, NumPy, scikit-learn and friends, \
            arithmetic, comparisons and masks, comprehensions, assignments into a subscript. Calls of plain \
            functions (`model = train(loans)`), logging, argument parsing and path building are orchestration, \
            not logic: a `main()` that loads, calls and saves is not reported. Dunder methods (a Dataset's \
            `__getitem__`) and test files are skipped.
            """,
        whyIsThisBad: """
            Logic tangled with I/O can only be run — or tested — with the files in place: a test needs fixture \
            files and a temporary folder, and the transformation cannot be reused on data that comes from \
            somewhere else (a database, an API, a test's DataFrame). Keeping I/O at the edges leaves a pure \
            core that takes data and returns data.
            """,
        example: """
            def prepare(path):
                loans = pd.read_csv(path)
                loans = loans.dropna()
                loans["ratio"] = loans["debt"] / loans["income"]
                loans = loans[loans["ratio"] < 1]
                loans.to_csv("clean.csv")
            """,
        useInstead: """
            def prepare(loans: pd.DataFrame) -> pd.DataFrame:
                loans = loans.dropna()
                loans = loans.assign(ratio=loans["debt"] / loans["income"])
                return loans[loans["ratio"] < 1]

            prepare(pd.read_csv(path)).to_csv("clean.csv")
            """,
        refactoring: "Separate I/O at the edges from pure logic",
        references: ["Effective Machine Learning Teams, ch. 8: separate I/O from logic (functional core, imperative shell)",
                     "Effective Machine Learning Teams, ch. 6: pure functions are easy to test"],
        options: [RuleOption("min-logic-statements", default: .int(3),
                             "How many data-transforming statements a function with I/O needs to be reported.")],
        precision: .medium,
        triggering: [
            RuleExample("""
                import pandas as pd
                def ↓prepare(path):
                    loans = pd.read_csv(path)
                    loans = loans.dropna()
                    loans["ratio"] = loans["debt"] / loans["income"]
                    loans = loans[loans["ratio"] < 1]
                    loans.to_csv("clean.csv")
                """),
            RuleExample("""
                import json
                def ↓load_scores(path):
                    with open(path) as f:
                        rows = json.load(f)
                    scores = [r["score"] for r in rows]
                    spread = max(scores) - min(scores)
                    return [s / spread for s in scores]
                """),
        ],
        nonTriggering: [
            RuleExample("import pandas as pd\ndef load(path):\n    return pd.read_csv(path, usecols=COLUMNS)\n"),
            RuleExample("""
                import joblib
                def main():
                    args = parse_args()
                    loans = load(args.path)
                    model = train(loans)
                    score = evaluate(model, loans)
                    joblib.dump(model, args.out)
                """),
            RuleExample("""
                def prepare(loans):
                    loans = loans.dropna()
                    loans["ratio"] = loans["debt"] / loans["income"]
                    return loans[loans["ratio"] < 1]
                """),
            RuleExample("""
                import joblib
                def save(model, out_dir):
                    out_dir.mkdir(parents=True, exist_ok=True)
                    path = out_dir / "model.pkl"
                    joblib.dump(model, path)
                    logger.info("saved %s", path)
                    return path
                """),
            RuleExample("""
                class Images:
                    def __getitem__(self, i):
                        image = Image.open(self.paths[i])
                        image = image.convert("RGB")
                        image = self.transform(image)
                        return image, self.labels[i] * 2
                """),
        ]
    )

    static let ioFunctions: Set<String> = [
        "open", "io.open", "builtins.open", "json.load", "json.dump", "pickle.load", "pickle.dump", "joblib.load", "joblib.dump",
        "numpy.load", "numpy.save", "numpy.savez", "numpy.savez_compressed", "numpy.loadtxt", "numpy.savetxt",
        "numpy.genfromtxt", "numpy.fromfile", "torch.save", "torch.load", "yaml.load", "yaml.safe_load", "yaml.dump",
        "yaml.safe_dump", "csv.reader", "csv.writer", "csv.DictReader", "csv.DictWriter", "cv2.imread", "cv2.imwrite",
        "PIL.Image.open", "imageio.imread", "imageio.imwrite", "scipy.io.loadmat", "scipy.io.savemat",
        "pyarrow.parquet.read_table", "pyarrow.parquet.write_table", "h5py.File", "tensorflow.keras.models.load_model",
        "keras.models.load_model", "datasets.load_dataset", "requests.get", "requests.post", "urllib.request.urlopen",
        "sqlite3.connect", "shutil.copy", "shutil.copyfile", "shutil.move", "os.remove", "dill.load", "dill.dump",
        "cloudpickle.load", "cloudpickle.dump", "polars.read_csv", "polars.read_parquet",
    ]
    static let ioMethods: Set<String> = [
        "to_csv", "to_parquet", "to_excel", "to_json", "to_pickle", "to_feather", "to_hdf", "to_sql", "to_stata", "to_orc",
        "write_csv", "write_parquet", "savefig", "save_model", "load_model", "read_text", "write_text", "read_bytes",
        "write_bytes", "save_pretrained", "from_pretrained",
    ]
    static let neutralMethods: Set<String> = [
        "info", "debug", "warning", "warn", "error", "exception", "critical", "log", "add_argument", "add_argument_group",
        "add_mutually_exclusive_group", "parse_args", "parse_known_args", "set_defaults", "add_subparsers", "add_parser",
        "format", "join", "split", "rsplit", "strip", "lstrip", "rstrip", "lower", "upper", "startswith", "endswith",
        "exists", "is_file", "is_dir", "mkdir", "makedirs", "glob", "rglob", "iterdir", "with_suffix", "with_name",
        "joinpath", "resolve", "absolute", "expanduser", "relative_to", "as_posix", "encode", "decode", "get", "items",
        "keys", "values", "close", "flush", "seek", "set_description", "set_postfix", "getLogger", "basicConfig", "setLevel",
        "addHandler", "perf_counter", "now", "strftime", "isoformat", "total_seconds", "eval", "train", "to", "cuda", "cpu",
        "item", "zero_grad", "step", "backward",
    ]
    static let dataLibraries = ["pandas.", "numpy.", "sklearn.", "scipy.", "torch.", "tensorflow.", "statsmodels.", "xgboost.",
                                "lightgbm.", "catboost.", "polars."]
    static let pathWords = ["dir", "path", "root", "folder", "file", "name", "prefix", "suffix", "ext", "url"]

    private let minimum: Int

    public init(options: RuleOptions) { minimum = options.int("min-logic-statements") }

    public var nodeKinds: [Symbol] { [Py.functionDefinition] }

    public func visit(_ node: Node, _ context: RuleContext) {
        if context.isTestFile { return }
        guard let body = node.child(PyField.body), let nameNode = node.child(PyField.name) else { return }
        let name = nameNode.text
        if name.hasPrefix("__") && name.hasSuffix("__") { return }
        // Most functions do no I/O: look for it before weighing the logic.
        guard hasIO(body, context.model) else { return }
        var scan = Scan(model: context.model)
        scan.block(body)
        guard !scan.io.isEmpty, scan.logic >= minimum else { return }
        let io = scan.io.prefix(3).map { "`\($0)`" }.joined(separator: ", ")
        context.report(nameNode, "Function `\(name)` does I/O (\(io)) and also transforms data (\(scan.logic) statements)",
                       refactoring: "Separate I/O at the edges from pure logic: keep \(io) in a thin caller and let `\(name)` take and return data")
    }

    private func hasIO(_ body: Node, _ model: SemanticModel) -> Bool {
        let probe = Scan(model: model)
        var found = false
        body.walk { n in
            if found { return false }
            let s = n.symbol
            if s == Py.functionDefinition || s == Py.classDefinition || s == Py.decoratedDefinition || s == Py.lambda { return false }
            if s == Py.call, probe.ioLabel(n) != nil { found = true }
            return !found
        }
        return found
    }

    private struct Scan {
        let model: SemanticModel
        var io: [String] = []
        var logic = 0

        init(model: SemanticModel) { self.model = model }

        mutating func block(_ block: Node) {
            for statement in Syntax.statements(block) { self.statement(statement) }
        }

        mutating func statement(_ s: Node) {
            let k = s.symbol
            if k == Py.functionDefinition || k == Py.classDefinition || k == Py.decoratedDefinition { return }
            if Syntax.isSimpleStatement(k) {
                if k != Py.expressionStatement && k != Py.returnStatement && k != Py.deleteStatement { return }
                if isReporting(s) { return }
                if analyse(s) { logic += 1 }
                return
            }
            // Compound statements: headers may do I/O (`with open(...)`), bodies are statements.
            for child in s.children where child.isNamed {
                compoundPart(child)
            }
        }

        mutating func compoundPart(_ node: Node) {
            let c = node.symbol
            if c == Py.block {
                block(node)
            } else if Py.clauses.contains(c) || c == Py.withClause || c == Py.withItem {
                for part in node.children where part.isNamed { compoundPart(part) }
            } else if c != Py.comment {
                _ = analyse(node)
            }
        }

        /// `print(...)`, `logger.info(...)`: neither I/O nor logic.
        func isReporting(_ s: Node) -> Bool {
            guard s.symbol == Py.expressionStatement, let call = s.namedChild(0), call.symbol == Py.call,
                  let function = call.child(PyField.function) else { return false }
            if let q = model.qualifiedName(function), q == "print" || q.hasPrefix("logging.") || q.hasPrefix("warnings.") { return true }
            if function.symbol == Py.attribute, let attr = function.child(PyField.attribute),
               ["info", "debug", "warning", "warn", "error", "exception", "critical", "log"].contains(attr.text) { return true }
            return false
        }

        /// Records I/O calls in the expression and says whether it transforms data.
        mutating func analyse(_ root: Node) -> Bool {
            var transforms = false
            var skipped: [Node] = []
            root.walk { n in
                let s = n.symbol
                if s == Py.lambda || s == Py.string || s == Py.concatenatedString { return false }
                if s == Py.call {
                    if let label = ioLabel(n) {
                        if !io.contains(label) { io.append(label) }
                        // Arguments of an I/O call are its path and options; a method's receiver is data.
                        if let function = n.child(PyField.function), function.symbol == Py.attribute,
                           let object = function.child(PyField.object) {
                            skipped.append(object)
                        }
                        return false
                    }
                    if isTransformingCall(n) { transforms = true }
                    return true
                }
                if s == Py.augmentedAssignment || s == Py.comparisonOperator || s == Py.listComprehension
                    || s == Py.dictionaryComprehension || s == Py.setComprehension || s == Py.generatorExpression {
                    transforms = true
                } else if s == Py.assignment, let left = n.child(PyField.left), left.symbol == Py.subscript {
                    transforms = true
                } else if s == Py.binaryOperator, !isPathBuilding(n) {
                    transforms = true
                }
                return true
            }
            for object in skipped where analyse(object) { transforms = true }
            return transforms
        }

        func ioLabel(_ call: Node) -> String? {
            guard let function = call.child(PyField.function) else { return nil }
            if let q = model.qualifiedName(function) {
                if Self.ioNames.contains(q) || q.hasPrefix("pandas.read_") || q.hasPrefix("polars.read_") {
                    return Syntax.snippet(function)
                }
                if q.contains(".") { return nil }
            }
            if function.symbol == Py.attribute, let attr = function.child(PyField.attribute) {
                let m = attr.text
                if MixedIOAndLogic.ioMethods.contains(m) { return "." + m }
            }
            return nil
        }

        static let ioNames = MixedIOAndLogic.ioFunctions

        func isTransformingCall(_ call: Node) -> Bool {
            guard let function = call.child(PyField.function) else { return false }
            if let q = model.qualifiedName(function), q.contains(".") || model.imports[q] != nil {
                return MixedIOAndLogic.dataLibraries.contains { q.hasPrefix($0) }
            }
            guard function.symbol == Py.attribute, let attr = function.child(PyField.attribute) else { return false }
            // A module's function that did not resolve to a data library (`os.path.join`) is not logic.
            if let object = function.child(PyField.object), model.qualifiedName(object) != nil, object.symbol == Py.identifier,
               model.imports[object.text] != nil {
                return false
            }
            return !MixedIOAndLogic.neutralMethods.contains(attr.text)
        }

        /// `out_dir / "model.pkl"`, `prefix + "_v2"`, `"%s.csv" % name`: building a path or a string.
        func isPathBuilding(_ op: Node) -> Bool {
            for side in [op.child(PyField.left), op.child(PyField.right)] {
                guard let side else { continue }
                let s = side.symbol
                if s == Py.string || s == Py.concatenatedString { return true }
                if s == Py.binaryOperator, isPathBuilding(side) { return true }
                if s == Py.identifier || s == Py.attribute {
                    let t = side.text.lowercased()
                    if MixedIOAndLogic.pathWords.contains(where: { t.contains($0) }) { return true }
                }
                if s == Py.call, let f = side.child(PyField.function), f.textEquals("Path") || f.textEquals("pathlib.Path") { return true }
            }
            return false
        }
    }
}

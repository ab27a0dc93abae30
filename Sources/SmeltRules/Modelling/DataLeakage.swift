import SmeltAnalysis
import SmeltSyntax

/// SM404: preprocessing fitted on data before it is split, or on test data.
public struct DataLeakage: Rule {
    public static let description = RuleDescription(
        code: "SM404", slug: "data-leakage", name: "Data leakage",
        category: .modelling, severity: .warning,
        summary: "A transformer fitted before `train_test_split` or cross-validation splits its data, or fitted on test data",
        whatItDoes: """
            In code that imports scikit-learn, follows the statements of the module (notebook cells in order) \
            and of each function in order, and finds a transformer or selector that learns from data (a scaler, \
            `SimpleImputer`, `OneHotEncoder`, `PCA`, `SelectKBest`, `TfidfVectorizer`...) fitted with `fit` or \
            `fit_transform` on data that is afterwards — directly or through names computed from it — passed to \
            `train_test_split`, to `cross_val_score`-style cross-validation or to a search's `fit`. It also \
            finds `fit`/`fit_transform` of a transformer or estimator on data whose name says it is test data \
            (`scaler.fit(X_test)`); that finding is an error.
            """,
        whyIsThisBad: """
            A scaler fitted on all rows learns the mean and spread of the test rows too; an imputer fills gaps \
            with statistics that include them; a selector picks features by their correlation with the test \
            labels. The evaluation then measures a model that has seen its test data, so it is optimistic, and \
            the model disappoints in production. Fitting on the test data itself makes the test set useless.
            """,
        example: """
            X = StandardScaler().fit_transform(X)
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=SEED)
            """,
        useInstead: """
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=SEED)
            model = make_pipeline(StandardScaler(), LogisticRegression(C=C))
            model.fit(X_train, y_train)
            """,
        refactoring: "Split first, fit on train only, and put preprocessing in a `Pipeline`",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #21 data leakage",
            "dslinter: data-leakage-scikitlearn",
            "scikit-learn user guide: common pitfalls, data leakage",
        ],
        triggering: [
            RuleExample("from sklearn.preprocessing import StandardScaler\nfrom sklearn.model_selection import train_test_split\nX = ↓StandardScaler().fit_transform(X)\nX_train, X_test, y_train, y_test = train_test_split(X, y)\n"),
            RuleExample("from sklearn.preprocessing import MinMaxScaler\nfrom sklearn.model_selection import train_test_split\nscaler = MinMaxScaler()\nX_scaled = ↓scaler.fit_transform(features)\nX = pd.DataFrame(X_scaled, columns=cols)\nparts = train_test_split(X, y)\n"),
            RuleExample("from sklearn.impute import SimpleImputer\nfrom sklearn.model_selection import train_test_split\nimputer = SimpleImputer(strategy=\"median\")\n↓imputer.fit(df[num_cols])\ntrain, test = train_test_split(df)\n"),
            RuleExample("from sklearn.preprocessing import StandardScaler\nscaler = StandardScaler()\nX_test_scaled = ↓scaler.fit_transform(X_test)\n"),
            RuleExample("from sklearn.feature_selection import SelectKBest\nfrom sklearn.model_selection import cross_val_score\nX_sel = ↓SelectKBest(k=K).fit_transform(X, y)\nscores = cross_val_score(model, X_sel, y)\n"),
            RuleExample("from sklearn.decomposition import PCA\nfrom sklearn.model_selection import train_test_split\ndef prepare(X, y):\n    X = ↓PCA(n_components=N).fit_transform(X)\n    return train_test_split(X, y)\n"),
            RuleExample(notebook: [
                .code("from sklearn.preprocessing import StandardScaler\nfrom sklearn.model_selection import train_test_split\nscaler = StandardScaler()", 1),
                .code("df[num_cols] = ↓scaler.fit_transform(df[num_cols])", 2),
                .markdown("Split"),
                .code("X = df.drop(columns=[\"target\"])\nX_train, X_test, y_train, y_test = train_test_split(X, df[\"target\"])", 3),
            ]),
        ],
        nonTriggering: [
            RuleExample("from sklearn.preprocessing import StandardScaler\nfrom sklearn.model_selection import train_test_split\nX_train, X_test, y_train, y_test = train_test_split(X, y)\nscaler = StandardScaler()\nX_train = scaler.fit_transform(X_train)\nX_test = scaler.transform(X_test)\n"),
            RuleExample("from sklearn.preprocessing import LabelEncoder\nfrom sklearn.model_selection import train_test_split\ny = LabelEncoder().fit_transform(y)\nX_train, X_test, y_train, y_test = train_test_split(X, y)\n"),
            RuleExample("from sklearn.preprocessing import StandardScaler\nfrom sklearn.model_selection import train_test_split\nX_scaled = StandardScaler().fit_transform(X)\nX = load_other()\nparts = train_test_split(X, y)\n"),
            RuleExample("from sklearn.pipeline import make_pipeline\nfrom sklearn.model_selection import cross_val_score\nscores = cross_val_score(make_pipeline(StandardScaler(), SVC()), X, y)\n"),
            RuleExample("from sklearn.preprocessing import StandardScaler\nscaler = StandardScaler().fit(X_train)\nX_test_scaled = scaler.transform(X_test)\n"),
            RuleExample("from sklearn.model_selection import train_test_split\nmodel.fit(X, y)\nparts = train_test_split(X, y)\n"),
            RuleExample("from sklearn.preprocessing import StandardScaler\nlatest = StandardScaler().fit_transform(latest_prices)\n"),
            RuleExample("from sklearn.preprocessing import StandardScaler\nfrom sklearn.model_selection import cross_val_score\nfor train_idx, val_idx in folds:\n    scaler = StandardScaler().fit(X[train_idx])\nscores = cross_val_score(pipe, X, y)\n"),
        ]
    )

    static let testTokens: Set<String> = ["test", "testing", "xtest", "ytest", "tst", "holdout"]

    public init(options: RuleOptions) {}

    public func finish(_ context: RuleContext) {
        let model = context.model
        guard MLSyntax.imports(model, MLSyntax.sklearnRoots) else { return }
        let objects = MLSyntax.constructedObjects(context.document, model)
        var scan = LeakScan(model: model, objects: objects)
        var reported = Set<Node>()
        // Fitting on test data, anywhere.
        MLSyntax.forEach(context.document, SymbolSet([Py.call])) { unit, call in
            guard let m = MLSyntax.method(call), m.name.textEquals("fit") || m.name.textEquals("fit_transform") else { return }
            guard let data = Syntax.positionalArguments(call).first, let base = MLSyntax.baseName(data) else { return }
            let tokens = MLSyntax.tokens(base.text)
            guard tokens.contains(where: { Self.testTokens.contains($0) }), !tokens.contains(where: { MLSyntax.trainTokens.contains($0) }) else { return }
            let known: Bool = {
                if let cls = MLSyntax.receiverClass(m.object, objects, model) {
                    return MLAPIs.learnedTransformers.contains(cls) || MLAPIs.estimators.contains(cls) || MLAPIs.pipelines.contains(cls)
                }
                return MLSyntax.learnedFitData(call, objects, model) != nil
            }()
            guard known else { return }
            reported.insert(call)
            context.report(unit: unit.index, call.byteRange,
                           "`\(Syntax.snippet(call))` fits on test data: the evaluation is no longer held out",
                           refactoring: "Fit on the training data only and call `transform` on `\(base.text)`", severity: .error)
        }
        // Fitting before a split, in module order (cells in order) and in each function.
        for unit in context.document.units {
            guard let tree = unit.tree, !tree.isTooDeep else { continue }
            scan.unit = unit.index
            scan.block(tree.root)
        }
        MLSyntax.forEach(context.document, SymbolSet([Py.functionDefinition])) { unit, function in
            guard let body = function.child(PyField.body) else { return }
            scan.tainted = [:]
            scan.unit = unit.index
            scan.block(body)
        }
        for leak in scan.leaks where reported.insert(leak.site.call).inserted {
            let site = leak.site
            let what = site.transformer.map { "`\($0)`" } ?? "the transformer"
            if leak.crossValidation {
                context.report(unit: site.unit, site.call.byteRange,
                               "\(what) is fitted on `\(site.dataText)` before `\(leak.sink)` splits it into folds: each validation fold leaks into preprocessing",
                               refactoring: "Put \(what) in a `Pipeline` with the model and pass the pipeline to `\(leak.sink)`")
            } else {
                context.report(unit: site.unit, site.call.byteRange,
                               "\(what) is fitted on `\(site.dataText)` before `\(leak.sink)` splits it: the test rows leak into preprocessing",
                               refactoring: "Call `\(leak.sink)` first and fit \(what) on the training part only (or put it in a `Pipeline`)")
            }
        }
    }
}

/// Follows statements in order: names computed from data a transformer was fitted on are
/// tainted; a split or cross-validation of a tainted name is a leak.
private struct LeakScan {
    struct Site {
        let unit: Int
        let call: Node
        let transformer: String?
        /// The base name of the data it was fitted on (tainted), and the data as written.
        let data: String
        let dataText: String
    }

    let model: SemanticModel
    let objects: [String: String]
    var unit = 0
    var tainted: [String: Site] = [:]
    var leaks: [(site: Site, sink: String, crossValidation: Bool)] = []

    init(model: SemanticModel, objects: [String: String]) {
        self.model = model
        self.objects = objects
    }

    mutating func block(_ node: Node) {
        for child in node.children where child.isNamed { statement(child) }
    }

    mutating func statement(_ node: Node) {
        let s = node.symbol
        if s == Py.functionDefinition || s == Py.classDefinition || s == Py.decoratedDefinition { return }
        if s == Py.expressionStatement || s == Py.returnStatement {
            simple(node)
        } else if s == Py.ifStatement || s == Py.forStatement || s == Py.whileStatement || s == Py.withStatement
                    || s == Py.tryStatement || Py.clauses.contains(s) {
            for child in node.children where child.isNamed {
                if child.symbol == Py.block { block(child) } else if Py.clauses.contains(child.symbol) { statement(child) }
            }
        }
    }

    private mutating func simple(_ statement: Node) {
        var fits: [Site] = []
        MLSyntax.walkBody(statement) { n in
            guard n.symbol == Py.call else { return }
            checkSink(n)
            if let data = MLSyntax.learnedFitData(n, objects, model), !selectsRows(data), let base = MLSyntax.baseName(data) {
                fits.append(site(n, data: base.text, written: data))
            }
        }
        for fit in fits { tainted[fit.data] = fit }
        if tainted.isEmpty { return }
        guard let assignment = statement.namedChild(0), assignment.symbol == Py.assignment,
              let left = assignment.child(PyField.left), let right = assignment.child(PyField.right) else { return }
        var source: Site? = fits.first { $0.call.startByte >= right.startByte && $0.call.endByte <= right.endByte }
        if source == nil {
            for id in MLSyntax.readIdentifiers(right) {
                if let t = tainted[id.text] { source = t; break }
            }
        }
        for target in targets(left) {
            if let source {
                tainted[target.name] = source
            } else if target.plain {
                tainted[target.name] = nil
            }
        }
    }

    static let sinkNames: [StaticString] = [
        "fit", "train_test_split", "cross_val_score", "cross_validate", "cross_val_predict", "learning_curve",
        "validation_curve", "permutation_test_score",
    ]

    static let rowWords: Set<String> = ["idx", "index", "indices", "ids", "train", "fold", "mask", "rows", "split"]

    /// `X[train_idx]`, `df.iloc[fold]`: a fit on some rows (a manual cross-validation loop) does
    /// not taint the whole table.
    private func selectsRows(_ data: Node) -> Bool {
        let d = MLSyntax.unwrap(data)
        guard d.symbol == Py.subscript, let index = d.child(PyField.subscript) else { return false }
        if let v = d.child(PyField.value), v.symbol == Py.attribute, let a = v.child(PyField.attribute),
           a.textEquals("iloc") { return true }
        return MLSyntax.readIdentifiers(index).contains { MLSyntax.tokens($0.text).contains { Self.rowWords.contains($0) } }
    }

    private func targets(_ left: Node) -> [(name: String, plain: Bool)] {
        let s = left.symbol
        if s == Py.identifier { return [(left.text, true)] }
        if s == Py.patternList || s == Py.tuplePattern || s == Py.listPattern || s == Py.tuple || s == Py.list
            || s == Py.parenthesizedExpression {
            return left.namedChildren.flatMap { targets($0) }
        }
        if let base = MLSyntax.baseName(left) { return [(base.text, false)] }
        return []
    }

    private func site(_ call: Node, data: String, written: Node) -> Site {
        let cls = MLSyntax.method(call).flatMap { MLSyntax.receiverClass($0.object, objects, model) }
        let name = cls ?? MLSyntax.method(call).map { Syntax.snippet($0.object, limit: 30) }
        return Site(unit: unit, call: call, transformer: name, data: data, dataText: Syntax.snippet(written, limit: 30))
    }

    /// `train_test_split(X, ...)`, `cross_val_score(model, X, ...)`, `search.fit(X, ...)`.
    private mutating func checkSink(_ call: Node) {
        guard let f = call.child(PyField.function), let callee = MLSyntax.calleeName(call),
              LeakScan.sinkNames.contains(where: { callee.textEquals($0) }) else { return }
        var data: [Node] = []
        var sink = ""
        var crossValidation = false
        if let name = MLAPIs.sklearnName(model.qualifiedName(f)) {
            if name == "train_test_split" {
                data = Syntax.positionalArguments(call)
            } else if MLAPIs.crossValidation.contains(String(name)) {
                data = Array(Syntax.positionalArguments(call).dropFirst())
                data += Syntax.keywordArguments(call).keywords.filter { $0.name == "X" }.map(\.value)
                crossValidation = true
            } else {
                return
            }
            sink = String(name)
        } else if let m = MLSyntax.method(call), m.name.textEquals("fit"),
                  let cls = MLSyntax.receiverClass(m.object, objects, model), MLAPIs.searches.contains(cls),
                  let first = Syntax.positionalArguments(call).first {
            data = [first]
            sink = "\(cls).fit"
            crossValidation = true
        } else {
            return
        }
        for argument in data {
            // A fit inside the argument itself: `train_test_split(scaler.fit_transform(X), y)`.
            var inline: Site?
            argument.walk { n in
                if inline == nil, n.symbol == Py.call, let d = MLSyntax.learnedFitData(n, objects, model), let base = MLSyntax.baseName(d) {
                    inline = site(n, data: base.text, written: d)
                }
                return inline == nil
            }
            if let inline {
                leaks.append((inline, sink, crossValidation))
            } else if let base = MLSyntax.baseName(argument), let t = tainted[base.text] {
                leaks.append((t, sink, crossValidation))
            }
        }
    }
}

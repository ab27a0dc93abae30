import SmeltAnalysis
import SmeltSyntax

/// SM102: plotting code mixed into pipeline code.
public struct PlottingInPipeline: Rule {
    public static let description = RuleDescription(
        code: "SM102", slug: "plotting-in-pipeline", name: "Plotting in pipeline code",
        category: .cleanCode, severity: .info,
        summary: "Plotting calls (`plt.*`, `sns.*`, `df.plot(...)`, `.hist()`) in code that transforms data",
        whatItDoes: """
            Finds statements that plot — calls into matplotlib, seaborn, plotly or `pandas.plotting`, \
            `.plot(...)`/`.plot.<kind>(...)`/`.hist(...)` method calls, and calls on figures and axes \
            (`ax.set_title`, `fig.savefig`) — and reports each run of consecutive plotting statements once. In \
            scripts and modules every run is reported; in notebooks only runs in cells that also transform \
            data (assign into a DataFrame, change it with `inplace=True`, or compute a value that later cells \
            use), since a cell that only plots is the notebook doing its job. Style set-up (`plt.style.use`, \
            `sns.set_theme`, `matplotlib.use`), functions named for plotting (`plot_history`, \
            `show_confusion_matrix`), files named for plotting (`plots.py`, `visualize.py`, `eda.py`) and test \
            files are not reported.
            """,
        whyIsThisBad: """
            Plots are for looking at data while exploring; in a pipeline they slow every run, open windows or \
            fail on a headless server, and bury the transformation between lines of formatting. Mixed into a \
            cell that also changes the data, they make the cell impossible to move into a module as it is.
            """,
        example: """
            loans = loans.dropna()
            loans["ratio"] = loans["debt"] / loans["income"]
            plt.hist(loans["ratio"], bins=50)
            plt.show()
            model.fit(loans[FEATURES], loans[TARGET])
            """,
        useInstead: """
            loans = add_ratio(loans.dropna())
            model.fit(loans[FEATURES], loans[TARGET])

            # in the exploration notebook, or a separate plotting module:
            plot_ratio_distribution(loans)
            """,
        refactoring: "Move visualisation out of the pipeline",
        references: ["Effective Machine Learning Teams, ch. 8: remove print statements, plots and other side effects from pipeline code",
                     "Coding habits for data scientists (Tan, 2019): keep exploration out of the pipeline"],
        precision: .medium,
        triggering: [
            RuleExample("""
                import matplotlib.pyplot as plt
                loans = loans.dropna()
                loans["ratio"] = loans["debt"] / loans["income"]
                ↓plt.hist(loans["ratio"], bins=50)
                plt.show()
                model.fit(loans, target)
                """),
            RuleExample("""
                import seaborn as sns
                def train(loans):
                    ↓sns.histplot(loans["income"])
                    return fit(loans)
                """, .scriptOnly),
            RuleExample("def clean(loans):\n    loans = loans.dropna()\n    ↓loans[\"age\"].hist()\n    loans.plot.scatter(x=\"age\", y=\"income\")\n    return loans\n", .scriptOnly),
            RuleExample(cells: [("import matplotlib.pyplot as plt\nloans[\"ratio\"] = loans.debt / loans.income\n↓fig, ax = plt.subplots()\nax.hist(loans[\"ratio\"])", 1)]),
        ],
        nonTriggering: [
            RuleExample(cells: [("import matplotlib.pyplot as plt\nplt.figure(figsize=(8, 4))\nplt.plot(history[\"loss\"])\nplt.show()", 1)]),
            RuleExample(cells: [("import seaborn as sns\ncorr = loans.corr()\nsns.heatmap(corr)", 1), ("loans = loans.dropna()", 2)]),
            RuleExample("import matplotlib.pyplot as plt\ndef plot_history(history):\n    plt.plot(history[\"loss\"])\n    plt.show()\n"),
            RuleExample("import matplotlib\nimport seaborn as sns\nmatplotlib.use(\"Agg\")\nsns.set_theme()\nloans = load()\n"),
            RuleExample("import matplotlib.pyplot as plt\nloans = load()\nplt.hist(loans[\"age\"])\n", .scriptOnly, fileName: "eda.py"),
            RuleExample("import numpy as np\ncounts, edges = np.histogram(ages, bins=10)\n"),
        ]
    )

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.module] }

    static let plottingLibraries = ["matplotlib.", "seaborn.", "plotly.", "pandas.plotting.", "pylab."]
    static let setUp: Set<String> = ["use", "rc", "rcdefaults", "set", "set_theme", "set_style", "set_context", "set_palette",
                                     "set_color_codes", "ioff", "ion", "switch_backend", "close", "update"]
    static let figureMethods: Set<String> = [
        "plot", "scatter", "bar", "barh", "hist", "imshow", "pie", "boxplot", "violinplot", "errorbar", "fill_between",
        "axhline", "axvline", "annotate", "text", "legend", "set_title", "set_xlabel", "set_ylabel", "set_xlim", "set_ylim",
        "set_xticks", "set_yticks", "set_xticklabels", "set_yticklabels", "suptitle", "tight_layout", "savefig", "show",
        "colorbar", "grid", "add_subplot", "subplots_adjust", "set_size_inches", "contour", "contourf", "heatmap",
        "set", "tick_params", "invert_yaxis", "step", "stem", "hexbin",
    ]
    static let plottingNameWords = ["plot", "vis", "viz", "show", "draw", "chart", "graph", "figure", "display", "render",
                                    "eda", "explor", "dashboard", "report"]

    public func visit(_ node: Node, _ context: RuleContext) {
        if context.isTestFile { return }
        if !context.isNotebook {
            let file = context.fileName.lowercased()
            if Self.plottingNameWords.contains(where: { file.contains($0) }) { return }
        }
        let libraries = plottingImports(context.model)
        // Statements (directly in a block or the module) that call a plotting function.
        var plotting: [Node] = []
        var seen = Set<Int>()
        let tree = node.tree
        let callSymbol = Py.call
        for j in 0..<tree.nodeCount where tree.symbol(at: j) == callSymbol {
            let call = tree.node(at: j)
            guard isPlottingCall(call, libraries, context), let statement = statement(of: call),
                  seen.insert(statement.startByte).inserted else { continue }
            if context.unit.maskedLines.contains(statement.startRow + 1) { continue }
            plotting.append(statement)
        }
        if plotting.isEmpty { return }
        if context.isNotebook, !cellTransformsData(node, libraries, context) { return }
        plotting.sort { $0.startByte < $1.startByte }
        // Runs of consecutive plotting statements in the same block are reported once.
        var run: [Node] = []
        for statement in plotting {
            if let last = run.last, previousStatement(statement) == last {
                run.append(statement)
                continue
            }
            if !run.isEmpty { report(run, context) }
            run = [statement]
        }
        if !run.isEmpty { report(run, context) }
    }

    private func report(_ run: [Node], _ context: RuleContext) {
        if insidePlottingFunction(run[0]) { return }
        let first = run[0]
        let more = run.count > 1 ? " and \(run.count - 1) more plotting statement\(run.count > 2 ? "s" : "")" : ""
        context.report(ByteRange(first.startByte, run[run.count - 1].endByte),
                       "Plotting in pipeline code: `\(Syntax.snippet(first))`\(more)",
                       refactoring: "Move visualisation out of the pipeline: into the exploration notebook or a `plot_…` function of its own")
    }

    /// The expression statement holding the call, unless the call is inside a lambda.
    private func statement(of call: Node) -> Node? {
        var a = call.parent
        while let n = a {
            let s = n.symbol
            if s == Py.lambda { return nil }
            if s == Py.expressionStatement { return n }
            if Py.statements.contains(s) || s == Py.block { return nil }
            a = n.parent
        }
        return nil
    }

    private func previousStatement(_ statement: Node) -> Node? {
        var p = statement.previousSibling
        while let n = p, !n.isNamed || n.symbol == Py.comment { p = n.previousSibling }
        return p
    }

    /// Local names bound to plotting libraries (`plt`, `sns`, `px`, `from matplotlib.pyplot import plot`).
    private func plottingImports(_ model: SemanticModel) -> Set<String> {
        var names = Set<String>()
        for (local, qualified) in model.imports {
            let q = qualified + "."
            if Self.plottingLibraries.contains(where: { q.hasPrefix($0) }) { names.insert(local) }
        }
        return names
    }

    private func isPlottingCall(_ call: Node, _ libraries: Set<String>, _ context: RuleContext) -> Bool {
        guard let function = call.child(PyField.function) else { return false }
        if function.symbol == Py.identifier {
            return !libraries.isEmpty && libraries.contains(function.text) && !isSetUp(function, context)
        }
        guard function.symbol == Py.attribute, let attr = function.child(PyField.attribute),
              let object = function.child(PyField.object) else { return false }
        // `df.plot(...)`, `series.hist()`, `df.plot.scatter(...)`.
        if attr.textEquals("plot") || attr.textEquals("hist") { return true }
        if object.symbol == Py.attribute, let inner = object.child(PyField.attribute), inner.textEquals("plot") { return true }
        var root = object
        while true {
            if root.symbol == Py.attribute, let o = root.child(PyField.object) { root = o; continue }
            if root.symbol == Py.subscript, let v = root.child(PyField.value) { root = v; continue }
            break
        }
        guard root.symbol == Py.identifier else { return false }
        let r = root.text
        if libraries.contains(r) { return !isSetUp(function, context) }
        // Calls on figures and axes: `ax.set_title(...)`, `fig.savefig(...)`.
        return (r.hasPrefix("ax") || r.hasPrefix("fig")) && Self.figureMethods.contains(attr.text)
    }

    /// Style and back-end set-up: `plt.style.use`, `sns.set_theme`, `matplotlib.use`, `plt.rcParams.update`.
    private func isSetUp(_ function: Node, _ context: RuleContext) -> Bool {
        guard let q = context.model.qualifiedName(function) else { return false }
        return Self.setUp.contains(String(Syntax.lastComponent(q))) || q.contains(".style.") || q.contains(".rcParams")
    }

    private func insidePlottingFunction(_ node: Node) -> Bool {
        var a: Node? = node
        while let n = a {
            if n.symbol == Py.functionDefinition, let name = n.child(PyField.name) {
                let lower = name.text.lowercased()
                if Self.plottingNameWords.contains(where: { lower.contains($0) }) { return true }
            }
            a = n.parent
        }
        return false
    }

    /// A notebook cell transforms data when it assigns into a DataFrame, changes one in place, or
    /// computes a value (not a figure) that a later cell reads.
    private func cellTransformsData(_ module: Node, _ libraries: Set<String>, _ context: RuleContext) -> Bool {
        var transforms = false
        let later = SourcePoint(unit: context.unit.index + 1, byte: -1)
        module.walk { n in
            if transforms { return false }
            let s = n.symbol
            if s == Py.functionDefinition || s == Py.classDefinition || s == Py.decoratedDefinition || s == Py.lambda { return false }
            if s == Py.assignment || s == Py.augmentedAssignment, let left = n.child(PyField.left) {
                if let right = n.child(PyField.right), containsPlotting(right, libraries, context) { return false }
                if left.symbol == Py.subscript || left.symbol == Py.attribute {
                    if let root = rootName(left), !(root.hasPrefix("ax") || root.hasPrefix("fig") || libraries.contains(root)) {
                        transforms = true
                    }
                } else if let right = n.child(PyField.right), !isLiteral(right) {
                    var names: [String] = []
                    collectNames(left, &names)
                    if names.contains(where: { context.model.isRead($0, after: later) }) { transforms = true }
                }
                return !transforms
            }
            if s == Py.call, Syntax.keywordArguments(n).keywords.contains(where: { $0.name == "inplace" && $0.value.symbol == Py.true }) {
                transforms = true
            }
            return !transforms
        }
        return transforms
    }

    private func containsPlotting(_ node: Node, _ libraries: Set<String>, _ context: RuleContext) -> Bool {
        var found = false
        node.walk { n in
            if found { return false }
            if n.symbol == Py.call, isPlottingCall(n, libraries, context) { found = true }
            return !found
        }
        return found
    }

    private func rootName(_ node: Node) -> String? {
        var n = node
        while true {
            if n.symbol == Py.identifier { return n.text }
            if n.symbol == Py.subscript, let v = n.child(PyField.value) { n = v; continue }
            if n.symbol == Py.attribute, let o = n.child(PyField.object) { n = o; continue }
            return nil
        }
    }

    private func collectNames(_ target: Node, _ names: inout [String]) {
        if target.symbol == Py.identifier {
            names.append(target.text)
        } else {
            for c in target.children where c.isNamed { collectNames(c, &names) }
        }
    }

    private func isLiteral(_ node: Node) -> Bool {
        let s = node.symbol
        if s == Py.string || s == Py.integer || s == Py.float || s == Py.true || s == Py.false || s == Py.none { return true }
        if s == Py.list || s == Py.tuple || s == Py.dictionary || s == Py.set || s == Py.pair || s == Py.unaryOperator {
            return node.namedChildren.allSatisfy(isLiteral)
        }
        return false
    }
}

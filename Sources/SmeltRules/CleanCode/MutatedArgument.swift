import SmeltAnalysis
import SmeltSyntax

/// SM118: functions that change the DataFrame, list or dict they were given.
public struct MutatedArgument: Rule {
    public static let description = RuleDescription(
        code: "SM118", slug: "mutated-argument", name: "Mutated argument",
        category: .cleanCode, severity: .warning,
        summary: "A function changes an object it received as an argument (`df[\"c\"] = …`, `inplace=True`, `lst.append`)",
        whatItDoes: """
            Finds functions that change one of their parameters in place before rebinding it: assigning into it \
            (`df["c"] = …`, `df.loc[rows, "c"] = …`, `df.columns = …`), deleting from it (`del df["c"]`), calling \
            a method with `inplace=True` on it, calling a list, dict or set method that changes it (`append`, \
            `extend`, `insert`, `remove`, `pop`, `clear`, `update`, `setdefault`, `sort`, `add`...), or shuffling \
            it with `random.shuffle` / `np.random.shuffle`. A parameter rebound first (`df = df.copy()`, \
            `df = df.drop(...)`) is a local object and may be changed; `self`, `cls`, `*args` and `**kwargs` are \
            not checked. Reported once per parameter, at its first change.
            """,
        whyIsThisBad: """
            The caller's DataFrame changes behind its back: run the function twice, or run notebook cells again, \
            and the results differ; a test that passes a fixture changes it for the next test. A pure function — \
            copy, transform, return — can be called, tested and reasoned about on its own.
            """,
        example: """
            def add_ratio(loans):
                loans["ratio"] = loans["debt"] / loans["income"]
                return loans
            """,
        useInstead: """
            def add_ratio(loans):
                loans = loans.copy()
                loans["ratio"] = loans["debt"] / loans["income"]
                return loans

            # or: return loans.assign(ratio=loans["debt"] / loans["income"])
            """,
        refactoring: "Make it pure: copy, transform, return",
        references: ["Effective Machine Learning Teams, ch. 8: side effects and mutated arguments",
                     "Fowler, Refactoring (2nd ed.): Separate Query from Modifier",
                     "pandas docs: copy-on-write"],
        precision: .medium,
        triggering: [
            RuleExample("def add_ratio(loans):\n    ↓loans[\"ratio\"] = loans[\"debt\"] / loans[\"income\"]\n    return loans\n"),
            RuleExample("def clean(df):\n    ↓df.drop(columns=[\"id\"], inplace=True)\n    return df\n"),
            RuleExample("def collect(scores, results):\n    ↓results.append(scores.mean())\n"),
            RuleExample("def fix(df, config):\n    ↓df.loc[df[\"age\"] < 0, \"age\"] = 0\n    ↓config.update(cleaned=True)\n"),
            RuleExample("import random\ndef sample(rows):\n    ↓random.shuffle(rows)\n    return rows[:10]\n"),
            RuleExample("def lower(df):\n    ↓df.columns = [c.lower() for c in df.columns]\n"),
            RuleExample("def encode(df, columns):\n    ↓df[\"sex\"].fillna(\"unknown\", inplace=True)\n    df[\"age\"] = 0\n    ↓del columns[0]\n"),
        ],
        nonTriggering: [
            RuleExample("def add_ratio(loans):\n    loans = loans.copy()\n    loans[\"ratio\"] = loans[\"debt\"] / loans[\"income\"]\n    return loans\n"),
            RuleExample("def clean(df):\n    df = df.drop(columns=[\"id\"])\n    df.fillna(0, inplace=True)\n    return df\n"),
            RuleExample("class Model:\n    def fit(self, X):\n        self.n = len(X)\n        self.cache[\"x\"] = X\n        return self\n"),
            RuleExample("def make(*args, **kwargs):\n    name = kwargs.pop(\"name\")\n    return name\n"),
            RuleExample("def summarise(df):\n    totals = {}\n    totals[\"n\"] = len(df)\n    return totals\n"),
            RuleExample("def scale(values):\n    out = []\n    for v in values:\n        out.append(v * 2)\n    return out\n"),
            RuleExample("def total(df):\n    return df.add(1).sum()\n"),
            RuleExample("def configure(model, jobs):\n    model.n_jobs = jobs\n"),
        ]
    )

    static let statementMethods: Set<String> = ["append", "extend", "insert", "remove", "clear", "update", "sort",
                                                "reverse", "add", "discard", "appendleft", "extendleft", "difference_update",
                                                "intersection_update", "symmetric_difference_update"]
    static let expressionMethods: Set<String> = ["pop", "popitem", "setdefault", "popleft"]

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.functionDefinition] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let params = node.child(PyField.parameters), let body = node.child(PyField.body),
              let nameNode = node.child(PyField.name) else { return }
        let functionName = nameNode.text
        if functionName.hasPrefix("__") && functionName.hasSuffix("__") { return }
        var names = Set<String>()
        for p in params.children where p.isNamed {
            let s = p.symbol
            var id: Node?
            if s == Py.identifier {
                id = p
            } else if s == Py.defaultParameter || s == Py.typedDefaultParameter {
                id = p.child(PyField.name)
            } else if s == Py.typedParameter {
                // `*args: int` holds a splat pattern: not checked.
                if p.children.contains(where: { $0.symbol == Py.listSplatPattern || $0.symbol == Py.dictionarySplatPattern }) { continue }
                id = p.children.first { $0.symbol == Py.identifier }
            }
            guard let id else { continue }
            let name = id.text
            if name == "self" || name == "cls" { continue }
            names.insert(name)
        }
        if names.isEmpty { return }
        var rebound = Set<String>()
        var reported = Set<String>()
        body.walk { n in
            let s = n.symbol
            if s == Py.functionDefinition || s == Py.classDefinition || s == Py.decoratedDefinition || s == Py.lambda { return false }
            if s == Py.assignment || s == Py.augmentedAssignment {
                guard let left = n.child(PyField.left) else { return true }
                // Attributes are an object's configuration; of a DataFrame's, only its labels.
                if left.symbol == Py.subscript || (left.symbol == Py.attribute && Self.isFrameLabels(left)) {
                    if let root = Self.root(left), names.contains(root), !rebound.contains(root) {
                        report(root, left, functionName, kind: .assignment, context, &reported)
                    }
                } else {
                    Self.boundNames(left) { rebound.insert($0) }
                }
            } else if s == Py.forStatement, let left = n.child(PyField.left) {
                Self.boundNames(left) { rebound.insert($0) }
            } else if s == Py.asPatternTarget || s == Py.namedExpression {
                Self.boundNames(s == Py.namedExpression ? (n.child(PyField.name) ?? n) : n) { rebound.insert($0) }
            } else if s == Py.deleteStatement {
                for target in n.namedChildren where target.symbol == Py.subscript || target.symbol == Py.attribute {
                    if let root = Self.root(target), names.contains(root), !rebound.contains(root) {
                        report(root, n, functionName, kind: .assignment, context, &reported)
                    }
                }
            } else if s == Py.call {
                checkCall(n, names: names, rebound: rebound, functionName, context, &reported)
            }
            return true
        }
    }

    private enum Kind { case assignment, inplace, list, dict, set, shuffle }

    private func checkCall(_ call: Node, names: Set<String>, rebound: Set<String>, _ functionName: String,
                           _ context: RuleContext, _ reported: inout Set<String>) {
        guard let function = call.child(PyField.function) else { return }
        if function.symbol == Py.attribute, let object = function.child(PyField.object), let attr = function.child(PyField.attribute) {
            guard let root = Self.root(object), names.contains(root), !rebound.contains(root) else {
                // `random.shuffle(rows)`
                if attr.textEquals("shuffle"), let q = context.model.qualifiedName(function), q == "random.shuffle" || q == "numpy.random.shuffle",
                   let first = Syntax.positionalArguments(call).first, first.symbol == Py.identifier {
                    let name = first.text
                    if names.contains(name), !rebound.contains(name) { report(name, call, functionName, kind: .shuffle, context, &reported) }
                }
                return
            }
            let (keywords, _) = Syntax.keywordArguments(call)
            if keywords.contains(where: { $0.name == "inplace" && $0.value.symbol == Py.true }) {
                report(root, call, functionName, kind: .inplace, context, &reported)
                return
            }
            let method = attr.text
            let isStatement = call.parent?.symbol == Py.expressionStatement
            if (Self.statementMethods.contains(method) && isStatement) || Self.expressionMethods.contains(method) {
                let kind: Kind = ["update", "setdefault", "popitem"].contains(method) ? .dict
                    : ["add", "discard"].contains(method) || method.hasSuffix("_update") ? .set : .list
                report(root, call, functionName, kind: kind, context, &reported)
            }
        }
    }

    private func report(_ name: String, _ node: Node, _ functionName: String, kind: Kind, _ context: RuleContext,
                        _ reported: inout Set<String>) {
        guard reported.insert(name).inserted else { return }
        let copy: String
        switch kind {
        case .assignment, .inplace: copy = "`\(name) = \(name).copy()`"
        case .list, .shuffle: copy = "`\(name) = list(\(name))`"
        case .dict: copy = "`\(name) = dict(\(name))`"
        case .set: copy = "`\(name) = set(\(name))`"
        }
        context.report(node, "Function `\(functionName)` changes its argument `\(name)` in place: `\(Syntax.snippet(node))`",
                       refactoring: "Make it pure: copy, transform, return — start with \(copy), or build and return a new object")
    }

    /// `df.columns` and `df.index`.
    static func isFrameLabels(_ attribute: Node) -> Bool {
        guard let attr = attribute.child(PyField.attribute) else { return false }
        return attr.textEquals("columns") || attr.textEquals("index")
    }

    /// The name at the root of `a.b[c].d` (nil through calls).
    static func root(_ node: Node) -> String? { Syntax.rootName(node) }

    /// Names bound by a target (`a`, `a, b`, `[a, *b]`).
    static func boundNames(_ target: Node, _ body: (String) -> Void) {
        let s = target.symbol
        if s == Py.identifier {
            body(target.text)
        } else if s == Py.patternList || s == Py.tuplePattern || s == Py.listPattern || s == Py.tuple || s == Py.list
                    || s == Py.listSplatPattern || s == Py.parenthesizedExpression || s == Py.asPatternTarget || s == Py.listSplat {
            for c in target.children where c.isNamed { boundNames(c, body) }
        }
    }
}

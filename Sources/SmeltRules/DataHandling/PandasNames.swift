import SmeltAnalysis
import SmeltSyntax

/// Questions the data-handling rules (SM3xx) ask about pandas and NumPy code: is pandas
/// imported, under which name, and does an expression hold a DataFrame or Series?
enum PandasNames {
    /// Whether the document imports pandas (or something from it).
    static func isImported(_ model: SemanticModel) -> Bool {
        model.imports.values.contains { $0 == "pandas" || $0.hasPrefix("pandas.") }
    }

    /// The local name a module is imported as (`pd` for `import pandas as pd`), if any.
    static func alias(of module: String, _ model: SemanticModel) -> String? {
        model.imports.filter { $0.value == module }.keys.sorted().first
    }

    /// pandas functions that return a DataFrame or Series.
    static let constructors: Set<String> = [
        "DataFrame", "Series", "concat", "merge", "merge_asof", "merge_ordered", "get_dummies", "pivot_table",
        "pivot", "crosstab", "melt", "json_normalize", "wide_to_long", "from_dummies",
    ]

    /// DataFrame and Series methods whose result is again a DataFrame or Series.
    static let frameMethods: Set<String> = [
        "copy", "drop", "dropna", "fillna", "astype", "rename", "sort_values", "sort_index", "reset_index",
        "set_index", "merge", "join", "head", "tail", "sample", "query", "assign", "filter", "select_dtypes",
        "replace", "drop_duplicates", "ffill", "bfill", "interpolate", "clip", "round", "abs", "where", "mask",
        "reindex", "pivot", "pivot_table", "melt", "stack", "unstack", "transpose", "explode", "nlargest",
        "nsmallest", "isna", "notna", "isnull", "notnull", "diff", "pct_change", "shift", "cumsum",
        "rank", "corr", "cov", "describe", "value_counts", "agg", "aggregate", "transform", "apply", "map",
        "applymap", "to_frame", "rename_axis", "combine_first", "append", "truncate", "xs", "get_dummies",
    ]

    /// Attributes of a DataFrame or Series that are not one.
    static let nonFrameAttributes: Set<String> = ["shape", "size", "ndim", "empty", "dtype", "name", "values", "plot"]

    /// Reductions that give a DataFrame or Series when applied to a `groupby`/`rolling`/`resample` result.
    static let reductions: Set<String> = [
        "mean", "sum", "median", "std", "var", "min", "max", "count", "size", "first", "last", "nunique", "prod",
    ]
    static let groupings: Set<String> = ["groupby", "rolling", "resample", "expanding", "ewm"]

    /// Names of variables that hold a DataFrame by convention (`df`, `df2`, `train_df`, `frame`,
    /// `data_frame`); `frame` names do not count in code that imports OpenCV (video frames) or
    /// when they name a path, file or count (`frame_path`, `num_frames`).
    static func hasFrameName(_ name: String, _ model: SemanticModel) -> Bool {
        let lower = name.lowercased()
        if lower == "df" || lower.hasPrefix("df_") || lower.hasSuffix("_df")
            || (lower.hasPrefix("df") && lower.dropFirst(2).allSatisfy(\.isNumber)) {
            return true
        }
        guard lower.contains("frame") else { return false }
        for word in ["path", "file", "name", "dir", "url", "num", "count", "idx", "index", "rate", "size", "time", "id"] {
            if lower.split(separator: "_").contains(where: { $0 == word || $0 == word + "s" }) { return false }
        }
        return !model.imports.values.contains { $0 == "cv2" || $0.hasPrefix("imageio") || $0.hasPrefix("moviepy") }
    }

    /// Whether the identifier `name`, read at `node`, holds a DataFrame or Series: it is
    /// assigned from pandas (`pd.read_csv(...)`, `df.dropna()`, `df["a"]`), annotated as one
    /// (`data: pd.DataFrame`), or named like one (`df`, `train_df`, `frame`). A name assigned a
    /// dict, list, set, tuple, literal or NumPy array anywhere in its scope never is.
    static func isFrameName(_ node: Node, _ context: RuleContext, depth: Int = 0) -> Bool {
        let name = node.text
        let model = context.model
        var fromPandas = false
        var derived: [Node] = []
        // First the cheap evidence (literals, qualified calls, annotations)...
        for id in bindings(of: name, at: node, model) {
            let binding = model.bindings[id]
            switch binding.kind {
            case .parameter:
                if let typed = binding.node.parent, let type = typed.child(PyField.type),
                   let annotation = type.namedChild(0), let q = model.qualifiedName(annotation) {
                    if q.hasPrefix("pandas.") { fromPandas = true } else { return false }
                }
            case .assignment:
                guard let assignment = binding.node.parent, assignment.symbol == Py.assignment,
                      assignment.child(PyField.left) == binding.node, let right = assignment.child(PyField.right) else { continue }
                switch kindOfValue(right, context) {
                case .frame: fromPandas = true
                case .notFrame: return false
                case .unknown: derived.append(right)
                }
            default:
                break
            }
        }
        if fromPandas || hasFrameName(name, model) { return true }
        // ...then values derived from other expressions (`X = data.drop(columns=["y"])`).
        guard depth < 2 else { return false }
        for right in derived {
            // `data = data.dropna()` says nothing new about `data`.
            if let root = rootName(right), root.text == name { continue }
            if isFrameExpression(right, context, depth: depth + 1) { return true }
        }
        return false
    }

    enum ValueKind { case frame, notFrame, unknown }

    /// What an assigned value tells about the name it is assigned to, without following names.
    private static func kindOfValue(_ value: Node, _ context: RuleContext) -> ValueKind {
        let s = value.symbol
        if s == Py.dictionary || s == Py.list || s == Py.set || s == Py.tuple || s == Py.dictionaryComprehension
            || s == Py.listComprehension || s == Py.setComprehension || s == Py.string || s == Py.concatenatedString
            || s == Py.integer || s == Py.float || s == Py.true || s == Py.false || s == Py.none {
            return .notFrame
        }
        if s == Py.call, let function = value.child(PyField.function), let q = context.model.qualifiedName(function) {
            if q.hasPrefix("pandas.") { return .frame }
            if q == "dict" || q == "list" || q == "set" || q == "tuple" || q == "str" || q == "len" || q.hasPrefix("json.")
                || q.hasPrefix("collections.") || q.hasPrefix("numpy.") || q.hasPrefix("torch.") || q.hasPrefix("xarray.") {
                return .notFrame
            }
        }
        return .unknown
    }

    /// The ids of the bindings of `name` in the innermost scope around `node` that binds it.
    static func bindings(of name: String, at node: Node, _ model: SemanticModel) -> [Int] {
        var scopeNodes: [Node] = []
        var current = node.parent
        while let n = current {
            let s = n.symbol
            if s == Py.functionDefinition || s == Py.lambda { scopeNodes.append(n) }
            current = n.parent
        }
        for scopeNode in scopeNodes {
            guard let scope = model.scopes.firstIndex(where: { $0.node == scopeNode }) else { continue }
            if model.scopes[scope].declaredOutside.contains(name) { break }
            if let ids = model.scopes[scope].bindings[name], !ids.isEmpty { return ids }
        }
        return model.moduleBindings(named: name)
    }

    /// Whether an expression evaluates to a DataFrame or Series: a DataFrame-like name, a
    /// pandas constructor or reader, `x.loc[...]`/`x.iloc[...]`, a column or row selection of
    /// a DataFrame, or a DataFrame method that returns one. Callers check that pandas is imported.
    static func isFrameExpression(_ expr: Node, _ context: RuleContext, depth: Int = 0) -> Bool {
        var node = expr
        var steps = 0
        while steps < 40 {
            steps += 1
            let s = node.symbol
            if s == Py.identifier {
                return isFrameName(node, context, depth: depth)
            } else if s == Py.parenthesizedExpression, let inner = node.namedChild(0) {
                node = inner
            } else if s == Py.subscript, let value = node.child(PyField.value) {
                if value.symbol == Py.attribute, let attr = value.child(PyField.attribute),
                   attr.textEquals("loc") || attr.textEquals("iloc") {
                    return true
                }
                node = value
            } else if s == Py.attribute, let object = node.child(PyField.object), let attr = node.child(PyField.attribute) {
                if nonFrameAttributes.contains(attr.text) { return false }
                // `self.df`, `self.train_df`
                if object.symbol == Py.identifier, object.textEquals("self") { return hasFrameName(attr.text, context.model) }
                node = object
            } else if s == Py.call, let function = node.child(PyField.function) {
                if let q = context.model.qualifiedName(function) {
                    guard q.hasPrefix("pandas.") else { return false }
                    let last = Syntax.lastComponent(q)
                    return last.hasPrefix("read_") || constructors.contains(String(last))
                }
                guard function.symbol == Py.attribute, let method = function.child(PyField.attribute),
                      let object = function.child(PyField.object) else { return false }
                let name = method.text
                if reductions.contains(name) {
                    // `df.groupby("a")["b"].mean()` is a Series; `df["b"].mean()` is a number.
                    guard let grouped = groupingCall(object) else { return false }
                    node = grouped
                } else if frameMethods.contains(name) {
                    node = object
                } else {
                    return false
                }
            } else {
                return false
            }
        }
        return false
    }

    /// The object a `groupby(...)`/`rolling(...)` call in the chain is made on (`df` in `df.groupby("a")["b"]`).
    static func groupingCall(_ expr: Node) -> Node? {
        var node = expr
        for _ in 0..<10 {
            let s = node.symbol
            if s == Py.subscript, let value = node.child(PyField.value) {
                node = value
            } else if s == Py.call, let function = node.child(PyField.function), function.symbol == Py.attribute,
                      let method = function.child(PyField.attribute), let object = function.child(PyField.object) {
                if groupings.contains(method.text) { return object }
                if method.textEquals("agg") || method.textEquals("aggregate") { node = object } else { return nil }
            } else if s == Py.attribute, let object = node.child(PyField.object) {
                node = object
            } else {
                return nil
            }
        }
        return nil
    }

    /// The identifier an attribute/subscript/call chain starts from (`df` in `df.loc[i, "a"].x`).
    static func rootName(_ expr: Node) -> Node? {
        var node = expr
        for _ in 0..<40 {
            let s = node.symbol
            if s == Py.identifier { return node }
            if s == Py.attribute, let object = node.child(PyField.object) {
                node = object
            } else if s == Py.subscript, let value = node.child(PyField.value) {
                node = value
            } else if s == Py.call, let function = node.child(PyField.function) {
                node = function
            } else if s == Py.parenthesizedExpression, let inner = node.namedChild(0) {
                node = inner
            } else {
                return nil
            }
        }
        return nil
    }

    /// Whether the statement is the last top-level statement of a notebook cell (the cell's
    /// displayed output).
    static func isCellOutput(_ statement: Node, _ context: RuleContext) -> Bool {
        guard context.isNotebook, let module = statement.parent, module.symbol == Py.module else { return false }
        return Syntax.statements(module).last == statement
    }

    /// The nearest enclosing function definition or lambda of a node, if any.
    static func enclosingFunction(_ node: Node) -> Node? {
        var current = node.parent
        while let n = current {
            if n.symbol == Py.functionDefinition || n.symbol == Py.lambda { return n }
            current = n.parent
        }
        return nil
    }

    /// A call `keyword=value` value, if passed.
    static func keyword(_ name: String, in keywords: [(name: String, value: Node)]) -> Node? {
        keywords.first { $0.name == name }?.value
    }

    /// What a `for` loop iterates over, when it walks a DataFrame row by row.
    struct RowLoop {
        enum Kind { case iterrows, itertuples, index }
        /// The DataFrame expression (`df` in `df.iterrows()` or `range(len(df))`).
        let frame: Node
        /// The iterable (`df.iterrows()`, `range(len(df))`).
        let iterable: Node
        let kind: Kind
    }

    /// `for … in df.iterrows()`, `df.itertuples()`, `range(len(df))`, `range(df.shape[0])`
    /// (the latter two only when `df` is DataFrame-like). Callers check that pandas is imported.
    static func rowLoop(_ loop: Node, _ context: RuleContext) -> RowLoop? {
        guard let iterable = loop.child(PyField.right), iterable.symbol == Py.call,
              let function = iterable.child(PyField.function) else { return nil }
        if function.symbol == Py.attribute, let method = function.child(PyField.attribute), let object = function.child(PyField.object) {
            if method.textEquals("iterrows") { return RowLoop(frame: object, iterable: iterable, kind: .iterrows) }
            if method.textEquals("itertuples") { return RowLoop(frame: object, iterable: iterable, kind: .itertuples) }
            return nil
        }
        guard function.symbol == Py.identifier, function.textEquals("range"), context.model.qualifiedName(function) == "range" else { return nil }
        let arguments = Syntax.positionalArguments(iterable)
        guard arguments.count == 1 || (arguments.count == 2 && arguments[0].textEquals("0")), let bound = arguments.last else { return nil }
        var frame: Node?
        if bound.symbol == Py.call, let f = bound.child(PyField.function), f.textEquals("len"),
           let only = Syntax.positionalArguments(bound).first {
            frame = only
        } else if bound.symbol == Py.subscript, let value = bound.child(PyField.value), value.symbol == Py.attribute,
                  let attr = value.child(PyField.attribute), attr.textEquals("shape"),
                  let index = bound.child(PyField.subscript), index.textEquals("0") {
            frame = value.child(PyField.object)
        }
        guard let frame, isFrameExpression(frame, context) else { return nil }
        return RowLoop(frame: frame, iterable: iterable, kind: .index)
    }

    /// Visits the nodes of a loop body or expression, not going into nested functions,
    /// lambdas and classes (their code runs elsewhere).
    static func walkSameScope(_ root: Node, _ visit: (Node) -> Bool) {
        root.walk { n in
            let s = n.symbol
            if n != root, s == Py.functionDefinition || s == Py.classDefinition || s == Py.lambda { return false }
            return visit(n)
        }
    }

    /// Whether two expressions are the same text (`df` and `df`, `self.data` and `self.data`).
    static func sameText(_ a: Node, _ b: Node) -> Bool {
        let la = a.endByte - a.startByte
        guard la == b.endByte - b.startByte else { return false }
        return a.text == b.text
    }
}

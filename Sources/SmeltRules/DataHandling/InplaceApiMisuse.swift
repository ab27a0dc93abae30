import SmeltAnalysis
import SmeltSyntax

/// SM308: the result of a DataFrame method discarded, or the `None` of an `inplace=True` call kept.
public struct InplaceApiMisuse: Rule {
    public static let description = RuleDescription(
        code: "SM308", slug: "inplace-api-misused", name: "In-place API misused",
        category: .dataHandling, severity: .warning,
        summary: "`df.dropna()` whose result is thrown away, or `df = df.dropna(inplace=True)`, which is `None`",
        whatItDoes: """
            In code that imports pandas, finds two mistakes with methods that return a new object (`dropna`, \
            `fillna`, `drop`, `rename`, `sort_values`, `reset_index`, `set_index`, `replace`, `astype`, \
            `drop_duplicates`...). A call on a DataFrame or Series (`df`, `df["c"]`, a name assigned from pandas) \
            that stands alone as a statement, without `inplace=True`: its result is discarded and the data is \
            unchanged. And the result of a call with `inplace=True` that is assigned or returned: it is `None`. \
            In a notebook, a call that is the last statement of a cell displays its result and is not reported.
            """,
        whyIsThisBad: """
            `df.dropna()` does not change `df`: it returns a cleaned copy, which the statement drops on the \
            floor. The code reads as if the rows were removed, and everything after it works on the dirty data. \
            The opposite mistake, `df = df.dropna(inplace=True)`, replaces the DataFrame with `None` and fails \
            later with an unrelated-looking `AttributeError`.
            """,
        example: """
            loans.dropna(subset=["income"])
            loans["age"].fillna(0)
            clean = loans.drop_duplicates(inplace=True)
            """,
        useInstead: """
            loans = loans.dropna(subset=["income"])
            loans["age"] = loans["age"].fillna(0)
            clean = loans.drop_duplicates()
            """,
        refactoring: "Assign the result (`df = df.dropna()`); avoid `inplace`",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #7 in-place APIs misused",
            "dslinter: inplace-api-misused",
            "ruff PD002 (pandas-use-of-inplace-argument)",
        ],
        precision: .medium,
        triggering: [
            RuleExample("import pandas as pd\n↓df.dropna()\ndf.to_csv(\"out.csv\")\n"),
            RuleExample("import pandas as pd\nloans = pd.read_csv(\"l.csv\")\n↓loans[\"age\"].fillna(0)\nloans.to_csv(\"out.csv\")\n"),
            RuleExample("import pandas as pd\n\ndef clean(frame):\n    ↓frame.drop(columns=[\"id\"])\n    return frame\n"),
            RuleExample("import pandas as pd\nclean = ↓df.drop_duplicates(inplace=True)\n"),
            RuleExample("import pandas as pd\n\ndef tidy(df):\n    return ↓df.reset_index(drop=True, inplace=True)\n"),
            RuleExample("import pandas as pd\n↓df.sort_values(\"date\")\n", .scriptOnly),
        ],
        nonTriggering: [
            RuleExample("import pandas as pd\ndf = df.dropna()\ndf.to_csv(\"out.csv\")\n"),
            RuleExample("import pandas as pd\ndf.dropna(inplace=True)\ndf.to_csv(\"out.csv\")\n"),
            RuleExample("import pandas as pd\ndf.sort_values(\"date\")\n", .notebookOnly),
            RuleExample("import pandas as pd\nname.replace(\"a\", \"b\")\nx = 1\n"),
            RuleExample("import pandas as pd\nitems = []\nitems.drop(0)\nx = 1\n"),
            RuleExample("import torch.nn as nn\nimport pandas as pd\nact = nn.ReLU(inplace=True)\n"),
            RuleExample("df.dropna()\nx = 1\n"),
            RuleExample("import pandas as pd\ndf.dropna(inplace=flag)\nx = 1\n"),
        ],
        fix: FixDocumentation(.unsafe, safety: """
            Unsafe, always: both fixes change what the program does, which is the point. A discarded result is \
            assigned back to the receiver: `df.dropna()` → `df = df.dropna()`, `df["age"].fillna(0)` → \
            `df["age"] = df["age"].fillna(0)`, `self.data.drop(columns=["id"])` → \
            `self.data = self.data.drop(columns=["id"])`. The receiver must be a name, an attribute chain \
            (`self.data`) or one of these indexed by a plain string. A bare name gets the fix only when it is \
            read again later (otherwise the assignment would silence the finding without the cleaned data \
            reaching anything) and, inside a function, when it is a parameter or local of that function or \
            declared `global` (assigning a global name would make it local). Rebinding a name does not change \
            other references to the old object (a caller's argument, an element of a list being looped over): \
            they keep the uncleaned data, as they do today. For an `inplace=True` call whose `None` is used: \
            `df = df.fillna(0, inplace=True)` becomes `df = df.fillna(0)` — the name gets the filled copy \
            instead of `None`, but other references to the old object, which the in-place call changed, now \
            keep the old data. When the target is an attribute (`self.data = self.data.fillna(...)`) or a name \
            that is a parameter or a loop, `with` or comprehension variable (likely to alias an object held \
            elsewhere), the fix keeps the in-place call and only drops the assignment of `None`: \
            `df.fillna(0, inplace=True)`. When the result goes to another name or is returned, the in-place \
            call stays and the receiver is used: `clean = df.drop_duplicates(inplace=True)` → \
            `df.drop_duplicates(inplace=True)` then `clean = df`, and `return df.reset_index(inplace=True)` → \
            `df.reset_index(inplace=True)` then `return df`, so code that relied on the in-place change keeps \
            working and the name (or the caller) gets the DataFrame instead of `None`. Not offered when the \
            receiver is another expression (`df.loc[rows]`, a call, an f-string key), spans lines, when a \
            comment is in the way, in a chained assignment (`a = b = df.dropna(inplace=True)`) or an unpacking \
            (`a, b = ...`), or when the statement shares its line with another.
            """,
            examples: [
                FixExample("import pandas as pd\ndf.dropna()\ndf.to_csv(\"out.csv\")\n",
                           "import pandas as pd\ndf = df.dropna()\ndf.to_csv(\"out.csv\")\n"),
                FixExample("import pandas as pd\nloans = pd.read_csv(\"l.csv\")\nloans[\"age\"].fillna(0)\nloans.to_csv(\"out.csv\")\n",
                           "import pandas as pd\nloans = pd.read_csv(\"l.csv\")\nloans[\"age\"] = loans[\"age\"].fillna(0)\nloans.to_csv(\"out.csv\")\n"),
                FixExample("import pandas as pd\n\ndef clean(frame):\n    frame.drop(columns=[\"id\"])\n    return frame\n",
                           "import pandas as pd\n\ndef clean(frame):\n    frame = frame.drop(columns=[\"id\"])\n    return frame\n"),
                FixExample("import pandas as pd\ndf = pd.read_csv(\"d.csv\")\ndf = df.fillna(0, inplace=True)\nprint(df.shape)\n",
                           "import pandas as pd\ndf = pd.read_csv(\"d.csv\")\ndf = df.fillna(0)\nprint(df.shape)\n"),
                FixExample("import pandas as pd\ndf = pd.read_csv(\"d.csv\")\ndf = df.drop(\n    columns=[\"id\"],\n    inplace=True,\n)\n",
                           "import pandas as pd\ndf = pd.read_csv(\"d.csv\")\ndf = df.drop(\n    columns=[\"id\"],\n)\n"),
                FixExample("import pandas as pd\nfor frame in frames:\n    frame = frame.fillna(0, inplace=True)\n",
                           "import pandas as pd\nfor frame in frames:\n    frame.fillna(0, inplace=True)\n"),
                FixExample("import pandas as pd\n\nclass Data:\n    def clean(self):\n        self.frame = self.frame.dropna(inplace=True)\n",
                           "import pandas as pd\n\nclass Data:\n    def clean(self):\n        self.frame.dropna(inplace=True)\n"),
                FixExample("import pandas as pd\nclean = df.drop_duplicates(inplace=True)\n",
                           "import pandas as pd\ndf.drop_duplicates(inplace=True)\nclean = df\n"),
                FixExample("import pandas as pd\n\ndef tidy(df):\n    return df.reset_index(drop=True, inplace=True)  # tidy\n",
                           "import pandas as pd\n\ndef tidy(df):\n    df.reset_index(drop=True, inplace=True)\n    return df  # tidy\n"),
            ])
    )

    /// Methods that return a new object and leave the receiver unchanged (unless `inplace=True`).
    static let copyingMethods: Set<String> = [
        "dropna", "fillna", "drop", "rename", "sort_values", "sort_index", "reset_index", "set_index", "replace",
        "astype", "drop_duplicates", "ffill", "bfill", "interpolate", "clip", "round", "abs", "where", "mask", "assign",
        "rename_axis", "reindex", "query", "set_axis", "convert_dtypes", "infer_objects", "add_prefix", "add_suffix",
        "tz_convert", "tz_localize",
    ]

    /// Methods that take `inplace=True` and then return `None`.
    static let inplaceMethods: Set<String> = [
        "dropna", "fillna", "drop", "rename", "sort_values", "sort_index", "reset_index", "set_index", "replace",
        "drop_duplicates", "ffill", "bfill", "interpolate", "clip", "where", "mask", "rename_axis", "query", "eval",
        "set_axis", "update", "insert", "backfill", "pad", "set_names", "set_levels", "set_codes",
        "rename_categories", "reorder_categories", "add_categories", "remove_categories", "set_categories",
        "remove_unused_categories", "as_ordered", "as_unordered",
    ]

    static let interpolation = Language.python.symbol("interpolation")

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.call] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let function = node.child(PyField.function), function.symbol == Py.attribute,
              let method = function.child(PyField.attribute), let receiver = function.child(PyField.object),
              let parent = context.parent else { return }
        let p = parent.symbol
        let discarded = p == Py.expressionStatement && parent.namedChildCount == 1
        let kept = (p == Py.assignment && parent.child(PyField.right) == node) || p == Py.returnStatement
        guard discarded || kept else { return }
        let name = method.text
        guard discarded ? Self.copyingMethods.contains(name) : Self.inplaceMethods.contains(name),
              PandasNames.isImported(context.model) else { return }
        let (keywords, splat) = Syntax.keywordArguments(node)
        let inplace = PandasNames.keyword("inplace", in: keywords)
        if discarded {
            if splat { return }
            if let inplace, !inplace.textEquals("False") { return }
            if PandasNames.isCellOutput(parent, context) { return }
            guard PandasNames.isFrameExpression(receiver, context) else { return }
            let target = Syntax.snippet(receiver, limit: 30)
            context.report(node, "Result of `\(Syntax.snippet(node))` is discarded: `\(name)` returns a new object and leaves `\(target)` unchanged",
                           refactoring: "Assign the result: `\(target) = \(Syntax.snippet(node, limit: 50))`",
                           fix: assignBack(node, receiver, context))
        } else {
            guard let inplace, inplace.textEquals("True") else { return }
            let what: String
            if p == Py.assignment, let left = parent.child(PyField.left) {
                what = "`\(Syntax.snippet(left, limit: 30))` is set to `None`"
            } else {
                what = "the function returns `None`"
            }
            let without = textWithout(inplace, in: node)
            context.report(node, "`\(name)(…, inplace=True)` returns `None`: \(what)",
                           refactoring: "Drop `inplace=True` and use the returned object: `\(without)`",
                           fix: useReceiver(node, receiver, inplace, parent, context))
        }
    }

    /// A name or an attribute chain of names (`df`, `self.data`).
    private func isPlainReference(_ node: Node) -> Bool {
        var n = node
        while n.symbol == Py.attribute, let object = n.child(PyField.object) { n = object }
        return n.symbol == Py.identifier
    }

    private func containsComment(_ node: Node, from start: Int? = nil, to end: Int? = nil) -> Bool {
        let lo = start ?? node.startByte, hi = end ?? node.endByte
        var found = false
        node.walk { n in
            if n.symbol == Py.comment, n.startByte >= lo, n.endByte <= hi { found = true }
            return !found && n.startByte < hi && n.endByte > lo
        }
        return found
    }

    /// The binding kinds of a name, in the scope where it is read.
    private func rootBindingKinds(_ name: Node, _ context: RuleContext) -> [BindingKind] {
        PandasNames.bindings(of: name.text, at: name, context.model).map { context.model.bindings[$0].kind }
    }

    /// `df.dropna()` → `df = df.dropna()`; `df["a"].fillna(0)` → `df["a"] = df["a"].fillna(0)`.
    private func assignBack(_ call: Node, _ receiver: Node, _ context: RuleContext) -> Fix? {
        var reference = receiver
        if receiver.symbol == Py.subscript {
            guard let value = receiver.child(PyField.value), receiver.children(PyField.subscript).count == 1,
                  let key = receiver.child(PyField.subscript), key.symbol == Py.string,
                  !key.namedChildren.contains(where: { $0.symbol == Self.interpolation }) else { return nil }
            reference = value
        }
        guard isPlainReference(reference), !receiver.text.contains("\n"), !containsComment(receiver) else { return nil }
        if receiver.symbol == Py.identifier {
            let name = receiver.text
            // Rebinding a name nobody reads again would hide the finding without changing anything.
            guard context.model.isRead(name, after: SourcePoint(unit: context.unit.index, byte: call.endByte)) else { return nil }
            // In a function, assigning a global name would make it local (`UnboundLocalError`).
            var scopeNode = call.parent
            while let n = scopeNode, n.symbol != Py.functionDefinition, n.symbol != Py.classDefinition { scopeNode = n.parent }
            if let scopeNode {
                guard scopeNode.symbol == Py.functionDefinition,
                      let scope = context.model.scopes.first(where: { $0.node == scopeNode }),
                      scope.bindings[name] != nil || scope.declaredOutside.contains(name) else { return nil }
            }
        }
        let target = receiver.text
        return .unsafe("Assign the result to `\(Syntax.clip(target, limit: 30))`", [.insert("\(target) = ", at: call.startByte)])
    }

    /// Fixes for a used `None` of `x.method(..., inplace=True)` (see the fix safety).
    private func useReceiver(_ call: Node, _ receiver: Node, _ inplace: Node, _ parent: Node, _ context: RuleContext) -> Fix? {
        guard isPlainReference(receiver), !receiver.text.contains("\n"), !containsComment(receiver) else { return nil }
        let statement: Node
        if parent.symbol == Py.assignment {
            guard let outer = parent.parent, outer.symbol == Py.expressionStatement, outer.namedChildCount == 1,
                  let left = parent.child(PyField.left) else { return nil }
            statement = outer
            if PandasNames.sameText(left, receiver) {
                guard !containsComment(parent, to: call.startByte) else { return nil }
                let aliasing: Set<BindingKind> = [.parameter, .forTarget, .withTarget, .comprehensionTarget]
                if receiver.symbol == Py.attribute || rootBindingKinds(receiver, context).contains(where: aliasing.contains) {
                    return .unsafe("Drop the assignment of `None` to `\(Syntax.clip(left.text, limit: 30))`",
                                   [.delete(ByteRange(parent.startByte, call.startByte))])
                }
                guard let removal = removeArgument(inplace) else { return nil }
                return .unsafe("Remove `inplace=True` and assign the result", [removal])
            }
            let l = left.symbol
            guard l == Py.identifier || l == Py.attribute || l == Py.subscript else { return nil }
        } else {
            statement = parent
        }
        // Split: `x.method(..., inplace=True)` on its own line, then `target = x` / `return x`.
        let text = context.unit.text
        let line = text.lineIndex(ofByte: statement.startByte)
        guard text.bytes[text.lineStarts[line]..<statement.startByte].allSatisfy({ $0 == 0x20 || $0 == 0x09 }),
              statement.endByte == call.endByte, let block = statement.parent,
              block.symbol == Py.block || block.symbol == Py.module,
              !containsComment(statement, to: call.startByte) else { return nil }
        if let next = statement.nextSibling, next.startByte < text.lineContentEnd(text.lineIndex(ofByte: statement.endByte)),
           next.symbol != Py.comment { return nil }
        let indent = text.text(ByteRange(text.lineStarts[line], statement.startByte))
        let prefix = text.text(ByteRange(statement.startByte, call.startByte))
        let replacement = call.text + "\n" + indent + prefix + receiver.text
        let what = parent.symbol == Py.returnStatement ? "return" : "assign"
        let method = call.child(PyField.function)?.child(PyField.attribute)?.text ?? "the method"
        return .unsafe("Call `\(method)` in place, then \(what) `\(Syntax.clip(receiver.text, limit: 30))`",
                       [Edit(ByteRange(statement.startByte, call.endByte), replacement)])
    }

    /// Deletes a keyword argument with the comma that separates it from its neighbour.
    private func removeArgument(_ value: Node) -> Edit? {
        guard let argument = value.parent, argument.symbol == Py.keywordArgument, let list = argument.parent else { return nil }
        var start = argument.startByte, end = argument.endByte
        if let comma = argument.previousSibling, comma.textEquals(",") {
            start = comma.startByte
        } else if let comma = argument.nextSibling, comma.textEquals(",") {
            if let after = comma.nextSibling, after.symbol != Py.comment, !after.textEquals(")") {
                end = after.startByte
            } else {
                end = comma.endByte
            }
        }
        guard !containsComment(list, from: start, to: end) else { return nil }
        return .delete(ByteRange(start, end))
    }

    /// The call's text with its `inplace=...` argument (and the comma beside it) removed, on one line.
    private func textWithout(_ value: Node, in call: Node) -> String {
        guard let argument = value.parent, argument.symbol == Py.keywordArgument else { return Syntax.snippet(call, limit: 60) }
        var cutStart = argument.startByte, cutEnd = argument.endByte
        if let comma = argument.previousSibling, comma.textEquals(",") {
            cutStart = comma.startByte
        } else if let comma = argument.nextSibling, comma.textEquals(",") {
            cutEnd = comma.nextSibling?.startByte ?? comma.endByte
        }
        let text = call.tree.text
        let joined = text.text(ByteRange(call.startByte, cutStart)) + text.text(ByteRange(cutEnd, call.endByte))
        let line = joined.split(whereSeparator: { $0 == "\n" }).map { $0.trimmingPrefix(while: \.isWhitespace) }.joined(separator: " ")
        return line.count > 60 ? String(line.prefix(59)) + "…" : line
    }
}

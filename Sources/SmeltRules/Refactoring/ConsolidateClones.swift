import SmeltAnalysis
import SmeltSyntax

/// The "consolidate copies" refactoring for a clone group (SM109): one parameterised
/// function, defined where the first copy was, and a call in place of each copy.
///
/// Offered only when every copy is a run of top-level statements (a script, or notebook
/// cells), every copy could be extracted on its own (see `ExtractFunction`), and what
/// varies between the copies is simple: names, or plain literals. A varying name that each
/// copy binds (`rf` / `gb`) is a local of the function, named as in the first copy; any
/// other varying name or literal becomes a parameter (`model_class` for estimator classes,
/// else the first copy's name, else `value_N`). The data names the copies read that are
/// bound before them are parameters too; the names they bind that later code reads are
/// returned and assigned, under each copy's own names, at each call.
public enum ConsolidateClones {
    /// The "Fix safety" text of SM109.
    public static let fixSafety = """
        A suggested edit, shown as a diff and never applied by `--fix`: one function, defined where the \
        first copy was, replaces the copies, and each copy becomes a call with its own arguments. The names \
        and literals that differ between the copies become parameters (`model_class` for an estimator class, \
        else the first copy's name, else `value_1`, `value_2`…), as do the data names the copies read that \
        are bound before them; names a copy binds are locals named as in the first copy, and those that \
        later code reads are returned and assigned at each call under the copy's own names. It stays a \
        suggestion because the copies may have drifted apart on purpose (review what the diff makes one), \
        the names are smelt's choice (rename the function for what it does), and a name the copies bind \
        that is not read later is no longer set at module level: code that runs between the copies and \
        relied on the order of evaluation, or on such a name, may behave differently. No edit is offered \
        when a copy is inside a function or class, when what differs is more than a name or a plain \
        literal (an f-string, an expression), when a varying name is bound by some copies and only read by \
        others, or when one of the copies could not be extracted on its own (see extract-function: \
        `return`, `global`, IPython lines, a notebook cell's output expression…).
        """

    /// A name or literal of a copy, in walk order, and whether it is a name in the Python
    /// sense (not an attribute or keyword).
    private struct Leaf {
        let node: Node
        let text: String
        let isName: Bool
        let isSimple: Bool
    }

    /// The display-only fix for a clone group, or nil when it cannot be made.
    public static func fix(for group: CloneDetector.Group, _ input: RefactoringInput) -> Fix? {
        let document = input.document
        let copies = group.copies
        guard copies.count >= 2 else { return nil }
        for copy in copies {
            guard let first = copy.statements.first, first.parent?.symbol == Py.module,
                  copy.unit < document.units.count, document.units[copy.unit].tree?.root.hasError == false else { return nil }
        }
        let leaves = copies.map { leafList($0.statements) }
        let count = leaves[0].count
        guard leaves.allSatisfy({ $0.count == count }) else { return nil }
        let flows = copies.map { NameWalker($0.statements, mode: .block) }

        // Varying positions, grouped by the tuple of texts they hold across the copies.
        var tupleOf: [Int: Int] = [:]   // position → index into `tuples`
        var tuples: [[String]] = []
        var tupleIsName: [Bool] = []
        for k in 0..<count {
            let values = leaves.map { $0[k].text }
            guard Set(values).count > 1 else { continue }
            let isName = leaves[0][k].isName
            guard leaves.allSatisfy({ $0[k].isSimple && $0[k].isName == isName }) else { return nil }
            if let t = tuples.firstIndex(of: values) {
                guard tupleIsName[t] == isName else { return nil }
                tupleOf[k] = t
            } else {
                tupleOf[k] = tuples.count
                tuples.append(values)
                tupleIsName.append(isName)
            }
        }
        guard !tuples.isEmpty else { return nil }

        // Each varying tuple: a local (bound by every copy before any read) or a parameter.
        var isLocal = [Bool](repeating: false, count: tuples.count)
        for (t, values) in tuples.enumerated() where tupleIsName[t] {
            var local = 0, parameter = 0
            for (i, name) in values.enumerated() {
                let flow = flows[i]
                let written = flow.writes.contains(name)
                let readFirst = flow.readMaybeUnbound.contains(name)
                if written && !readFirst {
                    local += 1
                } else if flow.reads.contains(name) || readFirst {
                    parameter += 1
                } else {
                    return nil   // bound or read only in a nested scope (a comprehension, a lambda)
                }
            }
            if local == values.count {
                isLocal[t] = true
            } else if parameter != values.count {
                return nil
            }
        }

        // Names inside the function: texts of unvarying names, and one name per tuple.
        var fixedNames = Set<String>()
        for k in 0..<count where tupleOf[k] == nil && leaves[0][k].isName { fixedNames.insert(leaves[0][k].text) }
        var chosen: [String] = []
        var taken = fixedNames
        var estimators = 0, literals = 0
        for (t, values) in tuples.enumerated() {
            var name: String?
            if tupleIsName[t], !isLocal[t], values.allSatisfy(isEstimatorClass) {
                estimators += 1
                name = estimators == 1 ? "model_class" : "model_class_\(estimators)"
            } else if tupleIsName[t] {
                name = values[0]
            }
            if name == nil || taken.contains(name!) {
                if isLocal[t] { return nil }
                repeat {
                    literals += 1
                    name = "value_\(literals)"
                } while taken.contains(name!)
            }
            taken.insert(name!)
            chosen.append(name!)
        }

        // Each copy as an extraction: parameters, returns, and whether it can move at all.
        let functionName = RefactoringSupport.freeName("run_shared_steps", input) ?? "run_shared_steps"
        var plans: [ExtractFunctionPlan] = []
        for copy in copies {
            guard let plan = ExtractFunction.plan(copy.statements, unit: copy.unit, name: functionName, input),
                  plan.problem == nil, plan.keptOutput == nil, plan.statements.count == copy.statements.count else { return nil }
            plans.append(plan)
        }
        // Data parameters: names read at unvarying positions only, the same for every copy.
        func internalName(_ k: Int, copy i: Int) -> String {
            if let t = tupleOf[k] { return chosen[t] }
            return leaves[i][k].text
        }
        // Within each copy a name stands for one name of the function (`q` may not be both a
        // varying local of one copy and an unvarying read).
        for i in copies.indices {
            var inner: [String: String] = [:]
            for k in 0..<count where leaves[i][k].isName {
                let name = internalName(k, copy: i)
                if let seen = inner.updateValue(name, forKey: leaves[i][k].text), seen != name { return nil }
            }
        }
        var dataParameters: [String] = []
        for (i, plan) in plans.enumerated() {
            let varyingNames = Set(tupleOf.keys.map { leaves[i][$0].text })
            let data = plan.parameters.filter { !varyingNames.contains($0) }
            if i == 0 {
                dataParameters = data
            } else if Set(data) != Set(dataParameters) {
                return nil
            }
        }
        guard Set(dataParameters).isDisjoint(with: chosen.enumerated().filter { !isLocal[$0.offset] }.map(\.element)) else { return nil }
        // Returns: the union of what later code reads after each copy, as the function's names.
        var returns: [String] = []
        for (i, plan) in plans.enumerated() {
            for name in plan.returns {
                guard let k = (0..<count).first(where: { leaves[i][$0].isName && leaves[i][$0].text == name }) else { return nil }
                let inner = internalName(k, copy: i)
                if !returns.contains(inner) { returns.append(inner) }
            }
        }
        // What each call assigns: per copy, the copy's name for each returned internal name.
        var targets: [[String]] = []
        for i in copies.indices {
            var names: [String] = []
            for inner in returns {
                guard let k = (0..<count).first(where: { leaves[0][$0].isName && internalName($0, copy: 0) == inner }) else { return nil }
                names.append(leaves[i][k].text)
            }
            targets.append(names)
        }

        let parameters = chosen.enumerated().filter { !isLocal[$0.offset] }.map(\.element) + dataParameters
        let arguments = copies.indices.map { i in
            tuples.enumerated().filter { !isLocal[$0.offset] }.map { $0.element[i] } + dataParameters
        }
        func call(_ i: Int) -> String {
            (targets[i].isEmpty ? "" : targets[i].joined(separator: ", ") + " = ")
                + "\(functionName)(\(arguments[i].joined(separator: ", ")))"
        }

        // The function's body: the first copy's lines, with the varying leaves renamed.
        let unit = document.units[copies[0].unit]
        let text = unit.text
        let statements = copies[0].statements
        let firstLine = statements[0].startRow, lastLine = statements[statements.count - 1].endRow
        let start = text.lineStarts[firstLine]
        let end = lastLine + 1 < text.lineCount ? text.lineStarts[lastLine + 1] : text.bytes.count
        var renamed: [UInt8] = []
        var position = start
        for k in 0..<count {
            guard let t = tupleOf[k] else { continue }
            let node = leaves[0][k].node
            renamed.append(contentsOf: text.bytes[position..<node.startByte])
            renamed.append(contentsOf: Array(chosen[t].utf8))
            position = node.endByte
        }
        renamed.append(contentsOf: text.bytes[position..<end])
        let protected = RefactoringSupport.stringContinuationLines(in: statements).map { $0 - firstLine }
        let indent = input.indentUnit
        var body = ""
        for (row, line) in String(decoding: renamed, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if row > lastLine - firstLine { break }
            let content = line.hasSuffix("\r") ? line.dropLast() : line
            if protected.contains(row) {
                body += content + "\n"
            } else if content.allSatisfy({ $0 == " " || $0 == "\t" }) {
                body += "\n"
            } else {
                body += indent + content + "\n"
            }
        }
        if !returns.isEmpty { body += indent + "return " + returns.joined(separator: ", ") + "\n" }
        // PEP 8: two blank lines before a top-level function, unless a comment heads it.
        var prefix = ""
        if firstLine > 0 {
            var blank = 0
            var row = firstLine - 1
            while row >= 0, blank < 2, text.line(row + 1).allSatisfy({ $0 == " " || $0 == "\t" }) {
                blank += 1
                row -= 1
            }
            let above = row >= 0 ? text.line(row + 1).drop { $0 == " " || $0 == "\t" } : ""
            if row >= 0, !above.hasPrefix("#") { prefix = String(repeating: "\n", count: 2 - blank) }
        }
        func newline(_ end: Int, _ start: Int, _ text: SourceText) -> String {
            end > start && text.bytes[end - 1] == 0x0A ? "\n" : ""
        }
        let definition = prefix + "def \(functionName)(\(parameters.joined(separator: ", "))):\n" + body + "\n\n"
        var edits = [Edit(ByteRange(start, end), definition + call(0) + newline(end, start, text), unit: copies[0].unit)]
        for (i, copy) in copies.enumerated().dropFirst() {
            let t = document.units[copy.unit].text
            let s = t.lineStarts[copy.statements[0].startRow]
            let last = copy.statements[copy.statements.count - 1].endRow
            let e = last + 1 < t.lineCount ? t.lineStarts[last + 1] : t.bytes.count
            edits.append(Edit(ByteRange(s, e), call(i) + newline(e, s, t), unit: copy.unit))
        }
        let title = "Consolidate the \(copies.count) copies into `\(functionName)(\(parameters.joined(separator: ", ")))`"
            + (returns.isEmpty ? "" : " returning `\(returns.joined(separator: ", "))`")
        return Fix.displayOnly(title, edits)
    }

    /// Names and literals of statements in walk order (the leaves the clone shapes leave out).
    private static func leafList(_ statements: [Node]) -> [Leaf] {
        var out: [Leaf] = []
        for statement in statements {
            statement.walk { n in
                let s = n.symbol
                if s == Py.identifier {
                    let field = n.field
                    let isName = !(field == PyField.attribute
                        || (field == PyField.name && n.parent?.symbol == Py.keywordArgument))
                    out.append(Leaf(node: n, text: n.text, isName: isName, isSimple: true))
                    return false
                }
                if s == Py.string || s == Py.concatenatedString {
                    let simple = s == Py.string && !n.namedChildren.contains { $0.symbol == NameWalker.interpolation }
                    out.append(Leaf(node: n, text: n.text, isName: false, isSimple: simple))
                    return false
                }
                if s == Py.integer || s == Py.float {
                    out.append(Leaf(node: n, text: n.text, isName: false, isSimple: true))
                    return false
                }
                return s != Py.comment
            }
        }
        return out
    }

    /// `RandomForestClassifier`, `LinearRegression`, `XGBRegressor`: a scikit-learn-style estimator class.
    private static func isEstimatorClass(_ name: String) -> Bool {
        guard let first = name.first, first.isUppercase else { return false }
        let suffixes = ["Classifier", "Regressor", "Regression", "Estimator", "Model", "SVC", "SVR", "NB", "Forest",
                        "Boosting", "Lasso", "Ridge", "ElasticNet", "Pipeline", "Clustering", "KMeans", "DBSCAN", "PCA"]
        return suffixes.contains { name.hasSuffix($0) }
    }
}

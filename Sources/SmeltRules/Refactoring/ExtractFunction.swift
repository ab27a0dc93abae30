import SmeltAnalysis
import SmeltSyntax

/// The "extract function" refactoring, worked out for a run of top-level statements.
public struct ExtractFunctionPlan: Sendable {
    public let name: String
    /// The unit (script, or code cell) holding the statements.
    public let unit: Int
    /// Names the block needs from before it, in first-read order.
    public let parameters: [String]
    /// Names the block binds that code after it reads, in first-binding order.
    public let returns: [String]
    /// The statements that move into the function.
    public let statements: [Node]
    /// 1-based lines of the unit that the function and its call replace.
    public let lines: ClosedRange<Int>
    /// A notebook cell's last expression left where it is: its value is the cell's output.
    public let keptOutput: Node?
    /// Why the statements cannot be extracted; then `edit` is nil.
    public let problem: String?
    /// Replaces `lines` with the function and the call.
    public let edit: Edit?

    /// `def clean_loans(raw):`
    public var signature: String { "def \(name)(\(parameters.joined(separator: ", "))):" }
    /// `loans = clean_loans(raw)`
    public var call: String {
        (returns.isEmpty ? "" : returns.joined(separator: ", ") + " = ") + "\(name)(\(parameters.joined(separator: ", ")))"
    }
    /// "Extract function `clean_loans(raw)` returning `loans`"
    public var title: String {
        "Extract function `\(name)(\(parameters.joined(separator: ", ")))`"
            + (returns.isEmpty ? "" : " returning `\(returns.joined(separator: ", "))`")
    }
    /// The display-only fix, when the edit could be made.
    public var fix: Fix? { edit.map { Fix.displayOnly(title, [$0]) } }
}

/// Moves a run of top-level statements into a new function and calls it in their place:
/// names the block reads before binding them (and that are bound before it) become
/// parameters, names it binds that later code reads become return values.
///
/// Parameters are (1) names the block reads and then rebinds, or binds only inside a
/// branch or loop, while an earlier binding exists — without them the function would
/// read an unbound local; and (2) data the block only reads (not imports, functions,
/// classes or UPPER_CASE constants, which stay global reads), as the book's
/// `add_family_size(passengers)` does. Return values are names bound in the block and
/// read later — in later statements or cells before being bound again, in any function
/// (whenever defined), in IPython lines, or listed in `__all__`. A mutated argument
/// (`df["a"] = ...`) is not returned: the caller's object changes in place, as before.
public enum ExtractFunction {
    /// The "Fix safety" text of the rules that suggest this refactoring.
    public static let fixSafety = """
        A suggested edit, shown as a diff and never applied by `--fix`: the statements move into a new \
        function, called where they were. Parameters are the data names the statements read that are bound \
        before them (imports, functions, classes and UPPER_CASE constants stay global reads), and any name \
        they read and then rebind, or bind only in a branch or loop, while an earlier value exists. Return \
        values are the names they bind that later code reads: later statements or cells (before binding the \
        name again), any function, IPython lines, `__all__`. An object changed in place (`df["a"] = ...`) is \
        passed, not returned: the caller's object changes as before. In a notebook, the cell's last \
        expression stays outside the function, as the cell's output. The name comes from the markdown \
        heading above the cell, else `make_<value>` for a single return value, else `process_cell_N` or \
        `extracted_function`: rename it for what the code does. No edit is offered when the statements \
        contain, outside nested functions, `return`, `yield`, `await`, `global`, `nonlocal`, `del name`, \
        `locals()`, `exec`/`eval`, a `match` statement, `from __future__` or `import *`; when they hold an \
        IPython line, read a name that nothing binds before them and then bind it, or share a line with \
        other code.
        """

    /// Plans the extraction of `statements` (consecutive top-level statements of `unit`).
    ///
    /// - Parameters:
    ///   - name: the function's name; nil picks one (see `suggestedName`).
    ///   - selection: 1-based lines the user chose, to take along leading or trailing
    ///     comment lines (the statements must already be whole).
    ///   - keepCellOutput: in a notebook, leave a cell's last expression (its output) out.
    public static func plan(_ statements: [Node], unit unitIndex: Int, name: String? = nil, _ input: RefactoringInput,
                            selection: ClosedRange<Int>? = nil, keepCellOutput: Bool = true) -> ExtractFunctionPlan? {
        let document = input.document, model = input.model
        guard !statements.isEmpty, unitIndex < document.units.count else { return nil }
        let unit = document.units[unitIndex]
        guard let tree = unit.tree, !tree.isTooDeep else { return nil }
        let topLevel = Syntax.statements(tree.root)
        var block = statements
        var kept: Node?
        if keepCellOutput, unit.cellIndex != nil, let last = block.last, last == topLevel.last, isCellOutput(last, unit.text) {
            kept = block.removeLast()
        }
        let flow = NameWalker(block, mode: .block)
        // What the rest of the document reads.
        var before = NameWalker(mode: .rest)
        var after = NameWalker(mode: .rest)
        let first = block.first ?? statements[0], last = block.last ?? statements[0]
        for other in document.units {
            guard let t = other.tree, !t.isTooDeep else { continue }
            for s in Syntax.statements(t.root) {
                if other.index < unitIndex || (other.index == unitIndex && s.endByte <= first.startByte) {
                    before.statement(s)
                } else if other.index > unitIndex || s.startByte >= last.endByte {
                    after.statement(s)
                }
            }
        }
        var later = Set(after.readMaybeUnbound).union(after.deferred).union(before.deferred).union(input.outsideWords)
        later.formUnion(model.exported)
        let exceptOnly = flow.exceptOnly
        let returns = flow.writes.filter { later.contains($0) && !exceptOnly.contains($0) }

        // Parameters.
        let start = SourcePoint(unit: unitIndex, byte: first.startByte)
        func boundBefore(_ name: String, dataOnly: Bool) -> Bool {
            let ids = model.moduleBindings(named: name).filter {
                let b = model.bindings[$0]
                return SourcePoint(unit: b.unit, byte: b.node.startByte) < start
            }
            guard !ids.isEmpty else { return false }
            if !dataOnly { return true }
            return ids.allSatisfy {
                let kind = model.bindings[$0].kind
                return kind != .import && kind != .fromImport && kind != .futureImport && kind != .wildcardImport
                    && kind != .function && kind != .class
            }
        }
        var problem: String?
        var parameters: [String] = []
        let written = Set(flow.writes)
        let readFirst = Set(flow.readFirst)
        for name in flow.readMaybeUnbound {
            if written.contains(name) {
                if boundBefore(name, dataOnly: false) {
                    parameters.append(name)
                } else if readFirst.contains(name), problem == nil {
                    problem = "`\(name)` is read before the block binds it, and nothing binds it before the block"
                }
            } else if (name.count == 1 || name.contains(where: \.isLowercase)) && boundBefore(name, dataOnly: true) {
                parameters.append(name)
            }
        }
        // A name bound only in a branch or loop keeps its earlier value when the branch is not taken.
        for name in flow.writes where !flow.definite.contains(name) && !parameters.contains(name)
            && (returns.contains(name) || flow.deferred.contains(name)) && boundBefore(name, dataOnly: false) {
            parameters.append(name)
        }

        let chosen = name ?? suggestedName(unit: unit, input, returns: returns)
        // Lines replaced: the statements', with comment lines of the selection around them.
        let text = unit.text
        var firstLine = first.startRow, lastLine = last.endRow
        if let selection {
            let isBlank = { (row: Int) in text.line(row + 1).allSatisfy { $0 == " " || $0 == "\t" } }
            var lo = max(0, selection.lowerBound - 1)
            while lo < firstLine, isBlank(lo) { lo += 1 }
            firstLine = min(firstLine, lo)
            if kept == nil {
                var hi = min(text.lineCount - 1, selection.upperBound - 1)
                while hi > lastLine, isBlank(hi) { hi -= 1 }
                lastLine = max(lastLine, hi)
            }
        }
        if problem == nil, block.isEmpty {
            problem = "only the cell's last expression is selected, and it stays: its value is the cell's output"
        }
        if problem == nil, let hazard = flow.hazard {
            problem = hazard.reason + " (line \(hazard.node.startRow + 1))"
        }
        if problem == nil, tree.root.hasError { problem = "the code has syntax errors" }
        if problem == nil, let masked = unit.maskedLines.sorted().first(where: { (firstLine + 1...lastLine + 1).contains($0) }) {
            problem = "line \(masked) holds IPython syntax (a magic or shell command), which cannot move into a function"
        }
        if problem == nil, let other = topLevel.first(where: { s in
            !block.contains(s) && s.startRow <= lastLine && s.endRow >= firstLine
        }) {
            problem = "the statement on line \(other.startRow + 1) shares a line with the block"
        }
        if problem == nil, let issue = RefactoringSupport.nameProblem(chosen, input) { problem = issue }

        var edit: Edit?
        if problem == nil {
            edit = makeEdit(unit: unit, lines: firstLine...lastLine, name: chosen, parameters: parameters, returns: returns,
                            indent: input.indentUnit, statements: block)
        }
        return ExtractFunctionPlan(name: chosen, unit: unitIndex, parameters: parameters, returns: returns, statements: block,
                                   lines: (firstLine + 1)...(lastLine + 1), keptOutput: kept, problem: problem, edit: edit)
    }

    /// The replacement of whole lines by `def name(params):` with the lines indented one
    /// level (blank lines left empty, lines inside multi-line strings untouched), a
    /// `return`, two blank lines and the call.
    static func makeEdit(unit: SourceUnit, lines: ClosedRange<Int>, name: String, parameters: [String], returns: [String],
                         indent: String, statements: [Node]) -> Edit {
        let text = unit.text
        let protected = RefactoringSupport.stringContinuationLines(in: statements)
        var body = ""
        for row in lines {
            let content = text.line(row + 1)
            if protected.contains(row) {
                body += content + "\n"
            } else if content.allSatisfy({ $0 == " " || $0 == "\t" }) {
                body += "\n"
            } else {
                body += indent + content + "\n"
            }
        }
        let arguments = parameters.joined(separator: ", ")
        if !returns.isEmpty { body += indent + "return " + returns.joined(separator: ", ") + "\n" }
        // PEP 8: two blank lines before a top-level function, unless a comment heads it.
        var prefix = ""
        if lines.lowerBound > 0 {
            var blank = 0
            var row = lines.lowerBound - 1
            while row >= 0, blank < 2, text.line(row + 1).allSatisfy({ $0 == " " || $0 == "\t" }) {
                blank += 1
                row -= 1
            }
            let above = row >= 0 ? text.line(row + 1).drop { $0 == " " || $0 == "\t" } : ""
            if row >= 0, !above.hasPrefix("#") { prefix = String(repeating: "\n", count: 2 - blank) }
        }
        let call = (returns.isEmpty ? "" : returns.joined(separator: ", ") + " = ") + "\(name)(\(arguments))"
        let start = text.lineStarts[lines.lowerBound]
        let end = lines.upperBound + 1 < text.lineCount ? text.lineStarts[lines.upperBound + 1] : text.bytes.count
        let endsWithNewline = end > start && text.bytes[end - 1] == 0x0A
        let replacement = prefix + "def \(name)(\(arguments)):\n" + body + "\n\n" + call + (endsWithNewline ? "\n" : "")
        return Edit(ByteRange(start, end), replacement, unit: unit.index)
    }

    /// Whether a notebook cell's last statement shows a value: a bare expression that is
    /// not `print(...)`/`display(...)` and does not end with `;`.
    public static func isCellOutput(_ statement: Node, _ text: SourceText) -> Bool {
        guard statement.symbol == Py.expressionStatement, let e = statement.namedChild(0) else { return false }
        let s = e.symbol
        if s == Py.assignment || s == Py.augmentedAssignment { return false }
        if s == Py.call, let f = e.child(PyField.function), f.symbol == Py.identifier, f.textEquals("print") || f.textEquals("display") {
            return false
        }
        var k = statement.endByte
        let end = text.lineContentEnd(text.lineIndex(ofByte: max(statement.startByte, statement.endByte - 1)))
        while k < end, text.bytes[k] == 0x20 || text.bytes[k] == 0x09 { k += 1 }
        return !(k < end && text.bytes[k] == UInt8(ascii: ";"))
    }

    /// A name for the function: the snake_cased heading of the markdown cell above a
    /// notebook cell, else `make_<value>` when it returns one value, else `process_cell_N`
    /// (N counts all cells from 1) or `extracted_function`; `_2`, `_3`... when taken.
    public static func suggestedName(unit: SourceUnit, _ input: RefactoringInput, returns: [String]) -> String {
        let document = input.document
        var base = "extracted_function"
        if let notebook = document.notebook, let cell = unit.cellIndex,
           let heading = RefactoringSupport.heading(above: cell, in: notebook), let name = RefactoringSupport.snakeCase(heading) {
            base = name
        } else if returns.count == 1, let name = RefactoringSupport.snakeCase("make " + returns[0], maxWords: 8) {
            base = name
        } else if let cell = unit.cellIndex, document.isNotebook {
            base = "process_cell_\(cell + 1)"
        }
        return RefactoringSupport.freeName(base, input) ?? base
    }

    /// The top-level statements of `unit` on lines `lines` (1-based), which must not cut
    /// a statement in two.
    public static func statements(onLines lines: ClosedRange<Int>, of unit: SourceUnit) throws(RefactoringError) -> [Node] {
        guard let tree = unit.tree else { throw RefactoringError("the code is not Python") }
        let count = RefactoringSupport.lineCount(unit.text)
        let span = RefactoringSupport.describe(lines)
        guard lines.lowerBound >= 1, lines.upperBound <= count else {
            throw RefactoringError("\(span) \(lines.count == 1 ? "is" : "are") outside the code (it has \(count) line\(count == 1 ? "" : "s"))")
        }
        let chosen = Syntax.statements(tree.root).filter { $0.endRow + 1 >= lines.lowerBound && $0.startRow + 1 <= lines.upperBound }
        guard let first = chosen.first, let last = chosen.last else {
            throw RefactoringError("\(span) \(lines.count == 1 ? "holds" : "hold") no statement")
        }
        if first.startRow + 1 < lines.lowerBound || last.endRow + 1 > lines.upperBound {
            let lo = min(first.startRow + 1, lines.lowerBound), hi = max(last.endRow + 1, lines.upperBound)
            let cut = first.startRow + 1 < lines.lowerBound ? first : last
            throw RefactoringError("\(span) \(lines.count == 1 ? "cuts" : "cut") the statement on \(RefactoringSupport.describe((cut.startRow + 1)...(cut.endRow + 1))) "
                                   + "(only whole top-level statements can be extracted): use --lines \(lo)-\(hi)")
        }
        return chosen
    }

    /// The statements of a whole notebook cell that can move into a function: all of them
    /// but the leading imports and IPython lines, which stay at the top of the cell.
    public static func cellStatements(of unit: SourceUnit) -> [Node] {
        guard let tree = unit.tree else { return [] }
        var statements = Syntax.statements(tree.root)
        while let first = statements.first, first.symbol == Py.importStatement || first.symbol == Py.importFromStatement
                || first.symbol == Py.futureImportStatement || unit.maskedLines.contains(first.startRow + 1) {
            statements.removeFirst()
        }
        return statements
    }
}

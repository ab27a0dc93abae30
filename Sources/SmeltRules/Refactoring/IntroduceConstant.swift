import SmeltAnalysis
import SmeltSyntax

/// The "introduce named constant" refactoring: `NAME = <literal>` at the top of the module,
/// and the literal replaced by `NAME`.
///
/// Where the constant goes: in a script, after the module docstring, the `from __future__`
/// imports, the import block and any UPPER_CASE constants that follow it (so constants
/// stay together). In a notebook, at the same place in the first code cell (the set-up
/// cell, where imports and constants live), which runs before the literal's cell; when
/// the literal is in that first cell, above the literal's statement. Only the one
/// occurrence is replaced: the same number elsewhere may mean something else.
public enum IntroduceConstant {
    /// Whether `node` is a literal that can become a constant: a number (with its sign), a
    /// string without interpolations (not a docstring), or a tuple or list of such.
    public static func isLiteral(_ node: Node) -> Bool {
        let s = node.symbol
        if s == Py.integer || s == Py.float { return node.parent.map { !isNegation($0) } ?? true }
        if s == Py.unaryOperator { return isNegation(node) }
        if s == Py.string || s == Py.concatenatedString {
            if node.parent?.symbol == Py.concatenatedString { return false }
            if let statement = node.parent, Syntax.isStringStatement(statement) { return false }
            var interpolated = false
            node.walk { n in
                if n.symbol == NameWalker.interpolation { interpolated = true }
                return !interpolated
            }
            return !interpolated
        }
        if s == Py.tuple || s == Py.list {
            return node.namedChildCount > 0 && node.namedChildren.allSatisfy { isElement($0) }
        }
        return false
    }

    private static func isElement(_ node: Node) -> Bool {
        let s = node.symbol
        if s == Py.integer || s == Py.float || s == Py.string || s == Py.concatenatedString { return true }
        if s == Py.unaryOperator { return isNegation(node) }
        if s == Py.tuple || s == Py.list { return node.namedChildren.allSatisfy { isElement($0) } }
        return false
    }

    /// `-5`, `+0.5`: a sign on a number.
    private static func isNegation(_ node: Node) -> Bool {
        guard node.symbol == Py.unaryOperator, let argument = node.child(PyField.argument) else { return false }
        let op = node.child(PyField.operator)
        return (argument.symbol == Py.integer || argument.symbol == Py.float) && (op?.textEquals("-") == true || op?.textEquals("+") == true)
    }

    /// Literals that start on `line` (1-based) of a unit, outermost first.
    public static func literals(onLine line: Int, of unit: SourceUnit) -> [Node] {
        guard let tree = unit.tree, line >= 1, line <= unit.text.lineCount else { return [] }
        var found: [Node] = []
        let range = unit.text.lineRange(line)
        tree.root.walk { n in
            if n.endByte < range.lowerBound || n.startByte > range.upperBound { return false }
            if n.startRow + 1 == line, isLiteral(n) { found.append(n) }
            return true
        }
        return found
    }

    /// The edits that introduce `name` for `literal` (in unit `unitIndex`): the
    /// assignment, and the literal replaced. `value` overrides the literal's text in the
    /// assignment (e.g. bin edges as a tuple).
    public static func edits(literal: Node, unit unitIndex: Int, name: String, value: String? = nil,
                             _ input: RefactoringInput) throws(RefactoringError) -> [Edit] {
        if let problem = RefactoringSupport.nameProblem(name, input) { throw RefactoringError(problem) }
        let document = input.document
        let unit = document.units[unitIndex]
        guard let tree = unit.tree, !tree.root.hasError else { throw RefactoringError("the code has syntax errors") }
        let text = unit.text
        if unit.maskedLines.contains(literal.startRow + 1) || unit.maskedLines.contains(literal.endRow + 1) {
            throw RefactoringError("line \(literal.startRow + 1) holds IPython syntax (a magic or shell command)")
        }
        var n = literal.parent
        while let current = n {
            let kind = current.kindName
            if kind == "case_pattern" || kind == "case_clause" {
                throw RefactoringError("a literal in a `case` pattern cannot be a name (it would capture instead of compare)")
            }
            n = current.parent
        }
        // The top-level statement holding the literal.
        var statement = literal
        while let parent = statement.parent, parent.symbol != Py.module { statement = parent }

        // Where the assignment goes.
        var targetUnit = unitIndex
        if document.isNotebook,
           let setUp = document.units.first(where: { $0.tree != nil && !($0.tree!.root.hasError) && !$0.tree!.isTooDeep }),
           setUp.index < unitIndex {
            targetUnit = setUp.index
        }
        let target = document.units[targetUnit]
        let limit = targetUnit == unitIndex ? statement.startByte : Int.max
        let (offset, place) = insertionPoint(in: target, before: limit)
        let assignment = "\(name) = \(value ?? text.text(literal.byteRange))"
        let targetText = target.text
        let insertion: String
        switch place {
        case .top:
            // A blank line after, unless one follows already.
            let firstLineBlank = targetText.line(1).allSatisfy { $0 == " " || $0 == "\t" }
            insertion = assignment + "\n" + (firstLineBlank ? "" : "\n")
        case .afterConstant where offset == targetText.bytes.count && targetText.bytes.last != 0x0A:
            insertion = "\n" + assignment
        case .afterConstant:
            insertion = assignment + "\n"
        case .afterHeader where offset == targetText.bytes.count && targetText.bytes.last != 0x0A:
            insertion = "\n\n" + assignment
        case .afterHeader:
            let line = targetText.lineIndex(ofByte: offset)
            let nextBlank = offset == targetText.bytes.count || targetText.line(line + 1).allSatisfy { $0 == " " || $0 == "\t" }
            insertion = "\n" + assignment + "\n" + (nextBlank ? "" : "\n")
        }
        // The literal, with spaces where a name would run into a neighbouring word (`1if`).
        var replacement = name
        let bytes = text.bytes
        if literal.startByte > 0, RefactoringSupport.isNameByte(bytes[literal.startByte - 1]) { replacement = " " + replacement }
        if literal.endByte < bytes.count, RefactoringSupport.isNameByte(bytes[literal.endByte]) { replacement += " " }
        return [Edit.insert(insertion, at: offset, unit: targetUnit), Edit(literal.byteRange, replacement, unit: unitIndex)]
    }

    enum Place { case top, afterHeader, afterConstant }

    /// After the docstring, future imports, imports (and IPython lines among them) and the
    /// UPPER_CASE constants that follow, or after the leading comments (a shebang, an
    /// encoding line, a licence) when there are none: the start of the next line. Stops
    /// before byte `limit`.
    static func insertionPoint(in unit: SourceUnit, before limit: Int) -> (offset: Int, place: Place) {
        let text = unit.text
        var end: Node?
        var place = Place.top
        if let tree = unit.tree {
            for (index, s) in Syntax.statements(tree.root).enumerated() {
                if s.endByte > limit { break }
                let k = s.symbol
                if k == Py.importStatement || k == Py.importFromStatement || k == Py.futureImportStatement
                    || (index == 0 && Syntax.isStringStatement(s)) || unit.maskedLines.contains(s.startRow + 1) {
                    end = s
                    place = .afterHeader
                } else if isConstantAssignment(s) {
                    end = s
                    place = .afterConstant
                } else {
                    break
                }
            }
        }
        if let end {
            let row = end.endRow
            return (row + 1 < text.lineCount ? text.lineStarts[row + 1] : text.bytes.count, place)
        }
        // Leading comments: a header when a blank line ends them; otherwise they describe the
        // code below and the constant goes above them (after a shebang or encoding line).
        func isComment(_ row: Int) -> Bool {
            row < text.lineCount && text.lineStarts[row] < limit && text.line(row + 1).drop { $0 == " " || $0 == "\t" }.hasPrefix("#")
        }
        var row = 0
        while isComment(row) { row += 1 }
        if row > 0, row < text.lineCount, text.line(row + 1).allSatisfy({ $0 == " " || $0 == "\t" }) {
            return (text.lineStarts[row], .afterHeader)
        }
        row = 0
        while row < 2, isComment(row), text.line(row + 1).hasPrefix("#!") || text.line(row + 1).contains("coding") { row += 1 }
        return row == 0 ? (0, .top) : (text.lineStarts[row], .afterHeader)
    }

    /// `NAME = ...` with an UPPER_CASE name.
    static func isConstantAssignment(_ statement: Node) -> Bool {
        guard statement.symbol == Py.expressionStatement, let a = statement.namedChild(0), a.symbol == Py.assignment,
              let left = a.child(PyField.left), left.symbol == Py.identifier, a.child(PyField.right) != nil else { return false }
        let name = left.text
        return name.contains(where: \.isLetter) && !name.contains(where: \.isLowercase)
    }
}

import SmeltSyntax

/// Edits several fixes build: deleting a statement with its line, replacing a node.
public enum FixEdits {
    /// Deletes a statement together with its line(s) (and a trailing comment on its last
    /// line). When it is the only statement of an indented block it becomes `pass`, so the
    /// block stays valid. Nil when another statement shares its lines (`a = 1; print(a)`).
    public static func deleteStatement(_ statement: Node, in text: SourceText) -> Edit? {
        if let block = statement.parent, block.symbol == Py.block, Syntax.statements(block).count == 1 {
            return Edit(statement.byteRange, "pass")
        }
        return deleteLines(of: statement.byteRange, in: text)
    }

    /// Deletes whole lines from the one holding `range`'s start to the one holding its end,
    /// when nothing but `range`, whitespace and a comment is on them.
    public static func deleteLines(of range: ByteRange, in text: SourceText) -> Edit? {
        let bytes = text.bytes
        let firstLine = text.lineIndex(ofByte: range.lowerBound)
        let lastLine = text.lineIndex(ofByte: max(range.lowerBound, range.upperBound - 1))
        let lineStart = text.lineStarts[firstLine]
        guard bytes[lineStart..<range.lowerBound].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return nil }
        // After the range: only spaces, then nothing or a comment, up to the line's end.
        let contentEnd = text.lineContentEnd(lastLine)
        var k = range.upperBound
        while k < contentEnd, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
        guard k == contentEnd || bytes[k] == UInt8(ascii: "#") else { return nil }
        let end = lastLine + 1 < text.lineCount ? text.lineStarts[lastLine + 1] : bytes.count
        return .delete(ByteRange(lineStart, end))
    }

    /// A deletion that runs to the end of a text without a final line break also takes the
    /// line break before it (unless that line held IPython syntax: masked lines are not edited).
    public static func closingUp(_ edit: Edit?, in unit: SourceUnit) -> Edit? {
        guard let edit else { return nil }
        let bytes = unit.text.bytes
        guard edit.replacement.isEmpty, edit.range.upperBound == bytes.count, edit.range.lowerBound > 0,
              bytes.last != 0x0A, bytes[edit.range.lowerBound - 1] == 0x0A else { return edit }
        var start = edit.range.lowerBound - 1
        if start > 0, bytes[start - 1] == 0x0D { start -= 1 }
        if unit.maskedLines.contains(unit.text.lineIndex(ofByte: start) + 1) { return edit }
        return .delete(ByteRange(start, edit.range.upperBound), unit: edit.unit)
    }

    /// Replaces a node's text.
    public static func replace(_ node: Node, with text: String) -> Edit { Edit(node.byteRange, text) }
}

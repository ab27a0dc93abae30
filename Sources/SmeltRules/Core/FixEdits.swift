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

    /// Replaces a node's text.
    public static func replace(_ node: Node, with text: String) -> Edit { Edit(node.byteRange, text) }
}

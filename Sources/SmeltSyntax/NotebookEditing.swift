/// Writing edited cell sources back into a notebook's text.
///
/// Only the `source` values of edited cells (and the objects of removed cells) change;
/// every other byte of the file (other cells, outputs, metadata, key order, indentation,
/// the trailing newline) is kept. Unchanged lines of an edited cell keep their original
/// JSON spelling, so escapes stay as they were; new lines are written the way Jupyter
/// writes them (`json.dumps(..., ensure_ascii=False)`: non-ASCII characters as they are).
extension Notebook {
    /// The notebook text with the sources of the cells in `sources` (by cell index)
    /// replaced and the cells in `removing` deleted from the `cells` list.
    public func editedText(sources: [Int: String], removing: Set<Int> = []) -> [UInt8] {
        var pieces: [(range: ByteRange, bytes: [UInt8])] = []
        for (index, source) in sources where !removing.contains(index) {
            let cell = cells[index]
            pieces.append((cell.rawSourceRange, encodedSource(of: cell, source)))
        }
        pieces.append(contentsOf: removalRanges(removing).map { ($0, []) })
        pieces.sort { $0.range.lowerBound > $1.range.lowerBound }
        var out = raw.bytes
        var limit = Int.max
        for piece in pieces {
            precondition(piece.range.upperBound <= limit, "overlapping notebook edits")
            out.replaceSubrange(piece.range.lowerBound..<piece.range.upperBound, with: piece.bytes)
            limit = piece.range.lowerBound
        }
        return out
    }

    /// Ranges that delete `removing`'s cells and one separator each, leaving a valid list.
    private func removalRanges(_ removing: Set<Int>) -> [ByteRange] {
        guard !removing.isEmpty else { return [] }
        let kept = cells.indices.filter { !removing.contains($0) }
        if kept.isEmpty {
            // Every cell goes: keep the brackets only.
            return [ByteRange(rawCellsRange.lowerBound + 1, rawCellsRange.upperBound - 1)]
        }
        let lastKept = kept.last!
        return removing.sorted().map { i in
            if i < lastKept {
                // Up to where the next cell starts: takes the comma and the line break after.
                return ByteRange(cells[i].rawRange.lowerBound, cells[i + 1].rawRange.lowerBound)
            }
            // After the last kept cell: from the end of the cell before it.
            return ByteRange(cells[i - 1].rawRange.upperBound, cells[i].rawRange.upperBound)
        }
    }

    /// `source` as JSON in the cell's own layout: a list of lines or one string.
    private func encodedSource(of cell: NotebookCell, _ source: String) -> [UInt8] {
        guard cell.sourceIsList else { return Array(JSON.quoted(source).utf8) }
        let lines = Notebook.splitLines(source)
        if lines.isEmpty { return Array("[]".utf8) }
        let bytes = raw.bytes
        func text(_ lo: Int, _ hi: Int) -> [UInt8] { Array(bytes[lo..<hi]) }

        let opening: [UInt8], separator: [UInt8], closing: [UInt8]
        let segments = cell.segments
        if let first = segments.first, let last = segments.last {
            opening = text(cell.rawSourceRange.lowerBound, first.rawRange.lowerBound)
            closing = text(last.rawRange.upperBound, cell.rawSourceRange.upperBound)
            if segments.count > 1 {
                separator = text(first.rawRange.upperBound, segments[1].rawRange.lowerBound)
            } else if let newline = opening.lastIndex(of: 0x0A) {
                separator = Array(",\n".utf8) + opening[(newline + 1)...]
            } else {
                separator = Array(", ".utf8)
            }
        } else {
            // An empty list: indent one level deeper than the `"source"` key, by the step
            // between the cell's line and the key's line.
            let keyIndent = indentation(ofLineAt: cell.rawSourceRange.lowerBound)
            let cellIndent = indentation(ofLineAt: cell.rawRange.lowerBound)
            let step = keyIndent.count > cellIndent.count && keyIndent.starts(with: cellIndent)
                ? Array(keyIndent[cellIndent.count...]) : [0x20]
            opening = Array("[\n".utf8) + keyIndent + step
            separator = Array(",\n".utf8) + keyIndent + step
            closing = [0x0A] + keyIndent + Array("]".utf8)
        }

        // Lines that did not change keep their original JSON text.
        var original: [String: ByteRange] = [:]
        let sourceBytes = cell.source.bytes
        for (k, segment) in segments.enumerated() {
            let end = k + 1 < segments.count ? segments[k + 1].sourceStart : sourceBytes.count
            let line = String(decoding: sourceBytes[segment.sourceStart..<end], as: UTF8.self)
            if original[line] == nil { original[line] = segment.rawRange }
        }
        var out = opening
        for (k, line) in lines.enumerated() {
            if k > 0 { out += separator }
            if let range = original[line] {
                out += text(range.lowerBound, range.upperBound)
            } else {
                out += Array(JSON.quoted(line).utf8)
            }
        }
        return out + closing
    }

    /// The spaces and tabs at the start of the line holding byte `offset`.
    private func indentation(ofLineAt offset: Int) -> [UInt8] {
        let bytes = raw.bytes
        var start = offset
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = start
        while end < offset, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
        return Array(bytes[start..<end])
    }

    /// Jupyter's line split: every line keeps its `\n`; no empty last element.
    public static func splitLines(_ source: String) -> [String] {
        var lines: [String] = []
        var current = ""
        for scalar in source.unicodeScalars {
            current.unicodeScalars.append(scalar)
            if scalar == "\n" {
                lines.append(current)
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

extension JSON {
    /// A JSON string literal as Python's `json.dumps(s, ensure_ascii=False)` writes it.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Jupyter notebooks (nbformat 4): cells, their sources, and the mapping from a position
/// in a cell's source back to the raw `.ipynb` text.

/// Why a `.ipynb` file cannot be read as a notebook.
public enum NotebookError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidJSON(message: String, line: Int, column: Int)
    case invalidSchema(String)
    case unsupportedVersion(Int)

    public var description: String {
        switch self {
        case let .invalidJSON(message, line, column):
            return "invalid JSON at line \(line), column \(column): \(message)"
        case let .invalidSchema(message):
            return message
        case let .unsupportedVersion(version):
            return "nbformat \(version) notebooks are not supported (smelt reads nbformat 4); convert it with "
                + "`jupyter nbconvert --to notebook --nbformat 4 NOTEBOOK.ipynb`"
        }
    }
}

public struct CellOutput: Sendable {
    /// `stream`, `display_data`, `execute_result`, `error`, ...
    public let outputType: String
    /// The size in bytes of the output's raw JSON object.
    public let rawByteCount: Int
    /// `ename` of an `error` output.
    public let errorName: String?
}

public struct NotebookCell: Sendable {
    public enum Kind: Equatable, Sendable {
        case code, markdown, raw
        case other(String)
    }

    /// 0-based over all cells.
    public let index: Int
    /// 0-based among code cells, nil for other cells.
    public let codeIndex: Int?
    public let kind: Kind
    /// The nbformat 4.5 cell `id`, nil when absent.
    public let id: String?
    /// nil when null or absent.
    public let executionCount: Int?
    /// The cell's source, joined when stored as a list of strings.
    public let source: SourceText
    /// `metadata.tags`.
    public let tags: [String]
    public let outputs: [CellOutput]

    /// One JSON string of the source: where its decoded bytes start in `source` and where its
    /// raw contents start in the notebook text.
    struct Segment: Sendable {
        let sourceStart: Int
        let rawStart: Int
        let hasEscapes: Bool
        /// The JSON string in the notebook text, quotes included.
        let rawRange: ByteRange
    }

    let segments: [Segment]
    /// Raw offset of the `source` value, used when the source is an empty list.
    var rawSourceStart: Int { rawSourceRange.lowerBound }
    /// The `source` value in the notebook text (a string, or a list with its brackets).
    let rawSourceRange: ByteRange
    /// Whether `source` is a list of strings (Jupyter's way) rather than one string.
    let sourceIsList: Bool
    /// The cell object in the notebook text, braces included.
    public let rawRange: ByteRange
}

public struct Notebook: Sendable {
    /// The `.ipynb` text.
    public let raw: SourceText
    public let nbformat: Int
    public let nbformatMinor: Int
    public let cells: [NotebookCell]
    /// `metadata.language_info.name`, else `metadata.kernelspec.language`, if present.
    public let language: String?
    /// The `cells` list in the notebook text, brackets included.
    let rawCellsRange: ByteRange

    public static func parse(_ raw: SourceText) throws(NotebookError) -> Notebook {
        let root: JSONNode
        do {
            root = try JSON.parse(raw)
        } catch {
            throw .invalidJSON(message: error.message, line: error.line, column: error.column)
        }
        guard root.objectMembers != nil else {
            throw .invalidSchema("not a Jupyter notebook: the top level is \(root.typeDescription), not an object")
        }
        guard let formatNode = root["nbformat"] else {
            throw .invalidSchema("not a Jupyter notebook: `nbformat` is missing")
        }
        guard let nbformat = formatNode.intValue else {
            throw .invalidSchema("not a Jupyter notebook: `nbformat` must be an integer, not \(formatNode.typeDescription)")
        }
        if nbformat < 4 { throw .unsupportedVersion(nbformat) }
        var nbformatMinor = 0
        if let minorNode = root["nbformat_minor"] {
            guard let minor = minorNode.intValue else {
                throw .invalidSchema("not a Jupyter notebook: `nbformat_minor` must be an integer, not \(minorNode.typeDescription)")
            }
            nbformatMinor = minor
        }
        guard let cellsNode = root["cells"] else {
            throw .invalidSchema("not a Jupyter notebook: `cells` is missing")
        }
        guard let cellNodes = cellsNode.arrayValue else {
            throw .invalidSchema("not a Jupyter notebook: `cells` must be a list, not \(cellsNode.typeDescription)")
        }

        var language: String? = nil
        if let metadata = root["metadata"] {
            language = metadata["language_info"]?["name"]?.stringValue ?? metadata["kernelspec"]?["language"]?.stringValue
        }

        var cells: [NotebookCell] = []
        cells.reserveCapacity(cellNodes.count)
        var codeCount = 0
        for (index, node) in cellNodes.enumerated() {
            let cell = try parseCell(node, index: index, codeCount: &codeCount)
            cells.append(cell)
        }
        return Notebook(raw: raw, nbformat: nbformat, nbformatMinor: nbformatMinor, cells: cells, language: language,
                        rawCellsRange: cellsNode.range)
    }

    private static func parseCell(_ node: JSONNode, index: Int, codeCount: inout Int) throws(NotebookError) -> NotebookCell {
        let name = "cell \(index + 1)"
        guard node.objectMembers != nil else {
            throw .invalidSchema("\(name): must be an object, not \(node.typeDescription)")
        }
        guard let typeNode = node["cell_type"] else { throw .invalidSchema("\(name): `cell_type` is missing") }
        guard let typeName = typeNode.stringValue else {
            throw .invalidSchema("\(name): `cell_type` must be a string, not \(typeNode.typeDescription)")
        }
        let kind: NotebookCell.Kind
        switch typeName {
        case "code": kind = .code
        case "markdown": kind = .markdown
        case "raw": kind = .raw
        default: kind = .other(typeName)
        }

        var id: String? = nil
        if let idNode = node["id"] {
            guard let s = idNode.stringValue else {
                throw .invalidSchema("\(name): `id` must be a string, not \(idNode.typeDescription)")
            }
            id = s
        }

        var executionCount: Int? = nil
        if let countNode = node["execution_count"], !countNode.isNull {
            guard let count = countNode.intValue else {
                throw .invalidSchema("\(name): `execution_count` must be an integer or null, not \(countNode.typeDescription)")
            }
            executionCount = count
        }

        // Source: one string or a list of strings.
        guard let sourceNode = node["source"] else { throw .invalidSchema("\(name): `source` is missing") }
        var bytes: [UInt8] = []
        var segments: [NotebookCell.Segment] = []
        switch sourceNode.value {
        case let .string(s):
            segments.append(.init(sourceStart: 0, rawStart: s.contentStart, hasEscapes: s.hasEscapes, rawRange: sourceNode.range))
            bytes.append(contentsOf: s.value.utf8)
        case let .array(elements):
            segments.reserveCapacity(elements.count)
            for element in elements {
                guard case let .string(s) = element.value else {
                    throw .invalidSchema("\(name): `source` must be a string or a list of strings, but holds \(element.typeDescription)")
                }
                segments.append(.init(sourceStart: bytes.count, rawStart: s.contentStart, hasEscapes: s.hasEscapes,
                                      rawRange: element.range))
                bytes.append(contentsOf: s.value.utf8)
            }
        default:
            throw .invalidSchema("\(name): `source` must be a string or a list of strings, not \(sourceNode.typeDescription)")
        }

        var tags: [String] = []
        if let metadata = node["metadata"] {
            guard metadata.objectMembers != nil else {
                throw .invalidSchema("\(name): `metadata` must be an object, not \(metadata.typeDescription)")
            }
            if let tagsNode = metadata["tags"] {
                guard let list = tagsNode.arrayValue else {
                    throw .invalidSchema("\(name): `metadata.tags` must be a list of strings, not \(tagsNode.typeDescription)")
                }
                for tag in list {
                    guard let t = tag.stringValue else {
                        throw .invalidSchema("\(name): `metadata.tags` must be a list of strings, but holds \(tag.typeDescription)")
                    }
                    tags.append(t)
                }
            }
        }

        var outputs: [CellOutput] = []
        if let outputsNode = node["outputs"] {
            guard let list = outputsNode.arrayValue else {
                throw .invalidSchema("\(name): `outputs` must be a list, not \(outputsNode.typeDescription)")
            }
            for (k, output) in list.enumerated() {
                guard output.objectMembers != nil else {
                    throw .invalidSchema("\(name): output \(k + 1) must be an object, not \(output.typeDescription)")
                }
                guard let typeNode = output["output_type"] else {
                    throw .invalidSchema("\(name): output \(k + 1): `output_type` is missing")
                }
                guard let outputType = typeNode.stringValue else {
                    throw .invalidSchema("\(name): output \(k + 1): `output_type` must be a string, not \(typeNode.typeDescription)")
                }
                outputs.append(CellOutput(
                    outputType: outputType,
                    rawByteCount: output.range.count,
                    errorName: outputType == "error" ? output["ename"]?.stringValue : nil
                ))
            }
        }

        var codeIndex: Int? = nil
        if kind == .code {
            codeIndex = codeCount
            codeCount += 1
        }
        return NotebookCell(
            index: index, codeIndex: codeIndex, kind: kind, id: id, executionCount: executionCount,
            source: SourceText(utf8: bytes), tags: tags, outputs: outputs,
            segments: segments, rawSourceRange: sourceNode.range, sourceIsList: sourceNode.arrayValue != nil,
            rawRange: node.range
        )
    }

    /// The line and column in the raw .ipynb text of the character at `location` (1-based, code points)
    /// of cell `cellIndex`'s source.
    /// Also valid for the position just past the end of a line (exclusive end column) and the end of the source.
    public func rawLocation(cell cellIndex: Int, _ location: Location) -> Location {
        raw.location(ofByte: rawByteOffset(cell: cellIndex, location))
    }

    /// The byte offset in the raw .ipynb text of the character at `location` of a cell's
    /// source (see `rawLocation`).
    public func rawByteOffset(cell cellIndex: Int, _ location: Location) -> Int {
        precondition(cellIndex >= 0 && cellIndex < cells.count, "cell index \(cellIndex) out of range")
        let cell = cells[cellIndex]
        let segments = cell.segments
        guard !segments.isEmpty else { return cell.rawSourceStart }
        let offset = cell.source.byteOffset(of: location)
        // The last segment starting at or before `offset` (later empty segments win, so a
        // position at a segment boundary maps into the segment that holds the character).
        var lo = 0, hi = segments.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if segments[mid].sourceStart <= offset { lo = mid } else { hi = mid - 1 }
        }
        let segment = segments[lo]
        let rawOffset: Int
        if !segment.hasEscapes {
            rawOffset = segment.rawStart + (offset - segment.sourceStart)
        } else {
            var codePoints = 0
            cell.source.bytes.withUnsafeBufferPointer { buf in
                var k = segment.sourceStart
                while k < offset {
                    if buf[k] & 0xC0 != 0x80 { codePoints += 1 }
                    k += 1
                }
            }
            rawOffset = JSON.rawOffset(in: raw.bytes, contentStart: segment.rawStart, advancing: codePoints)
        }
        return rawOffset
    }
}

/// One piece of Python source that is parsed on its own: a whole script, or one code
/// cell of a notebook.
public struct SourceUnit: Sendable {
    public init(index: Int, cellIndex: Int?, text: SourceText, original: SourceText, maskedLines: Set<Int>, tree: Tree?, skippedCellMagic: String?) {
        self.index = index
        self.cellIndex = cellIndex
        self.text = text
        self.original = original
        self.maskedLines = maskedLines
        self.tree = tree
        self.skippedCellMagic = skippedCellMagic
    }

    /// Position in `Document.units`.
    public let index: Int
    /// The notebook cell (0-based over all cells), or nil for a script.
    public let cellIndex: Int?
    /// What was parsed: for cells, IPython syntax is masked (same lines and columns).
    public let text: SourceText
    /// What the user wrote.
    public let original: SourceText
    /// 1-based lines whose IPython syntax was masked.
    public let maskedLines: Set<Int>
    /// The syntax tree; nil when the cell is not Python (e.g. a `%%bash` cell).
    public let tree: Tree?
    /// The cell magic that made smelt skip this cell, if any.
    public let skippedCellMagic: String?
}

/// A file smelt lints: a Python script or a Jupyter notebook, as parsed units.
public struct Document: Sendable {
    public enum Kind: Sendable {
        case script
        case notebook(Notebook)
    }

    public let path: String
    public let kind: Kind
    public let units: [SourceUnit]

    public var notebook: Notebook? {
        if case let .notebook(nb) = kind { return nb }
        return nil
    }

    public var isNotebook: Bool { notebook != nil }
}

/// Why a file could not be read as a document.
public enum DocumentError: Error, Sendable, CustomStringConvertible {
    case decoding(SourceDecodingError)
    case notebook(NotebookError)
    case parser(ParserError)

    public var description: String {
        switch self {
        case let .decoding(e): return e.description
        case let .notebook(e): return e.description
        case let .parser(e): return e.description
        }
    }
}

extension Document {
    /// Reads a script or notebook from its bytes and parses every unit with `parser`.
    public static func load(path: String, bytes: [UInt8], isNotebook: Bool, parser: Parser) throws(DocumentError) -> Document {
        if !isNotebook {
            let text: SourceText
            do { text = try SourceText.decode(file: bytes) } catch { throw .decoding(error) }
            let tree: Tree
            do { tree = try parser.parse(text) } catch { throw .parser(error) }
            let unit = SourceUnit(index: 0, cellIndex: nil, text: text, original: text, maskedLines: [], tree: tree, skippedCellMagic: nil)
            return Document(path: path, kind: .script, units: [unit])
        }
        var body = bytes
        if body.count >= 3, body[0] == 0xEF, body[1] == 0xBB, body[2] == 0xBF { body.removeFirst(3) }
        if SourceText.firstInvalidUTF8(body) != nil {
            do { _ = try SourceText.decode(file: body) } catch { throw .decoding(error) }
        }
        let notebook: Notebook
        do { notebook = try Notebook.parse(SourceText(utf8: body)) } catch { throw .notebook(error) }
        let codeCells = notebook.cells.filter { $0.kind == .code }
        // An R or Julia notebook's cells are not Python: keep them as units without trees.
        if let language = notebook.language?.lowercased(), !language.isEmpty, language != "python", language != "python3",
           language != "ipython", language != "ipython3" {
            let units = codeCells.enumerated().map { i, cell in
                SourceUnit(index: i, cellIndex: cell.index, text: cell.source, original: cell.source, maskedLines: [],
                           tree: nil, skippedCellMagic: nil)
            }
            return Document(path: path, kind: .notebook(notebook), units: units)
        }
        // Names bound in the notebook only matter for automagics (`ls` alone); most
        // notebooks have none, and most cells no IPython syntax at all.
        let bound = codeCells.contains { IPythonMasking.mayHaveAutomagic($0.source) }
            ? IPythonMasking.boundNames(in: codeCells.map(\.source)) : []
        var units: [SourceUnit] = []
        units.reserveCapacity(codeCells.count)
        for cell in codeCells {
            let masked = IPythonMasking.mayNeedMasking(cell.source)
                ? IPythonMasking.mask(cell.source, boundNames: bound)
                : MaskedSource(text: cell.source, maskedLines: [], skippedCellMagic: nil)
            var tree: Tree?
            if masked.skippedCellMagic == nil {
                do { tree = try parser.parse(masked.text) } catch { throw .parser(error) }
            }
            units.append(SourceUnit(index: units.count, cellIndex: cell.index, text: masked.text, original: cell.source,
                                    maskedLines: masked.maskedLines, tree: tree, skippedCellMagic: masked.skippedCellMagic))
        }
        return Document(path: path, kind: .notebook(notebook), units: units)
    }
}

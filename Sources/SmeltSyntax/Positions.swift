/// Where a finding is inside a notebook cell, with the cell's identity.
public struct CellPosition: Sendable, Equatable {
    /// 1-based over all cells (markdown included), as Jupyter shows them.
    public let number: Int
    /// 1-based over code cells only.
    public let codeNumber: Int
    public let id: String?
    public let executionCount: Int?
    /// Positions inside the cell's source.
    public let start: Location
    public let end: Location
}

/// Where a finding is in its file: for a notebook, in the raw `.ipynb` text, plus the cell.
public struct FilePosition: Sendable, Equatable {
    /// Lines and code-point columns in the file (for a notebook, in the raw `.ipynb` text).
    public let start: Location
    public let end: Location
    /// The same places with UTF-8 byte columns (reviewdog's column kind).
    public let utf8Start: Location
    public let utf8End: Location
    public let cell: CellPosition?

    public init(start: Location, end: Location, utf8Start: Location? = nil, utf8End: Location? = nil, cell: CellPosition?) {
        self.start = start
        self.end = end
        self.utf8Start = utf8Start ?? start
        self.utf8End = utf8End ?? end
        self.cell = cell
    }
}

extension Document {
    /// Converts a byte range of a unit into file positions: the one place where findings
    /// get their lines and columns. For notebooks, positions inside the cell are mapped to
    /// the raw `.ipynb` text (masking keeps every column, so masked text maps as written).
    public func position(unit index: Int, _ range: ByteRange) -> FilePosition {
        let unit = units[index]
        let upper = max(range.upperBound, range.lowerBound)
        let start = unit.text.location(ofByte: range.lowerBound)
        let end = unit.text.location(ofByte: upper)
        guard let notebook, let cellIndex = unit.cellIndex else {
            return FilePosition(start: start, end: end, utf8Start: unit.text.utf8Location(ofByte: range.lowerBound),
                                utf8End: unit.text.utf8Location(ofByte: upper), cell: nil)
        }
        let cell = notebook.cells[cellIndex]
        let rawStart = notebook.rawByteOffset(cell: cellIndex, start)
        let rawEnd = notebook.rawByteOffset(cell: cellIndex, end)
        return FilePosition(
            start: notebook.raw.location(ofByte: rawStart), end: notebook.raw.location(ofByte: rawEnd),
            utf8Start: notebook.raw.utf8Location(ofByte: rawStart), utf8End: notebook.raw.utf8Location(ofByte: rawEnd),
            cell: CellPosition(number: cellIndex + 1, codeNumber: (cell.codeIndex ?? 0) + 1, id: cell.id,
                               executionCount: cell.executionCount, start: start, end: end))
    }
}

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
    public let start: Location
    public let end: Location
    public let cell: CellPosition?

    public init(start: Location, end: Location, cell: CellPosition?) {
        self.start = start
        self.end = end
        self.cell = cell
    }
}

extension Document {
    /// Converts a byte range of a unit into file positions: the one place where findings
    /// get their lines and columns. For notebooks, positions inside the cell are mapped to
    /// the raw `.ipynb` text (masking keeps every column, so masked text maps as written).
    public func position(unit index: Int, _ range: ByteRange) -> FilePosition {
        let unit = units[index]
        let start = unit.text.location(ofByte: range.lowerBound)
        let end = unit.text.location(ofByte: max(range.upperBound, range.lowerBound))
        guard let notebook, let cellIndex = unit.cellIndex else {
            return FilePosition(start: start, end: end, cell: nil)
        }
        let cell = notebook.cells[cellIndex]
        return FilePosition(
            start: notebook.rawLocation(cell: cellIndex, start),
            end: notebook.rawLocation(cell: cellIndex, end),
            cell: CellPosition(number: cellIndex + 1, codeNumber: (cell.codeIndex ?? 0) + 1, id: cell.id,
                               executionCount: cell.executionCount, start: start, end: end))
    }
}

import SmeltSyntax

/// Words for where in a notebook a finding is, for formats without a place for cell data.
enum CellNote {
    /// "notebook cell 3 (code cell 2, id `load`, execution count 5), line 2, column 1"
    static func text(_ cell: CellPosition) -> String {
        var parts = ["code cell \(cell.codeNumber)"]
        if let id = cell.id { parts.append("id `\(id)`") }
        if let count = cell.executionCount { parts.append("execution count \(count)") }
        return "notebook cell \(cell.number) (\(parts.joined(separator: ", "))), line \(cell.start.line), column \(cell.start.column)"
    }

    /// The message, the refactoring and (for notebooks) where in the notebook, on three
    /// lines: the text of formats that have one message field.
    static func fullMessage(_ f: ReportedFinding) -> String {
        var message = f.message + "\nRefactoring: " + f.refactoring
        if let cell = f.position.cell { message += "\nIn " + text(cell) + "." }
        return message
    }

    /// The cell data as a JSON object (SARIF `properties`, etc.).
    static func json(_ cell: CellPosition) -> JSONValue {
        .object([
            ("number", .int(cell.number)),
            ("code_number", .int(cell.codeNumber)),
            ("id", cell.id.map { .string($0) } ?? .null),
            ("execution_count", cell.executionCount.map { .int($0) } ?? .null),
            ("start", .object([("line", .int(cell.start.line)), ("column", .int(cell.start.column))])),
            ("end", .object([("line", .int(cell.end.line)), ("column", .int(cell.end.column))])),
        ])
    }
}

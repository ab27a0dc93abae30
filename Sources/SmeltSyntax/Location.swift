/// A 1-based line and column. Columns count Unicode code points (a tab is one column).
///
/// This is the only position type shown to users; byte offsets stay inside the
/// syntax layer and are converted by `SourceText.location(ofByte:)` alone.
public struct Location: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: Location, b: Location) -> Bool {
        a.line != b.line ? a.line < b.line : a.column < b.column
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open range of locations: `end` is exclusive.
public struct SourceRange: Hashable, Sendable {
    public var start: Location
    public var end: Location

    public init(start: Location, end: Location) {
        self.start = start
        self.end = end
    }
}

/// A half-open range of UTF-8 byte offsets into a `SourceText`.
public struct ByteRange: Hashable, Sendable {
    public var lowerBound: Int
    public var upperBound: Int

    public init(_ lowerBound: Int, _ upperBound: Int) {
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    public var count: Int { upperBound - lowerBound }
}

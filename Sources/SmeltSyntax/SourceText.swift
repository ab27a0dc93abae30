#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Source text as UTF-8 bytes with a line index.
///
/// Converting a byte offset to a line and column happens here and nowhere else.
/// Lines end at `\n`, `\r\n` or a lone `\r` (as in Python). A UTF-8 byte order mark is
/// removed when decoding, so columns on the first line are what an editor shows.
public struct SourceText: Sendable {
    /// The text as UTF-8 (without a byte order mark).
    public let bytes: [UInt8]
    /// Byte offset of the first byte of every line; `lineStarts[0] == 0`.
    public let lineStarts: [Int]

    /// Wraps bytes that are already valid UTF-8.
    public init(utf8 bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        bytes.withUnsafeBufferPointer { buf in
            var i = 0
            let n = buf.count
            while i < n {
                let b = buf[i]
                if b == 0x0A {
                    starts.append(i + 1)
                } else if b == 0x0D {
                    if i + 1 < n, buf[i + 1] == 0x0A { i += 1 }
                    starts.append(i + 1)
                }
                i += 1
            }
        }
        self.lineStarts = starts
    }

    public init(_ string: String) {
        self.init(utf8: Array(string.utf8))
    }

    public var lineCount: Int { lineStarts.count }

    /// The 0-based index of the line holding `offset`.
    public func lineIndex(ofByte offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The 1-based line and code-point column of a byte offset (clamped to the text).
    public func location(ofByte offset: Int) -> Location {
        let offset = min(max(offset, 0), bytes.count)
        let line = lineIndex(ofByte: offset)
        var column = 1
        var i = lineStarts[line]
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return Location(line: line + 1, column: column)
    }

    /// The 1-based line and UTF-8 byte column of a byte offset (reviewdog counts bytes).
    public func utf8Location(ofByte offset: Int) -> Location {
        let offset = min(max(offset, 0), bytes.count)
        let line = lineIndex(ofByte: offset)
        return Location(line: line + 1, column: offset - lineStarts[line] + 1)
    }

    public func range(of bytes: ByteRange) -> SourceRange {
        SourceRange(start: location(ofByte: bytes.lowerBound), end: location(ofByte: bytes.upperBound))
    }

    /// The byte offset of a line and column; columns past the line's end clamp to it.
    public func byteOffset(of location: Location) -> Int {
        guard location.line >= 1 else { return 0 }
        guard location.line <= lineStarts.count else { return bytes.count }
        let end = lineContentEnd(location.line - 1)
        var i = lineStarts[location.line - 1]
        var column = 1
        while i < end, column < location.column {
            i += 1
            while i < end, bytes[i] & 0xC0 == 0x80 { i += 1 }
            column += 1
        }
        return i
    }

    /// Byte offset just past the last byte of line `index` (0-based), before its terminator.
    public func lineContentEnd(_ index: Int) -> Int {
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] : bytes.count
        if end > lineStarts[index], bytes[end - 1] == 0x0A { end -= 1 }
        if end > lineStarts[index], bytes[end - 1] == 0x0D { end -= 1 }
        return end
    }

    /// The byte range of line `number` (1-based) without its terminator.
    public func lineRange(_ number: Int) -> ByteRange {
        ByteRange(lineStarts[number - 1], lineContentEnd(number - 1))
    }

    /// The text of line `number` (1-based) without its terminator.
    public func line(_ number: Int) -> String {
        text(lineRange(number))
    }

    public func text(_ range: ByteRange) -> String {
        let lo = max(0, min(range.lowerBound, bytes.count))
        let hi = max(lo, min(range.upperBound, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }
}

// MARK: - Decoding files

/// Why the bytes of a file are not text smelt can read.
public enum SourceDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidUTF8(line: Int, column: Int, byte: UInt8)
    case invalidInEncoding(encoding: String, line: Int, column: Int, byte: UInt8)
    case unsupportedEncoding(String)

    public var description: String {
        switch self {
        case let .invalidUTF8(line, column, byte):
            return "not valid UTF-8: byte 0x\(hex(byte)) at line \(line), column \(column) "
                + "(declare the encoding with a PEP 263 `# -*- coding: ... -*-` line if the file is not UTF-8)"
        case let .invalidInEncoding(encoding, line, column, byte):
            return "not valid \(encoding) as declared: byte 0x\(hex(byte)) at line \(line), column \(column)"
        case let .unsupportedEncoding(name):
            return "declares encoding `\(name)`, which is not an encoding smelt knows (PEP 263 names such as utf-8, latin-1, cp1252)"
        }
    }
}

private func hex(_ b: UInt8) -> String {
    let s = String(b, radix: 16, uppercase: true)
    return s.count == 1 ? "0" + s : s
}

extension SourceText {
    /// Decodes the bytes of a Python file: strips a UTF-8 byte order mark and honours a
    /// PEP 263 coding declaration in the first two lines (utf-8, latin-1, cp1252, ascii).
    public static func decode(file data: [UInt8]) throws(SourceDecodingError) -> SourceText {
        var body = data
        var hadBOM = false
        if body.count >= 3, body[0] == 0xEF, body[1] == 0xBB, body[2] == 0xBF {
            body.removeFirst(3)
            hadBOM = true
        }
        let declared = hadBOM ? nil : codingDeclaration(body)
        switch declared.map(normalizeEncodingName) {
        case nil, "utf-8", "utf8", "utf-8-sig":
            if let bad = firstInvalidUTF8(body) {
                let loc = approximateLocation(body, bad)
                throw .invalidUTF8(line: loc.line, column: loc.column, byte: body[bad])
            }
            return SourceText(utf8: body)
        case "ascii", "us-ascii", "646":
            if let bad = body.firstIndex(where: { $0 >= 0x80 }) {
                let loc = approximateLocation(body, bad)
                throw .invalidInEncoding(encoding: "ascii", line: loc.line, column: loc.column, byte: body[bad])
            }
            return SourceText(utf8: body)
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "iso-latin-1", "l1", "cp819", "8859", "iso8859":
            return SourceText(utf8: transcode(body) { UInt32($0) })
        case "cp1252", "windows-1252":
            if let bad = body.firstIndex(where: { $0 >= 0x80 && $0 < 0xA0 && cp1252High[Int($0 - 0x80)] == 0 }) {
                let loc = approximateLocation(body, bad)
                throw .invalidInEncoding(encoding: "cp1252", line: loc.line, column: loc.column, byte: body[bad])
            }
            return SourceText(utf8: transcode(body) { b in
                b >= 0x80 && b < 0xA0 ? UInt32(cp1252High[Int(b - 0x80)]) : UInt32(b)
            })
        case let other?:
            return try transcodeWithIconv(body, from: other)
        }
    }

    /// Any other declared encoding (koi8-r, shift_jis, utf-16...) goes through the C
    /// library's iconv, which knows the same names Python does for the common ones.
    private static func transcodeWithIconv(_ bytes: [UInt8], from encoding: String) throws(SourceDecodingError) -> SourceText {
        #if canImport(Glibc) || canImport(Darwin)
        let cd = iconv_open("UTF-8", encoding)
        guard let cd, Int(bitPattern: cd) != -1 else { throw .unsupportedEncoding(encoding) }
        defer { iconv_close(cd) }
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        var input = bytes
        var failedAt: Int?
        let produced = input.withUnsafeMutableBufferPointer { inBuf -> Int in
            output.withUnsafeMutableBufferPointer { outBuf -> Int in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 { failedAt = inBuf.count - inLeft }
                return outBuf.count - outLeft
            }
        }
        if let failedAt {
            let loc = approximateLocation(bytes, min(failedAt, max(bytes.count - 1, 0)))
            throw .invalidInEncoding(encoding: encoding, line: loc.line, column: loc.column, byte: bytes.isEmpty ? 0 : bytes[min(failedAt, bytes.count - 1)])
        }
        output.removeSubrange(produced...)
        if output.count >= 3, output[0] == 0xEF, output[1] == 0xBB, output[2] == 0xBF { output.removeFirst(3) }
        return SourceText(utf8: output)
        #else
        throw .unsupportedEncoding(encoding)
        #endif
    }

    /// The encoding named by a PEP 263 comment on line 1 or 2, if any.
    static func codingDeclaration(_ bytes: [UInt8]) -> String? {
        var lineStart = 0
        for _ in 0..<2 {
            guard lineStart < bytes.count else { return nil }
            var end = lineStart
            while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            let line = bytes[lineStart..<end]
            // Only a comment line may declare; PEP 263: `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`.
            var i = line.startIndex
            while i < line.endIndex, line[i] == 0x20 || line[i] == 0x09 || line[i] == 0x0C { i += 1 }
            if i < line.endIndex, line[i] == 0x23 {
                let text = Array(line[i...])
                let key = Array("coding".utf8)
                var j = 0
                while j + key.count < text.count {
                    if Array(text[j..<j + key.count]) == key, text[j + key.count] == 0x3A || text[j + key.count] == 0x3D {
                        var k = j + key.count + 1
                        while k < text.count, text[k] == 0x20 || text[k] == 0x09 { k += 1 }
                        var name: [UInt8] = []
                        while k < text.count, isNameByte(text[k]) { name.append(text[k]); k += 1 }
                        if !name.isEmpty { return String(decoding: name, as: UTF8.self) }
                    }
                    j += 1
                }
            } else if i < line.endIndex {
                return nil  // line 1 is code: line 2 may not declare
            }
            lineStart = end
            if lineStart < bytes.count, bytes[lineStart] == 0x0D { lineStart += 1 }
            if lineStart < bytes.count, bytes[lineStart] == 0x0A { lineStart += 1 }
        }
        return nil
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F || b == 0x2E
    }

    private static func normalizeEncodingName(_ name: String) -> String {
        var n = String(name.lowercased().map { $0 == "_" ? "-" : $0 })
        if n.hasPrefix("utf-8-") || n.hasPrefix("utf8-") { n = "utf-8" }  // e.g. utf-8-unix (Emacs)
        if n.hasPrefix("latin-1-") || n.hasPrefix("iso-8859-1-") { n = "latin-1" }
        return n
    }

    private static func transcode(_ bytes: [UInt8], _ scalar: (UInt8) -> UInt32) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 { out.append(b); continue }
            let s = scalar(b)
            if s < 0x800 {
                out.append(UInt8(0xC0 | (s >> 6)))
                out.append(UInt8(0x80 | (s & 0x3F)))
            } else {
                out.append(UInt8(0xE0 | (s >> 12)))
                out.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (s & 0x3F)))
            }
        }
        return out
    }

    /// Index of the first byte that breaks UTF-8, or nil when all of it is valid.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buf -> Int? in
            var i = 0
            let n = buf.count
            while i < n {
                let b = buf[i]
                if b < 0x80 { i += 1; continue }
                let len: Int
                var minScalar: UInt32
                var scalar: UInt32
                switch b {
                case 0xC2...0xDF: len = 2; scalar = UInt32(b & 0x1F); minScalar = 0x80
                case 0xE0...0xEF: len = 3; scalar = UInt32(b & 0x0F); minScalar = 0x800
                case 0xF0...0xF4: len = 4; scalar = UInt32(b & 0x07); minScalar = 0x10000
                default: return i
                }
                if i + len > n { return i }
                for k in 1..<len {
                    let c = buf[i + k]
                    if c & 0xC0 != 0x80 { return i }
                    scalar = (scalar << 6) | UInt32(c & 0x3F)
                }
                if scalar < minScalar || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) { return i }
                i += len
            }
            return nil
        }
    }

    /// Line and column of a byte in not-yet-decoded bytes (columns count bytes before it
    /// that start a character, treating invalid bytes as one character each).
    private static func approximateLocation(_ bytes: [UInt8], _ offset: Int) -> Location {
        var line = 1, column = 1, i = 0
        while i < offset {
            let b = bytes[i]
            if b == 0x0A || (b == 0x0D && !(i + 1 < bytes.count && bytes[i + 1] == 0x0A)) {
                line += 1; column = 1
            } else if b & 0xC0 != 0x80 && b != 0x0D {
                column += 1
            }
            i += 1
        }
        return Location(line: line, column: column)
    }
}

/// Unicode scalars of cp1252 bytes 0x80–0x9F; 0 marks the five undefined bytes.
private let cp1252High: [UInt16] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
]

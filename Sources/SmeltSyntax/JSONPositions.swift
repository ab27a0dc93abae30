/// A small JSON parser over UTF-8 bytes that keeps the positions notebooks need.
///
/// Every value remembers its byte range in the raw text, and every string remembers
/// where its contents start (just after the opening quote) and whether they hold
/// escapes, so a position inside a decoded string can be walked back to the raw text
/// with `JSON.rawOffset(in:contentStart:advancing:)`.

/// One JSON value and the bytes it was read from.
public struct JSONNode: Sendable {
    public let value: JSONValue
    /// The value's bytes in the raw text; for a string, quotes included.
    public let range: ByteRange

    public init(value: JSONValue, range: ByteRange) {
        self.value = value
        self.range = range
    }

    /// The member named `key` of an object (the last one when a key repeats, as in
    /// Python's `json`), or nil when absent or when this is not an object.
    public subscript(key: String) -> JSONNode? {
        guard case let .object(members) = value else { return nil }
        var i = members.count - 1
        while i >= 0 {
            if members[i].key == key { return members[i].value }
            i -= 1
        }
        return nil
    }

    public var stringValue: String? {
        if case let .string(s) = value { return s.value }
        return nil
    }

    /// The value of an integral number that fits in an `Int`.
    public var intValue: Int? {
        if case let .number(n) = value { return n.int }
        return nil
    }

    public var arrayValue: [JSONNode]? {
        if case let .array(a) = value { return a }
        return nil
    }

    public var objectMembers: [JSONMember]? {
        if case let .object(m) = value { return m }
        return nil
    }

    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// A short name of the value's type, for messages ("a string", "an object", ...).
    public var typeDescription: String {
        switch value {
        case .object: return "an object"
        case .array: return "a list"
        case .string: return "a string"
        case let .number(n): return n.int != nil ? "an integer" : "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }
}

public enum JSONValue: Sendable {
    /// Members in the order they appear.
    case object([JSONMember])
    case array([JSONNode])
    case string(JSONString)
    case number(JSONNumber)
    case bool(Bool)
    case null
}

public struct JSONMember: Sendable {
    public let key: String
    public let value: JSONNode
}

public struct JSONString: Sendable {
    /// The decoded contents.
    public let value: String
    /// Byte offset in the raw text of the first byte after the opening quote.
    public let contentStart: Int
    /// Whether the raw contents hold a backslash escape (when not, raw bytes == decoded bytes).
    public let hasEscapes: Bool
}

public struct JSONNumber: Sendable {
    public let double: Double
    /// The value when the literal is integral (no fraction or exponent) and fits in an `Int`.
    public let int: Int?
}

/// Why a text is not JSON: a message and where (offset, and 1-based line and code-point column).
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public let line: Int
    public let column: Int

    public var description: String { "\(message) at line \(line), column \(column)" }
}

public enum JSON {
    /// The deepest nesting of arrays and objects accepted (keeps recursion off the stack limit).
    public static let maximumDepth = 512

    /// Parses a whole text as one JSON value (surrounding whitespace allowed, a UTF-8
    /// byte order mark at the very start is skipped). Accepts `NaN`, `Infinity` and
    /// `-Infinity` as Python's `json` does; rejects unescaped control characters in strings.
    public static func parse(_ text: SourceText) throws(JSONError) -> JSONNode {
        let result: Result<JSONNode, JSONFailure> = text.bytes.withUnsafeBufferPointer { buf in
            var parser = JSONParser(buf)
            return parser.parseDocument()
        }
        switch result {
        case let .success(node):
            return node
        case let .failure(failure):
            let loc = text.location(ofByte: failure.offset)
            throw JSONError(message: failure.message, offset: failure.offset, line: loc.line, column: loc.column)
        }
    }

    /// Walks the raw (escaped) contents of a JSON string forward by `codePoints` decoded
    /// code points from `contentStart` and returns the raw byte offset reached.
    ///
    /// An escape sequence counts as one code point (`\ud83d\ude00` as a whole is one; a lone
    /// surrogate escape is one U+FFFD), a raw UTF-8 character as one. Stops at the closing quote.
    public static func rawOffset(in bytes: [UInt8], contentStart: Int, advancing codePoints: Int) -> Int {
        bytes.withUnsafeBufferPointer { buf in
            let n = buf.count
            var i = contentStart
            var left = codePoints
            while left > 0, i < n {
                let b = buf[i]
                if b == 0x22 { break }
                if b == 0x5C {
                    i += escapeLength(buf, i)
                } else if b < 0x80 {
                    i += 1
                } else if b >= 0xF0 {
                    i += 4
                } else if b >= 0xE0 {
                    i += 3
                } else if b >= 0xC0 {
                    i += 2
                } else {
                    i += 1
                }
                left -= 1
            }
            return min(i, n)
        }
    }

    /// Raw length of the escape sequence whose backslash is at `i` (as the parser decodes it).
    static func escapeLength(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        guard i + 1 < buf.count else { return 1 }
        guard buf[i + 1] == 0x75 else { return 2 }  // \u
        guard let unit = hex4(buf, i + 2) else { return 2 }
        if unit >= 0xD800, unit <= 0xDBFF, i + 11 < buf.count, buf[i + 6] == 0x5C, buf[i + 7] == 0x75,
           let low = hex4(buf, i + 8), low >= 0xDC00, low <= 0xDFFF {
            return 12
        }
        return 6
    }

    /// The value of four hex digits at `i`, or nil.
    @inline(__always)
    static func hex4(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32? {
        guard i + 4 <= buf.count else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = buf[i + k]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }
}

private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22,
]

private struct JSONFailure: Error {
    let message: String
    let offset: Int
}

/// The recursive-descent parser. Works on a buffer pointer valid for its lifetime.
private struct JSONParser {
    let p: UnsafeBufferPointer<UInt8>
    let n: Int
    var i = 0
    /// Reused buffer for strings with escapes.
    var scratch: [UInt8] = []

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        p = buffer
        n = buffer.count
    }

    mutating func parseDocument() -> Result<JSONNode, JSONFailure> {
        do throws(JSONFailure) {
            if n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { i = 3 }
            let node = try parseValue(depth: 0)
            skipWhitespace()
            if i < n { throw JSONFailure(message: "unexpected \(describe(i)) after the JSON value", offset: i) }
            return .success(node)
        } catch {
            return .failure(error)
        }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < n {
            let b = p[i]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 } else { return }
        }
    }

    /// What is at `offset`, for messages: "end of input" or "`x`".
    func describe(_ offset: Int) -> String {
        guard offset < n else { return "end of input" }
        let b = p[offset]
        if b < 0x20 || b == 0x7F { return "control character 0x\(String(b, radix: 16, uppercase: true))" }
        var end = offset + 1
        while end < n, end - offset < 4, p[end] & 0xC0 == 0x80 { end += 1 }
        let ch = String(decoding: UnsafeBufferPointer(rebasing: p[offset..<end]), as: UTF8.self)
        return "`\(ch)`"
    }

    mutating func parseValue(depth: Int) throws(JSONFailure) -> JSONNode {
        skipWhitespace()
        guard i < n else { throw JSONFailure(message: "expected a JSON value, found end of input", offset: i) }
        let start = i
        switch p[i] {
        case 0x7B:  // {
            return try parseObject(depth: depth + 1)
        case 0x5B:  // [
            return try parseArray(depth: depth + 1)
        case 0x22:  // "
            let s = try parseString()
            return JSONNode(value: .string(s), range: ByteRange(start, i))
        case 0x74:  // t
            try expectWord("true")
            return JSONNode(value: .bool(true), range: ByteRange(start, i))
        case 0x66:  // f
            try expectWord("false")
            return JSONNode(value: .bool(false), range: ByteRange(start, i))
        case 0x6E:  // n
            try expectWord("null")
            return JSONNode(value: .null, range: ByteRange(start, i))
        case 0x2D, 0x30...0x39, 0x4E, 0x49:  // - digit N I
            let number = try parseNumber()
            return JSONNode(value: .number(number), range: ByteRange(start, i))
        default:
            throw JSONFailure(message: "expected a JSON value, found \(describe(i))", offset: i)
        }
    }

    mutating func expectWord(_ word: StaticString) throws(JSONFailure) {
        let start = i
        let count = word.utf8CodeUnitCount
        let w = word.utf8Start
        var k = 0
        while k < count {
            guard i + k < n, p[i + k] == w[k] else {
                throw JSONFailure(message: "expected a JSON value, found \(describe(start))", offset: start)
            }
            k += 1
        }
        i += count
    }

    mutating func parseObject(depth: Int) throws(JSONFailure) -> JSONNode {
        let start = i
        if depth > JSON.maximumDepth { throw JSONFailure(message: "arrays and objects nested too deeply", offset: i) }
        i += 1
        var members: [JSONMember] = []
        skipWhitespace()
        if i < n, p[i] == 0x7D {
            i += 1
            return JSONNode(value: .object(members), range: ByteRange(start, i))
        }
        while true {
            skipWhitespace()
            guard i < n, p[i] == 0x22 else {
                throw JSONFailure(message: "expected a string key in object, found \(describe(i))", offset: i)
            }
            let key = try parseString().value
            skipWhitespace()
            guard i < n, p[i] == 0x3A else {
                throw JSONFailure(message: "expected ':' after object key, found \(describe(i))", offset: i)
            }
            i += 1
            let value = try parseValue(depth: depth)
            members.append(JSONMember(key: key, value: value))
            skipWhitespace()
            guard i < n else {
                throw JSONFailure(message: "expected ',' or '}' after object member, found end of input", offset: i)
            }
            let b = p[i]
            i += 1
            if b == 0x2C { continue }
            if b == 0x7D { return JSONNode(value: .object(members), range: ByteRange(start, i)) }
            i -= 1
            throw JSONFailure(message: "expected ',' or '}' after object member, found \(describe(i))", offset: i)
        }
    }

    mutating func parseArray(depth: Int) throws(JSONFailure) -> JSONNode {
        let start = i
        if depth > JSON.maximumDepth { throw JSONFailure(message: "arrays and objects nested too deeply", offset: i) }
        i += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if i < n, p[i] == 0x5D {
            i += 1
            return JSONNode(value: .array(elements), range: ByteRange(start, i))
        }
        while true {
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard i < n else {
                throw JSONFailure(message: "expected ',' or ']' after array element, found end of input", offset: i)
            }
            let b = p[i]
            i += 1
            if b == 0x2C { continue }
            if b == 0x5D { return JSONNode(value: .array(elements), range: ByteRange(start, i)) }
            i -= 1
            throw JSONFailure(message: "expected ',' or ']' after array element, found \(describe(i))", offset: i)
        }
    }

    /// Parses a string whose opening quote is at `i`; leaves `i` after the closing quote.
    mutating func parseString() throws(JSONFailure) -> JSONString {
        let quote = i
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < n {
            let b = p[i]
            if b == 0x22 {
                let s = String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
                i += 1
                return JSONString(value: s, contentStart: start, hasEscapes: false)
            }
            if b == 0x5C || b < 0x20 { break }
            i += 1
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<i]))
        var escaped = false
        while true {
            guard i < n else { throw JSONFailure(message: "unterminated string", offset: quote) }
            let b = p[i]
            if b == 0x22 {
                i += 1
                return JSONString(value: String(decoding: scratch, as: UTF8.self), contentStart: start, hasEscapes: escaped)
            } else if b == 0x5C {
                escaped = true
                try decodeEscape()
            } else if b < 0x20 {
                if b == 0x0A || b == 0x0D {
                    // Most likely a string that was never closed.
                    throw JSONFailure(message: "unterminated string (a line break inside a string must be written `\\n`)", offset: quote)
                }
                throw JSONFailure(message: "invalid control character 0x\(String(b, radix: 16, uppercase: true)) in string (must be escaped)", offset: i)
            } else {
                let run = i
                i += 1
                while i < n {
                    let c = p[i]
                    if c == 0x22 || c == 0x5C || c < 0x20 { break }
                    i += 1
                }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[run..<i]))
            }
        }
    }

    /// Decodes the escape whose backslash is at `i` into `scratch`.
    mutating func decodeEscape() throws(JSONFailure) {
        let backslash = i
        guard i + 1 < n else { throw JSONFailure(message: "unterminated string", offset: i) }
        let c = p[i + 1]
        i += 2
        switch c {
        case 0x22: scratch.append(0x22)
        case 0x5C: scratch.append(0x5C)
        case 0x2F: scratch.append(0x2F)
        case 0x62: scratch.append(0x08)
        case 0x66: scratch.append(0x0C)
        case 0x6E: scratch.append(0x0A)
        case 0x72: scratch.append(0x0D)
        case 0x74: scratch.append(0x09)
        case 0x75:
            guard let unit = JSON.hex4(p, i) else {
                throw JSONFailure(message: "invalid escape: `\\u` must be followed by four hex digits", offset: backslash)
            }
            i += 4
            var scalar = unit
            if unit >= 0xD800, unit <= 0xDBFF {
                if i + 6 <= n, p[i] == 0x5C, p[i + 1] == 0x75, let low = JSON.hex4(p, i + 2), low >= 0xDC00, low <= 0xDFFF {
                    scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else {
                    scalar = 0xFFFD
                }
            } else if unit >= 0xDC00, unit <= 0xDFFF {
                scalar = 0xFFFD
            }
            appendUTF8(scalar)
        default:
            throw JSONFailure(message: "invalid escape \(describeEscape(backslash)) in string", offset: backslash)
        }
    }

    func describeEscape(_ backslash: Int) -> String {
        guard backslash + 1 < n, p[backslash + 1] >= 0x20 else { return "`\\`" }
        var end = backslash + 2
        while end < n, end - backslash < 5, p[end] & 0xC0 == 0x80 { end += 1 }
        return "`" + String(decoding: UnsafeBufferPointer(rebasing: p[backslash..<end]), as: UTF8.self) + "`"
    }

    @inline(__always)
    mutating func appendUTF8(_ s: UInt32) {
        if s < 0x80 {
            scratch.append(UInt8(s))
        } else if s < 0x800 {
            scratch.append(UInt8(0xC0 | (s >> 6)))
            scratch.append(UInt8(0x80 | (s & 0x3F)))
        } else if s < 0x10000 {
            scratch.append(UInt8(0xE0 | (s >> 12)))
            scratch.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (s & 0x3F)))
        } else {
            scratch.append(UInt8(0xF0 | (s >> 18)))
            scratch.append(UInt8(0x80 | ((s >> 12) & 0x3F)))
            scratch.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (s & 0x3F)))
        }
    }

    mutating func parseNumber() throws(JSONFailure) -> JSONNumber {
        let start = i
        var negative = false
        if p[i] == 0x2D {
            negative = true
            i += 1
        }
        if i < n, p[i] == 0x4E || p[i] == 0x49 {  // NaN, Infinity, -Infinity
            if !negative, i + 3 <= n, p[i] == 0x4E, p[i + 1] == 0x61, p[i + 2] == 0x4E {
                i += 3
                return JSONNumber(double: .nan, int: nil)
            }
            let word = Array("Infinity".utf8)
            if i + word.count <= n, (0..<word.count).allSatisfy({ p[i + $0] == word[$0] }) {
                i += word.count
                return JSONNumber(double: negative ? -.infinity : .infinity, int: nil)
            }
            throw JSONFailure(message: "expected a JSON value, found \(describe(start))", offset: start)
        }
        // Digits accumulate into `mantissa` (while they fit exactly), `scale` counts the
        // fraction digits taken, for the exact fast path below.
        var mantissa: UInt64 = 0
        var significant = 0
        let digitsStart = i
        while i < n, p[i] >= 0x30, p[i] <= 0x39 {
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] &- 0x30)
                if mantissa != 0 { significant += 1 }
            } else {
                significant += 1
            }
            i += 1
        }
        let intDigits = i - digitsStart
        if intDigits == 0 { throw JSONFailure(message: "invalid number: expected a digit", offset: i) }
        if intDigits > 1, p[digitsStart] == 0x30 {
            throw JSONFailure(message: "invalid number: leading zeros are not allowed", offset: start)
        }
        var integral = true
        var scale = 0
        var exactDigits = significant <= 19
        if i < n, p[i] == 0x2E {
            integral = false
            i += 1
            let f = i
            while i < n, p[i] >= 0x30, p[i] <= 0x39 {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(p[i] &- 0x30)
                    if mantissa != 0 { significant += 1 }
                    scale += 1
                } else {
                    exactDigits = false
                }
                i += 1
            }
            if i == f { throw JSONFailure(message: "invalid number: expected a digit after '.'", offset: i) }
        }
        var exponent = 0
        if i < n, p[i] == 0x65 || p[i] == 0x45 {
            integral = false
            i += 1
            var negativeExponent = false
            if i < n, p[i] == 0x2B || p[i] == 0x2D {
                negativeExponent = p[i] == 0x2D
                i += 1
            }
            let e = i
            while i < n, p[i] >= 0x30, p[i] <= 0x39 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(p[i] &- 0x30) }
                i += 1
            }
            if i == e { throw JSONFailure(message: "invalid number: expected a digit in the exponent", offset: i) }
            if negativeExponent { exponent = -exponent }
        }
        if integral, intDigits <= 18 {
            let v = Int(mantissa)
            return JSONNumber(double: negative ? -Double(v) : Double(v), int: negative ? -v : v)
        }
        // Exact when the digits fit in a double's 53-bit significand and the power of ten is
        // itself exact (at most 10^22): one correctly rounded multiplication or division.
        let power = exponent - scale
        if !integral, exactDigits, mantissa <= 1 << 53, power >= -22, power <= 22 {
            var d = Double(mantissa)
            if power < 0 { d /= exactPowersOfTen[-power] } else { d *= exactPowersOfTen[power] }
            return JSONNumber(double: negative ? -d : d, int: nil)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
        let d = Double(text) ?? .nan
        var int: Int? = nil
        if integral { int = Int(text) }
        return JSONNumber(double: d, int: int)
    }
}

// Glob patterns for `exclude`, `per-file-ignores` and `.gitignore` lines.
//
// Semantics (shared by ruff-style configuration globs and gitignore patterns):
//   *        any run of characters inside one path component (never `/`)
//   **       as a whole component: any number of directories (zero or more);
//            a trailing `/**` needs at least one component after it;
//            elsewhere (`a**b`) it behaves like `*`
//   ?        exactly one character (not `/`)
//   [abc]    one character from the class; `[!a-z]` / `[^a-z]` negate it;
//            `]` first in the class is literal, `-` first or last is literal
//   \x       the character x, literally
//   A pattern without a `/` (ignoring a trailing one) matches the last
//   component at any depth: `*.ipynb`, `build`.
//   A pattern with a `/` at the start or in the middle is anchored at the
//   root: `notebooks/scratch/*.ipynb`, `/setup.py`, `src/**/legacy_*.py`.
//   A trailing `/` restricts the pattern to directories.
//   `matches` also reports paths below a matching directory, because
//   excluding a directory excludes everything under it.
//
// Patterns are compiled once into components of tokens; matching walks the
// UTF-8 bytes of the path without allocating.

import Foundation

/// Why a glob pattern could not be compiled.
public enum GlobError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The pattern is empty (or only slashes).
    case emptyPattern
    /// A `[` that starts a character class has no closing `]`.
    case unclosedCharacterClass(pattern: String, offset: Int)
    /// A character class contains `/`, which no path component can contain.
    case slashInCharacterClass(pattern: String, offset: Int)
    /// A range such as `[z-a]` whose start comes after its end.
    case invalidRange(pattern: String, offset: Int)
    /// The pattern ends with a lone `\`.
    case danglingEscape(pattern: String)

    public var description: String {
        switch self {
        case .emptyPattern:
            return "invalid glob pattern: the pattern is empty"
        case let .unclosedCharacterClass(pattern, offset):
            return "invalid glob pattern '\(pattern)': the character class opened by '[' at offset \(offset) is never closed with ']'"
        case let .slashInCharacterClass(pattern, offset):
            return "invalid glob pattern '\(pattern)': the character class at offset \(offset) contains '/', which can never match inside a path component"
        case let .invalidRange(pattern, offset):
            return "invalid glob pattern '\(pattern)': the character range at offset \(offset) runs backwards"
        case let .danglingEscape(pattern):
            return "invalid glob pattern '\(pattern)': it ends with a lone '\\' escaping nothing"
        }
    }
}

extension GlobError: LocalizedError {
    public var errorDescription: String? { description }
}

/// A compiled glob pattern matched against `/`-separated relative paths.
public struct GlobPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    /// True when the pattern is anchored at the root (it contains a `/`
    /// other than a trailing one); false when it matches a path component
    /// at any depth.
    public let isAnchored: Bool
    /// True when the pattern ended with `/` and only matches directories.
    public let isDirectoryOnly: Bool

    let components: [GlobComponent]
    /// Number of components an anchored pattern without `**` matches (0 otherwise).
    let fixedDepth: Int
    /// The byte every matching path must end with, when the pattern ends with a literal.
    let lastByte: UInt8?

    public init(_ pattern: String) throws(GlobError) {
        self.pattern = pattern
        let bytes = Array(pattern.utf8)
        var end = bytes.count
        var directoryOnly = false
        while end > 0, bytes[end - 1] == UInt8(ascii: "/") {
            directoryOnly = true
            end -= 1
        }
        if end == 0 { throw .emptyPattern }

        let raw = try GlobPattern.tokenize(bytes[0..<end], pattern: pattern)
        var anchored = false
        var pieces: [[GlobToken]] = [[]]
        for token in raw {
            if case .separator = token {
                anchored = true
                pieces.append([])
            } else {
                pieces[pieces.count - 1].append(token)
            }
        }
        // Drop empty components (`/x`, `a//b`) and `.` components (`./x`, `a/./b`).
        pieces.removeAll { piece in
            if piece.isEmpty { return true }
            if piece.count == 1, case let .literal(l) = piece[0], l == [UInt8(ascii: ".")] { return true }
            return false
        }
        if pieces.isEmpty { throw .emptyPattern }

        self.isAnchored = anchored
        self.isDirectoryOnly = directoryOnly
        let components = pieces.map { GlobComponent.compile($0, allowDirectories: anchored) }
        self.components = components
        self.fixedDepth = anchored && !components.contains(where: {
            if case .anyDirectories = $0 { return true } else { return false }
        }) ? components.count : 0
        switch components[components.count - 1] {
        case let .literal(bytes), let .suffix(bytes):
            self.lastByte = bytes.last
        case let .wildcard(tokens):
            if case let .literal(bytes)? = tokens.last { self.lastByte = bytes.last } else { self.lastByte = nil }
        default:
            self.lastByte = nil
        }
    }

    public var description: String { pattern }

    public static func == (lhs: GlobPattern, rhs: GlobPattern) -> Bool { lhs.pattern == rhs.pattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }

    /// Whether `path` (relative to the root, `/`-separated) or one of the
    /// directories above it matches. A trailing `/` on `path` marks it as a
    /// directory; otherwise it is taken to be a file.
    public func matches(_ path: String) -> Bool {
        let isDirectory = path.utf8.last == UInt8(ascii: "/")
        return matches(path, isDirectory: isDirectory)
    }

    /// Whether `path` (relative to the root, `/`-separated) or one of the
    /// directories above it matches. `isDirectory` says whether `path`
    /// itself names a directory (for patterns ending in `/`).
    public func matches(_ path: String, isDirectory: Bool) -> Bool {
        var clean = GlobPattern.cleanPath(path)
        return clean.withUTF8 { buffer in
            guard !buffer.isEmpty else { return false }
            if !isAnchored {
                var start = 0
                var i = 0
                while i < buffer.count {
                    if buffer[i] == UInt8(ascii: "/") {
                        if matchComponent(buffer, start, i, isDirectory: true) { return true }
                        start = i + 1
                    }
                    i += 1
                }
                return matchComponent(buffer, start, buffer.count, isDirectory: isDirectory)
            }
            var i = 0
            while i < buffer.count {
                if buffer[i] == UInt8(ascii: "/"),
                   matchPath(UnsafeBufferPointer(rebasing: buffer[0..<i]), isDirectory: true) {
                    return true
                }
                i += 1
            }
            return matchPath(buffer, isDirectory: isDirectory)
        }
    }

    /// Whether `path` itself matches, without looking at the directories
    /// above it (walkers that never enter excluded directories use this).
    public func matchesExactly(_ path: String, isDirectory: Bool) -> Bool {
        var clean = GlobPattern.cleanPath(path)
        return clean.withUTF8 { buffer in
            guard !buffer.isEmpty else { return false }
            return match(path: buffer, isDirectory: isDirectory)
        }
    }

    // MARK: - Matching internals (paths are clean: no empty, `.` or trailing components)

    /// Exact match of a clean relative path.
    func match(path: UnsafeBufferPointer<UInt8>, isDirectory: Bool) -> Bool {
        guard !path.isEmpty else { return false }
        var start = path.count
        while start > 0, path[start - 1] != UInt8(ascii: "/") { start -= 1 }
        var depth = 1
        if isAnchored {
            for byte in path where byte == UInt8(ascii: "/") { depth += 1 }
        }
        return match(path: path, basenameStart: start, depth: depth, isDirectory: isDirectory)
    }

    /// Exact match of a clean, non-empty relative path with `depth`
    /// components, the last one starting at `basenameStart` (callers
    /// matching many patterns compute these once).
    @inline(__always)
    func match(path: UnsafeBufferPointer<UInt8>, basenameStart: Int, depth: Int, isDirectory: Bool) -> Bool {
        if isDirectoryOnly && !isDirectory { return false }
        if let lastByte, path[path.count - 1] != lastByte { return false }
        if isAnchored {
            if fixedDepth != 0 && fixedDepth != depth { return false }
            return matchFrom(0, path, 0)
        }
        return components[0].matches(path, basenameStart, path.count)
    }

    /// Exact match of a single component (the basename) for an unanchored pattern.
    /// Always false for anchored patterns.
    func match(name: UnsafeBufferPointer<UInt8>, isDirectory: Bool) -> Bool {
        if isAnchored || name.isEmpty { return false }
        return match(path: name, basenameStart: 0, depth: 1, isDirectory: isDirectory)
    }

    private func matchComponent(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, isDirectory: Bool) -> Bool {
        if isDirectoryOnly && !isDirectory { return false }
        return components[0].matches(text, start, end)
    }

    private func matchPath(_ text: UnsafeBufferPointer<UInt8>, isDirectory: Bool) -> Bool {
        if isDirectoryOnly && !isDirectory { return false }
        return matchFrom(0, text, 0)
    }

    private func matchFrom(_ first: Int, _ text: UnsafeBufferPointer<UInt8>, _ position: Int) -> Bool {
        let end = text.count
        var ci = first
        var pos = position
        while ci < components.count {
            if case .anyDirectories = components[ci] {
                var next = ci + 1
                while next < components.count, case .anyDirectories = components[next] { next += 1 }
                // A trailing `**` matches everything inside, but not the directory itself.
                if next == components.count { return pos < end }
                var p = pos
                while p < end {
                    if matchFrom(next, text, p) { return true }
                    while p < end, text[p] != UInt8(ascii: "/") { p += 1 }
                    p += 1
                }
                return false
            }
            if pos >= end { return false }
            var componentEnd = pos
            while componentEnd < end, text[componentEnd] != UInt8(ascii: "/") { componentEnd += 1 }
            if !components[ci].matches(text, pos, componentEnd) { return false }
            ci += 1
            pos = componentEnd < end ? componentEnd + 1 : end
        }
        return pos >= end
    }

    /// Removes `./` prefixes, `.` components, duplicate and trailing slashes.
    static func cleanPath(_ path: String) -> String {
        var needsWork = false
        var previous: UInt8 = UInt8(ascii: "/")
        var componentIsDot = false
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if previous == UInt8(ascii: "/") || componentIsDot { needsWork = true; break }
            }
            componentIsDot = byte == UInt8(ascii: ".") && previous == UInt8(ascii: "/")
            previous = byte
        }
        if componentIsDot || previous == UInt8(ascii: "/") { needsWork = true }
        if !needsWork { return path }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        return parts.joined(separator: "/")
    }

    // MARK: - Compilation

    private static func tokenize(_ bytes: ArraySlice<UInt8>, pattern: String) throws(GlobError) -> [GlobToken] {
        var tokens: [GlobToken] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty { tokens.append(.literal(literal)); literal = [] }
        }
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\\"):
                guard i + 1 < end else { throw .danglingEscape(pattern: pattern) }
                literal.append(bytes[i + 1])
                i += 2
            case UInt8(ascii: "*"):
                flush()
                var j = i
                while j < end, bytes[j] == UInt8(ascii: "*") { j += 1 }
                tokens.append(j - i >= 2 ? .doubleStar : .star)
                i = j
            case UInt8(ascii: "?"):
                flush()
                tokens.append(.anyCharacter)
                i += 1
            case UInt8(ascii: "["):
                flush()
                let (cls, next) = try parseClass(bytes, openAt: i, pattern: pattern)
                tokens.append(.characterClass(cls))
                i = next
            case UInt8(ascii: "/"):
                flush()
                tokens.append(.separator)
                i += 1
            default:
                literal.append(byte)
                i += 1
            }
        }
        flush()
        return tokens
    }

    /// Parses `[...]` starting at `open`; returns the class and the index after `]`.
    private static func parseClass(_ bytes: ArraySlice<UInt8>, openAt open: Int, pattern: String) throws(GlobError) -> (GlobClass, Int) {
        let end = bytes.endIndex
        let offset = open - bytes.startIndex
        var i = open + 1
        var negated = false
        if i < end, bytes[i] == UInt8(ascii: "!") || bytes[i] == UInt8(ascii: "^") {
            negated = true
            i += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true

        func readMember(_ i: inout Int) throws(GlobError) -> UInt32 {
            if bytes[i] == UInt8(ascii: "\\") {
                i += 1
                guard i < end else { throw .unclosedCharacterClass(pattern: pattern, offset: offset) }
            }
            if bytes[i] == UInt8(ascii: "/") { throw .slashInCharacterClass(pattern: pattern, offset: offset) }
            let (scalar, length) = decodeScalar(bytes, i)
            i += length
            return scalar
        }

        while true {
            guard i < end else { throw .unclosedCharacterClass(pattern: pattern, offset: offset) }
            if bytes[i] == UInt8(ascii: "]") && !first { break }
            first = false
            let low = try readMember(&i)
            if i + 1 < end, bytes[i] == UInt8(ascii: "-"), bytes[i + 1] != UInt8(ascii: "]") {
                i += 1
                let high = try readMember(&i)
                guard low <= high else { throw .invalidRange(pattern: pattern, offset: offset) }
                ranges.append(low...high)
            } else {
                ranges.append(low...low)
            }
        }
        return (GlobClass(negated: negated, ranges: ranges), i + 1)
    }
}

// MARK: - Compiled representation

enum GlobToken: Sendable {
    case literal([UInt8])
    case star
    case doubleStar
    case anyCharacter
    case characterClass(GlobClass)
    case separator
}

struct GlobClass: Sendable {
    let negated: Bool
    let ranges: [ClosedRange<UInt32>]

    @inline(__always)
    func contains(_ scalar: UInt32) -> Bool {
        var found = false
        for range in ranges where range.contains(scalar) { found = true; break }
        return found != negated
    }
}

/// One path component of a pattern, specialised for the common shapes.
enum GlobComponent: Sendable {
    case anyDirectories          // `**`
    case any                     // `*`
    case literal([UInt8])        // `build`
    case suffix([UInt8])         // `*.py`
    case prefix([UInt8])         // `test_*`
    case wildcard([GlobToken])   // anything else (no separators, no doubleStar)

    static func compile(_ tokens: [GlobToken], allowDirectories: Bool) -> GlobComponent {
        if tokens.count == 1, case .doubleStar = tokens[0] {
            return allowDirectories ? .anyDirectories : .any
        }
        // Merge literals and stars; `**` inside a component is a plain `*`.
        var merged: [GlobToken] = []
        for token in tokens {
            switch token {
            case .star, .doubleStar:
                if case .star? = merged.last { continue }
                merged.append(.star)
            case let .literal(bytes):
                if case let .literal(previous)? = merged.last {
                    merged[merged.count - 1] = .literal(previous + bytes)
                } else {
                    merged.append(.literal(bytes))
                }
            default:
                merged.append(token)
            }
        }
        switch merged.count {
        case 1:
            if case .star = merged[0] { return .any }
            if case let .literal(bytes) = merged[0] { return .literal(bytes) }
        case 2:
            if case .star = merged[0], case let .literal(bytes) = merged[1] { return .suffix(bytes) }
            if case let .literal(bytes) = merged[0], case .star = merged[1] { return .prefix(bytes) }
        default:
            break
        }
        return .wildcard(merged)
    }

    @inline(__always)
    func matches(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        switch self {
        case .anyDirectories, .any:
            return true
        case let .literal(bytes):
            return end - start == bytes.count && bytesEqual(text, start, bytes)
        case let .suffix(bytes):
            return end - start >= bytes.count && bytesEqual(text, end - bytes.count, bytes)
        case let .prefix(bytes):
            return end - start >= bytes.count && bytesEqual(text, start, bytes)
        case let .wildcard(tokens):
            return matchTokens(tokens, text, start, end)
        }
    }
}

@inline(__always)
private func bytesEqual(_ text: UnsafeBufferPointer<UInt8>, _ at: Int, _ bytes: [UInt8]) -> Bool {
    var k = 0
    while k < bytes.count {
        if text[at + k] != bytes[k] { return false }
        k += 1
    }
    return true
}

/// Length of the UTF-8 sequence starting with `lead` (1 for invalid bytes).
@inline(__always)
private func scalarLength(_ lead: UInt8) -> Int {
    if lead < 0xC0 { return 1 }
    if lead < 0xE0 { return 2 }
    if lead < 0xF0 { return 3 }
    return 4
}

/// Decodes one scalar; invalid sequences decode as the single byte value.
private func decodeScalar<C: RandomAccessCollection>(_ bytes: C, _ i: C.Index) -> (UInt32, Int)
where C.Element == UInt8, C.Index == Int {
    let lead = bytes[i]
    let length = scalarLength(lead)
    if length == 1 || i + length > bytes.endIndex { return (UInt32(lead), 1) }
    var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
    for k in 1..<length {
        let byte = bytes[i + k]
        guard byte & 0xC0 == 0x80 else { return (UInt32(lead), 1) }
        value = value << 6 | UInt32(byte & 0x3F)
    }
    return (value, length)
}

/// Matches one component against tokens with `*` backtracking (linear in practice).
private func matchTokens(_ tokens: [GlobToken], _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
    var ti = 0
    var si = start
    var starToken = -1
    var starText = start
    while true {
        if ti < tokens.count {
            switch tokens[ti] {
            case .star, .doubleStar:
                if ti == tokens.count - 1 { return true }
                starToken = ti
                starText = si
                ti += 1
                continue
            case let .literal(bytes):
                if end - si >= bytes.count && bytesEqual(text, si, bytes) {
                    si += bytes.count
                    ti += 1
                    continue
                }
            case .anyCharacter:
                if si < end {
                    si = min(end, si + scalarLength(text[si]))
                    ti += 1
                    continue
                }
            case let .characterClass(cls):
                if si < end {
                    let slice = UnsafeBufferPointer(rebasing: text[si..<end])
                    let (scalar, length) = decodeScalar(slice, 0)
                    if cls.contains(scalar) {
                        si += length
                        ti += 1
                        continue
                    }
                }
            case .separator:
                return false
            }
        } else if si == end {
            return true
        }
        // Mismatch: let the last `*` swallow one more character.
        guard starToken >= 0, starText < end else { return false }
        starText = min(end, starText + scalarLength(text[starText]))
        si = starText
        ti = starToken + 1
    }
}

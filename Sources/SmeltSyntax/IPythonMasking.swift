/// Replaces IPython-only syntax in a notebook cell (magics, shell escapes, help, automagics)
/// with valid Python of the same shape, so the cell can be parsed and linted while every
/// line keeps its number and every character its column.

public struct MaskedSource: Sendable {
    /// Same lines, and same code-point columns, as the input; IPython syntax replaced by valid Python.
    public let text: SourceText
    /// 1-based lines that held IPython syntax.
    public let maskedLines: Set<Int>
    /// The cell magic's name (e.g. "bash") when the whole cell is a non-Python cell magic:
    /// then do not lint it (`text` is the unchanged input).
    public let skippedCellMagic: String?
}

public enum IPythonMasking {
    /// Cell magics whose body is Python: only their first line is masked.
    public static let pythonCellMagics: Set<String> = ["time", "timeit", "capture", "prun"]

    /// Line magics recognised without `%` (automagic) at the start of a statement, or shell
    /// aliases IPython defines on POSIX (`ls`, `cat`, `rm`, ...).
    public static let automagicNames: Set<String> = [
        // Asked for explicitly.
        "cd", "ls", "pwd", "pip", "conda", "cat", "clear", "env", "mkdir", "less", "man", "rm", "mv", "cp",
        "history", "who", "whos", "load_ext", "matplotlib", "time", "timeit", "reset",
        // Other common line magics and aliases.
        "rmdir", "lsmagic", "alias", "unalias", "bookmark", "dhist", "dirs", "pushd", "popd", "reload_ext",
        "unload_ext", "run", "load", "autoreload", "aimport", "pylab", "prun", "psearch", "pdef", "pdoc",
        "pinfo", "pinfo2", "pfile", "psource", "precision", "rehashx", "store", "xdel", "who_ls", "sx",
        "system", "xmode", "mamba", "micromamba", "pycat", "ll", "lf", "lk", "lx", "ldir", "tb", "debug",
        "doctest_mode", "killbgscripts", "alias_magic",
    ]

    /// Whether some line starts (after indentation) with an automagic name: only then do the
    /// names bound in the notebook matter. A quick byte scan, no tokenizing.
    public static func mayHaveAutomagic(_ source: SourceText) -> Bool {
        source.bytes.withUnsafeBufferPointer { buf -> Bool in
            for line in 0..<source.lineCount {
                let hi = source.lineContentEnd(line)
                var s = source.lineStarts[line]
                while s < hi, buf[s] == 0x20 || buf[s] == 0x09 { s += 1 }
                var e = s
                while e < hi, isIdentifierByte(buf[e]) { e += 1 }
                if e > s, e - s <= 16, automagicNames.contains(String(decoding: UnsafeBufferPointer(rebasing: buf[s..<e]), as: UTF8.self)) {
                    return true
                }
            }
            return false
        }
    }

    /// Whether the text may hold IPython syntax at all: `%`, `!`, `?` or an automagic name.
    /// When it does not, masking would return it unchanged.
    public static func mayNeedMasking(_ source: SourceText) -> Bool {
        source.bytes.contains { $0 == 0x25 || $0 == 0x21 || $0 == 0x3F } || mayHaveAutomagic(source)
    }

    /// The name of the cell magic (`%%name`) on the first non-blank line, if any.
    static func cellMagicName(_ source: SourceText) -> String? {
        source.bytes.withUnsafeBufferPointer { buf -> String? in
            for line in 0..<source.lineCount {
                let lo = source.lineStarts[line], hi = source.lineContentEnd(line)
                var s = lo
                while s < hi, buf[s] == 0x20 || buf[s] == 0x09 || buf[s] == 0x0C { s += 1 }
                if s == hi { continue }
                guard s + 1 < hi, buf[s] == 0x25, buf[s + 1] == 0x25 else { return nil }
                var e = s + 2
                while e < hi, isIdentifierByte(buf[e]) { e += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: buf[(s + 2)..<e]), as: UTF8.self)
            }
            return nil
        }
    }

    /// Masks IPython syntax in one cell.
    ///
    /// `boundNames`: names bound as Python names anywhere in the notebook, so `ls = 3`
    /// followed by `ls` is Python, not an automagic.
    public static func mask(_ source: SourceText, boundNames: Set<String>) -> MaskedSource {
        source.bytes.withUnsafeBufferPointer { buf in
            var masker = Masker(buf: buf, source: source, boundNames: boundNames)
            return masker.run()
        }
    }

    /// A cheap scan of code cells for names bound by Python syntax. Heuristics (over tokens,
    /// strings and comments skipped): `import a.b` binds `a`; `import a as b`, `from m import a as b`,
    /// `with ... as b`, `except E as b` bind `b`; `from m import a, b` binds `a`, `b` (not `*`);
    /// `def f(x, *y, **z)` binds `f`, `x`, `y`, `z`; `class C` binds `C`; `for` targets (also in
    /// comprehensions), `lambda` parameters, `n := ...`; the plain names of assignment targets
    /// (`a = `, `a, (b, c) = `, `[a, *b] = `, `a = b = `, `a += `, `a: int = `, not `a.b = ` or
    /// `a[i] = `). `x = !ls` and `%time y = f()` bind `x` and `y`; `!cmd` lines bind nothing;
    /// cells under a non-Python cell magic (`%%bash`, ...) are not scanned.
    public static func boundNames(in cells: [SourceText]) -> Set<String> {
        var names = Set<String>()
        var tokens: [PyToken] = []
        for cell in cells {
            if let magic = cellMagicName(cell), !pythonCellMagics.contains(magic) { continue }
            tokens.removeAll(keepingCapacity: true)
            cell.bytes.withUnsafeBufferPointer { buf in
                var state = PyLineState()
                for line in 0..<cell.lineCount {
                    let lo = cell.lineStarts[line]
                    let hi = cell.lineContentEnd(line)
                    PyLexer.scanLine(buf, lo, hi, &state, &tokens, collect: true)
                    if state.atStatementStart, let last = tokens.last, last.kind != .newline {
                        tokens.append(PyToken(kind: .newline, lo: hi, hi: hi))
                    }
                }
                var start = 0
                for k in 0...tokens.count {
                    if k == tokens.count || tokens[k].kind == .newline || tokens[k].isOp(";") {
                        if k > start {
                            BindingCollector(buf: buf, toks: tokens[start..<k]).collect(into: &names)
                        }
                        start = k + 1
                    }
                }
            }
        }
        return names
    }
}

// MARK: - Masking

private struct Masker {
    let buf: UnsafeBufferPointer<UInt8>
    let source: SourceText
    let boundNames: Set<String>
    var out: [UInt8] = []
    var masked = Set<Int>()

    init(buf: UnsafeBufferPointer<UInt8>, source: SourceText, boundNames: Set<String>) {
        self.buf = buf
        self.source = source
        self.boundNames = boundNames
    }

    mutating func run() -> MaskedSource {
        let lineCount = source.lineCount
        // A cell magic on the first non-blank line.
        var cellMagicLine = -1
        if let name = IPythonMasking.cellMagicName(source) {
            for line in 0..<lineCount where skipSpaces(source.lineStarts[line], source.lineContentEnd(line)) < source.lineContentEnd(line) {
                cellMagicLine = line
                break
            }
            if !name.isEmpty, !IPythonMasking.pythonCellMagics.contains(name) {
                return MaskedSource(text: source, maskedLines: [cellMagicLine + 1], skippedCellMagic: name)
            }
        }

        out.reserveCapacity(buf.count)
        var state = PyLineState()
        var magicContinues = false
        var dummy: [PyToken] = []
        for line in 0..<lineCount {
            let lo = source.lineStarts[line]
            let hi = source.lineContentEnd(line)
            let next = line + 1 < lineCount ? source.lineStarts[line + 1] : buf.count
            var maskFrom: Int? = nil
            if line == cellMagicLine {
                maskFrom = lo
            } else if magicContinues {
                maskFrom = lo
            } else if state.atStatementStart {
                maskFrom = magicStart(lo, hi)
            }
            if let from = maskFrom, !magicContinues, line != cellMagicLine, from == skipSpaces(lo, hi),
               let body = timedStatementStart(from, hi) {
                // `%time x = f()`: keep the statement, so its names are read and bound; the
                // magic becomes `0;` and spaces (same columns, valid Python).
                copy(lo, from)
                out.append(0x30)
                out.append(0x3B)
                appendSpaces(from + 2, body)
                copy(body, next)
                masked.insert(line + 1)
                state = PyLineState()
                PyLexer.scanLine(buf, body, hi, &state, &dummy, collect: false)
            } else if let from = maskFrom {
                copy(lo, from)
                if magicContinues {
                    appendSpaces(from, hi)  // the rest of a magic continued with `\`: a blank line
                } else {
                    appendMask(from, hi)
                }
                copy(hi, next)
                masked.insert(line + 1)
                magicContinues = line != cellMagicLine && hi > lo && buf[hi - 1] == 0x5C
                state = PyLineState()
            } else {
                PyLexer.scanLine(buf, lo, hi, &state, &dummy, collect: false)
                copy(lo, next)
            }
        }
        return MaskedSource(text: SourceText(utf8: out), maskedLines: masked, skippedCellMagic: nil)
    }

    /// For `%time stmt`, `%timeit stmt` and `%prun stmt` (no options), where `stmt` starts.
    func timedStatementStart(_ from: Int, _ hi: Int) -> Int? {
        guard buf[from] == 0x25, from + 1 < hi, buf[from + 1] != 0x25 else { return nil }
        var k = from + 1
        while k < hi, isIdentifierByte(buf[k]) { k += 1 }
        let name = String(decoding: UnsafeBufferPointer(rebasing: buf[(from + 1)..<k]), as: UTF8.self)
        guard name == "time" || name == "timeit" || name == "prun", k < hi, buf[k] == 0x20 || buf[k] == 0x09 else { return nil }
        let body = skipSpaces(k, hi)
        guard body < hi, buf[body] != 0x2D, buf[body] != 0x23 else { return nil }  // options or a comment
        return body
    }

    mutating func copy(_ lo: Int, _ hi: Int) {
        if hi > lo { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[lo..<hi])) }
    }

    /// Appends one ASCII character per code point of `buf[lo..<hi]`: `...` then spaces, or
    /// `0` / `0 ` when fewer than three fit.
    mutating func appendMask(_ lo: Int, _ hi: Int) {
        var count = 0
        for k in lo..<max(lo, hi) where buf[k] & 0xC0 != 0x80 { count += 1 }
        switch count {
        case 0: break
        case 1: out.append(0x30)
        case 2: out.append(0x30); out.append(0x20)
        default:
            out.append(0x2E); out.append(0x2E); out.append(0x2E)
            for _ in 3..<count { out.append(0x20) }
        }
    }

    mutating func appendSpaces(_ lo: Int, _ hi: Int) {
        for k in lo..<max(lo, hi) where buf[k] & 0xC0 != 0x80 { out.append(0x20) }
    }

    func skipSpaces(_ lo: Int, _ hi: Int) -> Int {
        var s = lo
        while s < hi, buf[s] == 0x20 || buf[s] == 0x09 || buf[s] == 0x0C { s += 1 }
        return s
    }

    /// Where the IPython part of a line that starts a statement begins, or nil for Python.
    func magicStart(_ lo: Int, _ hi: Int) -> Int? {
        let s = skipSpaces(lo, hi)
        guard s < hi else { return nil }
        switch buf[s] {
        case 0x25, 0x21, 0x3F:  // % ! ?  (never valid at the start of a Python statement)
            return s
        default:
            break
        }
        if isHelpEnd(s, hi) || isAutomagic(s, hi) { return s }
        return assignedMagic(s, hi)
    }

    /// `name?`, `a.b??`, `%magic?`, `np.*load*?`: a (dotted, maybe wildcard) name then `?` or `??`.
    func isHelpEnd(_ s: Int, _ hi: Int) -> Bool {
        var e = hi
        while e > s, buf[e - 1] == 0x20 || buf[e - 1] == 0x09 { e -= 1 }
        guard e > s, buf[e - 1] == 0x3F else { return false }
        e -= 1
        if e > s, buf[e - 1] == 0x3F { e -= 1 }
        var k = s
        var percents = 0
        while k < e, buf[k] == 0x25, percents < 2 { k += 1; percents += 1 }
        guard k < e else { return false }
        var segmentStart = true
        while k < e {
            let b = buf[k]
            if b == 0x2E {
                if segmentStart { return false }
                segmentStart = true
            } else if isIdentifierByte(b) || b == 0x2A {
                if segmentStart, b >= 0x30, b <= 0x39 { return false }
                segmentStart = false
            } else {
                return false
            }
            k += 1
        }
        return !segmentStart
    }

    /// An automagic (`cd ..`, `ls -la`, `pip install x`, bare `pwd`) whose name is not bound in
    /// the notebook and whose rest does not make the line Python.
    func isAutomagic(_ s: Int, _ hi: Int) -> Bool {
        var k = s
        guard k < hi, isIdentifierStart(buf[k]) else { return false }
        while k < hi, isIdentifierByte(buf[k]) { k += 1 }
        guard k - s <= 16 else { return false }
        if k < hi, buf[k] >= 0x80 { return false }  // a longer, non-ASCII identifier
        let name = String(decoding: UnsafeBufferPointer(rebasing: buf[s..<k]), as: UTF8.self)
        guard IPythonMasking.automagicNames.contains(name), !boundNames.contains(name) else { return false }
        let hadSpace = k < hi && (buf[k] == 0x20 || buf[k] == 0x09)
        let j = skipSpaces(k, hi)
        if j == hi || buf[j] == 0x23 { return true }  // bare name (maybe with a comment)
        // `ls-1`, `cd.x`, `pwd()`, `ls[0]`, `ls,x`, `ls=3`, `ls:int`: the name is part of Python.
        if !hadSpace { return false }
        let c = buf[j]
        let c1: UInt8 = j + 1 < hi ? buf[j + 1] : 0
        let c2: UInt8 = j + 2 < hi ? buf[j + 2] : 0
        switch c {
        case 0x3D, 0x28, 0x5B, 0x7B, 0x2C, 0x3A, 0x3B, 0x29, 0x5D, 0x7D:  // = ( [ { , : ; ) ] }
            return false
        case 0x2B, 0x2D, 0x2A, 0x2F, 0x25, 0x40, 0x26, 0x7C, 0x5E, 0x21, 0x3C, 0x3E:  // + - * / % @ & | ^ ! < >
            if c1 == 0x3D { return false }  // `pip += 1`, `ls != 3`, `ls <= 3`
            if (c == 0x2A || c == 0x2F || c == 0x3C || c == 0x3E), c1 == c, c2 == 0x3D { return false }  // **= //= <<= >>=
            return true
        default:
            break
        }
        // `time if x else y`, `ls is None`, `cd in dirs`, `ls and x`...
        for word in pythonInfixWords where matchesWord(word, j, hi) { return false }
        return true
    }

    func matchesWord(_ word: [UInt8], _ j: Int, _ hi: Int) -> Bool {
        guard j + word.count <= hi else { return false }
        for (k, b) in word.enumerated() where buf[j + k] != b { return false }
        return j + word.count == hi || !isIdentifierByte(buf[j + word.count])
    }

    /// `x = %time f()`, `files = !ls`, `a, b = %sx ls`: where the magic after the first plain
    /// `=` at bracket depth 0 begins.
    func assignedMagic(_ s: Int, _ hi: Int) -> Int? {
        var k = s
        var depth = 0
        while k < hi {
            let b = buf[k]
            switch b {
            case 0x23:
                return nil
            case 0x22, 0x27:
                // A string on the left-hand side: skip it (a triple-quoted one: give up).
                if k + 2 < hi, buf[k + 1] == b, buf[k + 2] == b { return nil }
                k += 1
                while k < hi, buf[k] != b {
                    if buf[k] == 0x5C { k += 1 }
                    k += 1
                }
            case 0x28, 0x5B, 0x7B:
                depth += 1
            case 0x29, 0x5D, 0x7D:
                depth = max(0, depth - 1)
            case 0x3D where depth == 0:
                let prev: UInt8 = k > s ? buf[k - 1] : 0
                let next: UInt8 = k + 1 < hi ? buf[k + 1] : 0
                if next == 0x3D { k += 2; continue }  // ==
                if isOperatorBeforeEquals(prev) { k += 1; continue }  // != <= >= := += ...
                let j = skipSpaces(k + 1, hi)
                guard j < hi else { return nil }
                if buf[j] == 0x21, !(j + 1 < hi && buf[j + 1] == 0x3D) { return j }
                if buf[j] == 0x25, j + 1 < hi, isIdentifierStart(buf[j + 1]) || buf[j + 1] == 0x25 { return j }
                return nil
            default:
                break
            }
            k += 1
        }
        return nil
    }

    func isOperatorBeforeEquals(_ b: UInt8) -> Bool {
        switch b {
        case 0x3D, 0x21, 0x3C, 0x3E, 0x3A, 0x2B, 0x2D, 0x2A, 0x2F, 0x25, 0x40, 0x26, 0x7C, 0x5E: return true
        default: return false
        }
    }
}

private let pythonInfixWords: [[UInt8]] = ["if", "else", "is", "in", "not", "and", "or", "for"].map { Array($0.utf8) }

@inline(__always)
private func isIdentifierStart(_ b: UInt8) -> Bool {
    (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b >= 0x80
}

@inline(__always)
private func isIdentifierByte(_ b: UInt8) -> Bool {
    isIdentifierStart(b) || (b >= 0x30 && b <= 0x39)
}

// MARK: - A line-oriented Python lexer (just enough for masking and bound names)

/// What carries from one physical line to the next.
private struct PyLineState {
    /// The quote of a string still open at the end of the previous line, 0 when none.
    var quote: UInt8 = 0
    var triple = false
    /// Open brackets.
    var depth = 0
    /// The previous line ended with a backslash continuation.
    var continued = false

    /// Whether the next line starts a new statement.
    var atStatementStart: Bool { quote == 0 && depth == 0 && !continued }
}

private struct PyToken {
    enum Kind: UInt8 { case name, op, string, number, newline }
    var kind: Kind
    var lo: Int
    var hi: Int
    /// Up to three operator bytes, packed little-endian.
    var op: UInt32 = 0

    init(kind: Kind, lo: Int, hi: Int, op: UInt32 = 0) {
        self.kind = kind
        self.lo = lo
        self.hi = hi
        self.op = op
    }

    func isOp(_ s: StaticString) -> Bool { kind == .op && op == packOp(s) }
}

@inline(__always)
private func packOp(_ s: StaticString) -> UInt32 {
    var v: UInt32 = 0
    let p = s.utf8Start
    for k in 0..<min(3, s.utf8CodeUnitCount) { v |= UInt32(p[k]) << (8 * UInt32(k)) }
    return v
}

private enum PyLexer {
    private static let threeByteOps: [UInt32] = ["**=", "//=", ">>=", "<<=", "..."].map { op3($0) }
    private static let twoByteOps: [UInt32] = [
        "==", "!=", "<=", ">=", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "->", "**", "//", ">>", "<<",
    ].map { op3($0) }

    private static func op3(_ s: String) -> UInt32 {
        var v: UInt32 = 0
        for (k, b) in s.utf8.enumerated() { v |= UInt32(b) << (8 * UInt32(k)) }
        return v
    }

    /// Scans one physical line `buf[lo..<hi]` (without its terminator), updating `state`;
    /// appends tokens when `collect`.
    static func scanLine(
        _ buf: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int, _ state: inout PyLineState,
        _ tokens: inout [PyToken], collect: Bool
    ) {
        var i = lo
        state.continued = false
        if state.quote != 0 {
            let start = i
            let (end, closed) = scanStringBody(buf, i, hi, quote: state.quote, triple: state.triple)
            i = end
            if !closed {
                // Still open: a triple-quoted string goes on; a single-quoted one only after `\`.
                if !state.triple && !(hi > lo && endsWithEscapingBackslash(buf, lo, hi)) { state.quote = 0 }
                return
            }
            state.quote = 0
            if collect { tokens.append(PyToken(kind: .string, lo: start, hi: end)) }
        }
        while i < hi {
            let b = buf[i]
            switch b {
            case 0x20, 0x09, 0x0C:
                i += 1
            case 0x23:  // comment
                return
            case 0x5C:  // backslash continuation (or a stray backslash)
                if i + 1 == hi { state.continued = true }
                i += 1
            case 0x22, 0x27:
                i = scanString(buf, i, i, hi, &state, &tokens, collect: collect)
            case 0x30...0x39:
                let start = i
                i = scanNumber(buf, i, hi)
                if collect { tokens.append(PyToken(kind: .number, lo: start, hi: i)) }
            case 0x2E where i + 1 < hi && buf[i + 1] >= 0x30 && buf[i + 1] <= 0x39:
                let start = i
                i = scanNumber(buf, i, hi)
                if collect { tokens.append(PyToken(kind: .number, lo: start, hi: i)) }
            case _ where isIdentifierStart(b):
                let start = i
                while i < hi, isIdentifierByte(buf[i]) { i += 1 }
                if i < hi, buf[i] == 0x22 || buf[i] == 0x27, i - start <= 2, isStringPrefix(buf, start, i) {
                    i = scanString(buf, start, i, hi, &state, &tokens, collect: collect)
                } else if collect {
                    tokens.append(PyToken(kind: .name, lo: start, hi: i))
                }
            case 0x28, 0x5B, 0x7B:
                state.depth += 1
                if collect { tokens.append(PyToken(kind: .op, lo: i, hi: i + 1, op: UInt32(b))) }
                i += 1
            case 0x29, 0x5D, 0x7D:
                state.depth = max(0, state.depth - 1)
                if collect { tokens.append(PyToken(kind: .op, lo: i, hi: i + 1, op: UInt32(b))) }
                i += 1
            default:
                var len = 1
                if i + 2 < hi {
                    let v = UInt32(b) | UInt32(buf[i + 1]) << 8 | UInt32(buf[i + 2]) << 16
                    if threeByteOps.contains(v) { len = 3 }
                }
                if len == 1, i + 1 < hi {
                    let v = UInt32(b) | UInt32(buf[i + 1]) << 8
                    if twoByteOps.contains(v) { len = 2 }
                }
                if collect {
                    var v: UInt32 = 0
                    for k in 0..<len { v |= UInt32(buf[i + k]) << (8 * UInt32(k)) }
                    tokens.append(PyToken(kind: .op, lo: i, hi: i + len, op: v))
                }
                i += len
            }
        }
    }

    private static func isStringPrefix(_ buf: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Bool {
        for k in lo..<hi {
            switch buf[k] | 0x20 {
            case 0x72, 0x62, 0x75, 0x66, 0x74: continue  // r b u f t
            default: return false
            }
        }
        return true
    }

    /// Scans a string whose prefix starts at `start` and quote is at `q`; returns the index after it.
    private static func scanString(
        _ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ q: Int, _ hi: Int, _ state: inout PyLineState,
        _ tokens: inout [PyToken], collect: Bool
    ) -> Int {
        let quote = buf[q]
        let triple = q + 2 < hi && buf[q + 1] == quote && buf[q + 2] == quote
        let bodyStart = q + (triple ? 3 : 1)
        let (end, closed) = scanStringBody(buf, bodyStart, hi, quote: quote, triple: triple)
        if !closed {
            if triple || endsWithEscapingBackslash(buf, bodyStart, hi) {
                state.quote = quote
                state.triple = triple
            }
            return hi
        }
        if collect { tokens.append(PyToken(kind: .string, lo: start, hi: end)) }
        return end
    }

    /// Scans string contents from `i`; returns the index after the closing quote(s) and
    /// whether the string closed on this line.
    private static func scanStringBody(
        _ buf: UnsafeBufferPointer<UInt8>, _ from: Int, _ hi: Int, quote: UInt8, triple: Bool
    ) -> (Int, Bool) {
        var i = from
        while i < hi {
            let b = buf[i]
            if b == 0x5C {
                i += 2
                continue
            }
            if b == quote {
                if !triple { return (i + 1, true) }
                if i + 2 < hi, buf[i + 1] == quote, buf[i + 2] == quote { return (i + 3, true) }
            }
            i += 1
        }
        return (hi, false)
    }

    /// Whether the line ends with an odd run of backslashes (which escapes the newline).
    private static func endsWithEscapingBackslash(_ buf: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Bool {
        var k = hi
        var count = 0
        while k > lo, buf[k - 1] == 0x5C { k -= 1; count += 1 }
        return count % 2 == 1
    }

    private static func scanNumber(_ buf: UnsafeBufferPointer<UInt8>, _ from: Int, _ hi: Int) -> Int {
        var i = from
        while i < hi {
            let b = buf[i]
            if isIdentifierByte(b) || b == 0x2E {
                i += 1
            } else if (b == 0x2B || b == 0x2D), i > from, buf[i - 1] | 0x20 == 0x65, !(buf[from] == 0x30 && from + 1 < hi && buf[from + 1] | 0x20 == 0x78) {
                i += 1  // exponent sign (not in a hex literal)
            } else {
                break
            }
        }
        return i
    }
}

// MARK: - Bound names

private let pythonKeywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
    "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
]

private struct BindingCollector {
    let buf: UnsafeBufferPointer<UInt8>
    let toks: ArraySlice<PyToken>

    func text(_ t: PyToken) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buf[t.lo..<t.hi]), as: UTF8.self)
    }

    func isName(_ k: Int) -> Bool { k >= toks.startIndex && k < toks.endIndex && toks[k].kind == .name }

    func isKeyword(_ k: Int, _ word: String) -> Bool {
        isName(k) && toks[k].hi - toks[k].lo == word.utf8.count && text(toks[k]) == word
    }

    /// A name token that is not a keyword.
    func plainName(_ k: Int) -> String? {
        guard isName(k) else { return nil }
        let s = text(toks[k])
        return pythonKeywords.contains(s) ? nil : s
    }

    func collect(into names: inout Set<String>) {
        var first = toks.startIndex
        let end = toks.endIndex
        // `!cmd` binds nothing; `%magic stmt` (`%time x = f()`) binds what `stmt` binds.
        if toks[first].isOp("!") || toks[first].isOp("!=") || toks[first].isOp("?") { return }
        if toks[first].isOp("%") || toks[first].isOp("%=") {
            first += 1
            if first < end, toks[first].isOp("%") { first += 1 }
            if first < end, toks[first].kind == .name { first += 1 }
            guard first < end else { return }
        }
        if isKeyword(first, "import") {
            collectImport(from: first + 1, into: &names)
            return
        }
        if isKeyword(first, "from") {
            var k = first + 1
            while k < end, !isKeyword(k, "import") { k += 1 }
            collectImport(from: k + 1, into: &names)
            return
        }
        var s = first
        if isKeyword(s, "async") { s += 1 }
        if isKeyword(s, "def") || isKeyword(s, "class"), let name = plainName(s + 1) {
            names.insert(name)
            if isKeyword(s, "def") { collectParameters(from: s + 2, into: &names) }
        }
        // Patterns anywhere in the statement.
        var k = first
        while k < end {
            if isKeyword(k, "for") {
                var j = k + 1
                var depth = 0
                while j < end, !(depth == 0 && isKeyword(j, "in")) {
                    if toks[j].isOp("(") || toks[j].isOp("[") || toks[j].isOp("{") { depth += 1 }
                    if toks[j].isOp(")") || toks[j].isOp("]") || toks[j].isOp("}") { depth -= 1; if depth < 0 { break } }
                    j += 1
                }
                bindTargets(k + 1, j, into: &names)
            } else if isKeyword(k, "as") {
                if let name = plainName(k + 1) {
                    names.insert(name)
                } else if k + 1 < end, toks[k + 1].isOp("(") || toks[k + 1].isOp("[") {
                    var j = k + 2
                    var depth = 1
                    while j < end {
                        if toks[j].isOp("(") || toks[j].isOp("[") { depth += 1 }
                        if toks[j].isOp(")") || toks[j].isOp("]") { depth -= 1; if depth == 0 { break } }
                        j += 1
                    }
                    bindTargets(k + 2, j, into: &names)
                }
            } else if toks[k].isOp(":="), let name = plainName(k - 1) {
                names.insert(name)
            } else if isKeyword(k, "lambda") {
                var j = k + 1
                while j < end, !toks[j].isOp(":") {
                    if let name = plainName(j), j == k + 1 || toks[j - 1].isOp(",") || toks[j - 1].isOp("*") || toks[j - 1].isOp("**") {
                        names.insert(name)
                    }
                    j += 1
                }
            }
            k += 1
        }
        // Assignments: the targets are the segments before each `=` at depth 0.
        var depth = 0
        var segmentStart = first
        var sawAssign = false
        k = first
        while k < end {
            let t = toks[k]
            if t.isOp("(") || t.isOp("[") || t.isOp("{") {
                depth += 1
            } else if t.isOp(")") || t.isOp("]") || t.isOp("}") {
                depth = max(0, depth - 1)
            } else if depth == 0, t.kind == .op, t.isOp("=") {
                bindTargets(segmentStart, k, into: &names)
                segmentStart = k + 1
                sawAssign = true
            } else if depth == 0, !sawAssign, t.kind == .op, isAugmented(t) {
                bindTargets(first, k, into: &names)
                return
            }
            k += 1
        }
        if !sawAssign, let name = plainName(first), first + 1 < end, toks[first + 1].isOp(":") {
            names.insert(name)  // `x: int`
        }
    }

    func isAugmented(_ t: PyToken) -> Bool {
        for op in augmentedOps where t.op == op { return true }
        return false
    }

    func collectImport(from start: Int, into names: inout Set<String>) {
        var k = start
        let end = toks.endIndex
        var itemFirst: String? = nil
        var atItemStart = true
        while k < end {
            let t = toks[k]
            if t.isOp(",") || t.isOp(")") {
                if let n = itemFirst { names.insert(n) }
                itemFirst = nil
                atItemStart = true
            } else if isKeyword(k, "as") {
                if let alias = plainName(k + 1) { names.insert(alias) }
                itemFirst = nil
                k += 1
            } else if atItemStart, let n = plainName(k) {
                itemFirst = n
                atItemStart = false
            }
            k += 1
        }
        if let n = itemFirst { names.insert(n) }
    }

    func collectParameters(from start: Int, into names: inout Set<String>) {
        guard start < toks.endIndex, toks[start].isOp("(") else { return }
        var depth = 0
        var k = start
        while k < toks.endIndex {
            let t = toks[k]
            if t.isOp("(") || t.isOp("[") || t.isOp("{") {
                depth += 1
            } else if t.isOp(")") || t.isOp("]") || t.isOp("}") {
                depth -= 1
                if depth == 0 { return }
            } else if depth == 1, let name = plainName(k) {
                let prev = toks[k - 1]
                if prev.isOp("(") || prev.isOp(",") || prev.isOp("*") || prev.isOp("**") { names.insert(name) }
            }
            k += 1
        }
    }

    /// Binds the plain names of an assignment target `toks[lo..<hi]`.
    func bindTargets(_ lo: Int, _ hi: Int, into names: inout Set<String>) {
        guard lo < hi else { return }
        // `x: int = ...`
        if let name = plainName(lo), lo + 1 < hi, toks[lo + 1].isOp(":") {
            names.insert(name)
            return
        }
        // After a compound statement's header (`if c: x = 1`), only the part after the last `:`.
        var start = lo
        var depth = 0
        for k in lo..<hi {
            let t = toks[k]
            if t.isOp("(") || t.isOp("[") || t.isOp("{") { depth += 1 }
            else if t.isOp(")") || t.isOp("]") || t.isOp("}") { depth = max(0, depth - 1) }
            else if depth == 0, t.isOp(":") { start = k + 1 }
        }
        // Walk, tracking whether each open bracket is a subscript/call (binds nothing inside).
        var subscriptDepth = 0
        var stack: [Bool] = []
        var k = start
        while k < hi {
            let t = toks[k]
            if t.isOp("(") || t.isOp("[") || t.isOp("{") {
                var isSubscript = false
                if k > start {
                    let p = toks[k - 1]
                    isSubscript = (p.kind == .name && plainName(k - 1) != nil) || p.kind == .string || p.isOp(")") || p.isOp("]")
                }
                stack.append(isSubscript)
                if isSubscript { subscriptDepth += 1 }
            } else if t.isOp(")") || t.isOp("]") || t.isOp("}") {
                if let was = stack.popLast(), was { subscriptDepth -= 1 }
            } else if subscriptDepth == 0, let name = plainName(k) {
                let afterDot = k > start && toks[k - 1].isOp(".")
                let next = k + 1 < hi ? toks[k + 1] : nil
                let followed = next.map { $0.isOp(".") || $0.isOp("(") || $0.isOp("[") } ?? false
                if !afterDot && !followed { names.insert(name) }
            }
            k += 1
        }
    }
}

private let augmentedOps: [UInt32] = [
    packOp("+="), packOp("-="), packOp("*="), packOp("/="), packOp("%="), packOp("&="), packOp("|="),
    packOp("^="), packOp("@="), packOp("**="), packOp("//="), packOp(">>="), packOp("<<="),
]

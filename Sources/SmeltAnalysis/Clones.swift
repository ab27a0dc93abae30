import SmeltSyntax

/// Finds statement sequences with the same shape up to names and literals — copies that
/// want to be one parameterised function — within a document (across notebook cells).
public enum CloneDetector {
    /// One copy: a run of consecutive statements in one block of one unit.
    public struct Copy: Sendable {
        public let unit: Int
        public let statements: [Node]
    }

    /// Copies of one shape, and what differs between them (up to three examples, each the
    /// texts of one varying name or literal across the copies).
    public struct Group: Sendable {
        public let copies: [Copy]
        public let varying: [[String]]
    }

    /// A statement list (the module or a block) of one unit, with a shape hash, a size (in
    /// nodes) and whether it calls something, per statement.
    struct StatementBlock {
        let unit: Int
        let statements: [Node]
        let hashes: [UInt64]
        let sizes: [Int]
        let calls: [Bool]
    }

    /// The statement lists of a document with at least `minStatements` statements.
    static func statementBlocks(in document: Document, minStatements: Int) -> [StatementBlock] {
        var blocks: [StatementBlock] = []
        for unit in document.units {
            guard let tree = unit.tree, !tree.isTooDeep else { continue }
            let shape = shapes(tree)
            for j in 0..<tree.nodeCount {
                let s = tree.symbol(at: j)
                guard s == Py.module || s == Py.block else { continue }
                let statements = Array(tree.node(at: j).children).filter { $0.isNamed && $0.symbol != Py.comment }
                guard statements.count >= minStatements else { continue }
                blocks.append(StatementBlock(unit: unit.index, statements: statements,
                                             hashes: statements.map { shape.hash[$0.preorderIndex] },
                                             sizes: statements.map { shape.size[$0.preorderIndex] },
                                             calls: statements.map { shape.hasCall[$0.preorderIndex] }))
            }
        }
        return blocks
    }

    /// The windows of `minStatements` statements of a block worth comparing (they call
    /// something, hold at least `minNodes` nodes and import nothing), with their hashes.
    static func windows(_ block: StatementBlock, minStatements: Int, minNodes: Int) -> [(start: Int, hash: UInt64)] {
        var out: [(start: Int, hash: UInt64)] = []
        for start in 0...(block.statements.count - minStatements) {
            let range = start..<(start + minStatements)
            guard block.calls[range].contains(true), block.sizes[range].reduce(0, +) >= minNodes else { continue }
            if block.statements[range].contains(where: { isImport($0) }) { continue }
            out.append((start, windowHash(block.hashes[range])))
        }
        return out
    }

    /// The hash of a run of statements, from their shape hashes.
    public static func windowHash(_ hashes: ArraySlice<UInt64>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for x in hashes { h = mix(h, x) }
        return h
    }

    /// Groups of at least `minStatements` statements that repeat, the longest runs only.
    public static func groups(in document: Document, minStatements: Int, minNodes: Int = 40) -> [Group] {
        let blocks = statementBlocks(in: document, minStatements: minStatements)
        // Windows of `minStatements` statements, by combined hash.
        var windows: [UInt64: [(block: Int, start: Int)]] = [:]
        for (b, block) in blocks.enumerated() {
            for w in Self.windows(block, minStatements: minStatements, minNodes: minNodes) {
                windows[w.hash, default: []].append((b, w.start))
            }
        }
        var groups: [Group] = []
        var covered = Set<Int>()
        let repeated = windows.values.filter { $0.count >= 2 }
            .sorted { $0[0].block != $1[0].block ? $0[0].block < $1[0].block : $0[0].start < $1[0].start }
        for occurrences in repeated {
            // Keep copies that do not overlap each other.
            var copies: [(block: Int, start: Int)] = []
            for o in occurrences where !copies.contains(where: { $0.block == o.block && abs($0.start - o.start) < minStatements }) {
                copies.append(o)
            }
            guard copies.count >= 2 else { continue }
            // The longest run: extend while every copy's next statement has the same shape.
            var length = minStatements
            while copies.allSatisfy({ $0.start + length < blocks[$0.block].statements.count })
                    && Set(copies.map { blocks[$0.block].hashes[$0.start + length] }).count == 1
                    && !copies.contains(where: { c in copies.contains { $0.block == c.block && $0.start > c.start && $0.start < c.start + length + 1 } }) {
                length += 1
            }
            // A window inside a run already reported is not a new clone.
            if copies.contains(where: { covered.contains($0.block << 32 | $0.start) }) { continue }
            for c in copies {
                for k in 0..<length { covered.insert(c.block << 32 | (c.start + k)) }
            }
            let runs = copies.map { c in Copy(unit: blocks[c.block].unit, statements: Array(blocks[c.block].statements[c.start..<(c.start + length)])) }
            groups.append(Group(copies: runs, varying: varyingParts(runs)))
        }
        return groups
    }

    private static func isImport(_ node: Node) -> Bool {
        node.symbol == Py.importStatement || node.symbol == Py.importFromStatement || node.symbol == Py.futureImportStatement
    }

    /// Shape hashes of every node, bottom-up in one pass: names and literals become
    /// placeholders, attribute and keyword names stay (they are part of the shape).
    static func shapes(_ tree: Tree) -> (hash: [UInt64], size: [Int], hasCall: [Bool]) {
        let count = tree.nodeCount
        var hash = [UInt64](repeating: 0, count: count)
        var size = [Int](repeating: 1, count: count)
        var hasCall = [Bool](repeating: false, count: count)
        let identifier = Py.identifier, string = Py.string, integer = Py.integer, float = Py.float
        let concatenated = Py.concatenatedString, comment = Py.comment, call = Py.call, keyword = Py.keywordArgument
        let attributeField = PyField.attribute, nameField = PyField.name
        let bytes = tree.text.bytes
        for j in stride(from: count - 1, through: 0, by: -1) {
            let s = tree.symbol(at: j)
            var h = mix(0xCBF2_9CE4_8422_2325, UInt64(s.rawValue))
            if s == identifier || s == string || s == integer || s == float || s == concatenated {
                // A name or literal: a placeholder, unless it names an attribute or keyword.
                let field = tree.field(at: j)
                if field == attributeField || (field == nameField && s == identifier && tree.symbol(at: tree.parentIndex(at: j)) == keyword) {
                    let r = tree.byteRange(at: j)
                    var t: UInt64 = 0xCBF2_9CE4_8422_2325
                    for k in r.lowerBound..<r.upperBound { t = (t ^ UInt64(bytes[k])) &* 0x0000_0100_0000_01B3 }
                    h = mix(h, t)
                }
                hash[j] = h
                continue
            }
            var c = tree.firstChildIndex(at: j)
            while c >= 0 {
                if tree.symbol(at: c) != comment {
                    h = mix(h, hash[c])
                    size[j] += size[c]
                    if hasCall[c] { hasCall[j] = true }
                }
                c = tree.nextSiblingIndex(at: c)
            }
            if s == call { hasCall[j] = true }
            hash[j] = h
        }
        return (hash, size, hasCall)
    }

    /// Names and literals (leaves) of each copy, in order; where the copies differ.
    private static func varyingParts(_ copies: [Copy]) -> [[String]] {
        let leaves = copies.map { copy -> [String] in
            var out: [String] = []
            for statement in copy.statements {
                statement.walk { n in
                    let s = n.symbol
                    if s == Py.identifier || s == Py.string || s == Py.integer || s == Py.float {
                        out.append(n.text)
                        return false
                    }
                    return s != Py.comment
                }
            }
            return out
        }
        guard let n = leaves.map(\.count).min() else { return [] }
        var seen = Set<[String]>()
        var varying: [[String]] = []
        for k in 0..<n {
            let values = leaves.map { $0[k] }
            guard Set(values).count > 1, seen.insert(values).inserted else { continue }
            varying.append(values)
            if varying.count == 3 { break }
        }
        return varying
    }

    @inline(__always) static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var x = a ^ (b &+ 0x9E37_79B9_7F4A_7C15 &+ (a << 6) &+ (a >> 2))
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }

    static func fnv(_ s: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}

/// A document's statement lists in a compact form (hashes and places, no trees), so that
/// documents can be compared with each other after they are linted: the cross-file pass of
/// duplicated code.
public struct CloneSignature: Sendable {
    /// One statement list with at least one window worth comparing.
    public struct Block: Sendable {
        public let unit: Int
        /// The shape hash of each statement.
        public let hashes: [UInt64]
        /// Each statement's byte range in the unit's text.
        public let startBytes: [Int32]
        public let endBytes: [Int32]
        /// Each statement's first and last line in the unit (1-based).
        public let startLines: [Int32]
        public let endLines: [Int32]
        /// The windows of `minStatements` statements worth comparing.
        public let windows: [Window]
    }

    public struct Window: Sendable {
        /// Index of the window's first statement in the block.
        public let start: Int32
        public let hash: UInt64
    }

    public let blocks: [Block]
    /// The window length the signature was made with.
    public let minStatements: Int

    public var isEmpty: Bool { blocks.isEmpty }
}

extension CloneDetector {
    /// The signature of a document for cross-file comparison: every statement list with a
    /// window worth comparing, leaving out the units `skipUnit` names.
    ///
    /// The windows are those `groups(in:)` compares, less the lists of one statement shape
    /// (`hour = _index(hour)`, `minute = _index(minute)`…, or `if x: args.append("-x")` four
    /// times): no shape may make up more than half of a window. Files unrelated to each other
    /// share such lists by chance; within one file they are still compared.
    public static func signature(of document: Document, minStatements: Int, minNodes: Int = 40,
                                 skipUnit: (Int) -> Bool = { _ in false }) -> CloneSignature {
        var out: [CloneSignature.Block] = []
        for block in statementBlocks(in: document, minStatements: minStatements) where !skipUnit(block.unit) {
            let windows = Self.windows(block, minStatements: minStatements, minNodes: minNodes).filter { w in
                var counts: [UInt64: Int] = [:]
                for h in block.hashes[w.start..<(w.start + minStatements)] { counts[h, default: 0] += 1 }
                return counts.values.max()! * 2 <= minStatements
            }
            guard !windows.isEmpty else { continue }
            let text = document.units[block.unit].text
            out.append(CloneSignature.Block(
                unit: block.unit, hashes: block.hashes,
                startBytes: block.statements.map { Int32($0.startByte) },
                endBytes: block.statements.map { Int32($0.endByte) },
                startLines: block.statements.map { Int32(text.lineIndex(ofByte: $0.startByte) + 1) },
                endLines: block.statements.map { Int32(text.lineIndex(ofByte: max($0.startByte, $0.endByte - 1)) + 1) },
                windows: windows.map { CloneSignature.Window(start: Int32($0.start), hash: $0.hash) }))
        }
        return CloneSignature(blocks: out, minStatements: minStatements)
    }
}

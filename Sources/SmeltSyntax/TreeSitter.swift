import CTreeSitter
import TreeSitterPython

/// A tree-sitter language. Immutable and shared: the C object is static data.
public struct Language: @unchecked Sendable {
    let raw: OpaquePointer

    /// The Python grammar compiled into the `TreeSitterPython` target.
    public static let python = Language(raw: tree_sitter_python())

    /// The grammar's ABI version.
    public var abiVersion: Int { Int(ts_language_version(raw)) }
    /// The ABI versions the linked tree-sitter runtime accepts.
    public static let supportedABIVersions = Int(TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION)...Int(TREE_SITTER_LANGUAGE_VERSION)

    public var symbolCount: Int { Int(ts_language_symbol_count(raw)) }

    /// The numeric id of a node kind; 0 when the grammar has no such kind.
    public func symbol(_ name: String, named: Bool = true) -> Symbol {
        let id = name.withCString { ts_language_symbol_for_name(raw, $0, UInt32(name.utf8.count), named) }
        return Symbol(rawValue: id)
    }

    public func symbolName(_ symbol: Symbol) -> String {
        guard let p = ts_language_symbol_name(raw, symbol.rawValue) else { return "?" }
        return String(cString: p)
    }

    /// The numeric id of a field name; 0 when the grammar has no such field.
    public func field(_ name: String) -> Field {
        Field(rawValue: name.withCString { ts_language_field_id_for_name(raw, $0, UInt32(name.utf8.count)) })
    }
}

/// A node kind, compared as a number (looked up once per name, see `PythonSymbols`).
@frozen public struct Symbol: Hashable, Sendable, RawRepresentable {
    public let rawValue: UInt16
    @inlinable public init(rawValue: UInt16) { self.rawValue = rawValue }
}

/// A field of a node (`name`, `body`, `function`, ...), looked up once per name.
@frozen public struct Field: Hashable, Sendable, RawRepresentable {
    public let rawValue: UInt16
    @inlinable public init(rawValue: UInt16) { self.rawValue = rawValue }
}

public enum ParserError: Error, CustomStringConvertible, Sendable {
    case incompatibleLanguage(abi: Int)
    case parseFailed

    public var description: String {
        switch self {
        case let .incompatibleLanguage(abi):
            return "the tree-sitter runtime does not accept the Python grammar (grammar ABI \(abi), runtime accepts \(Language.supportedABIVersions))"
        case .parseFailed:
            return "tree-sitter could not parse the text"
        }
    }
}

/// A tree-sitter parser. Not thread-safe: use one per worker.
public final class Parser {
    private let raw: OpaquePointer

    public init(language: Language = .python) throws(ParserError) {
        guard let p = ts_parser_new() else { throw .parseFailed }
        raw = p
        guard ts_parser_set_language(raw, language.raw) else {
            ts_parser_delete(raw)
            throw .incompatibleLanguage(abi: language.abiVersion)
        }
    }

    deinit { ts_parser_delete(raw) }

    /// Whether the text has a syntax error, without copying the tree (for quick checks of
    /// small snippets, e.g. comments that may be code).
    public func hasSyntaxError(_ text: SourceText) -> Bool {
        let tree: OpaquePointer? = text.bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buf.count, 1)) {
                ts_parser_parse_string(raw, nil, $0, UInt32(buf.count))
            }
        }
        guard let tree else {
            ts_parser_reset(raw)
            return true
        }
        defer { ts_tree_delete(tree) }
        return ts_node_has_error(ts_tree_root_node(tree))
    }

    /// Parses the text and copies the syntax tree into a `Tree` (the C tree is freed at once).
    public func parse(_ text: SourceText) throws(ParserError) -> Tree {
        let tree: OpaquePointer? = text.bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buf.count, 1)) {
                ts_parser_parse_string(raw, nil, $0, UInt32(buf.count))
            }
        }
        guard let tree else {
            ts_parser_reset(raw)
            throw .parseFailed
        }
        defer { ts_tree_delete(tree) }
        return Tree(copying: tree, text: text)
    }
}

/// A syntax tree and the text it was parsed from, held as one flat array in preorder:
/// one walk of tree-sitter's cursor copies it, and every later traversal is array access
/// (no C calls, no allocation). Immutable, so safe to read from any thread.
public final class Tree: @unchecked Sendable {
    public let text: SourceText
    /// Nodes in preorder; the root is 0.
    let nodes: [NodeData]
    /// How deep the deepest node is (the root is at depth 1).
    public let depth: Int
    /// Trees deeper than this are not analysed beyond syntax: recursive analyses would need
    /// unbounded stack, and no real code nests this deep (CPython's tokenizer stops at 200
    /// nested brackets).
    public static let maxAnalysedDepth = 1000
    /// Whether the tree is too deep to analyse (see `maxAnalysedDepth`).
    public var isTooDeep: Bool { depth > Tree.maxAnalysedDepth }

    struct NodeData {
        var start: UInt32
        var end: UInt32
        var parent: Int32
        var next: Int32
        var previous: Int32
        /// One past the last node of this node's subtree.
        var subtreeEnd: Int32
        var symbol: UInt16
        var field: UInt16
        var flags: UInt8
    }

    static let named: UInt8 = 1, missing: UInt8 = 2, error: UInt8 = 4

    init(copying raw: OpaquePointer, text: SourceText) {
        self.text = text
        var nodes: [NodeData] = []
        var depth = 0
        nodes.reserveCapacity(text.bytes.count / 3 + 16)
        var cursor = ts_tree_cursor_new(ts_tree_root_node(raw))
        defer { ts_tree_cursor_delete(&cursor) }
        // Open nodes from the root down, and the last child seen of each.
        var stack: [(node: Int32, lastChild: Int32)] = []
        stack.reserveCapacity(64)
        func add() {
            let node = ts_tree_cursor_current_node(&cursor)
            let index = Int32(nodes.count)
            let symbol = ts_node_symbol(node)
            var flags: UInt8 = ts_node_is_named(node) ? Tree.named : 0
            // ts_node_has_error also sees errors in hidden nodes (a missing newline) that the
            // cursor does not visit; a missing node always has an error.
            if symbol == UInt16.max || ts_node_has_error(node) {
                flags |= Tree.error
                if ts_node_is_missing(node) { flags |= Tree.missing }
            }
            var previous: Int32 = -1
            var parent: Int32 = -1
            if !stack.isEmpty {
                parent = stack[stack.count - 1].node
                previous = stack[stack.count - 1].lastChild
                stack[stack.count - 1].lastChild = index
                if previous >= 0 { nodes[Int(previous)].next = index }
            }
            nodes.append(NodeData(start: ts_node_start_byte(node), end: ts_node_end_byte(node),
                                  parent: parent, next: -1, previous: previous, subtreeEnd: index + 1,
                                  symbol: symbol, field: ts_tree_cursor_current_field_id(&cursor), flags: flags))
            stack.append((index, -1))
            if stack.count > depth { depth = stack.count }
        }
        add()
        outer: while true {
            if ts_tree_cursor_goto_first_child(&cursor) {
                add()
                continue
            }
            // Close nodes until one has a next sibling.
            while let (closed, _) = stack.popLast() {
                nodes[Int(closed)].subtreeEnd = Int32(nodes.count)
                guard let parent = stack.last?.node else { break outer }
                if nodes[Int(closed)].flags & Tree.error != 0 { nodes[Int(parent)].flags |= Tree.error }
                if ts_tree_cursor_goto_next_sibling(&cursor) {
                    add()
                    continue outer
                }
                _ = ts_tree_cursor_goto_parent(&cursor)
            }
            break
        }
        self.nodes = nodes
        self.depth = depth
    }

    public var root: Node { Node(tree: self, index: 0) }
    /// How many nodes the tree has.
    public var nodeCount: Int { nodes.count }
    /// The kind of the node numbered `index` in preorder (cheap: no Node is made).
    @inline(__always) public func symbol(at index: Int) -> Symbol { Symbol(rawValue: nodes[index].symbol) }
    /// The node numbered `index` in preorder (0 is the root).
    public func node(at index: Int) -> Node { Node(tree: self, index: Int32(index)) }

    // Index-based access for whole-tree passes that should not make a `Node` per node.
    @inline(__always) public func field(at index: Int) -> Field { Field(rawValue: nodes[index].field) }
    @inline(__always) public func parentIndex(at index: Int) -> Int { Int(nodes[index].parent) }
    /// The first child's index, or -1.
    @inline(__always) public func firstChildIndex(at index: Int) -> Int {
        index + 1 < Int(nodes[index].subtreeEnd) ? index + 1 : -1
    }
    /// The next sibling's index, or -1.
    @inline(__always) public func nextSiblingIndex(at index: Int) -> Int { Int(nodes[index].next) }
    @inline(__always) public func byteRange(at index: Int) -> ByteRange { ByteRange(Int(nodes[index].start), Int(nodes[index].end)) }
}

/// A node of a syntax tree. Holds its tree, so it stays valid as long as it is kept.
public struct Node: Sendable {
    public let tree: Tree
    let index: Int32

    init(tree: Tree, index: Int32) {
        self.tree = tree
        self.index = index
    }

    @inline(__always) private var i: Int { Int(index) }
    /// The node's number in its tree's preorder (0 is the root; children come after their parent).
    public var preorderIndex: Int { Int(index) }
    @inline(__always) private func node(_ j: Int32) -> Node? { j < 0 ? nil : Node(tree: tree, index: j) }

    public var symbol: Symbol { Symbol(rawValue: tree.nodes[i].symbol) }
    public var kindName: String { Language.python.symbolName(symbol) }
    public var isNamed: Bool { tree.nodes[i].flags & Tree.named != 0 }
    public var isMissing: Bool { tree.nodes[i].flags & Tree.missing != 0 }
    /// Whether the node is, or contains, a syntax error or a missing token.
    public var hasError: Bool { tree.nodes[i].flags & Tree.error != 0 }
    /// Whether the node is an ERROR node (text tree-sitter could not parse).
    public var isError: Bool { tree.nodes[i].symbol == UInt16.max }

    public var startByte: Int { Int(tree.nodes[i].start) }
    public var endByte: Int { Int(tree.nodes[i].end) }
    public var byteRange: ByteRange { ByteRange(startByte, endByte) }
    /// 0-based row of the first byte.
    public var startRow: Int { tree.text.lineIndex(ofByte: startByte) }
    /// 0-based row of the last byte.
    public var endRow: Int { tree.text.lineIndex(ofByte: max(startByte, endByte - 1)) }
    /// The field this node holds in its parent (0 when none).
    public var field: Field { Field(rawValue: tree.nodes[i].field) }

    /// The node's source text.
    public var text: String { tree.text.text(byteRange) }

    /// Compares the node's text with `s` without making a String.
    public func textEquals(_ s: StaticString) -> Bool {
        let lo = startByte, hi = endByte
        guard hi - lo == s.utf8CodeUnitCount else { return false }
        let p = s.utf8Start
        return tree.text.bytes.withUnsafeBufferPointer { buf in
            for k in 0..<(hi - lo) where buf[lo + k] != p[k] { return false }
            return true
        }
    }

    public var parent: Node? { node(tree.nodes[i].parent) }
    public var nextSibling: Node? { node(tree.nodes[i].next) }
    public var previousSibling: Node? { node(tree.nodes[i].previous) }
    public var nextNamedSibling: Node? {
        var j = tree.nodes[i].next
        while j >= 0, tree.nodes[Int(j)].flags & Tree.named == 0 { j = tree.nodes[Int(j)].next }
        return node(j)
    }

    /// The first child, if any (in preorder it is the next node).
    public var firstChild: Node? {
        let j = index + 1
        return Int(j) < Int(tree.nodes[i].subtreeEnd) ? Node(tree: tree, index: j) : nil
    }

    /// All children, in order (no allocation).
    public var children: Children { Children(first: firstChild) }
    /// Named children, in order.
    public var namedChildren: [Node] { children.filter(\.isNamed) }
    /// The first child's preorder index, or -1 (no `Node` made).
    @inline(__always) private var firstChildIndex: Int32 {
        index + 1 < tree.nodes[i].subtreeEnd ? index + 1 : -1
    }

    public var childCount: Int {
        var n = 0
        var c = firstChildIndex
        while c >= 0 { n += 1; c = tree.nodes[Int(c)].next }
        return n
    }

    public var namedChildCount: Int {
        var n = 0
        var c = firstChildIndex
        while c >= 0 {
            if tree.nodes[Int(c)].flags & Tree.named != 0 { n += 1 }
            c = tree.nodes[Int(c)].next
        }
        return n
    }

    public func child(_ k: Int) -> Node? {
        var n = 0
        for c in children {
            if n == k { return c }
            n += 1
        }
        return nil
    }

    public func namedChild(_ k: Int) -> Node? {
        var n = 0
        var c = firstChildIndex
        while c >= 0 {
            if tree.nodes[Int(c)].flags & Tree.named != 0 {
                if n == k { return Node(tree: tree, index: c) }
                n += 1
            }
            c = tree.nodes[Int(c)].next
        }
        return nil
    }

    /// The first child in `field`.
    public func child(_ field: Field) -> Node? {
        var c = firstChildIndex
        while c >= 0 {
            if tree.nodes[Int(c)].field == field.rawValue { return Node(tree: tree, index: c) }
            c = tree.nodes[Int(c)].next
        }
        return nil
    }

    /// Children that sit in `field`, in order (e.g. all imported names).
    public func children(_ field: Field) -> [Node] {
        children.filter { tree.nodes[Int($0.index)].field == field.rawValue }
    }

    /// Visits this node and its descendants in source order. `enter` returns whether to
    /// descend into the node's children; `leave` runs after a node's subtree.
    public func walk(enter: (Node) -> Bool, leave: (Node) -> Void = { _ in }) {
        let end = tree.nodes[i].subtreeEnd
        var open: [Int32] = []
        var j = index
        while j < end {
            while let top = open.last, tree.nodes[Int(top)].subtreeEnd <= j {
                open.removeLast()
                leave(Node(tree: tree, index: top))
            }
            let current = Node(tree: tree, index: j)
            if enter(current) {
                open.append(j)
                j += 1
            } else {
                leave(current)
                j = tree.nodes[Int(j)].subtreeEnd
            }
        }
        while let top = open.popLast() { leave(Node(tree: tree, index: top)) }
    }

    /// An S-expression of the named nodes of the subtree (for tests and debugging).
    public var sexp: String {
        var out = ""
        func emit(_ n: Node) {
            if n.field.rawValue != 0, let name = ts_language_field_name_for_id(Language.python.raw, n.field.rawValue) {
                out += String(cString: name) + ": "
            }
            out += "(" + (n.isMissing ? "MISSING " : "") + n.kindName
            for c in n.children where c.isNamed {
                out += " "
                emit(c)
            }
            out += ")"
        }
        emit(self)
        return out
    }

    /// Children of a node, following sibling links.
    public struct Children: Sequence {
        let first: Node?

        public struct Iterator: IteratorProtocol {
            var current: Node?
            public mutating func next() -> Node? {
                guard let c = current else { return nil }
                current = c.nextSibling
                return c
            }
        }

        public func makeIterator() -> Iterator { Iterator(current: first) }
    }
}

extension Node: Equatable {
    public static func == (a: Node, b: Node) -> Bool { a.tree === b.tree && a.index == b.index }
}

extension Node: Hashable {
    public func hash(into h: inout Hasher) {
        h.combine(ObjectIdentifier(tree))
        h.combine(index)
    }
}

/// The ancestors of a node, outermost first. Keeps node numbers only.
public struct NodePath: RandomAccessCollection, Sendable {
    private var tree: Tree?
    private var storage: [Int32] = []

    public init() {}

    /// The ancestors of `node`, from the root down to its parent.
    public init(ancestorsOf node: Node) {
        tree = node.tree
        var j = node.tree.nodes[Int(node.index)].parent
        while j >= 0 {
            storage.append(j)
            j = node.tree.nodes[Int(j)].parent
        }
        storage.reverse()
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }
    public subscript(position: Int) -> Node { Node(tree: tree!, index: storage[position]) }

}

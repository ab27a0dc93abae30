import CTreeSitter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
public struct Symbol: Hashable, Sendable, RawRepresentable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
}

/// A field of a node (`name`, `body`, `function`, ...), looked up once per name.
public struct Field: Hashable, Sendable, RawRepresentable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
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
        return Tree(raw: tree, text: text)
    }
}

/// A syntax tree with the text it was parsed from. Immutable after parsing, so it is safe
/// to read from any thread.
public final class Tree: @unchecked Sendable {
    let raw: OpaquePointer
    public let text: SourceText

    init(raw: OpaquePointer, text: SourceText) {
        self.raw = raw
        self.text = text
    }

    deinit { ts_tree_delete(raw) }

    public var root: Node { Node(raw: ts_tree_root_node(raw), tree: self) }
}

/// A node of a syntax tree. Holds its tree, so it stays valid as long as it is kept.
public struct Node: @unchecked Sendable {
    let raw: TSNode
    public let tree: Tree

    init(raw: TSNode, tree: Tree) {
        self.raw = raw
        self.tree = tree
    }

    @inline(__always) init?(_ raw: TSNode, _ tree: Tree) {
        if ts_node_is_null(raw) { return nil }
        self.raw = raw
        self.tree = tree
    }

    public var symbol: Symbol { Symbol(rawValue: ts_node_symbol(raw)) }
    public var kindName: String { String(cString: ts_node_type(raw)) }
    public var isNamed: Bool { ts_node_is_named(raw) }
    public var isMissing: Bool { ts_node_is_missing(raw) }
    public var hasError: Bool { ts_node_has_error(raw) }
    public var isError: Bool { ts_node_symbol(raw) == UInt16.max }  // ts_builtin_sym_error

    public var startByte: Int { Int(ts_node_start_byte(raw)) }
    public var endByte: Int { Int(ts_node_end_byte(raw)) }
    public var byteRange: ByteRange { ByteRange(startByte, endByte) }
    /// 0-based row of the first byte (cheap: stored in the node).
    public var startRow: Int { Int(ts_node_start_point(raw).row) }
    public var endRow: Int { Int(ts_node_end_point(raw).row) }

    /// The node's source text.
    public var text: String { tree.text.text(byteRange) }

    /// Compares the node's text with `s` without making a String.
    public func textEquals(_ s: StaticString) -> Bool {
        let lo = startByte, hi = endByte
        guard hi - lo == s.utf8CodeUnitCount else { return false }
        let p = s.utf8Start
        return tree.text.bytes.withUnsafeBufferPointer { buf in
            for i in 0..<(hi - lo) where buf[lo + i] != p[i] { return false }
            return true
        }
    }

    public var childCount: Int { Int(ts_node_child_count(raw)) }
    public var namedChildCount: Int { Int(ts_node_named_child_count(raw)) }

    /// Note: O(index) in this tree-sitter version; iterate with `children` instead.
    public func child(_ index: Int) -> Node? { Node(ts_node_child(raw, UInt32(index)), tree) }
    public func namedChild(_ index: Int) -> Node? { Node(ts_node_named_child(raw, UInt32(index)), tree) }
    public func child(_ field: Field) -> Node? { Node(ts_node_child_by_field_id(raw, field.rawValue), tree) }
    /// Note: O(depth) in this tree-sitter version; prefer the ancestors a walk keeps.
    public var parent: Node? { Node(ts_node_parent(raw), tree) }
    public var nextSibling: Node? { Node(ts_node_next_sibling(raw), tree) }
    public var nextNamedSibling: Node? { Node(ts_node_next_named_sibling(raw), tree) }
    public var previousSibling: Node? { Node(ts_node_prev_sibling(raw), tree) }

    /// All children, in order (linear time).
    public var children: [Node] {
        var out: [Node] = []
        var cursor = ts_tree_cursor_new(raw)
        defer { ts_tree_cursor_delete(&cursor) }
        if ts_tree_cursor_goto_first_child(&cursor) {
            repeat { out.append(Node(raw: ts_tree_cursor_current_node(&cursor), tree: tree)) }
            while ts_tree_cursor_goto_next_sibling(&cursor)
        }
        return out
    }

    /// Named children, in order (linear time).
    public var namedChildren: [Node] { children.filter(\.isNamed) }

    /// Children that sit in `field`, in order (e.g. all `alternative` clauses).
    public func children(_ field: Field) -> [Node] {
        var out: [Node] = []
        var cursor = ts_tree_cursor_new(raw)
        defer { ts_tree_cursor_delete(&cursor) }
        if ts_tree_cursor_goto_first_child(&cursor) {
            repeat {
                if ts_tree_cursor_current_field_id(&cursor) == field.rawValue {
                    out.append(Node(raw: ts_tree_cursor_current_node(&cursor), tree: tree))
                }
            } while ts_tree_cursor_goto_next_sibling(&cursor)
        }
        return out
    }

    /// Visits this node and its descendants in source order. `enter` returns whether to
    /// descend into the node's children; `leave` runs after a node's subtree.
    public func walk(enter: (Node) -> Bool, leave: (Node) -> Void = { _ in }) {
        var cursor = ts_tree_cursor_new(raw)
        defer { ts_tree_cursor_delete(&cursor) }
        var node = Node(raw: ts_tree_cursor_current_node(&cursor), tree: tree)
        while true {
            if enter(node), ts_tree_cursor_goto_first_child(&cursor) {
                node = Node(raw: ts_tree_cursor_current_node(&cursor), tree: tree)
                continue
            }
            // Leave this node, then climb until a sibling exists.
            while true {
                leave(node)
                if ts_tree_cursor_goto_next_sibling(&cursor) {
                    node = Node(raw: ts_tree_cursor_current_node(&cursor), tree: tree)
                    break
                }
                guard ts_tree_cursor_goto_parent(&cursor) else { return }
                node = Node(raw: ts_tree_cursor_current_node(&cursor), tree: tree)
            }
        }
    }

    /// An S-expression of the subtree (for tests and debugging).
    public var sexp: String {
        guard let p = ts_node_string(raw) else { return "" }
        defer { free(p) }
        return String(cString: p)
    }
}

extension Node: Equatable {
    public static func == (a: Node, b: Node) -> Bool { ts_node_eq(a.raw, b.raw) }
}

extension Node: Hashable {
    public func hash(into h: inout Hasher) {
        h.combine(startByte)
        h.combine(endByte)
        h.combine(ts_node_symbol(raw))
    }
}

import SmeltAnalysis
import SmeltSyntax

/// A rule: one file, whose `description` is its documentation and its tests.
///
/// The runner walks every syntax tree once and hands each node whose kind is in
/// `nodeKinds` to `visit`; `finish` runs once per document for document-level checks.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    /// Builds the rule with its options (defaults filled in, types checked by the caller).
    init(options: RuleOptions)
    /// Node kinds this rule wants to see.
    var nodeKinds: [Symbol] { get }
    func visit(_ node: Node, _ context: RuleContext)
    func finish(_ context: RuleContext)
    /// Whether the rule may see trees deeper than `Tree.maxAnalysedDepth` (it then only
    /// gets their root). Rules that recurse must not.
    static var analysesDeepTrees: Bool { get }
}

extension Rule {
    public var nodeKinds: [Symbol] { [] }
    public func visit(_ node: Node, _ context: RuleContext) {}
    public func finish(_ context: RuleContext) {}
    public var description: RuleDescription { Self.description }
    public static var analysesDeepTrees: Bool { false }
}

/// A rule's option values, with the rule's defaults for those not configured.
public struct RuleOptions: Sendable {
    public var values: [String: OptionValue]
    private let defaults: [RuleOption]

    public init(_ values: [String: OptionValue] = [:], defaults: [RuleOption]) {
        self.values = values
        self.defaults = defaults
    }

    public subscript(_ name: String) -> OptionValue? {
        values[name] ?? defaults.first { $0.name == name }?.defaultValue
    }

    public func int(_ name: String) -> Int {
        switch self[name] {
        case let .int(v)?: return v
        case let .double(v)?: return Int(v)
        default: preconditionFailure("rule option \(name) is not declared as an integer")
        }
    }

    public func bool(_ name: String) -> Bool {
        if case let .bool(v)? = self[name] { return v }
        preconditionFailure("rule option \(name) is not declared as a boolean")
    }

    public func numbers(_ name: String) -> [Double] {
        guard case let .list(items)? = self[name] else { return [] }
        return items.compactMap {
            switch $0 {
            case let .int(v): return Double(v)
            case let .double(v): return v
            default: return nil
            }
        }
    }

    public func strings(_ name: String) -> [String] {
        guard case let .list(items)? = self[name] else { return [] }
        return items.compactMap { if case let .string(s) = $0 { return s } else { return nil } }
    }
}

/// What a rule sees while it runs: the document, its semantic model, the unit being
/// walked and the ancestors of the node being visited. One per document; not shared
/// between threads.
public final class RuleContext {
    public let document: Document
    public let model: SemanticModel
    /// The unit being walked (during `visit`).
    public internal(set) var unit: SourceUnit
    /// The node being visited.
    var current: Node? {
        didSet { cachedAncestors = nil }
    }
    private var cachedAncestors: NodePath?

    /// Ancestors of the node being visited, outermost first (made from parent links the
    /// first time a rule asks, once per node).
    public var ancestors: NodePath {
        if let cachedAncestors { return cachedAncestors }
        let path = current.map(NodePath.init(ancestorsOf:)) ?? NodePath()
        cachedAncestors = path
        return path
    }
    /// A parser for rules that parse text of their own (e.g. comments that may be code).
    public let parser: Parser
    var currentRule = 0
    public private(set) var findings: [Finding] = []

    init(document: Document, model: SemanticModel, parser: Parser) {
        self.document = document
        self.model = model
        self.parser = parser
        self.unit = document.units.first ?? SourceUnit.empty
    }

    public var isNotebook: Bool { document.isNotebook }

    /// The file name without its folders.
    public lazy var fileName: Substring = {
        let path = document.path
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path[...] }
        return path[path.utf8.index(after: slash)...]
    }()

    /// Whether the file is a test module (`test_*.py`, `*_test.py`, `conftest.py`).
    public lazy var isTestFile: Bool = Self.isTestFile(name: fileName)

    /// Whether a file name (without folders) is a test module's.
    public static func isTestFile(name: Substring) -> Bool {
        name.hasPrefix("test_") || name.hasSuffix("_test.py") || name == "conftest.py"
    }

    /// Identifier-like words in text the trees do not cover (masked IPython lines, units
    /// with syntax errors): names used there may be used. Computed once per document.
    public lazy var wordsOutsideTheTrees: Set<String> = UnusedImport.wordsOutsideTheTrees(document)

    /// What the refactoring builders (extract function, introduce constant) need, made once per document.
    public lazy var refactoring: RefactoringInput = RefactoringInput(document: document, model: model)

    /// The nearest ancestor (the parent) of the node being visited.
    public var parent: Node? { current?.parent }

    /// Reports a finding in the current unit.
    public func report(_ range: ByteRange, _ message: String, refactoring: String? = nil, severity: Severity? = nil,
                       fix: Fix? = nil) {
        report(unit: unit.index, range, message, refactoring: refactoring, severity: severity, fix: fix)
    }

    public func report(_ node: Node, _ message: String, refactoring: String? = nil, severity: Severity? = nil, fix: Fix? = nil) {
        report(unit: unit.index, node.byteRange, message, refactoring: refactoring, severity: severity, fix: fix)
    }

    /// Reports a finding in any unit (for document-level checks). A fix's edits without a
    /// unit are in the finding's unit.
    public func report(unit: Int, _ range: ByteRange, _ message: String, refactoring: String? = nil, severity: Severity? = nil,
                       fix: Fix? = nil) {
        findings.append(Finding(ruleIndex: currentRule, unit: unit, range: range, message: message,
                                refactoring: refactoring ?? RuleRegistry.all[currentRule].description.refactoring,
                                severity: severity, fix: fix))
    }
}

extension SourceUnit {
    static let empty = SourceUnit(index: 0, cellIndex: nil, text: SourceText(""), original: SourceText(""), maskedLines: [], tree: nil, skippedCellMagic: nil)
}

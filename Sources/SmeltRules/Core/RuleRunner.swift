import SmeltAnalysis
import SmeltSyntax

/// The rules of one run, instantiated with their options, and a dispatch table from node
/// kind to the rules that want to see it.
public struct RuleSet: Sendable {
    /// `(registry index, rule)` for every active rule.
    public let rules: [(index: Int, rule: any Rule)]
    private let dispatch: [[Int]]

    public init(_ rules: [(index: Int, rule: any Rule)]) {
        self.rules = rules
        var table = Array(repeating: [Int](), count: Language.python.symbolCount + 1)
        for (position, entry) in rules.enumerated() {
            for kind in entry.rule.nodeKinds where Int(kind.rawValue) < table.count {
                table[Int(kind.rawValue)].append(position)
            }
        }
        self.dispatch = table
    }

    /// Runs every rule over a document: one walk per unit, then the document-level checks.
    public func run(_ document: Document, model: SemanticModel? = nil, parser: Parser) -> [Finding] {
        if rules.isEmpty { return [] }
        let model = model ?? SemanticModel(document: document)
        let context = RuleContext(document: document, model: model, parser: parser)
        for unit in document.units {
            guard let tree = unit.tree else { continue }
            context.unit = unit
            if tree.isTooDeep {
                context.current = tree.root
                for entry in rules where type(of: entry.rule).analysesDeepTrees && entry.rule.nodeKinds.contains(Py.module) {
                    context.currentRule = entry.index
                    entry.rule.visit(tree.root, context)
                }
                context.current = nil
                continue
            }
            // The tree is stored in preorder: one pass over its nodes is the walk.
            let table = dispatch
            for j in 0..<tree.nodeCount {
                let raw = Int(tree.symbol(at: j).rawValue)
                guard raw < table.count, !table[raw].isEmpty else { continue }
                let node = tree.node(at: j)
                context.current = node
                for position in table[raw] {
                    context.currentRule = rules[position].index
                    rules[position].rule.visit(node, context)
                }
            }
            context.current = nil
        }
        for entry in rules {
            context.currentRule = entry.index
            entry.rule.finish(context)
        }
        return context.findings
    }
}

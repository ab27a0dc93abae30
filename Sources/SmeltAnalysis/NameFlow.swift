import SmeltSyntax

/// Which names a sequence of statements reads and writes, in order — what the
/// "extract function" refactoring needs: names read before they are written become
/// parameters, names written and used later become return values.
public struct NameFlow: Sendable {
    /// Names read before any write to them in the statements, in first-read order.
    public private(set) var inputs: [String] = []
    /// Names written, in first-write order.
    public private(set) var outputs: [String] = []
    /// Every name read.
    public private(set) var reads: Set<String> = []

    private var written: Set<String> = []
    private var seenInputs: Set<String> = []

    public init(_ statements: [Node]) {
        for s in statements { statement(s) }
    }

    private mutating func statement(_ node: Node) {
        let s = node.symbol
        if s == Py.functionDefinition || s == Py.classDefinition {
            // The body runs later; its free reads are still inputs of the block.
            if let name = node.child(PyField.name) { write(name.text) }
            for child in node.children where child.isNamed && child.symbol != Py.identifier { expression(child) }
            return
        }
        if s == Py.expressionStatement {
            for child in node.children where child.isNamed { expression(child) }
            return
        }
        if s == Py.forStatement {
            if let right = node.child(PyField.right) { expression(right) }
            if let left = node.child(PyField.left) { target(left) }
            for child in node.children where child.isNamed && child != node.child(PyField.left) && child != node.child(PyField.right) {
                expression(child)
            }
            return
        }
        if s == Py.importStatement || s == Py.importFromStatement { return }
        expression(node)
    }

    private mutating func expression(_ node: Node) {
        let s = node.symbol
        if s == Py.identifier {
            read(node.text)
        } else if s == Py.assignment || s == Py.augmentedAssignment {
            if let right = node.child(PyField.right) { expression(right) }
            if let left = node.child(PyField.left) {
                if s == Py.augmentedAssignment { expression(left) }
                target(left)
            }
        } else if s == Py.attribute {
            if let object = node.child(PyField.object) { expression(object) }
        } else if s == Py.keywordArgument {
            if let value = node.child(PyField.value) { expression(value) }
        } else if s == Py.string || s == Py.comment || s == Py.integer || s == Py.float {
            return
        } else if s == Py.block || Py.statements.contains(s) || Py.clauses.contains(s) {
            for child in node.children where child.isNamed { statement(child) }
        } else {
            for child in node.children where child.isNamed { expression(child) }
        }
    }

    private mutating func target(_ node: Node) {
        let s = node.symbol
        if s == Py.identifier {
            write(node.text)
        } else if s == Py.patternList || s == Py.tuplePattern || s == Py.listPattern || s == Py.tuple || s == Py.list
                    || s == Py.listSplatPattern || s == Py.parenthesizedExpression {
            for child in node.children where child.isNamed { target(child) }
        } else {
            // `df["col"] = ...` reads and changes df.
            expression(node)
        }
    }

    private mutating func read(_ name: String) {
        reads.insert(name)
        if !written.contains(name), seenInputs.insert(name).inserted { inputs.append(name) }
    }

    private mutating func write(_ name: String) {
        if written.insert(name).inserted { outputs.append(name) }
    }
}

import SmeltSyntax

/// How a run of module-level statements reads and binds names, in execution order, with
/// Python's scoping: names bound inside nested functions, lambdas, comprehensions and
/// classes stay there, and the free names of nested functions count as "deferred" reads
/// (they are read when the function runs, not where it is defined).
///
/// What "extract function" needs from the block (what it reads before binding, what it
/// binds, and what it binds for sure) and from the rest of the document (what it reads
/// before binding it again). Unlike `NameFlow`, a binding inside a branch or loop does not
/// count as definite: a read after `if c: x = 1` may still see the old `x`.
struct NameWalker {
    enum Mode {
        /// The statements to extract: escaping control flow and dynamic scoping are hazards.
        case block
        /// Other module-level statements: only reads and bindings matter.
        case rest
        /// A function or class body (an inner scope): collect names without order.
        case scope
    }

    let mode: Mode
    /// Reads not preceded (textually) by any binding of the name, in first-read order.
    private(set) var readFirst: [String] = []
    /// Reads not preceded by a definite binding (one at the top level of the statements,
    /// outside branches, loops and `try`), in first-read order.
    private(set) var readMaybeUnbound: [String] = []
    private(set) var reads: Set<String> = []
    /// Bound names, in first-binding order.
    private(set) var writes: [String] = []
    /// Names bound only as `except ... as name` (unbound again after the handler).
    var exceptOnly: Set<String> { exceptTargets.subtracting(otherWrites) }
    /// Names bound definitely (see `readMaybeUnbound`).
    private(set) var definite: Set<String> = []
    /// Free names of nested functions and lambdas.
    private(set) var deferred: Set<String> = []
    /// Names declared `global` or `nonlocal` (in a scope walk).
    private(set) var declared: Set<String> = []
    /// The first reason the statements cannot move into a function (block mode).
    private(set) var hazard: (node: Node, reason: String)?

    private var written: Set<String> = []
    private var seenReadFirst: Set<String> = []
    private var seenMaybe: Set<String> = []
    private var exceptTargets: Set<String> = []
    private var otherWrites: Set<String> = []
    /// Branch, loop and `try` nesting.
    private var depth = 0
    private var loops = 0
    /// Names bound by enclosing comprehensions (they shadow everything else).
    private var shadowed: [Set<String>] = []

    init(mode: Mode) { self.mode = mode }

    init(_ statements: [Node], mode: Mode) {
        self.mode = mode
        for s in statements { statement(s) }
    }

    /// The free names of a function or lambda (its parameters and local bindings removed;
    /// names declared `global`/`nonlocal` kept).
    static func freeNames(ofFunction node: Node) -> Set<String> {
        var walker = NameWalker(mode: .scope)
        var parameters = Set<String>()
        if let params = node.child(PyField.parameters) { parameters = parameterNames(params) }
        if let body = node.child(PyField.body) {
            if body.symbol == Py.block { walker.statement(body) } else { walker.expression(body) }
        }
        let local = Set(walker.writes).union(parameters).subtracting(walker.declared)
        return walker.reads.union(walker.deferred).subtracting(local)
    }

    static func parameterNames(_ params: Node) -> Set<String> {
        var names = Set<String>()
        for p in params.children where p.isNamed {
            let s = p.symbol
            if s == Py.identifier {
                names.insert(p.text)
            } else if s == Py.defaultParameter || s == Py.typedDefaultParameter {
                if let n = p.child(PyField.name) { names.insert(n.text) }
            } else {
                p.walk { n in
                    if n.symbol == Py.identifier { names.insert(n.text); return false }
                    return n.symbol != Py.type
                }
            }
        }
        return names
    }

    // MARK: statements

    mutating func statement(_ node: Node) {
        let s = node.symbol
        if s == Py.expressionStatement {
            for child in node.children where child.isNamed {
                if child.symbol == Py.assignment || child.symbol == Py.augmentedAssignment { assignment(child) } else { expression(child) }
            }
        } else if s == Py.block || s == Py.module {
            for child in node.children where child.isNamed && child.symbol != Py.comment { statement(child) }
        } else if s == Py.functionDefinition {
            function(node)
        } else if s == Py.decoratedDefinition {
            for child in node.children where child.isNamed {
                if child.symbol == Py.decorator { expression(child) } else { statement(child) }
            }
        } else if s == Py.classDefinition {
            if let supers = node.child(PyField.superclasses) { expression(supers) }
            if let name = node.child(PyField.name) { write(name.text) }
            if let body = node.child(PyField.body) {
                // The class body runs now, in its own scope; its methods see the module.
                let inner = NameWalker([body], mode: .scope)
                for name in inner.reads.subtracting(inner.writes).sorted() { read(name) }
                addDeferred(inner.deferred)
            }
        } else if s == Py.ifStatement {
            if let condition = node.child(PyField.condition) { expression(condition) }
            depth += 1
            for child in node.children where child.isNamed && child != node.child(PyField.condition) { clause(child) }
            depth -= 1
        } else if s == Py.forStatement {
            if let right = node.child(PyField.right) { expression(right) }
            depth += 1
            loops += 1
            if let left = node.child(PyField.left) { target(left) }
            if let body = node.child(PyField.body) { statement(body) }
            loops -= 1
            if let alternative = node.child(PyField.alternative) { clause(alternative) }
            depth -= 1
        } else if s == Py.whileStatement {
            if let condition = node.child(PyField.condition) { expression(condition) }
            depth += 1
            loops += 1
            if let body = node.child(PyField.body) { statement(body) }
            loops -= 1
            if let alternative = node.child(PyField.alternative) { clause(alternative) }
            depth -= 1
        } else if s == Py.tryStatement {
            depth += 1
            for child in node.children where child.isNamed { clause(child) }
            depth -= 1
        } else if s == Py.withStatement {
            for child in node.children where child.isNamed {
                if child.symbol == Py.withClause {
                    for item in child.children where item.isNamed && item.symbol == Py.withItem { withItem(item) }
                } else if child.symbol == Py.block {
                    statement(child)
                }
            }
        } else if s == Py.matchStatement {
            if mode == .block { flag(node, "a `match` statement cannot be extracted (not supported yet)") }
            depth += 1
            genericReads(node)
            depth -= 1
        } else if s == Py.returnStatement {
            if mode == .block { flag(node, "`return` at the top level of the block would return from the new function") }
            genericReads(node)
        } else if s == Py.globalStatement || s == Py.nonlocalStatement {
            if mode == .block { flag(node, "`\(s == Py.globalStatement ? "global" : "nonlocal")` declarations change meaning inside a function") }
            for child in node.children where child.symbol == Py.identifier { declared.insert(child.text) }
        } else if s == Py.breakStatement || s == Py.continueStatement {
            if mode == .block && loops == 0 {
                flag(node, "`\(s == Py.breakStatement ? "break" : "continue")` outside a loop of the block")
            }
        } else if s == Py.deleteStatement {
            for child in node.children where child.isNamed {
                for t in (child.symbol == Py.expressionList ? child.namedChildren : [child]) {
                    if t.symbol == Py.identifier {
                        switch mode {
                        case .block: flag(t, "`del \(t.text)` would delete a local of the new function, not the module's name")
                        case .rest: read(t.text)
                        case .scope: read(t.text); write(t.text)
                        }
                    } else {
                        expression(t)
                    }
                }
            }
        } else if s == Py.importStatement || s == Py.importFromStatement {
            for child in node.children(PyField.name) {
                if child.symbol == Py.aliasedImport, let alias = child.child(PyField.alias) {
                    write(alias.text)
                } else if child.symbol == Py.dottedName, let head = child.namedChild(0) {
                    write(head.text)
                } else if child.symbol != Py.wildcardImport {
                    write(child.text)
                } else if mode == .block {
                    flag(child, "`import *` cannot move into a function")
                }
            }
        } else if s == Py.futureImportStatement {
            if mode == .block { flag(node, "`from __future__` imports must stay at the top of the file") }
        } else if s == Py.typeAliasStatement {
            if let left = node.namedChild(0) {
                for child in node.children where child.isNamed && child != left { expression(child) }
                if left.symbol == Py.identifier { write(left.text) } else { genericReads(left) }
            }
        } else if s == Py.comment || s == Py.passStatement {
            return
        } else {
            genericReads(node)
        }
    }

    /// A clause or block of a compound statement (at the current depth).
    private mutating func clause(_ node: Node) {
        let s = node.symbol
        if s == Py.block {
            statement(node)
        } else if s == Py.exceptClause || s == Py.exceptGroupClause {
            for child in node.children where child.isNamed {
                if child.symbol == Py.asPattern {
                    for part in child.children where part.isNamed {
                        if part.symbol == Py.asPatternTarget {
                            for t in part.namedChildren where t.symbol == Py.identifier {
                                write(t.text, exceptTarget: true)
                            }
                        } else {
                            expression(part)
                        }
                    }
                } else if child.symbol == Py.block {
                    statement(child)
                } else {
                    expression(child)
                }
            }
        } else if s == Py.elifClause || s == Py.elseClause || s == Py.finallyClause {
            for child in node.children where child.isNamed { child.symbol == Py.block ? statement(child) : expression(child) }
        } else if s != Py.comment {
            expression(node)
        }
    }

    private mutating func withItem(_ item: Node) {
        for child in item.children where child.isNamed {
            if child.symbol == Py.asPattern {
                for part in child.children where part.isNamed {
                    if part.symbol == Py.asPatternTarget {
                        for t in part.namedChildren { target(t) }
                    } else {
                        expression(part)
                    }
                }
            } else {
                expression(child)
            }
        }
    }

    private mutating func function(_ node: Node) {
        // Defaults, annotations and the return type are evaluated where the function is defined.
        if let params = node.child(PyField.parameters) {
            for p in params.children where p.isNamed {
                if let v = p.child(PyField.value) { expression(v) }
                if let t = p.child(PyField.type) { expression(t) }
            }
        }
        if let r = node.child(PyField.returnType) { expression(r) }
        if let name = node.child(PyField.name) { write(name.text) }
        addDeferred(Self.freeNames(ofFunction: node))
    }

    // MARK: expressions

    private mutating func assignment(_ node: Node) {
        // `x += y` reads `x` first.
        if node.symbol == Py.augmentedAssignment, let left = node.child(PyField.left) { expression(left) }
        if let right = node.child(PyField.right) {
            if right.symbol == Py.assignment || right.symbol == Py.augmentedAssignment { assignment(right) } else { expression(right) }
        }
        if let type = node.child(PyField.type) { expression(type) }
        guard let left = node.child(PyField.left) else { return }
        if node.symbol == Py.augmentedAssignment {
            target(left)
        } else if node.child(PyField.right) == nil {
            // `x: int` binds nothing.
            if left.symbol != Py.identifier { expression(left) }
        } else {
            target(left)
        }
    }

    private mutating func target(_ node: Node) {
        let s = node.symbol
        if s == Py.identifier {
            write(node.text)
        } else if s == Py.patternList || s == Py.tuplePattern || s == Py.listPattern || s == Py.tuple || s == Py.list
                    || s == Py.listSplatPattern || s == Py.parenthesizedExpression || s == Py.listSplat || s == Py.expressionList {
            for child in node.children where child.isNamed { target(child) }
        } else {
            // `df["a"] = ...`, `obj.x = ...`: read the object.
            expression(node)
        }
    }

    mutating func expression(_ node: Node) {
        let s = node.symbol
        if s == Py.identifier {
            read(node.text)
        } else if s == Py.attribute {
            if let object = node.child(PyField.object) { expression(object) }
        } else if s == Py.keywordArgument {
            if let value = node.child(PyField.value) { expression(value) }
        } else if s == Py.integer || s == Py.float || s == Py.comment || s == Py.true || s == Py.false || s == Py.none {
            return
        } else if s == Py.string {
            for child in node.children where child.isNamed && child.symbol == Self.interpolation { genericReads(child) }
        } else if s == Py.lambda {
            if let params = node.child(PyField.parameters) {
                for p in params.children where p.isNamed { if let v = p.child(PyField.value) { expression(v) } }
            }
            addDeferred(Self.freeNames(ofFunction: node))
        } else if s == Py.listComprehension || s == Py.setComprehension || s == Py.dictionaryComprehension || s == Py.generatorExpression {
            comprehension(node)
        } else if s == Py.namedExpression {
            if let value = node.child(PyField.value) { expression(value) }
            if let name = node.child(PyField.name) { write(name.text, definite: false) }
        } else if s == Py.assignment || s == Py.augmentedAssignment {
            assignment(node)
        } else if s == Self.yield || s == Py.await {
            if mode == .block { flag(node, "`\(s == Py.await ? "await" : "yield")` at the top level of the block") }
            genericReads(node)
        } else if s == Py.call {
            if mode == .block, let function = node.child(PyField.function), function.symbol == Py.identifier {
                let name = function.text
                let noArguments = node.child(PyField.arguments).map { $0.namedChildCount == 0 } ?? true
                if name == "locals" || (name == "vars" && noArguments) || name == "exec" || name == "eval" {
                    flag(node, "`\(name)()` sees different names inside a function")
                }
            }
            genericReads(node)
        } else if Py.statements.contains(s) || s == Py.block {
            statement(node)
        } else {
            genericReads(node)
        }
    }

    private mutating func genericReads(_ node: Node) {
        for child in node.children where child.isNamed { expression(child) }
    }

    private mutating func comprehension(_ node: Node) {
        // The comprehension's targets are its own; the rest is read now.
        var targets = Set<String>()
        for clause in node.children where clause.symbol == Py.forInClause {
            if let left = clause.child(PyField.left) {
                left.walk { n in
                    if n.symbol == Py.identifier { targets.insert(n.text) }
                    return n.symbol != Py.subscript && n.symbol != Py.attribute
                }
            }
        }
        // The first iterable is evaluated outside the comprehension's scope.
        let firstClause = node.children.first { $0.symbol == Py.forInClause }
        if let right = firstClause?.child(PyField.right) { expression(right) }
        shadowed.append(targets)
        for child in node.children where child.isNamed {
            if child.symbol == Py.forInClause {
                if child != firstClause, let right = child.child(PyField.right) { expression(right) }
            } else {
                expression(child)
            }
        }
        shadowed.removeLast()
    }

    // MARK: recording

    private mutating func read(_ name: String) {
        if shadowed.contains(where: { $0.contains(name) }) { return }
        reads.insert(name)
        if !written.contains(name), seenReadFirst.insert(name).inserted { readFirst.append(name) }
        if !definite.contains(name), seenMaybe.insert(name).inserted { readMaybeUnbound.append(name) }
    }

    private mutating func write(_ name: String, definite isDefinite: Bool = true, exceptTarget: Bool = false) {
        if shadowed.contains(where: { $0.contains(name) }) { return }
        if written.insert(name).inserted { writes.append(name) }
        if exceptTarget { exceptTargets.insert(name) } else { otherWrites.insert(name) }
        if isDefinite && depth == 0 && !exceptTarget { definite.insert(name) }
    }

    private mutating func addDeferred(_ names: Set<String>) {
        for name in names where !shadowed.contains(where: { $0.contains(name) }) { deferred.insert(name) }
    }

    private mutating func flag(_ node: Node, _ reason: String) {
        if hazard == nil { hazard = (node, reason) }
    }

    static let yield = Language.python.symbol("yield")
    static let interpolation = Language.python.symbol("interpolation")
    static let expressionListSymbol = Language.python.symbol("expression_list")
}

extension Py {
    fileprivate static var expressionList: Symbol { NameWalker.expressionListSymbol }
}

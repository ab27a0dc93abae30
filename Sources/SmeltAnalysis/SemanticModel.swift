import SmeltSyntax

/// Where a name lives: Python's module, class, function, lambda and comprehension scopes.
public enum ScopeKind: Sendable, Equatable {
    case module, `class`, function, lambda, comprehension
}

public struct Scope: Sendable {
    public let kind: ScopeKind
    public let parent: Int?
    /// The node that opens the scope (nil for the module).
    public let node: Node?
    /// Bindings in this scope by name, in document order.
    public internal(set) var bindings: [String: [Int]] = [:]
    /// Names declared `global` or `nonlocal` here.
    public internal(set) var declaredOutside: Set<String> = []
}

public enum BindingKind: Sendable, Equatable {
    case `import`, fromImport, futureImport, wildcardImport
    case assignment, augmentedAssignment, annotation, namedExpression
    case parameter, function, `class`, forTarget, withTarget, exceptTarget, comprehensionTarget, patternCapture
}

/// A name bound somewhere: an import, an assignment, a parameter, a definition.
public struct Binding: Sendable {
    public let name: String
    public let kind: BindingKind
    public let scope: Int
    /// The unit (script, or code cell) and the node that binds the name (for imports,
    /// the imported name or alias; for definitions, the name).
    public let unit: Int
    public let node: Node
    /// The statement that holds the binding (the import statement, the assignment...).
    public let statement: Node?
    /// For imports: the fully qualified name bound, e.g. `pandas` or
    /// `sklearn.model_selection.train_test_split`.
    public let qualifiedName: String?
    /// How often the binding is read.
    public internal(set) var uses: Int = 0
}

/// A place in a document: a unit (script or cell) and a byte offset in it, ordered as
/// the notebook runs top to bottom.
public struct SourcePoint: Comparable, Sendable {
    public let unit: Int
    public let byte: Int

    public init(unit: Int, byte: Int) {
        self.unit = unit
        self.byte = byte
    }

    public static func < (a: SourcePoint, b: SourcePoint) -> Bool {
        a.unit != b.unit ? a.unit < b.unit : a.byte < b.byte
    }
}

/// Scopes, bindings and their uses for a whole document; notebook cells share one module
/// scope, in cell order.
public final class SemanticModel: @unchecked Sendable {
    public private(set) var scopes: [Scope] = [Scope(kind: .module, parent: nil, node: nil)]
    public private(set) var bindings: [Binding] = []
    /// Import bindings by local name, for resolving qualified names (the last one wins).
    public private(set) var imports: [String: String] = [:]
    /// Names listed in a module-level `__all__`.
    public private(set) var exported: Set<String> = []
    /// Where each name is read last, in document order (unit, then byte), in any scope.
    public private(set) var lastRead: [String: SourcePoint] = [:]
    /// Module-level reads of a name that is bound only later in the document: in a
    /// notebook, a cell that needs a later cell to have run (hidden state).
    public private(set) var readsBeforeBinding: [(name: String, point: SourcePoint)] = []

    public init(document: Document) {
        var builder = Builder(model: self)
        for unit in document.units {
            guard let tree = unit.tree, !tree.isTooDeep else { continue }
            builder.unit = unit.index
            builder.visitBlock(tree.root)
        }
        builder.resolveDeferred()
        for name in exported { markModuleUse(name) }
    }

    /// Bindings of the module scope.
    public var moduleBindings: [String: [Int]] { scopes[0].bindings }

    /// The qualified name an expression refers to through imports:
    /// `pd.read_csv` → `pandas.read_csv`, `tts` → `sklearn.model_selection.train_test_split`.
    /// Unimported names give nil, except builtins, which give their own name
    /// (`print` → `print`) when the module does not rebind them.
    public func qualifiedName(_ node: Node) -> String? {
        let s = node.symbol
        guard s == Py.identifier || s == Py.attribute else { return nil }
        // Many rules ask about the same call's function: answer each node once.
        let key = NodeKey(tree: ObjectIdentifier(node.tree), index: node.preorderIndex)
        if let cached = qualifiedNames[key] { return cached }
        let q = computeQualifiedName(node)
        qualifiedNames[key] = q
        return q
    }

    private struct NodeKey: Hashable {
        let tree: ObjectIdentifier
        let index: Int
    }

    private var qualifiedNames: [NodeKey: String?] = [:]

    private func computeQualifiedName(_ node: Node) -> String? {
        if node.symbol == Py.identifier {
            let name = node.text
            if let q = imports[name] { return q }
            if Builtins.names.contains(name), scopes[0].bindings[name] == nil { return name }
            return nil
        }
        if node.symbol == Py.attribute, let object = node.child(PyField.object), let attr = node.child(PyField.attribute) {
            guard let base = qualifiedName(object) else { return nil }
            return base + "." + attr.text
        }
        return nil
    }

    /// The binding ids of `name` visible at module level.
    public func moduleBindings(named name: String) -> [Int] { scopes[0].bindings[name] ?? [] }

    fileprivate func addScope(_ kind: ScopeKind, parent: Int, node: Node) -> Int {
        scopes.append(Scope(kind: kind, parent: parent, node: node))
        return scopes.count - 1
    }

    fileprivate func addBinding(_ b: Binding) {
        bindings.append(b)
        scopes[b.scope].bindings[b.name, default: []].append(bindings.count - 1)
        if let q = b.qualifiedName, b.kind == .import || b.kind == .fromImport { imports[b.name] = q }
    }

    fileprivate func use(_ binding: Int) { bindings[binding].uses += 1 }

    fileprivate func markModuleUse(_ name: String) {
        for id in scopes[0].bindings[name] ?? [] { use(id) }
    }

    fileprivate func noteRead(_ name: String, _ point: SourcePoint) {
        if let old = lastRead[name], old >= point { return }
        lastRead[name] = point
    }

    /// Whether `name` is read anywhere after `point` (document order).
    public func isRead(_ name: String, after point: SourcePoint) -> Bool {
        guard let last = lastRead[name] else { return false }
        return last > point
    }

    fileprivate func noteReadBeforeBinding(_ name: String, _ point: SourcePoint) {
        readsBeforeBinding.append((name, point))
    }

    /// `global`/`nonlocal` at module level changes nothing (and must not send lookups round in circles).
    fileprivate func declareOutside(_ name: String, scope: Int) { if scope != 0 { scopes[scope].declaredOutside.insert(name) } }
    fileprivate func addExported(_ name: String) { exported.insert(name) }
}

/// Walks the trees once and fills the model.
private struct Builder {
    let model: SemanticModel
    var unit = 0
    var scope = 0
    var statement: Node?
    /// Reads inside functions and lambdas resolve when the whole document is known.
    var deferred: [(name: String, scope: Int, position: (unit: Int, byte: Int))] = []
    /// Module-level reads with no binding before them.
    var pendingModuleReads: [(name: String, point: SourcePoint)] = []

    init(model: SemanticModel) { self.model = model }

    // MARK: statements

    mutating func visitBlock(_ node: Node) {
        for child in node.children where child.isNamed { visitStatement(child) }
    }

    mutating func visitStatement(_ node: Node) {
        let saved = statement
        statement = node
        defer { statement = saved }
        let s = node.symbol
        if s == Py.importStatement {
            for child in node.children where child.isNamed {
                if child.symbol == Py.dottedName {
                    let full = child.text
                    let head = child.namedChild(0) ?? child
                    bind(head.text, .import, head, qualified: String(full.prefix { $0 != "." }))
                } else if child.symbol == Py.aliasedImport, let name = child.child(PyField.name), let alias = child.child(PyField.alias) {
                    bind(alias.text, .import, alias, qualified: name.text)
                }
            }
        } else if s == Py.importFromStatement {
            let module = node.child(PyField.moduleName)?.text ?? ""
            for child in node.children(PyField.name) {
                if child.symbol == Py.aliasedImport, let name = child.child(PyField.name), let alias = child.child(PyField.alias) {
                    bind(alias.text, .fromImport, alias, qualified: join(module, name.text))
                } else {
                    bind(child.text, .fromImport, child, qualified: join(module, child.text))
                }
            }
        } else if s == Py.futureImportStatement {
            return
        } else if s == Py.decoratedDefinition {
            for child in node.children where child.isNamed {
                if child.symbol == Py.decorator { visitExpression(child) } else { visitStatement(child) }
            }
        } else if s == Py.functionDefinition {
            visitFunction(node)
        } else if s == Py.classDefinition {
            if let supers = node.child(PyField.superclasses) { visitExpression(supers) }
            if let name = node.child(PyField.name) { bind(name.text, .class, name) }
            let outer = scope
            scope = model.addScope(.class, parent: outer, node: node)
            if let body = node.child(PyField.body) { visitBlock(body) }
            scope = outer
        } else if s == Py.expressionStatement {
            for child in node.children where child.isNamed {
                if child.symbol == Py.assignment || child.symbol == Py.augmentedAssignment {
                    visitAssignment(child)
                } else {
                    visitExpression(child)
                }
            }
        } else if s == Py.forStatement {
            if let right = node.child(PyField.right) { visitExpression(right) }
            if let left = node.child(PyField.left) { visitTarget(left, .forTarget) }
            if let body = node.child(PyField.body) { visitBlock(body) }
            if let alt = node.child(PyField.alternative) { visitBlockLike(alt) }
        } else if s == Py.globalStatement || s == Py.nonlocalStatement {
            for child in node.children where child.symbol == Py.identifier {
                model.declareOutside(child.text, scope: scope)
            }
        } else if s == Py.block || s == Py.module {
            visitBlock(node)
        } else {
            visitBlockLike(node)
        }
    }

    /// Compound statements and clauses: blocks are statements, everything else expressions.
    mutating func visitBlockLike(_ node: Node) {
        for child in node.children where child.isNamed {
            let s = child.symbol
            if s == Py.block {
                visitBlock(child)
            } else if s == Py.elifClause || s == Py.elseClause || s == Py.exceptClause || s == Py.exceptGroupClause
                        || s == Py.finallyClause || s == Py.caseClause || s == Py.withClause {
                visitBlockLike(child)
            } else if s == Py.withItem {
                visitWithItem(child)
            } else if s == Py.asPattern {
                visitAsPattern(child, .exceptTarget)
            } else if s == Py.comment {
                continue
            } else if isStatement(s) {
                visitStatement(child)
            } else {
                visitExpression(child)
            }
        }
    }

    func isStatement(_ s: Symbol) -> Bool { Py.statements.contains(s) }

    mutating func visitWithItem(_ item: Node) {
        for child in item.children where child.isNamed {
            if child.symbol == Py.asPattern { visitAsPattern(child, .withTarget) } else { visitExpression(child) }
        }
    }

    mutating func visitAsPattern(_ node: Node, _ kind: BindingKind) {
        for child in node.children where child.isNamed {
            if child.symbol == Py.asPatternTarget {
                for t in child.children where t.isNamed { visitTarget(t, kind) }
            } else {
                visitExpression(child)
            }
        }
    }

    mutating func visitAssignment(_ node: Node) {
        if let right = node.child(PyField.right) {
            if right.symbol == Py.assignment || right.symbol == Py.augmentedAssignment {
                visitAssignment(right)  // chained a = b = c
            } else {
                visitExpression(right)
            }
        }
        if let type = node.child(PyField.type) { visitExpression(type) }
        guard let left = node.child(PyField.left) else { return }
        if node.symbol == Py.augmentedAssignment {
            visitExpression(left)
            if left.symbol == Py.identifier { bind(left.text, .augmentedAssignment, left) }
        } else if node.child(PyField.right) == nil {
            if left.symbol == Py.identifier { bind(left.text, .annotation, left) } else { visitExpression(left) }
        } else {
            visitTarget(left, .assignment)
            if scope == 0, left.symbol == Py.identifier, left.textEquals("__all__"), let right = node.child(PyField.right) {
                collectAll(right)
            }
        }
    }

    mutating func collectAll(_ node: Node) {
        node.walk { n in
            if n.symbol == Py.string {
                let t = n.text
                if t.count >= 2 { model.addExported(String(t.dropFirst().dropLast()).trimmingQuotes()) }
                return false
            }
            return true
        }
    }

    /// An assignment target: names bind, attributes and subscripts read their objects.
    mutating func visitTarget(_ node: Node, _ kind: BindingKind) {
        let s = node.symbol
        if s == Py.identifier {
            bind(node.text, kind, node)
        } else if s == Py.patternList || s == Py.tuplePattern || s == Py.listPattern || s == Py.tuple || s == Py.list
                    || s == Py.listSplatPattern || s == Py.parenthesizedExpression || s == Py.listSplat {
            for child in node.children where child.isNamed { visitTarget(child, kind) }
        } else {
            visitExpression(node)
        }
    }

    mutating func visitFunction(_ node: Node) {
        // Defaults, annotations and decorators run in the enclosing scope.
        let params = node.child(PyField.parameters)
        if let params {
            for p in params.children where p.isNamed {
                if let v = p.child(PyField.value) { visitExpression(v) }
                if let t = p.child(PyField.type) { visitExpression(t) }
            }
        }
        if let r = node.child(PyField.returnType) { visitExpression(r) }
        if let name = node.child(PyField.name) { bind(name.text, .function, name) }
        let outer = scope
        scope = model.addScope(.function, parent: outer, node: node)
        if let params { bindParameters(params) }
        if let body = node.child(PyField.body) { visitBlock(body) }
        scope = outer
    }

    mutating func bindParameters(_ params: Node) {
        for p in params.children where p.isNamed {
            let s = p.symbol
            if s == Py.identifier {
                bind(p.text, .parameter, p)
            } else if s == Py.defaultParameter || s == Py.typedDefaultParameter {
                if let n = p.child(PyField.name) { bind(n.text, .parameter, n) }
            } else {
                // typed_parameter, *args, **kwargs: the first identifier is the name.
                for c in p.children where c.symbol == Py.identifier {
                    bind(c.text, .parameter, c)
                    break
                }
                if s == Py.typedParameter {
                    for c in p.children where c.symbol == Py.listSplatPattern || c.symbol == Py.dictionarySplatPattern {
                        for id in c.children where id.symbol == Py.identifier { bind(id.text, .parameter, id) }
                    }
                }
            }
        }
    }

    // MARK: expressions

    mutating func visitExpression(_ node: Node) {
        let s = node.symbol
        if s == Py.identifier {
            read(node)
        } else if s == Py.attribute {
            if let object = node.child(PyField.object) { visitExpression(object) }
        } else if s == Py.keywordArgument {
            if let v = node.child(PyField.value) { visitExpression(v) }
        } else if s == Py.lambda {
            if let params = node.child(PyField.parameters) {
                for p in params.children where p.isNamed { if let v = p.child(PyField.value) { visitExpression(v) } }
            }
            let outer = scope
            scope = model.addScope(.lambda, parent: outer, node: node)
            if let params = node.child(PyField.parameters) { bindParameters(params) }
            if let body = node.child(PyField.body) { visitExpression(body) }
            scope = outer
        } else if s == Py.listComprehension || s == Py.setComprehension || s == Py.dictionaryComprehension || s == Py.generatorExpression {
            let outer = scope
            scope = model.addScope(.comprehension, parent: outer, node: node)
            // Clauses first so the targets are bound before the element reads them.
            var element: [Node] = []
            for child in node.children where child.isNamed {
                if child.symbol == Py.forInClause {
                    if let right = child.child(PyField.right) { visitExpression(right) }
                    if let left = child.child(PyField.left) { visitTarget(left, .comprehensionTarget) }
                } else if child.symbol == Py.ifClause {
                    visitExpression(child)
                } else {
                    element.append(child)
                }
            }
            for e in element { visitExpression(e) }
            scope = outer
        } else if s == Py.namedExpression {
            if let v = node.child(PyField.value) { visitExpression(v) }
            if let n = node.child(PyField.name) {
                var target = scope
                while model.scopes[target].kind == .comprehension, let p = model.scopes[target].parent { target = p }
                let saved = scope
                scope = target
                bind(n.text, .namedExpression, n)
                scope = saved
            }
        } else if s == Py.type {
            // Annotations: quoted names count as reads.
            for child in node.children where child.isNamed {
                if child.symbol == Py.string { readNamesInAnnotation(child) } else { visitExpression(child) }
            }
        } else if s == Py.string || s == Py.integer || s == Py.float || s == Py.comment {
            if s == Py.string { visitInterpolations(node) }
        } else if s == Py.assignment || s == Py.augmentedAssignment {
            visitAssignment(node)
        } else if isStatement(s) || s == Py.block {
            visitStatement(node)
        } else {
            for child in node.children where child.isNamed { visitExpression(child) }
        }
    }

    mutating func visitInterpolations(_ node: Node) {
        for child in node.children where child.isNamed && child.kindName == "interpolation" {
            for e in child.children where e.isNamed { visitExpression(e) }
        }
    }

    // MARK: binding and reading

    mutating func bind(_ name: String, _ kind: BindingKind, _ node: Node, qualified: String? = nil) {
        var target = scope
        if model.scopes[scope].declaredOutside.contains(name) { target = 0 }
        model.addBinding(Binding(name: name, kind: kind, scope: target, unit: unit, node: node, statement: statement, qualifiedName: qualified))
    }

    mutating func read(_ node: Node) {
        read(node.text, at: node.startByte)
    }

    mutating func read(_ name: String, at byte: Int) {
        model.noteRead(name, SourcePoint(unit: unit, byte: byte))
        if scope == 0 {
            resolveModuleRead(name, unit: unit, byte: byte)
        } else {
            deferred.append((name, scope, (unit, byte)))
        }
    }

    /// A string annotation (`x: "pd.DataFrame"`, `-> "List[int]"`) reads the names in it.
    mutating func readNamesInAnnotation(_ string: Node) {
        let text = Array(string.text.unicodeScalars)
        var i = 0
        var word = ""
        var wordStart = 0
        var afterDot = false
        func flush(_ builder: inout Builder) {
            if !word.isEmpty, !afterDot, !["None", "True", "False"].contains(word), !(word.first!.isNumber) {
                builder.read(word, at: string.startByte + wordStart)
            }
            word = ""
        }
        while i < text.count {
            let c = text[i]
            if c.properties.isAlphabetic || c == "_" || (c.properties.numericType != nil && !word.isEmpty) {
                if word.isEmpty { wordStart = i; afterDot = i > 0 && text[i - 1] == "." }
                word.unicodeScalars.append(c)
            } else {
                flush(&self)
            }
            i += 1
        }
        flush(&self)
    }

    /// A module-level read uses the latest binding before it (notebook cells in order);
    /// with none before it, the first one after it (cells run out of order).
    mutating func resolveModuleRead(_ name: String, unit: Int, byte: Int) {
        var chosen: Int?
        for id in model.scopes[0].bindings[name] ?? [] {
            let b = model.bindings[id]
            if b.unit < unit || (b.unit == unit && b.node.startByte < byte) { chosen = id } else { break }
        }
        if let chosen {
            model.use(chosen)
        } else {
            // Nothing bound it yet: a later cell may (resolved at the end).
            pendingModuleReads.append((name, SourcePoint(unit: unit, byte: byte)))
        }
    }

    /// Reads in functions run later: they see every binding of the name in the scope
    /// that holds it, so each of them counts as used.
    mutating func resolveDeferred() {
        for read in pendingModuleReads {
            guard let first = model.scopes[0].bindings[read.name]?.first else { continue }
            model.use(first)
            model.noteReadBeforeBinding(read.name, read.point)
        }
        pendingModuleReads.removeAll()
        for read in deferred {
            var s: Int? = read.scope
            var first = true
            while let current = s {
                let sc = model.scopes[current]
                // Class scopes are not visible from nested functions.
                if sc.kind == .class && !first { s = sc.parent; continue }
                if sc.declaredOutside.contains(read.name) { s = 0; first = false; continue }
                if let ids = sc.bindings[read.name], !ids.isEmpty {
                    for id in ids { model.use(id) }
                    break
                }
                s = sc.parent
                first = false
            }
        }
        deferred.removeAll()
    }

    func join(_ module: String, _ name: String) -> String {
        module.isEmpty ? name : (module.hasSuffix(".") ? module + name : module + "." + name)
    }
}

extension String {
    func trimmingQuotes() -> String {
        var s = Substring(self)
        while let f = s.first, f == "\"" || f == "'" { s = s.dropFirst() }
        while let l = s.last, l == "\"" || l == "'" { s = s.dropLast() }
        return String(s)
    }
}

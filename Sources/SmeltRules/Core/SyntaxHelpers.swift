import SmeltSyntax

/// Small questions about Python syntax trees that several rules ask.
public enum Syntax {
    /// Statements of a block or module (named children that are not comments).
    public static func statements(_ block: Node) -> [Node] {
        block.children.filter { $0.isNamed && $0.symbol != Py.comment }
    }

    /// Whether a statement is only a string (a docstring or a bare string).
    public static func isStringStatement(_ statement: Node) -> Bool {
        guard statement.symbol == Py.expressionStatement, statement.namedChildCount == 1,
              let e = statement.namedChild(0) else { return false }
        return e.symbol == Py.string || e.symbol == Py.concatenatedString
    }

    /// Statements in a block, counting nested compound statements' bodies, but not the
    /// bodies of nested functions and classes (they are counted on their own).
    public static func statementCount(_ block: Node) -> Int {
        var count = 0
        for child in block.children where child.isNamed {
            let s = child.symbol
            if s == Py.comment { continue }
            if s == Py.block || s == Py.elifClause || s == Py.elseClause || s == Py.exceptClause || s == Py.exceptGroupClause
                || s == Py.finallyClause || s == Py.caseClause {
                count += statementCount(child)
                continue
            }
            if s == Py.functionDefinition || s == Py.classDefinition || s == Py.decoratedDefinition {
                count += 1
                continue
            }
            if s == Py.ifStatement || s == Py.forStatement || s == Py.whileStatement || s == Py.tryStatement
                || s == Py.withStatement || s == Py.matchStatement {
                count += 1 + statementCount(child)
                continue
            }
            if isSimpleStatement(s) { count += 1 }
        }
        return count
    }

    public static func isSimpleStatement(_ s: Symbol) -> Bool { Py.simpleStatements.contains(s) }

    /// `name=value` arguments of a call, and whether it passes `**kwargs` (which may hold any keyword).
    public static func keywordArguments(_ call: Node) -> (keywords: [(name: String, value: Node)], hasDictionarySplat: Bool) {
        guard let args = call.child(PyField.arguments) else { return ([], false) }
        var keywords: [(String, Node)] = []
        var splat = false
        for a in args.children where a.isNamed {
            if a.symbol == Py.keywordArgument, let n = a.child(PyField.name), let v = a.child(PyField.value) {
                keywords.append((n.text, v))
            } else if a.symbol == Py.dictionarySplat {
                splat = true
            }
        }
        return (keywords, splat)
    }

    /// Positional arguments of a call.
    public static func positionalArguments(_ call: Node) -> [Node] {
        guard let args = call.child(PyField.arguments) else { return [] }
        return args.children.filter {
            $0.isNamed && $0.symbol != Py.keywordArgument && $0.symbol != Py.dictionarySplat && $0.symbol != Py.comment
        }
    }

    /// The last dotted component of a qualified name: `sklearn.ensemble.RandomForestClassifier` → `RandomForestClassifier`.
    public static func lastComponent(_ qualified: String) -> Substring {
        if let dot = qualified.lastIndex(of: ".") { return qualified[qualified.index(after: dot)...] }
        return Substring(qualified)
    }

    /// A short, one-line rendering of a node's text for messages.
    public static func snippet(_ node: Node, limit: Int = 40) -> String { clip(node.text, limit: limit) }

    /// The name at the root of `a.b[c].d`: `a` (nil through calls and other expressions).
    public static func rootName(_ node: Node) -> String? {
        var n = node
        while true {
            let s = n.symbol
            if s == Py.identifier { return n.text }
            if s == Py.subscript, let v = n.child(PyField.value) { n = v; continue }
            if s == Py.attribute, let o = n.child(PyField.object) { n = o; continue }
            return nil
        }
    }

    /// A text cut to `limit` characters on one line, for messages.
    public static func clip(_ text: String, limit: Int = 30) -> String {
        var t = text
        if let newline = t.firstIndex(where: { $0 == "\n" || $0 == "\r" }) { t = String(t[..<newline]) + " …" }
        return t.count > limit ? String(t.prefix(limit - 1)) + "…" : t
    }

    /// Whether the statement is `if __name__ == "__main__":`.
    public static func isMainGuard(_ statement: Node) -> Bool {
        guard statement.symbol == Py.ifStatement, let cond = statement.child(PyField.condition) else { return false }
        let t = cond.text.filter { !$0.isWhitespace }
        return t == "__name__==\"__main__\"" || t == "__name__=='__main__'" || t == "\"__main__\"==__name__" || t == "'__main__'==__name__"
    }
}

import SmeltSyntax

/// SM210: code that does not parse.
public struct SyntaxError: Rule {
    public static let description = RuleDescription(
        code: "SM210", slug: "syntax-error", name: "Syntax error",
        category: .notebook, severity: .error,
        summary: "A script or notebook cell that does not parse as Python (after IPython magics are masked)",
        whatItDoes: """
            Reports the first syntax error of a script, or of each notebook cell. Cells are parsed one by one, \
            so one broken cell does not stop the others from being linted. IPython syntax (`%magic`, `!shell`, \
            `obj?`) is masked before parsing and is not an error.
            """,
        whyIsThisBad: "Code that does not parse cannot run; a notebook with such a cell cannot be run top to bottom.",
        example: "def train(model:\n    model.fit(X, y)\n",
        useInstead: "def train(model):\n    model.fit(X, y)\n",
        refactoring: "Fix the syntax error so the code runs top to bottom",
        references: ["pynblint: invalid syntax", "ruff: invalid-syntax"],
        triggering: [
            RuleExample("def train↓(model:\n    model.fit(X, y)\n"),
            RuleExample("x = ↓(1, 2\n"),
            RuleExample("x = ↓= 2\n"),
            RuleExample("↓import os raise ValueError\n"),
            RuleExample("x = 1↓\0\ny = 2\n"),
            RuleExample(cells: [("↓)broken(", 1), ("import pandas as pd\npd.read_csv('x')", 2)]),
            RuleExample(cells: [("import functools\n↓@functools.cache", 1), ("def f():\n    pass", 2)]),
        ],
        nonTriggering: [
            RuleExample("def train(model):\n    model.fit(X, y)\n"),
            RuleExample(cells: [("%matplotlib inline\nimport numpy as np", 1), ("!pip install numpy\nnp.zeros(3)", 2)]),
        ]
    )

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.module] }

    /// The first ERROR or MISSING node strictly inside `node`, in source order.
    static func firstErrorInside(_ node: Node) -> Node? {
        var found: Node?
        node.walk { n in
            if found != nil { return false }
            if n != node, n.isError || n.isMissing {
                found = n
                return false
            }
            return n.hasError
        }
        return found
    }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard node.hasError else { return }
        let bytes = context.unit.text.bytes
        if let nul = bytes.firstIndex(of: 0) {
            context.report(ByteRange(nul, nul + 1), "Syntax error \(context.unit.cellIndex.map { "in cell \($0 + 1)" } ?? "in the file"): source contains a NUL byte")
            return
        }
        var problem: Node?
        node.walk { n in
            if problem != nil { return false }
            if n.isError || n.isMissing {
                problem = n
                return false
            }
            return n.hasError
        }
        // An error in a hidden node (a missing newline between two statements) has no
        // visible ERROR node: point at the innermost visible node that holds it.
        if problem == nil {
            var innermost = node
            node.walk { n in
                guard n.hasError else { return false }
                if n.startByte >= innermost.startByte { innermost = n }
                return true
            }
            context.report(ByteRange(innermost.startByte, innermost.endByte),
                           "Syntax error \(context.unit.cellIndex.map { "in cell \($0 + 1)" } ?? "in the file"): invalid syntax in `\(Syntax.snippet(innermost, limit: 30))`")
            return
        }
        guard var problem else { return }
        // tree-sitter may wrap a whole file in one ERROR when it recovers late; the first
        // innermost error inside it is nearer the real cause.
        while let inner = Self.firstErrorInside(problem) { problem = inner }
        let place = context.unit.cellIndex.map { "in cell \($0 + 1)" } ?? "in the file"
        if problem.isMissing {
            context.report(problem, "Syntax error \(place): missing `\(problem.kindName)`")
            return
        }
        // tree-sitter recovers by wrapping what it could not parse in an ERROR node; find
        // the most likely cause inside it: an unmatched or unclosed bracket, a decorator
        // with nothing to decorate, else the first token of the region.
        var open: [Node] = []
        var unmatched: Node?
        var lastNamed: Node?
        problem.walk { n in
            if n.childCount == 0, !n.isNamed || n.symbol != Py.string {
                if n.textEquals("(") || n.textEquals("[") || n.textEquals("{") {
                    open.append(n)
                } else if n.textEquals(")") || n.textEquals("]") || n.textEquals("}") {
                    if open.isEmpty { if unmatched == nil { unmatched = n } } else { open.removeLast() }
                }
            }
            return n.symbol != Py.string
        }
        for child in problem.children where child.isNamed { lastNamed = child }
        if let unmatched {
            context.report(unmatched, "Syntax error \(place): unmatched `\(unmatched.text)`")
        } else if let first = open.first {
            context.report(first, "Syntax error \(place): `\(first.text)` was never closed")
        } else if let last = lastNamed, last.symbol == Py.decorator, last.endByte == problem.endByte {
            context.report(last, "Syntax error \(place): decorator `\(Syntax.snippet(last))` is not followed by a function or class")
        } else {
            var first = problem
            while let child = first.child(0), child.startByte == first.startByte { first = child }
            let token = first.byteRange.count > 0 ? Syntax.snippet(first, limit: 20) : Syntax.snippet(problem, limit: 20)
            context.report(problem, "Syntax error \(place): invalid syntax at `\(token)`")
        }
    }
}

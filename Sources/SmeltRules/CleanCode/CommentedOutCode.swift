import SmeltSyntax

/// SM103: comments that are code.
public struct CommentedOutCode: Rule {
    public static let description = RuleDescription(
        code: "SM103", slug: "commented-out-code", name: "Commented-out code",
        category: .cleanCode, severity: .warning,
        summary: "A comment that holds Python code instead of prose",
        whatItDoes: """
            Finds comment lines that parse as Python statements (`# df = df.dropna()`, `# print(x)`, \
            `# for row in rows:`), not prose, not directives such as `# noqa`, `# type: ...` or `# pragma: ...`.
            """,
        whyIsThisBad: """
            Commented-out code is dead code that readers still have to read and wonder about: was it left on \
            purpose, does it still work, should it come back? It rots because nothing runs it.
            """,
        example: """
            model.fit(X_train, y_train)
            # model.fit(X_train_scaled, y_train)
            """,
        useInstead: "model.fit(X_train, y_train)\n",
        refactoring: "Delete the commented-out code; version control keeps it",
        references: ["Effective Machine Learning Teams, ch. 8: dead code", "ruff ERA001"],
        precision: .medium,
        triggering: [
            RuleExample("x = 1\n↓# x = x + 1\n"),
            RuleExample("↓# print(df.head())\n"),
            RuleExample("↓# import seaborn as sns\n"),
            RuleExample("↓# for row in rows:\n↓#     total += row\n"),
            RuleExample("def f():\n    ↓# return compute(a, b)\n    return 1\n"),
            RuleExample("↓# time.sleep(20)  # wait for the slow server\n"),
        ],
        nonTriggering: [
            RuleExample("# Load the loans and drop incomplete rows.\n"),
            RuleExample("x = 1  # noqa: SM107\n"),
            RuleExample("# TODO: use the new split\n"),
            RuleExample("#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n"),
            RuleExample("# Note: this is slow\n"),
            RuleExample("# Check if the file exists (slow on NFS)\n"),
            RuleExample("# type: ignore\n"),
            RuleExample("# see https://example.com/docs (section 2)\n"),
            RuleExample("# %%\n"),
            RuleExample("# ----------------------------\n"),
            RuleExample("# - model.fit(), model.predict() and model.score()\n"),
            RuleExample("# fileencoding=latin-1\nx = 1\n", .scriptOnly),
        ],
        fix: FixDocumentation(.safe, safety: """
            Safe: a comment never changes what the program does, so deleting one that holds code keeps the \
            program's meaning. A comment on a line of its own is deleted with its line; a comment after code \
            (`x = 1  # x = 2`) is deleted with the spaces before it, and the code stays; a directive after \
            the commented-out code (`x = 1  # x = 2  # noqa: E501`) stays. Only the comments the \
            rule reports are deleted — never prose, directives (`# noqa`, `# type: ...`, `# pragma: ...`, \
            `# pylint: ...`), a shebang or an encoding declaration. Each reported line is its own fix, so a \
            commented-out block (one finding per line) is deleted line by line, all by one `--fix`; a line that is \
            part of the block but is not code on its own (`#     y,`) stays. A cell whose only line was \
            commented-out code is left empty (SM208 reports empty cells). No fix is offered on a line that \
            holds IPython syntax.
            """,
            examples: [
                FixExample("model.fit(X_train, y_train)\n# model.fit(X_train_scaled, y_train)\nmodel.score(X_test, y_test)\n",
                           "model.fit(X_train, y_train)\nmodel.score(X_test, y_test)\n"),
                FixExample("total = 0\n# for row in rows:\n#     total += row\nprint(total)\n", "total = 0\nprint(total)\n"),
                FixExample("def f():\n    # return compute(a, b)\n    return 1\n", "def f():\n    return 1\n"),
                FixExample("x = load()  # x = load(cache=False)\n", "x = load()\n"),
                FixExample("rate = 0.1  # noqa: SM107\n# rate = 0.01\n", "rate = 0.1  # noqa: SM107\n"),
                FixExample("rate = 0.1  # rate = 0.01  # noqa: SM107\n", "rate = 0.1  # noqa: SM107\n"),
                FixExample("# Load the loans.\n# df = pd.read_csv(\"old.csv\")\ndf = load()\n", "# Load the loans.\ndf = load()\n"),
                FixExample(cells: ["import pandas as pd", "# df.head()\n# df.describe()", "df = pd.read_csv(\"x.csv\")"],
                           ["import pandas as pd", "", "df = pd.read_csv(\"x.csv\")"]),
            ])
    )

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.comment] }

    private static let directives = ["noqa", "type:", "pragma", "pylint", "mypy", "fmt:", "isort", "ruff", "smelt",
                                     "nosec", "todo", "fixme", "xxx", "note", "hack", "pyright", "region", "endregion",
                                     "-*-", "!", "%%", "in[", "out[", "coding", "vim:", "flake8"]
    private static let statementKeywords = ["import ", "from ", "return", "raise ", "del ", "pass", "break", "continue",
                                            "print(", "assert ", "yield", "global ", "nonlocal "]
    private static let blockKeywords = ["if ", "elif ", "else", "for ", "while ", "with ", "def ", "class ", "try",
                                        "except", "finally", "async "]

    public func visit(_ node: Node, _ context: RuleContext) {
        guard mightBeCode(node) else { return }
        // An encoding declaration (PEP 263) on the first two lines is not code.
        if node.startRow < 2, node.text.contains("coding:") || node.text.contains("coding=") { return }
        var text = Substring(node.text)
        while text.first == "#" { text = text.dropFirst() }
        let code = text.trimmingCharacters(in: " \t")
        guard code.count >= 3 else { return }
        let lower = code.lowercased()
        if Self.directives.contains(where: { lower.hasPrefix($0) }) { return }
        // Bullet points are prose.
        if code.hasPrefix("- ") || code.hasPrefix("* ") || code.hasPrefix("+ ") { return }
        guard looksLikeCode(code), !hasAdjacentNames(code) else { return }
        if parses(code, context.parser) {
            let shown = code.count > 40 ? String(code.prefix(39)) + "…" : code
            context.report(node, "Commented-out code `\(shown)`", fix: deletion(of: node, title: "Delete commented-out code `\(shown)`", context))
        }
    }

    /// Deletes the comment: its whole line when nothing else is on it, else the comment and
    /// the spaces before it. None on a line that held IPython syntax.
    private func deletion(of comment: Node, title: String, _ context: RuleContext) -> Fix? {
        let unit = context.unit
        if unit.maskedLines.contains(comment.startRow + 1) { return nil }
        let text = unit.text
        if let edit = FixEdits.closingUp(FixEdits.deleteLines(of: comment.byteRange, in: text), in: unit) { return .safe(title, [edit]) }
        // A comment after code: keep a directive that follows the code (`# x = 2  # noqa: E501`),
        // else delete the comment and the spaces before it.
        if let directive = innerDirective(comment) {
            return .safe(title, [.delete(ByteRange(comment.startByte, directive))])
        }
        let lineStart = text.lineStarts[comment.startRow]
        var start = comment.startByte
        while start > lineStart, text.bytes[start - 1] == 0x20 || text.bytes[start - 1] == 0x09 { start -= 1 }
        guard start > lineStart else { return nil }
        return .safe(title, [.delete(ByteRange(start, comment.endByte))])
    }

    private static let keptDirectives = ["noqa", "type:", "pragma", "pylint:", "mypy:", "pyright:", "smelt:", "fmt:",
                                         "isort:", "ruff:", "nosec", "flake8"]

    /// The byte offset of a `#` inside the comment that starts a directive, if any.
    private func innerDirective(_ comment: Node) -> Int? {
        let bytes = comment.tree.text.bytes
        var k = comment.startByte + 1
        while k < comment.endByte {
            if bytes[k] == 0x23 {
                var j = k + 1
                while j < comment.endByte, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                let rest = String(decoding: bytes[j..<comment.endByte], as: UTF8.self).lowercased()
                if Self.keptDirectives.contains(where: { rest.hasPrefix($0) }) { return k }
            }
            k += 1
        }
        return nil
    }

    /// A byte-level filter that drops most prose comments before any String is made:
    /// code has a bracket, `=` or `:`, or starts with a statement keyword.
    private func mightBeCode(_ node: Node) -> Bool {
        let bytes = node.tree.text.bytes
        var i = node.startByte
        let end = node.endByte
        while i < end, bytes[i] == 0x23 || bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        let start = i
        while i < end {
            switch bytes[i] {
            case 0x28, 0x3D, 0x5B, 0x3A: return true  // ( = [ :
            default: i += 1
            }
        }
        // Keyword-only statements: `import x`, `return`, `pass`, `break`, `continue`, `del x`, `raise E`.
        guard end - start >= 3 else { return false }
        let first = bytes[start]
        return first == 0x69 || first == 0x72 || first == 0x70 || first == 0x62 || first == 0x63 || first == 0x64
            || first == 0x66 || first == 0x61 || first == 0x67 || first == 0x6E || first == 0x79
    }

    private func looksLikeCode(_ code: String) -> Bool {
        if Self.statementKeywords.contains(where: { code.hasPrefix($0) }) { return true }
        if Self.blockKeywords.contains(where: { code.hasPrefix($0) }) && code.hasSuffix(":") { return true }
        // Code has brackets or an assignment; prose ends with a full stop.
        if code.hasSuffix(".") || code.hasSuffix("?") || code.hasSuffix("!") { return false }
        return code.contains("(") || code.contains("=") || code.contains("[")
    }

    /// Two names in a row (`the file`, `we use`) never occur in Python outside strings
    /// unless one is a keyword; prose is full of them. Checked before parsing anything.
    private func hasAdjacentNames(_ code: String) -> Bool {
        var previousWasName = false
        var previousName = Substring()
        var i = code.startIndex
        while i < code.endIndex {
            let c = code[i]
            if c == "#" { return false }  // a comment after the code
            if c == "\"" || c == "'" {
                // Skip a string literal.
                var j = code.index(after: i)
                while j < code.endIndex, code[j] != c {
                    if code[j] == "\\" { j = code.index(after: j); if j == code.endIndex { break } }
                    j = code.index(after: j)
                }
                i = j < code.endIndex ? code.index(after: j) : j
                previousWasName = false
                continue
            }
            if c.isLetter || c == "_" {
                var j = i
                while j < code.endIndex, code[j].isLetter || code[j].isNumber || code[j] == "_" { j = code.index(after: j) }
                let name = code[i..<j]
                if previousWasName, !Self.keywords.contains(String(name)), !Self.keywords.contains(String(previousName)) {
                    return true
                }
                previousWasName = true
                previousName = name
                i = j
                // Only a run of spaces may separate the two names.
                while i < code.endIndex, code[i] == " " { i = code.index(after: i) }
                if i < code.endIndex, !(code[i].isLetter || code[i] == "_") { previousWasName = false }
                continue
            }
            previousWasName = false
            i = code.index(after: i)
        }
        return false
    }

    private static let keywords: Set<String> = [
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
        "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
        "raise", "return", "try", "while", "with", "yield", "match", "case", "type", "print", "exec", "None", "True", "False",
    ]

    private func parses(_ code: String, _ parser: Parser) -> Bool {
        var source = code
        if code.hasSuffix(":"), Self.blockKeywords.contains(where: { code.hasPrefix($0) }) {
            if ["else:", "try:", "finally:"].contains(code) || code.hasPrefix("elif ") || code.hasPrefix("except") {
                return true
            }
            source += "\n    pass"
        }
        let text = SourceText(source)
        if parser.hasSyntaxError(text) { return false }
        guard let tree = try? parser.parse(text) else { return false }
        let root = tree.root
        if root.hasError { return false }
        let statements = Syntax.statements(root)
        guard !statements.isEmpty else { return false }
        for statement in statements where statement.symbol == Py.expressionStatement {
            guard let e = statement.namedChild(0) else { return false }
            let s = e.symbol
            // Lone words, strings, numbers and `Label: words` are prose.
            if s == Py.identifier || s == Py.string || s == Py.integer || s == Py.float || s == Py.concatenatedString
                || s == Py.comparisonOperator || s == Py.booleanOperator || s == Py.attribute {
                return false
            }
            if s == Py.assignment, e.child(PyField.right) == nil { return false }
        }
        return true
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}

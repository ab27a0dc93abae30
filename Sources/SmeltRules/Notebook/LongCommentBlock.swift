import SmeltSyntax

/// SM209: long runs of comment lines in a code cell.
public struct LongCommentBlock: Rule {
    public static let description = RuleDescription(
        code: "SM209", slug: "long-comment-block", name: "Long comment block",
        category: .notebook, severity: .info,
        summary: "A block of consecutive comment lines in a code cell that should be a markdown cell",
        whatItDoes: """
            Reports runs of consecutive full-line comments at the top level of a code cell (not indented) with at \
            least `min-lines` lines of text. Lines without letters or digits (`#`, `# -----`), directives \
            (`# noqa`, `# type:`, `# pylint:`, `#@title`) and a shebang or encoding line do not count. Not reported: \
            a licence, copyright or authorship header at the top of a cell (the comments before the first \
            statement, when they name a copyright, licence or author; it belongs with the code), blocks that are mostly \
            commented-out code (see `commented-out-code`), a block right above a `def`, `class` or decorator \
            (it documents that definition: a docstring's job), and comments indented inside functions or \
            classes, which document the code next to them.
            """,
        whyIsThisBad: """
            A notebook has a place for prose: markdown cells, which render with headings, lists, links and \
            formulas. A paragraph squeezed into `#` lines is harder to read, is not shown in the notebook's \
            outline, and hides the code it sits in.
            """,
        example: """
            # We drop loans without an amount because the model
            # cannot use them. Amounts are in euros and dates in
            # local time; both are converted before joining with
            # the payments table.
            loans = loans.dropna(subset=["amount"])
            """,
        useInstead: """
            (markdown cell) We drop loans without an amount because the model cannot use them...
            [1] loans = loans.dropna(subset=["amount"])
            """,
        refactoring: "Move the prose to a markdown cell",
        references: ["pynblint: long-multiline-python-comment",
                     "Effective Machine Learning Teams, ch. 8: notebooks as a means of communication"],
        options: [RuleOption("min-lines", default: .int(4), "The fewest comment lines of text that make a block worth a markdown cell.")],
        appliesTo: .notebookOnly,
        precision: .medium,
        triggering: [
            RuleExample(cells: [("↓# We load the loans and drop the rows without an amount,\n# because the model cannot use them. The amounts are in\n# euros; the dates are in local time and need converting\n# before we join them with the payments.\nloans = load()", 1)]),
            RuleExample(cells: [("loans = load()\n\n↓# Explanation line one of the analysis\n# line two explains the cleaning steps\n#\n# line three explains the outliers\n# line four concludes the summary\nclean(loans)", 1)]),
            RuleExample(cells: [("x = 1", 1), ("↓# first note about the data\n# second note about the data\nx = 2", 2)], options: ["min-lines": .int(2)]),
        ],
        nonTriggering: [
            RuleExample(cells: [("# Load the loans.\n# Drop rows without amount.\n# Convert dates.\nloans = load()", 1)]),
            RuleExample(cells: [("# Copyright 2024 Example Ltd.\n#\n# Licensed under the Apache License, Version 2.0 (the \"License\");\n# you may not use this file except in compliance with the License.\n# You may obtain a copy of the License at\n#     http://www.apache.org/licenses/LICENSE-2.0", 1)]),
            RuleExample(cells: [("# Copyright (c) 2024 Example Ltd.\n\n# Written by A. Person\n#    and B. Person\n#    and C. Person\n#    and D. Person\nimport os", 1)]),
            RuleExample(cells: [("#!/usr/bin/env python3\n#\n# Training helpers.\n#\n# Written by A. Person\n# Based on the loans prototype\n#   by B. Person and C. Person\nimport os", 1)]),
            RuleExample(cells: [("# Weighted F1 that ignores the rare classes, because\n# the business only acts on the three largest ones;\n# see the metrics decision record for the reasoning\n# and the numbers behind it.\ndef business_f1(y_true, y_pred):\n    return 0.0", 1)]),
            RuleExample(cells: [("# loans = load()\n# loans = loans.dropna()\n# model.fit(X, y)\n# print(model.score(X, y))\nx = 1", 1)]),
            RuleExample(cells: [("# ==========\n# Training\n# ==========\n#\nmodel.fit(X, y)", 1)]),
            RuleExample(cells: [("def clean(loans):\n    # line one explains the step\n    # line two explains the step\n    # line three explains the step\n    # line four explains the step\n    return loans", 1)]),
            RuleExample(cells: [("text = \"\"\"\n# one line here\n# two line here\n# three line here\n# four line here\n\"\"\"", 1)]),
            RuleExample(cells: [("# one note\n\n# two note\n\n# three note\n\n# four note", 1)]),
        ]
    )

    private let minLines: Int

    public init(options: RuleOptions) { minLines = options.int("min-lines") }

    public var nodeKinds: [Symbol] { [Py.comment] }

    private static let directives = ["noqa", "type:", "pylint:", "pyright:", "mypy:", "fmt:", "isort:", "ruff:", "smelt:",
                                     "pragma", "nosec", "-*-", "coding:", "coding=", "vim:", "flake8"]

    public func visit(_ node: Node, _ context: RuleContext) {
        guard context.isNotebook else { return }
        let text = context.unit.text
        let row = node.startRow
        // Unindented full-line comments only, and only at the first line of a block.
        guard node.startByte == text.lineStarts[row] else { return }
        if row > 0, Self.isCommentLine(text, row - 1) { return }
        var last = row
        var prose: [Substring] = []
        var r = row
        while r < text.lineCount, Self.isCommentLine(text, r) {
            last = r
            let line = text.line(r + 1)
            var body = Substring(line)
            if r == 0, body.hasPrefix("#!") { r += 1; continue }
            while let f = body.first, f == "#" || f == " " || f == "\t" { body = body.dropFirst() }
            let lower = body.lowercased()
            if line.hasPrefix("#@") || Self.directives.contains(where: { lower.hasPrefix($0) }) { r += 1; continue }
            if body.contains(where: { $0.isLetter || $0.isNumber }) { prose.append(body) }
            r += 1
        }
        let textLines = prose.count
        guard textLines >= minLines else { return }
        // A licence or authorship header at the top of the cell stays with the code.
        if Self.isInHeader(text, firstRow: row, lastRow: last) { return }
        // A comment right above a function or class documents it: that is a docstring's job.
        if Self.precedesDefinition(text, after: last) { return }
        // Mostly commented-out code: `commented-out-code` reports it.
        let codeLike = prose.reduce(0) { $0 + (Self.looksLikeCode($1, context.parser) ? 1 : 0) }
        if codeLike * 2 >= textLines { return }
        context.report(ByteRange(node.startByte, text.lineContentEnd(last)),
                       "Comment block of \(textLines) lines in a code cell: prose belongs in a markdown cell",
                       refactoring: "Move the prose to a markdown cell above this code cell")
    }

    /// Whether the block is part of the comment header at the top of the cell (only comments and
    /// blank lines before it) and the header names a copyright, licence or author.
    static func isInHeader(_ text: SourceText, firstRow: Int, lastRow: Int) -> Bool {
        var r = 0
        while r < firstRow {
            guard isBlankLine(text, r) || isCommentLine(text, r) else { return false }
            r += 1
        }
        let header = text.text(ByteRange(0, text.lineContentEnd(lastRow))).lowercased()
        return header.contains("licen") || header.contains("copyright") || header.contains("spdx")
            || header.contains("author") || header.contains("written by")
    }

    /// Whether the next non-blank line after `row` starts a function, a class or a decorator.
    static func precedesDefinition(_ text: SourceText, after row: Int) -> Bool {
        var r = row + 1
        while r < text.lineCount, isBlankLine(text, r) { r += 1 }
        guard r < text.lineCount else { return false }
        var line = Substring(text.line(r + 1))
        while let f = line.first, f == " " || f == "\t" { line = line.dropFirst() }
        return line.hasPrefix("def ") || line.hasPrefix("async def ") || line.hasPrefix("class ") || line.hasPrefix("@")
    }

    static func isBlankLine(_ text: SourceText, _ row: Int) -> Bool {
        let range = text.lineRange(row + 1)
        return text.bytes[range.lowerBound..<range.upperBound].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0C }
    }

    /// Whether 0-based line `row` is a comment and nothing else (after indentation).
    static func isCommentLine(_ text: SourceText, _ row: Int) -> Bool {
        let end = text.lineContentEnd(row)
        var i = text.lineStarts[row]
        while i < end, text.bytes[i] == 0x20 || text.bytes[i] == 0x09 { i += 1 }
        return i < end && text.bytes[i] == 0x23
    }

    /// Whether a comment's text is a Python statement rather than prose.
    static func looksLikeCode(_ body: Substring, _ parser: Parser) -> Bool {
        var code = String(body)
        while let l = code.last, l == " " || l == "\t" { code.removeLast() }
        guard code.contains(where: { "([=:".contains($0) }) || code.hasPrefix("import ") || code.hasPrefix("from ")
                || code.hasPrefix("return") else { return false }
        if code.hasSuffix(":") { code += "\n    pass" }
        return !parser.hasSyntaxError(SourceText(code))
    }
}

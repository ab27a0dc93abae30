import SmeltSyntax

/// SM000: a file smelt could not read as Python or as a notebook (reported by the engine),
/// or code nested too deep to analyse (reported here).
public struct InvalidFile: Rule {
    public static let description = RuleDescription(
        code: "SM000", slug: "invalid-file", name: "Invalid file",
        category: .file, severity: .error,
        summary: "A file that cannot be read, decoded or parsed as a notebook; the other files are still linted",
        whatItDoes: """
            Reports, with the path and the reason, a file that smelt cannot lint: it cannot be read (permissions, \
            a broken disk), it is not valid UTF-8 or not valid in the encoding its PEP 263 line declares, or a \
            `.ipynb` file that is not valid JSON, not a Jupyter notebook, or older than nbformat 4. Code nested \
            more than 1,000 syntax levels deep is reported too, and only checked for syntax. The finding \
            appears in every output format so CI shows it, even when other rules are selected with `--select`; \
            linting goes on with the other files.
            """,
        whyIsThisBad: "A file no tool can read cannot be checked, reviewed or run, and hides whatever is in it.",
        example: "{\"cells\": [ ... (a notebook cut off in the middle of a save)",
        useInstead: "a complete nbformat 4 notebook, or a UTF-8 Python file",
        refactoring: "Fix or regenerate the file (re-save the notebook, convert it to nbformat 4, re-encode it as UTF-8)",
        references: ["nbformat 4 schema", "PEP 263: defining Python source code encodings"],
        triggering: [RuleExample("y = 1\n↓x = " + String(repeating: "(", count: 1100) + "1" + String(repeating: ")", count: 1100) + "\n")],
        nonTriggering: [RuleExample("x = (((1)))\n")]
    )

    public init(options: RuleOptions) {}

    public static var analysesDeepTrees: Bool { true }

    public var nodeKinds: [Symbol] { [Py.module] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard node.tree.isTooDeep else { return }
        // The top-level statement that holds the first node past half the limit.
        var deep: Node?
        var depth = 0
        node.walk { n in
            depth += 1
            if depth > Tree.maxAnalysedDepth / 2 { deep = n }
            return deep == nil
        } leave: { _ in depth -= 1 }
        var statement = deep ?? node
        while let parent = statement.parent, parent != node { statement = parent }
        let place = context.unit.cellIndex.map { "cell \($0 + 1)" } ?? "the file"
        context.report(statement,
                       "Code in \(place) is nested \(node.tree.depth) levels deep: too deep to analyse (the limit is \(Tree.maxAnalysedDepth)); only its syntax was checked",
                       refactoring: "Flatten the expression: name its parts, or build it in a loop", severity: .warning)
    }
}

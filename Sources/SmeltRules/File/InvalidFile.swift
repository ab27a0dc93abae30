import SmeltSyntax

/// SM000: a file smelt could not read as Python or as a notebook. Reported by the engine.
public struct InvalidFile: Rule {
    public static let description = RuleDescription(
        code: "SM000", slug: "invalid-file", name: "Invalid file",
        category: .file, severity: .error,
        summary: "A file that cannot be read, decoded or parsed as a notebook; the other files are still linted",
        whatItDoes: """
            Reports, with the path and the reason, a file that smelt cannot lint: it cannot be read (permissions, \
            a broken disk), it is not valid UTF-8 or not valid in the encoding its PEP 263 line declares, or a \
            `.ipynb` file that is not valid JSON, not a Jupyter notebook, or older than nbformat 4. The finding \
            appears in every output format so CI shows it; linting goes on with the other files.
            """,
        whyIsThisBad: "A file no tool can read cannot be checked, reviewed or run, and hides whatever is in it.",
        example: "{\"cells\": [ ... (a notebook cut off in the middle of a save)",
        useInstead: "a complete nbformat 4 notebook, or a UTF-8 Python file",
        refactoring: "Fix or regenerate the file (re-save the notebook, convert it to nbformat 4, re-encode it as UTF-8)",
        references: ["nbformat 4 schema", "PEP 263: defining Python source code encodings"],
        triggering: [],
        nonTriggering: []
    )

    public init(options: RuleOptions) {}
}

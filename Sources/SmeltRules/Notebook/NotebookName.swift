import SmeltSyntax

/// SM215: notebook file names that say nothing or do not travel.
public struct NotebookName: Rule {
    public static let description = RuleDescription(
        code: "SM215", slug: "notebook-name", name: "Notebook name",
        category: .notebook, severity: .info,
        summary: "A notebook named `Untitled*.ipynb`, left as a copy, with non-portable characters, or too long",
        whatItDoes: """
            Checks the notebook's file name: Jupyter's default `Untitled*.ipynb`; a copy never renamed \
            (`*-Copy1.ipynb` from Jupyter, `* copy.ipynb` or `* copy 2.ipynb` from a file manager, `Copy of *` \
            from Colab or Drive, `* (1).ipynb` from a download); characters outside `A-Z a-z 0-9 . _ -` and space \
            (spaces are allowed: they are awkward in shells but portable); a name longer than `max-length` \
            characters. All problems of one name are reported together.
            """,
        whyIsThisBad: """
            A name is the notebook's first line of documentation: `Untitled3.ipynb` and `analysis-Copy1.ipynb` \
            say nothing about what is inside, and copies that keep the default name are how stale duplicates \
            pile up. Non-portable characters and very long names break on other operating systems, in archives \
            and in tools that build URLs or command lines from file names.
            """,
        example: "Untitled3.ipynb, loans-Copy1.ipynb, Prêts & défauts?.ipynb",
        useInstead: "01-explore-loans.ipynb, 02-train-default-model.ipynb",
        refactoring: "Rename the notebook after what it does (e.g. `01-explore-loans.ipynb`)",
        references: ["pynblint: untitled-notebook, duplicate-notebook-not-renamed, non-portable-chars-in-nb-name, notebook-name-too-long"],
        options: [RuleOption("max-length", default: .int(100), "The most characters a notebook's file name may have.")],
        appliesTo: .notebookOnly,
        triggering: [
            RuleExample(notebook: [.code("↓x = 1", 1)], fileName: "Untitled1.ipynb"),
            RuleExample(notebook: [.markdown("# Loans"), .code("↓x = 1", 1)], fileName: "loans-Copy1.ipynb"),
            RuleExample(notebook: [.code("↓x = 1", 1)], fileName: "loans copy.ipynb"),
            RuleExample(notebook: [.code("↓x = 1", 1)], fileName: "Copy of loans.ipynb"),
            RuleExample(notebook: [.code("↓x = 1", 1)], fileName: "notebooks/loans & défauts.ipynb"),
            RuleExample(notebook: [.code("↓x = 1", 1)], fileName: String(repeating: "long-name-", count: 11) + ".ipynb"),
            RuleExample(notebook: [.code("↓x = 1", 1)], fileName: "explore-loans.ipynb", options: ["max-length": .int(10)]),
        ],
        nonTriggering: [
            RuleExample(notebook: [.code("x = 1", 1)], fileName: "01-explore-loans.ipynb"),
            RuleExample(notebook: [.code("x = 1", 1)], fileName: "Explore loans.ipynb"),
            RuleExample(notebook: [.code("x = 1", 1)], fileName: "copy_number_variants.ipynb"),
            RuleExample(notebook: [.code("x = 1", 1)], fileName: "notebooks/Untitled/train_model-v2.ipynb"),
            RuleExample(notebook: [.code("x = 1", 1)], fileName: "model_v1.2.ipynb"),
        ]
    )

    private let maxLength: Int

    public init(options: RuleOptions) { maxLength = options.int("max-length") }

    public func finish(_ context: RuleContext) {
        guard context.isNotebook, let first = context.document.units.first else { return }
        let name = context.fileName
        var stem = name
        if stem.lowercased().hasSuffix(".ipynb") { stem = stem.dropLast(6) }
        var problems: [String] = []
        if stem.lowercased().hasPrefix("untitled") {
            problems.append("is Jupyter's default name")
        } else if Self.isCopyName(stem) {
            problems.append("is the default name of a copy")
        }
        var odd: [Character] = []
        for c in name where !Self.isPortable(c) && !odd.contains(c) { odd.append(c) }
        if !odd.isEmpty {
            let shown = odd.prefix(5).map { "`\($0)`" }.joined(separator: ", ")
            problems.append("has non-portable character\(odd.count == 1 ? "" : "s") \(shown)")
        }
        if name.count > maxLength { problems.append("is \(name.count) characters long (limit \(maxLength))") }
        guard !problems.isEmpty else { return }
        context.report(unit: first.index, first.text.lineRange(1),
                       "Notebook name `\(name)` " + problems.joined(separator: ", and "))
    }

    static func isPortable(_ c: Character) -> Bool {
        guard c.isASCII, let a = c.asciiValue else { return false }
        return (a >= 0x30 && a <= 0x39) || (a >= 0x41 && a <= 0x5A) || (a >= 0x61 && a <= 0x7A)
            || c == "." || c == "_" || c == "-" || c == " "
    }

    /// `x-Copy1`, `x-Copy`, `x copy`, `x copy 2`, `Copy of x`, `x (1)`.
    static func isCopyName(_ stem: Substring) -> Bool {
        if stem.hasPrefix("Copy of ") { return true }
        var s = stem
        while let l = s.last, l.isASCII, l.isNumber { s = s.dropLast() }
        if s.hasSuffix("-Copy") { return true }
        let lower = s.lowercased()
        if lower.hasSuffix(" copy") || lower.hasSuffix(" copy ") { return true }
        // `x (1)`: a browser's name for a second download.
        if stem.hasSuffix(")"), let open = stem.lastIndex(of: "("), open > stem.startIndex,
           stem[stem.index(before: open)] == " " {
            let inside = stem[stem.index(after: open)..<stem.index(before: stem.endIndex)]
            return !inside.isEmpty && inside.allSatisfy { $0.isASCII && $0.isNumber }
        }
        return false
    }
}

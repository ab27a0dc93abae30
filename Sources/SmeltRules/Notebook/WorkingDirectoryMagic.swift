import SmeltSyntax

/// SM214: code that changes the working directory.
public struct WorkingDirectoryMagic: Rule {
    public static let description = RuleDescription(
        code: "SM214", slug: "working-directory-magic", name: "Working-directory change",
        category: .notebook, severity: .warning,
        summary: "`%cd`, `cd` (automagic) or `os.chdir(...)`: code that changes the working directory",
        whatItDoes: """
            Reports `os.chdir(...)` calls in scripts and notebooks, and in notebooks the IPython magics that \
            change the kernel's working directory: `%cd`, `cd` as an automagic, and `%pushd`. `!cd dir && cmd` \
            is not reported (it changes directory only for that shell command), nor `contextlib.chdir(...)` \
            (scoped), nor an `os.chdir` in a `finally:` clause (it restores the directory; the change in the `try` \
            is reported), nor `os.chdir` in test modules (tests often run in a temporary directory).
            """,
        whyIsThisBad: """
            Every relative path after the change depends on where the code was started and on which cells ran \
            before: re-running a cell with `%cd ..` moves up again, and the notebook or script only works from \
            one directory on one machine. Other code (libraries, loggers, checkpoints) silently writes elsewhere.
            """,
        example: "%cd ..\nloans = pd.read_csv(\"data/loans.csv\")",
        useInstead: """
            from pathlib import Path
            DATA_DIR = Path("..") / "data"   # or a project-root constant from your package
            loans = pd.read_csv(DATA_DIR / "loans.csv")
            """,
        refactoring: "Use paths relative to the project root instead of changing the working directory",
        references: ["pynblint: use relative paths (best practice)",
                     "pylint: no equivalent; ruff PTH: use pathlib paths"],
        triggering: [
            RuleExample("import os\n↓os.chdir(\"..\")\n"),
            RuleExample("from os import chdir\n↓chdir(\"/data\")\n"),
            RuleExample("import os\n\ndef main():\n    ↓os.chdir(os.path.dirname(__file__))\n"),
            RuleExample("import os\nsaved = os.getcwd()\ntry:\n    ↓os.chdir(\"build\")\n    run()\nfinally:\n    os.chdir(saved)\n"),
            RuleExample(cells: [("↓%cd ..", 1), ("import pandas as pd", 2)]),
            RuleExample(cells: [("↓cd data", 1)]),
            RuleExample(cells: [("x = 1\n↓%pushd /tmp", 1)]),
        ],
        nonTriggering: [
            RuleExample("import os\nprint(os.getcwd())\n"),
            RuleExample(cells: [("!cd data && ls", 1)]),
            RuleExample(cells: [("%pwd", 1)]),
            RuleExample("import contextlib\nwith contextlib.chdir(\"data\"):\n    pass\n"),
            RuleExample("import os\n\ndef test_reads(tmp_path):\n    os.chdir(tmp_path)\n", .scriptOnly, fileName: "test_io.py"),
            RuleExample("cd = 3\nprint(cd)\n"),
            RuleExample("from pathlib import Path\nDATA_DIR = Path(\"..\") / \"data\"\n"),
        ]
    )

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.call] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let function = node.child(PyField.function) else { return }
        // Cheap filter before resolving the name: the callee is `chdir` or `something.chdir`.
        if function.symbol == Py.attribute {
            guard let attribute = function.child(PyField.attribute), attribute.textEquals("chdir") else { return }
        } else {
            guard function.symbol == Py.identifier, function.textEquals("chdir") else { return }
        }
        guard !context.isTestFile else { return }
        guard context.model.qualifiedName(function) == "os.chdir" else { return }
        // `finally: os.chdir(saved)` restores the directory the `try` changed (reported there).
        if context.ancestors.contains(where: { $0.symbol == Py.finallyClause }) { return }
        context.report(node, "`\(Syntax.snippet(node))` changes the working directory of everything that runs after it")
    }

    public func finish(_ context: RuleContext) {
        guard context.isNotebook else { return }
        for unit in context.document.units {
            for (_, range, text) in InstallFromNotebook.magicLines(unit) {
                var rest = text
                if rest.first == "%" { rest = rest.dropFirst() }
                let word = rest.prefix { $0.isLetter }
                guard word == "cd" || word == "pushd" else { continue }
                let after = rest.dropFirst(word.count).first
                guard after == nil || after == " " || after == "\t" else { continue }
                let command = text.count > 40 ? String(text.prefix(39)) + "…" : String(text)
                context.report(unit: unit.index, range,
                               "`\(command)` changes the kernel's working directory for every cell that runs after it")
            }
        }
    }
}

import SmeltSyntax

/// SM205: import statements in code cells after the first one.
public struct ImportsBeyondFirstCell: Rule {
    public static let description = RuleDescription(
        code: "SM205", slug: "imports-beyond-first-cell", name: "Imports beyond the first cell",
        category: .notebook, severity: .warning,
        summary: "An import statement in a code cell after the first code cell",
        whatItDoes: """
            Reports every import statement in a code cell below the first cell that holds Python code. Cells \
            with only IPython lines (`%load_ext autoreload`, `!pip install ...`) or comments do not count as the \
            first cell, and a run of cells at the top that hold nothing but imports counts as one import section. \
            Imports inside functions and classes are not reported (they are local on purpose); imports under \
            `if`, `try` or `with` at the top level of a cell are.
            """,
        whyIsThisBad: """
            Imports scattered over the notebook hide its dependencies: a reader cannot see what it needs at a \
            glance, a cell fails when run before the cell that imports its module, and moving the code into a \
            module means hunting for them. One import cell at the top documents the notebook's dependencies.
            """,
        example: """
            [1] import pandas as pd
            [2] loans = pd.read_csv("loans.csv")
            [3] import seaborn as sns
                sns.histplot(loans.amount)
            """,
        useInstead: """
            [1] import pandas as pd
                import seaborn as sns
            [2] loans = pd.read_csv("loans.csv")
            [3] sns.histplot(loans.amount)
            """,
        refactoring: "Move imports to the first cell",
        references: ["pynblint: imports-beyond-first-cell", "PEP 8: imports at the top of the file (ruff E402)"],
        appliesTo: .notebookOnly,
        triggering: [
            RuleExample(cells: [("import pandas as pd", 1), ("loans = pd.read_csv('l.csv')", 2),
                                ("↓import seaborn as sns\nsns.histplot(loans)", 3)]),
            RuleExample(cells: [("import numpy as np\nx = np.zeros(3)", 1),
                                ("try:\n    ↓import lightgbm\nexcept ImportError:\n    lightgbm = None", 2)]),
            RuleExample(cells: [("import pandas as pd", 1), ("import numpy as np", 2), ("x = np.zeros(3)\n↓from os import path", 3)]),
            RuleExample(notebook: [.markdown("# Loans"), .code("import pandas as pd\nloans = pd.read_csv('l.csv')", 1),
                                   .markdown("## Model"), .code("↓from sklearn.linear_model import LogisticRegression", 2)]),
        ],
        nonTriggering: [
            RuleExample(cells: [("import pandas as pd\nimport numpy as np", 1), ("x = np.zeros(3)", 2)]),
            RuleExample(cells: [("%load_ext autoreload\n%autoreload 2", 1), ("import pandas as pd\nloans = pd.read_csv('l.csv')", 2)]),
            RuleExample(cells: [("import pandas as pd", 1),
                                ("def plot(loans):\n    import seaborn as sns\n    return sns.histplot(loans)", 2)]),
            RuleExample(cells: [("import os\nimport sys", 1), ("import pandas as pd\nimport numpy as np", 2), ("x = np.zeros(3)", 3)]),
            RuleExample(cells: [("!pip install lightgbm", 1), ("# Imports", 2), ("import lightgbm\nmodel = lightgbm.LGBMClassifier()", 3)]),
            RuleExample(cells: [("import torch", 1), ("class Net(torch.nn.Module):\n    from torch import nn\n    layer = nn.Linear(2, 1)", 2)]),
        ]
    )

    public init(options: RuleOptions) {}

    static func isImport(_ s: Symbol) -> Bool {
        s == Py.importStatement || s == Py.importFromStatement || s == Py.futureImportStatement
    }

    /// Statements of a cell that are Python code: not comments, not masked IPython lines.
    static func codeStatements(_ unit: SourceUnit) -> [Node] {
        guard let tree = unit.tree else { return [] }
        return tree.root.children.filter {
            $0.isNamed && $0.symbol != Py.comment && !unit.maskedLines.contains($0.startRow + 1)
        }
    }

    public func finish(_ context: RuleContext) {
        guard context.isNotebook else { return }
        var seenCode = false
        var importSection = true
        for unit in context.document.units {
            let statements = Self.codeStatements(unit)
            if statements.isEmpty { continue }
            let onlyImports = statements.allSatisfy { Self.isImport($0.symbol) }
            if !seenCode {
                seenCode = true
                importSection = onlyImports
                continue
            }
            if importSection && onlyImports { continue }
            importSection = false
            reportImports(in: statements, unit, context)
        }
    }

    private func reportImports(in statements: [Node], _ unit: SourceUnit, _ context: RuleContext) {
        let cell = (unit.cellIndex ?? unit.index) + 1
        var stack = Array(statements.reversed())
        while let node = stack.popLast() {
            let s = node.symbol
            if Self.isImport(s) {
                guard !unit.maskedLines.contains(node.startRow + 1) else { continue }
                context.report(unit: unit.index, node.byteRange,
                               "`\(Syntax.snippet(node, limit: 50))` in cell \(cell): imports belong in the first code cell",
                               refactoring: "Move imports to the first cell: move `\(Syntax.snippet(node, limit: 50))` to the import cell at the top")
                continue
            }
            // Function and class bodies import locally on purpose; expressions hold no imports.
            guard s == Py.block || s == Py.ifStatement || s == Py.tryStatement || s == Py.withStatement
                    || s == Py.forStatement || s == Py.whileStatement || s == Py.matchStatement || Py.clauses.contains(s) else { continue }
            for child in node.children.reversed() where child.isNamed { stack.append(child) }
        }
    }
}

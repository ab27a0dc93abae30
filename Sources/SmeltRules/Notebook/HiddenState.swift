import SmeltAnalysis
import SmeltSyntax

/// SM203: names read in a cell but only defined in a later cell.
public struct HiddenState: Rule {
    public static let description = RuleDescription(
        code: "SM203", slug: "hidden-state", name: "Hidden state",
        category: .notebook, severity: .warning,
        summary: "A name read in a cell that is only defined in a later cell",
        whatItDoes: """
            Follows the notebook's names in top-to-bottom order and reports a module-level read of a name that no \
            cell above defines, but a later cell does. Each name is reported once per cell, at its first read. \
            Reads inside functions are not reported (a function may be called after the later cell ran), nor \
            builtins and IPython's own names, nor reads in cells with a syntax error, nor reads in or after a cell \
            that can define names smelt cannot see (`%run`, `%store -r`, `from module import *`).
            """,
        whyIsThisBad: """
            The notebook only worked because its author ran a later cell first: the kernel held state that the \
            notebook does not produce. Restart the kernel and run all, and the cell fails with a `NameError` — or, \
            worse, silently uses an old value. Nobody else can reproduce the results.
            """,
        example: "[2] loans.head()\n[1] loans = pd.read_csv(\"loans.csv\")",
        useInstead: "[1] loans = pd.read_csv(\"loans.csv\")\n[2] loans.head()",
        refactoring: "Reorder cells so the notebook runs top to bottom",
        references: ["pynblint: best practice 5 (make notebooks re-executable top to bottom)",
                     "Effective Machine Learning Teams, ch. 8: ensure the notebook runs end to end"],
        appliesTo: .notebookOnly,
        precision: .medium,
        triggering: [
            RuleExample(cells: [("import pandas as pd", 1), ("↓loans.head()", 3), ("loans = pd.read_csv('l.csv')", 2)]),
            RuleExample(cells: [("model.fit(↓X, ↓y)", 2), ("X, y = load()", 1)]),
            RuleExample(cells: [("↓scaler.fit(↓data)\nscaler.transform(data)", 3),
                                ("from sklearn.preprocessing import StandardScaler", 1),
                                ("scaler = StandardScaler()\ndata = [[1.0]]", 2)]),
            RuleExample(notebook: [.markdown("# Loans"), .code("total = ↓amount * 2", 2), .markdown("## Inputs"), .code("amount = 10", 1)]),
        ],
        nonTriggering: [
            RuleExample(cells: [("import pandas as pd", 1), ("loans = pd.read_csv('l.csv')", 2), ("loans.head()", 3)]),
            RuleExample(cells: [("def report():\n    return loans.describe()", 1), ("loans = load()", 2), ("report()", 3)]),
            RuleExample(cells: [("for i in range(3):\n    if i:\n        print(last)\n    last = i", 1)]),
            RuleExample(cells: [("values = list(range(3))", 1), ("list = [1, 2]", 2)]),
            RuleExample(cells: [("%run setup.py\nloans.head()", 1), ("loans = load()", 2)]),
            RuleExample(cells: [("from helpers import *\nloans.head()", 1), ("loans = load()", 2)]),
            RuleExample(cells: [("squares = [n * n for n in range(3)]", 1), ("n = 5", 2)]),
            RuleExample(cells: [("total = (amount * 2", 1), ("amount = 10", 2)]),
        ]
    )

    /// Names the IPython kernel defines in every notebook.
    static let kernelNames: Set<String> = ["In", "Out", "_", "__", "___", "_i", "_ii", "_iii", "_ih", "_oh", "_dh", "exit", "quit"]
    /// Line magics that define names smelt cannot see.
    static let opaqueMagics: Set<String> = ["run", "store", "load", "loadpy", "restore"]

    public init(options: RuleOptions) {}

    public func finish(_ context: RuleContext) {
        guard context.isNotebook else { return }
        let model = context.model
        guard !model.readsBeforeBinding.isEmpty else { return }
        let units = context.document.units
        let opaqueFrom = Self.firstOpaqueUnit(units) ?? Int.max
        var reported = Set<String>()
        for (name, point) in model.readsBeforeBinding {
            guard point.unit < opaqueFrom, point.unit < units.count else { continue }
            // Names in a cell that does not parse are guesses (`syntax-error` reports the cell).
            if units[point.unit].tree?.root.hasError ?? true { continue }
            if Builtins.names.contains(name) || Self.kernelNames.contains(name) { continue }
            guard let firstID = model.moduleBindings(named: name).first else { continue }
            let definingUnit = model.bindings[firstID].unit
            guard definingUnit > point.unit, definingUnit < units.count else { continue }
            guard reported.insert("\(point.unit) \(name)").inserted else { continue }
            let here = (units[point.unit].cellIndex ?? point.unit) + 1
            let there = (units[definingUnit].cellIndex ?? definingUnit) + 1
            context.report(unit: point.unit, ByteRange(point.byte, point.byte + name.utf8.count),
                           "`\(name)` is read here but first defined in cell \(there)",
                           refactoring: "Reorder cells so the notebook runs top to bottom: move the cell that defines `\(name)` (cell \(there)) above cell \(here)")
        }
    }

    /// The first unit that may define names without Python syntax: a `%run`/`%store` line, or a
    /// wildcard import.
    static func firstOpaqueUnit(_ units: [SourceUnit]) -> Int? {
        for unit in units {
            for line in unit.maskedLines where line <= unit.original.lineCount {
                var text = Substring(unit.original.line(line))
                while let f = text.first, f == " " || f == "\t" { text = text.dropFirst() }
                if text.first == "%" { text = text.dropFirst() }
                let word = text.prefix { $0.isLetter || $0 == "_" }
                if opaqueMagics.contains(String(word)) { return unit.index }
            }
            guard let tree = unit.tree else { continue }
            for statement in tree.root.children where statement.symbol == Py.importFromStatement {
                if statement.children.contains(where: { $0.symbol == Py.wildcardImport }) { return unit.index }
            }
        }
        return nil
    }
}

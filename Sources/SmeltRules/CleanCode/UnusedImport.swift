import SmeltAnalysis
import SmeltSyntax

/// SM105: imports that nothing uses.
public struct UnusedImport: Rule {
    public static let description = RuleDescription(
        code: "SM105", slug: "unused-import", name: "Unused import",
        category: .cleanCode, severity: .warning,
        summary: "An imported name that is never used",
        whatItDoes: """
            Finds imported names that are never read. In a notebook all code cells share one namespace, so a \
            name imported in one cell and used in another counts as used. Names listed in `__all__`, explicit \
            re-exports (`from x import y as y`) and imports in `__init__.py` are not reported.
            """,
        whyIsThisBad: """
            Unused imports are clutter: they make a reader look for a dependency that is not there, slow the \
            start-up of scripts (importing `tensorflow` takes seconds), and keep dependencies in the manifest \
            that the code no longer needs.
            """,
        example: """
            import numpy as np
            import pandas as pd

            loans = pd.read_csv("loans.csv")
            """,
        useInstead: """
            import pandas as pd

            loans = pd.read_csv("loans.csv")
            """,
        refactoring: "Remove the unused import",
        references: ["ruff F401", "Effective Machine Learning Teams, ch. 7: let the IDE remove unused imports"],
        triggering: [
            RuleExample("import numpy as ↓np\nimport pandas as pd\npd.read_csv(\"x\")\n"),
            RuleExample("from sklearn.metrics import ↓f1_score, accuracy_score\naccuracy_score([1], [1])\n"),
            RuleExample("import ↓os\n"),
            RuleExample("def f():\n    import ↓json\n    return 1\n"),
        ],
        nonTriggering: [
            RuleExample("import numpy as np\ndef f():\n    return np.zeros(3)\n"),
            RuleExample("import os.path\nos.path.join(\"a\", \"b\")\n"),
            RuleExample("from x import y as y\n"),
            RuleExample("from x import y\n__all__ = [\"y\"]\n"),
            RuleExample("from __future__ import annotations\n"),
            RuleExample(cells: [("import pandas as pd", 1), ("df = pd.DataFrame()", 2)]),
            RuleExample(cells: [("import numpy as np\nimport os\nimport seaborn as sns", 1), ("%timeit np.sum([1, 2])\n!echo {os.getcwd()}\nsns?", 2)]),
            RuleExample("import numpy as np\nx = (np.zeros(3)\n"),
            RuleExample("class Editor:\n    from colorizer import ColorDelegator\n    def color(self):\n        return self.ColorDelegator()\n"),
            RuleExample("from typing import List\nimport pandas as pd\ndef f(x: \"List[int]\") -> \"pd.DataFrame\":\n    return x\n"),
        ],
        fix: FixDocumentation(.safe, safety: """
            Safe: the unused names are deleted from the import, or the whole statement when none of its names \
            is used (a statement alone in a block becomes `pass`). Like ruff, smelt treats an import's side \
            effects (a module that registers something when imported) as not part of the program's meaning: \
            when you rely on one, keep the import with `# noqa: SM105`. No fix is offered when another \
            statement shares the line.
            """,
            examples: [
                FixExample("import os\nimport pandas as pd\npd.read_csv(\"x\")\n", "import pandas as pd\npd.read_csv(\"x\")\n"),
                FixExample("from sklearn.metrics import f1_score, accuracy_score, roc_auc_score\naccuracy_score([1], [1])\n",
                           "from sklearn.metrics import accuracy_score\naccuracy_score([1], [1])\n"),
                FixExample("from m import (\n    a,  # first\n    b,\n)\nprint(b)\n", "from m import (\n    b,\n)\nprint(b)\n"),
                FixExample("def f():\n    import json\n", "def f():\n    pass\n"),
                FixExample("import numpy as np, os  # tools\nnp.zeros(1)\n", "import numpy as np  # tools\nnp.zeros(1)\n"),
            ])
    )

    public init(options: RuleOptions) {}

    public func finish(_ context: RuleContext) {
        if context.fileName == "__init__.py" { return }
        var opaqueWords: Set<String>?
        var unused: [(binding: Binding, qualified: String)] = []
        for binding in context.model.bindings where binding.uses == 0 {
            guard binding.kind == .import || binding.kind == .fromImport else { continue }
            if context.model.exported.contains(binding.name) { continue }
            // An import in a class body is a class attribute (`self.Name` uses it).
            if context.model.scopes[binding.scope].kind == .class { continue }
            // A name written in a magic (`!echo {os.getcwd()}`, `np?`) or in code that does
            // not parse may well be used there: do not advise removing it.
            if opaqueWords == nil { opaqueWords = context.wordsOutsideTheTrees }
            if opaqueWords!.contains(binding.name) { continue }
            guard let q = binding.qualifiedName else { continue }
            // `import x as x` and `from m import x as x` are explicit re-exports.
            if let statement = binding.statement, isExplicitReexport(binding, statement) { continue }
            unused.append((binding, q))
        }
        // One fix per import statement removes all its unused names (or the statement).
        var fixes: [Int: Fix] = [:]
        for (binding, q) in unused {
            var fix: Fix?
            if let statement = binding.statement {
                let key = statement.startByte &* 64 &+ binding.unit
                if fixes[key] == nil, let made = Self.removal(of: statement, unused: unused.map(\.binding), context) {
                    fixes[key] = made
                }
                fix = fixes[key]
            }
            context.report(unit: binding.unit, binding.node.byteRange, "`\(q)` imported but unused",
                           refactoring: "Remove the unused import `\(binding.name)`", fix: fix)
        }
    }

    /// Deletes the unused names of an import statement, or the whole statement when none
    /// of its names is used.
    static func removal(of statement: Node, unused: [Binding], _ context: RuleContext) -> Fix? {
        let elements = statement.children.filter { $0.isNamed && $0.field == PyField.name }
        guard !elements.isEmpty else { return nil }
        let unit = unused.first { $0.statement == statement }!.unit
        let removed = elements.map { element in
            unused.contains { b in
                guard b.unit == unit, b.statement == statement else { return false }
                var n: Node? = b.node
                while let current = n, current != element, current != statement { n = current.parent }
                return n == element
            }
        }
        let names = zip(elements, removed).filter(\.1).map { $0.0.text }
        let title = "Remove unused import" + (names.count > 1 ? "s " : " ") + names.map { "`\($0)`" }.joined(separator: ", ")
        if removed.allSatisfy({ $0 }) {
            let source = context.document.units[unit]
            guard let edit = FixEdits.closingUp(FixEdits.deleteStatement(statement, in: source.text), in: source) else { return nil }
            return Fix(title, .safe, edits: [Edit(edit.range, edit.replacement, unit: unit)])
        }
        // Delete each run of unused names with the comma that joins it to a kept name.
        var edits: [Edit] = []
        var k = 0
        while k < elements.count {
            guard removed[k] else { k += 1; continue }
            var end = k
            while end + 1 < elements.count, removed[end + 1] { end += 1 }
            if end + 1 < elements.count {
                edits.append(.delete(ByteRange(elements[k].startByte, elements[end + 1].startByte), unit: unit))
            } else {
                edits.append(.delete(ByteRange(elements[k - 1].endByte, elements[end].endByte), unit: unit))
            }
            k = end + 1
        }
        return Fix(title, .safe, edits: edits)
    }

    /// Identifier-like words on masked IPython lines and in units with syntax errors.
    static func wordsOutsideTheTrees(_ document: Document) -> Set<String> {
        var words = Set<String>()
        for unit in document.units {
            let broken = unit.tree?.root.hasError ?? true
            guard broken || !unit.maskedLines.isEmpty else { continue }
            let text = unit.original
            let lines = broken ? Array(1...max(1, text.lineCount)) : unit.maskedLines.sorted()
            for line in lines where line <= text.lineCount {
                // Bytes, not Characters: ASCII letters, digits and `_`, and any non-ASCII byte.
                let range = text.lineRange(line)
                var start = -1
                for k in range.lowerBound...range.upperBound {
                    let inWord = k < range.upperBound && {
                        let b = text.bytes[k]
                        return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
                    }()
                    if inWord {
                        if start < 0 { start = k }
                    } else if start >= 0 {
                        words.insert(text.text(ByteRange(start, k)))
                        start = -1
                    }
                }
            }
        }
        return words
    }

    private func isExplicitReexport(_ binding: Binding, _ statement: Node) -> Bool {
        var found = false
        statement.walk { n in
            if n.symbol == Py.aliasedImport, let name = n.child(PyField.name), let alias = n.child(PyField.alias),
               alias == binding.node, Syntax.lastComponent(name.text) == binding.name {
                found = true
            }
            return !found
        }
        return found
    }
}

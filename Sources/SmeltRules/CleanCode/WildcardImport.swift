import SmeltAnalysis
import SmeltSyntax

/// SM106: `from module import *`.
public struct WildcardImport: Rule {
    public static let description = RuleDescription(
        code: "SM106", slug: "wildcard-import", name: "Wildcard import",
        category: .cleanCode, severity: .warning,
        summary: "`from module import *` brings an unknown set of names into the module",
        whatItDoes: """
            Finds `from module import *`. When the file has one wildcard import, the refactoring lists the names \
            the file reads without binding them — the names it most likely takes from that module. Relative \
            wildcard imports in an `__init__.py` (a package re-exporting its submodules) are not reported.
            """,
        whyIsThisBad: """
            A wildcard import hides where each name comes from: the reader cannot tell whether `train` is the \
            project's function or the library's, tools cannot find unused or undefined names, and a new release \
            of the library can silently shadow a name of your own.
            """,
        example: """
            from sklearn.metrics import *

            print(accuracy_score(y_test, predictions), f1_score(y_test, predictions))
            """,
        useInstead: """
            from sklearn.metrics import accuracy_score, f1_score

            print(accuracy_score(y_test, predictions), f1_score(y_test, predictions))
            """,
        refactoring: "Import names explicitly",
        references: ["ruff F403 (undefined-local-with-import-star)", "PEP 8: wildcard imports should be avoided"],
        triggering: [
            RuleExample("↓from sklearn.metrics import *\nscore = accuracy_score(y_test, predictions)\n"),
            RuleExample("import numpy as np\n↓from pylab import *\n↓from os.path import *\n"),
            RuleExample("def f():\n    pass\n↓from .models import *\n"),
        ],
        nonTriggering: [
            RuleExample("from sklearn.metrics import accuracy_score, f1_score\n"),
            RuleExample("import pandas as pd\n"),
            RuleExample("from .models import *\nfrom .features import *\n", .scriptOnly, fileName: "__init__.py"),
            RuleExample("x = a * b\n"),
        ]
    )

    /// Builtins the shared list leaves out: exceptions and warnings by their suffix, and a few more.
    static let builtinSuffixes = ["Error", "Exception", "Warning", "Exit", "Iteration", "Interrupt"]
    static let otherBuiltins: Set<String> = ["exit", "quit", "copyright", "credits", "license", "__debug__", "self", "cls",
                                             "In", "Out"]

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.importFromStatement] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard node.children.contains(where: { $0.symbol == Py.wildcardImport }) else { return }
        let module = node.child(PyField.moduleName)
        if context.fileName == "__init__.py", module?.symbol == Py.relativeImport { return }
        let moduleText = module?.text ?? "…"
        var refactoring = "Import names explicitly: `from \(moduleText) import name, …`"
        if Self.wildcardCount(context.document) == 1 {
            let names = Self.unboundNames(context)
            if !names.isEmpty {
                let shown = names.prefix(6).joined(separator: ", ") + (names.count > 6 ? ", …" : "")
                refactoring = "Import names explicitly: `from \(moduleText) import \(shown)`"
            }
        }
        context.report(node, "Wildcard import `from \(moduleText) import *`", refactoring: refactoring)
    }

    private static func wildcardCount(_ document: Document) -> Int {
        var count = 0
        for unit in document.units {
            guard let tree = unit.tree, !tree.isTooDeep else { continue }
            let wildcard = Py.wildcardImport
            for j in 0..<tree.nodeCount where tree.symbol(at: j) == wildcard { count += 1 }
        }
        return count
    }

    /// Names read somewhere in the document that nothing in it binds and that are not builtins.
    private static func unboundNames(_ context: RuleContext) -> [String] {
        let model = context.model
        var bound = Set<String>()
        for b in model.bindings { bound.insert(b.name) }
        return model.lastRead.keys.filter { name in
            !bound.contains(name) && !Builtins.names.contains(name) && !otherBuiltins.contains(name)
                && !builtinSuffixes.contains(where: { name.hasSuffix($0) })
        }.sorted()
    }
}

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
        ],
        fix: FixDocumentation(.unsafe, safety: """
            Unsafe, and offered only when the document has exactly one wildcard import, at module level. The \
            fix replaces `*` with the names the document uses that nothing in it binds — reads that no \
            enclosing scope resolves, and names listed in `__all__` — leaving out Python's builtins, private \
            names (`_x`, which `*` does not import) and, in a notebook, `display`, `get_ipython`, `In` and \
            `Out`; the names are sorted and wrapped in parentheses, one a line, when the line would pass 88 \
            characters. When no such name is used, the fix deletes the import. smelt cannot see the module's \
            contents, so the result may differ from what the program did: a name the document binds at module \
            level is taken not to come from the module (even where the module's value is the one read, as in \
            `try: from m import *` with a fallback), a listed name might not exist in \
            the module (a typo, a name defined by `exec`, or one the program never defines), the module might \
            shadow a builtin the code uses, and a deleted import might have had side effects. No fix is \
            offered when the import is inside a function or class, when a cell or the file has syntax \
            errors, when the code uses `exec`, `eval` or `globals` (they define or read names smelt cannot \
            see), when a script reads a name before it binds it, or when an \
            IPython line brings names from elsewhere (`%run`, `%store -r`) or evaluates a name smelt cannot \
            resolve (`%timeit f(x)`, `!echo {x}`, `x?`).
            """,
            examples: [
                FixExample("from sklearn.metrics import *\n\ny_true, y_pred = [0, 1], [1, 1]\nprint(f1_score(y_true, y_pred), accuracy_score(y_true, y_pred))\n",
                           "from sklearn.metrics import accuracy_score, f1_score\n\ny_true, y_pred = [0, 1], [1, 1]\nprint(f1_score(y_true, y_pred), accuracy_score(y_true, y_pred))\n"),
                FixExample("from math import *  # geometry\n\n\ndef area(r):\n    return pi * r ** 2\n\n\nprint(area(2.0), sqrt(2.0))\n",
                           "from math import pi, sqrt  # geometry\n\n\ndef area(r):\n    return pi * r ** 2\n\n\nprint(area(2.0), sqrt(2.0))\n"),
                FixExample("from sklearn.metrics import *\n\nmetrics = [accuracy_score, balanced_accuracy_score, f1_score]\nmetrics += [precision_score, recall_score, roc_auc_score]\n",
                           "from sklearn.metrics import (\n    accuracy_score,\n    balanced_accuracy_score,\n    f1_score,\n    precision_score,\n    recall_score,\n    roc_auc_score,\n)\n\nmetrics = [accuracy_score, balanced_accuracy_score, f1_score]\nmetrics += [precision_score, recall_score, roc_auc_score]\n"),
                FixExample("import numpy as np\nfrom pylab import *\n\nx = np.zeros(3)\n", "import numpy as np\n\nx = np.zeros(3)\n"),
                FixExample(cells: ["from fastai.vision.all import *",
                                   "path = untar_data(URLs.PETS)\nfiles = get_image_files(path)",
                                   "display(files[:3])"],
                           ["from fastai.vision.all import URLs, get_image_files, untar_data",
                            "path = untar_data(URLs.PETS)\nfiles = get_image_files(path)",
                            "display(files[:3])"]),
            ])
    )

    /// Every name of Python's `builtins` module (3.13), which a wildcard import does not provide
    /// (unless the module shadows one, which smelt cannot see).
    static let pythonBuiltins: Set<String> = [
        "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BaseExceptionGroup", "BlockingIOError",
        "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError", "ConnectionAbortedError", "ConnectionError",
        "ConnectionRefusedError", "ConnectionResetError", "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning",
        "EnvironmentError", "Exception", "ExceptionGroup", "False", "FileExistsError", "FileNotFoundError",
        "FloatingPointError", "FutureWarning", "GeneratorExit", "IOError", "ImportError", "ImportWarning",
        "IndentationError", "IndexError", "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt",
        "LookupError", "MemoryError", "ModuleNotFoundError", "NameError", "None", "NotADirectoryError", "NotImplemented",
        "NotImplementedError", "OSError", "OverflowError", "PendingDeprecationWarning", "PermissionError",
        "ProcessLookupError", "PythonFinalizationError", "RecursionError", "ReferenceError", "ResourceWarning",
        "RuntimeError", "RuntimeWarning", "StopAsyncIteration", "StopIteration", "SyntaxError", "SyntaxWarning",
        "SystemError", "SystemExit", "TabError", "TimeoutError", "True", "TypeError", "UnboundLocalError",
        "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError", "UnicodeWarning",
        "UserWarning", "ValueError", "Warning", "ZeroDivisionError", "abs", "aiter", "all", "anext", "any", "ascii",
        "bin", "bool", "breakpoint", "bytearray", "bytes", "callable", "chr", "classmethod", "compile", "complex",
        "copyright", "credits", "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec", "exit", "filter",
        "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input", "int",
        "isinstance", "issubclass", "iter", "len", "license", "list", "locals", "map", "max", "memoryview", "min",
        "next", "object", "oct", "open", "ord", "pow", "print", "property", "quit", "range", "repr", "reversed",
        "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "vars",
        "zip",
    ]
    /// Names every notebook kernel defines.
    static let kernelNames: Set<String> = ["display", "get_ipython", "In", "Out"]
    static let keywords: Set<String> = [
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
        "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
        "raise", "return", "try", "while", "with", "yield",
    ]
    /// Line magics that bring names into the namespace from elsewhere.
    static let namespaceMagics: Set<String> = ["run", "store", "load", "recall", "macro"]
    /// Line and cell magics whose argument is Python code.
    static let codeMagics: Set<String> = ["time", "timeit", "prun", "debug", "capture"]

    /// How long a line may get before the names are wrapped in parentheses.
    static let lineLength = 88

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.importFromStatement] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let wildcard = node.children.first(where: { $0.symbol == Py.wildcardImport }) else { return }
        let module = node.child(PyField.moduleName)
        if context.fileName == "__init__.py", module?.symbol == Py.relativeImport { return }
        let moduleText = module?.text ?? "…"
        var refactoring = "Import names explicitly: `from \(moduleText) import name, …`"
        var fix: Fix?
        if Self.wildcardCount(context.document) == 1 {
            let names = Self.importedNames(context)
            if !names.isEmpty {
                let shown = names.prefix(6).joined(separator: ", ") + (names.count > 6 ? ", …" : "")
                refactoring = "Import names explicitly: `from \(moduleText) import \(shown)`"
            }
            if Self.namesAreKnown(names, context), !context.ancestors.contains(where: {
                $0.symbol == Py.functionDefinition || $0.symbol == Py.classDefinition
            }) {
                fix = Self.replacement(node, wildcard, module: moduleText, names: names, context)
            }
        }
        context.report(node, "Wildcard import `from \(moduleText) import *`", refactoring: refactoring, fix: fix)
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

    // MARK: names

    /// Names the document reads (or lists in `__all__`) that no binding it can see provides
    /// and that are not builtins or private (`_x`): those the wildcard import must bring.
    static func importedNames(_ context: RuleContext) -> [String] {
        let model = context.model
        let notebook = context.isNotebook
        var boundAnywhere = Set<String>()
        for b in model.bindings { boundAnywhere.insert(b.name) }
        var names: [String] = []
        var ambiguous = Set<String>()
        for name in Set(model.lastRead.keys).union(model.exported) {
            if !model.moduleBindings(named: name).isEmpty || name.hasPrefix("_") || pythonBuiltins.contains(name) { continue }
            if notebook, kernelNames.contains(name) { continue }
            // A name bound only inside functions or classes: see whether some read escapes them.
            if boundAnywhere.contains(name), !model.exported.contains(name) {
                ambiguous.insert(name)
            } else {
                names.append(name)
            }
        }
        if !ambiguous.isEmpty { names += unresolvedReads(of: ambiguous, context) }
        return names.sorted()
    }

    /// Those of `names` read somewhere no enclosing scope binds them.
    private static func unresolvedReads(of names: Set<String>, _ context: RuleContext) -> [String] {
        let model = context.model
        var scopeOfNode: [Node: Int] = [:]
        for (index, scope) in model.scopes.enumerated() where index > 0 {
            if let node = scope.node { scopeOfNode[node] = index }
        }
        var bindingNodes = Set<Node>()
        for b in model.bindings where names.contains(b.name) { bindingNodes.insert(b.node) }
        var found = Set<String>()
        for unit in context.document.units {
            guard let tree = unit.tree, !tree.isTooDeep else { continue }
            for j in 0..<tree.nodeCount where tree.symbol(at: j) == Py.identifier {
                let node = tree.node(at: j)
                let name = node.text
                guard names.contains(name), !found.contains(name), isRead(node, bindingNodes) else { continue }
                var scope = 0
                var child = node
                while let parent = child.parent {
                    if let index = scopeOfNode[parent] {
                        let kind = model.scopes[index].kind
                        if kind == .comprehension || child.field == PyField.body { scope = index; break }
                    }
                    child = parent
                }
                if !resolves(name, from: scope, model) { found.insert(name) }
            }
        }
        return Array(found)
    }

    /// Whether an identifier is read (not a binding, attribute name, keyword or import name).
    private static func isRead(_ node: Node, _ bindingNodes: Set<Node>) -> Bool {
        guard let parent = node.parent else { return false }
        let p = parent.symbol
        if bindingNodes.contains(node) { return p == Py.augmentedAssignment }
        if p == Py.attribute, node.field == PyField.attribute { return false }
        if p == Py.keywordArgument, node.field == PyField.name { return false }
        return !(p == Py.dottedName || p == Py.aliasedImport || p == Py.importFromStatement || p == Py.importStatement
                 || p == Py.globalStatement || p == Py.nonlocalStatement)
    }

    /// Whether a read of `name` in `scope` finds a binding, as Python looks names up (class
    /// scopes are not seen from the functions inside them).
    private static func resolves(_ name: String, from scope: Int, _ model: SemanticModel) -> Bool {
        var current: Int? = scope
        var first = true
        while let s = current {
            let sc = model.scopes[s]
            if sc.kind == .class && !first {
                current = sc.parent
                continue
            }
            if sc.declaredOutside.contains(name) {
                return !model.moduleBindings(named: name).isEmpty
            }
            if let ids = sc.bindings[name], !ids.isEmpty { return true }
            current = sc.parent
            first = false
        }
        return false
    }

    /// Whether `names` can be trusted to be every name the wildcard import provides: no code
    /// smelt cannot read (a cell with syntax errors, IPython lines that run code on names it
    /// does not know, `%run`), no `exec`/`eval`/`globals()`, and in a script no read of a name
    /// before the document binds it.
    static func namesAreKnown(_ names: [String], _ context: RuleContext) -> Bool {
        let model = context.model
        for unit in context.document.units {
            if let tree = unit.tree {
                if tree.isTooDeep || tree.root.hasError { return false }
            } else if unit.skippedCellMagic == nil {
                return false
            }
        }
        for name in ["exec", "eval", "globals"] where model.lastRead[name] != nil
            && model.moduleBindings(named: name).isEmpty {
            return false
        }
        if !context.isNotebook, !model.readsBeforeBinding.isEmpty { return false }
        let listed = Set(names)
        for unit in context.document.units where unit.skippedCellMagic == nil && !unit.maskedLines.isEmpty {
            for line in unit.maskedLines where line <= unit.original.lineCount {
                let text = unit.original.text(unit.original.lineRange(line))
                guard let words = codeWords(onMaskedLine: text) else { return false }
                for word in words where !listed.contains(word) && model.moduleBindings(named: word).isEmpty {
                    if word.hasPrefix("_") || keywords.contains(word) || pythonBuiltins.contains(word) || kernelNames.contains(word) {
                        continue
                    }
                    return false
                }
            }
        }
        return true
    }

    /// The names an IPython line evaluates as Python: the code after `%time`, `%timeit`,
    /// `%prun`, `%debug`, the object of `x?`, and `{expressions}` in other magics and shell
    /// commands. Nil when the line brings names from elsewhere (`%run`, `%store -r`...).
    static func codeWords(onMaskedLine line: String) -> [String]? {
        var t = Substring(line.drop { $0 == " " || $0 == "\t" })
        var code: [Substring] = []
        if t.hasPrefix("%") {
            t = t.drop { $0 == "%" }
            let magic = t.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if namespaceMagics.contains(String(magic)) { return nil }
            if codeMagics.contains(String(magic)) {
                code.append(t.dropFirst(magic.count))
            }
        } else if t.hasSuffix("?") || t.hasPrefix("?") {
            code.append(t)
        }
        if code.isEmpty {
            // `{expression}` in a shell command or another magic.
            var rest = t[...]
            while let open = rest.firstIndex(of: "{") {
                let after = rest[rest.index(after: open)...]
                guard let close = after.firstIndex(of: "}") else { break }
                code.append(after[..<close])
                rest = after[after.index(after: close)...]
            }
        }
        var words: [String] = []
        for part in code {
            var i = part.startIndex
            while i < part.endIndex {
                let c = part[i]
                guard c.isLetter || c == "_" else { i = part.index(after: i); continue }
                var j = i
                while j < part.endIndex, part[j].isLetter || part[j].isNumber || part[j] == "_" { j = part.index(after: j) }
                let before = i > part.startIndex ? part[part.index(before: i)] : " "
                // Not an attribute (`.name`) or an option (`-n`).
                if before != "." && before != "-" { words.append(String(part[i..<j])) }
                i = j
            }
        }
        return words
    }

    // MARK: fix

    /// `from m import *` → `from m import a, b` (wrapped in parentheses past the line length),
    /// or the statement deleted when no name is used.
    static func replacement(_ statement: Node, _ wildcard: Node, module: String, names: [String], _ context: RuleContext) -> Fix? {
        let text = context.unit.text
        if names.isEmpty {
            guard let edit = FixEdits.closingUp(FixEdits.deleteStatement(statement, in: text), in: context.unit) else { return nil }
            return .unsafe("Remove `from \(module) import *`: the code uses none of its names", [edit])
        }
        let row = wildcard.startRow
        let lineStart = text.lineStarts[row]
        let before = text.text(ByteRange(lineStart, wildcard.startByte))
        let after = text.text(ByteRange(wildcard.endByte, text.lineContentEnd(row)))
        let inline = names.joined(separator: ", ")
        var replacement = inline
        if before.count + inline.count + after.count > lineLength {
            let firstLine = text.text(ByteRange(text.lineStarts[statement.startRow], statement.startByte))
            let indent = String(firstLine.prefix { $0 == " " || $0 == "\t" })
            replacement = "(\n" + names.map { indent + "    " + $0 + ",\n" }.joined() + indent + ")"
        }
        let shown = names.prefix(4).map { "`\($0)`" }.joined(separator: ", ") + (names.count > 4 ? ", …" : "")
        return .unsafe("Import \(shown) from `\(module)` instead of `*`", [Edit(wildcard.byteRange, replacement)])
    }
}

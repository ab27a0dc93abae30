import XCTest
import SmeltSyntax
@testable import SmeltAnalysis

final class SemanticModelTests: XCTestCase {
    func script(_ source: String) throws -> Document {
        try Document.load(path: "t.py", bytes: Array(source.utf8), isNotebook: false, parser: Parser())
    }

    func notebook(_ cells: [String]) throws -> Document {
        let json = "{\"cells\": [" + cells.map { src in
            let escaped = src.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
            return "{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": null, \"source\": \"\(escaped)\"}"
        }.joined(separator: ",") + "], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}"
        return try Document.load(path: "t.ipynb", bytes: Array(json.utf8), isNotebook: true, parser: Parser())
    }

    func uses(_ model: SemanticModel, _ name: String) -> [Int] {
        model.bindings.filter { $0.name == name }.map(\.uses)
    }

    func testImportsResolveToQualifiedNames() throws {
        let model = SemanticModel(document: try script("""
            import pandas as pd
            import os.path
            from sklearn.model_selection import train_test_split as tts
            from . import sibling
            pd.read_csv("x")
            tts(1)
            """))
        XCTAssertEqual(model.imports["pd"], "pandas")
        XCTAssertEqual(model.imports["os"], "os")
        XCTAssertEqual(model.imports["tts"], "sklearn.model_selection.train_test_split")
        XCTAssertEqual(model.imports["sibling"], ".sibling")
        XCTAssertEqual(uses(model, "pd"), [1])
        XCTAssertEqual(uses(model, "os"), [0])
    }

    /// A module-level `global` (legal, and meaningless) once sent name lookups round in a
    /// circle: the model hung on such files.
    func testGlobalAtModuleLevelIsHarmless() throws {
        let model = SemanticModel(document: try script("""
            global manager, lock

            def f():
                global manager, lock
                manager = make()
                lock = manager.Lock()
            """))
        XCTAssertEqual(model.scopes[0].declaredOutside, [])
        XCTAssertEqual(uses(model, "manager"), [1], "the read in f resolves to the module binding f makes")
        XCTAssertEqual(model.bindings.first { $0.name == "lock" }?.scope, 0)
    }

    func testQualifiedNameOfExpressions() throws {
        let doc = try script("import numpy as np\nnp.random.default_rng(1)\nprint(2)\n")
        let model = SemanticModel(document: doc)
        var names: [String?] = []
        doc.units[0].tree!.root.walk { node in
            if node.symbol == Py.call, let f = node.child(PyField.function) { names.append(model.qualifiedName(f)) }
            return true
        }
        XCTAssertEqual(names, ["numpy.random.default_rng", "print"])
    }

    func testFunctionScopesAndDeferredReads() throws {
        let model = SemanticModel(document: try script("""
            import json
            def load(path):
                data = json.load(path)
                return data
            def unused(x):
                y = 1
            """))
        XCTAssertEqual(uses(model, "json"), [1], "a read inside a function uses the module import")
        XCTAssertEqual(uses(model, "path"), [1])
        XCTAssertEqual(uses(model, "y"), [0])
        XCTAssertEqual(model.scopes.filter { $0.kind == .function }.count, 2)
    }

    func testShadowingParameterDoesNotUseImport() throws {
        let model = SemanticModel(document: try script("import pd\ndef f(pd):\n    return pd\n"))
        let importBinding = model.bindings.first { $0.kind == .import }!
        XCTAssertEqual(importBinding.uses, 0)
    }

    func testComprehensionAndLambdaScopes() throws {
        let model = SemanticModel(document: try script("import math\nsquares = [math.sqrt(v) for v in range(3)]\nf = lambda q: q + 1\n"))
        XCTAssertEqual(uses(model, "math"), [1])
        XCTAssertEqual(uses(model, "v"), [1])
        XCTAssertEqual(uses(model, "q"), [1])
        XCTAssertTrue(model.scopes.contains { $0.kind == .comprehension })
        XCTAssertTrue(model.scopes.contains { $0.kind == .lambda })
    }

    func testNotebookCellsShareTheModuleScopeInOrder() throws {
        let model = SemanticModel(document: try notebook(["import pandas as pd\nx = 1", "df = pd.DataFrame()\nx = 2", "print(x)"]))
        XCTAssertEqual(uses(model, "pd"), [1])
        // `print(x)` in cell 3 reads the latest binding before it (cell 2's).
        XCTAssertEqual(uses(model, "x"), [0, 1])
    }

    func testAllCountsAsUse() throws {
        let model = SemanticModel(document: try script("from a import b\n__all__ = [\"b\"]\n"))
        XCTAssertEqual(model.exported, ["b"])
        XCTAssertEqual(uses(model, "b"), [1])
    }

    func testNameFlowInputsAndOutputs() throws {
        let doc = try script("raw = load()\nclean = raw.dropna()\nclean['a'] = threshold * 2\nmodel.fit(clean)\n")
        let statements = doc.units[0].tree!.root.namedChildren
        let flow = NameFlow(statements)
        XCTAssertEqual(flow.inputs, ["load", "threshold", "model"])
        XCTAssertEqual(flow.outputs, ["raw", "clean"])
    }

    func testReadsBeforeBindingAcrossCells() throws {
        let model = SemanticModel(document: try notebook(["print(df)", "import pandas as pd\ndf = pd.DataFrame()", "df.head()"]))
        XCTAssertEqual(model.readsBeforeBinding.map(\.name), ["df"])
        XCTAssertEqual(model.readsBeforeBinding.first?.point.unit, 0)
        XCTAssertEqual(uses(model, "df"), [2], "both reads use the one binding")
    }
}

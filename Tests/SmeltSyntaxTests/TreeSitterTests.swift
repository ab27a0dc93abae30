import XCTest
@testable import SmeltSyntax

final class TreeSitterTests: XCTestCase {
    func testPythonLanguageLoadsWithAcceptedABI() throws {
        let abi = Language.python.abiVersion
        XCTAssertTrue(Language.supportedABIVersions.contains(abi), "grammar ABI \(abi) not in \(Language.supportedABIVersions)")
        XCTAssertNoThrow(try Parser())
    }

    func testSymbolsAreLookedUp() {
        for symbol in [Py.module, Py.call, Py.identifier, Py.functionDefinition, Py.comment, Py.attribute, Py.subscript] {
            XCTAssertNotEqual(symbol.rawValue, 0)
        }
        XCTAssertEqual(Language.python.symbolName(Py.call), "call")
        XCTAssertNotEqual(PyField.function.rawValue, 0)
    }

    func testParseAndWalk() throws {
        let tree = try Parser().parse(SourceText("import pandas as pd\ndf = pd.read_csv('x')\nprint(df)\n"))
        XCTAssertEqual(tree.root.symbol, Py.module)
        XCTAssertFalse(tree.root.hasError)
        var calls: [String] = []
        var entered = 0, left = 0
        tree.root.walk(enter: { node in
            entered += 1
            if node.symbol == Py.call, let f = node.child(PyField.function) { calls.append(f.text) }
            return true
        }, leave: { _ in left += 1 })
        XCTAssertEqual(calls, ["pd.read_csv", "print"])
        XCTAssertEqual(entered, left)
        XCTAssertEqual(Array(tree.root.children).count, 3)
        XCTAssertEqual(tree.root.childCount, 3)
    }

    func testWalkCanSkipSubtrees() throws {
        let tree = try Parser().parse(SourceText("def f():\n    g(1)\nh(2)\n"))
        var calls: [String] = []
        tree.root.walk { node in
            if node.symbol == Py.call { calls.append(node.text) }
            return node.symbol != Py.functionDefinition
        }
        XCTAssertEqual(calls, ["h(2)"])
    }

    func testSyntaxErrorIsVisible() throws {
        let tree = try Parser().parse(SourceText("def f(:\n    pass\n"))
        XCTAssertTrue(tree.root.hasError)
    }

    func testNodeOutlivesLocalTreeReference() throws {
        func firstCall() throws -> Node {
            let tree = try Parser().parse(SourceText("x = foo(1)\n"))
            var found: Node?
            tree.root.walk { node in
                if found == nil, node.symbol == Py.call { found = node }
                return found == nil
            }
            return found!
        }
        let node = try firstCall()
        XCTAssertEqual(node.text, "foo(1)")
        XCTAssertEqual(node.child(PyField.function)?.text, "foo")
    }

    func testTextEquals() throws {
        let tree = try Parser().parse(SourceText("print(1)\n"))
        let call = tree.root.namedChild(0)!.namedChild(0)!
        XCTAssertTrue(call.child(PyField.function)!.textEquals("print"))
        XCTAssertFalse(call.child(PyField.function)!.textEquals("prin"))
    }

    func testFlatTreeLinksAgree() throws {
        let tree = try Parser().parse(SourceText("def f(a, b=2):\n    return [x for x in a if x > b]\nclass C(f):\n    pass\n"))
        var order: [Node] = []
        tree.root.walk { order.append($0); return true }
        XCTAssertEqual(order.count, tree.nodeCount, "a full walk visits every node once")
        for node in order {
            var children: [Node] = []
            var c = node.firstChild
            while let n = c { children.append(n); c = n.nextSibling }
            XCTAssertEqual(Array(node.children), children)
            for child in children { XCTAssertEqual(child.parent, node) }
            if let last = children.last { XCTAssertEqual(last.previousSibling, children.dropLast().last) }
            for child in children {
                XCTAssertLessThanOrEqual(node.startByte, child.startByte)
                XCTAssertGreaterThanOrEqual(node.endByte, child.endByte)
            }
        }
        XCTAssertTrue(tree.root.sexp.hasPrefix("(module (function_definition name: (identifier) parameters: (parameters (identifier) (default_parameter"), tree.root.sexp)
    }

    func testMissingAndErrorFlags() throws {
        let tree = try Parser().parse(SourceText("x = (1, 2\ny = 3\n"))
        XCTAssertTrue(tree.root.hasError)
        var kinds: [String] = []
        tree.root.walk { n in
            if n.isMissing || n.isError { kinds.append(n.isMissing ? "missing \(n.kindName)" : "error") }
            return true
        }
        XCTAssertFalse(kinds.isEmpty)
        let clean = try Parser().parse(SourceText("x = 1\n"))
        XCTAssertFalse(clean.root.hasError)
    }
}

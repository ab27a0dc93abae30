import Foundation
import SmeltAnalysis
import SmeltSyntax
import XCTest
@testable import SmeltRules

/// The refactoring builders: extract function and introduce named constant. Each
/// extraction that can be made is also run with `python3` before and after: the program
/// must print the same.
final class ExtractFunctionTests: XCTestCase {
    var parser: Parser!

    override func setUpWithError() throws { parser = try Parser() }

    // MARK: helpers

    func load(_ source: String) throws -> RefactoringInput {
        let document = try Document.load(path: "example.py", bytes: Array(source.utf8), isNotebook: false, parser: parser)
        return RefactoringInput(document: document, model: SemanticModel(document: document))
    }

    /// Plans extracting `lines` of `source`; the edited source when the plan has an edit.
    func extract(_ source: String, _ lines: ClosedRange<Int>, name: String? = "f") throws -> (plan: ExtractFunctionPlan, after: String?) {
        let input = try load(source)
        let statements = try ExtractFunction.statements(onLines: lines, of: input.document.units[0])
        let plan = try XCTUnwrap(ExtractFunction.plan(statements, unit: 0, name: name, input, selection: lines))
        guard let edit = plan.edit else { return (plan, nil) }
        let bytes = try FixApplication.apply([edit], to: input.document.units[0])
        let after = String(decoding: bytes, as: UTF8.self)
        XCTAssertFalse(parser.hasSyntaxError(SourceText(after)), "the result does not parse:\n\(after)")
        return (plan, after)
    }

    /// Extracts, checks the result, and runs both versions with python3.
    func assertExtraction(_ source: String, _ lines: ClosedRange<Int>, name: String = "f", _ expected: String,
                          file: StaticString = #filePath, line: UInt = #line) throws {
        let (plan, after) = try extract(source, lines, name: name)
        XCTAssertNil(plan.problem, file: file, line: line)
        XCTAssertEqual(after, expected, file: file, line: line)
        try assertSameOutput(source, after ?? "", file: file, line: line)
    }

    func assertSameOutput(_ before: String, _ after: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let a = try Python.run(before), b = try Python.run(after)
        XCTAssertEqual(a.status, 0, "the original fails: \(a.output)", file: file, line: line)
        XCTAssertEqual(a.status, b.status, file: file, line: line)
        XCTAssertEqual(a.output, b.output, "the refactored program prints something else", file: file, line: line)
    }

    // MARK: parameters and return values

    func testReadsBecomeParametersAndLaterReadsReturnValues() throws {
        try assertExtraction("""
            data = [3, 1, 2]
            factor = 10
            scaled = [x * factor for x in data]
            total = sum(scaled)
            print(total)

            """, 3...4, """
            data = [3, 1, 2]
            factor = 10


            def f(data, factor):
                scaled = [x * factor for x in data]
                total = sum(scaled)
                return total


            total = f(data, factor)
            print(total)

            """)
    }

    func testSeveralReturnValuesAndLocals() throws {
        try assertExtraction("""
            values = [4, 8, 15, 16, 23, 42]
            doubled = [v * 2 for v in values]
            low = min(doubled)
            high = max(doubled)
            spread = high - low
            print(low, high)
            """, 2...5, name: "summarise", """
            values = [4, 8, 15, 16, 23, 42]


            def summarise(values):
                doubled = [v * 2 for v in values]
                low = min(doubled)
                high = max(doubled)
                spread = high - low
                return low, high


            low, high = summarise(values)
            print(low, high)
            """)
    }

    func testAugmentedAssignmentIsParameterAndReturnValue() throws {
        try assertExtraction("""
            count = 1
            items = ["a", "b"]
            count += len(items)
            count *= 3
            print(count)

            """, 3...4, """
            count = 1
            items = ["a", "b"]


            def f(count, items):
                count += len(items)
                count *= 3
                return count


            count = f(count, items)
            print(count)

            """)
    }

    func testLoopsAndConditionals() throws {
        try assertExtraction("""
            rows = [1, -2, 7, 3]
            best = None
            for r in rows:
                if best is None or r > best:
                    best = r
            while best > 5:
                best -= 2
            print(best)

            """, 3...7, """
            rows = [1, -2, 7, 3]
            best = None


            def f(rows, best):
                for r in rows:
                    if best is None or r > best:
                        best = r
                while best > 5:
                    best -= 2
                return best


            best = f(rows, best)
            print(best)

            """)
    }

    func testNameBoundOnlyInABranchIsPassedIn() throws {
        // Without `threshold` as a parameter, `return threshold` would fail when the branch is not taken.
        try assertExtraction("""
            threshold = 5
            mode = "strict"
            if mode == "loose":
                threshold = 10
            print(threshold)

            """, 3...4, """
            threshold = 5
            mode = "strict"


            def f(mode, threshold):
                if mode == "loose":
                    threshold = 10
                return threshold


            threshold = f(mode, threshold)
            print(threshold)

            """)
    }

    func testMutatedArgumentIsPassedNotReturned() throws {
        try assertExtraction("""
            passengers = {"sibsp": 1, "parch": 2}
            passengers["family_size"] = passengers["sibsp"] + passengers["parch"] + 1
            print(passengers)

            """, 2...2, name: "add_family_size", """
            passengers = {"sibsp": 1, "parch": 2}


            def add_family_size(passengers):
                passengers["family_size"] = passengers["sibsp"] + passengers["parch"] + 1


            add_family_size(passengers)
            print(passengers)

            """)
    }

    func testImportsFunctionsAndConstantsStayGlobal() throws {
        let (plan, _) = try extract("""
            import math
            SCALE = 3
            def double(v):
                return 2 * v
            x = 4
            y = double(math.sqrt(x)) * SCALE
            print(y)
            """, 6...6)
        XCTAssertEqual(plan.parameters, ["x"])
        XCTAssertEqual(plan.returns, ["y"])
    }

    func testNamesReadLaterOnlyAfterRebindingAreNotReturned() throws {
        let (plan, after) = try extract("""
            a = 1
            b = a + 1
            b = 10
            print(b)
            """, 2...2)
        XCTAssertEqual(plan.returns, [])
        try assertSameOutput("a = 1\nb = a + 1\nb = 10\nprint(b)\n", after ?? "")
    }

    func testConditionalRebindingLaterStillReturns() throws {
        let (plan, _) = try extract("""
            a = 1
            b = a + 1
            if a > 5:
                b = 0
            print(b)
            """, 2...2)
        XCTAssertEqual(plan.returns, ["b"])
    }

    func testFunctionDefinedEarlierReadingTheNameMakesItAReturnValue() throws {
        try assertExtraction("""
            def report():
                print("total", total)


            total = sum([1, 2, 3])
            report()
            """, 5...5, """
            def report():
                print("total", total)


            def f():
                total = sum([1, 2, 3])
                return total


            total = f()
            report()
            """)
    }

    func testExceptTargetIsNotReturned() throws {
        let (plan, after) = try extract("""
            try:
                value = int("x")
            except ValueError as e:
                value = -1
            try:
                int("y")
            except ValueError as e:
                print(type(e).__name__, value)
            """, 1...4)
        XCTAssertEqual(plan.returns, ["value"])
        try assertSameOutput("""
            try:
                value = int("x")
            except ValueError as e:
                value = -1
            try:
                int("y")
            except ValueError as e:
                print(type(e).__name__, value)
            """, after ?? "")
    }

    func testNestedFunctionsAndLambdasKeepTheirOwnNames() throws {
        try assertExtraction("""
            scale = 2
            items = [3, 1, 2]
            key = lambda item: -item * scale
            def weight(item, bonus=1):
                return item * scale + bonus
            ranked = sorted(items, key=key)
            weights = [weight(i) for i in ranked]
            print(ranked, weights)
            """, 3...7, """
            scale = 2
            items = [3, 1, 2]


            def f(items):
                key = lambda item: -item * scale
                def weight(item, bonus=1):
                    return item * scale + bonus
                ranked = sorted(items, key=key)
                weights = [weight(i) for i in ranked]
                return ranked, weights


            ranked, weights = f(items)
            print(ranked, weights)
            """)
    }

    // MARK: layout

    func testCommentsBlankLinesAndMultiLineStringsAreKept() throws {
        try assertExtraction("""
            name = "loans"
            # Build the report.
            header = f\"\"\"Report
            for {name}
            \"\"\"

            # Count the letters.
            size = len(header)  # characters
            print(header, size)
            """, 2...8, name: "build_report", """
            name = "loans"


            def build_report(name):
                # Build the report.
                header = f\"\"\"Report
            for {name}
            \"\"\"

                # Count the letters.
                size = len(header)  # characters
                return header, size


            header, size = build_report(name)
            print(header, size)
            """)
    }

    func testTabIndentationIsKept() throws {
        try assertExtraction("x = [1, 2]\nfor v in x:\n\tprint(v)\ny = sum(x)\nprint(y)\n", 2...4,
                             "x = [1, 2]\n\n\ndef f(x):\n\tfor v in x:\n\t\tprint(v)\n\ty = sum(x)\n\treturn y\n\n\ny = f(x)\nprint(y)\n")
    }

    func testBlockAtTheStartAndTheEndOfTheFile() throws {
        try assertExtraction("a = 2\nb = a * 3\nprint(a, b)", 1...3, "def f():\n    a = 2\n    b = a * 3\n    print(a, b)\n\n\nf()")
    }

    func testCommentAboveTheBlockStaysAttachedToTheDefinition() throws {
        try assertExtraction("a = 2\n# triple it\nb = a * 3\nprint(b)\n", 3...3,
                             "a = 2\n# triple it\ndef f(a):\n    b = a * 3\n    return b\n\n\nb = f(a)\nprint(b)\n")
    }

    // MARK: refusals

    func testRangeMustHoldWholeStatements() throws {
        let input = try load("total = 0\nfor v in [1, 2]:\n    total += v\n    print(v)\nprint(total)\n")
        XCTAssertThrowsError(try ExtractFunction.statements(onLines: 3...4, of: input.document.units[0])) { error in
            XCTAssertEqual("\(error)", "lines 3-4 cut the statement on lines 2-4 (only whole top-level statements can be extracted): use --lines 2-4")
        }
        XCTAssertThrowsError(try ExtractFunction.statements(onLines: 1...9, of: input.document.units[0]))
        let blank = try load("a = 1\n\n# note\n\nb = 2\n")
        XCTAssertThrowsError(try ExtractFunction.statements(onLines: 2...4, of: blank.document.units[0])) { error in
            XCTAssertEqual("\(error)", "lines 2-4 hold no statement")
        }
    }

    func testEscapingControlFlowIsRefused() throws {
        let cases: [(String, ClosedRange<Int>, String)] = [
            ("x = 1\nglobal y\ny = x\n", 2...3, "`global` declarations change meaning inside a function (line 2)"),
            ("items = [1]\nfor i in items:\n    pass\nelse:\n    pass\ndel items\n", 6...6,
             "`del items` would delete a local of the new function, not the module's name (line 6)"),
            ("import asyncio\nasync def g():\n    return 1\nv = await g()\n", 4...4, "`await` at the top level of the block (line 4)"),
            ("x = 1\nprint(locals())\n", 2...2, "`locals()` sees different names inside a function (line 2)"),
            ("from __future__ import annotations\nx = 1\n", 1...2, "`from __future__` imports must stay at the top of the file (line 1)"),
            ("counter += 1\nprint(counter)\n", 1...1, "`counter` is read before the block binds it, and nothing binds it before the block"),
        ]
        for (source, lines, reason) in cases {
            let (plan, after) = try extract(source, lines)
            XCTAssertEqual(plan.problem, reason, source)
            XCTAssertNil(after)
        }
        // `break` and `continue` inside a loop of the block are fine.
        let (plan, _) = try extract("for i in range(3):\n    if i:\n        break\n    continue\n", 1...4)
        XCTAssertNil(plan.problem)
    }

    func testTakenAndInvalidNamesAreRefused() throws {
        let source = "data = [1]\ntotal = sum(data)\nprint(total)\n"
        XCTAssertEqual(try extract(source, 2...2, name: "data").plan.problem, "`data` is already bound in this file")
        XCTAssertEqual(try extract(source, 2...2, name: "print").plan.problem, "`print` would shadow the builtin of that name")
        XCTAssertEqual(try extract(source, 2...2, name: "2fast").plan.problem, "`2fast` is not a valid Python name")
        XCTAssertEqual(try extract(source, 2...2, name: "class").plan.problem, "`class` is not a valid Python name")
    }

    func testStatementSharingALineIsRefused() throws {
        let input = try load("a = 1; b = 2\nprint(a, b)\n")
        let root = input.document.units[0].tree!.root
        let first = Syntax.statements(root)[0]
        let plan = try XCTUnwrap(ExtractFunction.plan([first], unit: 0, name: "f", input))
        XCTAssertEqual(plan.problem, "the statement on line 1 shares a line with the block")
    }

    // MARK: notebooks

    func notebook(_ cells: [(kind: String, source: String)]) throws -> RefactoringInput {
        let items: [[String: Any]] = cells.enumerated().map { i, cell in
            var item: [String: Any] = ["cell_type": cell.kind, "id": "c\(i)", "metadata": [String: Any](),
                                       "source": Notebook.splitLines(cell.source)]
            if cell.kind == "code" {
                item["outputs"] = [Any]()
                item["execution_count"] = NSNull()
            }
            return item
        }
        let data = try JSONSerialization.data(withJSONObject: ["cells": items, "metadata": [String: Any](), "nbformat": 4, "nbformat_minor": 5])
        let document = try Document.load(path: "n.ipynb", bytes: [UInt8](data), isNotebook: true, parser: parser)
        return RefactoringInput(document: document, model: SemanticModel(document: document))
    }

    func testNotebookCellKeepsImportsAndItsOutputAndNamesTheFunctionFromTheHeading() throws {
        let input = try notebook([
            ("code", "raw = [5, None, 7]"),
            ("markdown", "## 2. Clean the loans\nDrop missing values."),
            ("code", "import math\n%matplotlib inline\nloans = [v for v in raw if v is not None]\nroots = [math.sqrt(v) for v in loans]\nroots"),
            ("code", "print(loans)"),
        ])
        let unit = input.document.units[1]
        let plan = try XCTUnwrap(ExtractFunction.plan(ExtractFunction.cellStatements(of: unit), unit: 1, input))
        XCTAssertNil(plan.problem)
        XCTAssertEqual(plan.name, "clean_the_loans")
        XCTAssertEqual(plan.parameters, ["raw"])
        XCTAssertEqual(plan.returns, ["loans", "roots"])
        XCTAssertEqual(plan.keptOutput?.text, "roots")
        let after = String(decoding: try FixApplication.apply([plan.edit!], to: unit), as: UTF8.self)
        XCTAssertEqual(after, """
            import math
            %matplotlib inline


            def clean_the_loans(raw):
                loans = [v for v in raw if v is not None]
                roots = [math.sqrt(v) for v in loans]
                return loans, roots


            loans, roots = clean_the_loans(raw)
            roots
            """)
    }

    func testNotebookNamesWithoutAHeading() throws {
        let input = try notebook([("code", "a = 1\nb = a + 1\nc = b * 2"), ("code", "print(c)"), ("code", "x = 1\ny = 2")])
        let one = try XCTUnwrap(ExtractFunction.plan(ExtractFunction.cellStatements(of: input.document.units[0]), unit: 0, input))
        XCTAssertEqual(one.name, "make_c")
        let two = try XCTUnwrap(ExtractFunction.plan(ExtractFunction.cellStatements(of: input.document.units[2]), unit: 2, input))
        XCTAssertEqual(two.name, "process_cell_3")
    }

    func testMagicInsideTheBlockIsRefused() throws {
        let input = try notebook([("code", "a = 1\n!ls\nb = 2")])
        let plan = try XCTUnwrap(ExtractFunction.plan(ExtractFunction.cellStatements(of: input.document.units[0]), unit: 0, input))
        XCTAssertEqual(plan.problem, "line 2 holds IPython syntax (a magic or shell command), which cannot move into a function")
    }

    func testNamesUsedInIPythonLinesLaterAreReturned() throws {
        let input = try notebook([("code", "a = 1\nmodel = a + 1"), ("code", "%time print(model)")])
        let plan = try XCTUnwrap(ExtractFunction.plan(ExtractFunction.cellStatements(of: input.document.units[0]), unit: 0, input))
        XCTAssertEqual(plan.returns, ["model"])
    }

    func testLongCellExtractsItsLongestRunBetweenIPythonLines() throws {
        let input = try notebook([("code", "a = 1\nb = a + 1\n%matplotlib inline\nc = b * 2\nd = c + 1\ne = d + 1"), ("code", "print(e)")])
        let index = try XCTUnwrap(RuleRegistry.all.firstIndex { $0 == LongCell.self })
        let rule = LongCell(options: RuleOptions(["max-lines": .int(3)], defaults: LongCell.description.options))
        let findings = RuleSet([(index, rule)]).run(input.document, parser: parser)
        let fix = try XCTUnwrap(findings.first?.fix)
        XCTAssertEqual(fix.title, "Extract function `make_e(b)` returning `e`")
        XCTAssertEqual(fix.applicability, .displayOnly)
        XCTAssertEqual(String(decoding: try FixApplication.apply(fix.edits, to: input.document.units[0]), as: UTF8.self), """
            a = 1
            b = a + 1
            %matplotlib inline


            def make_e(b):
                c = b * 2
                d = c + 1
                e = d + 1
                return e


            e = make_e(b)
            """)
    }

    func testSnakeCase() {
        XCTAssertEqual(RefactoringSupport.snakeCase("## 2. Clean the loans!"), "clean_the_loans")
        XCTAssertEqual(RefactoringSupport.snakeCase("Step 3: Feature engineering (v2)"), "step_3_feature_engineering_v2")
        XCTAssertNil(RefactoringSupport.snakeCase("1."))
        XCTAssertNil(RefactoringSupport.snakeCase("Import"))  // `import` is a keyword
        XCTAssertEqual(RefactoringSupport.snakeCase("Données"), "donn_es")
    }
}

final class IntroduceConstantTests: XCTestCase {
    var parser: Parser!

    override func setUpWithError() throws { parser = try Parser() }

    func introduce(_ source: String, line: Int, column: Int? = nil, name: String) throws -> String {
        let document = try Document.load(path: "example.py", bytes: Array(source.utf8), isNotebook: false, parser: parser)
        let input = RefactoringInput(document: document, model: SemanticModel(document: document))
        var candidates = IntroduceConstant.literals(onLine: line, of: document.units[0])
        if let column {
            candidates = candidates.filter { document.units[0].text.location(ofByte: $0.startByte).column == column }
        }
        let literal = try XCTUnwrap(candidates.last, "no literal on line \(line)")
        let edits = try IntroduceConstant.edits(literal: literal, unit: 0, name: name, input)
        let after = String(decoding: try FixApplication.apply(edits, to: document.units[0]), as: UTF8.self)
        XCTAssertFalse(parser.hasSyntaxError(SourceText(after)), after)
        let a = try Python.run(source), b = try Python.run(after)
        XCTAssertEqual(a.output, b.output)
        return after
    }

    func testAfterTheDocstringAndImports() throws {
        XCTAssertEqual(try introduce("""
            \"\"\"Loans.\"\"\"
            from __future__ import annotations
            import math

            ages = [12, 70, 40]
            print([a for a in ages if a > 65], math.pi > 3)
            """, line: 6, column: 31, name: "AGE_THRESHOLD"), """
            \"\"\"Loans.\"\"\"
            from __future__ import annotations
            import math

            AGE_THRESHOLD = 65

            ages = [12, 70, 40]
            print([a for a in ages if a > AGE_THRESHOLD], math.pi > 3)
            """)
    }

    func testWithTheOtherConstants() throws {
        XCTAssertEqual(try introduce("import math\n\nSEED = 42\nrows = list(range(2000))\nprint(rows[:1000][-1], SEED)\n", line: 5, column: 13,
                                       name: "N_ROWS"),
                       "import math\n\nSEED = 42\nN_ROWS = 1000\nrows = list(range(2000))\nprint(rows[:N_ROWS][-1], SEED)\n")
    }

    func testAtTheTopWithoutImports() throws {
        XCTAssertEqual(try introduce("x = 3\nprint(x > 2.5)\n", line: 2, name: "LIMIT"), "LIMIT = 2.5\n\nx = 3\nprint(x > LIMIT)\n")
        XCTAssertEqual(try introduce("#!/usr/bin/env python\n# loads\nx = 3\nprint(x > -5)\n", line: 4, name: "FLOOR"),
                       "#!/usr/bin/env python\n\nFLOOR = -5\n\n# loads\nx = 3\nprint(x > FLOOR)\n")
        XCTAssertEqual(try introduce("# Copyright\n\nprint((1, 2))\n", line: 3, column: 7, name: "PAIR"),
                       "# Copyright\n\nPAIR = (1, 2)\n\nprint(PAIR)\n")
    }

    func testNameNextToAKeywordGetsASpace() throws {
        XCTAssertEqual(try introduce("c = 0\nprint(1if c else 2)\n", line: 2, column: 7, name: "ONE"),
                       "ONE = 1\n\nc = 0\nprint(ONE if c else 2)\n")
    }

    func testLiteralCandidates() throws {
        let document = try Document.load(path: "x.py", bytes: Array("plt.figure(figsize=(10, -6), title=\"a\" \"b\", label=f\"{x}\")\n\"\"\"doc\"\"\"\n".utf8),
                                         isNotebook: false, parser: parser)
        XCTAssertEqual(IntroduceConstant.literals(onLine: 1, of: document.units[0]).map(\.text), ["(10, -6)", "10", "-6", "\"a\" \"b\""])
        XCTAssertEqual(IntroduceConstant.literals(onLine: 2, of: document.units[0]).map(\.text), [])
    }

    func testRefusals() throws {
        let source = "LIMIT = 3\nx = 5\nmatch x:\n    case 5:\n        print(x > 4)\n"
        let document = try Document.load(path: "x.py", bytes: Array(source.utf8), isNotebook: false, parser: parser)
        let input = RefactoringInput(document: document, model: SemanticModel(document: document))
        let unit = document.units[0]
        let four = IntroduceConstant.literals(onLine: 5, of: unit)[0]
        XCTAssertThrowsError(try IntroduceConstant.edits(literal: four, unit: 0, name: "LIMIT", input)) {
            XCTAssertEqual("\($0)", "`LIMIT` is already bound in this file")
        }
        XCTAssertThrowsError(try IntroduceConstant.edits(literal: four, unit: 0, name: "x-y", input))
        XCTAssertThrowsError(try IntroduceConstant.edits(literal: four, unit: 0, name: "len", input))
        let five = IntroduceConstant.literals(onLine: 4, of: unit)[0]
        XCTAssertThrowsError(try IntroduceConstant.edits(literal: five, unit: 0, name: "FIVE", input)) {
            XCTAssertEqual("\($0)", "a literal in a `case` pattern cannot be a name (it would capture instead of compare)")
        }
    }

    func testNotebookConstantGoesToTheFirstCell() throws {
        let items: [[String: Any]] = ["import pandas as pd", "x = 3\nx > 17"].enumerated().map { i, source in
            ["cell_type": "code", "id": "c\(i)", "metadata": [String: Any](), "outputs": [Any](), "execution_count": NSNull(),
             "source": Notebook.splitLines(source)]
        }
        let data = try JSONSerialization.data(withJSONObject: ["cells": items, "metadata": [String: Any](), "nbformat": 4, "nbformat_minor": 5])
        let document = try Document.load(path: "n.ipynb", bytes: [UInt8](data), isNotebook: true, parser: parser)
        let input = RefactoringInput(document: document, model: SemanticModel(document: document))
        let literal = IntroduceConstant.literals(onLine: 2, of: document.units[1])[0]
        let edits = try IntroduceConstant.edits(literal: literal, unit: 1, name: "MIN_AGE", input)
        XCTAssertEqual(edits.map(\.unit), [0, 1])
        XCTAssertEqual(String(decoding: try FixApplication.apply(edits.filter { $0.unit == 0 }, to: document.units[0]), as: UTF8.self),
                       "import pandas as pd\n\nMIN_AGE = 17")
        XCTAssertEqual(String(decoding: try FixApplication.apply(edits.filter { $0.unit == 1 }, to: document.units[1]), as: UTF8.self),
                       "x = 3\nx > MIN_AGE")
    }
}

/// Runs Python programs (our own test fixtures) with python3.
enum Python {
    struct Result {
        let status: Int32
        let output: String
    }

    static func run(_ source: String) throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smelt-refactor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("program.py")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-W", "ignore", file.path]
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}

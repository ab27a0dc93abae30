import Foundation
import XCTest
@testable import SmeltKata

final class CheckerTests: XCTestCase {
    var tiny: TinyKata!
    var checker: KataChecker!
    var workspace: URL { checker.workspace }

    override func setUpWithError() throws {
        tiny = try TinyKata.make()
        let dir = tiny.root.deletingLastPathComponent().appendingPathComponent("ws")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        checker = KataChecker(kata: try Kata.load(tiny.root), workspace: dir, python: "python3")
    }

    override func tearDown() { tiny.remove() }

    func write(_ text: String, _ path: String) throws {
        let url = workspace.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func run(_ kind: CheckKind) -> CheckResult { checker.run(KataCheck(kind: kind, explain: nil)) }

    func testNoTopLevelLogicAllowsDefinitionsConstantsAndAMainGuard() throws {
        try write("""
            \"\"\"Train.\"\"\"
            from __future__ import annotations
            import pandas as pd
            SEED = 42
            BINS = (0, 18, -1)
            __all__ = ["train"]

            @dataclass
            class Config:
                pass

            def train():
                return 1

            if __name__ == "__main__":
                train()
            """, "good.py")
        XCTAssertTrue(run(.noTopLevelLogic(path: "good.py")).passed)
        try write("import pandas as pd\nSEED = 42\ndata = pd.read_csv('x.csv')\nprint(data)\n", "bad.py")
        let bad = run(.noTopLevelLogic(path: "bad.py"))
        XCTAssertFalse(bad.passed)
        XCTAssertTrue(bad.found.contains("line 3: data = pd.read_csv('x.csv')"), bad.found)
        XCTAssertTrue(bad.found.contains("line 4: print(data)"), bad.found)
    }

    func testImportsInScriptsAndNotebooks() throws {
        try write("from src import features\nimport src.model as m\nfrom src.data import load, clean as c\n", "a.py")
        XCTAssertTrue(run(.imports(path: "a.py", module: "src.features", name: nil)).passed, "from src import features")
        XCTAssertTrue(run(.imports(path: "a.py", module: "src.model", name: nil)).passed)
        XCTAssertTrue(run(.imports(path: "a.py", module: "src.data", name: "clean")).passed)
        let missing = run(.imports(path: "a.py", module: "src.data", name: "save"))
        XCTAssertFalse(missing.passed)
        XCTAssertTrue(missing.found.contains("src.data.load"), missing.found)
        try write("""
            {"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
                        "source": ["%load_ext autoreload\\n", "from src.train import train_model\\n"]},
                       {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": []},
                       {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [], "source": ["model = train_model()"]}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """, "thin.ipynb")
        XCTAssertTrue(run(.imports(path: "thin.ipynb", module: "src.train", name: "train_model")).passed)
        XCTAssertTrue(run(.maxCodeCells(path: "thin.ipynb", max: 2)).passed, "the empty cell does not count")
        let tooMany = run(.maxCodeCells(path: "thin.ipynb", max: 1))
        XCTAssertFalse(tooMany.passed)
        XCTAssertEqual(tooMany.found, "it has 2")
    }

    func testNotebookRunsInOrderAndReportsTheFailingCell() throws {
        try write("""
            {"cells": [{"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [], "source": ["%matplotlib inline\\n", "x = 20"]},
                       {"cell_type": "markdown", "metadata": {}, "source": ["text"]},
                       {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": ["!pip install nothing\\n", "display(x + 1)\\n", "y = x + 1"]}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """, "ok.ipynb")
        let ok = run(.notebookRuns(path: "ok.ipynb", timeout: 60))
        XCTAssertTrue(ok.passed, ok.found)
        try write("""
            {"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": ["y = x + 1"]},
                       {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [], "source": ["x = 20"]}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """, "hidden_state.ipynb")
        let broken = run(.notebookRuns(path: "hidden_state.ipynb", timeout: 60))
        XCTAssertFalse(broken.passed)
        XCTAssertTrue(broken.found.contains("cell 1 failed") && broken.found.contains("NameError"), broken.found)
    }

    func testScriptTimeoutsAndFailures() throws {
        try write("import time\ntime.sleep(30)\n", "slow.py")
        let slow = run(.scriptRuns(path: "slow.py", timeout: 1))
        XCTAssertFalse(slow.passed)
        XCTAssertEqual(slow.found, "it did not finish within 1 s")
        try write("raise SystemExit(3)\n", "fails.py")
        let fails = run(.scriptRuns(path: "fails.py", timeout: 30))
        XCTAssertFalse(fails.passed)
        XCTAssertTrue(fails.found.hasPrefix("exit status 3"), fails.found)
        // The workspace is on the import path.
        try write("VALUE = 3\n", "src/consts.py")
        try write("from src.consts import VALUE\nassert VALUE == 3\n", "uses.py")
        XCTAssertTrue(run(.scriptRuns(path: "uses.py", timeout: 30)).passed)
    }

    func testSmellDropComparesWithTheStart() throws {
        try write("x = 21\n", "main.py")
        XCTAssertTrue(run(.smellDrop(path: "main.py", rules: ["SM101"])).passed, "the start has a print")
        try write("x = 21\nprint(x)\nprint(x * 2)\n", "main.py")
        let worse = run(.smellDrop(path: "main.py", rules: ["SM101"]))
        XCTAssertFalse(worse.passed)
        XCTAssertEqual(worse.found, "2 now, 1 at the start")
    }

    func testPytestCountsPassedTests() {
        XCTAssertEqual(KataChecker.count("passed", in: "....\n4 passed in 0.12s\n"), 4)
        XCTAssertEqual(KataChecker.count("passed", in: "1 failed, 12 passed, 1 warning in 3.1s"), 12)
        XCTAssertEqual(KataChecker.count("passed", in: "no tests ran in 0.01s"), 0)
    }

    func testPytestCheckRunsTheLearnersTests() throws {
        // pytest comes from the test environment `make test` prepares.
        let python = FileManager.default.currentDirectoryPath + "/.build/test-venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw XCTSkip("no .build/test-venv (made by `make test`): pytest is not available")
        }
        let checker = KataChecker(kata: self.checker.kata, workspace: workspace, python: python)
        try write("def double(x):\n    return 2 * x\n", "src/calc.py")
        try write("from src.calc import double\n\ndef test_double():\n    assert double(2) == 4\n\ndef test_zero():\n    assert double(0) == 0\n", "tests/test_calc.py")
        let ok = checker.run(KataCheck(kind: .pytest(args: [], minPassed: 2), explain: nil))
        XCTAssertTrue(ok.passed, ok.found)
        XCTAssertEqual(ok.found, "2 tests passed")
        let tooFew = checker.run(KataCheck(kind: .pytest(args: [], minPassed: 3), explain: "three tests"))
        XCTAssertFalse(tooFew.passed)
        XCTAssertEqual(tooFew.wanted, "three tests")
        try write("from src.calc import double\n\ndef test_double():\n    assert double(2) == 5\n", "tests/test_calc.py")
        let failing = checker.run(KataCheck(kind: .pytest(args: [], minPassed: 1), explain: nil))
        XCTAssertFalse(failing.passed)
        XCTAssertTrue(failing.found.contains("assert 4 == 5"), failing.found)
    }
}

final class DevCheckTests: XCTestCase {
    func testASoundKataPasses() throws {
        let tiny = try TinyKata.make()
        defer { tiny.remove() }
        let report = KataDevCheck.run(try Kata.load(tiny.root), python: "python3")
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.statesChecked, 3)
    }

    func testAStepThatNeedsNoWorkIsReported() throws {
        // Step 2's only change is already in the start.
        var files = TinyKata.files
        files["start/main.py"] = TinyKata.files["solutions/use/main.py"]
        files["start/src/calc.py"] = "def double(x):\n    return 2 * x\n"
        let manifest = TinyKata.manifest.replacingOccurrences(of: "removes = [\"notes.txt\"]", with: "removes = []")
            .replacingOccurrences(of: "[[steps.checks]]\nkind = \"file-absent\"\npath = \"notes.txt\"", with: "")
        let tiny = try TinyKata.make(manifest: manifest, files: files)
        defer { tiny.remove() }
        let problems = KataDevCheck.run(try Kata.load(tiny.root), python: "python3").problems
        XCTAssertTrue(problems.contains { $0.contains("start: already passes step 1 `extract`") }, "\(problems)")
        XCTAssertTrue(problems.contains { $0.contains("already passes step 2 `use`") }, "\(problems)")
    }

    func testABrokenSolutionIsReported() throws {
        var files = TinyKata.files
        files["solutions/use/main.py"] = "from src.calc import double\nprint(double(21)\n"
        let tiny = try TinyKata.make(files: files)
        defer { tiny.remove() }
        let problems = KataDevCheck.run(try Kata.load(tiny.root), python: "python3").problems
        XCTAssertTrue(problems.contains { $0.hasPrefix("after step 2 `use`: step `use` fails: wanted `python main.py` runs without an error") }, "\(problems)")
    }

    func testStaticProblems() throws {
        var files = TinyKata.files
        files["solutions/orphan/x.py"] = "x = 1\n"
        files.removeValue(forKey: "solutions/extract/src/calc.py")
        let manifest = TinyKata.manifest.replacingOccurrences(of: "rules = [\"SM101\"]", with: "rules = [\"SM999\"]")
            .replacingOccurrences(of: "path = \"main.py\"\nmodule", with: "path = \"../main.py\"\nmodule")
        let tiny = try TinyKata.make(manifest: manifest, files: files)
        defer { tiny.remove() }
        let problems = KataDevCheck.run(try Kata.load(tiny.root), python: "python3").problems
        XCTAssertTrue(problems.contains("step `extract`: no solutions/extract/ folder and nothing removed: the step changes nothing"), "\(problems)")
        XCTAssertTrue(problems.contains("step `extract`: no rule `SM999` (see `smelt rules`)"), "\(problems)")
        XCTAssertTrue(problems.contains("step `use`: `../main.py` must be a relative path inside the workspace"), "\(problems)")
        XCTAssertTrue(problems.contains("solutions/orphan/ belongs to no step"), "\(problems)")
    }
}

import Foundation
import XCTest
@testable import SmeltKata

final class SessionTests: XCTestCase {
    var tiny: TinyKata!
    var workspace: URL!

    override func setUpWithError() throws {
        tiny = try TinyKata.make()
        workspace = tiny.root.deletingLastPathComponent().appendingPathComponent("workspace")
    }

    override func tearDown() { tiny.remove() }

    func start() throws -> KataSession {
        try KataSession.start(try Kata.load(tiny.root), in: workspace, python: .existing("python3")) { _ in }
    }

    func write(_ text: String, _ path: String) throws {
        let url = workspace.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func testStartMakesAWorkspaceWithProgressAndAFirstCommit() throws {
        let session = try start()
        XCTAssertEqual(session.progress.current, "extract")
        XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("main.py").path))
        let saved = try KataProgress.load(workspace: workspace)
        XCTAssertEqual(saved, session.progress)
        XCTAssertEqual(saved.python, "python3")
        let ignore = try String(contentsOf: workspace.appendingPathComponent(".gitignore"), encoding: .utf8)
        XCTAssertTrue(ignore.contains(".smelt-kata.toml") && ignore.contains(".venv/"))
        if Git.available {
            XCTAssertNotNil(saved.lastCommit)
            XCTAssertEqual(Git.run(["status", "--porcelain"], in: workspace).output, "", "everything is committed")
        }
        // A second start into the same folder is refused.
        XCTAssertThrowsError(try start()) { XCTAssertTrue("\($0)".contains("not empty"), "\($0)") }
    }

    func testStartMakesAVirtualEnvironmentThatTheChecksUse() throws {
        var said: [String] = []
        var session = try KataSession.start(try Kata.load(tiny.root), in: workspace, python: .venv(base: "python3")) { said.append($0) }
        XCTAssertEqual(session.progress.python, ".venv/bin/python")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: workspace.appendingPathComponent(".venv/bin/python").path))
        XCTAssertTrue(said.contains { $0.contains("Creating a virtual environment") }, "\(said)")
        if Git.available {
            XCTAssertEqual(Git.run(["status", "--porcelain"], in: workspace).output, "", ".venv is ignored, not committed")
        }
        // Behaviour checks run with the workspace's interpreter.
        try write("def double(x):\n    return 2 * x\n", "src/calc.py")
        _ = try session.check()
        try write("import sys\nfrom src.calc import double\nassert sys.prefix.endswith('.venv'), sys.prefix\n", "main.py")
        try FileManager.default.removeItem(at: workspace.appendingPathComponent("notes.txt"))
        let outcome = try session.check()
        guard case .finished = outcome else { return XCTFail("main.py must run with .venv/bin/python: \(outcome)") }
    }

    func testStartNamesAMissingPackage() throws {
        let manifest = TinyKata.manifest.replacingOccurrences(of: "packages = []", with: "packages = [\"surely-not-installed-pkg\"]")
        let other = try TinyKata.make(manifest: manifest)
        defer { other.remove() }
        XCTAssertThrowsError(try KataSession.start(try Kata.load(other.root), in: workspace, python: .existing("python3")) { _ in }) {
            XCTAssertTrue("\($0)".contains("cannot import `surely_not_installed_pkg` (the package `surely-not-installed-pkg`)"), "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("main.py").path), "nothing copied")
    }

    func testAStepPassesOnlyWhenItsChecksPass() throws {
        var session = try start()
        guard case let .failed(report) = try session.check() else { return XCTFail("the start must fail step 1") }
        XCTAssertFalse(report.results[0].passed)
        XCTAssertEqual(report.results[0].wanted, "`src/calc.py` defines the function `double` at top level")
        XCTAssertEqual(report.results[0].found, "`src/calc.py` does not exist or cannot be read")
        XCTAssertEqual(try KataProgress.load(workspace: workspace).current, "extract", "a failed check does not move on")

        // A print left in the module fails the smell check, and says where.
        try write("def double(x):\n    print(x)\n    return 2 * x\n", "src/calc.py")
        guard case let .failed(smelly) = try session.check() else { return XCTFail("SM101 must fail the step") }
        XCTAssertTrue(smelly.results[0].passed)
        XCTAssertFalse(smelly.results[1].passed)
        XCTAssertTrue(smelly.results[1].found.contains("src/calc.py:2 SM101"), smelly.results[1].found)

        try write("def double(x):\n    return 2 * x\n", "src/calc.py")
        guard case let .passed(_, next) = try session.check() else { return XCTFail("step 1 should pass") }
        XCTAssertEqual(next.id, "use")
        XCTAssertEqual(try KataProgress.load(workspace: workspace).passed, ["extract"])

        try write("from src.calc import double\nprint(double(21))\n", "main.py")
        guard case let .failed(notYet) = try session.check() else { return XCTFail("notes.txt is still there") }
        XCTAssertEqual(notYet.results.map(\.passed), [true, true, false])
        try FileManager.default.removeItem(at: workspace.appendingPathComponent("notes.txt"))
        guard case .finished = try session.check() else { return XCTFail("the kata should be complete") }
        XCTAssertTrue(session.isDone)
        guard case .alreadyDone = try session.check() else { return XCTFail("done stays done") }
    }

    func testTheLastStepRechecksEveryStep() throws {
        var session = try start()
        try write("def double(x):\n    return 2 * x\n", "src/calc.py")
        _ = try session.check()
        // Break step 1 while doing step 2.
        try write("import sys\nprint(2 * 21)\n", "main.py")
        try write("def double(x):\n    return 2 * x\n", "src/calc.py")
        try FileManager.default.removeItem(at: workspace.appendingPathComponent("notes.txt"))
        try write("from src.calc import double\nprint(double(21))\n", "main.py")
        try write("def twice(x):\n    return 2 * x\ndef double(x):\n    return twice(x)\n", "src/calc.py")
        guard case .finished = try session.check() else { return XCTFail("still sound") }

        var again = try KataSession.open(at: workspace)
        try again.reset(to: again.kata.steps[1])
        try write("from src.calc import double\nprint(double(21))\n", "main.py")
        try FileManager.default.removeItem(at: workspace.appendingPathComponent("notes.txt"))
        try FileManager.default.removeItem(at: workspace.appendingPathComponent("src/calc.py"))
        try write("def double(x):\n    return 2 * x\n", "src/other.py")
        try write("from src.other import double\nprint(double(21))\n", "main.py")
        // Step 2 now fails its import check, so it fails before any re-check.
        guard case .failed = try again.check() else { return XCTFail("main.py imports src.other") }
    }

    func testHintsComeOneAtATime() throws {
        var session = try start()
        XCTAssertEqual(try session.nextHint()?.hint, "Make a folder src.")
        XCTAssertEqual(try session.nextHint()?.number, 2)
        XCTAssertEqual(try session.nextHint()?.number, 2, "the last hint repeats")
        XCTAssertEqual(try KataProgress.load(workspace: workspace).hintsShown, 2)
    }

    func testResetPutsTheWorkspaceAtTheStartOfAStep() throws {
        var session = try start()
        try write("def double(x):\n    return 2 * x\n", "src/calc.py")
        _ = try session.check()
        try write("print('mine')\n", "scratch.py")
        try session.reset(to: session.kata.steps[0])
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("scratch.py").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("src/calc.py").path))
        XCTAssertEqual(session.progress.current, "extract")
        XCTAssertEqual(session.progress.passed, [])
        try session.reset(to: session.kata.steps[1])
        XCTAssertEqual(try String(contentsOf: workspace.appendingPathComponent("src/calc.py"), encoding: .utf8), "def double(x):\n    return 2 * x\n")
        XCTAssertEqual(session.progress.passed, ["extract"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.appendingPathComponent(".smelt-kata.toml").path), "progress kept")
    }

    func testSolutionShowsTheDiffToTheReference() throws {
        let session = try start()
        let diff = session.solutionDiff(for: session.kata.steps[0])
        XCTAssertTrue(diff.contains("--- /dev/null\n+++ solution/src/calc.py\n@@ -0,0 +1,2 @@\n+def double(x):\n"), diff)
        XCTAssertFalse(diff.contains("main.py"), "unchanged files are not shown")
    }

    func testNotebooksAreComparedCellByCell() throws {
        let notebook = """
            {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Title"]},
                       {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": ["x = 1\\n", "y = 2"]}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """
        let url = workspace.deletingLastPathComponent().appendingPathComponent("n.ipynb")
        try notebook.write(to: url, atomically: true, encoding: .utf8)
        XCTAssertEqual(KataSession.readable(url), "# %% [markdown] cell 1\n# Title\n# %% [code] cell 2\nx = 1\ny = 2\n")
    }
}

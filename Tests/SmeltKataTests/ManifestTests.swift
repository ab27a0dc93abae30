import Foundation
import XCTest
@testable import SmeltKata

/// A small kata written into a temporary folder for the tests.
struct TinyKata {
    let root: URL

    init(manifest: String, files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("smelt-kata-test-\(UUID().uuidString)/tiny")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try manifest.write(to: root.appendingPathComponent("kata.toml"), atomically: true, encoding: .utf8)
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    func remove() { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }

    /// Two steps: extract `double` into `src/calc.py`, then use it from `main.py` (which must run).
    static let manifest = """
        [kata]
        title = "Tiny"
        summary = "Extract a function."
        teaches = ["Extract function"]
        packages = []
        minutes = 5
        order = 1

        [[steps]]
        id = "extract"
        title = "Extract double"
        instruction = "Move the doubling into `src/calc.py` as `double(x)`."
        hints = ["Make a folder src.", "def double(x): return 2 * x"]

        [[steps.checks]]
        kind = "defines"
        path = "src/calc.py"
        function = "double"

        [[steps.checks]]
        kind = "smell"
        path = "src/calc.py"
        rules = ["SM101"]

        [[steps]]
        id = "use"
        title = "Use it"
        instruction = "Call `double` from main.py."
        hints = ["from src.calc import double"]
        removes = ["notes.txt"]

        [[steps.checks]]
        kind = "imports"
        path = "main.py"
        module = "src.calc"
        name = "double"

        [[steps.checks]]
        kind = "script-runs"
        path = "main.py"
        timeout = 60

        [[steps.checks]]
        kind = "file-absent"
        path = "notes.txt"
        """

    static let files = [
        "start/main.py": "x = 21\nprint(x * 2)\n",
        "start/notes.txt": "scratch\n",
        "solutions/extract/src/calc.py": "def double(x):\n    return 2 * x\n",
        "solutions/use/main.py": "from src.calc import double\n\nif __name__ == \"__main__\":\n    print(double(21))\n",
    ]

    static func make(manifest: String = manifest, files: [String: String] = files) throws -> TinyKata {
        try TinyKata(manifest: manifest, files: files)
    }
}

final class ManifestTests: XCTestCase {
    func testAValidManifestLoads() throws {
        let tiny = try TinyKata.make()
        defer { tiny.remove() }
        let kata = try Kata.load(tiny.root)
        XCTAssertEqual(kata.name, "tiny")
        XCTAssertEqual(kata.steps.map(\.id), ["extract", "use"])
        XCTAssertEqual(kata.steps[0].checks[0].kind, .defines(path: "src/calc.py", function: "double", className: nil))
        XCTAssertEqual(kata.steps[0].checks[1].kind, .smell(path: "src/calc.py", rules: ["SM101"], max: 0))
        XCTAssertEqual(kata.steps[1].checks[1].kind, .scriptRuns(path: "main.py", timeout: 60))
        XCTAssertEqual(kata.steps[1].removes, ["notes.txt"])
    }

    func testManifestErrorsNameTheProblem() throws {
        let cases: [(String, String, String)] = [
            ("instruction = \"Move the doubling into `src/calc.py` as `double(x)`.\"", "instruction = \"\"", "has no instruction"),
            ("kind = \"defines\"", "kind = \"defnes\"", "unknown kind `defnes`"),
            ("function = \"double\"", "function = \"double\"\nclass = \"Calc\"", "exactly one of `function` and `class`"),
            ("id = \"use\"", "id = \"extract\"", "appears twice"),
            ("id = \"use\"", "id = \"Use It\"", "lower-case words"),
            ("timeout = 60", "timout = 60", "unknown field `timout`"),
            ("hints = [\"from src.calc import double\"]", "hints = []", "has no hint"),
            ("rules = [\"SM101\"]", "rules = []", "at least one rule"),
        ]
        for (from, to, expected) in cases {
            let tiny = try TinyKata.make(manifest: TinyKata.manifest.replacingOccurrences(of: from, with: to))
            defer { tiny.remove() }
            XCTAssertThrowsError(try Kata.load(tiny.root), expected) { error in
                XCTAssertTrue((error as! KataError).description.contains(expected), "\(error) should say \(expected)")
            }
        }
    }

    func testStatesAreTheStartPlusOverlaysMinusRemovals() throws {
        let tiny = try TinyKata.make()
        defer { tiny.remove() }
        let kata = try Kata.load(tiny.root)
        XCTAssertEqual(KataFiles.state(kata, through: -1).keys.sorted(), ["main.py", "notes.txt"])
        XCTAssertEqual(KataFiles.state(kata, through: 0).keys.sorted(), ["main.py", "notes.txt", "src/calc.py"])
        let final = KataFiles.state(kata, through: 1)
        XCTAssertEqual(final.keys.sorted(), ["main.py", "src/calc.py"])
        XCTAssertTrue(final["main.py"]!.path.hasSuffix("solutions/use/main.py"))
    }

    func testImportNames() {
        XCTAssertEqual(KataSession.importName("scikit-learn"), "sklearn")
        XCTAssertEqual(KataSession.importName("pandas>=1.3"), "pandas")
        XCTAssertEqual(KataSession.importName("typing-extensions"), "typing_extensions")
    }
}

final class WatchTextTests: XCTestCase {
    func testWrapBreaksAtSpacesAndKeepsLineBreaks() {
        XCTAssertEqual(KataWatch.wrap("Hint 1/3: move the cell above the features cell", width: 20),
                       "Hint 1/3: move the\ncell above the\nfeatures cell")
        XCTAssertEqual(KataWatch.wrap("short\nlines stay", width: 20), "short\nlines stay")
        XCTAssertEqual(KataWatch.wrap("averyveryverylongword fits", width: 10), "averyveryverylongword\nfits")
    }
}

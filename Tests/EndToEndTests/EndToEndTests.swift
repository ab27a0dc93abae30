import Foundation
import XCTest

/// Runs the built `smelt` binary on fixture projects and checks output and exit codes.
/// Golden files: set UPDATE_GOLDEN=1 to rewrite them after an intended change.
final class EndToEndTests: SmeltTestCase {
    // MARK: tests

    func testVersion() throws {
        let run = try smelt(["--version"])
        XCTAssertEqual(run.status, 0)
        XCTAssertTrue(run.stdout.hasPrefix("0."), run.stdout)
    }

    func testTextOutputGolden() throws {
        let run = try smelt(["check"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertFalse(run.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
        try assertGolden(run.stdout, "project.txt")
    }

    func testJSONOutputGolden() throws {
        let run = try smelt(["check", "--output-format", "json"])
        XCTAssertEqual(run.status, 1, run.stderr)
        try assertGolden(run.stdout, "project.json")
        for finding in try json(run) {
            XCTAssertEqual(Set(finding.keys), ["code", "slug", "severity", "message", "refactoring", "path", "start", "end", "cell", "fix"])
        }
    }

    /// Every notebook finding's file position must point at the raw .ipynb text that holds
    /// the flagged source: the cell's line must appear in the raw line, JSON-escaped, at that column.
    func testNotebookPositionsPointIntoTheRawFile() throws {
        let run = try smelt(["check", "--output-format", "json", "analysis.ipynb"])
        let raw = try String(contentsOf: project.appendingPathComponent("analysis.ipynb"), encoding: .utf8)
        let rawLines = raw.components(separatedBy: "\n")
        let nb = try JSONSerialization.jsonObject(with: Data(raw.utf8)) as! [String: Any]
        let cells = nb["cells"] as! [[String: Any]]
        var checked = 0
        for finding in try json(run) {
            guard let cell = finding["cell"] as? [String: Any] else { continue }
            let number = cell["number"] as! Int
            let cellStart = cell["start"] as! [String: Int]
            let fileStart = finding["start"] as! [String: Int]
            let source = (cells[number - 1]["source"] as! [String]).joined()
            let cellLine = source.components(separatedBy: "\n")[cellStart["line"]! - 1]
            let flagged = String(Array(cellLine)[(cellStart["column"]! - 1)...])
            // The raw line, from the file column on, must start with the JSON-escaped rest of the cell line.
            let rawLine = Array(rawLines[fileStart["line"]! - 1])
            let rawRest = String(rawLine[(fileStart["column"]! - 1)...])
            let escaped = String(decoding: try JSONSerialization.data(withJSONObject: [flagged], options: [.withoutEscapingSlashes]), as: UTF8.self)
                .dropFirst(2).dropLast(2)
            XCTAssertTrue(rawRest.hasPrefix(escaped.prefix(8)), "cell \(number) \(cellStart): raw `\(rawRest)` vs `\(escaped)`")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 5)
    }

    func testNotebookCellDataAndSkippedCells() throws {
        let findings = try json(try smelt(["check", "--output-format", "json", "analysis.ipynb"]))
        let clutter = findings.filter { $0["code"] as? String == "SM101" }
        let cells = clutter.compactMap { ($0["cell"] as? [String: Any])?["number"] as? Int }
        // print in cell 3 and in cell 6 ("still linted" despite the broken cell 5), not the tagged cell 8, not %%bash.
        XCTAssertEqual(cells, [3, 6])
        let first = try XCTUnwrap(clutter.first?["cell"] as? [String: Any])
        XCTAssertEqual(first["id"] as? String, "load")
        XCTAssertEqual(first["code_number"] as? Int, 2)
        XCTAssertEqual(first["execution_count"] as? Int, 2)
        let syntax = findings.filter { $0["code"] as? String == "SM210" }.compactMap { ($0["cell"] as? [String: Any])?["number"] as? Int }
        XCTAssertEqual(syntax, [5, 6], "the broken cell and the cell ending in a decorator; not the cell after it")
        XCTAssertFalse(findings.contains { ($0["message"] as? String)?.contains("pip") == true && $0["code"] as? String != "SM213" },
                       "the masked `!pip` line is only reported as an install from the notebook")
        let unused = findings.filter { $0["code"] as? String == "SM105" }.map { $0["message"] as! String }
        XCTAssertEqual(unused, ["`numpy` imported but unused"])
    }

    func testBadFilesAreFindingsAndTheRunGoesOn() throws {
        let findings = try json(try smelt(["check", "--output-format", "json"]))
        func invalid(_ path: String) -> String? {
            findings.first { $0["path"] as? String == path && $0["code"] as? String == "SM000" }?["message"] as? String
        }
        XCTAssertTrue(invalid("notebooks/truncated.ipynb")?.contains("invalid JSON") == true, invalid("notebooks/truncated.ipynb") ?? "none")
        XCTAssertTrue(invalid("notebooks/old.ipynb")?.contains("nbformat") == true, invalid("notebooks/old.ipynb") ?? "none")
        XCTAssertTrue(invalid("notebooks/no_cells.ipynb")?.contains("cells") == true, invalid("notebooks/no_cells.ipynb") ?? "none")
        XCTAssertTrue(invalid("latin1_undeclared.py")?.contains("not valid UTF-8") == true, invalid("latin1_undeclared.py") ?? "none")
        XCTAssertNil(invalid("latin1_declared.py"), "a declared latin-1 file is decoded")
        XCTAssertTrue(findings.contains { $0["path"] as? String == "latin1_declared.py" && $0["code"] as? String == "SM101" })
        XCTAssertTrue(findings.contains { $0["path"] as? String == "messy.py" })
        XCTAssertTrue(findings.contains { $0["path"] as? String == "syntax_error.py" && $0["code"] as? String == "SM210" })
    }

    func testSuppressions() throws {
        let findings = try json(try smelt(["check", "--output-format", "json", "messy.py", "ignored_file.py"]))
        let lines = findings.map { ($0["code"] as! String, ($0["start"] as! [String: Int])["line"]!) }
        XCTAssertFalse(lines.contains { $0 == ("SM101", 6) }, "noqa: SM101 suppresses")
        XCTAssertTrue(lines.contains { $0 == ("SM101", 7) }, "ignore[magic-number] does not suppress SM101")
        XCTAssertFalse(findings.contains { $0["path"] as? String == "ignored_file.py" })
    }

    func testMissingPathExitsTwoButLintsTheRest() throws {
        let run = try smelt(["check", "--output-format", "json", "messy.py", "nope.py"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("nope.py"), run.stderr)
        XCTAssertFalse(try json(run).isEmpty)
    }

    func testCleanFilePasses() throws {
        let run = try smelt(["check", "clean.py"])
        XCTAssertEqual(run.status, 0, run.stdout)
        XCTAssertEqual(run.stdout, "All checks passed! (1 file checked)\n")
    }

    func testSelectIgnoreAndUnknownSelector() throws {
        let only = try json(try smelt(["check", "--output-format", "json", "--select", "SM1", "--ignore", "display-clutter", "messy.py"]))
        XCTAssertFalse(only.isEmpty)
        XCTAssertTrue(only.allSatisfy { ($0["code"] as! String).hasPrefix("SM1") && $0["code"] as! String != "SM101" })
        let bad = try smelt(["check", "--select", "SM999", "messy.py"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("SM999"), bad.stderr)
    }

    func testConfigurationFromPyproject() throws {
        try """
            [tool.smelt]
            ignore = ["SM403"]
            exclude = ["notebooks"]
            colour = true
            per-file-ignores = { "messy.py" = ["SM105"] }

            [tool.smelt.rules.magic-number]
            allowed = [0, 1, 500, 1000]
            maximum = 3
            """.write(to: project.appendingPathComponent("pyproject.toml"), atomically: true, encoding: .utf8)
        let run = try smelt(["check", "--output-format", "json"])
        XCTAssertTrue(run.stderr.contains("unknown key `tool.smelt.colour`"), run.stderr)
        XCTAssertTrue(run.stderr.contains("tool.smelt.rules.magic-number.maximum"), run.stderr)
        let findings = try json(run)
        XCTAssertFalse(findings.contains { $0["code"] as? String == "SM403" })
        XCTAssertFalse(findings.contains { ($0["path"] as! String).hasPrefix("notebooks/") })
        XCTAssertFalse(findings.contains { $0["path"] as? String == "messy.py" && $0["code"] as? String == "SM105" })
        XCTAssertFalse(findings.contains { $0["path"] as? String == "messy.py" && $0["code"] as? String == "SM107" })
        XCTAssertTrue(findings.contains { $0["path"] as? String == "crlf.py" && $0["code"] as? String == "SM105" })
    }

    func testIsolatedIgnoresConfiguration() throws {
        try "[tool.smelt]\nignore = [\"ALL\"]\n".write(to: project.appendingPathComponent("pyproject.toml"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try smelt(["check", "messy.py"]).status, 0, "everything ignored by the configuration")
        XCTAssertEqual(try smelt(["check", "--isolated", "messy.py"]).status, 1)
    }

    func testInvalidConfigurationExitsTwo() throws {
        try "[tool.smelt\nselect = 1\n".write(to: project.appendingPathComponent("pyproject.toml"), atomically: true, encoding: .utf8)
        let run = try smelt(["check"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("pyproject.toml"), run.stderr)
    }

    func testGitignoreIsHonoured() throws {
        try FileManager.default.createDirectory(at: project.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try "messy.py\nnotebooks/\n".write(to: project.appendingPathComponent(".gitignore"), atomically: true, encoding: .utf8)
        let findings = try json(try smelt(["check", "--output-format", "json"]))
        XCTAssertFalse(findings.contains { $0["path"] as? String == "messy.py" })
        XCTAssertFalse(findings.contains { ($0["path"] as! String).hasPrefix("notebooks/") })
        XCTAssertTrue(findings.contains { $0["path"] as? String == "analysis.ipynb" })
    }

    func testStatistics() throws {
        let run = try smelt(["check", "--statistics", "messy.py"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stdout.contains("SM101  display-clutter"), run.stdout)
        XCTAssertFalse(run.stdout.contains("refactoring:"))
    }

    func testRulesCommands() throws {
        let list = try smelt(["rules", "--output-format", "json"])
        XCTAssertEqual(list.status, 0)
        let rules = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [[String: Any]]
        let codes = rules.map { $0["code"] as! String }
        XCTAssertEqual(Set(codes).count, codes.count, "unique codes")
        XCTAssertTrue(codes.contains("SM101") && codes.contains("SM901"))
        XCTAssertEqual(Set(rules.first!.keys), ["code", "slug", "name", "category", "severity", "summary", "refactoring", "fix"])
        let doc = try smelt(["rule", "magic-number"])
        XCTAssertEqual(doc.status, 0)
        for section in ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Refactoring", "## Options", "## References"] {
            XCTAssertTrue(doc.stdout.contains(section), "missing \(section)")
        }
        let unknown = try smelt(["rule", "SM999"])
        XCTAssertEqual(unknown.status, 2)
    }

    func testRuleDocumentationIsUpToDate() throws {
        let generated = project.appendingPathComponent("generated-docs")
        XCTAssertEqual(try smelt(["rules", "--write-docs", generated.path]).status, 0)
        let committed = Self.repositoryRoot.appendingPathComponent("docs/rules")
        let names = try FileManager.default.contentsOfDirectory(atPath: generated.path).sorted()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: committed.path).sorted(), names,
                       "docs/rules has other files than the rules: run `make docs`")
        XCTAssertTrue(names.contains("README.md") && names.contains("SM101-display-clutter.md"))
        for name in names {
            let fresh = try String(contentsOf: generated.appendingPathComponent(name), encoding: .utf8)
            let old = try? String(contentsOf: committed.appendingPathComponent(name), encoding: .utf8)
            XCTAssertEqual(fresh, old, "docs/rules/\(name) is stale: run `make docs`")
        }
    }

    func testUsageErrorsExitTwo() throws {
        for args in [["check", "--bogus"], ["check", "--output-format", "xml"], ["bogus"]] {
            let run = try smelt(args)
            XCTAssertEqual(run.status, 2, "\(args): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("Error") || run.stderr.contains("error"), run.stderr)
        }
        XCTAssertEqual(try smelt(["check", "--help"]).status, 0)
    }

    func testSuppressionsMustBeComments() throws {
        try write("print(\"progress: # noqa \", 1)\nx = \"\"\"\n# smelt: ignore-file\n\"\"\"\n", "strings.py")
        let findings = try json(try smelt(["check", "--output-format", "json", "--select", "SM101", "strings.py"]))
        XCTAssertEqual(findings.count, 1, "\(findings)")
    }

    func testNonPythonNotebookIsNotLintedAsPython() throws {
        try write("""
            {"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
              "source": ["f <- function(a) { a }\\n", "if (x > 5) { print(x) }"]}],
             "metadata": {"kernelspec": {"language": "R", "name": "ir"}, "language_info": {"name": "R"}},
             "nbformat": 4, "nbformat_minor": 5}
            """, "r.ipynb")
        // Notebook-level rules (title, execution order) still apply; nothing reads the cells as Python.
        let run = try smelt(["check", "--output-format", "concise", "r.ipynb"])
        XCTAssertFalse(run.stdout.contains("SM210") || run.stdout.contains("SM107") || run.stdout.contains("SM111"), run.stdout)
    }

    func testConfigurationIsFoundFromTheLintedPath() throws {
        try write("[tool.smelt]\nignore = [\"SM101\"]\n", "sub/pyproject.toml")
        try write("print(1)\n", "sub/a.py")
        let run = try smelt(["check", "--output-format", "json", "--ignore", "SM9", project.appendingPathComponent("sub").path],
                            in: FileManager.default.temporaryDirectory)
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
    }

    func testInvalidFilesShowEvenWithSelect() throws {
        let findings = try json(try smelt(["check", "--output-format", "json", "--select", "SM101", "notebooks/truncated.ipynb", "messy.py"]))
        XCTAssertTrue(findings.contains { $0["code"] as? String == "SM000" })
        let ignored = try json(try smelt(["check", "--output-format", "json", "--ignore", "invalid-file", "notebooks/truncated.ipynb"]))
        XCTAssertTrue(ignored.isEmpty)
    }

    func testChainedReadsAreInformation() throws {
        try write("import pandas as pd\ndf = pd.read_csv('x')\na = df['a']['b']\ndf['a'][0] = 1\n", "chain.py")
        let findings = try json(try smelt(["check", "--output-format", "json", "--select", "SM304", "chain.py"]))
        XCTAssertEqual(findings.map { $0["severity"] as! String }, ["info", "warning"])
    }

    func testMissingPathPrintsNoAllClear() throws {
        let run = try smelt(["check", "nope.py"])
        XCTAssertEqual(run.status, 2)
        XCTAssertFalse(run.stdout.contains("All checks passed"), run.stdout)
    }

    /// A cleaning step copied from a module into a training script and a notebook: each copy
    /// is reported where it is, naming another; `# noqa: SM109` and `--ignore` silence them.
    func testDuplicatedCodeAcrossFiles() throws {
        let steps = """
                df = pd.read_csv(path)
                df = df.dropna(subset=["target"])
                df["amount"] = df["amount"].clip(lower=0)
                df["log_amount"] = np.log1p(df["amount"])
                features = df.drop(columns=["target"])
                return features, df["target"]
            """
        try write("import numpy as np\nimport pandas as pd\n\n\ndef load(path):\n" + steps + "\n", "shared/features.py")
        try write("import numpy as np\nimport pandas as pd\n\n\ndef prepare(path):\n"
                  + steps.replacingOccurrences(of: "df", with: "data").replacingOccurrences(of: "target", with: "label") + "\n",
                  "shared/train.py")
        let cell: [String: Any] = ["cell_type": "code", "execution_count": 1, "metadata": [String: Any](), "outputs": [Any](),
                                   "source": "import numpy as np\nimport pandas as pd\n\ndef read(path):\n" + steps]
        let nb: [String: Any] = ["cells": [cell], "metadata": [String: Any](), "nbformat": 4, "nbformat_minor": 5]
        try String(decoding: try JSONSerialization.data(withJSONObject: nb, options: [.prettyPrinted]), as: UTF8.self)
            .write(to: project.appendingPathComponent("shared/explore.ipynb"), atomically: true, encoding: .utf8)

        let run = try smelt(["check", "--output-format", "json", "--select", "SM109", "shared"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let findings = try json(run)
        let described = findings.map { f -> String in
            let start = f["start"] as! [String: Int]
            return "\(f["path"] as! String):\(start["line"]!) \(f["message"] as! String)"
        }
        XCTAssertEqual(described.count, 3, "\(described)")
        XCTAssertTrue(described[0].hasPrefix("shared/explore.ipynb:"), described[0])
        XCTAssertTrue(described[0].hasSuffix("Cell 1 lines 5–10 duplicate `shared/features.py` lines 6–11 (and 1 more copy in other files)"), described[0])
        XCTAssertEqual(Array(described[1...]), [
            "shared/features.py:6 Lines 6–11 duplicate `shared/explore.ipynb` cell 1 lines 5–10 (and 1 more copy in other files)",
            "shared/train.py:6 Lines 6–11 duplicate `shared/explore.ipynb` cell 1 lines 5–10 (and 1 more copy in other files)",
        ])
        XCTAssertTrue(findings.allSatisfy { ($0["refactoring"] as! String).contains("in a shared module") })
        // The notebook finding points into the raw .ipynb text, at the copied line.
        let raw = try String(contentsOf: project.appendingPathComponent("shared/explore.ipynb"), encoding: .utf8)
        let line = raw.components(separatedBy: "\n")[(findings[0]["start"] as! [String: Int])["line"]! - 1]
        XCTAssertTrue(line.contains("df = pd.read_csv(path)"), line)

        // A suppressed copy is not reported but still counts as a copy for the others.
        let source = try String(contentsOf: project.appendingPathComponent("shared/train.py"), encoding: .utf8)
        try write(source.replacingOccurrences(of: "data = pd.read_csv(path)", with: "data = pd.read_csv(path)  # noqa: SM109"),
                  "shared/train.py")
        let suppressed = try json(try smelt(["check", "--output-format", "json", "--select", "SM109", "shared"]))
        XCTAssertEqual(suppressed.map { $0["path"] as! String }, ["shared/explore.ipynb", "shared/features.py"])
        XCTAssertTrue(try json(try smelt(["check", "--output-format", "json", "--select", "SM1", "--ignore", "SM109", "shared"]))
            .allSatisfy { $0["code"] as? String != "SM109" })
    }

    /// Third-party imports that no manifest declares are reported on the manifest.
    func testUndeclaredDependencies() throws {
        try write("import pandas as pd\nimport xgboost as xgb\nfrom sklearn.metrics import f1_score\nimport features\n", "ml/train.py")
        try write("import numpy as np\n", "ml/features.py")
        try write("pandas==2.2.2\nnumpy==2.0.1\n", "ml/requirements.txt")
        let findings = try json(try smelt(["check", "--output-format", "json", "--select", "SM904", "ml"]))
        XCTAssertEqual(findings.map { $0["path"] as! String }, ["ml/requirements.txt"])
        XCTAssertEqual(findings.first?["message"] as? String,
                       "`xgboost` (train.py), `sklearn` (train.py) are imported but not declared in `requirements.txt`")
        try write("pandas==2.2.2\nnumpy==2.0.1\nxgboost==2.1.0\nscikit-learn==1.5.1\n", "ml/requirements.txt")
        XCTAssertTrue(try json(try smelt(["check", "--output-format", "json", "--select", "SM904", "ml"])).isEmpty)
    }
}

final class CoverageDocumentTests: SmeltTestCase {
    /// Every rule code docs/coverage.md names exists, with the slug written beside it.
    func testCoverageNamesRealRules() throws {
        let text = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("docs/coverage.md"), encoding: .utf8)
        let run = try smelt(["rules", "--output-format", "json"])
        let rules = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [[String: Any]]
        var slugs: [String: String] = [:]
        for r in rules { slugs[r["code"] as! String] = r["slug"] as? String }
        let regex = try NSRegularExpression(pattern: "(SM[0-9]{3}) ([a-z-]+)")
        let matches = regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
        XCTAssertGreaterThan(matches.count, 60)
        for m in matches {
            let code = String(text[Range(m.range(at: 1), in: text)!])
            let slug = String(text[Range(m.range(at: 2), in: text)!])
            XCTAssertEqual(slugs[code], slug, "docs/coverage.md names \(code) \(slug)")
        }
    }
}

/// Realistic messy ML files with the findings expected of them listed beside them
/// (`<file>.expected`, reviewed by hand): smelt must find exactly those.
final class RealisticFixturesTests: XCTestCase {
    func testRealisticFilesGiveExactlyTheExpectedFindings() throws {
        let folder = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/realistic")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasSuffix(".expected") }.sorted()
        XCTAssertEqual(names, ["clean_transactions.py", "loan_defaults.ipynb", "train_mnist.py"])
        for name in names {
            let process = Process()
            process.executableURL = SmeltTestCase.binary
            process.arguments = ["check", "--isolated", "--output-format", "concise", "--ignore", "SM9", "--quiet", name]
            process.currentDirectoryURL = folder
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let actual = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let expected = try String(contentsOf: folder.appendingPathComponent(name + ".expected"), encoding: .utf8)
            XCTAssertEqual(actual, expected, "\(name): findings differ from \(name).expected")
            XCTAssertGreaterThan(expected.split(separator: "\n").count, 5)
        }
    }
}

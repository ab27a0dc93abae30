import Foundation
import XCTest

/// `smelt check --fix` and `--diff` on the fixture project: what changes, what must not.
final class FixTests: SmeltTestCase {
    func fileBytes(_ name: String) throws -> Data { try Data(contentsOf: project.appendingPathComponent(name)) }
    func fileText(_ name: String) throws -> String { String(decoding: try fileBytes(name), as: UTF8.self) }
    func writeFile(_ text: String, _ name: String) throws {
        try Data(text.utf8).write(to: project.appendingPathComponent(name))
    }

    /// Every file of the project, by relative path.
    func snapshot() throws -> [String: Data] {
        var out: [String: Data] = [:]
        let root = project.path
        for case let path as String in FileManager.default.enumerator(atPath: root)! {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { out[path] = try Data(contentsOf: URL(fileURLWithPath: root + "/" + path)) }
        }
        return out
    }

    func testDiffShowsTheFixesAndWritesNothing() throws {
        let before = try snapshot()
        let run = try smelt(["check", "--diff", "--select", "SM105"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stdout.contains("--- a/messy.py\n+++ b/messy.py\n@@ -1,"), run.stdout)
        XCTAssertTrue(run.stdout.contains("\n-import os\n"), run.stdout)
        // Notebooks: one diff per cell, numbered like the findings.
        XCTAssertTrue(run.stdout.contains("--- a/analysis.ipynb:cell 2\n+++ b/analysis.ipynb:cell 2\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("\n-import numpy as np\n"), run.stdout)
        XCTAssertFalse(run.stdout.contains("SM105"), "only the diff goes to stdout")
        XCTAssertTrue(run.stderr.contains("Would fix"), run.stderr)
        XCTAssertEqual(try snapshot(), before, "--diff must not write")
        // The diff applies with `patch` to give what --fix writes.
        let fixed = try smelt(["check", "--fix", "--select", "SM105", "messy.py"])
        XCTAssertEqual(fixed.status, 0, fixed.stdout + fixed.stderr)
        XCTAssertFalse(try fileText("messy.py").contains("import os\n"))
    }

    func testNoFixesMeansExitZeroForDiff() throws {
        let run = try smelt(["check", "--diff", "--select", "SM105", "clean.py"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "")
        XCTAssertTrue(run.stderr.contains("No fixes available"), run.stderr)
    }

    func testFixingANotebookChangesOnlyTheEditedCellsSource() throws {
        let before = try fileBytes("analysis.ipynb")
        let run = try smelt(["check", "--fix", "--select", "SM105", "analysis.ipynb"])
        XCTAssertTrue(run.stdout.contains("Fixed 1 finding in 1 file."), run.stdout)
        let after = try fileBytes("analysis.ipynb")
        XCTAssertNotEqual(before, after)
        // The bytes differ only inside cell 2's source list.
        let old = [UInt8](before), new = [UInt8](after)
        var prefix = 0
        while prefix < min(old.count, new.count), old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(old.count, new.count) - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let text = String(decoding: before, as: UTF8.self)
        let listStart = text.utf8.distance(from: text.startIndex, to: text.range(of: "\"%matplotlib inline\\n\",")!.lowerBound)
        let listEnd = text.utf8.distance(from: text.startIndex, to: text.range(of: "\"ls\\n\"\n   ],\n   \"id\": \"imports\"")!.upperBound)
        XCTAssertGreaterThanOrEqual(prefix, listStart)
        XCTAssertGreaterThanOrEqual(old.count - suffix, prefix)
        XCTAssertLessThanOrEqual(old.count - suffix, listEnd)
        XCTAssertEqual(String(decoding: new[prefix..<(new.count - suffix)], as: UTF8.self), "",
                       "removing a line only deletes bytes")
        XCTAssertEqual(String(decoding: old[prefix..<(old.count - suffix)], as: UTF8.self), "import numpy as np\\n\",\n    \"")
        // Still a notebook Jupyter can read, with the same structure.
        let a = try JSONSerialization.jsonObject(with: before) as! [String: Any]
        let b = try JSONSerialization.jsonObject(with: after) as! [String: Any]
        XCTAssertEqual((a["cells"] as! [Any]).count, (b["cells"] as! [Any]).count)
    }

    func testFixTwiceEqualsFixOnce() throws {
        let first = try smelt(["check", "--fix", "--unsafe-fixes"])
        XCTAssertTrue(first.stdout.contains("Fixed "), first.stdout)
        let once = try snapshot()
        let second = try smelt(["check", "--fix", "--unsafe-fixes"])
        XCTAssertEqual(try snapshot(), once, "a second --fix changed files")
        XCTAssertFalse(second.stdout.contains("Fixed "), second.stdout)
        // What remains is what a plain check reports.
        let check = try smelt(["check"])
        XCTAssertEqual(check.stdout.split(separator: "\n").last, second.stdout.split(separator: "\n").last)
    }

    /// The messy fixtures: fixing twice equals fixing once, every result still parses (no
    /// syntax-error finding appears), and notebooks stay valid JSON.
    func testFixIsIdempotentOnTheRealisticFixtures() throws {
        let folder = project.appendingPathComponent("realistic")
        try FileManager.default.copyItem(at: Bundle.module.resourceURL!.appendingPathComponent("Fixtures/realistic"), to: folder)
        for name in ["clean_transactions.py.expected", "loan_defaults.ipynb.expected", "train_mnist.py.expected"] {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        let before = try smelt(["check", "--isolated", "--output-format", "concise", "realistic"])
        XCTAssertFalse(before.stdout.contains("SM210"), before.stdout)
        _ = try smelt(["check", "--isolated", "--fix", "--unsafe-fixes", "realistic"])
        let once = try snapshot()
        let again = try smelt(["check", "--isolated", "--fix", "--unsafe-fixes", "realistic"])
        XCTAssertEqual(try snapshot(), once, "a second --fix changed files")
        XCTAssertFalse(again.stdout.contains("Fixed "), again.stdout)
        let after = try smelt(["check", "--isolated", "--output-format", "concise", "realistic"])
        XCTAssertFalse(after.stdout.contains("SM210"), "a fix broke the syntax: \(after.stdout)")
        XCTAssertFalse(after.stdout.contains("SM000"), after.stdout)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: fileBytes("realistic/loan_defaults.ipynb")))
    }

    func testFixLeavesBrokenAndUndecodableFilesAlone() throws {
        let before = try snapshot()
        let run = try smelt(["check", "--fix", "syntax_error.py", "latin1_undeclared.py", "notebooks/truncated.ipynb"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(try snapshot(), before)
    }

    func testFixKeepsLineEndingsByteOrderMarkAndPermissions() throws {
        let before = try fileBytes("crlf.py")
        XCTAssertTrue(String(decoding: before, as: UTF8.self).contains("\r\n"))
        try writeFile("\u{FEFF}import os\nimport sys\nprint(sys.argv)\n", "bom.py")
        let script = project.appendingPathComponent("bom.py").path
        try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: script)
        let run = try smelt(["check", "--fix", "--select", "SM105", "crlf.py", "bom.py"])
        XCTAssertTrue(run.stdout.contains("Fixed 2 findings in 2 files."), run.stdout)
        XCTAssertEqual(try fileText("crlf.py"), "print(\"crlf\")\r\n")
        XCTAssertEqual(try fileBytes("bom.py"), Data("\u{FEFF}import sys\nprint(sys.argv)\n".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: script)[.posixPermissions] as! Int
        XCTAssertEqual(mode, 0o750)
        // No temporary file is left behind.
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: project.path).contains { $0.contains(".smelt-") })
    }

    func testFixFollowsASymbolicLinkAndKeepsIt() throws {
        try writeFile("import os\nimport sys\nprint(sys.argv)\n", "real.py")
        try FileManager.default.createSymbolicLink(atPath: project.appendingPathComponent("link.py").path, withDestinationPath: "real.py")
        _ = try smelt(["check", "--fix", "--select", "SM105", "link.py"])
        XCTAssertEqual(try fileText("real.py"), "import sys\nprint(sys.argv)\n")
        let kind = try FileManager.default.attributesOfItem(atPath: project.appendingPathComponent("link.py").path)[.type] as? FileAttributeType
        XCTAssertEqual(kind, .typeSymbolicLink)
    }

    func testNonUTF8ScriptsAreNotRewritten() throws {
        var latin1 = Data("# -*- coding: latin-1 -*-\nimport os\ns = '".utf8)
        latin1.append(0xE9)
        latin1.append(contentsOf: Array("'\n".utf8))
        try latin1.write(to: project.appendingPathComponent("legacy.py"))
        let run = try smelt(["check", "--fix", "--select", "SM105", "legacy.py"])
        XCTAssertEqual(try fileBytes("legacy.py"), latin1)
        XCTAssertTrue(run.stderr.contains("legacy.py: fixes not applied: the file is not UTF-8"), run.stderr)
        XCTAssertEqual(run.status, 1, "the finding remains")
    }

    func testExitCodeReflectsWhatRemains() throws {
        try writeFile("import os\nimport sys\nprint(sys.argv)\n", "only_unused.py")
        let run = try smelt(["check", "--fix", "--select", "SM105", "only_unused.py"])
        XCTAssertEqual(run.status, 0, run.stdout)
        XCTAssertTrue(run.stdout.contains("All checks passed!"), run.stdout)
    }

    func testFixOptionsThatDoNotGoTogether() throws {
        let unsafeAlone = try smelt(["check", "--unsafe-fixes"])
        XCTAssertEqual(unsafeAlone.status, 2)
        XCTAssertTrue(unsafeAlone.stderr.contains("`--unsafe-fixes` needs `--fix` or `--diff`"), unsafeAlone.stderr)
        let withBaseline = try smelt(["check", "--fix", "--baseline", "b.json"])
        XCTAssertEqual(withBaseline.status, 2)
        XCTAssertTrue(withBaseline.stderr.contains("cannot be combined with `--baseline`"), withBaseline.stderr)
    }

    func testJSONCarriesTheFix() throws {
        let run = try smelt(["check", "--output-format", "json", "--select", "SM105", "analysis.ipynb"])
        let finding = try json(run).first!
        let fix = finding["fix"] as! [String: Any]
        XCTAssertEqual(fix["applicability"] as? String, "safe")
        XCTAssertEqual(fix["message"] as? String, "Remove unused import `numpy as np`")
        let edit = (fix["edits"] as! [[String: Any]]).first!
        XCTAssertEqual(edit["content"] as? String, "")
        XCTAssertEqual((edit["cell"] as! [String: Any])["number"] as? Int, 2)
        XCTAssertEqual((edit["cell"] as! [String: Any])["start"] as? [String: Int], ["line": 3, "column": 1])
        // The raw position is the line's place in the .ipynb text.
        XCTAssertEqual((edit["start"] as? [String: Int])?["line"], 19)
    }
}

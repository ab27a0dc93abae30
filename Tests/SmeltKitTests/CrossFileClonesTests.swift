import Foundation
import SmeltRules
import SmeltSyntax
import XCTest
@testable import SmeltKit

/// The cross-file pass of duplicated code (SM109).
final class CrossFileClonesTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("smelt-clones-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    /// The same cleaning steps with other names and values, in a function of its own.
    private func cleaning(_ name: String, _ frame: String, _ column: String, noqa: Bool = false) -> String {
        """
        import numpy as np
        import pandas as pd


        def \(name)(path):
            \(frame) = pd.read_csv(path)\(noqa ? "  # noqa: SM109" : "")
            \(frame) = \(frame).dropna(subset=["\(column)"])
            \(frame)["amount"] = \(frame)["amount"].clip(lower=0)
            \(frame)["log_amount"] = np.log1p(\(frame)["amount"])
            features = \(frame).drop(columns=["\(column)"])
            return features, \(frame)["\(column)"]

        """
    }

    private func write(_ text: String, _ name: String) throws -> DiscoveredFile {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return DiscoveredFile(path: url.path, kind: name.hasSuffix(".ipynb") ? .notebook : .python)
    }

    private var sm109: Int { RuleRegistry.all.firstIndex { $0.description.code == "SM109" }! }

    private func settings(minStatements: Int = 4, perFileIgnores: [(pattern: GlobPattern, rules: Set<Int>)] = []) -> LintSettings {
        let options = RuleOptions(["min-statements": .int(minStatements)], defaults: DuplicatedCode.description.options)
        var settings = LintSettings(rules: RuleSet([(sm109, DuplicatedCode(options: options))]), perFileIgnores: perFileIgnores,
                                    root: dir.path, reportInvalidFiles: false)
        settings.repositoryRoot = dir.path
        return settings
    }

    private func crossFile(_ result: LintResult) -> [ReportedFinding] {
        result.findings.filter { $0.message.contains(" duplicate `") }
    }

    func testCopiesInDifferentFilesAreReportedInEachFile() throws {
        let a = try write(cleaning("load_loans", "loans", "default"), "loans.py")
        let b = try write(cleaning("load_people", "people", "churned"), "people.py")
        let unrelated = try write("import os\n\nprint(os.getcwd())\n", "other.py")
        let result = Linter.lint([a, b, unrelated], settings: settings())
        let found = crossFile(result)
        XCTAssertEqual(found.map { URL(fileURLWithPath: $0.path).lastPathComponent }, ["loans.py", "people.py"])
        XCTAssertEqual(found.map(\.message), ["Lines 6–11 duplicate `\(b.path)` lines 6–11",
                                              "Lines 6–11 duplicate `\(a.path)` lines 6–11"])
        XCTAssertEqual(found.map(\.position.start.line), [6, 6])
        XCTAssertEqual(found.map(\.position.end.line), [11, 11])
        XCTAssertTrue(found.allSatisfy { $0.code == "SM109" && $0.refactoring.contains("shared module") }, "\(found.map(\.refactoring))")
        XCTAssertEqual(Set(found.map(\.fingerprint)).count, 2)
        XCTAssertTrue(found.allSatisfy { !$0.fingerprint.isEmpty && !$0.repositoryPath.isEmpty })
        // The same answer whatever the order the threads finish in.
        for _ in 0..<3 {
            XCTAssertEqual(crossFile(Linter.lint([a, b, unrelated], settings: settings())).map(\.message), found.map(\.message))
        }
    }

    func testSuppressionsIgnoresTestsAndMinimumSize() throws {
        let a = try write(cleaning("load_loans", "loans", "default"), "loans.py")
        let b = try write(cleaning("load_people", "people", "churned", noqa: true), "people.py")
        let c = try write(cleaning("load_cars", "cars", "sold"), "cars.py")
        let test = try write(cleaning("fixture", "frame", "label"), "test_cleaning.py")
        // b's copy is silenced but still named; the test module is left out.
        let found = crossFile(Linter.lint([a, b, c, test], settings: settings()))
        XCTAssertEqual(found.map { URL(fileURLWithPath: $0.path).lastPathComponent }, ["loans.py", "cars.py"])
        XCTAssertEqual(found.first?.message, "Lines 6–11 duplicate `\(b.path)` lines 6–11 (and 1 more copy in other files)")
        // A file whose per-file ignores drop SM109 takes no part.
        let ignoring = settings(perFileIgnores: [(try GlobPattern("people.py"), [sm109])])
        let rest = crossFile(Linter.lint([a, b, c], settings: ignoring))
        XCTAssertEqual(rest.map(\.message), ["Lines 6–11 duplicate `\(c.path)` lines 6–11", "Lines 6–11 duplicate `\(a.path)` lines 6–11"])
        // Runs shorter than `min-statements` are not copies.
        XCTAssertEqual(crossFile(Linter.lint([a, c], settings: settings(minStatements: 7))).count, 0)
    }

    func testOnlyWhenSelectedAndNoPairTwice() throws {
        let a = try write(cleaning("load_loans", "loans", "default") + "\n" + cleaning("load_more", "more", "x"), "twice.py")
        let b = try write(cleaning("load_people", "people", "churned"), "people.py")
        let result = Linter.lint([a, b], settings: settings())
        // The pair within twice.py is the per-file check's; each copy there names only people.py.
        let inFile = result.findings.filter { $0.message.contains("repeated in 2 places") }
        XCTAssertEqual(inFile.count, 2)
        let found = crossFile(result)
        XCTAssertEqual(found.count, 3)
        XCTAssertEqual(found.filter { $0.path == a.path }.map(\.message).allSatisfy { $0.contains("people.py") }, true)
        XCTAssertEqual(found.filter { $0.path == b.path }.map(\.message),
                       ["Lines 6–11 duplicate `\(a.path)` lines 6–11 (and 1 more copy in other files)"])
        // No fingerprint is shared by an in-file and a cross-file finding on the same lines.
        XCTAssertEqual(Set(result.findings.map(\.fingerprint)).count, result.findings.count)
        // Another rule only: no pass.
        let unused = RuleRegistry.all.firstIndex { $0.description.code == "SM105" }!
        let other = LintSettings(rules: RuleSet([(unused, RuleRegistry.all[unused].init(options: RuleOptions(defaults: [])))]))
        XCTAssertNil(CrossFileClones.Options(other.rules))
        XCTAssertTrue(crossFile(Linter.lint([a, b], settings: other)).isEmpty)
    }

    func testNotebookCopiesNameTheirCells() throws {
        let body = cleaning("load_loans", "loans", "default")
        let cell: [String: Any] = ["cell_type": "code", "execution_count": NSNull(), "metadata": [String: Any](),
                                   "outputs": [Any](), "source": "print('hello')"]
        let copy: [String: Any] = ["cell_type": "code", "execution_count": NSNull(), "metadata": [String: Any](),
                                   "outputs": [Any](), "source": body.replacingOccurrences(of: "loans", with: "frame")]
        let nb: [String: Any] = ["cells": [cell, copy], "metadata": [String: Any](), "nbformat": 4, "nbformat_minor": 5]
        let url = dir.appendingPathComponent("explore.ipynb")
        try JSONSerialization.data(withJSONObject: nb).write(to: url)
        let notebook = DiscoveredFile(path: url.path, kind: .notebook)
        let script = try write(body, "loans.py")
        let found = crossFile(Linter.lint([notebook, script], settings: settings()))
        XCTAssertEqual(found.map(\.message), ["Cell 2 lines 6–11 duplicate `\(script.path)` lines 6–11",
                                              "Lines 6–11 duplicate `\(url.path)` cell 2 lines 6–11"])
        XCTAssertEqual(found.first?.position.cell?.number, 2)
    }

    func testIdiomsAndNestedCopiesAreLeftOut() throws {
        // Four statements of one shape: a list, not logic to extract.
        let list = "def parse(h):\n    a = func(h[0:4])\n    b = func(h[4:8])\n    c = func(h[8:12])\n    d = func(h[12:16])\n    return a, b, c, d\n"
        let x = try write(list, "x.py")
        let y = try write(list.replacingOccurrences(of: "func", with: "unpack"), "y.py")
        XCTAssertTrue(crossFile(Linter.lint([x, y], settings: settings())).isEmpty)
        // A copied class: its methods' bodies are inside the class's copy.
        let methods = (1...4).map { i in
            "    def step\(i)(self, df):\n        df = df.dropna()\n        df = df.assign(x\(i)=df.a * \(i))\n        self.log(df.shape)\n        self.frames.append(df)\n        return df.describe()\n"
        }.joined(separator: "\n")
        let p = try write("class A:\n" + methods, "p.py")
        let q = try write("class B:\n" + methods, "q.py")
        let found = crossFile(Linter.lint([p, q], settings: settings()))
        XCTAssertEqual(found.map(\.message), ["Lines 2–28 duplicate `\(q.path)` lines 2–28", "Lines 2–28 duplicate `\(p.path)` lines 2–28"])
    }
}

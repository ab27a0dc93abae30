import Foundation
import SmeltRules
import SmeltSyntax
import XCTest
@testable import SmeltKit

/// Every rule's triggering examples are silenced by `# noqa: CODE` on the flagged lines,
/// in a script and in a notebook cell.
final class NoqaForEveryRuleTests: XCTestCase {
    func testNoqaSuppressesEveryRule() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("smelt-noqa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let parser = try Parser()
        var checked = 0
        for (index, type) in RuleRegistry.all.enumerated() {
            let d = type.description
            let rule = type.init(options: RuleOptions(defaults: d.options))
            if rule is any ProjectRule || index == RuleRegistry.invalidFileIndex { continue }
            for (n, example) in d.triggering.enumerated() where example.cells.count == 1 && !example.cells[0].isMarkdown {
                let source = example.cells[0].source
                // Appending a comment inside a string or after a line continuation would change the code.
                if source.contains("\"\"\"") || source.contains("'''") || source.contains("\\\n") || source.contains("\0") { continue }
                var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                var marked = false
                for i in lines.indices where lines[i].contains("↓") {
                    lines[i] = lines[i].replacingOccurrences(of: "↓", with: "") + "  # noqa: \(d.code)"
                    marked = true
                }
                guard marked else { continue }
                let suppressed = lines.joined(separator: "\n")
                let options = RuleOptions(example.options, defaults: d.options)
                let settings = LintSettings(rules: RuleSet([(index, type.init(options: options))]), reportInvalidFiles: false)
                let label = "\(d.code) triggering #\(n + 1)"
                if example.context != .notebookOnly, d.appliesTo != .notebookOnly {
                    let file = dir.appendingPathComponent("\(d.code)-\(n).py")
                    try suppressed.write(to: file, atomically: true, encoding: .utf8)
                    let findings = Linter.lintFile(DiscoveredFile(path: file.path, kind: .python), settings: settings, parser: parser)
                    XCTAssertEqual(findings.map(\.code), [], "\(label) as a script: \(findings.map(\.message))")
                    checked += 1
                }
                if example.context != .scriptOnly, d.appliesTo != .scriptOnly {
                    let cell: [String: Any] = ["cell_type": "code", "execution_count": NSNull(), "metadata": [String: Any](),
                                               "outputs": [Any](), "source": suppressed]
                    let nb: [String: Any] = ["cells": [cell], "metadata": [String: Any](), "nbformat": 4, "nbformat_minor": 5]
                    let file = dir.appendingPathComponent("\(d.code)-\(n).ipynb")
                    try JSONSerialization.data(withJSONObject: nb).write(to: file)
                    let findings = Linter.lintFile(DiscoveredFile(path: file.path, kind: .notebook), settings: settings, parser: parser)
                    XCTAssertEqual(findings.map(\.code), [], "\(label) as a notebook: \(findings.map(\.message))")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 20)
    }
}

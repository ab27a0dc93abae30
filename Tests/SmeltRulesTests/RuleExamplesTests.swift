import Foundation
import SmeltAnalysis
import SmeltSyntax
import XCTest
@testable import SmeltRules

/// Every rule's description is its documentation and its tests: this runs every example of
/// every rule, as a script and as a notebook, and checks that the documentation is complete.
final class RuleExamplesTests: XCTestCase {
    /// Rules whose findings come only from the engine, not from source (none today: SM000's
    /// unreadable-file findings are tested end to end, its deep-nesting finding here).
    let engineRules: Set<String> = []

    func testEveryRuleIsDocumented() {
        var codes = Set<String>(), slugs = Set<String>()
        for type in RuleRegistry.all {
            let d = type.description
            XCTAssertTrue(codes.insert(d.code).inserted, "duplicate code \(d.code)")
            XCTAssertTrue(slugs.insert(d.slug).inserted, "duplicate slug \(d.slug)")
            XCTAssertNotNil(d.code.range(of: #"^SM[0-9]{3}$"#, options: .regularExpression), d.code)
            XCTAssertNotNil(d.slug.range(of: #"^[a-z]+(-[a-z]+)*$"#, options: .regularExpression), d.slug)
            let sections = ["name": d.name, "summary": d.summary, "what it does": d.whatItDoes, "why is this bad": d.whyIsThisBad,
                            "example": d.example, "use instead": d.useInstead, "refactoring": d.refactoring]
            for (section, text) in sections {
                XCTAssertFalse(text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(d.code) lacks \(section)")
            }
            XCTAssertFalse(d.references.isEmpty, "\(d.code) lacks references")
            let hundreds: [RuleCategory: Character] = [.file: "0", .cleanCode: "1", .notebook: "2", .dataHandling: "3",
                                                       .modelling: "4", .deepLearning: "5", .project: "9"]
            // long-cell and syntax-error are catalogued with their own groups' neighbours.
            if d.slug != "long-cell" && d.slug != "syntax-error" {
                XCTAssertEqual(Array(d.code)[2], hundreds[d.category], "\(d.code) is not in its category's hundred")
            }
            if !engineRules.contains(d.code) {
                XCTAssertFalse(d.triggering.isEmpty, "\(d.code) has no triggering example")
                XCTAssertFalse(d.nonTriggering.isEmpty, "\(d.code) has no non-triggering example")
            }
            for option in d.options { XCTAssertFalse(option.help.isEmpty, "\(d.code) option \(option.name) lacks help") }
        }
    }

    func testEveryExample() throws {
        let parser = try Parser()
        for (index, type) in RuleRegistry.all.enumerated() {
            let d = type.description
            for (n, example) in d.triggering.enumerated() {
                try check(example, rule: index, parser: parser, label: "\(d.code) triggering #\(n + 1)", expectFindings: true)
            }
            for (n, example) in d.nonTriggering.enumerated() {
                try check(example, rule: index, parser: parser, label: "\(d.code) non-triggering #\(n + 1)", expectFindings: false)
            }
        }
    }

    private func check(_ example: RuleExample, rule: Int, parser: Parser, label: String, expectFindings: Bool) throws {
        let type = RuleRegistry.all[rule]
        let options = RuleOptions(example.options, defaults: type.description.options)
        if let projectRule = type.init(options: options) as? any ProjectRule {
            // Project rules' examples are file trees; a triggering one starts with `↓`.
            let tree = example.cells[0].source
            XCTAssertEqual(tree.hasPrefix("↓"), expectFindings, "\(label): a triggering project example starts with ↓")
            let findings = projectRule.check(.example(String(tree.drop { $0 == "↓" })))
            if expectFindings {
                XCTAssertFalse(findings.isEmpty, "\(label): no finding")
            } else {
                XCTAssertTrue(findings.isEmpty, "\(label): \(findings.map(\.message))")
            }
            return
        }
        let rules = RuleSet([(rule, type.init(options: options))])
        let cells = example.cells.map { ExampleSource($0.source) }
        let expected = cells.enumerated().flatMap { i, c in c.markers.map { Mark(cell: i, location: $0) } }
        if expectFindings {
            XCTAssertFalse(expected.isEmpty, "\(label): a triggering example needs a ↓ marker")
        } else {
            XCTAssertTrue(expected.isEmpty, "\(label): a non-triggering example has a ↓ marker")
        }
        let runAsScript = example.context != .notebookOnly && example.cells.count == 1 && type.description.appliesTo != .notebookOnly
        let runAsNotebook = example.context != .scriptOnly && type.description.appliesTo != .scriptOnly
        XCTAssertTrue(runAsScript || runAsNotebook, "\(label) runs nowhere")
        if runAsScript {
            let doc = try Document.load(path: example.fileName ?? "example.py", bytes: Array(cells[0].text.utf8), isNotebook: false, parser: parser)
            let got = locate(rules.run(doc, parser: parser), in: doc)
            XCTAssertEqual(got, expected, "\(label) as a script: \(messages(rules.run(doc, parser: parser)))")
        }
        if runAsNotebook {
            let json = notebookJSON(example.cells, sources: cells.map(\.text))
            let doc = try Document.load(path: example.fileName ?? "example.ipynb", bytes: Array(json.utf8), isNotebook: true, parser: parser)
            let got = locate(rules.run(doc, parser: parser), in: doc)
            XCTAssertEqual(got, expected, "\(label) as a notebook: \(messages(rules.run(doc, parser: parser)))")
        }
    }

    private func messages(_ findings: [Finding]) -> String {
        findings.map(\.message).joined(separator: " | ")
    }

    struct Mark: Equatable, Comparable, CustomStringConvertible {
        let cell: Int
        let location: Location
        static func < (a: Mark, b: Mark) -> Bool { (a.cell, a.location) < (b.cell, b.location) }
        var description: String { "cell \(cell + 1) \(location)" }
    }

    /// Finding starts as (cell, location): for notebooks the cell is the notebook cell.
    private func locate(_ findings: [Finding], in doc: Document) -> [Mark] {
        findings.map { f in
            let unit = doc.units[f.unit]
            return Mark(cell: unit.cellIndex ?? 0, location: unit.text.location(ofByte: f.range.lowerBound))
        }.sorted()
    }

    private func notebookJSON(_ cells: [RuleExample.ExampleCell], sources: [String]) -> String {
        var items: [[String: Any]] = []
        for i in cells.indices {
            let cell = cells[i]
            var lines: [String] = sources[i].split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
            if let last = lines.last { lines[lines.count - 1] = String(last.dropLast()) }
            if lines.last == "" { lines.removeLast() }
            var item: [String: Any] = ["cell_type": cell.isMarkdown ? "markdown" : "code", "id": "c\(i)", "source": lines]
            item["metadata"] = cell.tags.isEmpty ? [String: Any]() : ["tags": cell.tags] as [String: Any]
            if !cell.isMarkdown {
                item["execution_count"] = cell.executionCount.map { $0 as Any } ?? NSNull()
                var outputs: [[String: Any]] = []
                for output in cell.outputs { outputs.append(exampleOutput(output, executionCount: cell.executionCount)) }
                item["outputs"] = outputs
            }
            items.append(item)
        }
        let nb: [String: Any] = ["cells": items, "metadata": [String: Any](), "nbformat": 4, "nbformat_minor": 5]
        let data = try! JSONSerialization.data(withJSONObject: nb, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}

private func exampleOutput(_ output: RuleExample.ExampleOutput, executionCount: Int?) -> [String: Any] {
    let text = String(repeating: "x", count: output.size)
    switch output.type {
    case "error":
        return ["output_type": "error", "ename": "ValueError", "evalue": text, "traceback": [String]()]
    case "stream":
        return ["output_type": "stream", "name": "stdout", "text": [text]]
    default:
        var o: [String: Any] = ["output_type": output.type, "data": ["text/plain": [text]], "metadata": [String: Any]()]
        if output.type == "execute_result" { o["execution_count"] = executionCount ?? 1 }
        return o
    }
}

/// Example source with its `↓` markers removed and their locations kept.
struct ExampleSource {
    let text: String
    let markers: [Location]

    init(_ marked: String) {
        var text = ""
        var markers: [Location] = []
        var line = 1, column = 1
        for scalar in marked.unicodeScalars {
            if scalar == "↓" {
                markers.append(Location(line: line, column: column))
                continue
            }
            text.unicodeScalars.append(scalar)
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        self.text = text
        self.markers = markers
    }
}

/// Every fix example: the rule's fixes turn `before` into `after` (as a script and as a
/// notebook), the result parses, and fixing `after` again changes nothing.
final class FixExamplesTests: XCTestCase {
    func testEveryFixExample() throws {
        let parser = try Parser()
        var count = 0
        for (index, type) in RuleRegistry.all.enumerated() {
            guard let fix = type.description.fix else { continue }
            XCTAssertFalse(fix.examples.isEmpty, "\(type.description.code) documents a fix without examples")
            XCTAssertFalse(fix.safety.isEmpty, "\(type.description.code) lacks fix safety")
            for (n, example) in fix.examples.enumerated() {
                let label = "\(type.description.code) fix #\(n + 1)"
                let rule = type.init(options: RuleOptions(example.options, defaults: type.description.options))
                let rules = RuleSet([(index, rule)])
                let asScript = example.context != .notebookOnly && example.before.count == 1 && type.description.appliesTo != .notebookOnly
                let asNotebook = example.context != .scriptOnly && type.description.appliesTo != .scriptOnly
                if asScript {
                    let (fixed, rounds) = try fixScript(example.before[0], rules, parser)
                    XCTAssertEqual(fixed, example.after[0], "\(label) as a script")
                    XCTAssertGreaterThan(rounds, 0, "\(label): no fix applied")
                    XCTAssertEqual(try fixScript(fixed, rules, parser).rounds, 0, "\(label) as a script is not idempotent")
                }
                if asNotebook {
                    let (fixed, rounds) = try fixNotebook(example.before, rules, parser)
                    XCTAssertEqual(fixed, example.after, "\(label) as a notebook")
                    XCTAssertGreaterThan(rounds, 0, "\(label): no fix applied in the notebook")
                    XCTAssertEqual(try fixNotebook(fixed, rules, parser).rounds, 0, "\(label) as a notebook is not idempotent")
                }
                count += 1
            }
        }
        XCTAssertGreaterThan(count, 0)
    }

    private func fixes(_ rules: RuleSet, _ doc: Document, _ parser: Parser) -> [Fix] {
        rules.run(doc, parser: parser).compactMap(\.fix)
    }

    private func fixScript(_ source: String, _ rules: RuleSet, _ parser: Parser) throws -> (String, rounds: Int) {
        var bytes = Array(source.utf8)
        for round in 0..<10 {
            let doc = try Document.load(path: "example.py", bytes: bytes, isNotebook: false, parser: parser)
            let result = FixRound.apply(fixes(rules, doc, parser), to: doc, parser: parser)
            XCTAssertTrue(result.dropped.isEmpty, "dropped fixes: \(result.dropped.map(\.reason))")
            guard result.changed, let new = result.sources[0] else { return (String(decoding: bytes, as: UTF8.self), round) }
            bytes = new
        }
        XCTFail("fixes did not settle in 10 rounds")
        return (String(decoding: bytes, as: UTF8.self), 10)
    }

    private func fixNotebook(_ cells: [String], _ rules: RuleSet, _ parser: Parser) throws -> ([String], rounds: Int) {
        let items: [[String: Any]] = cells.enumerated().map { i, source in
            ["cell_type": "code", "id": "c\(i)", "metadata": [String: Any](), "execution_count": i + 1, "outputs": [Any](),
             "source": Notebook.splitLines(source)]
        }
        let data = try JSONSerialization.data(withJSONObject: ["cells": items, "metadata": [String: Any](), "nbformat": 4, "nbformat_minor": 5],
                                              options: [.prettyPrinted, .sortedKeys])
        var bytes = [UInt8](data)
        for round in 0..<10 {
            let doc = try Document.load(path: "example.ipynb", bytes: bytes, isNotebook: true, parser: parser)
            let result = FixRound.apply(fixes(rules, doc, parser), to: doc, parser: parser)
            XCTAssertTrue(result.dropped.isEmpty, "dropped fixes: \(result.dropped.map(\.reason))")
            guard result.changed else { return (doc.units.map(\.original.string), round) }
            var sources: [Int: String] = [:]
            for (unit, new) in result.sources { sources[doc.units[unit].cellIndex!] = String(decoding: new, as: UTF8.self) }
            bytes = doc.notebook!.editedText(sources: sources, removing: Set(result.removedUnits.map { doc.units[$0].cellIndex! }))
        }
        XCTFail("fixes did not settle in 10 rounds")
        return ([], 10)
    }
}

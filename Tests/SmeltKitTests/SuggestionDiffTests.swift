import SmeltRules
import SmeltSyntax
import XCTest
@testable import SmeltKit

/// A display-only fix's diff is made from windows around its edits. Applied to the file, its
/// hunks must give the fixed text (the alignment inside a hunk may differ from a diff of the
/// whole file: Myers' algorithm has several shortest scripts to choose from).
final class SuggestionDiffTests: XCTestCase {
    func testWindowedDiffPatchesTheFileIntoTheFixedText() throws {
        let parser = try Parser()
        var lines: [String] = []
        for i in 0..<120 {
            switch i % 7 {
            case 0: lines.append("")
            case 3: lines.append("# step \(i)")
            default: lines.append("value_\(i) = compute(\(i), \"\(i % 5)\")")
            }
        }
        for ending in ["\n", ""] {
            let source = lines.joined(separator: "\n") + ending
            let document = try Document.load(path: "x.py", bytes: Array(source.utf8), isNotebook: false, parser: parser)
            let text = document.units[0].text
            var random = SplitMix(seed: 7)
            for round in 0..<300 {
                var edits: [Edit] = []
                var taken: [ByteRange] = []
                for _ in 0..<(1 + random.next(3)) {
                    let line = 1 + random.next(text.lineCount)
                    let range = text.lineRange(line)
                    let edit: Edit
                    switch random.next(4) {
                    case 0: edit = Edit.insert("NEW_\(round) = 1\n\n", at: range.lowerBound, unit: 0)
                    case 1: edit = Edit(range, "changed_\(round)()", unit: 0)
                    case 2:
                        let end = text.lineRange(min(text.lineCount, line + random.next(5))).upperBound
                        edit = Edit(ByteRange(range.lowerBound, end), "def f():\n    pass\n\n\nf()", unit: 0)
                    default:
                        let end = min(text.bytes.count, text.lineRange(min(text.lineCount, line + 1)).upperBound + 1)
                        edit = Edit(ByteRange(range.lowerBound, end), "", unit: 0)
                    }
                    if taken.contains(where: { $0.lowerBound <= edit.range.upperBound && edit.range.lowerBound <= $0.upperBound }) { continue }
                    taken.append(edit.range)
                    edits.append(edit)
                }
                let fix = Fix.displayOnly("edit", edits)
                let bytes = try FixApplication.apply(edits, to: document.units[0])
                let fixed = String(decoding: bytes, as: UTF8.self)
                let diff = Linter.suggestion(fix, document) ?? ""
                XCTAssertEqual(try patch(source, with: diff), fixed, "round \(round):\n\(diff)")
                let whole = UnifiedDiff.hunks(Notebook.splitLines(source), Notebook.splitLines(fixed))
                XCTAssertEqual(diff.split(separator: "\n").filter { $0.hasPrefix("@@") }.count,
                               whole.split(separator: "\n").filter { $0.hasPrefix("@@") }.count, "round \(round): hunks")
            }
        }
    }

    func testCRLFLinesEndWithANewline() {
        XCTAssertEqual(UnifiedDiff.hunks(["a\r\n", "b\r\n"], ["a\r\n", "c\r\n"]), "@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n")
    }

    /// Applies unified-diff hunks (as `hunks` writes them) to a text.
    func patch(_ text: String, with diff: String) throws -> String {
        let old = Notebook.splitLines(text)
        var out: [String] = []
        var next = 0  // index in old of the next line not yet copied
        var lines = diff.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var k = 0
        while k < lines.count {
            let header = lines[k]
            XCTAssertTrue(header.hasPrefix("@@ -"), header)
            let oldPart = header.dropFirst(4).prefix { $0 != " " }
            let fields = oldPart.split(separator: ",")
            var start = Int(fields[0])!
            let count = fields.count > 1 ? Int(fields[1])! : 1
            if count == 0 { start += 1 }
            while next < start - 1 { out.append(old[next]); next += 1 }
            k += 1
            while k < lines.count, !lines[k].hasPrefix("@@") {
                let line = lines[k]
                let body = String(line.dropFirst())
                let noNewline = k + 1 < lines.count && lines[k + 1] == "\\ No newline at end of file"
                let full = noNewline ? body : body + "\n"
                switch line.first {
                case " ": XCTAssertEqual(old[next], full); out.append(full); next += 1
                case "-": XCTAssertEqual(old[next], full); next += 1
                case "+": out.append(full)
                default: XCTFail("unexpected line \(line)")
                }
                k += noNewline ? 2 : 1
            }
        }
        while next < old.count { out.append(old[next]); next += 1 }
        return out.joined()
    }
}

/// A small deterministic random number generator.
private struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

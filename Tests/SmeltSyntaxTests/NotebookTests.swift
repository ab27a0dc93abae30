import Foundation
import SmeltSyntax
import XCTest

/// Loads `Fixtures/notebooks/NAME.ipynb` as raw text.
func notebookFixture(_ name: String) throws -> SourceText {
    let base = try XCTUnwrap(Bundle.module.resourceURL, "test bundle has no resources")
    let url = base.appendingPathComponent("Fixtures/notebooks/\(name).ipynb")
    let data = try Data(contentsOf: url)
    return SourceText(utf8: Array(data))
}

func parseFixture(_ name: String) throws -> Notebook {
    try Notebook.parse(notebookFixture(name))
}

/// The error `Notebook.parse` throws for `text`, or a failure when it succeeds.
func notebookError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> NotebookError? {
    do {
        _ = try Notebook.parse(SourceText(text))
        XCTFail("expected an error", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// The error `JSON.parse` throws for `text`.
func jsonError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONError? {
    do {
        _ = try JSON.parse(SourceText(text))
        XCTFail("expected a JSON error", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

// MARK: - Independent position computation for the tests

/// How a decoded character is written inside a JSON string by Jupyter (`json.dump`, ensure_ascii=False).
private func jsonEscaped(_ c: Character) -> String {
    switch c {
    case "\"": return "\\\""
    case "\\": return "\\\\"
    case "\n": return "\\n"
    case "\t": return "\\t"
    case "\r": return "\\r"
    default: return String(c)
    }
}

private func jsonEscaped(_ s: String) -> String { s.map(jsonEscaped).joined() }

/// Checks `rawLocation` for every column (including the end column) of every line of every
/// list-of-lines cell whose elements are each one line on their own raw line, computing the
/// expected position by searching the raw text for the escaped element.
private func checkAllPositions(_ nb: Notebook, file: StaticString = #filePath, line: UInt = #line) {
    let rawLines = nb.raw.string.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map(String.init)
    var checked = 0
    var searchFrom = 0  // sources appear in order in the raw text
    for cell in nb.cells {
        let text = cell.source.string
        guard !text.isEmpty else { continue }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if text.hasSuffix("\n") { lines.removeLast() }
        for (k, decoded) in lines.enumerated() {
            let isLast = k == lines.count - 1 && !text.hasSuffix("\n")
            let needle = "\"" + jsonEscaped(decoded) + (isLast ? "\"" : "\\n\"")
            let hits = rawLines.indices.filter { $0 >= searchFrom && rawLines[$0].contains(needle) }
            guard !hits.isEmpty else {
                XCTFail("cell \(cell.index) line \(k + 1): no raw line holds \(needle)", file: file, line: line)
                continue
            }
            searchFrom = hits[0] + 1
            let rawLine = rawLines[hits[0]]
            let quote = rawLine.range(of: needle)!.lowerBound
            let contentColumn = rawLine.unicodeScalars.distance(from: rawLine.unicodeScalars.startIndex, to: quote) + 2
            var rawColumn = contentColumn
            let scalars = Array(decoded.unicodeScalars)
            for column in 1...(scalars.count + 1) {
                let got = nb.rawLocation(cell: cell.index, Location(line: k + 1, column: column))
                XCTAssertEqual(got, Location(line: hits[0] + 1, column: rawColumn),
                               "cell \(cell.index) \(k + 1):\(column)", file: file, line: line)
                checked += 1
                if column <= scalars.count {
                    rawColumn += jsonEscaped(Character(scalars[column - 1])).unicodeScalars.count
                }
            }
        }
    }
    XCTAssertGreaterThan(checked, 10, file: file, line: line)
}

final class NotebookTests: XCTestCase {
    // MARK: Cells

    func testValidNotebookCells() throws {
        let nb = try parseFixture("valid")
        XCTAssertEqual(nb.nbformat, 4)
        XCTAssertEqual(nb.nbformatMinor, 5)
        XCTAssertEqual(nb.language, "python")
        XCTAssertEqual(nb.cells.count, 5)
        XCTAssertEqual(nb.cells.map(\.kind), [.markdown, .code, .code, .raw, .code])
        XCTAssertEqual(nb.cells.map(\.index), [0, 1, 2, 3, 4])
        XCTAssertEqual(nb.cells.map(\.codeIndex), [nil, 0, 1, nil, 2])
        XCTAssertEqual(nb.cells.map(\.id), ["md-intro", "imports", "boom", "raw-1", "later"])
        XCTAssertEqual(nb.cells.map(\.executionCount), [nil, 1, 2, nil, nil])
        XCTAssertEqual(nb.cells[1].tags, ["setup", "parameters"])
        XCTAssertEqual(nb.cells[0].tags, [])
        XCTAssertEqual(nb.cells[0].source.string, "# Title\n\nSome *text*.")
        XCTAssertEqual(nb.cells[1].source.string, "import os\nprint(\"hello\")")
        XCTAssertEqual(nb.cells[2].source.string, "x = 1 / 0")
        XCTAssertEqual(nb.cells[3].source.string, "")
        XCTAssertEqual(nb.cells[4].source.string, "def add(a, b):\n    return a + b\n\ny = add(1, 2)\n")
        XCTAssertEqual(nb.cells[4].source.lineCount, 5)
        XCTAssertEqual(nb.cells[4].source.line(2), "    return a + b")
    }

    func testValidNotebookOutputs() throws {
        let nb = try parseFixture("valid")
        let stream = """
            {
                 "name": "stdout",
                 "output_type": "stream",
                 "text": [
                  "hello\\n"
                 ]
                }
            """
        XCTAssertTrue(nb.raw.string.contains(stream))
        XCTAssertEqual(nb.cells[1].outputs.count, 1)
        XCTAssertEqual(nb.cells[1].outputs[0].outputType, "stream")
        XCTAssertEqual(nb.cells[1].outputs[0].rawByteCount, stream.utf8.count)
        XCTAssertNil(nb.cells[1].outputs[0].errorName)

        XCTAssertEqual(nb.cells[2].outputs.map(\.outputType), ["error"])
        XCTAssertEqual(nb.cells[2].outputs[0].errorName, "ZeroDivisionError")
        XCTAssertGreaterThan(nb.cells[2].outputs[0].rawByteCount, 150)
        XCTAssertEqual(nb.cells[4].outputs.count, 0)
        XCTAssertEqual(nb.cells[0].outputs.count, 0)
    }

    func testSourceAsOneString() throws {
        let nb = try parseFixture("source_as_string")
        XCTAssertEqual(nb.nbformatMinor, 2)
        XCTAssertNil(nb.language)
        XCTAssertEqual(nb.cells.count, 1)
        let cell = nb.cells[0]
        XCTAssertEqual(cell.kind, .code)
        XCTAssertNil(cell.id)
        XCTAssertEqual(cell.executionCount, 3)
        XCTAssertEqual(cell.source.string, "import math\nprint(math.pi)\nvalue = \"quoted\"\n")
        XCTAssertEqual(cell.source.line(3), "value = \"quoted\"")

        let rawLines = nb.raw.string.components(separatedBy: "\n")
        let rawLine = try XCTUnwrap(rawLines.firstIndex { $0.contains("\"source\": \"import math") }) + 1
        let text = rawLines[rawLine - 1]
        let content = text.distance(from: text.startIndex, to: text.range(of: "import math")!.lowerBound) + 1
        XCTAssertEqual(content, 15)  // 3 spaces, then `"source": "` (11 characters)
        XCTAssertEqual(nb.rawLocation(cell: 0, Location(line: 1, column: 1)), Location(line: rawLine, column: content))
        // The end of line 1 is the `\n` escape.
        XCTAssertEqual(nb.rawLocation(cell: 0, Location(line: 1, column: 12)), Location(line: rawLine, column: content + 11))
        // "import math" + `\n` = 13 raw characters before line 2.
        XCTAssertEqual(nb.rawLocation(cell: 0, Location(line: 2, column: 1)), Location(line: rawLine, column: content + 13))
        XCTAssertEqual(nb.rawLocation(cell: 0, Location(line: 2, column: 7)), Location(line: rawLine, column: content + 19))
        // Line 3 starts after "print(math.pi)" + `\n` (16 more); `"` is `\"` (2 raw characters).
        let line3 = content + 29
        XCTAssertEqual(nb.rawLocation(cell: 0, Location(line: 3, column: 1)), Location(line: rawLine, column: line3))
        XCTAssertEqual(nb.rawLocation(cell: 0, Location(line: 3, column: 9)), Location(line: rawLine, column: line3 + 8))
        XCTAssertEqual(nb.rawLocation(cell: 0, Location(line: 3, column: 10)), Location(line: rawLine, column: line3 + 10))
        XCTAssertEqual(nb.rawLocation(cell: 0, Location(line: 3, column: 17)), Location(line: rawLine, column: line3 + 18))
        // The end of the source (line 4 is empty): just before the closing quote.
        let closing = text.distance(from: text.startIndex, to: text.lastIndex(of: "\"")!) + 1
        XCTAssertEqual(nb.rawLocation(cell: 0, Location(line: 4, column: 1)), Location(line: rawLine, column: closing))
    }

    func testNotebookWithoutIds() throws {
        let nb = try parseFixture("no_ids")
        XCTAssertEqual(nb.nbformat, 4)
        XCTAssertEqual(nb.nbformatMinor, 4)
        XCTAssertEqual(nb.language, "python")  // from kernelspec.language
        XCTAssertEqual(nb.cells.map(\.id), [nil, nil, nil])
        XCTAssertEqual(nb.cells.map(\.kind), [.markdown, .code, .code])
        XCTAssertEqual(nb.cells.map(\.codeIndex), [nil, 0, 1])
        XCTAssertEqual(nb.cells.map(\.executionCount), [nil, nil, 7])
        XCTAssertEqual(nb.cells[1].source.string, "a = 1\nb = a + 1")
        XCTAssertEqual(nb.cells[2].outputs.map(\.outputType), ["execute_result"])
        XCTAssertNil(nb.cells[2].outputs[0].errorName)
        checkAllPositions(nb)
    }

    func testCRLFNotebook() throws {
        let raw = try notebookFixture("crlf")
        XCTAssertTrue(raw.bytes.contains(0x0D), "the fixture must keep its CRLF line endings")
        let nb = try Notebook.parse(raw)
        XCTAssertEqual(nb.cells.count, 3)
        XCTAssertEqual(nb.cells[0].source.string, "CRLF notes")
        XCTAssertEqual(nb.cells[1].source.string, "a = 1  # first\nb = a + 1")
        XCTAssertEqual(nb.cells.map(\.executionCount), [nil, nil, 7])
        // Raw line 18 is `    "a = 1  # first\n",` (CRLF does not count in columns).
        XCTAssertEqual(nb.raw.line(18), "    \"a = 1  # first\\n\",")
        XCTAssertEqual(nb.rawLocation(cell: 1, Location(line: 1, column: 1)), Location(line: 18, column: 6))
        XCTAssertEqual(nb.rawLocation(cell: 1, Location(line: 1, column: 8)), Location(line: 18, column: 13))
        XCTAssertEqual(nb.rawLocation(cell: 1, Location(line: 1, column: 15)), Location(line: 18, column: 20))
        XCTAssertEqual(nb.rawLocation(cell: 1, Location(line: 2, column: 5)), Location(line: 19, column: 10))
        checkAllPositions(nb)
    }

    func testPositionsInValidNotebook() throws {
        let nb = try parseFixture("valid")
        checkAllPositions(nb)
        // `print("hello")`: `h` is column 8 in the cell; the raw line is `    "print(\"hello\")"`.
        let rawLine = try XCTUnwrap(nb.raw.string.components(separatedBy: "\n").firstIndex { $0.contains("print(\\\"hello") }) + 1
        XCTAssertEqual(nb.rawLocation(cell: 1, Location(line: 2, column: 8)), Location(line: rawLine, column: 6 + 6 + 2))
        // An empty source list maps to the list itself.
        let empty = try XCTUnwrap(nb.raw.string.components(separatedBy: "\n").firstIndex { $0.contains("\"source\": []") }) + 1
        XCTAssertEqual(nb.rawLocation(cell: 3, Location(line: 1, column: 1)), Location(line: empty, column: 14))
    }

    func testPositionsWithNonASCIIAndEscapes() throws {
        let nb = try parseFixture("non_ascii")
        let cell = nb.cells[0]
        XCTAssertEqual(cell.source.line(1), "s = \"café 😀\"  # é")
        XCTAssertEqual(cell.source.line(2), "t = \"é😀\" + 'x'")
        XCTAssertEqual(cell.source.line(4), "\tprint(s, t)  # \"tab\"")
        XCTAssertEqual(cell.source.line(5), "y = s + t")
        XCTAssertEqual(cell.source.line(6), "bad = \"\u{FFFD}\" + \"\\\\\"")
        let rawLines = nb.raw.string.components(separatedBy: "\n")
        func rawLine(_ containing: String) throws -> Int {
            let hits = rawLines.indices.filter { rawLines[$0].contains(containing) }
            XCTAssertEqual(hits.count, 1, containing)
            return try XCTUnwrap(hits.first) + 1
        }
        func check(_ line: Int, _ column: Int, _ rawLine: Int, _ rawColumn: Int, file: StaticString = #filePath, sourceLine: UInt = #line) {
            XCTAssertEqual(nb.rawLocation(cell: 0, Location(line: line, column: column)),
                           Location(line: rawLine, column: rawColumn), "\(line):\(column)", file: file, line: sourceLine)
        }
        // Raw contents start at column 6 (4 spaces and the quote).
        // Line 1: `s = \"café 😀\"  # é\n`: `\"` takes 2 raw columns, é and 😀 one each.
        let l1 = try rawLine("café 😀")
        check(1, 1, l1, 6)
        check(1, 5, l1, 10)   // "
        check(1, 6, l1, 12)   // c
        check(1, 9, l1, 15)   // é
        check(1, 11, l1, 17)  // 😀
        check(1, 12, l1, 18)  // "
        check(1, 13, l1, 20)
        check(1, 17, l1, 24)  // é
        check(1, 18, l1, 25)  // end of line: the `\n` escape
        // Line 2: `t = \"\u00e9\ud83d\ude00\" + 'x'\n`: é is 6 raw columns, 😀 12.
        let l2 = try rawLine("\\u00e9\\ud83d\\ude00")
        check(2, 5, l2, 10)   // "
        check(2, 6, l2, 12)   // é  (\u00e9)
        check(2, 7, l2, 18)   // 😀 (\ud83d\ude00)
        check(2, 8, l2, 30)   // "
        check(2, 10, l2, 33)  // +
        check(2, 12, l2, 35)  // '
        check(2, 15, l2, 38)  // end of line
        let plus = rawLines[l2 - 1].unicodeScalars.map(String.init).firstIndex(of: "+")! + 1
        XCTAssertEqual(plus, 33)
        // Line 3: `if s:`
        let l3 = try rawLine("\"if s:\\n\"")
        check(3, 1, l3, 6)
        check(3, 6, l3, 11)
        // Line 4: `\tprint(s, t)  # \"tab\"`: the tab is `\t` (2 raw columns).
        let l4 = try rawLine("\\tprint(s, t)")
        check(4, 1, l4, 6)
        check(4, 2, l4, 8)    // p
        check(4, 17, l4, 23)  // "
        check(4, 18, l4, 25)  // t
        // Line 5 is split over two elements: `"y = s + "` and `"t\n"`.
        let l5a = try rawLine("\"y = s + \",")
        let l5b = try rawLine("\"t\\n\",")
        check(5, 1, l5a, 6)
        check(5, 8, l5a, 13)
        check(5, 9, l5b, 6)
        check(5, 10, l5b, 7)
        // Line 6: `bad = \"\ud800\" + \"\\\\\"\n`: a lone surrogate is one U+FFFD.
        let l6 = try rawLine("\\ud800")
        check(6, 8, l6, 14)   // U+FFFD
        check(6, 9, l6, 20)   // "
        check(6, 11, l6, 23)  // +
        check(6, 14, l6, 27)  // first backslash
        check(6, 15, l6, 29)  // second backslash
        check(6, 16, l6, 31)  // "
        check(6, 17, l6, 33)  // end of line
        // The end of the source: line 7 is empty, just before the closing quote of the last element.
        check(7, 1, l6, 35)
    }

    func testPositionsInSeveralLinesOfOneElement() throws {
        let nb = try parseFixture("non_ascii")
        let cell = nb.cells[1]
        XCTAssertEqual(cell.codeIndex, 1)
        XCTAssertEqual(cell.source.string, "a = \"é\"\nb = \"\\\\\"\nc = 3")
        let rawLine = try XCTUnwrap(nb.raw.string.components(separatedBy: "\n").firstIndex { $0.contains("\"a = \\\"é") }) + 1
        func check(_ line: Int, _ column: Int, _ rawColumn: Int, sourceLine: UInt = #line) {
            XCTAssertEqual(nb.rawLocation(cell: 1, Location(line: line, column: column)),
                           Location(line: rawLine, column: rawColumn), "\(line):\(column)", line: sourceLine)
        }
        // Raw: `    "a = \"é\"\nb = \"\\\\\"\nc = 3"`, contents from column 6.
        check(1, 1, 6)
        check(1, 6, 12)   // é
        check(1, 7, 13)   // "
        check(1, 8, 15)   // end of line 1: `\n`
        check(2, 1, 17)   // b
        check(2, 5, 21)   // "
        check(2, 6, 23)   // backslash
        check(2, 7, 25)   // backslash
        check(2, 8, 27)   // "
        check(2, 9, 29)   // end of line 2
        check(3, 1, 31)   // c
        check(3, 5, 35)   // 3
        check(3, 6, 36)   // end of source: the closing quote
    }

    // MARK: Errors

    func testTruncatedJSON() throws {
        let raw = try notebookFixture("invalid_json")
        XCTAssertThrowsError(try Notebook.parse(raw)) { error in
            guard let error = error as? NotebookError else { return XCTFail("wrong error type \(error)") }
            XCTAssertEqual(error, .invalidJSON(
                message: "unterminated string (a line break inside a string must be written `\\n`)", line: 10, column: 5))
            XCTAssertTrue(error.description.hasPrefix("invalid JSON at line 10, column 5: unterminated string"), error.description)
        }
    }

    func testJSONErrorMessagesAndPositions() {
        func check(_ text: String, _ message: String, _ line: Int, _ column: Int, sourceLine: UInt = #line) {
            guard let error = jsonError(text, line: sourceLine) else { return }
            XCTAssertEqual(error.message, message, line: sourceLine)
            XCTAssertEqual(Location(line: error.line, column: error.column), Location(line: line, column: column), line: sourceLine)
        }
        check("{\"a\": 1 \"b\": 2}", "expected ',' or '}' after object member, found `\"`", 1, 9)
        check("[1, 2\n 3]", "expected ',' or ']' after array element, found `3`", 2, 2)
        check("{\"a\" 1}", "expected ':' after object key, found `1`", 1, 6)
        check("{\"a\": 1,}", "expected a string key in object, found `}`", 1, 9)
        check("{\n  \"é\": \"ab", "unterminated string", 2, 8)
        check("[\"a\\qb\"]", "invalid escape `\\q` in string", 1, 4)
        check("[\"\\u12G4\"]", "invalid escape: `\\u` must be followed by four hex digits", 1, 3)
        check("[\"a\tb\"]", "invalid control character 0x9 in string (must be escaped)", 1, 4)
        check("", "expected a JSON value, found end of input", 1, 1)
        check("[1,", "expected a JSON value, found end of input", 1, 4)
        check("[tru]", "expected a JSON value, found `t`", 1, 2)
        check("[01]", "invalid number: leading zeros are not allowed", 1, 2)
        check("[1.]", "invalid number: expected a digit after '.'", 1, 4)
        check("{} x", "unexpected `x` after the JSON value", 1, 4)
        check("[😀]", "expected a JSON value, found `😀`", 1, 2)
        check(String(repeating: "[", count: 600), "arrays and objects nested too deeply", 1, 513)
    }

    func testJSONValues() throws {
        let text = SourceText("""
            {"s": "a\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti", "u": "\\u00e9\\ud83d\\ude00x\\ud800y\\udc00", "plain": "héllo",
             "n": [0, -12, 3.5, 1e3, -0.25E-2, 12345678901234567890, NaN, -Infinity],
             "b": [true, false, null], "dup": 1, "dup": 2, "nested": {"k": []}}
            """)
        let root = try JSON.parse(text)
        XCTAssertEqual(root["s"]?.stringValue, "a\"b\\c/d\u{8}e\u{C}f\ng\rh\ti")
        XCTAssertEqual(root["u"]?.stringValue, "é😀x\u{FFFD}y\u{FFFD}")
        XCTAssertEqual(root["plain"]?.stringValue, "héllo")
        guard case let .string(plain)? = root["plain"]?.value, case let .string(escaped)? = root["s"]?.value else {
            return XCTFail("not strings")
        }
        XCTAssertFalse(plain.hasEscapes)
        XCTAssertTrue(escaped.hasEscapes)
        XCTAssertEqual(text.bytes[plain.contentStart - 1], UInt8(ascii: "\""))
        XCTAssertEqual(text.text(ByteRange(plain.contentStart, plain.contentStart + 6)), "héllo")
        XCTAssertEqual(text.location(ofByte: escaped.contentStart), Location(line: 1, column: 8))

        let numbers = try XCTUnwrap(root["n"]?.arrayValue)
        XCTAssertEqual(numbers.map(\.intValue), [0, -12, nil, nil, nil, nil, nil, nil])
        guard case let .number(n2) = numbers[2].value, case let .number(n3) = numbers[3].value,
              case let .number(n4) = numbers[4].value, case let .number(n5) = numbers[5].value,
              case let .number(n6) = numbers[6].value, case let .number(n7) = numbers[7].value else {
            return XCTFail("not numbers")
        }
        XCTAssertEqual(n2.double, 3.5)
        XCTAssertEqual(n3.double, 1000)
        XCTAssertEqual(n4.double, -0.0025)
        XCTAssertEqual(n5.double, 1.2345678901234567e19)
        XCTAssertTrue(n6.double.isNaN)
        XCTAssertEqual(n7.double, -.infinity)
        XCTAssertEqual(text.text(numbers[4].range), "-0.25E-2")

        let bools = try XCTUnwrap(root["b"]?.arrayValue)
        guard case .bool(true) = bools[0].value, case .bool(false) = bools[1].value else { return XCTFail("not bools") }
        XCTAssertTrue(bools[2].isNull)
        XCTAssertEqual(root["dup"]?.intValue, 2)  // the last one wins, as in Python
        XCTAssertEqual(root["nested"]?["k"]?.arrayValue?.count, 0)
        XCTAssertEqual(root.objectMembers?.map(\.key), ["s", "u", "plain", "n", "b", "dup", "dup", "nested"])
        XCTAssertNil(root["missing"])
    }

    func testNumbersParseExactly() throws {
        var generator = SystemRandomNumberGenerator()
        var texts = ["0", "-0", "0.1", "0.3", "1e22", "1e23", "9007199254740993", "9007199254740993.0", "123456789012345678",
                     "1234567890123456789", "2.2250738585072014e-308", "1.7976931348623157e308", "5e-324", "1e400", "-1e-400",
                     "0.000000000000000000000000123", "3.141592653589793238462643383279", "100000000000000000000000.5"]
        for _ in 0..<2000 {
            let digits = String(UInt64.random(in: 0...UInt64.max, using: &generator)).prefix(Int.random(in: 1...19))
            let point = Int.random(in: 0...digits.count)
            var text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            if text.hasPrefix(".") { text = "0" + text }
            if text.hasSuffix(".") { text += "5" }
            if Bool.random() { text += "e\(Int.random(in: -30...30))" }
            texts.append(Bool.random() ? "-" + text : text)
        }
        let array = try JSON.parse(SourceText("[" + texts.joined(separator: ", ") + "]")).arrayValue ?? []
        XCTAssertEqual(array.count, texts.count)
        for (node, text) in zip(array, texts) {
            guard case let .number(number) = node.value else { return XCTFail("\(text) is not a number") }
            XCTAssertEqual(number.double.bitPattern, Double(text)!.bitPattern, text)
        }
    }

    func testByteOrderMarkIsSkipped() throws {
        let nb = try Notebook.parse(SourceText(utf8: [0xEF, 0xBB, 0xBF] + Array("{\"nbformat\": 4, \"cells\": []}".utf8)))
        XCTAssertEqual(nb.cells.count, 0)
        XCTAssertEqual(nb.nbformatMinor, 0)
    }

    func testRawOffsetWalksEscapes() {
        let text = SourceText("\"a\\n\\u00e9\\ud83d\\ude00é😀\\\"z\"")
        let bytes = text.bytes
        // Decoded: a, \n, é, 😀, é, 😀, ", z
        let expected = [1, 2, 4, 10, 22, 24, 28, 30, 31]
        for (k, offset) in expected.enumerated() {
            XCTAssertEqual(JSON.rawOffset(in: bytes, contentStart: 1, advancing: k), offset, "after \(k) code points")
        }
        // Stops at the closing quote.
        XCTAssertEqual(JSON.rawOffset(in: bytes, contentStart: 1, advancing: 50), 31)
    }

    func testWrongSchemaFixture() throws {
        let raw = try notebookFixture("wrong_schema")
        XCTAssertThrowsError(try Notebook.parse(raw)) { error in
            XCTAssertEqual(error as? NotebookError,
                           .invalidSchema("cell 2: `source` must be a string or a list of strings, not an integer"))
        }
    }

    func testSchemaErrors() {
        func check(_ text: String, _ expected: NotebookError, line: UInt = #line) {
            XCTAssertEqual(notebookError(text, line: line), expected, line: line)
        }
        func cells(_ cells: String) -> String { "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [\(cells)]}" }
        check("[1, 2]", .invalidSchema("not a Jupyter notebook: the top level is a list, not an object"))
        check("{\"cells\": []}", .invalidSchema("not a Jupyter notebook: `nbformat` is missing"))
        check("{\"nbformat\": \"4\", \"cells\": []}", .invalidSchema("not a Jupyter notebook: `nbformat` must be an integer, not a string"))
        check("{\"nbformat\": 4.5, \"cells\": []}", .invalidSchema("not a Jupyter notebook: `nbformat` must be an integer, not a number"))
        check("{\"nbformat\": 4, \"nbformat_minor\": null, \"cells\": []}",
              .invalidSchema("not a Jupyter notebook: `nbformat_minor` must be an integer, not null"))
        check("{\"nbformat\": 4, \"metadata\": {}}", .invalidSchema("not a Jupyter notebook: `cells` is missing"))
        check("{\"nbformat\": 4, \"cells\": {}}", .invalidSchema("not a Jupyter notebook: `cells` must be a list, not an object"))
        check(cells("\"code\""), .invalidSchema("cell 1: must be an object, not a string"))
        check(cells("{\"source\": \"\"}"), .invalidSchema("cell 1: `cell_type` is missing"))
        check(cells("{\"cell_type\": 1, \"source\": \"\"}"), .invalidSchema("cell 1: `cell_type` must be a string, not an integer"))
        check(cells("{\"cell_type\": \"code\", \"source\": \"\"}, {\"cell_type\": \"code\"}"), .invalidSchema("cell 2: `source` is missing"))
        check(cells("{\"cell_type\": \"code\", \"source\": [\"a\", null]}"),
              .invalidSchema("cell 1: `source` must be a string or a list of strings, but holds null"))
        check(cells("{\"cell_type\": \"code\", \"execution_count\": \"3\", \"source\": \"\"}"),
              .invalidSchema("cell 1: `execution_count` must be an integer or null, not a string"))
        check(cells("{\"cell_type\": \"code\", \"id\": 7, \"source\": \"\"}"),
              .invalidSchema("cell 1: `id` must be a string, not an integer"))
        check(cells("{\"cell_type\": \"code\", \"metadata\": [], \"source\": \"\"}"),
              .invalidSchema("cell 1: `metadata` must be an object, not a list"))
        check(cells("{\"cell_type\": \"code\", \"metadata\": {\"tags\": \"x\"}, \"source\": \"\"}"),
              .invalidSchema("cell 1: `metadata.tags` must be a list of strings, not a string"))
        check(cells("{\"cell_type\": \"code\", \"metadata\": {\"tags\": [\"a\", 1]}, \"source\": \"\"}"),
              .invalidSchema("cell 1: `metadata.tags` must be a list of strings, but holds an integer"))
        check(cells("{\"cell_type\": \"code\", \"outputs\": {}, \"source\": \"\"}"),
              .invalidSchema("cell 1: `outputs` must be a list, not an object"))
        check(cells("{\"cell_type\": \"code\", \"outputs\": [{\"output_type\": \"stream\"}, {\"text\": \"x\"}], \"source\": \"\"}"),
              .invalidSchema("cell 1: output 2: `output_type` is missing"))
    }

    func testLiberalAboutUnknownKeysAndKinds() throws {
        let nb = try Notebook.parse(SourceText("""
            {"nbformat": 4, "nbformat_minor": 5, "extra": [1, {"x": null}],
             "cells": [{"cell_type": "heading", "source": "# H", "level": 1, "attachments": {}},
                       {"cell_type": "code", "source": [], "outputs": [], "execution_count": 12, "whatever": true}]}
            """))
        XCTAssertEqual(nb.cells.map(\.kind), [.other("heading"), .code])
        XCTAssertEqual(nb.cells.map(\.codeIndex), [nil, 0])
        XCTAssertEqual(nb.cells[1].executionCount, 12)
        XCTAssertEqual(nb.cells[1].source.string, "")
        XCTAssertEqual(nb.cells[1].source.lineCount, 1)
        XCTAssertNil(nb.language)
    }

    func testNbformat3IsUnsupported() throws {
        let raw = try notebookFixture("nbformat3")
        XCTAssertThrowsError(try Notebook.parse(raw)) { error in
            guard let error = error as? NotebookError else { return XCTFail("wrong error type \(error)") }
            XCTAssertEqual(error, .unsupportedVersion(3))
            XCTAssertTrue(error.description.contains("nbformat 3"), error.description)
            XCTAssertTrue(error.description.contains("jupyter nbconvert --to notebook --nbformat 4"), error.description)
        }
    }

    func testErrorDescriptions() {
        XCTAssertEqual(NotebookError.invalidJSON(message: "expected ',' or '}' after object member", line: 3, column: 7).description,
                       "invalid JSON at line 3, column 7: expected ',' or '}' after object member")
        XCTAssertEqual(NotebookError.invalidSchema("not a Jupyter notebook: `cells` is missing").description,
                       "not a Jupyter notebook: `cells` is missing")
    }

    func testMagicsFixtureParses() throws {
        let nb = try parseFixture("magics")
        XCTAssertEqual(nb.cells.count, 4)
        XCTAssertEqual(nb.cells.map(\.id), ["line-magics", "bash", "timed", "shadow"])
        XCTAssertEqual(nb.cells[1].source.line(1), "%%bash")
        checkAllPositions(nb)
    }
}

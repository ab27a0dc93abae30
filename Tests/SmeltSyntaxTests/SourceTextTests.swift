import XCTest
@testable import SmeltSyntax

final class SourceTextTests: XCTestCase {
    func testLocationsCountCodePointsAndLines() {
        let text = SourceText("a = 1\ncafé = \"😀\" + x\n\tb\n")
        XCTAssertEqual(text.lineCount, 4)
        XCTAssertEqual(text.location(ofByte: 0), Location(line: 1, column: 1))
        // `x` sits after 2-byte é and 4-byte 😀: column counts code points.
        let x = Array("a = 1\ncafé = \"😀\" + ".utf8).count
        XCTAssertEqual(text.location(ofByte: x), Location(line: 2, column: 14))
        // A tab is one column.
        let b = Array("a = 1\ncafé = \"😀\" + x\n\t".utf8).count
        XCTAssertEqual(text.location(ofByte: b), Location(line: 3, column: 2))
        XCTAssertEqual(text.byteOffset(of: Location(line: 2, column: 14)), x)
        XCTAssertEqual(text.line(2), "café = \"😀\" + x")
    }

    func testCRLFAndLoneCR() {
        let text = SourceText("a\r\nbb\rccc\n")
        XCTAssertEqual(text.lineStarts, [0, 3, 6, 10])
        XCTAssertEqual(text.line(1), "a")
        XCTAssertEqual(text.line(2), "bb")
        XCTAssertEqual(text.location(ofByte: 7), Location(line: 3, column: 2))
        XCTAssertEqual(text.location(ofByte: 1), Location(line: 1, column: 2), "the CR belongs to line 1")
    }

    func testEndOfTextClamps() {
        let text = SourceText("ab")
        XCTAssertEqual(text.location(ofByte: 99), Location(line: 1, column: 3))
        XCTAssertEqual(text.byteOffset(of: Location(line: 1, column: 50)), 2)
    }

    func testBOMIsRemoved() throws {
        let text = try SourceText.decode(file: [0xEF, 0xBB, 0xBF] + Array("x = 1\n".utf8))
        XCTAssertEqual(text.string, "x = 1\n")
        XCTAssertEqual(text.location(ofByte: 0), Location(line: 1, column: 1))
    }

    func testInvalidUTF8IsReportedWithItsPlace() {
        XCTAssertThrowsError(try SourceText.decode(file: Array("ok\nx = '".utf8) + [0xE9, 0x27])) { error in
            XCTAssertEqual(error as? SourceDecodingError, .invalidUTF8(line: 2, column: 6, byte: 0xE9))
        }
    }

    func testDeclaredLatin1AndCp1252AreDecoded() throws {
        let latin = try SourceText.decode(file: Array("# -*- coding: latin-1 -*-\nx = '".utf8) + [0xE9, 0x27, 0x0A])
        XCTAssertEqual(latin.line(2), "x = 'é'")
        let cp = try SourceText.decode(file: Array("#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\ns = '".utf8) + [0x80, 0x27])
        XCTAssertEqual(cp.line(3), "s = '€'")
    }

    func testCp1252UndefinedByteIsAnError() {
        XCTAssertThrowsError(try SourceText.decode(file: Array("# coding: cp1252\nx = '".utf8) + [0x81, 0x27])) { error in
            XCTAssertEqual(error as? SourceDecodingError, .invalidInEncoding(encoding: "cp1252", line: 2, column: 6, byte: 0x81))
        }
    }

    func testOtherEncodingsGoThroughIconv() throws {
        // "привет" in koi8-r.
        let text = try SourceText.decode(file: Array("# -*- coding: koi8-r -*-\ns = '".utf8) + [0xD0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4, 0x27])
        XCTAssertEqual(text.line(2), "s = 'привет'")
        XCTAssertThrowsError(try SourceText.decode(file: Array("# coding: no-such-codec\n".utf8))) { error in
            XCTAssertEqual(error as? SourceDecodingError, .unsupportedEncoding("no-such-codec"))
        }
    }

    func testCodingLineOnlyInFirstTwoLines() throws {
        // A declaration on line 3 does not count, so the latin-1 byte is invalid UTF-8.
        XCTAssertThrowsError(try SourceText.decode(file: Array("x = 1\ny = 2\n# coding: latin-1\n".utf8) + [0xE9]))
        // Code on line 1 means line 2 cannot declare.
        XCTAssertNil(SourceText.codingDeclaration(Array("import x\n# coding: latin-1\n".utf8)))
        XCTAssertEqual(SourceText.codingDeclaration(Array("#!/bin/python\n# coding=utf-8\n".utf8)), "utf-8")
    }
}

import Foundation
import XCTest
@testable import SmeltSyntax

/// Writing edited cells back: only the edited `source` values (or removed cells) change.
final class NotebookEditingTests: XCTestCase {
    /// Jupyter's own layout: one-space indentation, sources as lists of lines.
    let jupyter = """
        {
         "cells": [
          {
           "cell_type": "markdown",
           "metadata": {},
           "source": [
            "# Caf\\u00e9 loans \\u2014 \\"raw\\" escapes"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": 1,
           "metadata": {"tags": ["setup"]},
           "outputs": [],
           "source": [
            "import os\\n",
            "s = \\"caf\\u00e9\\"\\n",
            "print(s)"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "metadata": {},
           "outputs": [],
           "source": []
          },
          {
           "cell_type": "code",
           "execution_count": 2,
           "metadata": {},
           "outputs": [{"output_type": "stream", "name": "stdout", "text": ["café\\n"]}],
           "source": "x = 1\\ny = 2"
          }
         ],
         "metadata": {"kernelspec": {"name": "python3"}},
         "nbformat": 4,
         "nbformat_minor": 5
        }

        """

    func load(_ text: String) throws -> Notebook { try Notebook.parse(SourceText(text)) }

    func edited(_ sources: [Int: String], removing: Set<Int> = []) throws -> String {
        String(decoding: try load(jupyter).editedText(sources: sources, removing: removing), as: UTF8.self)
    }

    func testUnchangedSourcesGiveTheSameBytes() throws {
        let nb = try load(jupyter)
        let sources = Dictionary(uniqueKeysWithValues: nb.cells.map { ($0.index, $0.source.string) })
        XCTAssertEqual(try edited(sources), jupyter)
    }

    func testEditedLinesAreWrittenLikeJupyterAndUnchangedLinesKeepTheirEscapes() throws {
        let out = try edited([1: "s = \"café\"\nprint(s, \"naïve\\tdone\")"])
        XCTAssertTrue(out.contains("""
               "source": [
                "s = \\"caf\\u00e9\\"\\n",
                "print(s, \\"naïve\\\\tdone\\")"
               ]
            """), out)
        // Everything before and after the source list is unchanged.
        let start = jupyter.range(of: "\"import os")!.lowerBound
        XCTAssertTrue(out.hasPrefix(String(jupyter[..<start])))
        let end = jupyter.range(of: "\"print(s)\"")!.upperBound
        XCTAssertTrue(out.hasSuffix(String(jupyter[end...])))
        XCTAssertEqual(try load(out).cells[1].source.string, "s = \"café\"\nprint(s, \"naïve\\tdone\")")
    }

    func testAnEmptyListGetsLinesIndentedOneStepDeeperThanItsKey() throws {
        let out = try edited([2: "a = 1\nb = 2\n"])
        XCTAssertTrue(out.contains("   \"source\": [\n    \"a = 1\\n\",\n    \"b = 2\\n\"\n   ]\n"), out)
        XCTAssertEqual(try load(out).cells[2].source.string, "a = 1\nb = 2\n")
    }

    func testEmptyingASourceListLeavesEmptyBrackets() throws {
        let out = try edited([1: ""])
        XCTAssertTrue(out.contains("\"outputs\": [],\n   \"source\": []\n  },\n  {\n   \"cell_type\": \"code\",\n   \"execution_count\": null"), out)
    }

    func testAStringSourceStaysAString() throws {
        let out = try edited([3: "x = 1\n"])
        XCTAssertTrue(out.contains("\"source\": \"x = 1\\n\"\n"), out)
    }

    func testRemovingCellsKeepsAValidList() throws {
        for removing: Set<Int> in [[0], [1], [3], [2, 3], [0, 1], [1, 3], [0, 1, 2, 3]] {
            let out = try edited([:], removing: removing)
            let nb = try load(out)
            XCTAssertEqual(nb.cells.count, 4 - removing.count, "removing \(removing)")
            let kept = (0..<4).filter { !removing.contains($0) }
            let original = try load(jupyter)
            XCTAssertEqual(nb.cells.map(\.source.string), kept.map { original.cells[$0].source.string }, "removing \(removing)")
            XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(out.utf8)), "removing \(removing)")
            let closing = removing.count == 4 ? "[]" : "\n ]"
            XCTAssertTrue(out.hasSuffix(closing + ",\n \"metadata\": {\"kernelspec\": {\"name\": \"python3\"}},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n"), out)
        }
        let none = try edited([:], removing: [0, 1, 2, 3])
        XCTAssertTrue(none.hasPrefix("{\n \"cells\": [],\n"), none)
    }

    func testEditAndRemoveTogether() throws {
        let out = try edited([1: "print(1)\n"], removing: [2])
        let nb = try load(out)
        XCTAssertEqual(nb.cells.map(\.source.string), ["# Café loans — \"raw\" escapes", "print(1)\n", "x = 1\ny = 2"])
    }

    func testQuotingMatchesPython() {
        XCTAssertEqual(JSON.quoted("a\"b\\c\n\t\u{08}\u{0C}\u{01}é\u{7F}"), "\"a\\\"b\\\\c\\n\\t\\b\\f\\u0001é\u{7F}\"")
    }

    func testSplitLinesKeepsTerminators() {
        XCTAssertEqual(Notebook.splitLines("a\nb\n"), ["a\n", "b\n"])
        XCTAssertEqual(Notebook.splitLines("a\n\nb"), ["a\n", "\n", "b"])
        XCTAssertEqual(Notebook.splitLines(""), [])
    }
}

import Foundation
import XCTest

/// `smelt refactor extract-function` and `smelt refactor introduce-constant`, run as a binary.
final class RefactorTests: SmeltTestCase {
    let script = """
        import math

        values = [4, 9, 16]
        roots = [math.sqrt(v) for v in values]
        total = sum(roots)
        print(total > 8.5, total)

        """

    let notebook = """
        {
         "cells": [
          {
           "cell_type": "markdown",
           "id": "intro",
           "metadata": {},
           "source": [
            "# Données\\n"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": 1,
           "id": "setup",
           "metadata": {},
           "outputs": [],
           "source": [
            "import math\\n",
            "values = [4, 9, 16]"
           ]
          },
          {
           "cell_type": "markdown",
           "id": "heading",
           "metadata": {},
           "source": [
            "## Compute the roots"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": 2,
           "id": "work",
           "metadata": {"tags": ["keep"]},
           "outputs": [
            {
             "data": {"text/plain": ["3.0"]},
             "execution_count": 2,
             "metadata": {},
             "output_type": "execute_result"
            }
           ],
           "source": [
            "roots = [math.sqrt(v) for v in values]\\n",
            "total = sum(roots)\\n",
            "total"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": 3,
           "id": "report",
           "metadata": {},
           "outputs": [],
           "source": [
            "print(total > 8.5, total)"
           ]
          }
         ],
         "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
         "nbformat": 4,
         "nbformat_minor": 5
        }

        """

    func read(_ name: String) throws -> String {
        try String(contentsOf: project.appendingPathComponent(name), encoding: .utf8)
    }

    // MARK: extract-function

    func testExtractFunctionFromAScript() throws {
        try write(script, "roots.py")
        let expected = """
            import math

            values = [4, 9, 16]


            def sum_roots(values):
                roots = [math.sqrt(v) for v in values]
                total = sum(roots)
                return total


            total = sum_roots(values)
            print(total > 8.5, total)

            """
        let shown = try smelt(["refactor", "extract-function", "roots.py", "--lines", "4-5", "--name", "sum_roots"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertEqual(shown.stdout, """
            --- a/roots.py
            +++ b/roots.py
            @@ -1,6 +1,13 @@
             import math
             
             values = [4, 9, 16]
            -roots = [math.sqrt(v) for v in values]
            -total = sum(roots)
            +
            +
            +def sum_roots(values):
            +    roots = [math.sqrt(v) for v in values]
            +    total = sum(roots)
            +    return total
            +
            +
            +total = sum_roots(values)
             print(total > 8.5, total)

            """)
        XCTAssertTrue(shown.stderr.contains("Extracted `total = sum_roots(values)` from lines 4-5"), shown.stderr)
        XCTAssertEqual(try read("roots.py"), script, "written without --write")

        let written = try smelt(["refactor", "extract-function", "roots.py", "--lines", "4-5", "--name", "sum_roots", "--write"])
        XCTAssertEqual(written.status, 0, written.stderr)
        XCTAssertEqual(try read("roots.py"), expected)
        // The result lints and still extracts nothing twice: the name is now taken.
        let again = try smelt(["refactor", "extract-function", "roots.py", "--lines", "12", "--name", "sum_roots"])
        XCTAssertEqual(again.status, 2)
        XCTAssertTrue(again.stderr.contains("`sum_roots` is already bound in this file"), again.stderr)
    }

    func testExtractFunctionFromANotebookCellKeepsEveryOtherByte() throws {
        try write(notebook, "roots.ipynb")
        let shown = try smelt(["refactor", "extract-function", "roots.ipynb", "--cell", "4"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertEqual(shown.stdout, """
            --- a/roots.ipynb:cell 4
            +++ b/roots.ipynb:cell 4
            @@ -1,3 +1,8 @@
            -roots = [math.sqrt(v) for v in values]
            -total = sum(roots)
            +def compute_the_roots(values):
            +    roots = [math.sqrt(v) for v in values]
            +    total = sum(roots)
            +    return total
            +
            +
            +total = compute_the_roots(values)
             total
            \\ No newline at end of file

            """)
        XCTAssertTrue(shown.stderr.contains("line 3 stays in the cell: its value is the cell's output"), shown.stderr)

        XCTAssertEqual(try smelt(["refactor", "extract-function", "roots.ipynb", "--cell", "4", "--write"]).status, 0)
        let edited = notebook.replacingOccurrences(of: """
               "source": [
                "roots = [math.sqrt(v) for v in values]\\n",
                "total = sum(roots)\\n",
                "total"
               ]
            """, with: """
               "source": [
                "def compute_the_roots(values):\\n",
                "    roots = [math.sqrt(v) for v in values]\\n",
                "    total = sum(roots)\\n",
                "    return total\\n",
                "\\n",
                "\\n",
                "total = compute_the_roots(values)\\n",
                "total"
               ]
            """)
        XCTAssertNotEqual(edited, notebook)
        XCTAssertEqual(try read("roots.ipynb"), edited, "only the cell's source changes, byte for byte")
        // The notebook still lints.
        XCTAssertNotEqual(try smelt(["check", "roots.ipynb"]).status, 2)
    }

    func testExtractLinesOfACell() throws {
        try write(notebook, "roots.ipynb")
        let run = try smelt(["refactor", "extract-function", "roots.ipynb", "--cell", "4", "--lines", "1", "--name", "square_roots"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("+roots = square_roots(values)\n total = sum(roots)"), run.stdout)
    }

    // MARK: introduce-constant

    func testIntroduceConstantInAScript() throws {
        try write(script, "roots.py")
        let ambiguous = try smelt(["refactor", "introduce-constant", "roots.py", "--line", "3", "--name", "X"])
        XCTAssertEqual(ambiguous.status, 2)
        XCTAssertEqual(ambiguous.stderr, "error: line 3 has 4 literals; pick one with --column: `[4, 9, 16]` at column 10, "
                       + "`4` at column 11, `9` at column 14, `16` at column 17\n")

        let run = try smelt(["refactor", "introduce-constant", "roots.py", "--line", "6", "--name", "MIN_TOTAL", "--write"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try read("roots.py"), """
            import math

            MIN_TOTAL = 8.5

            values = [4, 9, 16]
            roots = [math.sqrt(v) for v in values]
            total = sum(roots)
            print(total > MIN_TOTAL, total)

            """)
        let column = try smelt(["refactor", "introduce-constant", "roots.py", "--line", "5", "--column", "15", "--name", "SIZES"])
        XCTAssertEqual(column.status, 0, column.stderr)
        XCTAssertTrue(column.stdout.contains("+SIZES = [4, 9, 16]\n"), column.stdout)
        XCTAssertTrue(column.stdout.contains("+values = SIZES\n"), column.stdout)
    }

    func testIntroduceConstantInANotebookGoesToTheFirstCodeCell() throws {
        try write(notebook, "roots.ipynb")
        let run = try smelt(["refactor", "introduce-constant", "roots.ipynb", "--cell", "5", "--line", "1", "--name", "MIN_TOTAL", "--write"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, """
            --- a/roots.ipynb:cell 2
            +++ b/roots.ipynb:cell 2
            @@ -1,2 +1,5 @@
             import math
            +
            +MIN_TOTAL = 8.5
            +
             values = [4, 9, 16]
            \\ No newline at end of file
            --- a/roots.ipynb:cell 5
            +++ b/roots.ipynb:cell 5
            @@ -1 +1 @@
            -print(total > 8.5, total)
            \\ No newline at end of file
            +print(total > MIN_TOTAL, total)
            \\ No newline at end of file

            """)
        let edited = notebook
            .replacingOccurrences(of: "    \"import math\\n\",\n", with: "    \"import math\\n\",\n    \"\\n\",\n    \"MIN_TOTAL = 8.5\\n\",\n    \"\\n\",\n")
            .replacingOccurrences(of: "\"print(total > 8.5, total)\"", with: "\"print(total > MIN_TOTAL, total)\"")
        XCTAssertEqual(try read("roots.ipynb"), edited)
    }

    // MARK: errors

    func testUsageErrorsAndRefusalsExitTwo() throws {
        try write(notebook, "roots.ipynb")
        try write(script, "roots.py")
        try write("x = (\n", "broken.py")
        let cases: [([String], String)] = [
            (["extract-function", "roots.ipynb", "--cell", "3"], "error: cell 3 is a markdown cell\n"),
            (["extract-function", "roots.ipynb", "--cell", "9"], "error: there is no cell 9: the notebook has 5 cells\n"),
            (["extract-function", "roots.ipynb", "--lines", "1-2"],
             "error: roots.ipynb is a notebook: say which cell with --cell N (N counts all cells from 1)\n"),
            (["extract-function", "roots.py", "--cell", "1"], "error: --cell is for notebooks; roots.py is a script\n"),
            (["extract-function", "roots.py", "--lines", "3-9"], "error: lines 3-9 are outside the code (it has 6 lines)\n"),
            (["extract-function", "roots.py", "--lines", "2"], "error: line 2 holds no statement\n"),
            (["extract-function", "roots.py", "--lines", "4", "--name", "values"],
             "error: cannot extract a function: `values` is already bound in this file\n"),
            (["extract-function", "roots.py", "--lines", "4", "--name", "not-a-name"],
             "error: cannot extract a function: `not-a-name` is not a valid Python name\n"),
            (["extract-function", "broken.py", "--lines", "1"], "error: the file has syntax errors: fix them first\n"),
            (["extract-function", "missing.py", "--lines", "1"], "error: missing.py: cannot read file: No such file or directory\n"),
            (["introduce-constant", "roots.py", "--line", "4", "--name", "N"],
             "error: line 4 has no literal that can become a constant (a number, a string, or a tuple or list of them)\n"),
            (["introduce-constant", "roots.py", "--line", "6", "--name", "total"],
             "error: cannot introduce `total`: `total` is already bound in this file\n"),
            (["introduce-constant", "roots.py", "--line", "6", "--column", "2", "--name", "LIMIT"],
             "error: no literal at line 6, column 2; the line has `8.5` at column 15\n"),
        ]
        for (args, message) in cases {
            let run = try smelt(["refactor"] + args)
            XCTAssertEqual(run.status, 2, args.joined(separator: " "))
            XCTAssertEqual(run.stderr, message, args.joined(separator: " "))
            XCTAssertEqual(run.stdout, "", args.joined(separator: " "))
        }
        for args in [["extract-function", "roots.py"], ["extract-function", "roots.py", "--lines", "5-3"],
                     ["extract-function", "roots.py", "--lines", "x"], ["introduce-constant", "roots.py", "--name", "A"]] {
            let run = try smelt(["refactor"] + args)
            XCTAssertEqual(run.status, 2, args.joined(separator: " "))
            XCTAssertFalse(run.stderr.isEmpty)
        }
        // Nothing was written.
        XCTAssertEqual(try read("roots.py"), script)
        XCTAssertEqual(try read("roots.ipynb"), notebook)
    }
}

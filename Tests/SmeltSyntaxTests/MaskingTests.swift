import SmeltSyntax
import XCTest

final class MaskingTests: XCTestCase {
    private func mask(_ text: String, bound: Set<String> = [], file: StaticString = #filePath, line: UInt = #line) -> MaskedSource {
        let source = SourceText(text)
        let masked = IPythonMasking.mask(source, boundNames: bound)
        assertShapePreserved(source, masked.text, file: file, line: line)
        return masked
    }

    /// Same number of lines, each with the same number of code points and the same terminator.
    private func assertShapePreserved(_ a: SourceText, _ b: SourceText, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.lineCount, b.lineCount, "line count", file: file, line: line)
        guard a.lineCount == b.lineCount else { return }
        for k in 1...a.lineCount {
            XCTAssertEqual(a.line(k).unicodeScalars.count, b.line(k).unicodeScalars.count, "line \(k) length", file: file, line: line)
            let ta = a.text(ByteRange(a.lineContentEnd(k - 1), k < a.lineCount ? a.lineStarts[k] : a.bytes.count))
            let tb = b.text(ByteRange(b.lineContentEnd(k - 1), k < b.lineCount ? b.lineStarts[k] : b.bytes.count))
            XCTAssertEqual(ta, tb, "line \(k) terminator", file: file, line: line)
        }
    }

    private func assertMasks(_ input: String, _ expected: String, lines: Set<Int> = [1], bound: Set<String> = [],
                             file: StaticString = #filePath, line: UInt = #line) {
        let m = mask(input, bound: bound, file: file, line: line)
        XCTAssertEqual(m.text.string, expected, file: file, line: line)
        XCTAssertEqual(m.maskedLines, lines, file: file, line: line)
        XCTAssertNil(m.skippedCellMagic, file: file, line: line)
    }

    private func assertUntouched(_ input: String, bound: Set<String> = [], file: StaticString = #filePath, line: UInt = #line) {
        assertMasks(input, input, lines: [], bound: bound, file: file, line: line)
    }

    private func dots(_ n: Int) -> String { "..." + String(repeating: " ", count: n - 3) }

    // MARK: Magics

    func testLineMagics() {
        assertMasks("%matplotlib inline", "..." + String(repeating: " ", count: 15))
        assertMasks("%matplotlib inline\nimport numpy as np\n", dots(18) + "\nimport numpy as np\n")
        assertMasks("%load_ext autoreload\n%autoreload 2", dots(20) + "\n" + dots(13), lines: [1, 2])
        assertMasks("x = 1\n%time f(x)  # timed\n", "x = 1\n0;    f(x)  # timed\n", lines: [2])
        assertMasks("%%time", dots(6))
        assertMasks("%", "0")
    }

    func testIndentedLineMagic() {
        assertMasks("for i in range(3):\n    %time f(i)\n", "for i in range(3):\n    0;    f(i)\n", lines: [2])
        assertMasks("if x:\n\t%timeit -n 3 f()\nelse:\n  !echo no\n",
                    "if x:\n\t" + dots(16) + "\nelse:\n  " + dots(8) + "\n", lines: [2, 4])
    }

    func testMagicAsAssignmentValue() {
        assertMasks("x = %time f()", "x = " + dots(9))
        assertMasks("files = %sx ls", "files = " + dots(6))
        assertMasks("x = !ls -la", "x = " + dots(7))
        assertMasks("a, b = !!echo 1 2", "a, b = " + dots(10))
        assertMasks("d['k'] = !ls", "d['k'] = " + dots(3))
        assertMasks("x: list = !ls", "x: list = " + dots(3))
        assertMasks("x = !", "x = 0")
        assertMasks("out = %%capture", "out = " + dots(9))
    }

    func testShellEscapes() {
        assertMasks("!pip install requests", dots(21))
        assertMasks("!!ls -la", dots(8))
        assertMasks("!", "0")
        assertMasks("!l", "0 ")
        assertMasks("!echo \"unterminated\nx = 1", dots(19) + "\nx = 1")
    }

    func testHelp() {
        assertMasks("np.array?", dots(9))
        assertMasks("np.array??", dots(10))
        assertMasks("?np.zeros", dots(9))
        assertMasks("??np.zeros", dots(10))
        assertMasks("a?", "0 ")
        assertMasks("?", "0")
        assertMasks("%timeit?", dots(8))
        assertMasks("np.*load*?", dots(10))
        assertMasks("obj.method?  ", dots(13))
        assertMasks("    obj?", "    " + dots(4))
    }

    func testAutomagics() {
        assertMasks("cd ..", dots(5))
        assertMasks("cd", "0 ")
        assertMasks("ls", "0 ")
        assertMasks("ls -la", dots(6))
        assertMasks("pwd", "...")
        assertMasks("pip install numpy pandas", dots(24))
        assertMasks("conda install -y scipy", dots(22))
        assertMasks("cat data.csv", dots(12))
        assertMasks("clear", dots(5))
        assertMasks("env", "...")
        assertMasks("mkdir -p out/dir", dots(16))
        assertMasks("rm *.tmp", dots(8))
        assertMasks("mv a b", dots(6))
        assertMasks("cp a b", dots(6))
        assertMasks("less README", dots(11))
        assertMasks("man ls", dots(6))
        assertMasks("history -n", dots(10))
        assertMasks("who", "...")
        assertMasks("whos", dots(4))
        assertMasks("load_ext autoreload", dots(19))
        assertMasks("matplotlib inline", dots(17))
        assertMasks("time f(1)", dots(9))
        assertMasks("timeit f(1)", dots(11))
        assertMasks("reset -f", dots(8))
        assertMasks("cd /tmp  # go", dots(13))
        assertMasks("def f():\n    ls\n", "def f():\n    0 \n", lines: [2])
    }

    func testAutomagicNamesUsedAsPython() {
        for python in [
            "ls = 3", "pwd()", "cd.x", "ls[0]", "pip.main(['install', 'x'])", "time.sleep(1)", "ls, x = 1, 2",
            "pip += 1", "ls == 3", "ls != 3", "ls <= 3", "cd: int = 3", "time if x else y", "ls is None",
            "cd in dirs", "ls-1", "history (1)", "env['HOME']", "env ['HOME']", "who(1)", "ls **= 2", "ls //= 2",
            "ls and x", "not ls", "x = ls", "print(ls)", "lsx -la", "cdé x", "ls  = 4", "reset()",
        ] {
            assertUntouched(python)
        }
    }

    func testBoundNamesDisableAutomagics() {
        assertUntouched("ls\n", bound: ["ls"])
        assertUntouched("ls -la", bound: ["ls"])
        assertUntouched("time f(1)", bound: ["time"])
        assertMasks("ls\ncd ..", "ls\n" + dots(5), lines: [2], bound: ["ls"])
        // Explicit magics are not affected by bound names.
        assertMasks("%ls", "...", bound: ["ls"])
        assertMasks("!ls", "...", bound: ["ls"])
    }

    func testPythonIsUntouched() {
        for python in [
            "a % b", "x = a % b", "x != y", "value = a!=b", "print(\"!\")", "s = '%d%%' % 3  # 100%!",
            "# is it? yes! %magic", "print('why?')", "x = y if z else w", "d = {'a': 1}", "f(x=!y)",
            "total = (a\n    % b)", "total = a \\\n    % b", "items = [\n    !x,\n]", "x = 1; y = 2",
            "print(f\"{x!r}\")", "a = b == !c", "x = 5 # % ! ?", "s = 'it''s?'", "n = 3  # ?",
            "lambda: 0", "@decorator\ndef f(): pass", "x = 'ls'", "if ls:\n    pass",
        ] {
            assertUntouched(python)
        }
    }

    func testTripleQuotedStrings() {
        assertUntouched("doc = \"\"\"\n%not a magic\n!nor this\nls -la\nobj?\n\"\"\"\nx = 1")
        assertUntouched("s = r'''\n%x\n'''")
        assertUntouched("s = f\"\"\"a \\\"\"\" still\n!inside\n\"\"\"")
        assertUntouched("s = '''one''' + '''\n%two\n'''")
        assertUntouched("s = 'a\\\n%b'")  // a single-quoted string continued with a backslash
        // After the string closes, magics are recognised again.
        assertMasks("s = \"\"\"\n%x\n\"\"\"\n%time f()", "s = \"\"\"\n%x\n\"\"\"\n0;    f()", lines: [4])
        assertMasks("'''doc'''\n!ls", "'''doc'''\n...", lines: [2])
    }

    func testBackslashContinuedMagic() {
        assertMasks("!echo a \\\n  b \\\n  c\nx = 1", dots(9) + "\n" + String(repeating: " ", count: 5) + "\n   \nx = 1",
                    lines: [1, 2, 3])
        assertMasks("%time f(a, \\\n        b)\n", "0;    f(a, \\\n        b)\n", lines: [1])
        assertMasks("%timeit -n 3 f(a, \\\n        b)\n", dots(19) + "\n" + String(repeating: " ", count: 10) + "\n", lines: [1, 2])
    }

    // MARK: Cell magics

    func testSkippedCellMagics() {
        for name in ["bash", "html", "sql", "javascript", "latex", "markdown", "sh", "script", "writefile", "HTML"] {
            let text = "%%\(name) arg\nanything at all\n  !ls\n"
            let m = mask(text)
            XCTAssertEqual(m.skippedCellMagic, name)
            XCTAssertEqual(m.text.string, text)
            XCTAssertEqual(m.maskedLines, [1])
        }
        let m = mask("\n   \n%%writefile out.py\nprint(1)\n")
        XCTAssertEqual(m.skippedCellMagic, "writefile")
        XCTAssertEqual(m.maskedLines, [3])
    }

    func testPythonCellMagics() {
        assertMasks("%%time\nx = 1\n", dots(6) + "\nx = 1\n")
        assertMasks("%%timeit -n 10 -r 3\ntotal = sum(range(100))", dots(19) + "\ntotal = sum(range(100))")
        assertMasks("%%capture out\nprint(1)\n!ls", dots(13) + "\nprint(1)\n...", lines: [1, 3])
        assertMasks("%%prun -s cumulative\nf()", dots(20) + "\nf()")
        assertMasks("\n%%time\nx = 1", "\n" + dots(6) + "\nx = 1", lines: [2])
    }

    func testCellMagicOnlyOnFirstLine() {
        let m = mask("x = 1\n%%bash\necho hi\n")
        XCTAssertNil(m.skippedCellMagic)
        XCTAssertEqual(m.text.string, "x = 1\n" + dots(6) + "\necho hi\n")
        XCTAssertEqual(m.maskedLines, [2])
    }

    // MARK: Columns

    func testNonASCIIKeepsCodePointColumns() {
        assertMasks("!echo café 😀", dots(12))
        assertMasks("%time s = 'é😀'", "0;    s = 'é😀'")
        assertMasks("%time", dots(5))
        assertMasks("s = 'é'\nx = !echo 😀", "s = 'é'\nx = " + dots(7), lines: [2])
        assertUntouched("s = 'é😀' % 3")
        assertMasks("y = !ls 'ü'  # ü\n", "y = " + dots(12) + "\n")
    }

    func testCRLFLineEndingsKept() {
        assertMasks("%time f()\r\nx = 1\r\n!ls\r\n", "0;    f()\r\nx = 1\r\n...\r\n", lines: [1, 3])
    }

    func testMaskedLineSet() {
        let text = "import os\n%matplotlib inline\nx = !ls\nprint(x)\nos?\ncd ..\n\n# done\n"
        let m = mask(text)
        XCTAssertEqual(m.maskedLines, [2, 3, 5, 6])
        XCTAssertEqual(m.text.line(1), "import os")
        XCTAssertEqual(m.text.line(4), "print(x)")
        XCTAssertEqual(m.text.line(8), "# done")
    }

    // MARK: Bound names

    func testBoundNames() {
        let cells = [
            SourceText("import os, sys as system\nimport numpy.linalg\nfrom pathlib import Path, PurePath as PP\nfrom x import (a,\n  b as bee)\nfrom y import *\n"),
            SourceText("def run(ls, *args, cd=1, **kw):\n    pass\nasync def fetch(): pass\nclass Cat(Base): pass\n"),
            SourceText("for i, (j, k) in pairs: pass\nsq = [v for v in range(3)]\nwith open(f) as fh, ctx() as (p1, p2): pass\n"),
            SourceText("try:\n    pass\nexcept Exception as err:\n    pass\nif (n := 10) > 5: pass\nfn = lambda q, *r: q\n"),
            SourceText("a = b = 1\nc, [d, *e] = 1, [2, 3]\ncount += 1\nann: int = 3\nbare: str\nif flag: inside = 1\nobj.attr = 1\nitems[key] = 2\ncall(kw=1)\n"),
            SourceText("s = 'ghost = 1'  # phantom = 2\nt = \"\"\"\nnotbound = 1\n\"\"\"\nu = 1; w = 2\nx = !ls\n%time timed = f()\n"),
        ]
        let names = IPythonMasking.boundNames(in: cells)
        for expected in [
            "os", "system", "numpy", "Path", "PP", "a", "bee", "run", "ls", "args", "cd", "kw", "fetch", "Cat",
            "i", "j", "k", "sq", "v", "fh", "p1", "p2", "err", "n", "fn", "q", "r", "b", "c", "d", "e", "count",
            "ann", "bare", "inside", "s", "t", "u", "w", "x", "timed",
        ] {
            XCTAssertTrue(names.contains(expected), "\(expected) should be bound")
        }
        for unexpected in [
            "sys", "linalg", "PurePath", "b_", "pathlib", "y", "Base", "pairs", "range", "open", "f", "ctx",
            "Exception", "obj", "attr", "items", "key", "call", "kw_", "ghost", "phantom", "notbound", "flag",
            "int", "str", "if", "for", "import", "lambda", "pass", "None", "*",
        ] {
            XCTAssertFalse(names.contains(unexpected), "\(unexpected) should not be bound")
        }
    }

    func testMagicsFixture() throws {
        let nb = try parseFixture("magics")
        let code = nb.cells.filter { $0.kind == .code }.map(\.source)
        let bound = IPythonMasking.boundNames(in: code)
        XCTAssertTrue(bound.contains("ls"), "`ls = [1, 2, 3]` in the last cell binds ls")
        XCTAssertTrue(bound.contains("files"))
        XCTAssertFalse(bound.contains("cd"))
        XCTAssertFalse(bound.contains("pwd"))

        let masked = code.map { IPythonMasking.mask($0, boundNames: bound) }
        for (source, m) in zip(code, masked) { assertShapePreserved(source, m.text) }

        // Cell 1: line magics, shell escapes, help, automagics, and Python with % and !.
        let first = masked[0]
        XCTAssertNil(first.skippedCellMagic)
        XCTAssertEqual(first.maskedLines, [1, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14])
        XCTAssertEqual(first.text.line(1), dots(18))
        XCTAssertEqual(first.text.line(2), "import numpy as np")
        XCTAssertEqual(first.text.line(4), "files = " + dots(7))
        XCTAssertEqual(first.text.line(5), "listing = " + dots(6))
        XCTAssertEqual(first.text.line(9), "print(\"100%!\", 7 % 3, total != 0)")
        XCTAssertEqual(first.text.line(10), "for name in files:")
        XCTAssertEqual(first.text.line(11), "    0;    print(name)")
        XCTAssertEqual(first.text.line(12), dots(5))
        XCTAssertEqual(first.text.line(13), "...")

        // Cell 2: %%bash is skipped.
        XCTAssertEqual(masked[1].skippedCellMagic, "bash")
        XCTAssertEqual(masked[1].text.string, code[1].string)

        // Cell 3: %%time masks its line only; `ls` is bound in the notebook, so it stays Python.
        XCTAssertNil(masked[2].skippedCellMagic)
        XCTAssertEqual(masked[2].maskedLines, [1])
        XCTAssertEqual(masked[2].text.string, dots(6) + "\nsquares = [i ** 2 for i in range(10)]\nls\n")

        // Cell 4: the text inside the triple-quoted string is untouched.
        XCTAssertEqual(masked[3].maskedLines, [])
        XCTAssertEqual(masked[3].text.string, code[3].string)
    }
}

import Foundation
import XCTest
import SmeltKit

final class GlobTests: XCTestCase {
    private func glob(_ pattern: String, file: StaticString = #filePath, line: UInt = #line) -> GlobPattern {
        do {
            return try GlobPattern(pattern)
        } catch {
            XCTFail("'\(pattern)' should compile: \(error)", file: file, line: line)
            return try! GlobPattern("never-matches-anything-\(UInt64.random(in: 0...UInt64.max))")
        }
    }

    func testPatternWithoutSlashMatchesBasenameAtAnyDepth() {
        let py = glob("*.ipynb")
        XCTAssertFalse(py.isAnchored)
        XCTAssertTrue(py.matches("a.ipynb"))
        XCTAssertTrue(py.matches("notebooks/deep/a.ipynb"))
        XCTAssertFalse(py.matches("a.ipynb.bak"))
        XCTAssertFalse(py.matches("a.py"))

        let build = glob("build")
        XCTAssertTrue(build.matches("build"))
        XCTAssertTrue(build.matches("src/build", isDirectory: true))
        XCTAssertFalse(build.matches("builder"))
        XCTAssertFalse(build.matches("rebuild"))
    }

    func testStarStaysInsideOneComponent() {
        let pattern = glob("src/*.py")
        XCTAssertTrue(pattern.isAnchored)
        XCTAssertTrue(pattern.matches("src/a.py"))
        XCTAssertTrue(pattern.matches("src/.py"))
        XCTAssertFalse(pattern.matches("src/sub/a.py"))
        XCTAssertFalse(pattern.matches("lib/src/a.py"))
        // `*` also matches names starting with a dot.
        XCTAssertTrue(glob("*").matches(".hidden"))
    }

    func testAnchoredPatterns() {
        let scratch = glob("notebooks/scratch/*.ipynb")
        XCTAssertTrue(scratch.matches("notebooks/scratch/try.ipynb"))
        XCTAssertFalse(scratch.matches("notebooks/scratch/deep/try.ipynb"))
        XCTAssertFalse(scratch.matches("x/notebooks/scratch/try.ipynb"))
        XCTAssertFalse(scratch.matches("notebooks/try.ipynb"))

        let setup = glob("/setup.py")
        XCTAssertTrue(setup.isAnchored)
        XCTAssertTrue(setup.matches("setup.py"))
        XCTAssertFalse(setup.matches("pkg/setup.py"))

        let dotted = glob("./tools/gen.py")
        XCTAssertTrue(dotted.isAnchored)
        XCTAssertTrue(dotted.matches("tools/gen.py"))
        XCTAssertFalse(dotted.matches("x/tools/gen.py"))
    }

    func testDoubleStar() {
        let legacy = glob("src/**/legacy_*.py")
        XCTAssertTrue(legacy.matches("src/legacy_a.py"))
        XCTAssertTrue(legacy.matches("src/a/legacy_b.py"))
        XCTAssertTrue(legacy.matches("src/a/b/c/legacy_c.py"))
        XCTAssertFalse(legacy.matches("lib/legacy_a.py"))
        XCTAssertFalse(legacy.matches("src/a/legacy.py"))

        let anywhere = glob("**/fixtures")
        XCTAssertTrue(anywhere.matches("fixtures", isDirectory: true))
        XCTAssertTrue(anywhere.matches("a/b/fixtures", isDirectory: true))
        XCTAssertFalse(anywhere.matches("a/b/fixtures2", isDirectory: true))

        let inside = glob("data/**")
        XCTAssertTrue(inside.matches("data/x.py"))
        XCTAssertTrue(inside.matches("data/a/b/x.py"))
        XCTAssertFalse(inside.matches("data", isDirectory: true))
        XCTAssertFalse(inside.matches("database/x.py"))

        // `**` that is not a whole component is a plain `*`.
        let inner = glob("a**b.py")
        XCTAssertTrue(inner.matches("a_x_b.py"))
        XCTAssertFalse(inner.matches("a/b.py"))
        XCTAssertFalse(glob("x/a**b.py").matches("x/a/q/b.py"))
    }

    func testQuestionMarkMatchesOneCharacter() {
        let pattern = glob("a?.py")
        XCTAssertTrue(pattern.matches("ab.py"))
        XCTAssertTrue(pattern.matches("aé.py"), "one character, even when it takes two UTF-8 bytes")
        XCTAssertFalse(pattern.matches("a.py"))
        XCTAssertFalse(pattern.matches("abc.py"))
        XCTAssertFalse(glob("x?y").matches("x/y"))
    }

    func testCharacterClasses() {
        XCTAssertTrue(glob("[abc].py").matches("b.py"))
        XCTAssertFalse(glob("[abc].py").matches("d.py"))
        XCTAssertTrue(glob("[!a-z].py").matches("1.py"))
        XCTAssertFalse(glob("[!a-z].py").matches("q.py"))
        XCTAssertTrue(glob("[^a-z].py").matches("Q.py"))
        XCTAssertTrue(glob("[]x].py").matches("].py"), "a leading ] is literal")
        XCTAssertTrue(glob("[a-].py").matches("-.py"), "a trailing - is literal")
        XCTAssertTrue(glob("[à-ç]x").matches("çx"))
        XCTAssertFalse(glob("[à-ç]x").matches("èx"))
        XCTAssertTrue(glob("test_[0-9][0-9].py").matches("test_42.py"))
        XCTAssertFalse(glob("test_[0-9][0-9].py").matches("test_4x.py"))
    }

    func testEscapes() {
        XCTAssertTrue(glob("\\*.py").matches("*.py"))
        XCTAssertFalse(glob("\\*.py").matches("a.py"))
        XCTAssertTrue(glob("a\\[1\\].py").matches("a[1].py"))
        XCTAssertTrue(glob("what\\?").matches("what?"))
        XCTAssertFalse(glob("what\\?").matches("whatx"))
    }

    func testTrailingSlashMeansDirectoriesOnly() {
        let pattern = glob("build/")
        XCTAssertTrue(pattern.isDirectoryOnly)
        XCTAssertFalse(pattern.isAnchored)
        XCTAssertTrue(pattern.matches("build", isDirectory: true))
        XCTAssertTrue(pattern.matches("build/"))
        XCTAssertTrue(pattern.matches("pkg/build", isDirectory: true))
        XCTAssertFalse(pattern.matches("build", isDirectory: false))
        XCTAssertFalse(pattern.matches("build"))
    }

    func testMatchingDirectoryCoversEverythingBelow() {
        XCTAssertTrue(glob("build").matches("build/lib/x.py"))
        XCTAssertTrue(glob("build/").matches("pkg/build/x.py"))
        XCTAssertTrue(glob("src/legacy").matches("src/legacy/a/b.py"))
        XCTAssertFalse(glob("src/legacy").matches("src/legacy2/b.py"))
        XCTAssertTrue(glob("*.egg-info").matches("pkg.egg-info/top.py"))
        // matchesExactly looks at the path alone.
        XCTAssertFalse(glob("build").matchesExactly("build/lib/x.py", isDirectory: false))
        XCTAssertTrue(glob("build").matchesExactly("src/build", isDirectory: true))
    }

    func testPathsAreCleanedBeforeMatching() {
        let pattern = glob("src/*.py")
        XCTAssertTrue(pattern.matches("./src/a.py"))
        XCTAssertTrue(pattern.matches("src//a.py"))
        XCTAssertFalse(pattern.matches(""))
        XCTAssertFalse(glob("*").matches("."))
    }

    func testErrors() {
        func error(_ pattern: String) -> GlobError? {
            do {
                _ = try GlobPattern(pattern)
                return nil
            } catch {
                return error
            }
        }
        XCTAssertEqual(error("src/[abc.py"), .unclosedCharacterClass(pattern: "src/[abc.py", offset: 4))
        XCTAssertEqual(error("[!]"), .unclosedCharacterClass(pattern: "[!]", offset: 0))
        XCTAssertEqual(error("a\\"), .danglingEscape(pattern: "a\\"))
        XCTAssertEqual(error(""), .emptyPattern)
        XCTAssertEqual(error("/"), .emptyPattern)
        XCTAssertEqual(error("[a/b]"), .slashInCharacterClass(pattern: "[a/b]", offset: 0))
        XCTAssertEqual(error("[z-a]"), .invalidRange(pattern: "[z-a]", offset: 0))
        XCTAssertNil(error("ok/**/*.py"))
        XCTAssertEqual(
            GlobError.unclosedCharacterClass(pattern: "src/[abc.py", offset: 4).description,
            "invalid glob pattern 'src/[abc.py': the character class opened by '[' at offset 4 is never closed with ']'")
        XCTAssertEqual((GlobError.danglingEscape(pattern: "a\\") as Error).localizedDescription,
                       "invalid glob pattern 'a\\': it ends with a lone '\\' escaping nothing")
    }

    func testEqualityUsesThePatternText() {
        let set: Set<GlobPattern> = [glob("*.py"), glob("*.py"), glob("build/")]
        XCTAssertEqual(set.count, 2)
        XCTAssertEqual(glob("a/*.py").description, "a/*.py")
    }
}

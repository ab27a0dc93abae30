import Foundation
import XCTest
import SmeltKit

final class GitIgnoreTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("smelt-gitignore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    private func write(_ relative: String, _ contents: String = "") throws {
        let url = scratch.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: false, encoding: .utf8)
    }

    // MARK: - Parsing

    func testCommentsBlankLinesAndEscapes() {
        let file = GitIgnoreFile(contents: "# a comment\n\n   \n\\#hash.py\n\\!bang.py\n*.pyc\n")
        XCTAssertEqual(file.rules.map(\.pattern.pattern), ["\\#hash.py", "\\!bang.py", "*.pyc"])
        XCTAssertEqual(file.rules.map(\.line), [4, 5, 6])
        XCTAssertEqual(file.rules.map(\.isNegation), [false, false, false])
        XCTAssertEqual(file.match("#hash.py", isDirectory: false), true)
        XCTAssertEqual(file.match("!bang.py", isDirectory: false), true)
        XCTAssertNil(file.match("# a comment", isDirectory: false))
        XCTAssertNil(file.match("bang.py", isDirectory: false))
    }

    func testTrailingSpacesAndCarriageReturns() {
        let file = GitIgnoreFile(contents: "plain.py   \r\nkept\\ \r\n")
        XCTAssertEqual(file.rules.map(\.pattern.pattern), ["plain.py", "kept\\ "])
        XCTAssertEqual(file.match("plain.py", isDirectory: false), true)
        XCTAssertEqual(file.match("kept ", isDirectory: false), true)
        XCTAssertNil(file.match("kept", isDirectory: false))
    }

    func testNegationAndLastMatchWins() {
        let file = GitIgnoreFile(contents: "*.py\n!keep_*.py\nkeep_not.py\n")
        XCTAssertEqual(file.match("a.py", isDirectory: false), true)
        XCTAssertEqual(file.match("keep_me.py", isDirectory: false), false)
        XCTAssertEqual(file.match("keep_not.py", isDirectory: false), true)
        XCTAssertEqual(file.match("pkg/keep_me.py", isDirectory: false), false)
        XCTAssertNil(file.match("notes.txt", isDirectory: false))
    }

    func testDirectoryOnlyPatterns() {
        let file = GitIgnoreFile(contents: "out/\n")
        XCTAssertEqual(file.match("out", isDirectory: true), true)
        XCTAssertEqual(file.match("a/out", isDirectory: true), true)
        XCTAssertNil(file.match("out", isDirectory: false))
    }

    func testPatternsAreRelativeToTheirDirectory() {
        let file = GitIgnoreFile(contents: "*.log.py\n/only_here.py\nsub/x.py\n", directory: "pkg")
        XCTAssertEqual(file.directory, "pkg")
        XCTAssertEqual(file.match("pkg/a.log.py", isDirectory: false), true)
        XCTAssertEqual(file.match("pkg/deep/a.log.py", isDirectory: false), true)
        XCTAssertNil(file.match("other/a.log.py", isDirectory: false), "outside the directory")
        XCTAssertNil(file.match("pkgx/a.log.py", isDirectory: false))
        XCTAssertEqual(file.match("pkg/only_here.py", isDirectory: false), true)
        XCTAssertNil(file.match("pkg/deep/only_here.py", isDirectory: false), "a leading / anchors")
        XCTAssertEqual(file.match("pkg/sub/x.py", isDirectory: false), true)
        XCTAssertNil(file.match("pkg/deep/sub/x.py", isDirectory: false), "a middle / anchors too")
    }

    func testInvalidLinesAreSkipped() {
        let file = GitIgnoreFile(contents: "[abc\nok.py\ntrailing\\\n")
        XCTAssertEqual(file.invalidLines, [1, 3])
        XCTAssertEqual(file.rules.map(\.pattern.pattern), ["ok.py"])
    }

    func testByteOrderMarkIsIgnored() {
        let file = GitIgnoreFile(contents: "\u{FEFF}first.py\n")
        XCTAssertEqual(file.match("first.py", isDirectory: false), true)
    }

    // MARK: - Stacks of files

    func testNothingBelowAnIgnoredDirectoryCanBeReincluded() {
        let blocked = GitIgnore(workTreeRoot: "/repo", files: [GitIgnoreFile(contents: "build/\n!build/keep.py\n")])
        XCTAssertTrue(blocked.isIgnored("build", isDirectory: true))
        XCTAssertTrue(blocked.isIgnored("build/keep.py", isDirectory: false))

        let open = GitIgnore(workTreeRoot: "/repo", files: [GitIgnoreFile(contents: "build/*\n!build/keep.py\n")])
        XCTAssertFalse(open.isIgnored("build", isDirectory: true))
        XCTAssertFalse(open.isIgnored("build/keep.py", isDirectory: false))
        XCTAssertTrue(open.isIgnored("build/other.py", isDirectory: false))
    }

    func testDeeperFilesOverrideShallowerOnesAndExcludeIsLowest() {
        var ignore = GitIgnore(workTreeRoot: "/repo")
        ignore.append(GitIgnoreFile(contents: "*.md.py\nscratch_*.py\n"))          // info/exclude
        ignore.append(GitIgnoreFile(contents: "*.gen.py\n!README.md.py\n"))        // /.gitignore
        ignore.append(GitIgnoreFile(contents: "!keep.gen.py\n", directory: "sub")) // /sub/.gitignore
        XCTAssertFalse(ignore.isIgnored("README.md.py", isDirectory: false))
        XCTAssertTrue(ignore.isIgnored("CHANGES.md.py", isDirectory: false))
        XCTAssertTrue(ignore.isIgnored("scratch_1.py", isDirectory: false))
        XCTAssertTrue(ignore.isIgnored("keep.gen.py", isDirectory: false))
        XCTAssertFalse(ignore.isIgnored("sub/keep.gen.py", isDirectory: false))
        XCTAssertTrue(ignore.isIgnored("sub/other.gen.py", isDirectory: false))
        XCTAssertFalse(ignore.isIgnored("sub/plain.py", isDirectory: false))
    }

    // MARK: - Loading from a work tree

    func testLoadCollectsExcludeAndEveryGitignoreDownToTheDirectory() throws {
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("repo/.git/info"),
                                                withIntermediateDirectories: true)
        try write("repo/.git/info/exclude", "local_*.py\n")
        try write("repo/.gitignore", "*.tmp.py\n")
        try write("repo/a/.gitignore", "/generated/\n")
        try write("repo/a/b/.gitignore", "!keep.tmp.py\n")
        try write("repo/a/b/c/.gitignore", "ignored-because-below-the-directory.py\n")
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("repo/a/b/c"),
                                                withIntermediateDirectories: true)

        let repo = try XCTUnwrap(realpathString(scratch.appendingPathComponent("repo").path))
        XCTAssertEqual(GitIgnore.workTreeRoot(containing: repo + "/a/b/c"), repo)
        XCTAssertEqual(GitIgnore.excludeFilePath(forWorkTree: repo), repo + "/.git/info/exclude")

        let ignore = try XCTUnwrap(GitIgnore.load(forDirectory: repo + "/a/b"))
        XCTAssertEqual(ignore.workTreeRoot, repo)
        XCTAssertEqual(ignore.files.map(\.directory), ["", "", "a", "a/b"])
        XCTAssertTrue(ignore.isIgnored("a/b/local_x.py", isDirectory: false))
        XCTAssertTrue(ignore.isIgnored("a/b/x.tmp.py", isDirectory: false))
        XCTAssertFalse(ignore.isIgnored("a/b/keep.tmp.py", isDirectory: false))
        XCTAssertTrue(ignore.isIgnored("a/generated/x.py", isDirectory: false))
        XCTAssertFalse(ignore.isIgnored("a/b/generated/x.py", isDirectory: false))
        XCTAssertFalse(ignore.isIgnored("a/b/c/ignored-because-below-the-directory.py", isDirectory: false))
    }

    func testGitFilePointingToALinkedWorktree() throws {
        try write("main/.git/info/exclude", "x\n")
        try write("main/.git/worktrees/feature/commondir", "../..\n")
        try write("feature/.git", "gitdir: ../main/.git/worktrees/feature\n")
        let feature = try XCTUnwrap(realpathString(scratch.appendingPathComponent("feature").path))
        let main = try XCTUnwrap(realpathString(scratch.appendingPathComponent("main").path))
        XCTAssertEqual(GitIgnore.workTreeRoot(containing: feature), feature)
        let exclude = try XCTUnwrap(GitIgnore.excludeFilePath(forWorkTree: feature))
        XCTAssertEqual(realpathString(exclude), main + "/.git/info/exclude")
    }

    private func realpathString(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

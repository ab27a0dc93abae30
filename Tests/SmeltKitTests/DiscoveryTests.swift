import Foundation
import XCTest
import SmeltKit

final class DiscoveryTests: XCTestCase {
    /// The project (and git work tree) root; the tests run with it as the current directory.
    private var project: String!
    private var scratch: URL!
    private var previousDirectory: String!
    private var lockedDirectories: [String] = []

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("smelt-discovery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        // Resolve symlinks (a temporary directory may live behind one) so absolute paths compare exactly.
        let resolved = try XCTUnwrap(realpath(scratch.path, nil))
        let base = String(cString: resolved)
        free(resolved)
        project = base + "/project"
        try buildProjectTree()
        previousDirectory = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(project))
    }

    override func tearDownWithError() throws {
        if let previousDirectory { _ = FileManager.default.changeCurrentDirectoryPath(previousDirectory) }
        for directory in lockedDirectories { chmod(directory, 0o755) }
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    // MARK: - Tree building

    private func write(_ relative: String, _ contents: String = "", in base: String? = nil) throws {
        let path = (base ?? project) + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try contents.write(toFile: path, atomically: false, encoding: .utf8)
    }

    private func mkdir(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: project + "/" + relative, withIntermediateDirectories: true)
    }

    private func symlink(_ relative: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: project + "/" + relative, withDestinationPath: destination)
    }

    private func buildProjectTree() throws {
        try write(".git/info/exclude", "secret_*.py\n")
        try mkdir(".git/objects")
        try write(".gitignore", "# build output\ngenerated/\n*.tmp.py\nlogs/*\n!logs/keep.py\n")
        try write("main.py", "print(1)\n")
        try write("notes.ipynb", "{}")
        try write("stub.pyi")
        try write("readme.md")
        try write("secret_key.py")            // .git/info/exclude
        try write("a.tmp.py")                 // .gitignore
        try write("models_generated.py")      // options.exclude "*_generated.py"
        try write("generated/gen.py")         // .gitignore directory
        try write("logs/old.py")              // .gitignore logs/*
        try write("logs/keep.py")             // re-included
        try write("src/.gitignore", "local_*.py\n!local_keep.py\n")
        try write("src/local_a.py")           // src/.gitignore
        try write("src/local_keep.py")
        try write("src/pkg/__init__.py")
        try write("src/pkg/mod.py")
        try write("src/pkg/x.tmp.py")         // root .gitignore applies below src
        try write("src/legacy/old.py")        // options.exclude "src/legacy"
        try write("src/__pycache__/c.py")     // skipped by default
        try write("weird_env/pyvenv.cfg", "home = /usr/bin\n")
        try write("weird_env/lib/site.py")    // a virtual environment under an odd name
        try write("node_modules/pkg/x.py")
        try write(".venv/lib/v.py")
        try write("dist/d.py")
        try write(".tox/t.py")
        try write("build/b.py")               // `build` is not skipped
        try write(".hidden/h.py")             // hidden directories are walked
        try write("scratch/tmp_1.ipynb")      // options.exclude "scratch/*.ipynb"
        try write("scratch/keep.py")
        try write("nested/.git/info/exclude", "nested_secret.py\n")
        try write("nested/n.tmp.py")          // the enclosing repository's rules stop at a nested one
        try write("nested/secret_x.py")
        try write("nested/nested_secret.py")  // the nested repository's own exclude
        try write("a/inner.py")
        try symlink("a/loop", to: "..")       // loop back to the project root
        try mkdir("links")
        try symlink("links/to_main.py", to: "../main.py")
        try symlink("links/broken.py", to: "../nowhere.py")
        try symlink("links/readme.txt", to: "../readme.md")
    }

    private var options: DiscoveryOptions {
        DiscoveryOptions(root: ".", exclude: [
            try! GlobPattern("src/legacy"),
            try! GlobPattern("scratch/*.ipynb"),
            try! GlobPattern("*_generated.py"),
        ])
    }

    private let expectedFromDot = [
        ".hidden/h.py",
        "a/inner.py",
        "build/b.py",
        "links/to_main.py",
        "logs/keep.py",
        "main.py",
        "nested/n.tmp.py",
        "nested/secret_x.py",
        "notes.ipynb",
        "scratch/keep.py",
        "src/local_keep.py",
        "src/pkg/__init__.py",
        "src/pkg/mod.py",
        "stub.pyi",
    ]

    // MARK: - Tests

    func testDotWalksEverythingWithDefaultsExcludesAndIgnores() {
        let result = discoverFiles(["."], options: options)
        XCTAssertEqual(result.files.map(\.path), expectedFromDot)
        XCTAssertEqual(result.missing, [])
        XCTAssertEqual(result.unreadable, [])
        XCTAssertEqual(result.files.first { $0.path == "notes.ipynb" }?.kind, .notebook)
        XCTAssertEqual(result.files.first { $0.path == "stub.pyi" }?.kind, .python)
    }

    func testDirectoryArgumentsKeepTheirSpelling() {
        let expected = ["src/local_keep.py", "src/pkg/__init__.py", "src/pkg/mod.py"]
        XCTAssertEqual(discoverFiles(["src"], options: options).files.map(\.path), expected)
        XCTAssertEqual(discoverFiles(["./src/"], options: options).files.map(\.path), expected)
        XCTAssertEqual(discoverFiles(["src/pkg"], options: options).files.map(\.path),
                       ["src/pkg/__init__.py", "src/pkg/mod.py"],
                       "the root .gitignore applies when walking a subdirectory")
    }

    func testAbsoluteArgumentGivesAbsolutePaths() {
        let result = discoverFiles([project], options: DiscoveryOptions(root: project, exclude: options.exclude))
        XCTAssertEqual(result.files.map(\.path), expectedFromDot.map { project + "/" + $0 })
    }

    func testParentRelativeArguments() {
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(project + "/src"))
        let options = DiscoveryOptions(root: "..", exclude: self.options.exclude)
        XCTAssertEqual(discoverFiles(["../scratch", "../src/legacy/.."], options: options).files.map(\.path), [
            "../scratch/keep.py",
            "../src/legacy/../local_keep.py",
            "../src/legacy/../pkg/__init__.py",
            "../src/legacy/../pkg/mod.py",
        ])
        XCTAssertEqual(discoverFiles(["pkg"], options: options).files.map(\.path), ["pkg/__init__.py", "pkg/mod.py"])
    }

    func testADirectoryReachedTwiceIsWalkedOnce() {
        // `pkg` is the directory already walked as `../src/pkg`: it is not listed again under a second name.
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(project + "/src"))
        let result = discoverFiles(["../src", "pkg"], options: DiscoveryOptions(root: "..", exclude: options.exclude))
        XCTAssertEqual(result.files.map(\.path), ["../src/local_keep.py", "../src/pkg/__init__.py", "../src/pkg/mod.py"])
    }

    func testExplicitFilesAreAlwaysIncluded() {
        let result = discoverFiles(
            ["src/legacy/old.py", "a.tmp.py", "readme.md", "generated/gen.py", "scratch/tmp_1.ipynb",
             "node_modules/pkg/x.py", "./main.py"],
            options: options)
        XCTAssertEqual(result.files, [
            DiscoveredFile(path: "a.tmp.py", kind: .python),
            DiscoveredFile(path: "generated/gen.py", kind: .python),
            DiscoveredFile(path: "main.py", kind: .python),
            DiscoveredFile(path: "node_modules/pkg/x.py", kind: .python),
            DiscoveredFile(path: "readme.md", kind: .python),
            DiscoveredFile(path: "scratch/tmp_1.ipynb", kind: .notebook),
            DiscoveredFile(path: "src/legacy/old.py", kind: .python),
        ])
    }

    func testExplicitlyNamedSkippedDirectoriesAreWalked() {
        XCTAssertEqual(discoverFiles(["node_modules", "weird_env", "src/legacy"], options: options).files.map(\.path),
                       ["node_modules/pkg/x.py", "src/legacy/old.py", "weird_env/lib/site.py"])
    }

    func testMissingPathsAreReported() {
        let result = discoverFiles(["nope", "main.py", "nope/deeper.py", "links/broken.py"], options: options)
        XCTAssertEqual(result.missing, ["nope", "nope/deeper.py", "links/broken.py"])
        XCTAssertEqual(result.files.map(\.path), ["main.py"])
    }

    func testOverlappingArgumentsGiveNoDuplicates() {
        let result = discoverFiles([".", "src", "main.py", "src/pkg/mod.py"], options: options)
        XCTAssertEqual(result.files.map(\.path), expectedFromDot)
    }

    func testGitignoreCanBeSwitchedOff() {
        var options = self.options
        options.respectGitignore = false
        XCTAssertEqual(discoverFiles(["."], options: options).files.map(\.path), [
            ".hidden/h.py",
            "a.tmp.py",
            "a/inner.py",
            "build/b.py",
            "generated/gen.py",
            "links/to_main.py",
            "logs/keep.py",
            "logs/old.py",
            "main.py",
            "nested/n.tmp.py",
            "nested/nested_secret.py",
            "nested/secret_x.py",
            "notes.ipynb",
            "scratch/keep.py",
            "secret_key.py",
            "src/local_a.py",
            "src/local_keep.py",
            "src/pkg/__init__.py",
            "src/pkg/mod.py",
            "src/pkg/x.tmp.py",
            "stub.pyi",
        ])
    }

    func testGitignoreOutsideAWorkTreeIsNotHonoured() throws {
        let outside = scratch.path + "/plain"
        try write(".gitignore", "*.py\n", in: outside)
        try write("x.py", in: outside)
        try write("sub/y.py", in: outside)
        if let root = GitIgnore.workTreeRoot(containing: outside) {
            throw XCTSkip("the temporary directory is inside the git work tree \(root)")
        }
        XCTAssertEqual(discoverFiles([outside], options: DiscoveryOptions(root: outside)).files.map(\.path),
                       [outside + "/sub/y.py", outside + "/x.py"])
    }

    func testSymlinkedDirectoryOutsideTheTreeIsFollowed() throws {
        try write("shared/helpers.py", in: scratch.path)
        try symlink("src/pkg/shared", to: scratch.path + "/shared")
        XCTAssertEqual(discoverFiles(["src/pkg"], options: options).files.map(\.path),
                       ["src/pkg/__init__.py", "src/pkg/mod.py", "src/pkg/shared/helpers.py"])
    }

    func testExcludedDirectoryPatternsAndDirectoryOnlyPatterns() {
        let options = DiscoveryOptions(root: ".", exclude: [
            try! GlobPattern("pkg/"),
            try! GlobPattern("/main.py"),
            try! GlobPattern("**/keep.py"),
            try! GlobPattern("links"),
        ])
        XCTAssertEqual(discoverFiles(["."], options: options).files.map(\.path), [
            ".hidden/h.py",
            "a/inner.py",
            "build/b.py",
            "models_generated.py",
            "nested/n.tmp.py",
            "nested/secret_x.py",
            "notes.ipynb",
            "scratch/tmp_1.ipynb",
            "src/legacy/old.py",
            "src/local_keep.py",
            "stub.pyi",
        ])
    }

    func testOutputIsInByteOrder() throws {
        let base = scratch.path + "/order"
        for name in ["é.py", "a0.py", "a/x.py", "a.py", "a-b.py", "B.py", "a.b/z.py"] {
            try write(name, in: base)
        }
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(base))
        XCTAssertEqual(discoverFiles(["."], options: DiscoveryOptions()).files.map(\.path),
                       ["B.py", "a-b.py", "a.b/z.py", "a.py", "a/x.py", "a0.py", "é.py"])
    }

    func testUnreadableDirectoryIsReportedAndTheWalkContinues() throws {
        try write("locked/in.py")
        let locked = project + "/locked"
        XCTAssertEqual(chmod(locked, 0), 0)
        lockedDirectories.append(locked)
        let result = discoverFiles(["."], options: options)
        let readableAnyway: Bool = {
            guard let handle = opendir(locked) else { return false }
            closedir(handle)
            return true
        }()
        if readableAnyway {
            // Running as root: permissions do not stop listing, so the file is found.
            XCTAssertEqual(result.files.map(\.path), (expectedFromDot + ["locked/in.py"]).sorted())
            XCTAssertEqual(result.unreadable, [])
            throw XCTSkip("running with privileges that ignore directory permissions (root); the unreadable case cannot be produced")
        }
        XCTAssertEqual(result.files.map(\.path), expectedFromDot)
        XCTAssertEqual(result.unreadable, [DiscoveryIssue(path: "locked", reason: "Permission denied")])
    }

    func testWalkStartingAboveTheRootAppliesExcludesOnceInsideIt() throws {
        try write("project2/scratch/n.ipynb", in: scratch.path)
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(project + "/src"))
        let result = discoverFiles(["../.."], options: DiscoveryOptions(
            root: "..", exclude: options.exclude, respectGitignore: false))
        let inProject = result.files.map(\.path).filter { $0.hasPrefix("../../project/scratch/") || $0.hasPrefix("../../project/src/legacy") }
        XCTAssertEqual(inProject, ["../../project/scratch/keep.py"])
        XCTAssertTrue(result.files.contains(DiscoveredFile(path: "../../project2/scratch/n.ipynb", kind: .notebook)),
                      "anchored excludes do not apply outside the root")
    }

    func testRelativeArgumentOutsideRootUsesOnlyBasenameExcludes() throws {
        try write("other/gen_generated.py", in: scratch.path)
        try write("other/scratch/x.ipynb", in: scratch.path)
        let result = discoverFiles(["../other"], options: options)
        XCTAssertEqual(result.files.map(\.path), ["../other/scratch/x.ipynb"])
    }
}

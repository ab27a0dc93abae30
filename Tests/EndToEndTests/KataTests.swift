import Foundation
import XCTest

/// The katas, end to end with the built binary: every kata is sound (`smelt kata dev
/// check`), and `smelt kata watch` works in a real terminal (tmux).
final class KataTests: SmeltTestCase {
    /// The Python with pandas, scikit-learn and pytest that `make test` prepares.
    static var python: String { Self.packageRoot.appendingPathComponent(".build/test-venv/bin/python").path }

    static var packageRoot: URL { testsFolder.deletingLastPathComponent().deletingLastPathComponent() }

    func requirePython() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python),
              Process.status(Self.python, ["-c", "import pandas, sklearn, pytest"]) == 0 else {
            throw XCTSkip("no .build/test-venv with pandas, scikit-learn and pytest: run `make test` (scripts/setup --test) to create it")
        }
    }

    var katas: [String] {
        let folder = Self.packageRoot.appendingPathComponent("Katas")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/kata.toml").path)
        }.sorted()
    }

    func testTheFiveKatasAreThere() throws {
        XCTAssertEqual(katas, ["duplicated-models", "leaky-evaluation", "notebook-to-module", "pandas-hygiene", "pure-functions"])
        let list = try smelt(["kata", "list"])
        XCTAssertEqual(list.status, 0, list.stderr)
        // In the order of the issue.
        let order = ["notebook-to-module", "duplicated-models", "pandas-hygiene", "leaky-evaluation", "pure-functions"]
        let positions = order.map { list.stdout.range(of: $0 + " ")?.lowerBound }
        XCTAssertFalse(positions.contains(nil), list.stdout)
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted(), list.stdout)
    }

    /// One test per kata, so a broken kata is named: start fails step 1, every solution
    /// passes its step and all before it, and no step passes before its work is done.
    func testNotebookToModuleIsSound() throws { try devCheck("notebook-to-module") }
    func testDuplicatedModelsIsSound() throws { try devCheck("duplicated-models") }
    func testPandasHygieneIsSound() throws { try devCheck("pandas-hygiene") }
    func testLeakyEvaluationIsSound() throws { try devCheck("leaky-evaluation") }
    func testPureFunctionsIsSound() throws { try devCheck("pure-functions") }

    func devCheck(_ name: String) throws {
        try requirePython()
        let run = try smelt(["kata", "dev", "check", name, "--python", Self.python])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix("ok   \(name):"), run.stdout)
    }

    func testStartErrorsAreClear() throws {
        let unknown = try smelt(["kata", "start", "no-such-kata", project.appendingPathComponent("ws").path])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("no kata named `no-such-kata` (katas: "), unknown.stderr)
        let notEmpty = try smelt(["kata", "start", "duplicated-models", project.path, "--no-venv"])
        XCTAssertEqual(notEmpty.status, 2)
        XCTAssertTrue(notEmpty.stderr.contains("already exists and is not empty"), notEmpty.stderr)
        let outside = try smelt(["kata", "status"])
        XCTAssertEqual(outside.status, 2)
        XCTAssertTrue(outside.stderr.contains("no kata here"), outside.stderr)
    }

    /// Without a terminal, watch prints lines and reads keys from its input.
    func testWatchDegradesToLinesWithoutATerminal() throws {
        try requirePython()
        let workspace = project.appendingPathComponent("pure")
        let start = try smelt(["kata", "start", "pure-functions", workspace.path, "--no-venv", "--python", Self.python])
        XCTAssertEqual(start.status, 0, start.stderr)
        XCTAssertTrue(start.stdout.contains("Step 1/"), start.stdout)
        let run = try smelt(["kata", "watch"], in: workspace, input: "h\nl\nq\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertFalse(run.stdout.contains("\u{1B}[2J"), "no screen clearing without a terminal")
        XCTAssertTrue(run.stdout.contains("Hint 1/"), run.stdout)
        XCTAssertTrue(run.stdout.contains("▶ 1. "), run.stdout)
        XCTAssertTrue(run.stdout.contains("Progress is saved"), run.stdout)
    }

    /// The issue's scenario: start kata 1, run `watch` in a real terminal, copy the step-1
    /// solution in, see the step pass; `h` shows a hint; `q` quits.
    func testWatchInARealTerminal() throws {
        try requirePython()
        guard Process.status("/usr/bin/env", ["tmux", "-V"]) == 0 else {
            throw XCTSkip("tmux is not installed (scripts/setup --test installs it)")
        }
        let workspace = project.appendingPathComponent("kata1")
        let start = try smelt(["kata", "start", "notebook-to-module", workspace.path, "--no-venv", "--python", Self.python])
        XCTAssertEqual(start.status, 0, start.stderr)
        let session = "smelt-test-\(UUID().uuidString.prefix(8))"
        let socket = project.appendingPathComponent("tmux.sock").path
        func tmux(_ args: [String]) -> (Int32, String) { Process.output("/usr/bin/env", ["tmux", "-S", socket] + args) }
        defer { _ = tmux(["kill-server"]) }
        let command = "\(Self.binary.path) kata watch"
        // The tmux server must not inherit a pipe of ours: start it with no output captured.
        XCTAssertEqual(Process.status("/usr/bin/env", ["tmux", "-S", socket, "new-session", "-d", "-s", session, "-x", "120", "-y", "45",
                                                       "-c", workspace.path, command], capture: false), 0)
        func screen() -> String { tmux(["capture-pane", "-p", "-t", session]).1 }
        func waitFor(_ text: String, seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if screen().contains(text) { return true }
                Thread.sleep(forTimeInterval: 0.5)
            }
            return false
        }
        XCTAssertTrue(waitFor("Step 1/", seconds: 60), screen())
        XCTAssertTrue(waitFor("✗ wanted", seconds: 120), "the start fails step 1: \(screen())")

        // The learner does step 1: the solution's files appear in the workspace.
        let kata = Self.packageRoot.appendingPathComponent("Katas/notebook-to-module")
        let steps = try String(contentsOf: kata.appendingPathComponent("kata.toml"), encoding: .utf8)
        let firstStep = try XCTUnwrap(steps.range(of: #"id = "([a-z0-9-]+)""#, options: .regularExpression).map { String(steps[$0].dropFirst(6).dropLast()) })
        let overlay = kata.appendingPathComponent("solutions/\(firstStep)")
        for case let path as String in FileManager.default.enumerator(atPath: overlay.path)! {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: overlay.appendingPathComponent(path).path, isDirectory: &isDir)
            let target = workspace.appendingPathComponent(path)
            if isDir.boolValue {
                try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            } else {
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: overlay.appendingPathComponent(path), to: target)
            }
        }
        XCTAssertTrue(waitFor("✓ Step passed", seconds: 180), "step 1 should pass after its solution is copied in: \(screen())")
        XCTAssertTrue(screen().contains("1/"), screen())

        XCTAssertEqual(tmux(["send-keys", "-t", session, "h"]).0, 0)
        XCTAssertTrue(waitFor("Hint 1/", seconds: 30), screen())
        XCTAssertEqual(tmux(["send-keys", "-t", session, "q"]).0, 0)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, tmux(["has-session", "-t", session]).0 == 0 { Thread.sleep(forTimeInterval: 0.3) }
        XCTAssertNotEqual(tmux(["has-session", "-t", session]).0, 0, "q should end watch (and the tmux session)")
        let progress = try String(contentsOf: workspace.appendingPathComponent(".smelt-kata.toml"), encoding: .utf8)
        XCTAssertTrue(progress.contains("passed = [\"\(firstStep)\"]"), progress)
    }
}

extension Process {
    /// Runs a program quietly; its exit status.
    static func status(_ program: String, _ arguments: [String], capture: Bool = true) -> Int32 {
        guard !capture else { return output(program, arguments).0 }
        // posix_spawn and waitpid: Foundation's Process does not see `tmux new-session -d`
        // exit (its server keeps running), and would wait for ever.
        var pid: pid_t = 0
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        guard posix_spawn(&pid, program, &actions, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }

    /// Runs a program; its exit status and stdout.
    static func output(_ program: String, _ arguments: [String]) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return (-1, "") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

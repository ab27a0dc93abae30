import Foundation

/// Runs a program with a time limit and collects what it printed (stdout and stderr
/// together, in order). Only kata mode runs the learner's code.
public enum ProcessRunner {
    public struct Result: Sendable {
        public let status: Int32
        public let output: String
        public let timedOut: Bool
        public var succeeded: Bool { status == 0 && !timedOut }
    }

    /// `program` is a path, or a name looked up on PATH.
    public static func run(_ program: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:],
                           timeout: TimeInterval = 600) -> Result {
        let process = Process()
        if program.contains("/") {
            process.executableURL = executable(program, in: directory)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program] + arguments
        }
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        // A file, not a pipe: a chatty program cannot block on a full pipe.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("smelt-kata-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        guard let handle = try? FileHandle(forWritingTo: log) else {
            return Result(status: -1, output: "cannot create a temporary file", timedOut: false)
        }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do { try process.run() } catch {
            try? handle.close()
            return Result(status: -1, output: "cannot run \(program): \(error.localizedDescription)", timedOut: false)
        }
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if done.wait(timeout: .now() + 3) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                done.wait()
            }
        }
        try? handle.close()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, output: output, timedOut: timedOut)
    }

    /// Runs a program with the terminal's output (pip's own progress shows); returns its status.
    public static func runShowingOutput(_ program: String, _ arguments: [String], in directory: URL) -> Int32 {
        let process = Process()
        process.executableURL = program.contains("/") ? executable(program, in: directory) : URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = program.contains("/") ? arguments : [program] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.standardError
        process.standardError = FileHandle.standardError
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// A program path: absolute, or relative to `directory` (`.venv/bin/python`).
    static func executable(_ program: String, in directory: URL) -> URL {
        program.hasPrefix("/") ? URL(fileURLWithPath: program) : directory.appendingPathComponent(program)
    }

    /// The last `count` lines of some output, for a failure message.
    public static func tail(_ output: String, _ count: Int = 12) -> String {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let trimmed = lines.last == "" ? lines.dropLast() : lines[...]
        return trimmed.suffix(count).joined(separator: "\n")
    }
}

/// The Python program that runs a notebook's code cells in order in one namespace, as a
/// fresh kernel would (IPython magics and shell lines are skipped; `display` prints nothing).
enum NotebookRunner {
    static let script = #"""
    import json, os, sys, traceback
    os.environ.setdefault("MPLBACKEND", "Agg")
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    namespace = {"__name__": "__main__", "display": lambda *args, **kwargs: None}
    sys.path.insert(0, os.getcwd())
    for number, cell in enumerate(notebook.get("cells", []), 1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        if source.lstrip().startswith("%%"):
            continue
        lines = []
        for line in source.split("\n"):
            stripped = line.lstrip()
            if stripped.startswith(("%", "!")):
                line = line[: len(line) - len(stripped)] + "pass"
            lines.append(line)
        try:
            code = compile("\n".join(lines), "%s, cell %d" % (path, number), "exec")
            exec(code, namespace)
        except BaseException:
            print("cell %d failed:" % number, file=sys.stderr)
            traceback.print_exc()
            sys.exit(1)
    print("all code cells ran")
    """#
}

import ArgumentParser
import Foundation
import SmeltKata

struct KataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kata",
        abstract: "Guided refactoring katas: from a messy notebook to a modular, tested package.",
        discussion: """
            Start one with `smelt kata start notebook-to-module`, then run `smelt kata watch` in the workspace \
            and refactor in your editor: every save re-checks the current step. Katas are found in $SMELT_KATAS, \
            else in the Katas folder of the smelt checkout the binary was built in.
            """,
        subcommands: [KataList.self, KataStart.self, KataStatus.self, KataCheckStep.self, KataHint.self, KataWatchCommand.self,
                      KataSolution.self, KataReset.self, KataDev.self]
    )
}

/// Shared helpers for the kata commands.
enum KataCLI {
    static func catalog() throws -> URL {
        guard let folder = KataCatalog.folder() else {
            Output.err("error: no katas found: set SMELT_KATAS to the Katas folder of a smelt checkout\n")
            throw ExitCode(2)
        }
        return folder
    }

    /// Runs `body`, turning a KataError into its message and exit status 2.
    static func guarded<T>(_ body: () throws(KataError) -> T) throws -> T {
        do { return try body() } catch {
            Output.err("error: \(error.description)\n")
            throw ExitCode(2)
        }
    }

    static func session(_ directory: String?) throws -> KataSession {
        let dir = URL(fileURLWithPath: directory ?? FileManager.default.currentDirectoryPath)
        return try guarded { () throws(KataError) in try KataSession.open(at: dir) }
    }

    /// A `--python` given as a relative path is relative to where the user is, not to the
    /// workspace the checks run in.
    static func interpreter(_ python: String) -> String {
        guard python.contains("/"), !python.hasPrefix("/") else { return python }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(python).standardizedFileURL.path
    }

    static func paint(_ s: String, _ code: String) -> String { Output.useColor ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    static func describe(_ report: KataSession.StepReport) -> String {
        var out = ""
        for result in report.results {
            if result.passed {
                out += "  " + paint("✓", "32") + " \(result.wanted)\n"
            } else {
                out += "  " + paint("✗", "31") + " wanted \(result.wanted)\n"
                out += result.found.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n") + "\n"
            }
        }
        return out
    }

    static func intro(_ session: KataSession) -> String {
        guard let step = session.currentStep, let index = session.currentIndex else {
            return paint("✓ The kata is complete.", "1;32") + "\n"
        }
        return paint("Step \(index + 1)/\(session.kata.steps.count): \(step.title)", "1") + "\n" + step.instruction + "\n"
    }

    static func progressBar(_ session: KataSession) -> String {
        let done = session.progress.passed.count, total = session.kata.steps.count, width = 30
        let filled = total == 0 ? 0 : width * done / total
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "] \(done)/\(total) steps"
    }
}

struct KataList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the katas, with your progress in the current folder.")

    func run() throws {
        let folder = try KataCLI.catalog()
        let katas = try KataCLI.guarded { () throws(KataError) in try KataCatalog.all(in: folder) }
        let here = try? KataSession.open(at: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let width = katas.map(\.name.count).max() ?? 0
        for kata in katas {
            var line = kata.name + String(repeating: " ", count: width - kata.name.count)
            line += "  \(kata.steps.count) steps, ~\(kata.minutes) min  \(kata.title)"
            if let here, here.kata.name == kata.name {
                line += here.isDone ? "  (done here)" : "  (here: step \((here.currentIndex ?? 0) + 1))"
            }
            Output.out(line + "\n    " + kata.summary + "\n")
        }
        Output.out("\nStart one with `smelt kata start NAME [DIR]`.\n")
    }
}

struct KataStart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Copy a kata into a new workspace, make it a git repository and prepare Python.",
        discussion: "By default a virtual environment `.venv` is made in the workspace and the kata's packages are installed into it with pip."
    )

    @Argument(help: "The kata (see `smelt kata list`).") var name: String
    @Argument(help: "The workspace folder to create (default: ./NAME).") var directory: String?
    @Flag(name: .long, help: "Use an existing Python instead of making a virtual environment; it must import the kata's packages.")
    var noVenv = false
    @Option(name: .long, help: "The Python interpreter to use (default: python3).") var python = "python3"

    func run() throws {
        let kata = try KataCLI.guarded { () throws(KataError) in try KataCatalog.find(name, in: try KataCLI.catalogForKata()) }
        let workspace = URL(fileURLWithPath: directory ?? name)
        let session = try KataCLI.guarded { () throws(KataError) in
            try KataSession.start(kata, in: workspace, python: noVenv ? .existing(KataCLI.interpreter(python)) : .venv(base: KataCLI.interpreter(python))) { Output.err($0 + "\n") }
        }
        Output.out(KataCLI.paint("smelt kata · \(kata.title)", "1") + "\n\(kata.summary)\n\n")
        if !kata.teaches.isEmpty { Output.out("You will practise: " + kata.teaches.joined(separator: "; ") + ".\n\n") }
        Output.out(KataCLI.intro(session) + "\n")
        Output.out("Next: `cd \(workspace.path)` and run `smelt kata watch` (or `smelt kata check` after each change).\n")
    }
}

extension KataCLI {
    /// `catalog()` for use inside a throwing(KataError) closure.
    static func catalogForKata() throws(KataError) -> URL {
        guard let folder = KataCatalog.folder() else { throw KataError("no katas found: set SMELT_KATAS to the Katas folder of a smelt checkout") }
        return folder
    }
}

struct KataStatus: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show progress: the steps passed and the current step.")
    @Option(name: .shortAndLong, help: "The workspace (default: the current folder).") var workspace: String?

    func run() throws {
        let session = try KataCLI.session(workspace)
        Output.out(KataCLI.paint("smelt kata · \(session.kata.title)", "1") + "\n" + KataCLI.progressBar(session) + "\n\n")
        for (i, step) in session.kata.steps.enumerated() {
            let mark = session.progress.passed.contains(step.id) ? KataCLI.paint("✓", "32")
                : step.id == session.progress.current ? KataCLI.paint("▶", "33") : "·"
            Output.out("\(mark) \(i + 1). \(step.title)\n")
        }
        Output.out("\n" + KataCLI.intro(session))
    }
}

struct KataCheckStep: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Run the current step's checks; move on when they pass.")
    @Option(name: .shortAndLong, help: "The workspace (default: the current folder).") var workspace: String?

    func run() throws {
        var session = try KataCLI.session(workspace)
        let outcome = try KataCLI.guarded { () throws(KataError) in try session.check() }
        switch outcome {
        case let .failed(report):
            Output.out(KataCLI.paint("Step \(report.step.title): not yet", "1;33") + "\n" + KataCLI.describe(report))
            Output.out("\n`smelt kata hint` gives a hint; `smelt kata solution` shows the reference.\n")
            throw ExitCode(1)
        case let .passed(report, next):
            Output.out(KataCLI.paint("✓ Step passed: \(report.step.title)", "1;32") + "\n" + KataCLI.describe(report))
            Output.out("\nCommit this green step (`git commit -am \"…\"`).\n\n")
            Output.out(KataCLI.intro(session))
            _ = next
        case let .finished(report):
            Output.out(KataCLI.paint("✓ Step passed: \(report.step.title)", "1;32") + "\n" + KataCLI.describe(report))
            Output.out("\n" + KataCLI.paint("✓ Kata complete!", "1;32") + " Every step re-checked and passing.\n")
        case let .regressed(report, broken):
            Output.out(KataCLI.paint("✓ Step passed: \(report.step.title)", "1;32") + "\n")
            Output.out(KataCLI.paint("…but step `\(broken.step.id)` no longer passes", "1;31") + ":\n" + KataCLI.describe(broken))
            throw ExitCode(1)
        case .alreadyDone:
            Output.out("The kata is complete. `smelt kata reset STEP` to practise a step again.\n")
        }
    }
}

struct KataHint: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hint", abstract: "Show the next hint of the current step.")
    @Option(name: .shortAndLong, help: "The workspace (default: the current folder).") var workspace: String?

    func run() throws {
        var session = try KataCLI.session(workspace)
        guard let hint = try KataCLI.guarded({ () throws(KataError) in try session.nextHint() }) else {
            Output.out("The kata is complete: no hints left.\n")
            return
        }
        Output.out("Hint \(hint.number)/\(hint.of): \(hint.hint)\n")
    }
}

struct KataWatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Re-check the current step on every save; keys: n next, h hint, l list, c check all, s solution, q quit."
    )
    @Option(name: .shortAndLong, help: "The workspace (default: the current folder).") var workspace: String?
    @Flag(name: .long, help: "Poll file times instead of using inotify.") var poll = false

    func run() throws {
        let session = try KataCLI.session(workspace)
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        KataWatch(session: session, interactive: interactive, color: Output.useColor, write: Output.out).run(polling: poll)
    }
}

struct KataSolution: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "solution", abstract: "Show the diff from your files to the reference solution of a step.")
    @Argument(help: "The step (id or number; default: the current one).") var step: String?
    @Option(name: .shortAndLong, help: "The workspace (default: the current folder).") var workspace: String?

    func run() throws {
        let session = try KataCLI.session(workspace)
        let target = try KataCLI.guarded { () throws(KataError) in
            if let step { return try session.step(named: step) }
            guard let current = session.currentStep ?? session.kata.steps.last else { throw KataError("the kata has no steps") }
            return current
        }
        let diff = session.solutionDiff(for: target)
        Output.out(diff.isEmpty ? "Your files match the solution of `\(target.id)`.\n" : diff)
    }
}

struct KataReset: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reset", abstract: "Put the workspace back to the start of a step (your changes to the kata's files are lost).")
    @Argument(help: "The step (id or number; default: the current one).") var step: String?
    @Option(name: .shortAndLong, help: "The workspace (default: the current folder).") var workspace: String?
    @Flag(name: .shortAndLong, help: "Do not ask for confirmation.") var yes = false

    func run() throws {
        var session = try KataCLI.session(workspace)
        let target = try KataCLI.guarded { () throws(KataError) in
            if let step { return try session.step(named: step) }
            guard let current = session.currentStep else { throw KataError("the kata is complete: name the step to reset to") }
            return current
        }
        if !yes {
            Output.out("Reset \(session.workspace.path) to the start of step `\(target.id)`? Files you changed or added are replaced or removed "
                       + "(git history and .venv are kept). [y/N] ")
            guard let answer = readLine(), answer.lowercased().hasPrefix("y") else {
                Output.out("Nothing changed.\n")
                return
            }
        }
        try KataCLI.guarded { () throws(KataError) in try session.reset(to: target) }
        Output.out("The workspace is at the start of `\(target.id)`.\n\n" + KataCLI.intro(session))
    }
}

struct KataDev: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dev", abstract: "Tools for kata authors.", subcommands: [KataDevCheckCommand.self])
}

struct KataDevCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Prove katas sound: start fails step 1; each step's solution passes it and every step before, and not the next."
    )
    @Argument(help: "Katas to check (default: all).") var names: [String] = []
    @Option(name: .long, help: "The Python that runs the behaviour checks (needs the katas' packages).") var python = "python3"
    @Flag(name: .shortAndLong, help: "Print each state as it is checked.") var verbose = false

    func run() throws {
        let folder = try KataCLI.catalog()
        let katas = try KataCLI.guarded { () throws(KataError) in
            names.isEmpty ? try KataCatalog.all(in: folder) : try names.map { (name) throws(KataError) in try KataCatalog.find(name, in: folder) }
        }
        var failures = 0
        for kata in katas {
            let started = Date()
            let report = KataDevCheck.run(kata, python: KataCLI.interpreter(python)) { line in if verbose { Output.err(line + "\n") } }
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            if report.problems.isEmpty {
                Output.out(KataCLI.paint("ok", "32") + "   \(kata.name): \(kata.steps.count) steps, \(report.statesChecked) states, \(report.checksRun) checks (\(seconds) s)\n")
            } else {
                failures += 1
                Output.out(KataCLI.paint("FAIL", "31") + " \(kata.name) (\(seconds) s)\n" + report.problems.map { "  - \($0)\n" }.joined())
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

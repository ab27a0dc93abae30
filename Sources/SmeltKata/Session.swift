import Foundation
import SmeltKit
import SmeltSyntax

/// A learner's kata in a workspace: progress, checks, hints, solutions and resets.
public struct KataSession: Sendable {
    public let kata: Kata
    public let workspace: URL
    public private(set) var progress: KataProgress

    /// The step being worked on (nil when the kata is done).
    public var currentIndex: Int? { kata.stepIndex(progress.current) }
    public var currentStep: KataStep? { currentIndex.map { kata.steps[$0] } }
    public var isDone: Bool { progress.current == "done" }

    /// Opens the kata in `workspace` (or the folder above it that has the progress file).
    public static func open(at directory: URL) throws(KataError) -> KataSession {
        var dir = directory.standardizedFileURL
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent(KataProgress.fileName).path) {
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path {
                throw KataError("no kata here: no `\(KataProgress.fileName)` in \(directory.path) or above it (start one with `smelt kata start NAME`)")
            }
            dir = parent
        }
        let progress = try KataProgress.load(workspace: dir)
        let kata = try Kata.load(URL(fileURLWithPath: progress.source))
        guard progress.current == "done" || kata.stepIndex(progress.current) != nil else {
            throw KataError("\(dir.path)/\(KataProgress.fileName): `current` names no step of \(kata.name) (steps: \(kata.steps.map(\.id).joined(separator: ", ")))")
        }
        return KataSession(kata: kata, workspace: dir, progress: progress)
    }

    public func checker() -> KataChecker {
        KataChecker(kata: kata, workspace: workspace, python: progress.python, lastCommit: progress.lastCommit)
    }

    // MARK: start

    /// How `start` prepares Python.
    public enum PythonSetup {
        /// A `.venv` in the workspace with the kata's packages, made with this interpreter.
        case venv(base: String)
        /// An existing interpreter that must already import the kata's packages.
        case existing(String)
    }

    /// Copies the kata's start into `workspace` (which must not exist or be empty), makes it
    /// a git repository with a first commit, prepares Python, and writes the progress file.
    /// `say` receives progress lines for the learner.
    public static func start(_ kata: Kata, in workspace: URL, python: PythonSetup,
                             say: (String) -> Void) throws(KataError) -> KataSession {
        let fm = FileManager.default
        let existing = (try? fm.contentsOfDirectory(atPath: workspace.path)) ?? []
        if !existing.isEmpty {
            throw KataError("\(workspace.path) already exists and is not empty: choose another folder (`smelt kata start \(kata.name) DIR`)")
        }
        do { try fm.createDirectory(at: workspace, withIntermediateDirectories: true) } catch {
            throw KataError("cannot create \(workspace.path): \(error.localizedDescription)")
        }
        // Check the interpreter before copying anything the learner would have to clean up.
        let interpreter: String
        switch python {
        case let .existing(program):
            try requirePackages(kata.packages, python: program, in: workspace)
            interpreter = program
        case let .venv(base):
            say("Creating a virtual environment in \(workspace.lastPathComponent)/.venv …")
            let made = ProcessRunner.run(base, ["-m", "venv", ".venv"], in: workspace, timeout: 300)
            guard made.succeeded else {
                throw KataError("`\(base) -m venv .venv` failed (on Debian, `apt-get install python3-venv`; or use `--no-venv`):\n"
                                + ProcessRunner.tail(made.output))
            }
            interpreter = ".venv/bin/python"
            if !kata.packages.isEmpty {
                say("Installing \(kata.packages.joined(separator: ", ")) with pip (this takes a minute the first time) …")
                let status = ProcessRunner.runShowingOutput(interpreter, ["-m", "pip", "install", "--disable-pip-version-check",
                                                                          "--progress-bar", "off"] + kata.packages, in: workspace)
                guard status == 0 else {
                    throw KataError("pip could not install \(kata.packages.joined(separator: ", ")) (exit status \(status)); "
                                    + "fix the network or index, or start with `--no-venv` in an environment that has them")
                }
            }
        }
        try KataFiles.materialise(KataFiles.state(kata, through: -1), into: workspace, removeOthers: false)
        let ignore = workspace.appendingPathComponent(".gitignore")
        var ignored = (try? String(contentsOf: ignore, encoding: .utf8)) ?? ""
        for line in [".venv/", "__pycache__/", ".pytest_cache/", ".ipynb_checkpoints/", KataProgress.fileName]
        where !ignored.split(separator: "\n").contains(Substring(line)) {
            ignored += (ignored.isEmpty || ignored.hasSuffix("\n") ? "" : "\n") + line + "\n"
        }
        try? ignored.write(to: ignore, atomically: true, encoding: .utf8)
        var progress = KataProgress(kata: kata.name, source: kata.folder.standardizedFileURL.path, current: kata.steps[0].id,
                                    python: interpreter)
        if Git.available {
            _ = Git.run(["init", "-q"], in: workspace)
            let commit = Git.commitAll("Start of the \(kata.name) kata", in: workspace)
            if commit.succeeded { progress.lastCommit = Git.head(in: workspace) }
        } else {
            say("git is not installed: the workspace is not a repository (commit your steps once you have git).")
        }
        try progress.save(workspace: workspace)
        return KataSession(kata: kata, workspace: workspace, progress: progress)
    }

    /// Fails with a message naming the first package `python` cannot import.
    static func requirePackages(_ packages: [String], python: String, in directory: URL) throws(KataError) {
        let version = ProcessRunner.run(python, ["-c", "import sys; print(sys.version_info >= (3, 9))"], in: directory, timeout: 60)
        guard version.succeeded else { throw KataError("cannot run `\(python)`: \(ProcessRunner.tail(version.output, 3))") }
        guard version.output.contains("True") else { throw KataError("the katas need Python 3.9 or newer; `\(python)` is older") }
        for package in packages {
            let module = importName(package)
            let result = ProcessRunner.run(python, ["-c", "import \(module)"], in: directory, timeout: 120)
            if !result.succeeded {
                throw KataError("`\(python)` cannot import `\(module)` (the package `\(package)`): install it with "
                                + "`\(python) -m pip install \(package)`, or start without `--no-venv` to get a virtual environment")
            }
        }
    }

    /// The module a pip package is imported as.
    static func importName(_ package: String) -> String {
        let bare = String(package.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
        let known = ["scikit-learn": "sklearn", "pyyaml": "yaml", "pillow": "PIL", "beautifulsoup4": "bs4", "python-dateutil": "dateutil"]
        return known[bare.lowercased()] ?? bare.replacingOccurrences(of: "-", with: "_")
    }

    // MARK: steps

    public struct StepReport: Sendable {
        public let step: KataStep
        public let results: [CheckResult]
        public var passed: Bool { results.allSatisfy(\.passed) }
    }

    /// What `check` did.
    public enum CheckOutcome: Sendable {
        /// The current step's checks failed; it stays current.
        case failed(StepReport)
        /// The step passed; `next` is the new current step.
        case passed(StepReport, next: KataStep)
        /// The last step passed and every step re-checked passes: the kata is done.
        case finished(StepReport)
        /// The last step passed but an earlier step no longer does: it is current again.
        case regressed(StepReport, broken: StepReport)
        case alreadyDone
    }

    /// Runs the current step's checks; marks it passed and moves on only if they all pass.
    public mutating func check(using checker: KataChecker? = nil) throws(KataError) -> CheckOutcome {
        guard let index = currentIndex else { return .alreadyDone }
        let checker = checker ?? self.checker()
        let step = kata.steps[index]
        let report = StepReport(step: step, results: checker.run(step))
        guard report.passed else { return .failed(report) }
        if !progress.passed.contains(step.id) { progress.passed.append(step.id) }
        progress.hintsShown = 0
        if Git.available, let head = Git.head(in: workspace) { progress.lastCommit = head }
        if index + 1 < kata.steps.count {
            progress.current = kata.steps[index + 1].id
            try progress.save(workspace: workspace)
            return .passed(report, next: kata.steps[index + 1])
        }
        // Before the final message: every step again (git checks excepted: they are about history).
        for earlier in kata.steps[..<index] {
            let results = earlier.checks.filter { $0.kind != .gitCommit }.map(checker.run)
            let again = StepReport(step: earlier, results: results)
            if !again.passed {
                progress.current = earlier.id
                progress.passed = Array(progress.passed.prefix { $0 != earlier.id })
                try progress.save(workspace: workspace)
                return .regressed(report, broken: again)
            }
        }
        progress.current = "done"
        try progress.save(workspace: workspace)
        return .finished(report)
    }

    /// Re-runs the checks of every step up to the current one (`c` in watch).
    public func checkAll(using checker: KataChecker? = nil) -> [StepReport] {
        let checker = checker ?? self.checker()
        let last = currentIndex ?? kata.steps.count - 1
        return kata.steps[...last].map { StepReport(step: $0, results: $0.checks.filter { $0.kind != .gitCommit }.map(checker.run)) }
    }

    /// The next hint of the current step (the last one again once all are shown).
    public mutating func nextHint() throws(KataError) -> (hint: String, number: Int, of: Int)? {
        guard let step = currentStep else { return nil }
        let number = min(progress.hintsShown + 1, step.hints.count)
        progress.hintsShown = number
        try progress.save(workspace: workspace)
        return (step.hints[number - 1], number, step.hints.count)
    }

    /// The diff from the learner's files to the reference state at the end of `step`
    /// (notebooks compared cell by cell).
    public func solutionDiff(for step: KataStep) -> String {
        guard let index = kata.stepIndex(step.id) else { return "" }
        let reference = KataFiles.state(kata, through: index)
        let mine = Set(KataFiles.list(workspace).filter { $0 != ".gitignore" })
        var out = ""
        for path in Set(reference.keys).union(mine).sorted() where path != ".gitignore" {
            let yours = mine.contains(path) ? Self.readable(workspace.appendingPathComponent(path)) : ""
            let theirs = reference[path].map(Self.readable) ?? ""
            out += UnifiedDiff.file(yours, theirs, oldLabel: mine.contains(path) ? "yours/\(path)" : "/dev/null",
                                    newLabel: reference[path] != nil ? "solution/\(path)" : "/dev/null")
        }
        return out
    }

    /// A file as text to compare: a notebook as its cells' sources with `# %%` markers.
    static func readable(_ url: URL) -> String {
        guard let data = try? Data(contentsOf: url) else { return "" }
        if url.pathExtension == "ipynb", let notebook = try? Notebook.parse(SourceText(utf8: [UInt8](data))) {
            return notebook.cells.map { cell in
                let kind = cell.kind == .code ? "code" : cell.kind == .markdown ? "markdown" : "raw"
                var source = cell.source.string
                if !source.hasSuffix("\n") { source += "\n" }
                return "# %% [\(kind)] cell \(cell.index + 1)\n" + source
            }.joined()
        }
        guard let text = String(data: data, encoding: .utf8) else { return "(binary file, \(data.count) bytes)\n" }
        return text
    }

    /// Puts the workspace at the start of `step` (the state at the end of the step before),
    /// and makes it the current step.
    public mutating func reset(to step: KataStep) throws(KataError) {
        guard let index = kata.stepIndex(step.id) else { throw KataError("no step `\(step.id)`") }
        try KataFiles.materialise(KataFiles.state(kata, through: index - 1), into: workspace, removeOthers: true)
        progress.current = step.id
        progress.passed = kata.steps[..<index].map(\.id)
        progress.hintsShown = 0
        if Git.available, let head = Git.head(in: workspace) { progress.lastCommit = head }
        try progress.save(workspace: workspace)
    }

    public func step(named name: String) throws(KataError) -> KataStep {
        if let i = kata.stepIndex(name) { return kata.steps[i] }
        if let n = Int(name), n >= 1, n <= kata.steps.count { return kata.steps[n - 1] }
        throw KataError("no step `\(name)` in \(kata.name) (steps: \(kata.steps.enumerated().map { "\($0.offset + 1) \($0.element.id)" }.joined(separator: ", ")))")
    }
}

/// The few git commands katas use.
enum Git {
    static let available: Bool = ProcessRunner.run("git", ["--version"], in: URL(fileURLWithPath: "/"), timeout: 30).succeeded

    static func run(_ arguments: [String], in directory: URL) -> ProcessRunner.Result {
        ProcessRunner.run("git", arguments, in: directory, timeout: 60)
    }

    /// Commits everything; a learner without a configured git identity gets a neutral one
    /// for this commit only.
    static func commitAll(_ message: String, in directory: URL) -> ProcessRunner.Result {
        _ = run(["add", "-A"], in: directory)
        var environment: [String: String] = [:]
        if !run(["config", "user.email"], in: directory).succeeded {
            environment = ["GIT_AUTHOR_NAME": "smelt kata", "GIT_AUTHOR_EMAIL": "kata@smelt.invalid",
                           "GIT_COMMITTER_NAME": "smelt kata", "GIT_COMMITTER_EMAIL": "kata@smelt.invalid"]
        }
        return ProcessRunner.run("git", ["commit", "-q", "-m", message], in: directory, environment: environment, timeout: 60)
    }

    static func head(in directory: URL) -> String? {
        let result = run(["rev-parse", "HEAD"], in: directory)
        return result.succeeded ? result.output.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }
}

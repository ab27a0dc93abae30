import ArgumentParser
import Foundation
import SmeltKit
import SmeltRules

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lint Python scripts and Jupyter notebooks.",
        discussion: """
            Finds .py and .ipynb files under the paths (default: the current folder), honouring .gitignore and \
            skipping virtual environments, .git, .build, node_modules, __pycache__ and site-packages.

            Text output: `path:line:col: CODE slug message` for scripts and `path:cell N:line:col: ...` for \
            notebooks, where N counts all cells (markdown included) from 1 and line/col are inside the cell. \
            JSON output gives positions in the raw .ipynb file plus the cell's own positions.

            Exit status: 0 no findings, 1 findings, 2 usage or configuration error, or a path that does not exist.
            """
    )

    @Argument(help: "Files or folders to lint.")
    var paths: [String] = []

    @Option(name: .long, help: "Rules to enable, comma-separated: codes (SM101), prefixes (SM1, SM), slugs or ALL. Replaces the configured selection. Repeatable.")
    var select: [String] = []

    @Option(name: .long, help: "Rules to enable on top of the selection (comma-separated, repeatable).")
    var extendSelect: [String] = []

    @Option(name: .long, help: "Rules to disable (comma-separated, repeatable).")
    var ignore: [String] = []

    @Option(name: .long, help: "Output format: text, concise, json, github, sarif, gitlab, rdjson, rdjsonl or junit.")
    var outputFormat: OutputFormatArgument = .text

    @Flag(name: .long, help: "Do not read or write the cache.")
    var noCache = false

    @Option(name: .long, help: "Configuration file (smelt.toml, or a pyproject.toml with [tool.smelt]). Default: the nearest one above the current folder.")
    var config: String?

    @Flag(name: .long, help: "Ignore all configuration files (pyproject.toml, smelt.toml).")
    var isolated = false

    @Flag(name: .shortAndLong, help: "Print findings only: no summary line.")
    var quiet = false

    @Flag(name: .long, help: "Print how many findings each rule has instead of the findings.")
    var statistics = false

    @Option(name: .long, help: "Hide the findings recorded in this baseline file (the ratchet: fail only on new debt).")
    var baseline: String?

    @Option(name: .long, help: "Record the findings of this run in a baseline file (then exit 0).")
    var writeBaseline: String?

    @Option(name: .long, help: "Report only findings on lines added or changed since this git revision (e.g. origin/main).")
    var changedSince: String?

    @Flag(name: .long, help: "Exit 0 even when there are findings.")
    var exitZero = false

    @Option(name: .long, help: "The least severity that fails the run: error, warning or info (default: any finding fails).")
    var failOn: SeverityArgument = .info

    @Flag(name: .long, help: "Apply safe fixes (marked [*]), then report what remains. Combine with --select to fix one rule.")
    var fix = false

    @Flag(name: .long, help: "With --fix or --diff: also apply unsafe fixes, which may change what the code does.")
    var unsafeFixes = false

    @Flag(name: .long, help: "Print the changes --fix would make as a unified diff (notebooks: per cell) without writing; exit 1 when there are any.")
    var diff = false

    func run() throws {
        var request = CheckRequest()
        request.paths = paths.isEmpty ? ["."] : paths
        request.select = select.isEmpty ? nil : select.flatMap(splitList)
        request.extendSelect = extendSelect.flatMap(splitList)
        request.ignore = ignore.flatMap(splitList)
        request.configPath = config
        request.isolated = isolated
        request.baselinePath = baseline
        request.writeBaselinePath = writeBaseline
        request.changedSince = changedSince
        if unsafeFixes && !fix && !diff {
            Output.err("error: `--unsafe-fixes` needs `--fix` or `--diff`\n")
            throw ExitCode(2)
        }
        if fix || diff { request.fixing = FixMode(unsafe: unsafeFixes, write: !diff) }
        let outcome: CheckOutcome
        do {
            outcome = try CheckRun.run(request)
        } catch {
            Output.err("error: \(error.description)\n")
            throw ExitCode(2)
        }
        for w in outcome.warnings { Output.err("warning: \(w)\n") }
        if diff {
            // Only the diff goes to stdout, so it can be piped to `patch` or `git apply`.
            let files = outcome.result.fixedFiles.filter(\.changed)
            for file in files { Output.out(file.diff) }
            let count = files.reduce(0) { $0 + $1.fixedCount }
            for e in outcome.errors { Output.err("error: \(e)\n") }
            if !quiet {
                Output.err(count == 0 ? "No fixes available.\n"
                           : "Would fix \(count) finding\(count == 1 ? "" : "s") in \(files.count) file\(files.count == 1 ? "" : "s").\n")
            }
            if !outcome.errors.isEmpty { throw ExitCode(2) }
            if !files.isEmpty { throw ExitCode(1) }
            return
        }
        let reporter: Reporter
        switch outputFormat {
        case .text:
            // "All checks passed!" would be wrong next to "path does not exist".
            let summary = !quiet && !(outcome.result.findings.isEmpty && !outcome.errors.isEmpty)
            reporter = TextReporter(color: Output.useColor, showSummary: summary, statisticsOnly: statistics)
        case .json: reporter = JSONReporter()
        case .concise: reporter = ConciseReporter(showSummary: !quiet)
        case .github:
            let github = GitHubReporter()
            reporter = github
            if let summaryPath = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !summaryPath.isEmpty {
                appendStepSummary(github.stepSummary(outcome.result), to: summaryPath)
            }
        case .sarif: reporter = SARIFReporter()
        case .gitlab: reporter = GitLabReporter()
        case .rdjson: reporter = ReviewdogReporter(lines: false)
        case .rdjsonl: reporter = ReviewdogReporter(lines: true)
        case .junit: reporter = JUnitReporter()
        }
        Output.out(reporter.render(outcome.result))
        if fix, outputFormat != .text, !quiet {
            // Machine formats keep stdout for the findings that remain.
            let files = outcome.result.fixedFiles.filter { $0.changed && $0.writeError == nil }
            let count = files.reduce(0) { $0 + $1.fixedCount }
            if count > 0 { Output.err("smelt: fixed \(count) finding\(count == 1 ? "" : "s") in \(files.count) file\(files.count == 1 ? "" : "s")\n") }
        }
        for e in outcome.errors { Output.err("error: \(e)\n") }
        for n in outcome.notes { Output.err("smelt: \(n)\n") }
        let code = outcome.exitCode(failOn: failOn.severity, exitZero: exitZero || writeBaseline != nil)
        if code != 0 { throw ExitCode(code) }
    }

    /// Appends to the GitHub step summary file; a failure is a warning, not a failed run.
    private func appendStepSummary(_ text: String, to path: String) {
        guard let handle = FileHandle(forWritingAtPath: path) ?? {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }() else {
            Output.err("warning: cannot write the step summary to \(path)\n")
            return
        }
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        handle.closeFile()
    }

    /// `--select SM101,SM107` and `--select SM101 SM107` both work.
    private func splitList(_ value: String) -> [String] {
        value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

enum SeverityArgument: String, ExpressibleByArgument, CaseIterable {
    case error, warning, info

    var severity: Severity {
        switch self {
        case .error: return .error
        case .warning: return .warning
        case .info: return .info
        }
    }
}

enum OutputFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case text, concise, json, github, sarif, gitlab, rdjson, rdjsonl, junit
}

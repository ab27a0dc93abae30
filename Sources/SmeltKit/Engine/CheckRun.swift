import Foundation
import SmeltRules
import SmeltSyntax

/// A `smelt check` run, independent of argument parsing: the CLI fills this in.
public struct CheckRequest: Sendable {
    public var paths: [String] = ["."]
    public var select: [String]?
    public var extendSelect: [String] = []
    public var ignore: [String] = []
    public var configPath: String?
    /// `--isolated`: read no configuration file.
    public var isolated = false
    public var workingDirectory: String = FileManager.default.currentDirectoryPath
    /// `--baseline FILE`: hide the findings recorded in it.
    public var baselinePath: String?
    /// `--write-baseline FILE`: record the findings of this run.
    public var writeBaselinePath: String?
    /// `--changed-since REV`: keep findings on lines added or changed since a git revision.
    public var changedSince: String?
    /// `--fix` / `--diff`: apply (or show) fixes.
    public var fixing: FixMode?

    public init() {}
}

public struct CheckOutcome: Sendable {
    public let result: LintResult
    /// Messages for stderr: configuration warnings, missing paths.
    public let warnings: [String]
    public let errors: [String]
    /// Messages for stderr that are not problems (a baseline written).
    public var notes: [String] = []

    /// 2 for usage or I/O errors (a missing path); 1 when a finding is at or above `failOn`
    /// (any finding by default); else 0. `exitZero` makes findings never fail.
    public func exitCode(failOn: Severity = .info, exitZero: Bool = false) -> Int32 {
        if !errors.isEmpty { return 2 }
        if exitZero { return 0 }
        return result.findings.contains { $0.severity >= failOn } ? 1 : 0
    }
}

public enum CheckRun {
    /// Configuration is looked up from the first path being linted (its folder, or itself
    /// when it is a folder), so `smelt check ../project` uses that project's settings.
    static func configSearchStart(_ request: CheckRequest) -> String {
        guard let first = request.paths.first else { return request.workingDirectory }
        let url = URL(fileURLWithPath: first, relativeTo: URL(fileURLWithPath: request.workingDirectory + "/")).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return request.workingDirectory }
        return isDirectory.boolValue ? url.path : url.deletingLastPathComponent().path
    }

    /// Loads configuration, selects rules, discovers files and lints them. Throws for
    /// configuration and usage errors (exit 2 before any linting).
    public static func run(_ request: CheckRequest) throws(ConfigurationError) -> CheckOutcome {
        if request.fixing != nil {
            for (flag, given) in [("--baseline", request.baselinePath != nil), ("--write-baseline", request.writeBaselinePath != nil),
                                  ("--changed-since", request.changedSince != nil)] where given {
                throw ConfigurationError("`--fix` and `--diff` work on whole files and cannot be combined with `\(flag)`")
            }
        }
        let config = request.isolated ? Configuration(root: request.workingDirectory)
            : try Configuration.load(explicit: request.configPath, searchFrom: configSearchStart(request))
        for (flag, values) in [("--select", request.select ?? []), ("--extend-select", request.extendSelect), ("--ignore", request.ignore)] {
            for v in values where RuleSelector(v) == nil {
                throw ConfigurationError("invalid value `\(v)` for `\(flag)`: no rule has this code, code prefix or slug (see `smelt rules`)")
            }
        }
        var chosen = RuleSelector.resolve(select: request.select ?? config.select,
                                          extendSelect: config.extendSelect + request.extendSelect,
                                          ignore: config.ignore + request.ignore)
        // A file smelt cannot read is always reported (a CI gate must not pass on a corrupt
        // notebook because of `--select`), unless `invalid-file` itself is ignored.
        let invalidIgnored = (config.ignore + request.ignore).contains {
            RuleSelector($0)?.rules.contains(RuleRegistry.invalidFileIndex) == true
        }
        if !invalidIgnored { chosen.insert(RuleRegistry.invalidFileIndex) }
        let ruleSet = RuleSet(chosen.sorted().map { index in
            let type = RuleRegistry.all[index]
            return (index, type.init(options: RuleOptions(config.ruleOptions[index] ?? [:], defaults: type.description.options)))
        })
        var perFile: [(pattern: GlobPattern, rules: Set<Int>)] = []
        for (pattern, selectors) in config.perFileIgnores {
            do {
                let glob = try GlobPattern(pattern)
                perFile.append((glob, selectors.reduce(into: Set<Int>()) { $0.formUnion(RuleSelector($1)?.rules ?? []) }))
            } catch {
                throw ConfigurationError("invalid pattern `\(pattern)` in per-file-ignores: \(error)")
            }
        }
        var excludes: [GlobPattern] = []
        for pattern in config.exclude + config.extendExclude {
            do { excludes.append(try GlobPattern(pattern)) } catch {
                throw ConfigurationError("invalid pattern `\(pattern)` in exclude: \(error)")
            }
        }
        let discovery = discoverFiles(request.paths, options: DiscoveryOptions(root: config.root, exclude: excludes,
                                                                              respectGitignore: config.respectGitignore))
        var lintSettings = LintSettings(rules: ruleSet, perFileIgnores: perFile, root: config.root,
                                        reportInvalidFiles: chosen.contains(RuleRegistry.invalidFileIndex))
        lintSettings.fixing = request.fixing
        let settings = lintSettings
        // Project-level rules read the folders while the workers lint the files.
        let projectRules = ruleSet.rules.compactMap { entry in (entry.rule as? any ProjectRule).map { (entry.index, $0) } }
        let projectScan = BackgroundWork {
            ProjectScan.findings(for: request.paths, rules: projectRules, root: settings.repositoryRoot,
                                 skip: DiscoveryOptions.skippedDirectoryNames)
        }
        let linted = Linter.lint(discovery.files, settings: settings)
        var findings = linted.findings
        if settings.reportInvalidFiles, !discovery.unreadable.isEmpty {
            for issue in discovery.unreadable {
                findings.append(.invalidFile(issue.path, "cannot read directory: \(issue.reason)", root: settings.repositoryRoot))
            }
            findings.sort { $0.path != $1.path ? $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) : $0.position.start < $1.position.start }
        }
        let projectFindings = projectScan.wait()
        if !projectFindings.isEmpty {
            findings += projectFindings
            findings.sort { $0.path != $1.path ? $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) : $0.position.start < $1.position.start }
        }
        var result = LintResult(findings: findings, filesChecked: linted.filesChecked, checkedFiles: linted.checkedFiles)
        result.fixedFiles = linted.fixedFiles
        var notes: [String] = []
        var errors = discovery.missing.map { "path `\($0)` does not exist" }
        var warnings = config.warnings
        for file in linted.fixedFiles {
            if let error = file.writeError { errors.append(error) }
            for reason in file.dropped { warnings.append("\(file.path): \(reason)") }
        }
        if let revision = request.changedSince {
            let changed = try ChangedLines.load(since: revision, in: request.workingDirectory)
            let cwd = URL(fileURLWithPath: request.workingDirectory + "/")
            result = LintResult(findings: result.findings.filter { f in
                let absolute = URL(fileURLWithPath: f.path, relativeTo: cwd).standardizedFileURL.resolvingSymlinksInPath().path
                // A changed file smelt cannot read is reported whatever its lines.
                if f.ruleIndex == RuleRegistry.invalidFileIndex { return changed.contains(absolute) }
                return changed.touches(absolute, f.position.start.line, f.position.end.line)
            }, filesChecked: result.filesChecked, checkedFiles: result.checkedFiles)
        }
        if let path = request.writeBaselinePath {
            try Baseline(findings: result.findings).write(to: path)
            notes.append("wrote \(result.findings.count) finding\(result.findings.count == 1 ? "" : "s") to the baseline `\(path)`")
        }
        if let path = request.baselinePath {
            let (kept, baselined, fixed) = try Baseline.load(path).filter(result.findings)
            result = LintResult(findings: kept, filesChecked: result.filesChecked, checkedFiles: result.checkedFiles)
            result.baselined = baselined
            result.fixedSinceBaseline = fixed
        }
        var outcome = CheckOutcome(result: result, warnings: warnings, errors: errors)
        outcome.notes = notes
        return outcome
    }
}

/// Work on its own thread, whose result is waited for later.
final class BackgroundWork<T>: @unchecked Sendable {
    private var result: T?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> T) {
        let thread = Thread { [self] in
            result = work()
            done.signal()
        }
        thread.stackSize = 16 << 20
        thread.start()
    }

    func wait() -> T {
        done.wait()
        return result!
    }
}

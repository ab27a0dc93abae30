import Foundation
import SmeltKit

/// `smelt kata dev check`: proves a kata is sound. The manifest is valid and every check
/// refers to something that exists; `start/` fails step 1; the state after each step passes
/// that step and every step before it, and fails the next one (so no step can be passed by
/// doing nothing); the final state therefore passes every smell check of the kata.
public enum KataDevCheck {
    public struct Report: Sendable {
        public let kata: String
        public var problems: [String] = []
        public var statesChecked = 0
        public var checksRun = 0
    }

    /// `say` gets a line per state checked. Checks that run Python (the slow ones) run on
    /// all cores at once; the others run first, in order.
    public static func run(_ kata: Kata, python: String, say: @escaping @Sendable (String) -> Void = { _ in }) -> Report {
        var report = Report(kata: kata.name)
        report.problems += staticProblems(kata)
        guard report.problems.isEmpty else { return report }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("smelt-kata-dev-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }

        /// One check to run on one state: `mustPass` for steps up to the state, else the
        /// next step's checks (of which at least one must fail).
        struct Job: Sendable { let state: Int; let step: Int; let check: KataCheck; let checker: KataChecker }
        var jobs: [Job] = []
        var labels: [Int: String] = [:]
        for k in -1..<kata.steps.count {
            let label = k < 0 ? "start" : "after step \(k + 1) `\(kata.steps[k].id)`"
            labels[k] = label
            let dir = base.appendingPathComponent(k < 0 ? "start" : "step-\(k + 1)")
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                try KataFiles.materialise(KataFiles.state(kata, through: k), into: dir, removeOthers: false)
            } catch {
                report.problems.append("\(label): cannot build the state: \(error)")
                continue
            }
            let checker = KataChecker(kata: kata, workspace: dir, python: python)
            for step in 0...min(k + 1, kata.steps.count - 1) {
                for check in kata.steps[step].checks where check.kind != .gitCommit {
                    jobs.append(Job(state: k, step: step, check: check, checker: checker))
                }
            }
            report.statesChecked += 1
        }
        // Quick checks in order (smell checks use the process's current folder), then the
        // behaviour checks concurrently.
        var results = [CheckResult?](repeating: nil, count: jobs.count)
        for (i, job) in jobs.enumerated() where !job.check.kind.isBehaviour { results[i] = job.checker.run(job.check) }
        // Behaviour checks of one state run one after another (they share its files: a
        // script may write what a test reads); different states run at the same time.
        let slow = jobs.indices.filter { jobs[$0].check.kind.isBehaviour }
        let byState = Dictionary(grouping: slow) { jobs[$0].state }.sorted { $0.key < $1.key }.map(\.value)
        let box = ResultBox(results)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, byState.count))
        let group = DispatchGroup()
        let queue = WorkQueue(Array(byState.indices))
        let allJobs = jobs
        for _ in 0..<workers {
            group.enter()
            Thread {
                while let g = queue.next() {
                    for i in byState[g] {
                        let job = allJobs[i]
                        box.set(i, job.checker.run(job.check))
                    }
                }
                group.leave()
            }.start()
        }
        group.wait()
        results = box.values
        report.checksRun = jobs.count
        for k in -1..<kata.steps.count {
            guard let label = labels[k] else { continue }
            let mine = jobs.indices.filter { jobs[$0].state == k }
            for i in mine where jobs[i].step <= k {
                if let result = results[i], !result.passed {
                    report.problems.append("\(label): step `\(kata.steps[jobs[i].step].id)` fails: wanted \(result.wanted); found \(result.found)")
                }
            }
            let next = mine.filter { jobs[$0].step == k + 1 }
            if !next.isEmpty, next.allSatisfy({ results[$0]?.passed == true }) {
                report.problems.append("\(label): already passes step \(k + 2) `\(kata.steps[k + 1].id)`: that step can be passed without doing anything")
            }
            say("\(kata.name): \(label) checked")
        }
        return report
    }

    /// Problems found without running anything.
    static func staticProblems(_ kata: Kata) -> [String] {
        var problems: [String] = []
        let fm = FileManager.default
        if !fm.fileExists(atPath: kata.startFolder.path) { problems.append("no start/ folder") }
        let overlays = Set((try? fm.contentsOfDirectory(atPath: kata.folder.appendingPathComponent("solutions").path)) ?? [])
        for step in kata.steps {
            if !overlays.contains(step.id) && step.removes.isEmpty {
                problems.append("step `\(step.id)`: no solutions/\(step.id)/ folder and nothing removed: the step changes nothing")
            }
            for check in step.checks {
                for path in paths(check.kind) where path.isEmpty || path.hasPrefix("/") || path.split(separator: "/").contains("..") {
                    problems.append("step `\(step.id)`: `\(path)` must be a relative path inside the workspace")
                }
                if case let .smell(_, rules, _) = check.kind { problems += unknownRules(rules, step) }
                if case let .smellDrop(_, rules) = check.kind { problems += unknownRules(rules, step) }
            }
        }
        for name in overlays.subtracting(kata.steps.map(\.id)) where !name.hasPrefix(".") {
            problems.append("solutions/\(name)/ belongs to no step")
        }
        return problems
    }

    private static func unknownRules(_ rules: [String], _ step: KataStep) -> [String] {
        rules.filter { RuleSelector($0) == nil }.map { "step `\(step.id)`: no rule `\($0)` (see `smelt rules`)" }
    }

    private static func paths(_ kind: CheckKind) -> [String] {
        switch kind {
        case let .smell(path, _, _), let .smellDrop(path, _), let .fileExists(path), let .fileAbsent(path), let .defines(path, _, _),
             let .imports(path, _, _), let .maxCodeCells(path, _), let .noTopLevelLogic(path), let .notebookRuns(path, _),
             let .scriptRuns(path, _):
            return [path]
        case .pytest, .gitCommit:
            return []
        }
    }
}

/// Results written by worker threads.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [CheckResult?]
    init(_ values: [CheckResult?]) { self.values = values }
    func set(_ i: Int, _ value: CheckResult) {
        lock.lock()
        values[i] = value
        lock.unlock()
    }
}

/// Hands out indices to worker threads.
private final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Int]
    init(_ items: [Int]) { self.items = items.reversed() }
    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        return items.popLast()
    }
}

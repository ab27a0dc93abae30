import Foundation
import SmeltKit
#if canImport(Glibc)
import Glibc
#endif

/// Tells when the learner's files change: inotify on Linux, else polling file times.
final class FileWatcher {
    private let root: URL
    private var inotify: Int32 = -1
    private var watches: [Int32: String] = [:]
    private var snapshot: [String: (Double, Int)] = [:]

    /// The workspace's `.gitignore`: files the learner's code writes (outputs, metrics) are
    /// usually ignored there, and must not start another check (or checks would loop).
    private var ignore: GitIgnoreFile?

    /// The descriptor to wait on, or nil when polling.
    var descriptor: Int32? { inotify >= 0 ? inotify : nil }

    init(root: URL, polling: Bool = false) {
        self.root = root
        ignore = GitIgnoreFile(contentsOfFile: root.appendingPathComponent(".gitignore").path)
        #if os(Linux)
        if !polling {
            inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            if inotify >= 0 { addWatches(root) }
        }
        #endif
        if inotify < 0 { snapshot = takeSnapshot() }
    }

    deinit { if inotify >= 0 { close(inotify) } }

    private func addWatches(_ dir: URL) {
        #if os(Linux)
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE)
        let wd = inotify_add_watch(inotify, dir.path, mask)
        if wd >= 0 { watches[wd] = dir.path }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        for name in names where !KataFiles.ignoredNames.contains(name) {
            var isDir: ObjCBool = false
            let url = dir.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue { addWatches(url) }
        }
        #endif
    }

    /// Whether anything changed since the last call (reads pending events, or compares a snapshot).
    func changed() -> Bool {
        #if os(Linux)
        if inotify >= 0 {
            var any = false
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress!, $0.count) }
                if n <= 0 { break }
                var offset = 0
                while offset < n {
                    let (wd, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                        let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                        return (event.wd, event.mask, Int(event.len))
                    }
                    let nameStart = offset + MemoryLayout<inotify_event>.size
                    let nameBytes = buffer[nameStart..<(nameStart + length)].prefix { $0 != 0 }
                    let name = String(decoding: nameBytes, as: UTF8.self)
                    offset = nameStart + length
                    // smelt's own progress file (and the temporary file it is written through).
                    if name.contains(KataProgress.fileName) || KataFiles.ignoredNames.contains(name) || name.hasSuffix(".pyc") { continue }
                    let isDirectory = mask & UInt32(IN_ISDIR) != 0
                    if let dir = watches[wd] {
                        let path = URL(fileURLWithPath: dir).appendingPathComponent(name).path
                        let relative = String(path.dropFirst(root.path.count)).drop { $0 == "/" }
                        if name == ".gitignore" && dir == root.path {
                            ignore = GitIgnoreFile(contentsOfFile: root.appendingPathComponent(".gitignore").path)
                        } else if ignore?.match(String(relative), isDirectory: isDirectory) == true {
                            continue
                        }
                        if isDirectory, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { addWatches(URL(fileURLWithPath: path)) }
                    }
                    any = true
                }
            }
            return any
        }
        #endif
        let now = takeSnapshot()
        defer { snapshot = now }
        return now.count != snapshot.count || now.contains { key, value in snapshot[key].map { $0 != value } ?? true }
    }

    private func takeSnapshot() -> [String: (Double, Int)] {
        var out: [String: (Double, Int)] = [:]
        for path in KataFiles.list(root) where ignore?.match(path, isDirectory: false) != true {
            var info = stat()
            if stat(root.appendingPathComponent(path).path, &info) == 0 {
                out[path] = (Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9, Int(info.st_size))
            }
        }
        return out
    }
}

/// The terminal in raw mode (one key at a time, no echo), restored on exit.
final class RawTerminal {
    private var saved = termios()
    private(set) var active = false
    nonisolated(unsafe) static var restoreOnSignal: termios?

    init() {
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &saved) == 0 else { return }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutablePointer(to: &raw.c_cc) { pointer in
            pointer.withMemoryRebound(to: cc_t.self, capacity: Int(NCCS)) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
            }
        }
        guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else { return }
        active = true
        RawTerminal.restoreOnSignal = saved
        signal(SIGINT) { _ in
            if var t = RawTerminal.restoreOnSignal { tcsetattr(STDIN_FILENO, TCSANOW, &t) }
            FileHandle.standardOutput.write(Data("\u{1B}[?25h\n".utf8))
            exit(130)
        }
    }

    func restore() {
        guard active else { return }
        tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        active = false
    }

    deinit { restore() }
}

/// `smelt kata watch`: re-check on save, redraw, and take one-key commands.
public final class KataWatch {
    private var session: KataSession
    private let interactive: Bool
    private let color: Bool
    private let write: (String) -> Void
    /// What the screen shows below the step.
    private var lastReport: KataSession.StepReport?
    private var passedReport: KataSession.StepReport?
    private var message = ""
    private var finished = false

    /// `interactive`: a terminal (redraw the screen, read single keys); else line output.
    public init(session: KataSession, interactive: Bool, color: Bool, write: @escaping (String) -> Void) {
        self.session = session
        self.interactive = interactive
        self.color = color
        self.write = write
    }

    /// Background work (checks run the learner's code and take seconds): keys stay live.
    private enum Job { case check, checkAll }
    private var running: Job?
    private var pending: Job?
    private var wakeRead: Int32 = -1
    private var wakeWrite: Int32 = -1
    private let box = JobBox()

    public func run(polling: Bool = false) {
        let terminal = interactive ? RawTerminal() : nil
        defer {
            terminal?.restore()
            if interactive { write("\u{1B}[?25h") }
        }
        var fds2: [Int32] = [0, 0]
        guard pipe(&fds2) == 0 else { return }
        wakeRead = fds2[0]
        wakeWrite = fds2[1]
        defer { close(wakeRead); close(wakeWrite) }
        let watcher = FileWatcher(root: session.workspace, polling: polling)
        start(.check)
        var stdinOpen = true
        while true {
            var fds = [pollfd(fd: stdinOpen ? STDIN_FILENO : -1, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            if let fd = watcher.descriptor { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), 1000)
            if ready < 0 && errno != EINTR { break }
            if fds[1].revents != 0 {
                var byte: UInt8 = 0
                _ = read(wakeRead, &byte, 1)
                finishJob()
            }
            if stdinOpen, fds[0].revents != 0 {
                var byte: UInt8 = 0
                let n = read(STDIN_FILENO, &byte, 1)
                if n <= 0 {
                    // Not a terminal and the input ended: keep watching (Ctrl-C quits).
                    stdinOpen = false
                } else if !handle(key: Character(Unicode.Scalar(byte))) {
                    break
                }
            }
            if watcher.changed() {
                // Let an editor finish writing (several events for one save).
                usleep(200_000)
                _ = watcher.changed()
                start(.check)
            }
        }
    }

    /// Starts a job on another thread, or queues it behind the running one.
    private func start(_ job: Job) {
        guard running == nil else {
            pending = job
            return
        }
        if finished && job == .check { return }
        running = job
        draw()
        let snapshot = session
        let box = self.box, wake = wakeWrite
        Thread {
            var copy = snapshot
            switch job {
            case .check:
                do {
                    let outcome = try copy.check()
                    box.set(copy, .checked(outcome))
                } catch {
                    box.set(copy, .failed("\(error)"))
                }
            case .checkAll:
                let reports = copy.checkAll()
                box.set(copy, .all(reports))
            }
            var byte: UInt8 = 1
            _ = Glibc.write(wake, &byte, 1)
        }.start()
    }

    /// Takes a finished job's result (on the main thread).
    private func finishJob() {
        guard let (checked, result) = box.take() else { return }
        running = nil
        switch result {
        case let .checked(outcome):
            switch outcome {
            case let .failed(report):
                lastReport = report
            case let .passed(report, _):
                session = checked
                passedReport = report
                lastReport = nil
                message = ""
            case let .finished(report):
                session = checked
                passedReport = report
                finished = true
            case let .regressed(_, broken):
                session = checked
                lastReport = broken
                passedReport = nil
                message = "Step `\(broken.step.id)` no longer passes: it is the current step again."
            case .alreadyDone:
                finished = true
            }
        case let .all(reports):
            message = reports.map { report in
                (report.passed ? mark("✓", "32") : mark("✗", "31")) + " \(report.step.title)"
                    + (report.passed ? "" : "\n" + report.results.filter { !$0.passed }.map { "    wanted \($0.wanted)" }.joined(separator: "\n"))
            }.joined(separator: "\n")
        case let .failed(error):
            message = "error: \(error)"
        }
        draw()
        if let next = pending {
            pending = nil
            start(next)
        }
    }

    /// Returns false to quit.
    private func handle(key: Character) -> Bool {
        message = ""
        switch key {
        case "q", "Q", "\u{04}":
            write(interactive ? "\u{1B}[2J\u{1B}[H" : "")
            write("Progress is saved; `smelt kata watch` picks up where you left.\n")
            return false
        case "n", "N":
            if passedReport != nil {
                passedReport = nil
                lastReport = nil
                start(.check)
                return true
            } else {
                message = "The current step has not passed yet: its checks decide (see above)."
            }
        case "h", "H":
            if let hint = try? session.nextHint() {
                message = "Hint \(hint.number)/\(hint.of): \(hint.hint)"
            } else {
                message = "No hints: the kata is done."
            }
        case "l", "L":
            message = stepList()
        case "c", "C":
            message = "Checking every step again…"
            start(.checkAll)
            return true
        case "s", "S":
            if let step = session.currentStep ?? session.kata.steps.last {
                let diff = session.solutionDiff(for: step)
                let lines = diff.split(separator: "\n", omittingEmptySubsequences: false)
                let shown = interactive ? lines.prefix(30) : lines[...]
                message = diff.isEmpty ? "Your files match the solution of this step."
                    : "Solution of `\(step.id)` (diff from your files; `smelt kata solution` shows it all):\n" + shown.joined(separator: "\n")
                    + (shown.count < lines.count ? "\n… \(lines.count - shown.count) more lines" : "")
            }
        case "\n", "\r", " ":
            return true
        default:
            message = "Keys: n next · h hint · l list · c check all · s solution · q quit"
        }
        draw()
        return true
    }

    /// The terminal's width in columns (80 when unknown).
    private func terminalWidth() -> Int {
        var size = winsize()
        return ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 20 ? Int(size.ws_col) : 80
    }

    /// Wraps text at spaces so no line is wider than `width` (existing line breaks kept).
    static func wrap(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var lines: [String] = []
            var current = ""
            for word in line.split(separator: " ", omittingEmptySubsequences: false) {
                if !current.isEmpty, current.count + 1 + word.count > width {
                    lines.append(current)
                    current = String(word)
                } else {
                    current += (current.isEmpty ? "" : " ") + word
                }
            }
            lines.append(current)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    private func mark(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    private func stepList() -> String {
        session.kata.steps.enumerated().map { i, step in
            let state = session.progress.passed.contains(step.id) ? mark("✓", "32")
                : step.id == session.progress.current ? mark("▶", "33") : "·"
            return "\(state) \(i + 1). \(step.title)"
        }.joined(separator: "\n")
    }

    private func draw() {
        let kata = session.kata
        var out = interactive ? "\u{1B}[?25l\u{1B}[2J\u{1B}[H" : "\n"
        let done = session.progress.passed.count
        let total = kata.steps.count
        let width = 30
        let filled = total == 0 ? 0 : width * done / total
        out += mark("smelt kata", "1") + " · \(kata.title)\n"
        out += "[" + mark(String(repeating: "█", count: filled), "32") + String(repeating: "░", count: width - filled) + "] \(done)/\(total) steps\n\n"
        if finished {
            out += mark("✓ Kata complete!", "1;32") + " Every step passes. You refactored \(kata.title.lowercased()) the way the book teaches.\n"
        } else if let passed = passedReport {
            out += mark("✓ Step passed: \(passed.step.title)", "1;32") + "\n"
            for result in passed.results { out += "  " + mark("✓", "32") + " \(result.wanted)\n" }
            out += "\nCommit this green step (`git commit -am \"…\"`), then press " + mark("n", "1") + " for the next step.\n"
        } else if let step = session.currentStep, let index = session.currentIndex {
            out += mark("Step \(index + 1)/\(total): \(step.title)", "1") + "\n"
            out += step.instruction + "\n\n"
            if let report = lastReport, report.step.id == step.id {
                for result in report.results {
                    if result.passed {
                        out += "  " + mark("✓", "32") + " \(result.wanted)\n"
                    } else {
                        out += "  " + mark("✗", "31") + " wanted \(result.wanted)\n"
                        // The end of a traceback, the start of a list of findings.
                        let lines = result.found.split(separator: "\n")
                        let limit = interactive ? 6 : 40
                        let found = result.check.kind.isBehaviour ? lines.suffix(limit) : lines.prefix(limit)
                        out += found.map { "      " + $0 }.joined(separator: "\n") + "\n"
                    }
                }
            }
        }
        if running == .check { out += "\n" + mark("… checking", "2") + "\n" }
        if !message.isEmpty { out += "\n" + (interactive ? Self.wrap(message, width: terminalWidth() - 2) : message) + "\n" }
        out += "\n" + mark("n", "1") + " next · " + mark("h", "1") + " hint · " + mark("l", "1") + " list · "
            + mark("c", "1") + " check all · " + mark("s", "1") + " solution · " + mark("q", "1") + " quit\n"
        write(out)
    }
}

/// A job's result handed from the worker thread to the main loop.
private final class JobBox: @unchecked Sendable {
    enum Result {
        case checked(KataSession.CheckOutcome)
        case all([KataSession.StepReport])
        case failed(String)
    }
    private let lock = NSLock()
    private var value: (KataSession, Result)?

    func set(_ session: KataSession, _ result: Result) {
        lock.lock()
        value = (session, result)
        lock.unlock()
    }

    func take() -> (KataSession, Result)? {
        lock.lock()
        defer { lock.unlock() }
        let v = value
        value = nil
        return v
    }
}

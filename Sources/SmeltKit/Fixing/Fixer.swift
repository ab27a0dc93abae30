import Foundation
import SmeltRules
import SmeltSyntax

/// `--fix` (write) or `--diff` (only show), and whether unsafe fixes count.
public struct FixMode: Sendable {
    public var unsafe: Bool
    public var write: Bool

    public init(unsafe: Bool = false, write: Bool = true) {
        self.unsafe = unsafe
        self.write = write
    }

    func applies(_ fix: Fix) -> Bool {
        fix.applicability == .safe || (unsafe && fix.applicability == .unsafe)
    }
}

/// What fixing did to one file.
public struct FileFix: Sendable {
    public let path: String
    /// The document before fixing (for per-cell diffs) and the bytes after.
    public let before: Document
    public let originalBytes: [UInt8]
    public let fixedBytes: [UInt8]
    /// The fixed document (nil if it could not be loaded, which the re-parse check prevents).
    public let after: Document?
    /// How many findings were fixed, by rule code.
    public let fixedByRule: [String: Int]
    /// Fixes that were not applied, and why ("SM105 Remove unused import `os`: …").
    public let dropped: [String]
    /// Set when writing the file failed (the file is then unchanged).
    public var writeError: String?

    public var fixedCount: Int { fixedByRule.values.reduce(0, +) }
    public var changed: Bool { originalBytes != fixedBytes }
}

/// Applies fixes to a file: lint, apply the non-overlapping fixes, re-parse, repeat (at most
/// `maximumRounds`), then lint the result once more for what remains.
public enum Fixer {
    public static let maximumRounds = 10

    /// Fixes one file; the result holds what remains, what fixing did, and (with `clones`)
    /// the fixed file's clone signature for the cross-file pass.
    static func fix(_ file: DiscoveredFile, settings: LintSettings, mode: FixMode, parser: Parser,
                    clones: CrossFileClones.Options? = nil) -> Linter.FileResult {
        let original: [UInt8]
        do { original = try readFileBytes(file.path) } catch {
            return Linter.lintFile(file, settings: settings, parser: parser, clones: clones)
        }
        let (findings, fix, document, bytes) = fix(file, original: original, settings: settings, mode: mode, parser: parser)
        var result = Linter.FileResult(findings: findings, fix: fix)
        if let clones, let document, !Linter.ignoresFile(document),
           !Linter.ignoredRules(file, settings: settings).contains(clones.ruleIndex) {
            result.signature = clones.signature(of: document, byteCount: bytes.count)
        }
        return result
    }

    /// The fix loop over a file's bytes: what remains, what was done, the final document and bytes.
    static func fix(_ file: DiscoveredFile, original: [UInt8], settings: LintSettings, mode: FixMode,
                    parser: Parser) -> (findings: [ReportedFinding], fix: FileFix?, document: Document?, bytes: [UInt8]) {
        var (findings, document) = Linter.lint(file, bytes: original, settings: settings, parser: parser)
        guard let first = document else { return (findings, nil, nil, original) }
        let bom: [UInt8] = original.starts(with: [0xEF, 0xBB, 0xBF]) ? [0xEF, 0xBB, 0xBF] : []
        var bytes = original
        var fixedByRule: [String: Int] = [:]
        var dropped: [String] = []
        var round = 0
        while round < maximumRounds, let current = document {
            round += 1
            let candidates = findings.filter { $0.fix.map(mode.applies) ?? false }
            if candidates.isEmpty { break }
            // A script decoded from another encoding (PEP 263) cannot be written back as it was read.
            if !current.isNotebook, Array(bytes.dropFirst(bom.count)) != current.units[0].original.bytes {
                dropped.append("fixes not applied: the file is not UTF-8, and smelt writes fixes only to UTF-8 files")
                break
            }
            let result = FixRound.apply(candidates.map { $0.fix! }, to: current, parser: parser)
            for i in result.applied { fixedByRule[candidates[i].code, default: 0] += 1 }
            for (i, reason) in result.dropped {
                let text = "\(candidates[i].code) \(candidates[i].fix!.title): \(reason)"
                if !dropped.contains(text) { dropped.append(text) }
            }
            guard result.changed else { break }
            let next = assemble(current, result, bom: bom)
            if next == bytes { break }
            bytes = next
            (findings, document) = Linter.lint(file, bytes: bytes, settings: settings, parser: parser)
            if document == nil {
                // Cannot happen (each unit was re-parsed), but never write what cannot be read back.
                dropped.append("fixes not applied: the fixed file could not be read back")
                bytes = original
                (findings, document) = Linter.lint(file, bytes: bytes, settings: settings, parser: parser)
                fixedByRule = [:]
                break
            }
        }
        if bytes == original && dropped.isEmpty { return (findings, nil, document, bytes) }
        var outcome = FileFix(path: file.path, before: first, originalBytes: original, fixedBytes: bytes, after: document,
                              fixedByRule: fixedByRule, dropped: dropped)
        if mode.write, outcome.changed {
            do { try AtomicWrite.write(bytes, to: file.path) } catch {
                outcome.writeError = error.description
                // The file is unchanged: report what it still has.
                (findings, document) = Linter.lint(file, bytes: original, settings: settings, parser: parser)
                return (findings, outcome, document, original)
            }
        }
        return (findings, outcome, document, bytes)
    }

    /// The file's bytes after a round: a script's new text, or the notebook with the
    /// edited cells' sources replaced (everything else kept byte for byte).
    static func assemble(_ document: Document, _ round: FixRound, bom: [UInt8]) -> [UInt8] {
        guard let notebook = document.notebook else {
            return bom + (round.sources[0] ?? document.units[0].original.bytes)
        }
        var sources: [Int: String] = [:]
        for (unit, bytes) in round.sources { sources[document.units[unit].cellIndex!] = String(decoding: bytes, as: UTF8.self) }
        let removed = Set(round.removedUnits.map { document.units[$0].cellIndex! })
        return bom + notebook.editedText(sources: sources, removing: removed)
    }
}

/// Writing a file so that it is either the old or the new content, never half of each:
/// a temporary file in the same folder (same file system), the original's permissions,
/// then `rename`. A symbolic link is followed: its target is rewritten, the link kept.
public enum AtomicWrite {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var info = stat()
        let mode: mode_t = stat(target, &info) == 0 ? info.st_mode & 0o7777 : 0o644
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        var template = Array(((folder.isEmpty ? "." : folder) + "/." + name + ".smelt-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
        let temporary = String(cString: template)
        func fail(_ what: String) -> Failure {
            let reason = String(cString: strerror(errno))
            close(fd)
            unlink(temporary)
            return Failure(description: "cannot write \(path): \(what): \(reason)")
        }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail("write")
            }
            written += n
        }
        if fchmod(fd, mode) != 0 { throw fail("chmod") }
        if fsync(fd) != 0 { throw fail("fsync") }
        close(fd)
        if rename(temporary, target) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot write \(path): rename: \(reason)")
        }
    }
}

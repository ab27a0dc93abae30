// `.gitignore` parsing and matching, following gitignore(5):
//   - blank lines and lines starting with `#` are skipped; `\#` is a literal `#`
//   - trailing spaces are dropped unless escaped (`\ `); a trailing `\r` is dropped
//   - `!` negates (re-includes); `\!` is a literal `!`
//   - the last matching pattern decides; deeper files override shallower
//     ones, and `.git/info/exclude` has the lowest precedence
//   - a trailing `/` matches directories only
//   - a pattern with a `/` at the start or in the middle is anchored to the
//     directory holding the `.gitignore`; otherwise it matches a name at any
//     depth below that directory
//   - a path below an ignored directory stays ignored, whatever later
//     negations say (git never looks inside an ignored directory)

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One pattern line of a `.gitignore` file.
public struct GitIgnoreRule: Sendable, Hashable {
    public let pattern: GlobPattern
    /// True for `!pattern` lines, which re-include what earlier lines ignored.
    public let isNegation: Bool
    /// 1-based line number in the file.
    public let line: Int
}

/// The rules of one `.gitignore` (or `info/exclude`) file.
public struct GitIgnoreFile: Sendable {
    /// The directory holding the file, relative to the work-tree root
    /// (`""` for the root itself and for `.git/info/exclude`).
    public let directory: String
    /// The rules in file order.
    public let rules: [GitIgnoreRule]
    /// Lines that hold a pattern git would never match (for example an
    /// unclosed `[`); they are skipped.
    public let invalidLines: [Int]

    /// Byte length of the prefix (`directory/`) to strip from work-tree paths.
    let prefixLength: Int

    public init(contents: String, directory: String = "") {
        self.init(bytes: Array(contents.utf8), directory: directory)
    }

    /// Reads and parses the file at `path`; nil when it cannot be read.
    public init?(contentsOfFile path: String, directory: String = "") {
        guard let bytes = DiscoveryFileSystem.readWholeFile(path) else { return nil }
        self.init(bytes: bytes, directory: directory)
    }

    init(bytes: [UInt8], directory: String) {
        let directory = GlobPattern.cleanPath(directory)
        self.directory = directory
        self.prefixLength = directory.isEmpty ? 0 : directory.utf8.count + 1
        var rules: [GitIgnoreRule] = []
        var invalid: [Int] = []
        var lineStart = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { lineStart = 3 }
        var lineNumber = 0
        while lineStart < bytes.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let next = lineEnd + 1
            defer { lineStart = next }
            if lineEnd > lineStart, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            if lineEnd == lineStart || bytes[lineStart] == UInt8(ascii: "#") { continue }

            // Drop trailing spaces that are not escaped.
            var keptEnd = lineStart
            var i = lineStart
            while i < lineEnd {
                if bytes[i] == UInt8(ascii: "\\") {
                    i = min(lineEnd, i + 2)
                    keptEnd = i
                } else {
                    if bytes[i] != UInt8(ascii: " ") { keptEnd = i + 1 }
                    i += 1
                }
            }
            var start = lineStart
            var negated = false
            if keptEnd > start, bytes[start] == UInt8(ascii: "!") {
                negated = true
                start += 1
            }
            if keptEnd <= start { continue }
            let text = String(decoding: bytes[start..<keptEnd], as: UTF8.self)
            do {
                let pattern = try GlobPattern(text)
                rules.append(GitIgnoreRule(pattern: pattern, isNegation: negated, line: lineNumber))
            } catch {
                invalid.append(lineNumber)
            }
        }
        self.rules = rules
        self.invalidLines = invalid
    }

    /// The verdict of this file alone for `path` (relative to the work-tree
    /// root): true when ignored, false when re-included by a negation, nil
    /// when no rule matches or `path` is not below `directory`. Only `path`
    /// itself is matched, not its parent directories.
    public func match(_ path: String, isDirectory: Bool) -> Bool? {
        var clean = GlobPattern.cleanPath(path)
        return clean.withUTF8 { buffer in
            guard buffer.count > prefixLength else { return nil }
            if prefixLength > 0 {
                guard buffer[prefixLength - 1] == UInt8(ascii: "/") else { return nil }
                var k = 0
                for byte in directory.utf8 {
                    if buffer[k] != byte { return nil }
                    k += 1
                }
            }
            return match(relative: UnsafeBufferPointer(rebasing: buffer[prefixLength...]), isDirectory: isDirectory)
        }
    }

    /// `relative` is a clean path relative to `directory`.
    func match(relative: UnsafeBufferPointer<UInt8>, isDirectory: Bool) -> Bool? {
        guard !relative.isEmpty else { return nil }
        var basenameStart = relative.count
        while basenameStart > 0, relative[basenameStart - 1] != UInt8(ascii: "/") { basenameStart -= 1 }
        var depth = 1
        for byte in relative where byte == UInt8(ascii: "/") { depth += 1 }
        var i = rules.count - 1
        while i >= 0 {
            if rules[i].pattern.match(path: relative, basenameStart: basenameStart, depth: depth, isDirectory: isDirectory) {
                return !rules[i].isNegation
            }
            i -= 1
        }
        return nil
    }
}

/// The ignore rules that apply inside one git work tree.
public struct GitIgnore: Sendable {
    /// Absolute, symlink-free path of the work tree (the directory holding `.git`).
    public let workTreeRoot: String
    /// Rule files in increasing precedence: `info/exclude`, then `.gitignore`
    /// files from the root downwards.
    public private(set) var files: [GitIgnoreFile]

    public init(workTreeRoot: String, files: [GitIgnoreFile] = []) {
        self.workTreeRoot = workTreeRoot
        self.files = files
    }

    /// Adds a file with higher precedence than those already present.
    public mutating func append(_ file: GitIgnoreFile) {
        files.append(file)
    }

    /// Whether `path` (relative to the work-tree root) is ignored, applying
    /// git's rule that nothing below an ignored directory can be re-included.
    public func isIgnored(_ path: String, isDirectory: Bool) -> Bool {
        var clean = GlobPattern.cleanPath(path)
        return clean.withUTF8 { buffer in
            guard !buffer.isEmpty else { return false }
            var i = 0
            while i < buffer.count {
                if buffer[i] == UInt8(ascii: "/"),
                   verdict(UnsafeBufferPointer(rebasing: buffer[0..<i]), isDirectory: true) {
                    return true
                }
                i += 1
            }
            return verdict(buffer, isDirectory: isDirectory)
        }
    }

    private func verdict(_ path: UnsafeBufferPointer<UInt8>, isDirectory: Bool) -> Bool {
        var f = files.count - 1
        while f >= 0 {
            let file = files[f]
            f -= 1
            let skip = file.prefixLength
            if skip > 0 {
                guard path.count > skip, path[skip - 1] == UInt8(ascii: "/") else { continue }
                var same = true
                var k = 0
                for byte in file.directory.utf8 {
                    if path[k] != byte { same = false; break }
                    k += 1
                }
                if !same { continue }
            }
            if let result = file.match(relative: UnsafeBufferPointer(rebasing: path[skip...]), isDirectory: isDirectory) {
                return result
            }
        }
        return false
    }

    /// The work tree holding `directory` (the nearest directory at or above
    /// it that contains `.git`), as an absolute symlink-free path.
    public static func workTreeRoot(containing directory: String) -> String? {
        guard var current = DiscoveryFileSystem.realPath(directory) else { return nil }
        while true {
            if DiscoveryFileSystem.pathExists(DiscoveryFileSystem.joinPath(current, ".git")) { return current }
            guard let parent = DiscoveryFileSystem.parentDirectory(current) else { return nil }
            current = parent
        }
    }

    /// Where git keeps `info/exclude` for the work tree at `root`; follows a
    /// `.git` file (`gitdir: ...`) and the `commondir` of linked worktrees.
    public static func excludeFilePath(forWorkTree root: String) -> String? {
        let dotGit = DiscoveryFileSystem.joinPath(root, ".git")
        var info = stat()
        guard stat(dotGit, &info) == 0 else { return nil }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            return DiscoveryFileSystem.joinPath(dotGit, "info/exclude")
        }
        guard let text = DiscoveryFileSystem.readWholeFile(dotGit).map({ String(decoding: $0, as: UTF8.self) }) else { return nil }
        let prefix = "gitdir:"
        guard let line = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first,
              line.hasPrefix(prefix) else { return nil }
        var gitDir = String(line.dropFirst(prefix.count)).trimmingSpaces()
        if !gitDir.hasPrefix("/") { gitDir = DiscoveryFileSystem.joinPath(root, gitDir) }
        if let common = DiscoveryFileSystem.readWholeFile(DiscoveryFileSystem.joinPath(gitDir, "commondir")).map({ String(decoding: $0, as: UTF8.self).trimmingSpaces() }),
           !common.isEmpty {
            gitDir = common.hasPrefix("/") ? common : DiscoveryFileSystem.joinPath(gitDir, common)
        }
        return DiscoveryFileSystem.joinPath(gitDir, "info/exclude")
    }

    /// Everything that applies to paths inside `directory`: `info/exclude`
    /// and the `.gitignore` files from the work-tree root down to
    /// `directory` itself. Nil when `directory` is not inside a work tree.
    public static func load(forDirectory directory: String) -> GitIgnore? {
        guard let context = context(forDirectory: directory, includingDirectory: true) else { return nil }
        return context.ignore
    }

    /// Like `load(forDirectory:)`, also giving the path of `directory`
    /// relative to the work-tree root. With `includingDirectory: false` the
    /// `.gitignore` of `directory` itself is left out, and a `directory` that
    /// holds `.git` is looked up from its parent (a walker loads those when
    /// it enters the directory).
    static func context(forDirectory directory: String, includingDirectory: Bool) -> (ignore: GitIgnore, relative: String)? {
        guard let real = DiscoveryFileSystem.realPath(directory) else { return nil }
        let searchStart: String
        if includingDirectory {
            searchStart = real
        } else {
            guard let parent = DiscoveryFileSystem.parentDirectory(real) else { return nil }
            searchStart = parent
        }
        guard let root = workTreeRoot(containing: searchStart) else { return nil }
        let relative = real == root ? "" : String(real.utf8.dropFirst(root == "/" ? 1 : root.utf8.count + 1))!
        var ignore = GitIgnore(workTreeRoot: root)
        if let exclude = excludeFilePath(forWorkTree: root),
           let file = GitIgnoreFile(contentsOfFile: exclude, directory: "") {
            ignore.append(file)
        }
        var components = relative.isEmpty ? [] : relative.split(separator: "/").map(String.init)
        if !includingDirectory && !components.isEmpty { components.removeLast() }
        var current = root
        var currentRelative = ""
        if let file = GitIgnoreFile(contentsOfFile: DiscoveryFileSystem.joinPath(current, ".gitignore"), directory: "") {
            ignore.append(file)
        }
        for component in components {
            current = DiscoveryFileSystem.joinPath(current, component)
            currentRelative = currentRelative.isEmpty ? component : currentRelative + "/" + component
            if let file = GitIgnoreFile(contentsOfFile: DiscoveryFileSystem.joinPath(current, ".gitignore"), directory: currentRelative) {
                ignore.append(file)
            }
        }
        return (ignore, relative)
    }
}

// MARK: - Small file-system helpers shared by discovery

enum DiscoveryFileSystem {
    static func joinPath(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        if directory.utf8.last == UInt8(ascii: "/") { return directory + name }
        return directory + "/" + name
    }

    /// The parent of an absolute clean path; nil for `/`.
    static func parentDirectory(_ path: String) -> String? {
        guard path != "/" else { return nil }
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        if slash == path.utf8.startIndex { return "/" }
        return String(path.utf8[..<slash])!
    }

    static func pathExists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// `realpath(3)`: absolute, with symlinks and `.`/`..` resolved.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(validatingCString: resolved)
    }

    /// Reads a whole file with plain system calls; nil when it cannot be read.
    static func readWholeFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: max(4096, Int(info.st_size) + 1))
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\n" || first == "\r" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }
}

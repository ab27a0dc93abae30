// Finding the Python files and notebooks to lint.
//
// `discoverFiles` walks the directories named on the command line with plain
// `open`/`readdir`/`fstatat` calls (d_type saves a `stat` for most entries),
// skips virtual environments, caches and build output, applies the
// configured `exclude` globs and the git ignore rules, and returns the files
// sorted by path so the output never depends on the file-system order.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct DiscoveryOptions: Sendable {
    /// Globs from the configuration, relative to `root`.
    public var exclude: [GlobPattern]
    /// Honour `.gitignore` files and `.git/info/exclude` inside git work trees.
    public var respectGitignore: Bool = true
    /// The project root: the folder of the configuration file, or the current directory.
    public var root: String

    public init(root: String = ".", exclude: [GlobPattern] = [], respectGitignore: Bool = true) {
        self.root = root
        self.exclude = exclude
        self.respectGitignore = respectGitignore
    }

    /// Directory names that are never entered while walking (a directory
    /// holding `pyvenv.cfg` is skipped too, whatever its name). A directory
    /// named explicitly on the command line is still walked.
    public static let skippedDirectoryNames: Set<String> = [
        ".git", ".hg", ".svn", ".bzr",
        ".venv", "venv", ".tox", ".nox", ".eggs", ".direnv", ".pyenv",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".smelt_cache", ".pytype",
        ".ipynb_checkpoints", "__pycache__", "__pypackages__", "site-packages",
        "node_modules", ".build", "dist", "_build", "buck-out",
        ".vscode", ".idea",
    ]
}

public struct DiscoveredFile: Sendable, Hashable {
    /// The path as the user would write it: relative to the current directory
    /// for relative arguments (no `./` prefix), absolute for absolute ones.
    public let path: String
    public let kind: Kind

    public enum Kind: Sendable {
        case python
        case notebook
    }

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }
}

public struct DiscoveryIssue: Sendable, Hashable {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

public struct DiscoveryResult: Sendable {
    /// Sorted by path (byte order), no duplicates.
    public var files: [DiscoveredFile]
    /// Path arguments that do not exist, as given.
    public var missing: [String]
    /// Directories that could not be listed, with the reason; sorted by path.
    public var unreadable: [DiscoveryIssue]

    public init(files: [DiscoveredFile] = [], missing: [String] = [], unreadable: [DiscoveryIssue] = []) {
        self.files = files
        self.missing = missing
        self.unreadable = unreadable
    }
}

/// Finds the `.py`, `.pyi` and `.ipynb` files under `paths`.
///
/// A file named in `paths` is always included (whatever its extension,
/// excludes or ignore rules); a directory named in `paths` is always walked,
/// and the filters apply to what is inside it.
public func discoverFiles(_ paths: [String], options: DiscoveryOptions) -> DiscoveryResult {
    let cwd = currentDirectory()
    var walker = DirectoryWalker(options: options, cwd: cwd)
    var missing: [String] = []

    for argument in paths {
        guard !argument.isEmpty else {
            missing.append(argument)
            continue
        }
        let path = normalizedArgument(argument)
        var info = stat()
        if stat(path, &info) != 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR {
                missing.append(argument)
            } else {
                walker.unreadable.append(DiscoveryIssue(path: path, reason: errorDescription(code)))
            }
            continue
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            walker.walkArgument(path)
        } else {
            walker.files.append(DiscoveredFile(path: path, kind: path.utf8.endsWith(notebookSuffix) ? .notebook : .python))
        }
    }

    var files = walker.files
    files.sort { utf8Precedes($0.path, $1.path) }
    var unique: [DiscoveredFile] = []
    unique.reserveCapacity(files.count)
    for file in files where unique.last?.path != file.path {
        unique.append(file)
    }
    var unreadable = walker.unreadable
    unreadable.sort { utf8Precedes($0.path, $1.path) }
    var uniqueIssues: [DiscoveryIssue] = []
    for issue in unreadable where uniqueIssues.last != issue {
        uniqueIssues.append(issue)
    }
    return DiscoveryResult(files: unique, missing: missing, unreadable: uniqueIssues)
}

// MARK: - The walker

private let notebookSuffix = Array(".ipynb".utf8)

private struct DirectoryID: Hashable {
    let device: UInt64
    let inode: UInt64
}

private let typeUnknown = UInt8(DT_UNKNOWN)
private let typeDirectory = UInt8(DT_DIR)
private let typeRegular = UInt8(DT_REG)
private let typeSymlink = UInt8(DT_LNK)

private struct DirectoryWalker {
    let basenameExcludes: [GlobPattern]
    let anchoredExcludes: [GlobPattern]
    let respectGitignore: Bool
    let cwd: String
    let absoluteRoot: String
    var realRoot: String??

    var visited = Set<DirectoryID>()
    var files: [DiscoveredFile] = []
    var unreadable: [DiscoveryIssue] = []
    /// Ignore files that apply to the directory being walked, lowest precedence first.
    var ignoreFiles: [GitIgnoreFile] = []

    /// The directory being walked relative to the project root (UTF-8, no
    /// trailing slash), valid when `insideRoot`.
    var rootPath: [UInt8] = []
    var insideRoot = false
    /// When the walk started above the project root: the names leading from
    /// the directory being walked down to the root (so excludes start to
    /// apply once the walk gets there); nil when the root is not below.
    var routeToRoot: ArraySlice<String>? = nil
    /// The directory being walked relative to its work-tree root, valid when `insideWorkTree`.
    var gitPath: [UInt8] = []
    var insideWorkTree = false

    init(options: DiscoveryOptions, cwd: String) {
        basenameExcludes = options.exclude.filter { !$0.isAnchored }
        anchoredExcludes = options.exclude.filter { $0.isAnchored }
        respectGitignore = options.respectGitignore
        self.cwd = cwd
        absoluteRoot = lexicallyAbsolute(options.root.isEmpty ? "." : options.root, cwd: cwd)
    }

    /// Walks a directory named on the command line (`path` is normalised).
    mutating func walkArgument(_ path: String) {
        let rootRelative = relativeToRoot(path)
        insideRoot = rootRelative != nil
        rootPath = Array((rootRelative ?? "").utf8)
        routeToRoot = insideRoot ? nil : routeFromArgument(path)
        ignoreFiles = []
        insideWorkTree = false
        gitPath = []
        if respectGitignore, let context = GitIgnore.context(forDirectory: path, includingDirectory: false) {
            ignoreFiles = context.ignore.files
            insideWorkTree = true
            gitPath = Array(context.relative.utf8)
        }
        walk(path == "." ? "" : path, explicit: true)
    }

    /// The path of an argument relative to the project root, nil when outside it.
    private mutating func relativeToRoot(_ path: String) -> String? {
        if let relative = relative(lexicallyAbsolute(path, cwd: cwd), to: absoluteRoot) { return relative }
        if realRoot == nil { realRoot = .some(DiscoveryFileSystem.realPath(absoluteRoot)) }
        guard let root = realRoot ?? nil, let real = DiscoveryFileSystem.realPath(path) else { return nil }
        return relative(real, to: root)
    }

    /// The components leading from the directory `path` down to the project
    /// root, nil when the root is not below it.
    private mutating func routeFromArgument(_ path: String) -> ArraySlice<String>? {
        var below = relative(absoluteRoot, to: lexicallyAbsolute(path, cwd: cwd))
        if below == nil {
            if realRoot == nil { realRoot = .some(DiscoveryFileSystem.realPath(absoluteRoot)) }
            if let root = realRoot ?? nil, let real = DiscoveryFileSystem.realPath(path) { below = relative(root, to: real) }
        }
        guard let below, !below.isEmpty else { return nil }
        return ArraySlice(below.split(separator: "/").map(String.init))
    }

    /// `display` is the path as reported ("" for the current directory);
    /// `rootPath` and `gitPath` describe the same directory.
    private mutating func walk(_ display: String, explicit: Bool) {
        let openPath = display.isEmpty ? "." : display
        let fd = open(openPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            unreadable.append(DiscoveryIssue(path: openPath, reason: errorDescription(errno)))
            return
        }
        var info = stat()
        if fstat(fd, &info) == 0 {
            let id = DirectoryID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
            if !visited.insert(id).inserted {
                close(fd)
                return
            }
        }
        guard let stream = fdopendir(fd) else {
            let code = errno
            close(fd)
            unreadable.append(DiscoveryIssue(path: openPath, reason: errorDescription(code)))
            return
        }

        // Read the whole listing first: markers decide how the rest is treated.
        var entries: [(name: String, type: UInt8)] = []
        var hasVenvMarker = false
        var hasGit = false
        var hasGitignore = false
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 {
                    unreadable.append(DiscoveryIssue(path: openPath, reason: errorDescription(errno)))
                }
                break
            }
            let rawName = UnsafeRawPointer(entry).advanced(by: direntNameOffset).assumingMemoryBound(to: CChar.self)
            if rawName[0] == 0x2E {
                // ".", "..", and the markers, which all start with a dot except pyvenv.cfg.
                if rawName[1] == 0 || (rawName[1] == 0x2E && rawName[2] == 0) { continue }
                if strcmp(rawName, ".git") == 0 { hasGit = true }
                else if strcmp(rawName, ".gitignore") == 0 { hasGitignore = true }
            } else if rawName[0] == 0x70, strcmp(rawName, "pyvenv.cfg") == 0 {
                hasVenvMarker = true
            }
            let type = entry.pointee.d_type
            guard let name = String(validatingCString: rawName) else {
                reportInvalidName(rawName, type: type, in: openPath)
                continue
            }
            entries.append((name, type))
        }
        if hasVenvMarker && !explicit {
            closedir(stream)
            return
        }

        let savedIgnoreFiles = ignoreFiles
        var savedWorkTree: (path: [UInt8], inside: Bool)? = nil
        if respectGitignore {
            if hasGit && !(insideWorkTree && gitPath.isEmpty) {
                // A work tree of its own: the enclosing repository's rules stop here.
                savedWorkTree = (gitPath, insideWorkTree)
                ignoreFiles = []
                insideWorkTree = true
                gitPath = []
                if let exclude = GitIgnore.excludeFilePath(forWorkTree: openPath),
                   let file = GitIgnoreFile(contentsOfFile: exclude, directory: "") {
                    ignoreFiles.append(file)
                }
            }
            if hasGitignore && insideWorkTree,
               let file = GitIgnoreFile(contentsOfFile: DiscoveryFileSystem.joinPath(openPath, ".gitignore"),
                                        directory: String(decoding: gitPath, as: UTF8.self)) {
                ignoreFiles.append(file)
            }
        }
        let checkIgnores = insideWorkTree && !ignoreFiles.isEmpty
        let checkAnchored = insideRoot && !anchoredExcludes.isEmpty

        let directoryFD = dirfd(stream)
        var accepted: [(name: String, kind: DiscoveredFile.Kind?)] = []
        for (name, type) in entries {
            let isDirectory: Bool
            var kind: DiscoveredFile.Kind? = nil
            switch type {
            case typeRegular:
                kind = pythonKind(name)
                if kind == nil { continue }
                isDirectory = false
            case typeDirectory:
                isDirectory = true
            case typeSymlink, typeUnknown:
                var target = stat()
                // Follows symlinks; a broken link fails here and is skipped silently.
                guard fstatat(directoryFD, name, &target, 0) == 0 else { continue }
                let format = target.st_mode & S_IFMT
                if format == S_IFDIR {
                    isDirectory = true
                } else if format == S_IFREG {
                    kind = pythonKind(name)
                    if kind == nil { continue }
                    isDirectory = false
                } else {
                    continue
                }
            default:
                continue
            }

            if isDirectory && DiscoveryOptions.skippedDirectoryNames.contains(name) { continue }
            if !basenameExcludes.isEmpty && isExcludedByName(name, isDirectory: isDirectory) { continue }
            if checkAnchored && Self.matchesAny(anchoredExcludes, &rootPath, name, isDirectory: isDirectory) { continue }
            if checkIgnores && isIgnored(name, isDirectory: isDirectory) { continue }
            accepted.append((name, kind))
        }
        closedir(stream)

        // Visit in the order of the full paths (a directory sorts as `name/`),
        // so a single walk yields sorted output and the final sort has little
        // to do; it also makes the route that wins for a directory reachable
        // twice (symlinks) independent of the file-system order.
        // Sorting keys are the first eight bytes (big-endian), so most
        // comparisons are integer ones; ties fall back to the full names.
        var order: [(key: UInt64, index: Int)] = []
        order.reserveCapacity(accepted.count)
        for (index, entry) in accepted.enumerated() {
            order.append((sortKey(entry.name, isDirectory: entry.kind == nil), index))
        }
        order.sort { lhs, rhs in
            if lhs.key != rhs.key { return lhs.key < rhs.key }
            let a = accepted[lhs.index]
            let b = accepted[rhs.index]
            return entryPrecedes(a.name, isDirectory: a.kind == nil, b.name, isDirectory: b.kind == nil)
        }
        for (_, index) in order {
            let (name, kind) = accepted[index]
            if let kind {
                files.append(DiscoveredFile(path: DiscoveryFileSystem.joinPath(display, name), kind: kind))
                continue
            }
            let rootLength = rootPath.count
            let gitLength = gitPath.count
            let savedRoute = routeToRoot
            var enteredRoot = false
            if insideRoot {
                Self.appendComponent(&rootPath, name)
            } else if let route = routeToRoot {
                if route.first == name {
                    routeToRoot = route.count == 1 ? nil : route.dropFirst()
                    enteredRoot = route.count == 1
                    insideRoot = enteredRoot
                } else {
                    routeToRoot = nil
                }
            }
            Self.appendComponent(&gitPath, name)
            walk(DiscoveryFileSystem.joinPath(display, name), explicit: false)
            if enteredRoot { insideRoot = false }
            routeToRoot = savedRoute
            rootPath.removeSubrange(rootLength...)
            gitPath.removeSubrange(gitLength...)
        }
        ignoreFiles = savedIgnoreFiles
        if let savedWorkTree {
            gitPath = savedWorkTree.path
            insideWorkTree = savedWorkTree.inside
        }
    }

    private static func appendComponent(_ path: inout [UInt8], _ name: String) {
        if !path.isEmpty { path.append(UInt8(ascii: "/")) }
        path.append(contentsOf: name.utf8)
    }

    private func isExcludedByName(_ name: String, isDirectory: Bool) -> Bool {
        var name = name
        return name.withUTF8 { buffer in
            basenameExcludes.contains { $0.match(name: buffer, isDirectory: isDirectory) }
        }
    }

    /// Whether `path/name` matches one of the (anchored) `patterns`; `path` is restored.
    private static func matchesAny(_ patterns: [GlobPattern], _ path: inout [UInt8], _ name: String, isDirectory: Bool) -> Bool {
        let length = path.count
        appendComponent(&path, name)
        defer { path.removeSubrange(length...) }
        return path.withUnsafeBufferPointer { buffer in
            patterns.contains { $0.match(path: buffer, isDirectory: isDirectory) }
        }
    }

    /// Whether `gitPath/name` is ignored; every ignore file on the stack
    /// belongs to an ancestor of it.
    private mutating func isIgnored(_ name: String, isDirectory: Bool) -> Bool {
        let length = gitPath.count
        Self.appendComponent(&gitPath, name)
        defer { gitPath.removeSubrange(length...) }
        return gitPath.withUnsafeBufferPointer { buffer in
            ignoreFiles.withUnsafeBufferPointer { stack in
                var i = stack.count - 1
                while i >= 0 {
                    let skip = stack[i].prefixLength
                    if skip < buffer.count,
                       let verdict = stack[i].match(relative: UnsafeBufferPointer(rebasing: buffer[skip...]),
                                                    isDirectory: isDirectory) {
                        return verdict
                    }
                    i -= 1
                }
                return false
            }
        }
    }

    private mutating func reportInvalidName(_ rawName: UnsafePointer<CChar>, type: UInt8, in directory: String) {
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(rawName).assumingMemoryBound(to: UInt8.self),
                                        count: strlen(rawName))
        let isPython = bytes.endsWith(Array(".py".utf8)) || bytes.endsWith(Array(".pyi".utf8))
            || bytes.endsWith(notebookSuffix)
        guard type == typeDirectory || isPython else { return }
        unreadable.append(DiscoveryIssue(path: DiscoveryFileSystem.joinPath(directory, String(decoding: bytes, as: UTF8.self)),
                                         reason: "file name is not valid UTF-8"))
    }
}

private let direntNameOffset: Int = MemoryLayout<dirent>.offset(of: \dirent.d_name)!

@inline(__always)
private func pythonKind(_ name: String) -> DiscoveredFile.Kind? {
    var name = name
    return name.withUTF8 { bytes -> DiscoveredFile.Kind? in
        let n = bytes.count
        // ".py", ".pyi", ".ipynb"
        if n >= 3, bytes[n - 3] == 0x2E, bytes[n - 2] == 0x70, bytes[n - 1] == 0x79 { return .python }
        if n >= 4, bytes[n - 4] == 0x2E, bytes[n - 3] == 0x70, bytes[n - 2] == 0x79, bytes[n - 1] == 0x69 { return .python }
        if n >= 6, bytes[n - 6] == 0x2E, bytes[n - 5] == 0x69, bytes[n - 4] == 0x70, bytes[n - 3] == 0x79,
           bytes[n - 2] == 0x6E, bytes[n - 1] == 0x62 { return .notebook }
        return nil
    }
}

// MARK: - Paths

extension Sequence where Element == UInt8 {
    fileprivate func endsWith(_ suffix: [UInt8]) -> Bool {
        let all = Array(self)
        return all.count >= suffix.count && all[(all.count - suffix.count)...].elementsEqual(suffix)
    }
}

/// The first eight bytes of `name` (followed by `/` for a directory) as a
/// big-endian integer, zero-padded: ordering keys orders the names.
@inline(__always)
private func sortKey(_ name: String, isDirectory: Bool) -> UInt64 {
    var key: UInt64 = 0
    var count = 0
    for byte in name.utf8 {
        key = key << 8 | UInt64(byte)
        count += 1
        if count == 8 { return key }
    }
    if isDirectory {
        key = key << 8 | UInt64(UInt8(ascii: "/"))
        count += 1
    }
    return count == 8 ? key : key << (8 * UInt64(8 - count))
}

/// Orders directory entries as their paths sort: a directory compares as
/// `name/`, so `a.py` < `a/x.py` < `a0.py`.
private func entryPrecedes(_ lhs: String, isDirectory lhsIsDirectory: Bool, _ rhs: String, isDirectory rhsIsDirectory: Bool) -> Bool {
    compareUTF8(lhs, rhs) { a, b, common in
        if a.count == b.count { return !lhsIsDirectory && rhsIsDirectory }
        if a.count < b.count {
            // lhs is a prefix of rhs: a file ends here (sorts first); a directory continues with '/'.
            return !lhsIsDirectory || UInt8(ascii: "/") < b[common]
        }
        // rhs is a prefix of lhs.
        return rhsIsDirectory && a[common] < UInt8(ascii: "/")
    }
}

/// Compares two strings' UTF-8 bytes; when one is a prefix of the other, `tie` decides
/// (given both buffers and the common length).
private func compareUTF8(_ lhs: String, _ rhs: String,
                         tie: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>, Int) -> Bool) -> Bool {
    var lhs = lhs
    var rhs = rhs
    return lhs.withUTF8 { a in
        rhs.withUTF8 { b in
            let common = min(a.count, b.count)
            if common > 0, let pa = a.baseAddress, let pb = b.baseAddress {
                let order = memcmp(pa, pb, common)
                if order != 0 { return order < 0 }
            }
            return tie(a, b, common)
        }
    }
}

/// Byte-wise (UTF-8) ordering, independent of Unicode normalisation.
private func utf8Precedes(_ lhs: String, _ rhs: String) -> Bool {
    compareUTF8(lhs, rhs) { a, b, _ in a.count < b.count }
}

/// Drops `.` components, repeated and trailing slashes; keeps `..` and a
/// leading `/`. `./src/` becomes `src`, `./` becomes `.`.
private func normalizedArgument(_ path: String) -> String {
    let absolute = path.utf8.first == UInt8(ascii: "/")
    let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
    if parts.isEmpty { return absolute ? "/" : "." }
    let joined = parts.joined(separator: "/")
    return absolute ? "/" + joined : joined
}

/// An absolute path with `.` and `..` resolved lexically (without following symlinks).
private func lexicallyAbsolute(_ path: String, cwd: String) -> String {
    let full = path.utf8.first == UInt8(ascii: "/") ? path : cwd + "/" + path
    var parts: [Substring] = []
    for part in full.split(separator: "/", omittingEmptySubsequences: true) {
        if part == "." { continue }
        if part == ".." {
            if !parts.isEmpty { parts.removeLast() }
            continue
        }
        parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
}

/// `path` relative to `base` (both absolute and clean), nil when not inside it.
private func relative(_ path: String, to base: String) -> String? {
    if path == base { return "" }
    if base == "/" { return String(path.dropFirst()) }
    let prefix = base + "/"
    guard path.utf8.starts(with: prefix.utf8) else { return nil }
    return String(path.utf8.dropFirst(prefix.utf8.count))!
}

private func currentDirectory() -> String {
    guard let buffer = getcwd(nil, 0) else { return "/" }
    defer { free(buffer) }
    return String(validatingCString: buffer) ?? "/"
}

private func errorDescription(_ code: Int32) -> String {
    guard let message = strerror(code) else { return "error \(code)" }
    return String(cString: message)
}

/// What a project-level rule sees: the files of a folder given to `smelt check`.
public struct ProjectContext: Sendable {
    /// The folder as the user gave it.
    public let root: String
    /// Every file under it, `/`-separated and relative to `root` (virtual environments,
    /// `.git` and tool caches left out), sorted.
    public let files: [String]
    /// Files git tracks (relative to `root`), when `root` is inside a git work tree.
    public let trackedFiles: Set<String>?
    /// Reads a file's text (nil when it cannot be read or decoded).
    public let read: @Sendable (String) -> String?
    /// A file's size in bytes.
    public let size: @Sendable (String) -> Int

    public init(root: String, files: [String], trackedFiles: Set<String>?,
                read: @escaping @Sendable (String) -> String?, size: @escaping @Sendable (String) -> Int) {
        self.root = root
        self.files = files
        self.trackedFiles = trackedFiles
        self.read = read
        self.size = size
    }

    /// Python modules (`.py`) and notebooks.
    public var pythonFiles: [String] { files.filter { $0.hasSuffix(".py") } }
    public var notebooks: [String] { files.filter { $0.hasSuffix(".ipynb") } }

    /// The last path component.
    public static func name(_ path: String) -> Substring {
        path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? path[...]
    }
}

/// A project-level finding: about the folder (`path == nil`) or one file in it.
public struct ProjectFinding: Sendable {
    public let path: String?
    public let message: String
    public let refactoring: String?

    public init(path: String?, message: String, refactoring: String? = nil) {
        self.path = path
        self.message = message
        self.refactoring = refactoring
    }
}

/// A rule that runs once per folder given to `smelt check` (SM9xx) instead of per file.
///
/// Its examples are file trees: `=== path` lines, each followed by that file's text; a
/// triggering example starts with `↓` and must give at least one finding.
public protocol ProjectRule: Rule {
    func check(_ project: ProjectContext) -> [ProjectFinding]
}

extension ProjectContext {
    /// Builds a context from an example tree (`=== path` then the file's text).
    public static func example(_ tree: String) -> ProjectContext {
        var files: [String: String] = [:]
        var current: String?
        var text = ""
        for line in tree.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("=== ") {
                if let current { files[current] = text }
                current = String(line.dropFirst(4)).trimmingCharacters(in: " ")
                text = ""
            } else if current != nil {
                text += line + "\n"
            }
        }
        if let current { files[current] = text }
        let snapshot = files
        return ProjectContext(root: "project", files: files.keys.sorted(), trackedFiles: nil,
                              read: { snapshot[$0] },
                              size: { path in
                                  // `size: N MB` in an example file's text stands for a file that large.
                                  guard let t = snapshot[path] else { return 0 }
                                  if t.hasPrefix("size: "), let mb = Int(t.dropFirst(6).prefix { $0.isNumber }) { return mb << 20 }
                                  return t.utf8.count
                              })
    }
}

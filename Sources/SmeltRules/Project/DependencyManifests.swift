/// Reads the distributions a project declares from its dependency manifests: line-based
/// parsers for the usual formats, precise enough to say which imports are undeclared, and
/// honest about what they cannot read.
enum DependencyManifests {
    /// What a manifest says about the project's dependencies.
    enum Declared: Equatable {
        /// These distributions (PEP 503 normalised).
        case names(Set<String>)
        /// It declares dependencies in a way the parser cannot follow (code in `setup.py`,
        /// a file it points at that is missing): nothing can be said about undeclared imports.
        case unknown
        /// Not a dependency manifest after all (a `pyproject.toml` holding only tool settings).
        case none
    }

    /// How a file is read, by its name; nil for files that are not manifests.
    enum Format {
        case requirements, pyproject, conda, pipfile, setupCfg, setupPy, lock
    }

    static func format(of path: String) -> Format? {
        let name = ProjectContext.name(path)
        let isText = name.hasSuffix(".txt") || name.hasSuffix(".in")
        if isText && (name.contains("requirements") || path.hasPrefix("requirements/") || path.contains("/requirements/")) {
            return .requirements
        }
        switch name {
        case "pyproject.toml": return .pyproject
        case "Pipfile": return .pipfile
        case "setup.cfg": return .setupCfg
        case "setup.py": return .setupPy
        case "poetry.lock", "uv.lock", "pdm.lock": return .lock
        default: break
        }
        if (name.hasPrefix("environment") || name.hasPrefix("conda")) && (name.hasSuffix(".yml") || name.hasSuffix(".yaml")) {
            return .conda
        }
        return nil
    }

    /// The declared distributions of one manifest. `read` reads a project file (for files a
    /// manifest points at: `-r other.txt`, `file: requirements.txt`).
    static func declared(_ path: String, read: (String) -> String?) -> Declared {
        guard let format = format(of: path), let text = read(path) else { return .unknown }
        let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        switch format {
        case .requirements: return requirementsFile(text, folder: folder, read: read, depth: 0)
        case .pyproject: return pyproject(text, folder: folder, read: read)
        case .conda: return conda(text, folder: folder, read: read)
        case .pipfile: return pipfile(text)
        case .setupCfg: return setupCfg(text, folder: folder, read: read)
        case .setupPy: return setupPy(text, folder: folder, read: read)
        case .lock: return lockFile(text)
        }
    }

    // MARK: requirement strings

    /// The distribution a requirement names: `pandas[parquet]>=2; python_version>"3.8"` →
    /// `pandas`; `name @ url` → `name`; a URL or path → its `#egg=` name, wheel or folder name.
    /// nil when it names nothing that can be read.
    static func requirementName(_ requirement: Substring) -> String? {
        let r = requirement.trimmingCharacters(in: " \t\r\"'")
        guard !r.isEmpty else { return nil }
        if let egg = r.firstRange(of: "#egg=") {
            let name = r[egg.upperBound...].prefix { $0.isLetter || $0.isNumber || "._-".contains($0) }
            return name.isEmpty ? nil : PythonImports.normalise(name)
        }
        if r.contains("://") || r.hasPrefix(".") || r.hasPrefix("/") || r.hasPrefix("~") || r.hasPrefix("file:") {
            // A wheel or archive is named `<name>-<version>…`; a local folder by itself.
            let last = r.split(separator: "/").last.map { $0.hasSuffix(".git") ? $0.dropLast(4) : $0 } ?? ""
            let name = last.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
            let trimmed = name.hasSuffix(".") ? name.dropLast() : name
            return trimmed.isEmpty || trimmed == "." ? nil : PythonImports.normalise(trimmed)
        }
        let name = r.prefix { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" }
        guard let first = name.first, first.isLetter || first.isNumber else { return nil }
        return PythonImports.normalise(name)
    }

    /// A pip requirements file (`-r` includes followed, options skipped).
    static func requirementsFile(_ text: String, folder: String, read: (String) -> String?, depth: Int) -> Declared {
        var names = Set<String>()
        var unknown = false
        var logical: [String] = []
        var pending = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = stripComment(raw)
            if line.hasSuffix("\\") {
                line.removeLast()
                pending += line + " "
                continue
            }
            logical.append(pending + line)
            pending = ""
        }
        if !pending.isEmpty { logical.append(pending) }
        for entry in logical {
            let line = entry.trimmingCharacters(in: " \t\r")
            guard !line.isEmpty else { continue }
            if line.hasPrefix("-") {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "=" })
                guard let option = words.first else { continue }
                let argument = words.dropFirst().first.map(String.init)
                switch option {
                case "-r", "--requirement":
                    guard let argument, depth < 5, let included = read(folder + argument) else { unknown = true; continue }
                    let includeFolder = (folder + argument).lastIndex(of: "/").map { String((folder + argument)[...$0]) } ?? ""
                    switch requirementsFile(included, folder: includeFolder, read: read, depth: depth + 1) {
                    case let .names(more): names.formUnion(more)
                    case .unknown: unknown = true
                    case .none: break
                    }
                case "-e", "--editable":
                    // `-e .` installs the project itself (its modules are local); a VCS URL names its egg.
                    if let argument, let name = requirementName(argument[...]) { names.insert(name) }
                default:
                    continue  // index URLs, hashes, constraints: no requirement
                }
                continue
            }
            if let name = requirementName(line[...]) { names.insert(name) } else { unknown = true }
        }
        return unknown ? .unknown : .names(names)
    }

    /// A `#` starts a comment at the start of a line or after whitespace (not in `#egg=`).
    private static func stripComment(_ line: Substring) -> String {
        var previous: Character = " "
        var out = ""
        for c in line {
            if c == "#", previous == " " || previous == "\t" { break }
            out.append(c)
            previous = c
        }
        return out
    }

    // MARK: TOML (the subset manifests use)

    /// Top-level `key = value` entries of a TOML text by table, values joined over lines
    /// until their brackets close.
    static func tomlEntries(_ text: String) -> [(table: String, key: String, value: String)] {
        var out: [(table: String, key: String, value: String)] = []
        var table = ""
        var key: String?
        var value = ""
        var depth = 0
        func finish() {
            if let key { out.append((table, key, value)) }
            key = nil
            value = ""
            depth = 0
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = tomlStripComment(raw).trimmingCharacters(in: " \t\r")
            if key != nil {
                value += " " + line
                depth += bracketBalance(line)
                if depth <= 0 { finish() }
                continue
            }
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                table = line.trimmingCharacters(in: "[] \t")
                table = table.split(separator: ".").map { $0.trimmingCharacters(in: " \t\"'") }.joined(separator: ".")
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            key = line[..<equals].trimmingCharacters(in: " \t\"'")
            value = line[line.index(after: equals)...].trimmingCharacters(in: " \t")
            depth = bracketBalance(value)
            if depth <= 0 { finish() }
        }
        finish()
        return out
    }

    private static func tomlStripComment(_ line: Substring) -> Substring {
        var quote: Character?
        for i in line.indices {
            let c = line[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#" {
                return line[..<i]
            }
        }
        return line
    }

    /// Opening minus closing brackets outside strings.
    private static func bracketBalance(_ s: String) -> Int {
        var balance = 0
        var quote: Character?
        for c in s {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "[" || c == "{" {
                balance += 1
            } else if c == "]" || c == "}" {
                balance -= 1
            }
        }
        return balance
    }

    /// The string literals in a TOML or Python value (`["a>=1", 'b']`), in order; with
    /// `valuesOnly`, strings followed by `:` or `=` (dictionary keys) are left out.
    static func strings(_ value: Substring, valuesOnly: Bool = false) -> [Substring] {
        var out: [Substring] = []
        var i = value.startIndex
        while i < value.endIndex {
            let c = value[i]
            guard c == "\"" || c == "'" else {
                i = value.index(after: i)
                continue
            }
            let start = value.index(after: i)
            guard let end = value[start...].firstIndex(of: c) else { break }
            i = value.index(after: end)
            if valuesOnly, let next = value[i...].first(where: { $0 != " " && $0 != "\t" }), next == ":" || next == "=" { continue }
            out.append(value[start..<end])
        }
        return out
    }

    /// `pyproject.toml`: PEP 621 dependencies and extras, PEP 735 groups, Poetry, PDM, uv,
    /// Hatch environments and old Flit metadata.
    static func pyproject(_ text: String, folder: String, read: (String) -> String?) -> Declared {
        var names = Set<String>()
        var isManifest = false
        var dynamicDependencies = false
        var dynamicFiles: [Substring]?
        func add(_ value: String) {
            for s in strings(value[...]) { if let n = requirementName(s) { names.insert(n) } }
        }
        for (table, key, value) in tomlEntries(text) {
            switch table {
            case "project":
                isManifest = true
                if key == "dependencies" || key == "optional-dependencies" { add(value) }
                if key == "dynamic", strings(value[...]).contains("dependencies") { dynamicDependencies = true }
            case "project.optional-dependencies", "dependency-groups", "tool.pdm.dev-dependencies":
                isManifest = true
                add(value)
            case "tool.poetry.dependencies", "tool.poetry.dev-dependencies":
                isManifest = true
                if key != "python" { names.insert(PythonImports.normalise(key)) }
            case "tool.uv" where key == "dev-dependencies", "tool.flit.metadata" where key == "requires":
                isManifest = true
                add(value)
            case "tool.setuptools.dynamic" where key == "dependencies":
                dynamicFiles = strings(value[...])
            default:
                if table.hasPrefix("tool.poetry.group."), table.hasSuffix(".dependencies") {
                    isManifest = true
                    if key != "python" { names.insert(PythonImports.normalise(key)) }
                } else if table.hasPrefix("tool.hatch.envs."), key == "dependencies" || key == "extra-dependencies" {
                    add(value)
                } else if table == "tool.poetry" {
                    isManifest = true
                }
            }
        }
        if dynamicDependencies {
            // Dependencies set by setuptools from files, or by setup.py code.
            guard let files = dynamicFiles?.filter({ $0 != "file" }), !files.isEmpty else { return .unknown }
            for file in files {
                guard let included = read(folder + file) else { return .unknown }
                guard case let .names(more) = requirementsFile(included, folder: folder, read: read, depth: 1) else { return .unknown }
                names.formUnion(more)
            }
        }
        return isManifest ? .names(names) : .none
    }

    /// `Pipfile`: the package names of every table but the settings ones.
    static func pipfile(_ text: String) -> Declared {
        var names = Set<String>()
        for (table, key, _) in tomlEntries(text) where !["source", "requires", "scripts", "pipenv", ""].contains(table) {
            names.insert(PythonImports.normalise(key))
        }
        return .names(names)
    }

    /// `poetry.lock`, `uv.lock`, `pdm.lock`: every locked package.
    static func lockFile(_ text: String) -> Declared {
        var names = Set<String>()
        for (table, key, value) in tomlEntries(text) where table == "package" && key == "name" {
            if let name = strings(value[...]).first { names.insert(PythonImports.normalise(name)) }
        }
        return .names(names)
    }

    // MARK: conda

    /// `environment.yml`: conda packages under `dependencies:` (channel prefixes and versions
    /// dropped, conda's `py-` prefix too) and pip requirements under its `pip:` entry.
    static func conda(_ text: String, folder: String, read: (String) -> String?) -> Declared {
        var names = Set<String>()
        var unknown = false
        var inDependencies = false
        var pipIndent: Int?
        var pipLines: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(stripComment(raw[...]))
            let content = line.trimmingCharacters(in: " \t\r")
            if content.isEmpty { continue }
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            if indent == 0, !content.hasPrefix("-") {
                inDependencies = content.hasPrefix("dependencies:")
                pipIndent = nil
                continue
            }
            guard inDependencies, content.hasPrefix("-") else { continue }
            let item = content.dropFirst().trimmingCharacters(in: " \t\"'")
            if let pip = pipIndent, indent > pip {
                pipLines.append(item)
                continue
            }
            pipIndent = nil
            if item.hasPrefix("pip:") || item == "pip :" {
                pipIndent = indent
                continue
            }
            // `conda-forge::numpy=1.26`, `python>=3.10`, `pytorch 2.1.*`
            let spec = item.firstRange(of: "::").map { item[$0.upperBound...] } ?? item[...]
            let name = spec.prefix { !"=<>!~ [".contains($0) }
            guard !name.isEmpty else { continue }
            let normalised = PythonImports.normalise(name)
            names.insert(normalised)
            if normalised.hasPrefix("py-") { names.insert(String(normalised.dropFirst(3))) }
        }
        if !pipLines.isEmpty {
            switch requirementsFile(pipLines.joined(separator: "\n"), folder: folder, read: read, depth: 1) {
            case let .names(more): names.formUnion(more)
            case .unknown: unknown = true
            case .none: break
            }
        }
        return unknown ? .unknown : .names(names)
    }

    // MARK: setuptools

    /// `setup.cfg`: `install_requires` in `[options]` (or the files it names) and the
    /// extras in `[options.extras_require]`.
    static func setupCfg(_ text: String, folder: String, read: (String) -> String?) -> Declared {
        var names = Set<String>()
        var section = ""
        var key: String?
        var isManifest = false
        var values: [String] = []
        var fileReferences: [String] = []
        func flush() {
            defer { key = nil; values = [] }
            guard let key else { return }
            guard (section == "options" && key == "install_requires") || section == "options.extras_require" else { return }
            for v in values {
                if v.hasPrefix("file:") {
                    fileReferences += v.dropFirst(5).split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
                } else {
                    // One line may list several requirements separated by `;` (markers then read as
                    // names, which only declares more).
                    for part in v.split(separator: ";") {
                        if let n = requirementName(part) { names.insert(n) }
                    }
                }
            }
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = raw.trimmingCharacters(in: " \t\r")
            if trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            let continued = raw.first == " " || raw.first == "\t"
            if continued, key != nil {
                if !trimmed.isEmpty { values.append(trimmed) }
                continue
            }
            if trimmed.isEmpty { continue }
            flush()
            if trimmed.hasPrefix("[") {
                section = trimmed.trimmingCharacters(in: "[] ")
                if section == "options" || section == "metadata" { isManifest = true }
                continue
            }
            let separator = trimmed.firstIndex { $0 == "=" || $0 == ":" }
            guard let separator else { continue }
            key = trimmed[..<separator].trimmingCharacters(in: " \t")
            let first = trimmed[trimmed.index(after: separator)...].trimmingCharacters(in: " \t")
            if !first.isEmpty { values.append(first) }
        }
        flush()
        for file in fileReferences {
            guard let included = read(folder + file),
                  case let .names(more) = requirementsFile(included, folder: folder, read: read, depth: 1) else { return .unknown }
            names.formUnion(more)
        }
        return isManifest ? .names(names) : .none
    }

    /// `setup.py`: only a literal `install_requires=[…]` list (and `extras_require={…}`) is
    /// read; requirements computed by code make the manifest unknown, unless the code reads
    /// requirements files, which are read as manifests of their own.
    static func setupPy(_ text: String, folder: String, read: (String) -> String?) -> Declared {
        var names = Set<String>()
        guard let install = text.firstRange(of: "install_requires") else {
            // No requirements at all, unless they come from `setup(**options)`.
            return text.contains("**") ? .unknown : .names([])
        }
        func literal(after keyword: Range<String.Index>, open: Character, close: Character) -> Substring? {
            let rest = text[keyword.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "=" || $0 == ":" || $0 == "\"" || $0 == "'" }
            guard rest.first == open else { return nil }
            var depth = 0
            for i in rest.indices {
                if rest[i] == open { depth += 1 } else if rest[i] == close {
                    depth -= 1
                    if depth == 0 { return rest[...i] }
                }
            }
            return nil
        }
        if let list = literal(after: install, open: "[", close: "]") {
            for s in strings(list) { if let n = requirementName(s) { names.insert(n) } }
        } else {
            // Read from requirements files (`open("requirements.txt")`): those are manifests too.
            let readsFiles = strings(text[...]).contains { s in
                (s.hasSuffix(".txt") || s.hasSuffix(".in")) && format(of: folder + s) == .requirements && read(folder + s) != nil
            }
            if !readsFiles { return .unknown }
        }
        if let extras = text.firstRange(of: "extras_require") {
            guard let table = literal(after: extras, open: "{", close: "}") else { return .unknown }
            for s in strings(table, valuesOnly: true) { if let n = requirementName(s) { names.insert(n) } }
        }
        return .names(names)
    }
}

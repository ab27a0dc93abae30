import Foundation
import SmeltRules
import TOMLKit

/// Settings from `[tool.smelt]` in `pyproject.toml`, or from `smelt.toml`.
public struct Configuration: Sendable {
    /// The file the settings came from, if any.
    public var path: String?
    /// The folder `exclude` and `per-file-ignores` patterns are relative to.
    public var root: String
    public var select: [String]?
    public var extendSelect: [String] = []
    public var ignore: [String] = []
    public var exclude: [String] = []
    public var extendExclude: [String] = []
    public var perFileIgnores: [(pattern: String, selectors: [String])] = []
    public var respectGitignore = true
    /// Options per rule, keyed by registry index.
    public var ruleOptions: [Int: [String: OptionValue]] = [:]
    /// Problems that do not stop the run (unknown keys, unknown codes), each naming the key.
    public var warnings: [String] = []

    public init(root: String) {
        self.root = root
    }
}

public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Configuration {
    static let knownKeys: Set<String> = ["select", "extend-select", "ignore", "exclude", "extend-exclude",
                                         "per-file-ignores", "respect-gitignore", "rules"]

    /// The configuration for a run: `explicit` when given (`--config`), else the nearest
    /// `smelt.toml` or `pyproject.toml` with a `[tool.smelt]` table in or above `directory`;
    /// defaults (relative to the current folder) when there is none.
    public static func load(explicit: String?, searchFrom directory: String) throws(ConfigurationError) -> Configuration {
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw ConfigurationError("configuration file `\(explicit)` does not exist")
            }
            return try parse(file: explicit)
        }
        var dir = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let smelt = dir.appendingPathComponent("smelt.toml").path
            if FileManager.default.fileExists(atPath: smelt) { return try parse(file: smelt) }
            let pyproject = dir.appendingPathComponent("pyproject.toml").path
            if FileManager.default.fileExists(atPath: pyproject),
               let text = try? String(contentsOfFile: pyproject, encoding: .utf8), text.contains("tool.smelt") {
                return try parse(file: pyproject)
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return Configuration(root: FileManager.default.currentDirectoryPath)
    }

    /// Reads one file: `pyproject.toml` uses its `[tool.smelt]` table, any other file its top level.
    public static func parse(file: String) throws(ConfigurationError) -> Configuration {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw ConfigurationError("cannot read configuration file `\(file)`: \(error.localizedDescription)")
        }
        let root = URL(fileURLWithPath: file).deletingLastPathComponent().path
        let isPyproject = URL(fileURLWithPath: file).lastPathComponent == "pyproject.toml"
        return try parse(text: text, path: file, root: root, isPyproject: isPyproject)
    }

    public static func parse(text: String, path: String, root: String, isPyproject: Bool) throws(ConfigurationError) -> Configuration {
        let document: TOMLTable
        do { document = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw ConfigurationError("\(path):\(error.source.begin.line):\(error.source.begin.column): invalid TOML: \(error.description)")
        } catch {
            throw ConfigurationError("\(path): invalid TOML: \(error)")
        }
        var config = Configuration(root: root)
        config.path = path
        let prefix = isPyproject ? "tool.smelt." : ""
        let table: TOMLTable
        if isPyproject {
            guard let t = document["tool"]?.table?["smelt"]?.table else { return config }
            table = t
        } else {
            table = document
        }
        for key in table.keys.sorted() {
            let value = table[key]!
            let name = prefix + key
            switch key {
            case "select": config.select = try strings(value, name)
            case "extend-select": config.extendSelect = try strings(value, name)
            case "ignore": config.ignore = try strings(value, name)
            case "exclude": config.exclude = try strings(value, name)
            case "extend-exclude": config.extendExclude = try strings(value, name)
            case "respect-gitignore":
                guard let b = value.bool else { throw ConfigurationError("\(path): `\(name)` must be true or false") }
                config.respectGitignore = b
            case "per-file-ignores":
                guard let t = value.table else { throw ConfigurationError("\(path): `\(name)` must be a table of glob = [codes]") }
                for pattern in t.keys.sorted() {
                    config.perFileIgnores.append((pattern, try strings(t[pattern]!, "\(name).\"\(pattern)\"")))
                }
            case "rules":
                guard let t = value.table else { throw ConfigurationError("\(path): `\(name)` must be a table of rule tables") }
                try config.readRuleOptions(t, prefix: name, path: path)
            default:
                config.warnings.append("\(path): unknown key `\(name)` (known keys: \(knownKeys.sorted().joined(separator: ", ")))")
            }
        }
        for (key, selectors) in [("select", config.select ?? []), ("extend-select", config.extendSelect), ("ignore", config.ignore)] {
            for s in selectors where RuleSelector(s) == nil {
                config.warnings.append("\(path): `\(prefix)\(key)` names unknown rule `\(s)`")
            }
        }
        for (pattern, selectors) in config.perFileIgnores {
            for s in selectors where RuleSelector(s) == nil {
                config.warnings.append("\(path): `\(prefix)per-file-ignores.\"\(pattern)\"` names unknown rule `\(s)`")
            }
        }
        return config
    }

    private mutating func readRuleOptions(_ rules: TOMLTable, prefix: String, path: String) throws(ConfigurationError) {
        for key in rules.keys.sorted() {
            let name = "\(prefix).\(key)"
            guard let index = RuleRegistry.index(of: key) else {
                warnings.append("\(path): `\(name)`: unknown rule `\(key)`")
                continue
            }
            guard let table = rules[key]?.table else { throw ConfigurationError("\(path): `\(name)` must be a table of options") }
            let declared = RuleRegistry.all[index].description.options
            var values: [String: OptionValue] = [:]
            for option in table.keys.sorted() {
                guard let spec = declared.first(where: { $0.name == option }) else {
                    let known = declared.isEmpty ? "it has no options" : "its options: " + declared.map(\.name).joined(separator: ", ")
                    warnings.append("\(path): unknown key `\(name).\(option)` (\(known))")
                    continue
                }
                guard let v = Self.optionValue(table[option]!, like: spec.defaultValue) else {
                    throw ConfigurationError("\(path): `\(name).\(option)` must be a \(spec.defaultValue.typeName), like its default \(spec.defaultValue)")
                }
                values[option] = v
            }
            ruleOptions[index] = values
        }
    }

    private static func optionValue(_ value: TOMLValueConvertible, like example: OptionValue) -> OptionValue? {
        switch example {
        case .int: return value.int.map { .int($0) }
        case .double: return value.double.map { .double($0) } ?? value.int.map { .double(Double($0)) }
        case .bool: return value.bool.map { .bool($0) }
        case .string: return value.string.map { .string($0) }
        case .list:
            guard let array = value.array else { return nil }
            var items: [OptionValue] = []
            for item in array {
                if let i = item.int { items.append(.int(i)) }
                else if let d = item.double { items.append(.double(d)) }
                else if let s = item.string { items.append(.string(s)) }
                else if let b = item.bool { items.append(.bool(b)) }
                else { return nil }
            }
            return .list(items)
        }
    }

    private static func strings(_ value: TOMLValueConvertible, _ name: String) throws(ConfigurationError) -> [String] {
        guard let array = value.array else { throw ConfigurationError("`\(name)` must be a list of strings") }
        var out: [String] = []
        for item in array {
            guard let s = item.string else { throw ConfigurationError("`\(name)` must be a list of strings") }
            out.append(s)
        }
        return out
    }
}

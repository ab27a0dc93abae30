import SmeltSyntax

public enum Severity: String, Sendable, Comparable, CaseIterable, Codable {
    case error, warning, info

    private var rank: Int {
        switch self {
        case .error: return 2
        case .warning: return 1
        case .info: return 0
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// Rule groups, one per hundred of the code: SM1xx clean code, SM2xx notebook hygiene...
public enum RuleCategory: String, Sendable, CaseIterable {
    case file = "file"
    case cleanCode = "clean-code"
    case notebook = "notebook"
    case dataHandling = "data-handling"
    case modelling = "modelling"
    case deepLearning = "deep-learning"
    case project = "project"

    public var title: String {
        switch self {
        case .file: return "File (SM0xx)"
        case .cleanCode: return "Clean code (SM1xx)"
        case .notebook: return "Notebook hygiene (SM2xx)"
        case .dataHandling: return "Data handling (SM3xx)"
        case .modelling: return "Modelling and evaluation (SM4xx)"
        case .deepLearning: return "Deep learning (SM5xx)"
        case .project: return "Project (SM9xx)"
        }
    }
}

/// Where an example runs in the generic rule test.
public enum ExampleContext: Sendable {
    /// As a script and as a one-cell notebook.
    case any
    case scriptOnly
    case notebookOnly
}

/// A rule example. `↓` marks where each expected finding starts (triggering examples);
/// non-triggering examples have no marker. Notebook examples list their cells; the
/// markers are then inside the cells.
public struct RuleExample: Sendable {
    public let cells: [ExampleCell]
    public let context: ExampleContext
    public let options: [String: OptionValue]
    /// The example file's name (`example.py` / `example.ipynb` unless a rule needs another).
    public let fileName: String?

    /// A saved output of a notebook example cell.
    public struct ExampleOutput: Sendable {
        /// `stream`, `error`, `display_data` or `execute_result`.
        public let type: String
        /// How many bytes of text the output holds.
        public let size: Int

        public init(_ type: String, size: Int = 10) {
            self.type = type
            self.size = size
        }
    }

    public struct ExampleCell: Sendable {
        public let source: String
        public let executionCount: Int?
        public let isMarkdown: Bool
        public let outputs: [ExampleOutput]
        public let tags: [String]

        public init(source: String, executionCount: Int?, isMarkdown: Bool, outputs: [ExampleOutput] = [], tags: [String] = []) {
            self.source = source
            self.executionCount = executionCount
            self.isMarkdown = isMarkdown
            self.outputs = outputs
            self.tags = tags
        }

        public static func code(_ source: String, _ executionCount: Int? = nil, outputs: [ExampleOutput] = [], tags: [String] = []) -> ExampleCell {
            ExampleCell(source: source, executionCount: executionCount, isMarkdown: false, outputs: outputs, tags: tags)
        }

        public static func markdown(_ source: String) -> ExampleCell {
            ExampleCell(source: source, executionCount: nil, isMarkdown: true)
        }
    }

    public init(_ source: String, _ context: ExampleContext = .any, options: [String: OptionValue] = [:], fileName: String? = nil) {
        self.cells = [ExampleCell(source: source, executionCount: nil, isMarkdown: false)]
        self.context = context
        self.options = options
        self.fileName = fileName
    }

    /// A notebook example: `(source, executionCount)` per code cell.
    public init(cells: [(String, Int?)], options: [String: OptionValue] = [:]) {
        self.cells = cells.map { ExampleCell(source: $0.0, executionCount: $0.1, isMarkdown: false) }
        self.context = .notebookOnly
        self.options = options
        self.fileName = nil
    }

    /// A notebook example with markdown cells, outputs, tags or a file name of its own.
    /// `↓` markers go in code cells; a notebook-level finding is reported at the start of
    /// the first code cell.
    public init(notebook cells: [ExampleCell], fileName: String? = nil, options: [String: OptionValue] = [:]) {
        self.cells = cells
        self.context = .notebookOnly
        self.options = options
        self.fileName = fileName
    }

    public var isNotebookExample: Bool { cells.count > 1 || context == .notebookOnly }
}

/// A configurable threshold or list of a rule.
public struct RuleOption: Sendable {
    public let name: String
    public let defaultValue: OptionValue
    public let help: String

    public init(_ name: String, default defaultValue: OptionValue, _ help: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.help = help
    }
}

public enum OptionValue: Sendable, Equatable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case list([OptionValue])

    public var description: String {
        switch self {
        case let .int(v): return String(v)
        case let .double(v): return String(v)
        case let .bool(v): return String(v)
        case let .string(v): return "\"\(v)\""
        case let .list(v): return "[" + v.map(\.description).joined(separator: ", ") + "]"
        }
    }

    public var typeName: String {
        switch self {
        case .int: return "integer"
        case .double: return "number"
        case .bool: return "boolean"
        case .string: return "string"
        case .list: return "list"
        }
    }
}

/// How often a rule's findings are right (SARIF's `precision`, shown by code scanning).
public enum Precision: String, Sendable {
    case veryHigh = "very-high", high, medium, low
}

/// Everything about a rule: its identity, its documentation and its tests.
///
/// The documentation (`smelt rule CODE`, the generated rule docs) and the generic rule
/// test both read this, so a rule cannot ship without docs or examples.
public struct RuleDescription: Sendable {
    public let code: String
    public let slug: String
    public let name: String
    public let category: RuleCategory
    public let severity: Severity
    /// One line: what the rule finds.
    public let summary: String
    public let whatItDoes: String
    public let whyIsThisBad: String
    public let example: String
    public let useInstead: String
    /// The refactoring's title, in the words of the book (the action to take).
    public let refactoring: String
    public let references: [String]
    public let options: [RuleOption]
    public let triggering: [RuleExample]
    public let nonTriggering: [RuleExample]
    /// Whether the rule applies to scripts, notebooks, or both.
    public let appliesTo: ExampleContext
    /// How often its findings are right: heuristic rules say `medium`.
    public let precision: Precision
    /// The rule's fix, when it has one: its safety and before/after examples.
    public let fix: FixDocumentation?

    public init(code: String, slug: String, name: String, category: RuleCategory, severity: Severity, summary: String,
                whatItDoes: String, whyIsThisBad: String, example: String, useInstead: String, refactoring: String,
                references: [String], options: [RuleOption] = [], appliesTo: ExampleContext = .any,
                precision: Precision = .high, triggering: [RuleExample], nonTriggering: [RuleExample],
                fix: FixDocumentation? = nil) {
        self.code = code
        self.slug = slug
        self.name = name
        self.category = category
        self.severity = severity
        self.summary = summary
        self.whatItDoes = whatItDoes
        self.whyIsThisBad = whyIsThisBad
        self.example = example
        self.useInstead = useInstead
        self.refactoring = refactoring
        self.references = references
        self.options = options
        self.appliesTo = appliesTo
        self.precision = precision
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.fix = fix
    }

    public func defaultOption(_ name: String) -> OptionValue? {
        options.first { $0.name == name }?.defaultValue
    }
}

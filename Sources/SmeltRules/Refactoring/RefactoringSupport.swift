import SmeltAnalysis
import SmeltSyntax

/// Why a refactoring cannot be made, in words for the user ("`x` is already bound").
public struct RefactoringError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}

/// What the refactorings need to know about a document, each part worked out once.
public final class RefactoringInput {
    public let document: Document
    public let model: SemanticModel

    public init(document: Document, model: SemanticModel) {
        self.document = document
        self.model = model
    }

    /// Every name bound anywhere in the document (any scope).
    public lazy var boundNames: Set<String> = Set(model.bindings.map(\.name))
    /// Names used where there is no syntax tree (IPython lines, cells that do not parse).
    public lazy var outsideWords: Set<String> = UnusedImport.wordsOutsideTheTrees(document)
    /// The file's indentation unit.
    public lazy var indentUnit: String = RefactoringSupport.indentUnit(of: document)
}

/// Names, indentation and placement questions the refactorings share.
public enum RefactoringSupport {
    /// Python's hard keywords: never a name.
    public static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    /// Whether `name` is an ASCII Python identifier that is not a keyword.
    public static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, !keywords.contains(name) else { return false }
        func letter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F }
        guard letter(first) else { return false }
        return name.utf8.allSatisfy { letter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    /// Why `name` cannot be a new module-level name in the document, or nil when it can:
    /// not an identifier, a builtin, or bound anywhere in the document (any scope).
    public static func nameProblem(_ name: String, _ input: RefactoringInput) -> String? {
        if !isIdentifier(name) { return "`\(name)` is not a valid Python name" }
        if Builtins.names.contains(name) { return "`\(name)` would shadow the builtin of that name" }
        if input.boundNames.contains(name) { return "`\(name)` is already bound in this file" }
        return nil
    }

    /// `base`, or `base_2`, `base_3`... : the first that `nameProblem` accepts (nil if none of ten).
    public static func freeName(_ base: String, _ input: RefactoringInput) -> String? {
        if nameProblem(base, input) == nil { return base }
        for k in 2...10 where nameProblem("\(base)_\(k)", input) == nil { return "\(base)_\(k)" }
        return nil
    }

    /// A snake_case function name from a markdown heading: "## 2. Clean the loans!" →
    /// `clean_the_loans`. Nil when nothing usable remains.
    public static func snakeCase(_ text: String, maxWords: Int = 6) -> String? {
        var words: [String] = []
        var word = ""
        for c in text.lowercased().unicodeScalars {
            if c.isASCII, c.properties.isAlphabetic || (c.value >= 0x30 && c.value <= 0x39) {
                word.unicodeScalars.append(c)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        // Leading numbering ("2.", "step 3:") is not part of the name.
        while let first = words.first, first.allSatisfy(\.isNumber) { words.removeFirst() }
        let name = words.prefix(maxWords).joined(separator: "_")
        return isIdentifier(name) && !Builtins.names.contains(name) ? name : nil
    }

    /// The first heading (`# ...` line) of the markdown cell right above notebook cell
    /// `cellIndex` (0-based over all cells), if that cell is markdown.
    public static func heading(above cellIndex: Int, in notebook: Notebook) -> String? {
        guard cellIndex > 0, notebook.cells[cellIndex - 1].kind == .markdown else { return nil }
        for line in notebook.cells[cellIndex - 1].source.string.split(whereSeparator: \.isNewline) {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("#") else { continue }
            let title = trimmed.drop { $0 == "#" }.trimmingCharacters(in: " \t")
            if !title.isEmpty { return title }
        }
        return nil
    }

    /// A document's indentation unit: that of the first indented block under a top-level
    /// statement (a tab, or some spaces), else four spaces.
    public static func indentUnit(of document: Document) -> String {
        for unit in document.units {
            guard let tree = unit.tree, !tree.isTooDeep else { continue }
            for statement in Syntax.statements(tree.root) {
                guard let block = firstBlock(of: statement), let first = Syntax.statements(block).first else { continue }
                let text = unit.text
                let start = text.lineStarts[text.lineIndex(ofByte: first.startByte)]
                let indent = text.bytes[start..<first.startByte]
                guard !indent.isEmpty, indent.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { continue }
                if indent.contains(0x09) { return "\t" }
                return String(repeating: " ", count: indent.count)
            }
        }
        return "    "
    }

    private static func firstBlock(of statement: Node) -> Node? {
        var node = statement
        if node.symbol == Py.decoratedDefinition, let d = node.child(PyField.definition) { node = d }
        if let body = node.child(PyField.body), body.symbol == Py.block { return body }
        if let c = node.child(PyField.consequence), c.symbol == Py.block { return c }
        return node.children.first { $0.symbol == Py.block }
    }

    /// 0-based lines that continue a multi-line string literal started on an earlier line:
    /// re-indenting them would change the string.
    static func stringContinuationLines(in nodes: [Node]) -> Set<Int> {
        var lines = Set<Int>()
        for node in nodes {
            node.walk { n in
                if n.symbol == Py.string {
                    let first = n.startRow, last = n.endRow
                    if last > first { lines.formUnion((first + 1)...last) }
                    return false
                }
                return true
            }
        }
        return lines
    }

    /// Lines of a text as an editor counts them (no empty line after a final newline).
    public static func lineCount(_ text: SourceText) -> Int {
        let n = text.lineCount
        return n > 1 && text.lineStarts[n - 1] == text.bytes.count ? n - 1 : n
    }

    /// "line 4" or "lines 4-7".
    public static func describe(_ lines: ClosedRange<Int>) -> String {
        lines.count == 1 ? "line \(lines.lowerBound)" : "lines \(lines.lowerBound)-\(lines.upperBound)"
    }

    /// Whether byte `b` can be part of a name (so a replacement next to it needs a space).
    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b >= 0x80
    }
}

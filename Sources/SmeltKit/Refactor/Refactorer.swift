import SmeltAnalysis
import SmeltRules
import SmeltSyntax

/// `smelt refactor ...`: one refactoring on one file, as a diff, written only on request.
public enum Refactorer {
    /// Why a refactoring was not made: a usage error or a refusal (the CLI exits 2).
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String

        init(_ description: String) { self.description = description }
    }

    /// What a refactoring did.
    public struct Outcome: Sendable {
        /// The file before and after (`diff` gives the unified diff, per cell for notebooks).
        public let file: FileFix
        /// What was done, in words, for stderr ("Extracted `f(a)` returning `b` from lines 3-7").
        public let notes: [String]
        public var diff: String { file.diff }
    }

    /// Where in the file: the cell (1-based over all cells, for notebooks) and lines in it.
    public struct Place: Sendable {
        public var cell: Int?
        public var lines: ClosedRange<Int>?

        public init(cell: Int? = nil, lines: ClosedRange<Int>? = nil) {
            self.cell = cell
            self.lines = lines
        }
    }

    /// Extracts the statements of `place` (a line range, a whole cell, or lines in a cell)
    /// into a function named `name` (or a suggested name), and calls it in their place.
    public static func extractFunction(path: String, _ place: Place, name: String?, write: Bool) throws(Failure) -> Outcome {
        let file = try load(path)
        let unit = try unit(of: file.document, place.cell)
        let statements: [Node]
        if let lines = place.lines {
            guard lines.lowerBound >= 1, lines.lowerBound <= lines.upperBound else {
                throw Failure("bad line range \(lines.lowerBound)-\(lines.upperBound)")
            }
            do { statements = try ExtractFunction.statements(onLines: lines, of: unit) } catch { throw Failure(error.description) }
        } else if file.document.isNotebook {
            statements = ExtractFunction.cellStatements(of: unit)
            if statements.isEmpty { throw Failure("\(label(unit)) has nothing to extract (only imports and IPython lines)") }
        } else {
            throw Failure("say which lines to extract with --lines A-B")
        }
        let input = RefactoringInput(document: file.document, model: SemanticModel(document: file.document))
        guard let plan = ExtractFunction.plan(statements, unit: unit.index, name: name, input, selection: place.lines) else {
            throw Failure("\(label(unit)) cannot be analysed (it is nested too deeply)")
        }
        if let problem = plan.problem { throw Failure("cannot extract a function: \(problem)") }
        guard let fix = plan.fix else { throw Failure("cannot extract a function") }
        var notes = ["Extracted `\(plan.call)` from \(label(unit, plan.lines))"]
        if let kept = plan.keptOutput {
            notes.append("line \(kept.startRow + 1) stays in the cell: its value is the cell's output")
        }
        return try apply(fix, to: file, write: write, notes: notes)
    }

    /// Names the literal at `line` (and `column`, when the line has several) `name`:
    /// `name = <literal>` at the top of the module, the literal replaced.
    public static func introduceConstant(path: String, cell: Int?, line: Int, column: Int?, name: String,
                                         write: Bool) throws(Failure) -> Outcome {
        let file = try load(path)
        let unit = try unit(of: file.document, cell)
        let count = RefactoringSupport.lineCount(unit.text)
        guard line >= 1, line <= count else {
            throw Failure("line \(line) is outside \(label(unit)) (it has \(count) line\(count == 1 ? "" : "s"))")
        }
        let candidates = IntroduceConstant.literals(onLine: line, of: unit)
        func describe(_ node: Node) -> String {
            "`\(Syntax.clip(node.text, limit: 40))` at column \(unit.text.location(ofByte: node.startByte).column)"
        }
        guard !candidates.isEmpty else {
            throw Failure("line \(line) has no literal that can become a constant (a number, a string, or a tuple or list of them)")
        }
        let literal: Node
        if let column {
            let point = Location(line: line, column: column)
            if let exact = candidates.first(where: { unit.text.location(ofByte: $0.startByte) == point }) {
                literal = exact
            } else if let inner = candidates.last(where: {
                unit.text.location(ofByte: $0.startByte) <= point && point < unit.text.location(ofByte: $0.endByte)
            }) {
                literal = inner
            } else {
                throw Failure("no literal at line \(line), column \(column); the line has \(candidates.map(describe).joined(separator: ", "))")
            }
        } else if candidates.count == 1 {
            literal = candidates[0]
        } else {
            throw Failure("line \(line) has \(candidates.count) literals; pick one with --column: \(candidates.map(describe).joined(separator: ", "))")
        }
        let input = RefactoringInput(document: file.document, model: SemanticModel(document: file.document))
        let edits: [Edit]
        do {
            edits = try IntroduceConstant.edits(literal: literal, unit: unit.index, name: name, input)
        } catch {
            throw Failure("cannot introduce `\(name)`: \(error.description)")
        }
        let value = literal.text
        let fix = Fix.displayOnly("Introduce named constant `\(name) = \(value)`", edits)
        return try apply(fix, to: file, write: write, notes: ["Introduced `\(name) = \(Syntax.clip(value, limit: 60))`"])
    }

    // MARK: steps

    struct Loaded {
        let path: String
        let bytes: [UInt8]
        let document: Document
        let parser: Parser
    }

    static func load(_ path: String) throws(Failure) -> Loaded {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw Failure("\(path): \(error.description)") }
        let parser: Parser
        do { parser = try Parser() } catch { throw Failure(error.description) }
        let isNotebook = path.lowercased().hasSuffix(".ipynb")
        let document: Document
        do {
            document = try Document.load(path: path, bytes: bytes, isNotebook: isNotebook, parser: parser)
        } catch {
            throw Failure("\(path): \(error.description)")
        }
        if !isNotebook {
            let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            if Array(bytes.dropFirst(bom)) != document.units[0].original.bytes {
                throw Failure("\(path) is not UTF-8, and smelt writes only UTF-8 files")
            }
        }
        return Loaded(path: path, bytes: bytes, document: document, parser: parser)
    }

    /// The script's unit, or the code cell numbered `cell` (1-based over all cells).
    static func unit(of document: Document, _ cell: Int?) throws(Failure) -> SourceUnit {
        let unit: SourceUnit
        if let notebook = document.notebook {
            guard let cell else { throw Failure("\(document.path) is a notebook: say which cell with --cell N (N counts all cells from 1)") }
            guard cell >= 1, cell <= notebook.cells.count else {
                throw Failure("there is no cell \(cell): the notebook has \(notebook.cells.count) cells")
            }
            let kind = notebook.cells[cell - 1].kind
            guard kind == .code, let found = document.units.first(where: { $0.cellIndex == cell - 1 }) else {
                let what: String
                switch kind {
                case .markdown: what = "a markdown cell"
                case .raw: what = "a raw cell"
                default: what = "not a code cell"
                }
                throw Failure("cell \(cell) is \(what)")
            }
            unit = found
        } else {
            if cell != nil { throw Failure("--cell is for notebooks; \(document.path) is a script") }
            unit = document.units[0]
        }
        guard let tree = unit.tree else {
            let magic = unit.skippedCellMagic.map { " (a `%%\($0)` cell)" } ?? ""
            throw Failure("\(label(unit)) is not Python\(magic)")
        }
        if tree.root.hasError { throw Failure("\(label(unit)) has syntax errors: fix them first") }
        return unit
    }

    /// Applies the edits, checks that the result parses, and writes it when asked.
    static func apply(_ fix: Fix, to file: Loaded, write: Bool, notes: [String]) throws(Failure) -> Outcome {
        let round = FixRound.apply([fix], to: file.document, parser: file.parser)
        guard round.dropped.isEmpty, round.changed else {
            throw Failure("the edited code would not parse; nothing was changed")
        }
        let bom: [UInt8] = file.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? [0xEF, 0xBB, 0xBF] : []
        let bytes = Fixer.assemble(file.document, round, bom: bom)
        let after: Document
        do {
            after = try Document.load(path: file.path, bytes: bytes, isNotebook: file.document.isNotebook, parser: file.parser)
        } catch {
            throw Failure("the edited file could not be read back (\(error.description)); nothing was changed")
        }
        if let broken = after.units.first(where: { unit in
            round.sources[unit.index] != nil && unit.tree?.root.hasError == true
        }) {
            throw Failure("the edited code would not parse (\(label(broken))); nothing was changed")
        }
        let outcome = FileFix(path: file.path, before: file.document, originalBytes: file.bytes, fixedBytes: bytes, after: after,
                              fixedByRule: [:], dropped: [])
        if write {
            do { try AtomicWrite.write(bytes, to: file.path) } catch { throw Failure(error.description) }
        }
        return Outcome(file: outcome, notes: notes)
    }

    /// "cell 3" or "the file"; with lines, "lines 3-7 of cell 3".
    static func label(_ unit: SourceUnit, _ lines: ClosedRange<Int>? = nil) -> String {
        let span = lines.map(RefactoringSupport.describe)
        if let cell = unit.cellIndex {
            return span.map { "\($0) of cell \(cell + 1)" } ?? "cell \(cell + 1)"
        }
        return span ?? "the file"
    }
}

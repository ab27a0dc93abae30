import ArgumentParser
import SmeltKit

struct Refactor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply a refactoring to one file: print its diff, and write it with --write.",
        discussion: """
            Positions are those of `smelt check`: for a notebook, --cell N counts all cells (markdown included) \
            from 1, and lines count inside the cell. The result is parsed again before anything is written; a \
            notebook keeps every byte outside the edited cells.

            Exit status: 0 done (or shown), 2 usage error or refused refactoring (the reason is printed).
            """,
        subcommands: [ExtractFunctionCommand.self, IntroduceConstantCommand.self]
    )
}

struct ExtractFunctionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract-function",
        abstract: "Move top-level statements into a new function and call it in their place.",
        discussion: """
            Names the statements read that are bound before them become parameters; names they bind that later \
            code reads become return values: `a, b = name(x, y)`. Choose whole top-level statements with \
            --lines (comment lines in the range move too), or a whole notebook cell with --cell (its leading \
            imports stay at the top of the cell). A notebook cell's last expression stays outside the function: \
            it is the cell's output. Without --name, the name comes from the markdown heading above the cell, \
            else `make_<value>` for a single return value, else `process_cell_N` or `extracted_function`.
            """
    )

    @Argument(help: "The script or notebook.")
    var path: String

    @Option(name: .long, help: "The notebook cell (1-based, counting all cells). Without --lines: the whole cell.")
    var cell: Int?

    @Option(name: .long, help: "The lines to extract, `A-B` or `A` (inside the cell for notebooks).")
    var lines: LineRange?

    @Option(name: .long, help: "The new function's name.")
    var name: String?

    @Flag(name: .long, help: "Write the result to the file (atomically). Without it, only the diff is printed.")
    var write = false

    func validate() throws {
        if cell == nil && lines == nil { throw ValidationError("say what to extract: --lines A-B, or --cell N for a notebook") }
    }

    func run() throws {
        try Refactoring.run(write: write) { () throws(Refactorer.Failure) in
            try Refactorer.extractFunction(path: path, Refactorer.Place(cell: cell, lines: lines?.range), name: name, write: write)
        }
    }
}

struct IntroduceConstantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "introduce-constant",
        abstract: "Name a literal: `NAME = <literal>` at the top of the module, the literal replaced by NAME.",
        discussion: """
            The literal is a number, a string, or a tuple or list of them. The assignment goes after the module's \
            docstring, imports and UPPER_CASE constants; in a notebook, in the first code cell. Only this one \
            occurrence is replaced. When the line holds several literals, --column picks one (the error lists them).
            """
    )

    @Argument(help: "The script or notebook.")
    var path: String

    @Option(name: .long, help: "The line of the literal (inside the cell for notebooks).")
    var line: Int

    @Option(name: .long, help: "The column where the literal starts (or any column inside it).")
    var column: Int?

    @Option(name: .long, help: "The notebook cell (1-based, counting all cells).")
    var cell: Int?

    @Option(name: .long, help: "The constant's name, e.g. MIN_ADULT_AGE.")
    var name: String

    @Flag(name: .long, help: "Write the result to the file (atomically). Without it, only the diff is printed.")
    var write = false

    func run() throws {
        try Refactoring.run(write: write) { () throws(Refactorer.Failure) in
            try Refactorer.introduceConstant(path: path, cell: cell, line: line, column: column, name: name, write: write)
        }
    }
}

/// Runs a refactoring: the diff on stdout, notes on stderr, refusals exit 2.
enum Refactoring {
    static func run(write: Bool, _ body: () throws(Refactorer.Failure) -> Refactorer.Outcome) throws {
        let outcome: Refactorer.Outcome
        do {
            outcome = try body()
        } catch {
            Output.err("error: \(error.description)\n")
            throw ExitCode(2)
        }
        Output.out(outcome.diff)
        for note in outcome.notes { Output.err("smelt: \(note)\n") }
        Output.err(write ? "smelt: wrote \(outcome.file.path)\n" : "smelt: not written (use --write to apply)\n")
    }
}

/// `3-7` or `5`.
struct LineRange: ExpressibleByArgument {
    let range: ClosedRange<Int>

    init?(argument: String) {
        let parts = argument.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let a = Int(parts[0]), let b = Int(parts.last!), a >= 1, a <= b else { return nil }
        range = a...b
    }
}

import ArgumentParser
import SmeltKit

@main
struct Smelt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smelt",
        abstract: "A refactoring and code-quality coach for machine-learning code: Python scripts and Jupyter notebooks.",
        discussion: """
            smelt finds the code smells that make ML code hard to change and names the refactoring that \
            fixes each one. Start with `smelt check .`; `smelt rules` lists what it looks for.
            """,
        version: SmeltVersion.current,
        subcommands: [Check.self, Rules.self, RuleDoc.self, Refactor.self, KataCommand.self],
        defaultSubcommand: nil
    )

    /// Like ArgumentParser's `main()`, but usage errors exit with 2 (as documented), not 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                Output.err(fullMessage(for: error) + "\n")
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}

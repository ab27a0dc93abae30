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
        subcommands: [Check.self, Rules.self, RuleDoc.self],
        defaultSubcommand: nil
    )
}

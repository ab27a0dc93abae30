import ArgumentParser
import SmeltKit
import SmeltRules

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the rules smelt has.")

    @Option(name: .long, help: "Output format: text, json or markdown (the rule reference).")
    var outputFormat: RulesFormat = .text

    func run() {
        switch outputFormat {
        case .text: Output.out(RuleDocs.table())
        case .json: Output.out(RuleDocs.json())
        case .markdown: Output.out(RuleDocs.markdownReference())
        }
    }
}

enum RulesFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

struct RuleDoc: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rule", abstract: "Show a rule's documentation.")

    @Argument(help: "A rule code (SM101) or slug (display-clutter).")
    var rule: String

    func run() throws {
        guard let index = RuleRegistry.index(of: rule) else {
            Output.err("error: no rule has the code or slug `\(rule)` (see `smelt rules`)\n")
            throw ExitCode(2)
        }
        Output.out(RuleDocs.markdown(RuleRegistry.all[index].description))
    }
}

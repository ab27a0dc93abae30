import Foundation
import ArgumentParser
import SmeltKit
import SmeltRules

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the rules smelt has.")

    @Option(name: .long, help: "Output format: text, json or markdown (the rule reference).")
    var outputFormat: RulesFormat = .text

    @Option(name: .long, help: "Write the rule documentation (an index and one Markdown file per rule) into this folder.")
    var writeDocs: String?

    func run() throws {
        if let folder = writeDocs {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                for (name, text) in RuleDocs.documentationFiles() {
                    try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
                }
            } catch {
                Output.err("error: cannot write the rule documentation to \(folder): \(error.localizedDescription)\n")
                throw ExitCode(2)
            }
            return
        }
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

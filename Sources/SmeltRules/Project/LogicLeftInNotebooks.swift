/// SM903: functions defined in notebooks that no module provides.
public struct LogicLeftInNotebooks: ProjectRule {
    public static let description = RuleDescription(
        code: "SM903", slug: "logic-left-in-notebooks", name: "Logic left in notebooks",
        category: .project, severity: .info,
        summary: "Functions defined in notebooks that no module of the project provides",
        whatItDoes: """
            Lists the functions each notebook defines (`def name(` in its code cells) and reports, per notebook, \
            those that no `.py` module of the folder defines: logic that can only be run, reused and tested by \
            running the notebook.
            """,
        whyIsThisBad: """
            Code in notebooks cannot be imported, unit-tested or reviewed well; it gets copied from notebook to \
            notebook instead. The book's process ends with no logic left in the notebook: it only imports \
            functions from tested modules and shows their results.
            """,
        example: "explore.ipynb defines clean_loans() and add_features()",
        useInstead: "src/loans/features.py defines them; the notebook does `from loans.features import clean_loans, add_features`",
        refactoring: "Smuggle the code out of the notebook: move the functions into a module and import them",
        references: ["Effective Machine Learning Teams, ch. 8: move code from notebooks into modules"],
        triggering: [RuleExample("↓=== explore.ipynb\n{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"def clean(df):\\n\", \"    return df\"]}]}\n", .scriptOnly)],
        nonTriggering: [
            RuleExample("=== explore.ipynb\n{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"def clean(df):\\n\", \"    return df\"]}]}\n=== src/features.py\ndef clean(df):\n    return df\n", .scriptOnly),
            RuleExample("=== explore.ipynb\n{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"from features import clean\\n\", \"clean(df)\"]}]}\n", .scriptOnly),
        ]
    )

    public init(options: RuleOptions) {}

    public func check(_ project: ProjectContext) -> [ProjectFinding] {
        var moduleFunctions = Set<String>()
        for path in project.pythonFiles {
            guard let text = project.read(path) else { continue }
            moduleFunctions.formUnion(Self.definedFunctions(in: text, escaped: false))
        }
        var findings: [ProjectFinding] = []
        for path in project.notebooks {
            guard let text = project.read(path) else { continue }
            let local = Self.definedFunctions(in: text, escaped: true).subtracting(moduleFunctions).sorted()
            guard !local.isEmpty else { continue }
            let shown = local.prefix(5).map { "`\($0)`" }.joined(separator: ", ") + (local.count > 5 ? " and \(local.count - 5) more" : "")
            findings.append(ProjectFinding(path: path, message: "The notebook defines \(local.count) function\(local.count == 1 ? "" : "s") no module provides: \(shown)",
                                           refactoring: "Move \(shown) into a module and import \(local.count == 1 ? "it" : "them") in the notebook"))
        }
        return findings
    }

    /// Names after `def ` at the start of a line (or of a JSON string in a notebook, or
    /// after an escaped newline): a byte scan, as notebooks can be megabytes of JSON.
    static func definedFunctions(in text: String, escaped: Bool) -> Set<String> {
        var names = Set<String>()
        var text = text
        text.withUTF8 { buf in
            let n = buf.count
            var i = 0
            while i + 4 < n {
                guard buf[i] == UInt8(ascii: "d"), buf[i + 1] == UInt8(ascii: "e"), buf[i + 2] == UInt8(ascii: "f"),
                      buf[i + 3] == UInt8(ascii: " ") else { i += 1; continue }
                let before: UInt8 = i > 0 ? buf[i - 1] : UInt8(ascii: "\n")
                let atLineStart = before == UInt8(ascii: "\n") || before == UInt8(ascii: "\"")
                    || (!escaped && before == UInt8(ascii: " "))
                    || (escaped && i >= 2 && before == UInt8(ascii: "n") && buf[i - 2] == UInt8(ascii: "\\"))
                i += 4
                guard atLineStart else { continue }
                var j = i
                while j < n, isNameByte(buf[j]) { j += 1 }
                guard j > i, j < n, buf[j] == UInt8(ascii: "(") else { continue }
                let name = String(decoding: UnsafeBufferPointer(rebasing: buf[i..<j]), as: UTF8.self)
                if !name.hasPrefix("test_") { names.insert(name) }
                i = j
            }
        }
        return names
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
    }
}

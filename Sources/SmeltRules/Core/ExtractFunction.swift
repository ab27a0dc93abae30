import SmeltAnalysis
import SmeltSyntax

/// The "extract function" refactoring's signature for a block of statements: names the
/// block reads before writing (and that are data bound elsewhere) become parameters, names
/// it writes that are read after it become return values.
public enum ExtractFunction {
    /// `` `def <name>(loans, threshold):` returning `features` ``
    public static func signature(of statements: [Node], unit: Int, _ context: RuleContext) -> String {
        guard let last = statements.last else { return "`def <name>():`" }
        let flow = NameFlow(statements)
        let model = context.model
        let inputs = flow.inputs.filter { name in
            let ids = model.moduleBindings(named: name)
            return !ids.isEmpty && ids.allSatisfy { id in
                let kind = model.bindings[id].kind
                return kind != .import && kind != .fromImport && kind != .function && kind != .class
            } && name.contains(where: \.isLowercase)
        }
        let end = SourcePoint(unit: unit, byte: last.endByte)
        let outputs = flow.outputs.filter { model.isRead($0, after: end) }
        let returns = outputs.isEmpty ? "" : " returning `\(outputs.joined(separator: ", "))`"
        return "`def <name>(\(inputs.joined(separator: ", "))):`\(returns)"
    }
}

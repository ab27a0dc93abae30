import SmeltSyntax

/// A problem a rule found, positioned in one unit (a script, or one notebook cell).
public struct Finding: Sendable {
    /// Index into the registry's rule list.
    public let ruleIndex: Int
    /// The unit (`Document.units`) the finding is in.
    public let unit: Int
    /// Byte range in the unit's text.
    public let range: ByteRange
    /// The problem, specific to this occurrence.
    public let message: String
    /// The action to take (the rule's refactoring, or a more specific one).
    public let refactoring: String
    /// This occurrence's severity, when it differs from the rule's default.
    public let severity: Severity?
    /// The edit that resolves it, if the rule offers one.
    public let fix: Fix?

    public init(ruleIndex: Int, unit: Int, range: ByteRange, message: String, refactoring: String, severity: Severity? = nil,
                fix: Fix? = nil) {
        self.ruleIndex = ruleIndex
        self.unit = unit
        self.range = range
        self.message = message
        self.refactoring = refactoring
        self.severity = severity
        if var fix {
            for k in fix.edits.indices where fix.edits[k].unit == nil { fix.edits[k].unit = unit }
            self.fix = fix
        } else {
            self.fix = nil
        }
    }
}

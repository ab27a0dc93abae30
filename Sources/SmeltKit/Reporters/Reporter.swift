import SmeltSyntax
import SmeltRules

/// One output format. Reporters only format: positions arrive converted (`FilePosition`).
public protocol Reporter {
    /// The whole output for a run, as text.
    func render(_ result: LintResult) -> String
}

/// Escapes a string for a JSON string literal (without the quotes).
func jsonEscaped(_ s: String, into out: inout String) {
    var needsEscape = false
    for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C { needsEscape = true; break }
    guard needsEscape else { out += s; return }
    // The slow path: escape like notebooks are written.
    out += JSON.quoted(s).dropFirst().dropLast()
}

func jsonString(_ s: String?) -> String {
    guard let s else { return "null" }
    var out = "\""
    jsonEscaped(s, into: &out)
    out += "\""
    return out
}

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
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
}

func jsonString(_ s: String?) -> String {
    guard let s else { return "null" }
    var out = "\""
    jsonEscaped(s, into: &out)
    out += "\""
    return out
}

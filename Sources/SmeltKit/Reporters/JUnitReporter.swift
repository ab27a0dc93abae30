/// `--output-format junit`: JUnit XML, one test suite per file, one failing test case per
/// finding (unique names, as GitLab keeps only the first of equal names), one passing test
/// case for a clean file.
public struct JUnitReporter: Reporter {
    public init() {}

    public func render(_ result: LintResult) -> String {
        var byFile: [String: [ReportedFinding]] = [:]
        for f in result.findings { byFile[f.repositoryPath, default: []].append(f) }
        var files = result.checkedFiles
        for path in byFile.keys where !files.contains(path) { files.append(path) }  // unreadable folders
        files.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }

        var suites = ""
        var totalTests = 0
        for path in files {
            let findings = byFile[path] ?? []
            let tests = max(findings.count, 1)
            totalTests += tests
            suites += "  <testsuite name=\"\(xml(path))\" tests=\"\(tests)\" failures=\"\(findings.count)\" errors=\"0\" skipped=\"0\">\n"
            if findings.isEmpty {
                suites += "    <testcase name=\"smelt\" classname=\"\(xml(path))\" file=\"\(xml(path))\"/>\n"
            }
            var names = Set<String>()
            for f in findings {
                let p = f.position
                var name = f.hasLocation ? "\(f.code) \(f.slug) at line \(p.start.line) column \(p.start.column)" : "\(f.code) \(f.slug)"
                if let cell = p.cell { name += " (cell \(cell.number))" }
                var unique = name
                var n = 2
                while !names.insert(unique).inserted {
                    unique = "\(name) #\(n)"
                    n += 1
                }
                let place = f.hasLocation ? "\(f.path):\(p.start.line):\(p.start.column)" : f.path
                let body = "\(place): \(f.code) \(f.slug) " + CellNote.fullMessage(f)
                let line = f.hasLocation ? " line=\"\(p.start.line)\"" : ""
                suites += "    <testcase name=\"\(xml(unique))\" classname=\"\(xml(path))\" file=\"\(xml(path))\"\(line)>\n"
                suites += "      <failure message=\"\(xml(f.message))\" type=\"\(xml(f.code))\">\(xml(body, attribute: false))</failure>\n"
                suites += "    </testcase>\n"
            }
            suites += "  </testsuite>\n"
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"smelt\" tests=\"\(totalTests)\" failures=\"\(result.findings.count)\" errors=\"0\">\n"
        out += suites
        out += "</testsuites>\n"
        return out
    }

    /// Escapes text for XML attributes (`attribute`) or content; characters XML 1.0 forbids
    /// become U+FFFD.
    func xml(_ s: String, attribute: Bool = true) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += attribute ? "&#10;" : "\n"
            case "\r": out += "&#13;"
            case "\t": out += attribute ? "&#9;" : "\t"
            default:
                if c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }
}

import SmeltSyntax
import XCTest
@testable import SmeltKit

final class ReporterEscapingTests: XCTestCase {
    func finding(path: String, message: String, refactoring: String = "Do it") -> ReportedFinding {
        var f = ReportedFinding(ruleIndex: 1, code: "SM101", slug: "display-clutter", severity: .warning, message: message,
                                refactoring: refactoring, path: path,
                                position: FilePosition(start: Location(line: 3, column: 2), end: Location(line: 3, column: 9), cell: nil),
                                sourceLine: "x")
        f.repositoryPath = path
        f.fingerprint = "0123456789abcdef"
        return f
    }

    func testGitHubEscapesPercentFirstThenNewlinesAndPropertySeparators() {
        let reporter = GitHubReporter()
        XCTAssertEqual(reporter.data("50% done\r\nnext::set-output"), "50%25 done%0D%0Anext::set-output")
        XCTAssertEqual(reporter.property("a,b:c%d\ne"), "a%2Cb%3Ac%25d%0Ae")
        XCTAssertEqual(reporter.data("%0A"), "%250A", "an already-escaped sequence is escaped again")
        let line = reporter.command(finding(path: "dir,1/x:y.py", message: "100% sure\r\n::error::no"))
        XCTAssertEqual(line, "::warning file=dir%2C1/x%3Ay.py,line=3,col=2,endLine=3,endColumn=9,title=smelt SM101 (display-clutter)::100%25 sure%0D%0A::error::no%0ARefactoring: Do it")
        XCTAssertFalse(line.contains("\n"))
    }

    func testGitHubMultiLineRangesHaveNoColumns() {
        var f = finding(path: "a.py", message: "m")
        f = ReportedFinding(ruleIndex: f.ruleIndex, code: f.code, slug: f.slug, severity: .error, message: "m", refactoring: "r",
                            path: "a.py", position: FilePosition(start: Location(line: 2, column: 5), end: Location(line: 4, column: 1), cell: nil),
                            sourceLine: "")
        f.repositoryPath = "a.py"
        XCTAssertEqual(GitHubReporter().command(f), "::error file=a.py,line=2,endLine=4,title=smelt SM101 (display-clutter)::m%0ARefactoring: r")
    }

    func testGitHubCutsLongMessages() {
        let line = GitHubReporter().command(finding(path: "a.py", message: String(repeating: "x", count: 5000)))
        let message = line.components(separatedBy: "::").last!
        XCTAssertEqual(message.count, GitHubReporter.messageLimit)
        XCTAssertTrue(message.hasSuffix("…"))
    }

    func testSARIFPercentEncodesURIs() {
        XCTAssertEqual(SARIFReporter.percentEncode("src/a b/ü,x#1.py"), "src/a%20b/%C3%BC%2Cx%231.py")
        XCTAssertEqual(SARIFReporter.directoryURI("/work/my repo"), "file:///work/my%20repo/")
    }

    func testSARIFCapKeepsTheFirstResultsAndSaysSo() throws {
        let findings = (0..<5).map { finding(path: "a.py", message: "m\($0)") }
        let out = SARIFReporter(root: "/r", resultLimit: 3).render(LintResult(findings: findings, filesChecked: 1))
        let log = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        let run = (log["runs"] as! [[String: Any]])[0]
        XCTAssertEqual((run["results"] as! [Any]).count, 3)
        let notes = ((run["invocations"] as! [[String: Any]])[0]["toolExecutionNotifications"] as! [[String: Any]])
        XCTAssertTrue(((notes[0]["message"] as! [String: Any])["text"] as! String).contains("only the first 3"))
    }

    func testJUnitEscapesXML() {
        let reporter = JUnitReporter()
        XCTAssertEqual(reporter.xml("a<b & \"c\" 'd'>\u{1}"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{FFFD}")
        XCTAssertEqual(reporter.xml("x\ny", attribute: true), "x&#10;y")
        XCTAssertEqual(reporter.xml("x\ny", attribute: false), "x\ny")
    }

    func testFingerprintsIgnoreWhitespaceAndLineNumbers() {
        XCTAssertEqual(Fingerprints.normalise("  x =\t1  \n"), "x = 1")
        XCTAssertEqual(Fingerprints.hex(Fingerprints.fnv1a("")), "cbf29ce484222325", "FNV-1a offset basis")
        XCTAssertEqual(Fingerprints.hex(Fingerprints.fnv1a("a")), "af63dc4c8601ec8c")
    }
}

import SmeltRules
import SmeltSyntax
import XCTest
@testable import SmeltKit

final class SuppressionsTests: XCTestCase {
    func index(_ code: String) -> Int { RuleRegistry.index(of: code)! }

    func testNoqaForms() {
        XCTAssertEqual(Suppressions.parse(line: "print(x)  # noqa"), .all)
        XCTAssertEqual(Suppressions.parse(line: "print(x)  # NOQA"), .all)
        XCTAssertEqual(Suppressions.parse(line: "print(x)  # noqa: SM101, SM107"), .rules([index("SM101"), index("SM107")]))
        XCTAssertEqual(Suppressions.parse(line: "print(x)  # noqa:SM101,magic-number"), .rules([index("SM101"), index("SM107")]))
        XCTAssertEqual(Suppressions.parse(line: "x = 1  # noqa: E501"), .rules([]), "other tools' codes suppress nothing of ours")
        XCTAssertNil(Suppressions.parse(line: "x = 1  # noqanything"))
        XCTAssertNil(Suppressions.parse(line: "x = 1"))
    }

    func testSmeltIgnoreForms() {
        XCTAssertEqual(Suppressions.parse(line: "x = 3  # smelt: ignore[magic-number]"), .rules([index("SM107")]))
        XCTAssertEqual(Suppressions.parse(line: "x = 3  # smelt: ignore[SM107, display-clutter]"), .rules([index("SM107"), index("SM101")]))
        XCTAssertEqual(Suppressions.parse(line: "x = 3  # smelt: ignore"), .all)
        XCTAssertEqual(Suppressions.parse(line: "x = 3  # smelt: ignore[SM1]"), .rules(RuleSelector("SM1")!.rules))
    }

    func testSuppressesChecksTheRule() {
        XCTAssertTrue(LineSuppression.all.suppresses(5))
        XCTAssertTrue(LineSuppression.rules([5]).suppresses(5))
        XCTAssertFalse(LineSuppression.rules([5]).suppresses(6))
    }

    func testIgnoreFile() {
        XCTAssertTrue(Suppressions.ignoresFile(SourceText("import os\n# smelt: ignore-file\n")))
        XCTAssertTrue(Suppressions.ignoresFile(SourceText("    #smelt:ignore-file")))
        XCTAssertFalse(Suppressions.ignoresFile(SourceText("x = '# smelt: ignore-file'\n")), "only in a comment line")
        XCTAssertFalse(Suppressions.ignoresFile(SourceText("# smelt: ignore[SM101]\n")))
    }
}

final class RuleSelectorTests: XCTestCase {
    func testSelectors() {
        let all = Set(RuleRegistry.all.indices)
        XCTAssertEqual(RuleSelector("ALL")?.rules, all)
        XCTAssertEqual(RuleSelector("SM")?.rules, all)
        XCTAssertEqual(RuleSelector("SM101")?.rules, [RuleRegistry.index(of: "SM101")!])
        XCTAssertEqual(RuleSelector("sm101")?.rules, [RuleRegistry.index(of: "SM101")!])
        XCTAssertEqual(RuleSelector("display-clutter")?.rules, [RuleRegistry.index(of: "SM101")!])
        let sm1 = RuleSelector("SM1")!.rules
        XCTAssertTrue(sm1.allSatisfy { RuleRegistry.all[$0].description.code.hasPrefix("SM1") })
        XCTAssertEqual(sm1.count, RuleRegistry.all.filter { $0.description.code.hasPrefix("SM1") }.count)
        XCTAssertGreaterThan(sm1.count, 5)
        XCTAssertNil(RuleSelector("SM999"))
        XCTAssertNil(RuleSelector("SM7"))
        XCTAssertNil(RuleSelector("no-such-rule"))
    }

    func testResolve() {
        let chosen = RuleSelector.resolve(select: ["SM1"], extendSelect: ["SM403"], ignore: ["magic-number"])
        XCTAssertTrue(chosen.contains(RuleRegistry.index(of: "SM403")!))
        XCTAssertFalse(chosen.contains(RuleRegistry.index(of: "SM107")!))
        XCTAssertFalse(chosen.contains(RuleRegistry.index(of: "SM201")!))
        XCTAssertEqual(RuleSelector.resolve(select: nil, extendSelect: [], ignore: []).count, RuleRegistry.all.count)
    }
}

final class ConfigurationTests: XCTestCase {
    func parse(_ toml: String, pyproject: Bool = true) throws -> Configuration {
        try Configuration.parse(text: toml, path: pyproject ? "pyproject.toml" : "smelt.toml", root: "/p", isPyproject: pyproject)
    }

    func testAllKeys() throws {
        let config = try parse("""
            [tool.smelt]
            select = ["SM1"]
            extend-select = ["SM403"]
            ignore = ["SM116"]
            exclude = ["build/"]
            extend-exclude = ["*.gen.py"]
            respect-gitignore = false
            per-file-ignores = { "tests/*.py" = ["magic-number"] }

            [tool.smelt.rules.long-function]
            max-statements = 40
            """)
        XCTAssertEqual(config.select, ["SM1"])
        XCTAssertEqual(config.extendSelect, ["SM403"])
        XCTAssertEqual(config.ignore, ["SM116"])
        XCTAssertEqual(config.exclude, ["build/"])
        XCTAssertEqual(config.extendExclude, ["*.gen.py"])
        XCTAssertFalse(config.respectGitignore)
        XCTAssertEqual(config.perFileIgnores.map(\.pattern), ["tests/*.py"])
        XCTAssertEqual(config.ruleOptions[RuleRegistry.index(of: "long-function")!], ["max-statements": .int(40)])
        XCTAssertEqual(config.warnings, [])
        XCTAssertEqual(config.root, "/p")
    }

    func testUnknownKeysAndCodesWarnNamingTheKey() throws {
        let config = try parse("""
            [tool.smelt]
            selct = ["SM1"]
            ignore = ["SM999"]
            [tool.smelt.rules.magic-number]
            allowd = [3]
            [tool.smelt.rules.no-such-rule]
            x = 1
            """)
        XCTAssertEqual(config.warnings.count, 4, "\(config.warnings)")
        XCTAssertTrue(config.warnings.contains { $0.contains("`tool.smelt.selct`") })
        XCTAssertTrue(config.warnings.contains { $0.contains("`tool.smelt.ignore`") && $0.contains("SM999") })
        XCTAssertTrue(config.warnings.contains { $0.contains("`tool.smelt.rules.magic-number.allowd`") && $0.contains("allowed") })
        XCTAssertTrue(config.warnings.contains { $0.contains("no-such-rule") })
    }

    func testWrongTypesAreErrors() {
        XCTAssertThrowsError(try parse("[tool.smelt]\nselect = \"SM1\"\n")) { error in
            XCTAssertTrue("\(error)".contains("select"), "\(error)")
        }
        XCTAssertThrowsError(try parse("[tool.smelt.rules.long-function]\nmax-statements = \"many\"\n")) { error in
            XCTAssertTrue("\(error)".contains("integer"), "\(error)")
        }
        XCTAssertThrowsError(try parse("[tool.smelt\n")) { error in
            XCTAssertTrue("\(error)".contains("pyproject.toml:1"), "\(error)")
        }
    }

    func testPyprojectWithoutSmeltTableGivesDefaults() throws {
        let config = try parse("[project]\nname = \"x\"\n")
        XCTAssertNil(config.select)
        XCTAssertEqual(config.warnings, [])
    }

    func testSmeltTomlUsesTopLevel() throws {
        let config = try parse("ignore = [\"SM101\"]\n", pyproject: false)
        XCTAssertEqual(config.ignore, ["SM101"])
    }
}

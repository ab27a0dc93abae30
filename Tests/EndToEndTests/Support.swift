import Foundation
import XCTest

/// Runs the built `smelt` binary on a copy of a fixture project.
class SmeltTestCase: XCTestCase {
    var project: URL!

    override func setUpWithError() throws {
        let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/project")
        // An empty smelt.toml above the project stops the configuration search there, so a
        // configuration file lying around in the temporary folder cannot change the results.
        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("smelt-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
        try "".write(to: sandbox.appendingPathComponent("smelt.toml"), atomically: true, encoding: .utf8)
        project = sandbox.appendingPathComponent("project")
        try FileManager.default.copyItem(at: fixtures, to: project)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: project.deletingLastPathComponent())
    }

    // MARK: running the binary

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var binary: URL {
        // The test bundle sits beside the products it was built with.
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("smelt")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("smelt")
    }

    @discardableResult
    func smelt(_ args: [String], in directory: URL? = nil, env: [String: String] = [:], input: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = args
        process.currentDirectoryURL = directory ?? project
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NO_COLOR")
        for (k, v) in env { environment[k] = v }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    func json(_ run: Run) throws -> [[String: Any]] {
        let value = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
        return try XCTUnwrap(value as? [[String: Any]], "not a JSON array: \(run.stdout.prefix(300))")
    }

    func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let source = Self.testsFolder.appendingPathComponent("Fixtures/golden/\(name)")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: source, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: Bundle.module.resourceURL!.appendingPathComponent("Fixtures/golden/\(name)"), encoding: .utf8)
        XCTAssertEqual(actual, expected, "output differs from golden file \(name) (UPDATE_GOLDEN=1 rewrites it)", file: file, line: line)
    }

    func write(_ text: String, _ name: String) throws {
        let url = project.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// This folder (Tests/EndToEndTests) in the source tree.
    static let testsFolder = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
    /// The repository root.
    static let repositoryRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
}

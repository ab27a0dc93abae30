import SmeltSyntax

/// SM213: packages installed from inside the notebook.
public struct InstallFromNotebook: Rule {
    public static let description = RuleDescription(
        code: "SM213", slug: "install-from-notebook", name: "Install from notebook",
        category: .notebook, severity: .warning,
        summary: "A package installed from a notebook cell (`!pip install`, `%pip install`, `!conda install`...)",
        whatItDoes: """
            Reads the notebook's IPython lines and reports those that install packages: `!pip install`, \
            `%pip install`, `pip install` (automagic), `!python -m pip install`, `!{sys.executable} -m pip install`, \
            `!uv pip install`, and `install` with conda, mamba or micromamba; also such lines in `%%bash` and \
            `%%sh` cells. Installing from a manifest (`-r requirements.txt`, `--file`) or from a local path (the \
            project itself with `.` or `-e .`, a vendored package) is not reported.
            """,
        whyIsThisBad: """
            Dependencies installed by a cell are declared nowhere else: the project's environment does not know \
            about them, versions drift from run to run, every run of the notebook reinstalls them, and an install \
            in the middle of a session can leave already-imported modules at their old versions.
            """,
        example: "!pip install xgboost==2.0.3\nimport xgboost as xgb",
        useInstead: "# requirements.txt (or pyproject.toml / environment.yml)\nxgboost==2.0.3",
        refactoring: "Declare the dependencies in a manifest (requirements.txt, pyproject.toml or environment.yml) and install them before running the notebook",
        references: ["pynblint: undeclared-dependencies (manage dependencies in a requirements file)",
                     "Effective Machine Learning Teams, ch. 4: dependency management"],
        appliesTo: .notebookOnly,
        triggering: [
            RuleExample(cells: [("↓!pip install scikit-learn==1.4", 1)]),
            RuleExample(cells: [("import sys\n↓%pip install -q transformers datasets", 1)]),
            RuleExample(cells: [("↓!conda install -y -c conda-forge lightgbm", 1)]),
            RuleExample(cells: [("↓pip install xgboost", 1)]),
            RuleExample(cells: [("import sys\n↓!{sys.executable} -m pip install torch", 1)]),
            RuleExample(cells: [("%%bash\n↓pip install catboost", 1)]),
            RuleExample(cells: [("if IN_COLAB:\n    ↓!mamba install -y polars", 1)]),
            RuleExample(cells: [("↓!cd vendor && pip install lightgbm", 1)]),
        ],
        nonTriggering: [
            RuleExample(cells: [("%pip install -r requirements.txt", 1)]),
            RuleExample(cells: [("!pip install -e .", 1)]),
            RuleExample(cells: [("!pip install ./vendor/lib", 1)]),
            RuleExample(cells: [("!pip list\n!pip freeze > requirements.txt", 1)]),
            RuleExample(cells: [("# !pip install lightgbm\nimport lightgbm", 1)]),
            RuleExample(cells: [("command = \"pip install lightgbm\"", 1)]),
            RuleExample(cells: [("!conda env update -f environment.yml", 1)]),
        ]
    )

    public init(options: RuleOptions) {}

    /// The IPython lines of a unit: 1-based line, where the IPython part starts and ends in
    /// `unit.text` (the masked text), and that part as the user wrote it.
    static func magicLines(_ unit: SourceUnit) -> [(line: Int, range: ByteRange, text: Substring)] {
        guard unit.skippedCellMagic == nil, !unit.maskedLines.isEmpty else { return [] }
        var result: [(Int, ByteRange, Substring)] = []
        let masked = unit.text.bytes, original = unit.original.bytes
        for line in unit.maskedLines.sorted() where line <= unit.text.lineCount && line <= unit.original.lineCount {
            let m = unit.text.lineRange(line), o = unit.original.lineRange(line)
            // Masking keeps everything before the IPython part (indentation, `x = `).
            var k = 0
            while m.lowerBound + k < m.upperBound, o.lowerBound + k < o.upperBound,
                  masked[m.lowerBound + k] == original[o.lowerBound + k] { k += 1 }
            guard o.lowerBound + k < o.upperBound else { continue }
            let text = Substring(unit.original.text(ByteRange(o.lowerBound + k, o.upperBound)))
            result.append((line, ByteRange(m.lowerBound + k, m.upperBound), text))
        }
        return result
    }

    public func finish(_ context: RuleContext) {
        guard context.isNotebook else { return }
        for unit in context.document.units {
            if let magic = unit.skippedCellMagic {
                guard magic == "bash" || magic == "sh" || magic == "script" else { continue }
                for line in 1...max(1, unit.original.lineCount) {
                    let range = unit.original.lineRange(line)
                    var text = Substring(unit.original.line(line))
                    var start = range.lowerBound
                    while let f = text.first, f == " " || f == "\t" { text = text.dropFirst(); start += 1 }
                    if text.hasPrefix("%%") { continue }
                    check(text, unit: unit.index, ByteRange(start, range.upperBound), context)
                }
                continue
            }
            for (_, range, text) in Self.magicLines(unit) { check(text, unit: unit.index, range, context) }
        }
    }

    private func check(_ text: Substring, unit: Int, _ range: ByteRange, _ context: RuleContext) {
        guard let install = Self.install(in: text) else { return }
        let command = text.count > 60 ? String(text.prefix(59)) + "…" : String(text)
        let packages = install.packages.prefix(3).map { "`\($0)`" }.joined(separator: ", ")
            + (install.packages.count > 3 ? " and \(install.packages.count - 3) more" : "")
        let manifest = install.tool == "pip" || install.tool == "uv pip" ? "requirements.txt or pyproject.toml" : "environment.yml"
        context.report(unit: unit, range, "`\(command)` installs packages from the notebook",
                       refactoring: packages.isEmpty
                           ? "Declare the dependencies in \(manifest) and install them before running the notebook"
                           : "Declare \(packages) in \(manifest) and install \(install.packages.count == 1 ? "it" : "them") before running the notebook")
    }

    /// Options of pip and conda that take a value.
    private static let valueOptions: Set<String> = [
        "-c", "--channel", "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target",
        "-n", "--name", "-p", "--prefix", "--python", "--platform", "--python-version", "--implementation",
        "--abi", "--root", "--src", "--upgrade-strategy", "--progress-bar", "--trusted-host", "--cert",
        "--client-cert", "--proxy", "--timeout", "--retries", "--log", "--cache-dir", "--override",
    ]

    /// The installing tool and the packages a shell or magic command installs, or nil when it
    /// does not install, or installs only from a manifest or the project itself.
    static func install(in command: Substring) -> (tool: String, packages: [String])? {
        var text = command
        while let f = text.first, f == "!" || f == "%" || f == " " || f == "\t" { text = text.dropFirst() }
        for segment in splitCommands(text) {
            var tokens = segment.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if tokens.first == "sudo" { tokens.removeFirst() }
            guard let head = tokens.first else { continue }
            let name = head.split(separator: "/").last.map(String.init) ?? String(head)
            var tool: String?
            var at = 1
            if name == "pip" || name == "pip3" {
                tool = "pip"
            } else if name.hasPrefix("python") || head.contains("sys.executable") || head == "$PYTHON" {
                if tokens.count > 3, tokens[1] == "-m", tokens[2] == "pip" || tokens[2] == "pip3" { tool = "pip"; at = 3 }
            } else if name == "uv", tokens.count > 2, tokens[1] == "pip" {
                tool = "uv pip"
                at = 2
            } else if name == "conda" || name == "mamba" || name == "micromamba" {
                tool = name
            }
            guard let tool, at < tokens.count, tokens[at] == "install" else { continue }
            var packages: [String] = []
            var fromManifest = false
            var k = at + 1
            while k < tokens.count {
                let arg = String(tokens[k])
                k += 1
                if arg == "-r" || arg == "--requirement" || arg == "--file" || arg == "-e" || arg == "--editable"
                    || arg.hasPrefix("--requirement=") || arg.hasPrefix("--file=") || (arg.hasPrefix("-r") && arg.count > 2 && !arg.hasPrefix("--")) {
                    // The manifest or the project itself; `-e git+https://...` installs a package.
                    let isEditable = arg == "-e" || arg == "--editable"
                    if isEditable, k < tokens.count, !isLocalPath(tokens[k]) {
                        packages.append(unquoted(tokens[k]))
                    } else {
                        fromManifest = true
                    }
                    if !arg.contains("="), arg == "-r" || arg == "--requirement" || arg == "--file" || isEditable { k += 1 }
                    continue
                }
                if arg.hasPrefix("-") {
                    if valueOptions.contains(arg) { k += 1 }
                    continue
                }
                if isLocalPath(Substring(arg)) {
                    fromManifest = true
                    continue
                }
                packages.append(unquoted(Substring(arg)))
            }
            if packages.isEmpty && fromManifest { continue }
            return (tool, packages)
        }
        return nil
    }

    static func isLocalPath(_ arg: Substring) -> Bool {
        arg == "." || arg == ".." || arg.hasPrefix("./") || arg.hasPrefix("../") || arg.hasPrefix("/") || arg.hasPrefix(".[")
            || arg.hasPrefix("'.") || arg.hasPrefix("\".")
    }

    static func unquoted(_ s: Substring) -> String {
        var t = s
        while let f = t.first, f == "\"" || f == "'" { t = t.dropFirst() }
        while let l = t.last, l == "\"" || l == "'" { t = t.dropLast() }
        return String(t)
    }

    /// A shell line split at `&&`, `||` and `;`.
    static func splitCommands(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            if c == ";" {
                parts.append(text[start..<i])
                start = next
            } else if (c == "&" || c == "|"), next < text.endIndex, text[next] == c {
                parts.append(text[start..<i])
                start = text.index(after: next)
                i = start
                continue
            }
            i = next
        }
        parts.append(text[start...])
        return parts
    }
}

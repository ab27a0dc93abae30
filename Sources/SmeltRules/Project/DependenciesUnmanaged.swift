import SmeltSyntax

/// SM904: dependencies not declared, or not pinned.
public struct DependenciesUnmanaged: ProjectRule {
    public static let description = RuleDescription(
        code: "SM904", slug: "dependencies-unmanaged", name: "Dependencies unmanaged",
        category: .project, severity: .warning,
        summary: "No dependency manifest, a requirements file with no version pinned, or third-party imports no manifest declares",
        whatItDoes: """
            Reports the folder when it has Python code but no `requirements*.txt`, `pyproject.toml`, \
            `environment.yml`/`.yaml`, `Pipfile`, `setup.py` or `setup.cfg`; reports a requirements file in \
            which no package has a version (`==`, `>=`, `~=`, `<`, `@`), naming the unpinned ones; and reports \
            the main manifest when modules and notebooks import third-party packages that no manifest declares \
            (pynblint's undeclared dependencies), naming each import and the file that first imports it.

            Declared packages are read from `requirements*.txt` (and the files they include with `-r`), \
            `pyproject.toml` (`[project]` dependencies and optional dependencies, dependency groups, Poetry, PDM \
            and uv tables, setuptools' dynamic dependencies from files), `environment.yml` (conda packages and \
            its `pip:` list), `Pipfile`, `setup.cfg` (`install_requires`, extras), a literal \
            `install_requires=[…]` in `setup.py`, and lock files. Names are compared as PEP 503 normalises \
            them (`Scikit_Learn` is `scikit-learn`), and imports whose package has another name are known \
            (`sklearn` is scikit-learn, `cv2` opencv-python or opencv-python-headless, `PIL` pillow, `yaml` \
            PyYAML, `bs4` beautifulsoup4, `skimage` scikit-image, `dotenv` python-dotenv, `attr` attrs, `dateutil` \
            python-dateutil, `Crypto` pycryptodome, conda's `pytorch`…).

            Not reported: standard library modules (Python 3.9 to 3.13, and Python 2 names in compatibility \
            code), the project's own modules (a `.py` file or a package folder of that name anywhere in the \
            folder, `src/` included), relative imports, imports guarded by `try`/`except ImportError` \
            (optional) or under `if TYPE_CHECKING:`, imports in tests, docs and `setup.py`, and `IPython` in \
            notebooks (the kernel provides it). When a manifest declares its dependencies in a \
            way that cannot be read (code in `setup.py`, a `-r` file that is missing), undeclared imports are \
            not reported at all.
            """,
        whyIsThisBad: """
            Without declared, pinned dependencies the notebook that ran yesterday fails today: a new pandas or \
            scikit-learn release changes defaults and results, and nobody can recreate the environment. A \
            package imported but not declared works only on the machine where someone once ran \
            `pip install` by hand: the next person, or the CI job, gets a `ModuleNotFoundError`.
            """,
        example: "requirements.txt:\npandas\nscikit-learn\n\ntrain.py:\nimport pandas as pd\nimport xgboost",
        useInstead: "requirements.txt:\npandas==2.2.2\nscikit-learn==1.5.1\nxgboost==2.1.0",
        refactoring: "Declare and pin the dependencies (requirements.txt with versions, or a lock file)",
        references: ["pynblint: dependencies management, undeclared dependencies", "mllint: dependency management",
                     "deptry: DEP001 missing dependencies", "PEP 503: normalized names"],
        triggering: [
            RuleExample("↓=== train.py\nimport pandas\n", .scriptOnly),
            RuleExample("↓=== train.py\nimport pandas\n=== requirements.txt\npandas\nscikit-learn\n", .scriptOnly),
            // Undeclared imports: xgboost and sklearn are not in the requirements.
            RuleExample("""
                ↓=== train.py
                import pandas as pd
                import xgboost as xgb
                from sklearn.model_selection import train_test_split
                === requirements.txt
                pandas==2.2.2
                """, .scriptOnly),
            // A notebook's imports, against a conda environment with a pip section.
            RuleExample("""
                ↓=== notebooks/eda.ipynb
                {"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": ["import pandas as pd\\n", "import seaborn as sns\\n", "from sklearn.model_selection import train_test_split"]}], "metadata": {"kernelspec": {"language": "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
                === environment.yml
                name: eda
                dependencies:
                  - python=3.11
                  - conda-forge::pandas=2.2
                  - pip:
                    - scikit-learn==1.5.1
                """, .scriptOnly),
            RuleExample("""
                ↓=== src/model/train.py
                import torch
                import lightgbm
                === pyproject.toml
                [project]
                name = "model"
                dependencies = [
                    "torch>=2.2",
                ]
                """, .scriptOnly),
        ],
        nonTriggering: [
            RuleExample("=== train.py\nimport pandas\n=== requirements.txt\npandas==2.2.2\nscikit-learn>=1.5\n", .scriptOnly),
            // A pyproject.toml with tool settings only declares nothing to compare with.
            RuleExample("=== train.py\nimport pandas\n=== pyproject.toml\n[tool.ruff]\nline-length = 100\n", .scriptOnly),
            // Import names that differ from the package names, and PEP 503 spellings.
            RuleExample("""
                === train.py
                import cv2
                import sklearn.ensemble
                import yaml
                from PIL import Image
                from bs4 import BeautifulSoup
                from dotenv import load_dotenv
                import sentence_transformers
                === requirements.txt
                opencv-python-headless==4.10.0.84
                Scikit_Learn==1.5.1
                PyYAML==6.0.1
                Pillow==10.4.0
                beautifulsoup4==4.12.3
                python-dotenv==1.0.1
                sentence-transformers==3.0.1
                """, .scriptOnly),
            // The standard library, the project's own modules, relative and optional imports, a docstring.
            RuleExample("""
                === src/pipeline/train.py
                \"\"\"Train the model.

                    import numpy as np   (an example in a docstring)
                \"\"\"
                import os, json
                from collections import Counter
                from pipeline.features import build
                from .utils import load
                import helpers
                try:
                    import ujson as fast_json
                except ImportError:
                    fast_json = None
                === src/pipeline/features.py
                import pandas as pd
                === src/pipeline/utils.py
                === helpers.py
                === requirements.txt
                pandas==2.2.2
                """, .scriptOnly),
            // Requirements computed by setup.py code cannot be read: nothing is said about imports.
            RuleExample("""
                === train.py
                import xgboost
                === setup.py
                from setuptools import setup
                setup(name="model", install_requires=get_requirements())
                """, .scriptOnly),
            // Poetry, and a notebook importing what the kernel provides.
            RuleExample("""
                === analysis.ipynb
                {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": "from IPython.display import display\\nimport polars as pl"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
                === pyproject.toml
                [tool.poetry]
                name = "analysis"

                [tool.poetry.dependencies]
                python = "^3.11"
                polars = { version = "^1.0", extras = ["pyarrow"] }
                """, .scriptOnly),
        ]
    )

    static let manifests: Set<String> = ["pyproject.toml", "environment.yml", "environment.yaml", "Pipfile", "Pipfile.lock",
                                         "setup.py", "setup.cfg", "poetry.lock", "uv.lock", "conda.yaml", "conda.yml"]

    public init(options: RuleOptions) {}

    public func check(_ project: ProjectContext) -> [ProjectFinding] {
        guard !project.pythonFiles.isEmpty || !project.notebooks.isEmpty else { return [] }
        let requirements = project.files.filter {
            let name = ProjectContext.name($0)
            return name.hasPrefix("requirements") && name.hasSuffix(".txt")
        }
        let hasManifest = !requirements.isEmpty || project.files.contains {
            Self.manifests.contains(String(ProjectContext.name($0))) || DependencyManifests.format(of: $0) != nil
        }
        guard hasManifest else {
            return [ProjectFinding(path: nil, message: "No dependency manifest in `\(project.root)` (requirements.txt, pyproject.toml, environment.yml…)")]
        }
        var findings: [ProjectFinding] = []
        for path in requirements {
            guard let text = project.read(path) else { continue }
            var packages: [String] = []
            var pinned = 0
            for raw in text.split(separator: "\n") {
                let line = raw.split(separator: "#", maxSplits: 1).first.map { $0.trimmingCharacters(in: " \t") } ?? ""
                guard !line.isEmpty, !line.hasPrefix("-") else { continue }
                if line.contains(where: { "=<>~@".contains($0) }) { pinned += 1 } else { packages.append(line) }
            }
            if pinned == 0, !packages.isEmpty {
                let shown = packages.prefix(5).joined(separator: ", ") + (packages.count > 5 ? "…" : "")
                findings.append(ProjectFinding(path: path, message: "No version is pinned in `\(path)` (\(shown))",
                                               refactoring: "Pin each dependency to the version you tested with (`pandas==2.2.2`), or use a lock file"))
            }
        }
        if let undeclared = Self.undeclaredImports(project) { findings.append(undeclared) }
        return findings
    }

    /// Third-party modules the code imports that no manifest declares, reported on the main
    /// manifest; nil when every import is declared or a manifest cannot be read.
    static func undeclaredImports(_ project: ProjectContext) -> ProjectFinding? {
        var declared = Set<String>()
        var declaring: [String] = []
        for path in project.files where DependencyManifests.format(of: path) != nil {
            switch DependencyManifests.declared(path, read: project.read) {
            case .unknown: return nil
            case .none: continue
            case let .names(names):
                declared.formUnion(names)
                declaring.append(path)
            }
        }
        guard !declaring.isEmpty else { return nil }
        let local = localModules(project)
        var firstFile: [String: String] = [:]
        var undeclared: [String] = []
        var distributions: [String] = []
        for path in project.files where isScanned(path) {
            guard let text = project.read(path) else { continue }
            let isNotebook = path.hasSuffix(".ipynb")
            var sources: [String] = []
            if isNotebook {
                guard let notebook = try? Notebook.parse(SourceText(text)),
                      notebook.language.map({ $0.lowercased().hasPrefix("python") }) ?? true else { continue }
                sources = notebook.cells.filter { $0.kind == .code }.map { $0.source.string }
            } else {
                sources = [text]
            }
            for source in sources {
                for imported in PythonImports.scan(source) where !imported.optional {
                    let module = imported.module
                    let top = String(module.prefix { $0 != "." })
                    if firstFile[top] != nil || PythonImports.isStandardLibrary(top) || local.contains(top)
                        || PythonImports.providedByTools.contains(top) || PythonImports.platformModules.contains(top) { continue }
                    // What the notebook's kernel or Colab provides.
                    if module.hasPrefix("google.colab") || (isNotebook && (top == "IPython" || top == "ipykernel")) { continue }
                    if PythonImports.isDeclared(module, in: declared) { continue }
                    firstFile[top] = path
                    undeclared.append(top)
                    distributions.append(PythonImports.candidateDistributions(module)[0])
                }
            }
        }
        guard !undeclared.isEmpty else { return nil }
        // The manifest to name: the shallowest, the usual ones first.
        let preference = ["requirements.txt", "pyproject.toml", "environment.yml", "environment.yaml", "Pipfile", "setup.cfg", "setup.py"]
        func rank(_ path: String) -> (Int, Int, String) {
            let name = String(ProjectContext.name(path))
            return (path.split(separator: "/").count, preference.firstIndex(of: name) ?? preference.count, path)
        }
        let manifest = declaring.min { rank($0) < rank($1) }!
        let shown = undeclared.prefix(8).map { "`\($0)` (\(firstFile[$0]!))" }.joined(separator: ", ")
            + (undeclared.count > 8 ? " and \(undeclared.count - 8) more" : "")
        let verb = undeclared.count == 1 ? "is" : "are"
        let others = declaring.count > 1 ? " or the \(declaring.count - 1) other manifest\(declaring.count == 2 ? "" : "s")" : ""
        let add = uniqued(distributions).prefix(8).map { "`\($0)`" }.joined(separator: ", ")
        return ProjectFinding(path: manifest,
                              message: "\(shown) \(verb) imported but not declared in `\(manifest)`\(others)",
                              refactoring: "Declare \(add) in `\(manifest)`, pinned to the versions you use")
    }

    /// Names a project's own modules answer to: every `.py` file's name and every folder
    /// holding Python files (`src/` layouts included), so `import features` is local.
    static func localModules(_ project: ProjectContext) -> Set<String> {
        var names = Set<String>()
        for path in project.files {
            let name = ProjectContext.name(path)
            let isModule = [".py", ".pyi", ".pyx", ".so", ".pyd"].contains { name.hasSuffix($0) }
            guard isModule || name.hasSuffix(".ipynb") else { continue }
            if isModule, let stem = name.split(separator: ".").first { names.insert(String(stem)) }
            for folder in path.split(separator: "/").dropLast() { names.insert(String(folder)) }
        }
        return names
    }

    /// Files whose imports must be declared: modules and notebooks, not tests, docs or
    /// packaging scripts (their tools are declared elsewhere: tox, CI, build requirements).
    static func isScanned(_ path: String) -> Bool {
        guard path.hasSuffix(".py") || path.hasSuffix(".ipynb") else { return false }
        let name = ProjectContext.name(path)
        if RuleContext.isTestFile(name: name)
            || ["setup.py", "noxfile.py", "fabfile.py", "conftest.py", "test.py", "tests.py"].contains(name) { return false }
        let folders = path.split(separator: "/").dropLast()
        return !folders.contains { ["tests", "test", "testing", "docs", "doc"].contains($0) }
    }

    private static func uniqued(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}

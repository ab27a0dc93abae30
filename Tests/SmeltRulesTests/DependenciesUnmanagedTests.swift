import XCTest
@testable import SmeltRules

/// SM904's undeclared-dependency check: the import scan, the manifest parsers and the messages.
final class DependenciesUnmanagedTests: XCTestCase {
    private func check(_ tree: String) -> [ProjectFinding] {
        DependenciesUnmanaged(options: RuleOptions(defaults: [])).check(.example(tree))
    }

    func testMessageNamesEachImportAndWhereItIsFirstImported() {
        let findings = check("""
            === train.py
            import pandas as pd
            import xgboost as xgb
            from sklearn.model_selection import train_test_split
            === notebooks/eda.ipynb
            {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": "import seaborn as sns\\nimport xgboost"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            === requirements.txt
            pandas==2.2.2
            """)
        XCTAssertEqual(findings.map(\.path), ["requirements.txt"])
        XCTAssertEqual(findings.first?.message,
                       "`seaborn` (notebooks/eda.ipynb), `xgboost` (notebooks/eda.ipynb), `sklearn` (train.py) are imported but not declared in `requirements.txt`")
        XCTAssertEqual(findings.first?.refactoring,
                       "Declare `seaborn`, `xgboost`, `scikit-learn` in `requirements.txt`, pinned to the versions you use")
    }

    func testNoManifestIsReportedOnceAndNotAsUndeclared() {
        let findings = check("=== train.py\nimport xgboost\n")
        XCTAssertEqual(findings.count, 1)
        XCTAssertNil(findings[0].path)
        XCTAssertTrue(findings[0].message.hasPrefix("No dependency manifest"), findings[0].message)
    }

    func testSeveralManifestsAreOneDeclaration() {
        let tree = """
            === train.py
            import torch
            import wandb
            === requirements.txt
            torch==2.3.0
            === requirements-dev.txt
            -r requirements.txt
            wandb==0.17.0
            """
        XCTAssertTrue(check(tree).isEmpty, check(tree).map(\.message).joined())
        let missing = check(tree.replacingOccurrences(of: "wandb==0.17.0", with: "pytest==8.2.0"))
        XCTAssertEqual(missing.map(\.message), ["`wandb` (train.py) is imported but not declared in `requirements.txt` or the 1 other manifest"])
    }

    func testUnreadableIncludeSaysNothing() {
        XCTAssertTrue(check("=== train.py\nimport torch\n=== requirements.txt\n-r base.txt\nnumpy==2.0\n").isEmpty)
    }

    func testImportScan() {
        let source = """
            import os, numpy.linalg as la
            from pandas import (
                DataFrame,
                read_csv,
            )
            from . import sibling
            from ..pkg import thing
            x = 1; import scipy
            text = '''
            import not_an_import
            '''
            s = "import nope"  # import neither
            def f():
                from torch import nn
            try:
                import ujson
            except ImportError:
                import json as ujson
            try:
                import requests
            finally:
                pass
            import this module
            if TYPE_CHECKING:
                from typing_extensions import Self
                import mypy_extensions
            import yaml
            """
        let scanned = PythonImports.scan(source)
        XCTAssertEqual(scanned.filter { !$0.optional }.map(\.module), ["os", "numpy.linalg", "pandas", "scipy", "torch", "requests", "yaml"])
        XCTAssertEqual(scanned.filter(\.optional).map(\.module), ["ujson", "json"])
    }

    func testRequirementNames() {
        let cases: [(String, String?)] = [
            ("pandas[parquet]>=2.0; python_version > \"3.8\"", "pandas"),
            ("Scikit_Learn==1.5", "scikit-learn"),
            ("torch @ https://download.pytorch.org/whl/torch-2.3.0.whl", "torch"),
            ("git+https://github.com/org/tool.git#egg=my_tool", "my-tool"),
            ("https://files.example.org/xgboost-2.1.0-py3-none-any.whl", "xgboost"),
            ("ruamel.yaml>=0.18", "ruamel-yaml"),
            ("", nil),
        ]
        for (requirement, name) in cases {
            XCTAssertEqual(DependencyManifests.requirementName(requirement[...]), name, requirement)
        }
    }

    func testManifestFormats() {
        let files: [String: String] = [
            "pyproject.toml": """
                [build-system]
                requires = ["setuptools>=68"]

                [project]
                name = "demo"
                dynamic = ["dependencies"]

                [project.optional-dependencies]
                plot = ["matplotlib>=3.8", "seaborn"]  # plotting

                [tool.setuptools.dynamic]
                dependencies = {file = ["requirements.in"]}
                """,
            "requirements.in": "numpy\n",
            "setup.cfg": """
                [metadata]
                name = demo

                [options]
                install_requires =
                    requests>=2
                    PyYAML

                [options.extras_require]
                dev = pytest; black

                [flake8]
                max-line-length = 100
                """,
            "Pipfile": """
                [[source]]
                url = "https://pypi.org/simple"

                [packages]
                flask = "*"
                "ruamel.yaml" = "*"

                [requires]
                python_version = "3.11"
                """,
            "environment.yml": """
                name: demo
                channels:
                  - conda-forge
                dependencies:
                  - python=3.11
                  - pytorch::pytorch>=2.2
                  - py-xgboost 2.0.*
                  - pip
                  - pip:
                      - "lightgbm==4.3"
                variables:
                  - not_a_package
                """,
            "setup.py": """
                from setuptools import setup
                setup(name="demo", install_requires=["click>=8", 'rich'], extras_require={"docs": ["sphinx"]})
                """,
            "dynamic/setup.py": "from setuptools import setup\nsetup(install_requires=load())\n",
        ]
        func declared(_ path: String) -> DependencyManifests.Declared {
            DependencyManifests.declared(path, read: { files[$0] })
        }
        XCTAssertEqual(declared("pyproject.toml"), .names(["matplotlib", "seaborn", "numpy"]))
        XCTAssertEqual(declared("setup.cfg"), .names(["requests", "pyyaml", "pytest", "black"]))
        XCTAssertEqual(declared("Pipfile"), .names(["flask", "ruamel-yaml"]))
        XCTAssertEqual(declared("environment.yml"), .names(["python", "pytorch", "py-xgboost", "xgboost", "pip", "lightgbm"]))
        XCTAssertEqual(declared("setup.py"), .names(["click", "rich", "sphinx"]))
        XCTAssertEqual(declared("dynamic/setup.py"), .unknown)
        XCTAssertEqual(DependencyManifests.pyproject("[tool.black]\nline-length = 100\n", folder: "", read: { _ in nil }), .none)
    }

    func testDeclaredNamesCoverImportAliases() {
        let declared: Set<String> = ["opencv-python-headless", "pytorch", "tensorflow", "google-cloud-storage", "pillow"]
        for module in ["cv2", "torch", "keras", "tensorflow.keras", "google.cloud.storage", "PIL.Image"] {
            XCTAssertTrue(PythonImports.isDeclared(module, in: declared), module)
        }
        for module in ["sklearn", "xgboost"] {
            XCTAssertFalse(PythonImports.isDeclared(module, in: declared), module)
        }
        XCTAssertTrue(PythonImports.isStandardLibrary("tomllib"))
        XCTAssertTrue(PythonImports.isStandardLibrary("distutils"))
        XCTAssertFalse(PythonImports.isStandardLibrary("numpy"))
    }
}

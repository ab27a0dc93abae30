// swift-tools-version:6.0
import PackageDescription

// Layers, each depending only on the ones above it:
//   CTreeSitter, TreeSitterPython  (C: runtime from Debian, grammar fetched by Grammars/fetch)
//   SmeltSyntax    Swift wrapper over tree-sitter, SourceText, scripts and notebooks
//   SmeltAnalysis  scopes, bindings, imports, qualified names
//   SmeltRules     the Rule protocol and one rule per file
//   SmeltKit       discovery, configuration, suppressions, parallel run, fixes, reporters
//   SmeltKata      guided refactoring katas: manifests, workspaces, step checks, watch
//   smelt          the command line (argument parsing only)
let package = Package(
    name: "smelt",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "smelt", targets: ["smelt"]),
        .library(name: "SmeltKit", targets: ["SmeltKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CTreeSitter",
            pkgConfig: "tree-sitter",
            providers: [.apt(["libtree-sitter-dev"]), .brew(["tree-sitter"])]
        ),
        .target(
            name: "TreeSitterPython",
            path: "Grammars/python",
            sources: ["src/parser.c", "src/scanner.c"],
            publicHeadersPath: "include",
            cSettings: [.headerSearchPath("src"), .unsafeFlags(["-w"])]
        ),
        .target(name: "SmeltSyntax", dependencies: ["CTreeSitter", "TreeSitterPython"]),
        .target(name: "SmeltAnalysis", dependencies: ["SmeltSyntax"]),
        .target(name: "SmeltRules", dependencies: ["SmeltSyntax", "SmeltAnalysis"]),
        .target(name: "SmeltKit", dependencies: [
            "SmeltSyntax", "SmeltAnalysis", "SmeltRules",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .target(name: "SmeltKata", dependencies: [
            "SmeltKit", "SmeltRules", "SmeltSyntax",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .executableTarget(name: "smelt", dependencies: [
            "SmeltKit", "SmeltRules", "SmeltKata",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "SmeltSyntaxTests", dependencies: ["SmeltSyntax"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SmeltAnalysisTests", dependencies: ["SmeltAnalysis"]),
        .testTarget(name: "SmeltRulesTests", dependencies: ["SmeltRules"]),
        .testTarget(name: "SmeltKitTests", dependencies: ["SmeltKit"]),
        .testTarget(name: "SmeltKataTests", dependencies: ["SmeltKata"]),
        .testTarget(name: "EndToEndTests", dependencies: ["smelt"], resources: [.copy("Fixtures")]),
    ]
)

import SmeltAnalysis
import SmeltSyntax

/// SM311: NumPy's legacy global random functions (`np.random.seed`, `np.random.rand`...).
public struct LegacyRandomApi: Rule {
    public static let description = RuleDescription(
        code: "SM311", slug: "legacy-random-api", name: "Legacy random API",
        category: .dataHandling, severity: .warning,
        summary: "NumPy's legacy global random functions such as `np.random.seed` and `np.random.rand`",
        whatItDoes: """
            Finds calls to the module-level functions of `numpy.random` that draw from, or seed, NumPy's hidden \
            global random state: `seed`, `rand`, `randn`, `randint`, `random`, `choice`, `shuffle`, `permutation`, \
            `normal`, `uniform` and the other distributions. Names are resolved through the imports \
            (`import numpy as np`, `from numpy import random`, `from numpy.random import rand`). A \
            `np.random.seed(...)` next to `random.seed(...)` or `torch.manual_seed(...)` — a helper that seeds \
            every library's global state — is not reported.
            """,
        whyIsThisBad: """
            The global state is shared by every module that draws from it: a library call or a reordered cell \
            changes the numbers everything else gets, so results are hard to reproduce, and code cannot be given \
            its own independent stream. NumPy keeps these functions for backward compatibility only; new code \
            should pass a `Generator` around.
            """,
        example: """
            np.random.seed(42)
            noise = np.random.randn(100)
            idx = np.random.choice(len(X), 10)
            """,
        useInstead: """
            rng = np.random.default_rng(42)
            noise = rng.standard_normal(100)
            idx = rng.choice(len(X), 10)
            """,
        refactoring: "Create a generator once, `rng = np.random.default_rng(seed)`, and draw from it",
        references: [
            "ruff NPY002 (numpy-legacy-random)",
            "NumPy docs: Random Generator, \"Quick start\" and NEP 19 (random number generator policy)",
        ],
        triggering: [
            RuleExample("import numpy as np\n↓np.random.seed(42)\nx = ↓np.random.rand(3)\n"),
            RuleExample("import numpy as np\nnoise = ↓np.random.normal(0, 1, size=100)\n"),
            RuleExample("from numpy import random\n↓random.shuffle(items)\n"),
            RuleExample("from numpy.random import randint\nk = ↓randint(0, 10)\n"),
            RuleExample("import numpy\nidx = ↓numpy.random.permutation(n)\n"),
        ],
        nonTriggering: [
            RuleExample("import numpy as np\nrng = np.random.default_rng(42)\nx = rng.random(3)\n"),
            RuleExample("import random\nrandom.seed(42)\nrandom.shuffle(items)\n"),
            RuleExample("import random\nimport numpy as np\nimport torch\n\ndef seed_everything(seed):\n    random.seed(seed)\n    np.random.seed(seed)\n    torch.manual_seed(seed)\n"),
            RuleExample("import numpy as np\nrng = np.random.RandomState(0)\nx = rng.rand(3)\n"),
            RuleExample("import numpy as np\ngen = np.random.Generator(np.random.PCG64(7))\n"),
        ]
    )

    /// Legacy function → the `Generator` method to use instead.
    static let replacements: [String: String] = [
        "seed": "", "rand": "random", "randn": "standard_normal", "randint": "integers", "random_integers": "integers",
        "random": "random", "random_sample": "random", "ranf": "random", "sample": "random", "choice": "choice",
        "shuffle": "shuffle", "permutation": "permutation", "bytes": "bytes", "normal": "normal", "uniform": "uniform",
        "standard_normal": "standard_normal", "binomial": "binomial", "poisson": "poisson", "exponential": "exponential",
        "beta": "beta", "gamma": "gamma", "multivariate_normal": "multivariate_normal", "lognormal": "lognormal",
        "laplace": "laplace", "logistic": "logistic", "geometric": "geometric", "multinomial": "multinomial",
        "dirichlet": "dirichlet", "triangular": "triangular", "chisquare": "chisquare", "standard_t": "standard_t",
        "standard_exponential": "standard_exponential", "standard_gamma": "standard_gamma", "weibull": "weibull",
        "pareto": "pareto", "power": "power", "rayleigh": "rayleigh", "gumbel": "gumbel", "vonmises": "vonmises",
        "wald": "wald", "zipf": "zipf", "hypergeometric": "hypergeometric", "negative_binomial": "negative_binomial",
        "logseries": "logseries", "f": "f", "noncentral_f": "noncentral_f", "noncentral_chisquare": "noncentral_chisquare",
        "standard_cauchy": "standard_cauchy", "get_state": "", "set_state": "",
    ]

    /// Calls that seed other libraries' global state: a `np.random.seed` beside them seeds NumPy's for
    /// code (scikit-learn, third-party libraries) that reads it.
    static let otherSeeds: Set<String> = [
        "random.seed", "torch.manual_seed", "torch.cuda.manual_seed", "torch.cuda.manual_seed_all",
        "tensorflow.random.set_seed", "tensorflow.set_random_seed", "mxnet.random.seed",
        "paddle.seed", "jax.random.PRNGKey", "keras.utils.set_random_seed", "tensorflow.keras.utils.set_random_seed",
        "transformers.set_seed", "pytorch_lightning.seed_everything", "lightning.seed_everything",
    ]

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.call] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let function = node.child(PyField.function), let q = context.model.qualifiedName(function),
              q.hasPrefix("numpy.random.") else { return }
        let name = String(q.dropFirst("numpy.random.".count))
        guard let method = Self.replacements[name] else { return }
        let generator = generatorCall(function, context)
        let seedArgument = Syntax.positionalArguments(node).first.map { Syntax.snippet($0, limit: 30) } ?? "seed"
        if name == "seed" {
            if seedsOtherLibraries(node, context) { return }
            context.report(node, "`\(Syntax.snippet(node))` seeds NumPy's legacy global random state",
                           refactoring: "Create a generator instead: `rng = \(generator)(\(seedArgument))`, and draw from `rng`")
        } else if method.isEmpty {
            context.report(node, "`\(function.text)` reads or sets NumPy's legacy global random state",
                           refactoring: "Keep a generator, `rng = \(generator)(seed)`, instead of global state")
        } else {
            context.report(node, "`\(function.text)(…)` draws from NumPy's legacy global random state",
                           refactoring: "Draw from a generator: `rng = \(generator)(seed)`, then `rng.\(method)(…)`")
        }
    }

    /// `np.random.default_rng` in the file's own spelling of `numpy.random`.
    private func generatorCall(_ function: Node, _ context: RuleContext) -> String {
        if function.symbol == Py.attribute, let object = function.child(PyField.object) {
            return object.text + ".default_rng"
        }
        if let np = PandasNames.alias(of: "numpy", context.model) { return np + ".random.default_rng" }
        return "numpy.random.default_rng"
    }

    /// Whether the statements around the call also seed another library (`random.seed`, `torch.manual_seed`).
    private func seedsOtherLibraries(_ call: Node, _ context: RuleContext) -> Bool {
        var statement = call
        while let parent = statement.parent, parent.symbol != Py.block, parent.symbol != Py.module { statement = parent }
        guard let block = statement.parent else { return false }
        for sibling in block.children where sibling.isNamed && sibling != statement {
            guard sibling.symbol == Py.expressionStatement, let expr = sibling.namedChild(0), expr.symbol == Py.call,
                  let function = expr.child(PyField.function) else { continue }
            if let q = context.model.qualifiedName(function), Self.otherSeeds.contains(q) { return true }
            if let last = function.child(PyField.attribute) ?? (function.symbol == Py.identifier ? function : nil),
               last.textEquals("manual_seed") || last.textEquals("set_seed") || last.textEquals("seed_everything") {
                return true
            }
        }
        return false
    }
}

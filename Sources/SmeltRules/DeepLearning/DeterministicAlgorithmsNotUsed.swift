import SmeltAnalysis
import SmeltSyntax

/// SM504: a PyTorch training script with neither deterministic algorithms nor a seed.
public struct DeterministicAlgorithmsNotUsed: Rule {
    public static let description = RuleDescription(
        code: "SM504", slug: "deterministic-algorithms-not-used", name: "Deterministic algorithms not used",
        category: .deepLearning, severity: .info,
        summary: "A PyTorch training script without `torch.use_deterministic_algorithms(True)` and without `torch.manual_seed`",
        whatItDoes: """
            Reports, once, the first `.backward()` of a module or notebook that imports PyTorch and calls \
            neither `torch.use_deterministic_algorithms(...)` nor a seeding function: `torch.manual_seed`, \
            `torch.cuda.manual_seed(_all)`, Lightning's `seed_everything`, `transformers.set_seed`, \
            `torch.backends.cudnn.deterministic = True`, or a helper of the project whose name contains \
            `seed` (such as `set_seed(SEED)`). Seeding only `random` or NumPy does not count.
            """,
        whyIsThisBad: """
            Without a seed every run initialises the weights and shuffles the batches differently, and some \
            GPU kernels are nondeterministic even with one: two runs of the same code give different models. A \
            change cannot be told apart from noise, and a bug seen once cannot be reproduced.
            """,
        example: """
            import torch
            model = Net()
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
            """,
        useInstead: """
            import torch
            torch.manual_seed(SEED)
            torch.use_deterministic_algorithms(True)
            model = Net()
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
            """,
        refactoring: "Enable deterministic algorithms in development: `torch.manual_seed(SEED)` and `torch.use_deterministic_algorithms(True)`",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #13 deterministic algorithm option not used",
            "dslinter: deterministic-pytorch",
            "PyTorch docs: reproducibility",
        ],
        triggering: [
            RuleExample("import torch\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    ↓loss.backward()\n    optimizer.step()\n    loss.backward()\n"),
            RuleExample("import torch\nimport numpy as np\nnp.random.seed(SEED)\n↓loss.backward()\n"),
            RuleExample("import torch\ndef train(model, loader):\n    for batch in loader:\n        ↓model(batch).backward()\n\nif __name__ == \"__main__\":\n    train(Net(), make_loader())\n"),
            RuleExample(notebook: [
                .code("import torch\nimport random\nrandom.seed(SEED)", 1),
                .code("↓loss.backward()", 2),
            ]),
        ],
        nonTriggering: [
            RuleExample("import torch\ntorch.manual_seed(SEED)\nloss.backward()\n"),
            RuleExample("import torch\ntorch.use_deterministic_algorithms(True)\nloss.backward()\n"),
            RuleExample("import torch\nimport lightning as L\nL.seed_everything(SEED)\nloss.backward()\n"),
            RuleExample("import torch\nfrom utils import set_seed\nset_seed(SEED)\nloss.backward()\n"),
            RuleExample("import torch\nmodel = torch.load(PATH)\nout = model(x)\n"),
            RuleExample("loss.backward()\n"),
            RuleExample("import torch\ndef train_step(model, batch):\n    loss = model(batch)\n    loss.backward()\n", .scriptOnly),
        ]
    )

    static let seeding: Set<String> = [
        "torch.manual_seed", "torch.cuda.manual_seed", "torch.cuda.manual_seed_all", "torch.random.manual_seed",
        "torch.use_deterministic_algorithms",
    ]
    /// Seeding functions that leave PyTorch's generators alone (`torch.seed()` picks a random seed).
    static let otherLibrarySeeds = ["random.", "numpy.", "tensorflow.", "keras.", "torch."]

    public init(options: RuleOptions) {}

    public func finish(_ context: RuleContext) {
        let model = context.model
        guard MLSyntax.imports(model, MLSyntax.torchRoots) else { return }
        var first: (unit: Int, call: Node)?
        var controlled = false
        MLSyntax.forEach(context.document, SymbolSet([Py.call, Py.assignment])) { unit, node in
            if controlled { return }
            if node.symbol == Py.assignment {
                // torch.backends.cudnn.deterministic = True
                if let left = node.child(PyField.left), left.symbol == Py.attribute,
                   let attr = left.child(PyField.attribute), attr.textEquals("deterministic") { controlled = true }
                return
            }
            guard let f = node.child(PyField.function) else { return }
            if let m = MLSyntax.method(node), m.name.textEquals("backward") {
                if first == nil { first = (unit.index, node) }
                return
            }
            let q = model.qualifiedName(f)
            if let q, Self.seeding.contains(q) { controlled = true; return }
            guard let callee = MLSyntax.calleeName(node), callee.text.lowercased().contains("seed") else { return }
            if let q, Self.otherLibrarySeeds.contains(where: { q.hasPrefix($0) }) { return }
            if q == nil, f.symbol == Py.attribute { return }  // `rng.seed(...)` on an object
            controlled = true
        }
        guard !controlled, let first, isScript(context, first.call) else { return }
        context.report(unit: first.unit, first.call.byteRange,
                       "Training with `\(Syntax.snippet(first.call))` is not reproducible: no seed and no deterministic algorithms are set")
    }

    /// A notebook, a file with `if __name__ == "__main__":`, or one that trains or calls its own
    /// functions at module level; a module of functions only is a library whose caller may seed.
    private func isScript(_ context: RuleContext, _ backward: Node) -> Bool {
        if context.isNotebook || MLSyntax.enclosingFunction(backward) == nil { return true }
        let model = context.model
        for unit in context.document.units {
            guard let root = unit.tree?.root else { continue }
            for statement in root.children where statement.isNamed {
                if Syntax.isMainGuard(statement) { return true }
                guard statement.symbol == Py.expressionStatement || statement.symbol == Py.forStatement else { continue }
                var callsLocal = false
                MLSyntax.walkBody(statement) { n in
                    guard !callsLocal, n.symbol == Py.call, let f = n.child(PyField.function), f.symbol == Py.identifier else { return }
                    callsLocal = model.moduleBindings(named: f.text).contains { model.bindings[$0].kind == .function }
                }
                if callsLocal { return true }
            }
        }
        return false
    }
}

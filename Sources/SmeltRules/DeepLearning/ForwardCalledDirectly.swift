import SmeltAnalysis
import SmeltSyntax

/// SM501: `model.forward(x)` instead of `model(x)` in PyTorch code.
public struct ForwardCalledDirectly: Rule {
    public static let description = RuleDescription(
        code: "SM501", slug: "forward-called-directly", name: "Forward called directly",
        category: .deepLearning, severity: .warning,
        summary: "`model.forward(x)` called directly instead of calling the module, `model(x)`",
        whatItDoes: """
            In code that imports PyTorch, finds calls of a `forward` method on an object: `model.forward(x)`, \
            `self.encoder.forward(x)`, and `self.forward(x)` in a class derived from a `Module`. Calls that \
            delegate to a base class — `super().forward(x)` or `Base.forward(self, x)` — are not reported.
            """,
        whyIsThisBad: """
            Calling the module (`model(x)`, which runs `nn.Module.__call__`) runs the registered forward and \
            backward hooks around `forward`; calling `forward` directly silently skips them, so hooks used for \
            feature extraction, pruning, quantisation or debugging do nothing, and the code behaves differently \
            from the same model used elsewhere.
            """,
        example: "logits = model.forward(images)\n",
        useInstead: "logits = model(images)\n",
        refactoring: "Call the module: `model(x)`",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #19 PyTorch call method misused",
            "dslinter: pytorch-call-method-misused",
            "PyTorch docs: torch.nn.Module.forward (call the Module instance instead)",
        ],
        triggering: [
            RuleExample("import torch\nlogits = ↓model.forward(images)\n"),
            RuleExample("import torch.nn as nn\nclass Wrapper(nn.Module):\n    def forward(self, x):\n        return ↓self.encoder.forward(x)\n"),
            RuleExample("import torch\nclass Net(torch.nn.Module):\n    def predict(self, x):\n        return ↓self.forward(x).argmax(dim=1)\n"),
        ],
        nonTriggering: [
            RuleExample("import torch\nlogits = model(images)\n"),
            RuleExample("import torch.nn as nn\nclass Net(nn.Linear):\n    def forward(self, x):\n        return super().forward(x) * 2\n"),
            RuleExample("import torch.nn as nn\nclass Net(nn.Linear):\n    def forward(self, x):\n        return nn.Linear.forward(self, x)\n"),
            RuleExample("logits = model.forward(images)\n"),
            RuleExample("import torch\nclass Step:\n    def run(self, x):\n        return self.forward(x)\n"),
        ]
    )

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.call] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let m = MLSyntax.method(node), m.name.textEquals("forward") else { return }
        let object = MLSyntax.unwrap(m.object)
        // `super().forward(x)`, `super(Net, self).forward(x)`
        if object.symbol == Py.call { return }
        // `Base.forward(self, x)`
        if let first = Syntax.positionalArguments(node).first, first.textEquals("self") { return }
        guard MLSyntax.imports(context.model, MLSyntax.torchRoots) else { return }
        // A class or module attribute (`nn.Linear.forward`), not an instance.
        if context.model.qualifiedName(object) != nil { return }
        // `LocalClass.forward(obj, x)`: an unbound call on a class of the file.
        if object.symbol == Py.identifier,
           context.model.moduleBindings(named: object.text).contains(where: { context.model.bindings[$0].kind == .class }) { return }
        if object.symbol == Py.identifier, object.textEquals("self") {
            guard let cls = enclosingClass(node), let supers = cls.child(PyField.superclasses),
                  supers.text.contains("Module") else { return }
        }
        let receiver = Syntax.snippet(object, limit: 30)
        let args = node.child(PyField.arguments).map { Syntax.snippet($0, limit: 30) } ?? "(...)"
        context.report(node, "`\(receiver).forward(...)` skips the module's hooks",
                       refactoring: "Call the module: `\(receiver)\(args)`")
    }

    private func enclosingClass(_ node: Node) -> Node? {
        var p = node.parent
        while let n = p {
            if n.symbol == Py.classDefinition { return n }
            p = n.parent
        }
        return nil
    }
}

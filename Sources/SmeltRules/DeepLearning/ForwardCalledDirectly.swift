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
        ],
        fix: FixDocumentation(.unsafe, safety: """
            Unsafe: the fix deletes `.forward` and keeps the receiver and the arguments as written \
            (`model.forward(x)` → `model(x)`). Calling the module runs `nn.Module.__call__`: the registered \
            forward pre-hooks, forward hooks and backward hooks now run around `forward` — which is the point, \
            but it changes what happens when hooks are registered (and the hooks may change the output). It also \
            assumes the receiver is an `nn.Module` (or at least that calling it runs `forward`): the rule only \
            knows the file imports PyTorch, and an object of another class with a `forward` method may not be \
            callable or may do something else when called. So the fix is offered only with `--unsafe-fixes`. It \
            is offered for every call the rule reports (`super().forward(x)` and `Base.forward(self, x)` are not \
            reported), except `self.forward(...)` inside a `__call__` method, where `self(...)` would call itself \
            forever, and when a comment sits between the receiver and `forward`.
            """,
            examples: [
                FixExample("import torch\nlogits = model.forward(images)\n", "import torch\nlogits = model(images)\n"),
                FixExample("import torch.nn as nn\nclass Wrapper(nn.Module):\n    def forward(self, x):\n        return self.encoder.forward(x, mask=None)\n",
                           "import torch.nn as nn\nclass Wrapper(nn.Module):\n    def forward(self, x):\n        return self.encoder(x, mask=None)\n"),
                FixExample("import torch\nclass Net(torch.nn.Module):\n    def predict(self, x):\n        return self.forward(x).argmax(dim=1)\n",
                           "import torch\nclass Net(torch.nn.Module):\n    def predict(self, x):\n        return self(x).argmax(dim=1)\n"),
                FixExample("import torch\nout = (nets[0]\n       .forward(batch))\n", "import torch\nout = (nets[0](batch))\n"),
            ])
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
                       refactoring: "Call the module: `\(receiver)\(args)`", fix: callTheModule(node, object: m.object, name: m.name))
    }

    /// `model.forward(x)` → `model(x)`: deletes `.forward` (see the fix safety).
    private func callTheModule(_ call: Node, object: Node, name: Node) -> Fix? {
        if object.symbol == Py.identifier, object.textEquals("self") {
            var p = call.parent
            while let n = p, n.symbol != Py.functionDefinition { p = n.parent }
            if let function = p, let fname = function.child(PyField.name), fname.textEquals("__call__") { return nil }
        }
        guard let function = call.child(PyField.function) else { return nil }
        if function.children.contains(where: { $0.symbol == Py.comment }) { return nil }
        return .unsafe("Call `\(Syntax.clip(object.text, limit: 30))` instead of its `forward`",
                       [.delete(ByteRange(object.endByte, name.endByte))])
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

import SmeltAnalysis
import SmeltSyntax

/// SM502: a training loop that steps the optimizer without clearing the gradients.
public struct GradientsNotCleared: Rule {
    public static let description = RuleDescription(
        code: "SM502", slug: "gradients-not-cleared", name: "Gradients not cleared",
        category: .deepLearning, severity: .error,
        summary: "A loop that calls `.backward()` and `optimizer.step()` but never `zero_grad()`",
        whatItDoes: """
            In code that imports PyTorch, finds `for` and `while` loops that call `.backward()` and an \
            optimizer's `step()` (a receiver whose name contains `opt`, or `scaler.step(optimizer)`) but clear \
            no gradients anywhere in the loop: no `zero_grad()`, no `param.grad = None` and no `.grad.zero_()`. \
            When loops are nested, the innermost loop that both computes gradients and steps is checked, so a \
            `zero_grad()` only in the epoch loop around a batch loop is reported. The finding is at the first \
            `.backward()` of the loop.
            """,
        whyIsThisBad: """
            PyTorch adds the gradients of every `.backward()` to the ones already stored. Without \
            `zero_grad()`, each step uses the sum of the gradients of all batches so far: the updates grow, \
            training diverges or converges to the wrong weights, and nothing raises an error.
            """,
        example: """
            for images, labels in loader:
                loss = criterion(model(images), labels)
                loss.backward()
                optimizer.step()
            """,
        useInstead: """
            for images, labels in loader:
                optimizer.zero_grad()
                loss = criterion(model(images), labels)
                loss.backward()
                optimizer.step()
            """,
        refactoring: "Clear the gradients in the loop: `zero_grad()` → `backward()` → `step()`",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #20 gradients not cleared before backward propagation",
            "dslinter: gradients-not-cleared-before-backward-propagation",
        ],
        triggering: [
            RuleExample("import torch\nfor x, y in loader:\n    loss = criterion(model(x), y)\n    ↓loss.backward()\n    optimizer.step()\n"),
            RuleExample("import torch\nfor epoch in range(EPOCHS):\n    optimizer.zero_grad()\n    for x, y in loader:\n        ↓loss_fn(model(x), y).backward()\n        optimizer.step()\n"),
            RuleExample("import torch\nwhile not done:\n    ↓scaler.scale(loss).backward()\n    scaler.step(optimizer)\n    scaler.update()\n"),
        ],
        nonTriggering: [
            RuleExample("import torch\nfor x, y in loader:\n    optimizer.zero_grad()\n    loss = criterion(model(x), y)\n    loss.backward()\n    optimizer.step()\n"),
            RuleExample("import torch\nfor i, (x, y) in enumerate(loader):\n    loss = criterion(model(x), y) / ACCUMULATION\n    loss.backward()\n    if (i + 1) % ACCUMULATION == 0:\n        optimizer.step()\n        optimizer.zero_grad(set_to_none=True)\n"),
            RuleExample("import torch\nfor x, y in loader:\n    loss = criterion(model(x), y)\n    loss.backward()\n    opt.step()\n    for p in model.parameters():\n        p.grad = None\n"),
            RuleExample("import torch\nfor x, y in loader:\n    loss.backward()\n    scheduler.step()\n"),
            RuleExample("for x in items:\n    x.backward()\n    optimizer.step()\n"),
            RuleExample("import torch\nfor x in loader:\n    def closure():\n        optimizer.zero_grad()\n        loss = criterion(model(x))\n        loss.backward()\n        return loss\n    optimizer.step(closure)\n"),
        ]
    )

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.forStatement, Py.whileStatement] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let body = node.child(PyField.body) else { return }
        var backwards: [Node] = []
        var steps: [Node] = []
        var loops: [Node] = []
        var cleared = false
        MLSyntax.walkBody(body) { n in
            let s = n.symbol
            if s == Py.forStatement || s == Py.whileStatement {
                loops.append(n)
            } else if s == Py.call, let m = MLSyntax.method(n) {
                if m.name.textEquals("backward") {
                    backwards.append(n)
                } else if m.name.textEquals("step"), isOptimizerStep(n, m.object) {
                    steps.append(n)
                } else if m.name.textEquals("zero_grad") {
                    cleared = true
                } else if m.name.textEquals("zero_") || m.name.textEquals("detach_") || m.name.textEquals("requires_grad_"),
                          m.object.text.hasSuffix("grad") {
                    cleared = true
                }
            } else if s == Py.assignment, let left = n.child(PyField.left), left.symbol == Py.attribute,
                      let attr = left.child(PyField.attribute), attr.textEquals("grad") {
                cleared = true
            }
        }
        guard !cleared, let first = backwards.first, !steps.isEmpty else { return }
        // An inner loop that both computes gradients and steps is checked on its own.
        for loop in loops {
            let inside = { (n: Node) in loop.startByte <= n.startByte && n.endByte <= loop.endByte }
            if backwards.contains(where: inside) && steps.contains(where: inside) { return }
        }
        guard MLSyntax.imports(context.model, MLSyntax.torchRoots) else { return }
        context.report(first, "`\(Syntax.snippet(first))` adds to gradients that this loop never clears before `step()`",
                       refactoring: "Call `optimizer.zero_grad()` in the loop, before `\(Syntax.snippet(first))`")
    }

    /// `optimizer.step()`, `self.opt.step()`, `scaler.step(optimizer)`; not `scheduler.step()`.
    private func isOptimizerStep(_ call: Node, _ object: Node) -> Bool {
        let receiver = object.symbol == Py.attribute ? object.child(PyField.attribute) : object
        guard let receiver else { return false }
        let tokens = MLSyntax.tokens(receiver.text)
        if tokens.contains(where: { $0.contains("sched") }) { return false }
        if tokens.contains(where: { $0.hasPrefix("opt") || $0.hasSuffix("opt") || $0 == "optimizer" || $0 == "optim" }) { return true }
        if let first = Syntax.positionalArguments(call).first, MLSyntax.tokens(first.text).contains(where: { $0.hasPrefix("opt") }) {
            return true
        }
        return false
    }
}

import SmeltAnalysis
import SmeltSyntax

/// SM505: losses kept with their graphs, Keras models built in a loop without `clear_session()`.
public struct MemoryNotFreed: Rule {
    public static let description = RuleDescription(
        code: "SM505", slug: "memory-not-freed", name: "Memory not freed",
        category: .deepLearning, severity: .warning,
        summary: "A loss tensor appended to a list with its graph, or Keras models built in a loop without `clear_session()`",
        whatItDoes: """
            In code that imports PyTorch, finds `list.append(loss)` where `loss` (a name containing `loss`, \
            `cost`, `err`, `nll`...) is a tensor that carries a computation graph: the name is `.backward()`ed in the same function, or was last assigned the \
            result of a criterion (`criterion(...)`, `loss_fn(...)`, `F.cross_entropy(...)`) in a function \
            that calls no `.backward()` (where one is called, the list may be summed into the loss), and \
            was not turned into a number or detached (`.item()`, `.detach()`) in between. Appends under \
            `torch.no_grad()` (a `with` block or a decorated function) are not reported. In code that imports TensorFlow or Keras, finds Keras models \
            (`Sequential`, `Model`, a subclass of `keras.Model`, or a function of the file that builds one) \
            built in a loop that never calls `clear_session()`.
            """,
        whyIsThisBad: """
            A loss tensor keeps alive the whole graph of the step that computed it — every activation of the \
            batch — so a list of them grows by a batch's memory each step until the GPU runs out. Keras keeps \
            every model built in the global graph state; building one per iteration (a hyperparameter sweep, \
            k-fold training) slows each iteration down and leaks memory until `clear_session()` is called.
            """,
        example: """
            for x, y in loader:
                loss = criterion(model(x), y)
                loss.backward()
                losses.append(loss)
            """,
        useInstead: """
            for x, y in loader:
                loss = criterion(model(x), y)
                loss.backward()
                losses.append(loss.item())
            """,
        refactoring: "Free the memory: keep `.item()` or `.detach()` of a loss; call `clear_session()` before building each model",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #12 memory not freed",
            "PyTorch FAQ: my model reports \"cuda runtime error(2): out of memory\" (accumulating history)",
            "TensorFlow docs: tf.keras.backend.clear_session",
        ],
        triggering: [
            RuleExample("import torch\nfor x, y in loader:\n    loss = criterion(model(x), y)\n    loss.backward()\n    ↓losses.append(loss)\n"),
            RuleExample("import torch.nn.functional as F\ndef step(x, y):\n    loss = F.cross_entropy(model(x), y)\n    ↓history.append(loss)\n    return loss\n"),
            RuleExample("import torch\ndef validate(loader):\n    for x, y in loader:\n        loss = criterion(model(x), y)\n        ↓val_losses.append(loss)\n"),
            RuleExample("import tensorflow as tf\nfor units in UNITS:\n    model = ↓tf.keras.Sequential([tf.keras.layers.Dense(units)])\n    model.fit(x, y)\n"),
            RuleExample("from tensorflow import keras\ndef build(units):\n    return keras.Sequential([keras.layers.Dense(units)])\nfor units in UNITS:\n    model = ↓build(units)\n"),
        ],
        nonTriggering: [
            RuleExample("import torch\nfor x, y in loader:\n    loss = criterion(model(x), y)\n    loss.backward()\n    losses.append(loss.item())\n"),
            RuleExample("import torch\nfor x, y in loader:\n    loss = criterion(model(x), y)\n    loss.backward()\n    loss = loss.detach()\n    losses.append(loss)\n"),
            RuleExample("import torch\nwith torch.no_grad():\n    for x, y in val_loader:\n        loss = criterion(model(x), y)\n        losses.append(loss)\n"),
            RuleExample("import torch\nfor path in paths:\n    names.append(path)\n"),
            RuleExample("import torch\nlosses = []\nfor head in heads:\n    loss = criterion(head(x), y)\n    losses.append(loss)\ntorch.stack(losses).sum().backward()\n"),
            RuleExample("import torch\n@torch.no_grad()\ndef evaluate(loader):\n    for x, y in loader:\n        loss = criterion(model(x), y)\n        losses.append(loss)\n"),
            RuleExample("import tensorflow as tf\nfor units in UNITS:\n    tf.keras.backend.clear_session()\n    model = tf.keras.Sequential([tf.keras.layers.Dense(units)])\n"),
            RuleExample("import tensorflow as tf\nmodel = tf.keras.Sequential([tf.keras.layers.Dense(UNITS)])\n"),
            RuleExample("for x, y in loader:\n    loss = criterion(model(x), y)\n    loss.backward()\n    losses.append(loss)\n"),
        ]
    )

    static let lossWords: Set<String> = ["loss", "losses", "cost", "err", "error", "nll", "kl", "elbo", "objective"]
    static let detached = [".item()", ".detach()", ".tolist()", ".numpy()", ".cpu()", "float(", ".data"]
    static let criterionWords = ["criterion", "loss_fn", "lossfn", "loss_func", "loss_function", "lossfunc"]
    static let kerasPrefixes = ["tensorflow.keras.", "keras.", "tf_keras.", "tensorflow.python.keras."]

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.call] }

    public func visit(_ node: Node, _ context: RuleContext) {
        if let m = MLSyntax.method(node), m.name.textEquals("append") { checkAppend(node, context) }
    }

    public func finish(_ context: RuleContext) {
        let model = context.model
        guard MLSyntax.imports(model, MLSyntax.tensorflowRoots) else { return }
        MLSyntax.forEach(context.document, SymbolSet([Py.call])) { unit, node in
            guard let f = node.child(PyField.function), f.symbol == Py.identifier || f.symbol == Py.attribute else { return }
            guard let loop = innermostLoop(node), isKerasModel(f, model) || (f.symbol == Py.identifier && isBuilder(f, model)),
                  !callsClearSession(loop) else { return }
            context.report(unit: unit.index, node.byteRange,
                           "A Keras model is built by `\(Syntax.snippet(node))` in every iteration, and `clear_session()` never frees the previous ones",
                           refactoring: "Call `tf.keras.backend.clear_session()` at the start of the loop")
        }
    }

    // MARK: losses kept with their graphs

    private func checkAppend(_ call: Node, _ context: RuleContext) {
        let args = Syntax.positionalArguments(call)
        guard args.count == 1, args[0].symbol == Py.identifier else { return }
        let name = args[0].text
        guard MLSyntax.tokens(name).contains(where: { Self.lossWords.contains($0) }), MLSyntax.imports(context.model, MLSyntax.torchRoots) else { return }
        if MLSyntax.isUnderNoGrad(call, context.model) { return }
        let scope = MLSyntax.enclosingFunction(call)?.child(PyField.body) ?? context.unit.tree?.root
        guard let scope else { return }
        var backward = false
        var anyBackward = false
        var last: Node?
        MLSyntax.walkBody(scope) { n in
            if n.symbol == Py.call, let m = MLSyntax.method(n), m.name.textEquals("backward") {
                anyBackward = true
                if m.object.symbol == Py.identifier, m.object.text == name { backward = true }
            } else if n.symbol == Py.assignment || n.symbol == Py.augmentedAssignment, n.startByte < call.startByte,
                      let left = n.child(PyField.left), left.symbol == Py.identifier, left.text == name {
                last = n
            }
        }
        var fromCriterion = false
        if let last, let right = last.child(PyField.right) {
            let text = right.text
            if Self.detached.contains(where: { text.contains($0) }) { return }
            let r = MLSyntax.unwrap(right)
            if r.symbol == Py.call, let f = r.child(PyField.function) {
                if let q = context.model.qualifiedName(f), q.hasPrefix("torch.nn.functional.") {
                    let fn = Syntax.lastComponent(q)
                    fromCriterion = fn.contains("loss") || fn.contains("entropy") || fn.hasPrefix("nll") || fn.hasPrefix("mse")
                        || fn.hasPrefix("l1") || fn.hasSuffix("_divergence") || fn == "kl_div"
                } else if let callee = MLSyntax.calleeName(r) {
                    let c = callee.text.lowercased()
                    fromCriterion = Self.criterionWords.contains { c.contains($0) }
                }
            }
        }
        // A criterion's result that is not itself `.backward()`ed may be summed into the loss that
        // is (`losses.append(loss)` ... `sum(losses).backward()`): only report it where nothing is.
        guard backward || (fromCriterion && !anyBackward) else { return }
        context.report(call, "`\(Syntax.snippet(call))` keeps the computation graph of every step alive",
                       refactoring: "Append a number or a detached tensor: `\(Syntax.snippet(call.child(PyField.function)!))(\(name).item())`")
    }

    // MARK: Keras models built in a loop

    private func isKerasModel(_ f: Node, _ model: SemanticModel) -> Bool {
        guard let q = model.qualifiedName(f) else { return false }
        let name = Syntax.lastComponent(q)
        return (name == "Sequential" || name == "Model") && Self.kerasPrefixes.contains { q.hasPrefix($0) }
    }

    /// A function or class of the file that builds a Keras model (and does not clear the session itself).
    private func isBuilder(_ callee: Node, _ model: SemanticModel) -> Bool {
        for id in model.moduleBindings(named: callee.text) {
            let b = model.bindings[id]
            guard let definition = b.node.parent else { continue }
            if b.kind == .class, definition.symbol == Py.classDefinition, let supers = definition.child(PyField.superclasses) {
                if supers.namedChildren.contains(where: { isKerasModel($0, model) }) { return true }
            } else if b.kind == .function, definition.symbol == Py.functionDefinition, let body = definition.child(PyField.body) {
                var builds = false
                var clears = false
                MLSyntax.walkBody(body) { n in
                    guard n.symbol == Py.call, let f = n.child(PyField.function) else { return }
                    if isKerasModel(f, model) { builds = true }
                    if MLSyntax.calleeName(n)?.textEquals("clear_session") == true { clears = true }
                }
                if builds && !clears { return true }
            }
        }
        return false
    }

    private func innermostLoop(_ node: Node) -> Node? {
        var p = node.parent
        while let n = p {
            let s = n.symbol
            if s == Py.forStatement || s == Py.whileStatement { return n }
            if s == Py.functionDefinition || s == Py.classDefinition || s == Py.lambda { return nil }
            p = n.parent
        }
        return nil
    }

    private func callsClearSession(_ loop: Node) -> Bool {
        var found = false
        MLSyntax.walkBody(loop) { n in
            if !found, n.symbol == Py.call, MLSyntax.calleeName(n)?.textEquals("clear_session") == true { found = true }
        }
        return found
    }
}

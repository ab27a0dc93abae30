import SmeltAnalysis
import SmeltSyntax

/// SM503: evaluation in training mode, or training in evaluation mode.
public struct TrainEvalModeNotToggled: Rule {
    public static let description = RuleDescription(
        code: "SM503", slug: "train-eval-mode-not-toggled", name: "Train/eval mode not toggled",
        category: .deepLearning, severity: .warning,
        summary: "A PyTorch model evaluated without `.eval()`, or trained after `.eval()` without `.train()`",
        whatItDoes: """
            In code that imports PyTorch, follows the statements of the module (notebook cells in order) and of \
            each function in order — a loop's body twice, so that the mode one iteration leaves behind is seen \
            by the next — and tracks the mode of the model: `.train()` and the first `.backward()` mean \
            training, `.eval()` and `.train(False)` mean evaluation. It reports an evaluation — a \
            `with torch.no_grad():` block or a loop over a validation or test loader that calls the model — \
            reached in training mode, and a `.backward()` reached in evaluation mode. An evaluation reached with \
            no mode known in its function is reported only when the file trains and calls `.eval()` nowhere. \
            `no_grad` blocks that update parameters by hand (`.grad`, in-place `add_`...) and `no_grad` blocks \
            in a loop that itself calls `.backward()` (a teacher or target network used by the training step) \
            are not evaluations.
            """,
        whyIsThisBad: """
            Dropout and batch normalisation behave differently in training and in evaluation. Evaluated in \
            training mode, the model drops units at random and normalises with the statistics of each \
            validation batch (and updates its running statistics with them): the metrics are noisy and wrong. \
            Trained in evaluation mode, dropout is off and batch norm is frozen, so the model trains without \
            its regularisation.
            """,
        example: """
            for epoch in range(EPOCHS):
                train_one_epoch(model, train_loader)
                with torch.no_grad():
                    val_loss = sum(criterion(model(x), y).item() for x, y in val_loader)
            """,
        useInstead: """
            for epoch in range(EPOCHS):
                model.train()
                train_one_epoch(model, train_loader)
                model.eval()
                with torch.no_grad():
                    val_loss = sum(criterion(model(x), y).item() for x, y in val_loader)
            """,
        refactoring: "Toggle the mode at the right place: `model.eval()` before evaluating, `model.train()` before training",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #18 training / evaluation mode improper toggling",
            "dslinter: pytorch-training-evaluation-mode-improper-toggling",
        ],
        precision: .medium,
        triggering: [
            RuleExample("import torch\nfor epoch in range(EPOCHS):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    ↓with torch.no_grad():\n        val_loss = sum(criterion(model(x), y).item() for x, y in val_loader)\n"),
            RuleExample("import torch\nfor epoch in range(EPOCHS):\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        loss = criterion(model(x), y)\n        ↓loss.backward()\n        optimizer.step()\n    model.eval()\n    with torch.no_grad():\n        evaluate(model, val_loader)\n"),
            RuleExample("import torch\ndef fit(model, loader, val_loader):\n    for x, y in loader:\n        criterion(model(x), y).backward()\n    ↓for x, y in val_loader:\n        print(criterion(model(x), y).item())\n"),
            RuleExample("import torch\ndef train(model, loader):\n    for x, y in loader:\n        criterion(model(x), y).backward()\n\ndef validate(model, loader):\n    ↓with torch.no_grad():\n        return [model(x) for x, _ in loader]\n"),
        ],
        nonTriggering: [
            RuleExample("import torch\nfor epoch in range(EPOCHS):\n    model.train()\n    for x, y in train_loader:\n        optimizer.zero_grad()\n        criterion(model(x), y).backward()\n        optimizer.step()\n    model.eval()\n    with torch.no_grad():\n        val_loss = sum(criterion(model(x), y).item() for x, y in val_loader)\n"),
            RuleExample("import torch\nloss.backward()\nwith torch.no_grad():\n    w -= LEARNING_RATE * w.grad\n    w.grad.zero_()\n"),
            RuleExample("import torch\nloss.backward()\ndef validate(model, loader):\n    with torch.no_grad():\n        return [model(x) for x, _ in loader]\n\nmodel.eval()\nvalidate(model, val_loader)\n"),
            RuleExample("import torch\nmodel = torch.hub.load(REPO, NAME)\nwith torch.no_grad():\n    out = model(x)\n"),
            RuleExample("with torch.no_grad():\n    out = model(x)\nloss.backward()\n"),
            RuleExample("import torch\nteacher.eval()\nfor x, y in loader:\n    model.train()\n    with torch.no_grad():\n        soft = teacher_model(x)\n    loss = distill(model(x), soft)\n    optimizer.zero_grad()\n    loss.backward()\n    optimizer.step()\n"),
            RuleExample("import torch\nimport torch.nn as nn\ndef train(model, loader):\n    model.train()\n    for x, y in loader:\n        nn.functional.mse_loss(model(x), y).backward()\n\ndef evaluate(model, loader):\n    model.eval()\n    with torch.no_grad():\n        return [model(x) for x, _ in loader]\n\nfor epoch in range(EPOCHS):\n    train(model, train_loader)\n    evaluate(model, val_loader)\n"),
            RuleExample("import torch\nfor epoch in range(EPOCHS):\n    model.train(True)\n    train_one_epoch(model)\n    model.train(False)\n    for x, y in val_loader:\n        model(x)\n"),
        ]
    )

    public init(options: RuleOptions) {}

    public func finish(_ context: RuleContext) {
        let model = context.model
        guard MLSyntax.imports(model, MLSyntax.torchRoots) else { return }
        var facts = ModeFacts()
        MLSyntax.forEach(context.document, SymbolSet([Py.call])) { _, call in
            guard let m = MLSyntax.method(call) else { return }
            if let change = ModeScan.modeChange(call, m.name) {
                if change == .eval { facts.evaluates = true } else { facts.trains = true }
            } else if m.name.textEquals("backward") {
                facts.trains = true
            }
        }
        guard facts.trains else { return }
        var scan = ModeScan(model: model, evaluatesSomewhere: facts.evaluates)
        for unit in context.document.units {
            guard let tree = unit.tree, !tree.isTooDeep else { continue }
            scan.unit = unit.index
            scan.block(tree.root)
        }
        MLSyntax.forEach(context.document, SymbolSet([Py.functionDefinition])) { unit, function in
            guard let body = function.child(PyField.body) else { return }
            scan.unit = unit.index
            scan.mode = .unknown
            scan.block(body)
        }
        for f in scan.findings { context.report(unit: f.unit, f.node.byteRange, f.message, refactoring: f.refactoring) }
    }
}

private struct ModeFacts {
    var evaluates = false
    var trains = false
}

private struct ModeScan {
    enum Mode { case unknown, train, eval }

    let model: SemanticModel
    let evaluatesSomewhere: Bool
    var unit = 0
    var mode = Mode.unknown
    var evalReceiver = "model"
    var inEvaluation = 0
    var findings: [(unit: Int, node: Node, message: String, refactoring: String)] = []
    var reported = Set<Node>()

    init(model: SemanticModel, evaluatesSomewhere: Bool) {
        self.model = model
        self.evaluatesSomewhere = evaluatesSomewhere
    }

    /// `.eval()`, `.train(False)` → eval; `.train()`, `.train(True)` → train.
    static func modeChange(_ call: Node, _ name: Node) -> Mode? {
        guard name.textEquals("eval") || name.textEquals("train") else { return nil }
        // `trainer.train()` runs a training loop (Hugging Face, Lightning): not a mode switch.
        if let object = name.parent?.child(PyField.object), MLSyntax.tokens(object.text).contains(where: { $0.hasPrefix("trainer") }) {
            return nil
        }
        let args = call.child(PyField.arguments)?.namedChildren.filter { $0.symbol != Py.comment } ?? []
        if name.textEquals("eval") { return args.isEmpty ? .eval : nil }
        guard name.textEquals("train") else { return nil }
        if args.isEmpty { return .train }
        guard args.count == 1 else { return nil }
        let v = args[0].symbol == Py.keywordArgument ? args[0].child(PyField.value) : args[0]
        if v?.symbol == Py.false { return .eval }
        if v?.symbol == Py.true { return .train }
        return nil
    }

    mutating func block(_ node: Node) {
        for child in node.children where child.isNamed { statement(child) }
    }

    mutating func statement(_ node: Node) {
        let s = node.symbol
        if s == Py.functionDefinition || s == Py.classDefinition || s == Py.decoratedDefinition { return }
        if s == Py.withStatement {
            let noGrad = MLSyntax.withItems(node).first { MLSyntax.isNoGrad($0, model) }
            let evaluation = noGrad != nil && node.child(PyField.body).map(isEvaluation) == true
            if evaluation, let noGrad { evaluate(at: node, what: "`\(Syntax.snippet(noGrad))` evaluation") }
            if evaluation { inEvaluation += 1 }
            if let body = node.child(PyField.body) { block(body) }
            if evaluation { inEvaluation -= 1 }
        } else if s == Py.forStatement || s == Py.whileStatement {
            var evaluation = false
            if s == Py.forStatement, let right = node.child(PyField.right), let body = node.child(PyField.body),
               MLSyntax.readIdentifiers(right).contains(where: { MLSyntax.hasToken($0.text, ModeScan.validationTokens) }), isEvaluation(body) {
                evaluation = true
                evaluate(at: node, what: "The loop over `\(Syntax.snippet(right))`")
            }
            if evaluation { inEvaluation += 1 }
            // Twice: the mode at the end of one iteration is the mode at the start of the next.
            for _ in 0..<2 {
                for child in node.children where child.isNamed && child.symbol == Py.block { block(child) }
            }
            if evaluation { inEvaluation -= 1 }
        } else if s == Py.ifStatement || s == Py.tryStatement || Py.clauses.contains(s) {
            for child in node.children where child.isNamed {
                if child.symbol == Py.block { block(child) } else if Py.clauses.contains(child.symbol) { statement(child) }
            }
        } else if Py.simpleStatements.contains(s) {
            MLSyntax.walkBody(node) { n in
                guard n.symbol == Py.call, let m = MLSyntax.method(n) else { return }
                if let change = ModeScan.modeChange(n, m.name) {
                    mode = change
                    if change == .eval { evalReceiver = Syntax.snippet(m.object, limit: 30) }
                } else if m.name.textEquals("backward") {
                    if mode == .eval, reported.insert(n).inserted {
                        findings.append((unit, n, "`\(Syntax.snippet(n))` trains after `\(evalReceiver).eval()` without `\(evalReceiver).train()`: dropout and batch norm stay in evaluation mode",
                                         "Call `\(evalReceiver).train()` before training"))
                    } else if mode == .unknown {
                        mode = .train
                    }
                }
            }
        }
    }

    private mutating func evaluate(at node: Node, what: String) {
        guard inEvaluation == 0, !isInTrainingStep(node) else { return }
        let report = mode == .train || (mode == .unknown && !evaluatesSomewhere)
        guard report, reported.insert(node).inserted else { return }
        findings.append((unit, node, "\(what) runs while the model is in training mode: dropout and batch norm behave as in training",
                         "Call `model.eval()` before evaluating (and `model.train()` before training again)"))
    }

    /// Whether the nearest loop around `node` calls `.backward()` itself (not in a nested loop): a
    /// `no_grad` block there computes targets for the training step (a teacher, a target network).
    private func isInTrainingStep(_ node: Node) -> Bool {
        var p = node.parent
        while let n = p, n.symbol != Py.forStatement && n.symbol != Py.whileStatement {
            if n.symbol == Py.functionDefinition || n.symbol == Py.classDefinition { return false }
            p = n.parent
        }
        guard let loop = p, let body = loop.child(PyField.body) else { return false }
        var trains = false
        body.walk { n in
            if trains { return false }
            let s = n.symbol
            if s == Py.forStatement || s == Py.whileStatement || s == Py.functionDefinition || s == Py.classDefinition || s == Py.lambda {
                return false
            }
            if s == Py.call, let m = MLSyntax.method(n), m.name.textEquals("backward") { trains = true }
            return true
        }
        return trains
    }

    static let validationTokens: Set<String> = ["val", "valid", "validation", "test", "testing", "eval", "evaluation", "holdout", "dev"]
    static let modelTokens: Set<String> = [
        "model", "net", "network", "classifier", "encoder", "decoder", "generator", "discriminator", "module", "backbone",
    ]

    /// A block that calls a model and neither trains nor updates parameters by hand.
    private func isEvaluation(_ body: Node) -> Bool {
        var callsModel = false
        var updates = false
        MLSyntax.walkBody(body) { n in
            if updates { return }
            let s = n.symbol
            if s == Py.augmentedAssignment, let left = n.child(PyField.left), left.symbol != Py.identifier {
                updates = true
            } else if s == Py.attribute, let attr = n.child(PyField.attribute), attr.textEquals("grad") {
                updates = true
            } else if s == Py.call, let f = n.child(PyField.function) {
                if let m = MLSyntax.method(n) {
                    let name = m.name.text
                    if name == "backward" || name == "step" || (name.hasSuffix("_") && !name.hasPrefix("_")) { updates = true; return }
                    if ["forward", "predict", "generate", "predict_step"].contains(name),
                       MLSyntax.hasToken(m.object.symbol == Py.attribute ? m.object.child(PyField.attribute)?.text ?? "" : m.object.text, Self.modelTokens) {
                        callsModel = true
                    }
                }
                let callee = f.symbol == Py.attribute ? f.child(PyField.attribute) : f
                if let callee, f.symbol == Py.identifier || f.symbol == Py.attribute, model.qualifiedName(f) == nil,
                   MLSyntax.hasToken(callee.text, Self.modelTokens) {
                    callsModel = true
                }
            }
        }
        return callsModel && !updates
    }
}

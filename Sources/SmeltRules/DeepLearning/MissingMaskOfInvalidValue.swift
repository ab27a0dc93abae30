import SmeltAnalysis
import SmeltSyntax

/// SM506: `torch.log` / `tf.math.log` of a value that is not clamped away from zero.
public struct MissingMaskOfInvalidValue: Rule {
    public static let description = RuleDescription(
        code: "SM506", slug: "missing-mask-of-invalid-value", name: "Missing mask of invalid value",
        category: .deepLearning, severity: .warning,
        summary: "`torch.log(x)` or `tf.math.log(x)` of a value that is not clamped, clipped or offset by an epsilon",
        whatItDoes: """
            Finds `torch.log`, `torch.log2`, `torch.log10`, `tf.math.log` and `tf.log` applied to values that \
            are often exactly zero: a softmax or sigmoid, a quotient, or a name (variable, attribute or \
            indexed) last assigned one of those in the same function, or named like a probability, prediction, \
            output or attention weight (`probs`, `p`, `y_pred`, `outputs`, `attn`). A value wrapped in \
            `clamp`/`clip`/`clip_by_value`/`maximum`, offset by a number or a name containing `eps` \
            (`x + 1e-8`, `x + EPS`), or last assigned such an expression (or clamped in place) is safe. Other \
            expressions are not reported.
            """,
        whyIsThisBad: """
            The logarithm of zero is `-inf`, and of a negative number `NaN`. One such value in a batch turns \
            the loss into `inf` or `NaN`, its gradients into `NaN`, and every weight after the next step into \
            `NaN`: training fails far from the cause, often hours in, when a probability underflows to zero.
            """,
        example: "loss = -(targets * torch.log(probs)).sum()\n",
        useInstead: "loss = -(targets * torch.log(probs.clamp(min=EPS))).sum()\n",
        refactoring: "Clip the value or add an epsilon before the logarithm",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #15 missing the mask of invalid value",
            "dslinter: tensorflow-mask-missing",
        ],
        precision: .medium,
        triggering: [
            RuleExample("import torch\nloss = -(targets * ↓torch.log(probs)).sum()\n"),
            RuleExample("import tensorflow as tf\nentropy = -tf.reduce_sum(p * ↓tf.math.log(p))\n"),
            RuleExample("import torch\nimport torch.nn.functional as F\nlog_probs = ↓torch.log(F.softmax(logits, dim=1))\n"),
            RuleExample("import torch\ndef ratio(a, b):\n    return ↓torch.log(a / b)\n"),
            RuleExample("import torch\nweights = counts / counts.sum()\nh = -(weights * ↓torch.log(weights)).sum()\n"),
            RuleExample("import torch\ndef nll(self, y):\n    return -↓torch.log(self.probs[y])\n"),
        ],
        nonTriggering: [
            RuleExample("import torch\nloss = -(targets * torch.log(probs.clamp(min=EPS))).sum()\n"),
            RuleExample("import torch\nloss = -torch.log(probs + 1e-8)\n"),
            RuleExample("import tensorflow as tf\nx = tf.math.log(tf.clip_by_value(p, EPSILON, 1.0))\n"),
            RuleExample("import torch\nprobs = torch.clamp(probs, min=EPS)\nloss = -torch.log(probs)\n"),
            RuleExample("import torch\nscale = torch.log(torch.tensor(2.0))\n"),
            RuleExample("import numpy as np\nx = np.log(p)\n"),
            RuleExample("import torch\nlog_var = torch.log(sigma + self.eps)\n"),
            RuleExample("import torch\ndef log_prob(self, value):\n    return -torch.log(self.scale) - value\n"),
            RuleExample("import torch\nprobs = F.softmax(logits, dim=1).clamp(min=EPS)\nentropy = -(probs * torch.log(probs)).sum()\n"),
        ]
    )

    static let logFunctions: Set<String> = ["torch.log", "torch.log2", "torch.log10", "tensorflow.math.log", "tensorflow.log"]
    static let clippers: Set<String> = ["clamp", "clamp_min", "clip", "clip_by_value", "maximum", "clamp_", "clip_"]
    static let safeMarkers = ["clamp", "clip", "maximum", "eps", "1e-", "softplus", "exp("]

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.call] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let f = node.child(PyField.function), f.symbol == Py.attribute, let attr = f.child(PyField.attribute),
              attr.textEquals("log") || attr.textEquals("log2") || attr.textEquals("log10"),
              let q = context.model.qualifiedName(f), Self.logFunctions.contains(q) else { return }
        guard let raw = Syntax.positionalArguments(node).first
                ?? Syntax.keywordArguments(node).keywords.first(where: { $0.name == "input" || $0.name == "x" })?.value else { return }
        let argument = MLSyntax.unwrap(raw)
        guard mayBeZero(argument, node, context) else { return }
        let a = Syntax.snippet(argument, limit: 30)
        let operand = argument.symbol == Py.binaryOperator ? "(\(a))" : a
        let fix = q.hasPrefix("torch")
            ? "`\(f.text)(\(operand).clamp(min=EPS))`"
            : "`\(f.text)(tf.clip_by_value(\(a), EPS, 1.0))`"
        context.report(node, "`\(Syntax.snippet(node))` gives -inf or NaN where `\(a)` is zero or negative",
                       refactoring: "Clip the value or add an epsilon: \(fix)")
    }

    /// Names of values that are often exactly zero: probabilities, predictions, outputs, attention.
    static let probabilityWords: Set<String> = [
        "p", "prob", "probs", "proba", "probas", "probability", "probabilities", "pred", "preds", "prediction",
        "predictions", "yhat", "output", "outputs", "out", "attn", "attention", "likelihood", "likelihoods",
        "density", "softmax", "sigmoid", "ratio", "pt", "q", "scores", "weights",
    ]

    private func mayBeZero(_ argument: Node, _ call: Node, _ context: RuleContext) -> Bool {
        let s = argument.symbol
        if s == Py.binaryOperator, let op = argument.child(PyField.operator) { return op.textEquals("/") }
        if s == Py.call, let callee = MLSyntax.calleeName(argument) {
            return callee.textEquals("softmax") || callee.textEquals("sigmoid")
        }
        var value = argument
        while value.symbol == Py.subscript, let v = value.child(PyField.value) { value = MLSyntax.unwrap(v) }
        let nameNode: Node?
        if value.symbol == Py.identifier {
            nameNode = value
        } else if value.symbol == Py.attribute {
            // `self.probs`, not `math.pi`.
            if context.model.qualifiedName(value) != nil { return false }
            nameNode = value.child(PyField.attribute)
        } else {
            return false
        }
        guard let nameNode else { return false }
        let name = nameNode.text
        switch lastAssignment(of: name, before: call, context, local: value.symbol == Py.identifier) {
        case .safe: return false
        case .mayBeZero: return true
        case .unknown: return MLSyntax.tokens(name).contains { Self.probabilityWords.contains($0) }
        }
    }

    enum Assigned { case safe, mayBeZero, unknown }

    /// What the name was last assigned before the call, in its function (or module): a clamped,
    /// clipped or offset value is safe; a softmax, sigmoid or quotient may be zero.
    private func lastAssignment(of name: String, before call: Node, _ context: RuleContext, local: Bool) -> Assigned {
        if name.lowercased().contains("eps") { return .safe }
        guard let scope = MLSyntax.enclosingFunction(call)?.child(PyField.body) ?? context.unit.tree?.root else { return .unknown }
        var last: Node?
        var clampedInPlace = false
        MLSyntax.walkBody(scope) { n in
            guard n.startByte < call.startByte else { return }
            if n.symbol == Py.assignment || n.symbol == Py.augmentedAssignment, let left = n.child(PyField.left) {
                let target = left.symbol == Py.attribute ? left.child(PyField.attribute) : left
                if let target, target.symbol == Py.identifier, target.text == name, (left.symbol == Py.identifier) == local {
                    last = n
                }
            } else if n.symbol == Py.call, let m = MLSyntax.method(n), Self.clippers.contains(m.name.text) {
                let o = m.object.symbol == Py.attribute ? m.object.child(PyField.attribute) : m.object
                if o?.text == name { clampedInPlace = true }
            }
        }
        if clampedInPlace { return .safe }
        guard let last, let right = last.child(PyField.right) else { return .unknown }
        if last.symbol == Py.augmentedAssignment { return .safe }
        let t = right.text.lowercased()
        if Self.safeMarkers.contains(where: { t.contains($0) }) { return .safe }
        let r = MLSyntax.unwrap(right)
        if r.symbol == Py.binaryOperator, r.child(PyField.operator)?.textEquals("/") == true { return .mayBeZero }
        if t.contains("softmax") || t.contains("sigmoid") { return .mayBeZero }
        return .unknown
    }
}

import SmeltAnalysis
import SmeltSyntax

/// SM507: `tf.tile` whose result only feeds element-wise arithmetic.
public struct BroadcastingNotUsed: Rule {
    public static let description = RuleDescription(
        code: "SM507", slug: "broadcasting-not-used", name: "Broadcasting not used",
        category: .deepLearning, severity: .info,
        summary: "`tf.tile(...)` whose result feeds element-wise arithmetic, which broadcasting does without the copy",
        whatItDoes: """
            Finds `tf.tile(...)` used as an operand of `+`, `-`, `*` or `/`, as an argument of `tf.add`, \
            `tf.multiply`, `tf.subtract`, `tf.divide` (or their `tf.math` forms), or assigned to a name that is \
            later such an operand in the same function.
            """,
        whyIsThisBad: """
            Tiling materialises every repeated copy of the tensor in memory (and in the gradient), only for the \
            arithmetic to read it once. Element-wise operations broadcast dimensions of size one for free, so \
            the tile costs memory and time, and the shapes it hard-codes break when the batch size changes.
            """,
        example: "scaled = features * tf.tile(weights, [batch_size, 1])\n",
        useInstead: "scaled = features * weights  # weights has shape [1, n]: broadcast\n",
        refactoring: "Rely on broadcasting: remove the `tf.tile` and let the operation broadcast",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #16 broadcasting feature not used",
            "TensorFlow docs: tf.tile (\"consider using broadcasting\")",
        ],
        precision: .medium,
        triggering: [
            RuleExample("import tensorflow as tf\nscaled = features * ↓tf.tile(weights, [batch_size, 1])\n"),
            RuleExample("import tensorflow as tf\ndef f(a, b):\n    b_tiled = ↓tf.tile(b, [1, n])\n    return a + b_tiled\n"),
            RuleExample("import tensorflow as tf\ny = tf.math.multiply(x, ↓tf.tile(w, multiples))\n"),
        ],
        nonTriggering: [
            RuleExample("import tensorflow as tf\nscaled = features * weights\n"),
            RuleExample("import tensorflow as tf\nrepeated = tf.tile(x, [2, 1])\nstacked = tf.concat([repeated, y], axis=0)\n"),
            RuleExample("import numpy as np\ny = x * np.tile(w, (n, 1))\n"),
        ]
    )

    static let arithmetic: Set<String> = [
        "tensorflow.add", "tensorflow.subtract", "tensorflow.multiply", "tensorflow.divide", "tensorflow.math.add",
        "tensorflow.math.subtract", "tensorflow.math.multiply", "tensorflow.math.divide", "tensorflow.truediv",
        "tensorflow.math.truediv", "tensorflow.maximum", "tensorflow.minimum", "tensorflow.math.maximum",
        "tensorflow.math.minimum", "tensorflow.math.squared_difference",
    ]

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.call] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let f = node.child(PyField.function), f.symbol == Py.attribute, let attr = f.child(PyField.attribute),
              attr.textEquals("tile"), context.model.qualifiedName(f) == "tensorflow.tile" else { return }
        var expression = node
        while let p = expression.parent, p.symbol == Py.parenthesizedExpression { expression = p }
        guard let parent = expression.parent else { return }
        var feeds = isArithmeticOperand(expression, parent, context.model)
        if !feeds, parent.symbol == Py.assignment, expression.field == PyField.right, let left = parent.child(PyField.left),
           left.symbol == Py.identifier, let scope = MLSyntax.enclosingFunction(node)?.child(PyField.body) ?? context.unit.tree?.root {
            let name = left.text
            MLSyntax.walkBody(scope) { n in
                guard !feeds, n.symbol == Py.identifier, n.startByte > parent.endByte, n.text == name else { return }
                var e = n
                while let p = e.parent, p.symbol == Py.parenthesizedExpression { e = p }
                if let p = e.parent, isArithmeticOperand(e, p, context.model) { feeds = true }
            }
        }
        guard feeds else { return }
        context.report(node, "`\(Syntax.snippet(node))` copies the tensor only for element-wise arithmetic that would broadcast it")
    }

    private func isArithmeticOperand(_ e: Node, _ parent: Node, _ model: SemanticModel) -> Bool {
        if parent.symbol == Py.binaryOperator || parent.symbol == Py.augmentedAssignment, let op = parent.child(PyField.operator) {
            return op.textEquals("+") || op.textEquals("-") || op.textEquals("*") || op.textEquals("/")
                || op.textEquals("+=") || op.textEquals("-=") || op.textEquals("*=") || op.textEquals("/=")
        }
        if parent.symbol == Py.argumentList, let call = parent.parent, let f = call.child(PyField.function),
           let q = model.qualifiedName(f) {
            return Self.arithmetic.contains(q)
        }
        return false
    }
}

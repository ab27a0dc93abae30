import SmeltAnalysis
import SmeltSyntax

/// SM508: a tensor grown with `tf.concat` in a loop of a `@tf.function`.
public struct TensorArrayNotUsed: Rule {
    public static let description = RuleDescription(
        code: "SM508", slug: "tensorarray-not-used", name: "TensorArray not used",
        category: .deepLearning, severity: .info,
        summary: "`x = tf.concat([x, ...])` in a loop inside a `@tf.function`, instead of a `tf.TensorArray`",
        whatItDoes: """
            Finds assignments `x = tf.concat([x, ...], axis)` (the name itself among the concatenated values) \
            inside a `for` or `while` loop of a function decorated with `@tf.function`.
            """,
        whyIsThisBad: """
            In graph code a loop whose tensor changes shape on each iteration cannot be traced into one \
            `tf.while_loop`: TensorFlow raises an error about the changing shape or unrolls the loop, and each \
            concatenation copies everything gathered so far, so the loop is quadratic. `tf.TensorArray` is \
            the structure made for values produced one per iteration.
            """,
        example: """
            @tf.function
            def decode(x):
                outputs = tf.zeros([0, DIM])
                for step in tf.range(STEPS):
                    outputs = tf.concat([outputs, cell(x)], axis=0)
                return outputs
            """,
        useInstead: """
            @tf.function
            def decode(x):
                outputs = tf.TensorArray(tf.float32, size=STEPS)
                for step in tf.range(STEPS):
                    outputs = outputs.write(step, cell(x))
                return outputs.stack()
            """,
        refactoring: "Collect the values in a `tf.TensorArray` and `stack()` it after the loop",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #17 TensorArray not used",
            "TensorFlow guide: better performance with tf.function (accumulating values in a loop)",
        ],
        triggering: [
            RuleExample("import tensorflow as tf\n@tf.function\ndef decode(x):\n    out = tf.zeros([0, DIM])\n    for i in tf.range(STEPS):\n        out = ↓tf.concat([out, cell(x)], axis=0)\n    return out\n"),
            RuleExample("import tensorflow as tf\nclass Decoder(tf.Module):\n    @tf.function(jit_compile=True)\n    def __call__(self, x):\n        while cond(x):\n            x = ↓tf.concat(values=[x, step(x)], axis=1)\n        return x\n"),
        ],
        nonTriggering: [
            RuleExample("import tensorflow as tf\ndef decode(x):\n    out = tf.zeros([0, DIM])\n    for i in range(STEPS):\n        out = tf.concat([out, cell(x)], axis=0)\n    return out\n"),
            RuleExample("import tensorflow as tf\n@tf.function\ndef join(a, b):\n    return tf.concat([a, b], axis=0)\n"),
            RuleExample("import tensorflow as tf\n@tf.function\ndef f(xs):\n    for x in xs:\n        y = tf.concat([x, x], axis=0)\n    return y\n"),
        ]
    )

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.call] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let f = node.child(PyField.function), f.symbol == Py.attribute, let attr = f.child(PyField.attribute),
              attr.textEquals("concat"), context.model.qualifiedName(f) == "tensorflow.concat" else { return }
        guard let assignment = node.parent, assignment.symbol == Py.assignment, node.field == PyField.right,
              let left = assignment.child(PyField.left), left.symbol == Py.identifier else { return }
        guard let values = Syntax.positionalArguments(node).first
                ?? Syntax.keywordArguments(node).keywords.first(where: { $0.name == "values" })?.value,
              values.symbol == Py.list || values.symbol == Py.tuple else { return }
        let name = left.text
        guard values.namedChildren.contains(where: { $0.symbol == Py.identifier && $0.text == name }) else { return }
        // In a loop of a function decorated with `@tf.function`.
        var inLoop = false
        var p = assignment.parent
        while let n = p {
            if n.symbol == Py.forStatement || n.symbol == Py.whileStatement { inLoop = true }
            if n.symbol == Py.functionDefinition || n.symbol == Py.lambda || n.symbol == Py.classDefinition { break }
            p = n.parent
        }
        guard inLoop, let function = p, function.symbol == Py.functionDefinition,
              let decorated = function.parent, decorated.symbol == Py.decoratedDefinition else { return }
        let traced = decorated.children.contains { d in
            guard d.symbol == Py.decorator, var e = d.namedChildren.first else { return false }
            if e.symbol == Py.call, let g = e.child(PyField.function) { e = g }
            return context.model.qualifiedName(e) == "tensorflow.function"
        }
        guard traced else { return }
        context.report(node, "`\(name)` grows by `tf.concat` on every iteration of a loop in a `@tf.function`",
                       refactoring: "Collect the values in a `tf.TensorArray` (`\(name) = \(name).write(i, value)`) and `stack()` it after the loop")
    }
}

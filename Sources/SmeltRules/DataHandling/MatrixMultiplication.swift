import SmeltAnalysis
import SmeltSyntax

/// SM310: `np.dot` used for matrix multiplication.
public struct MatrixMultiplication: Rule {
    public static let description = RuleDescription(
        code: "SM310", slug: "matrix-multiplication", name: "Matrix multiplication API misused",
        category: .dataHandling, severity: .info,
        summary: "`np.dot(a, b)` where `a @ b` (`np.matmul`) says matrix multiplication",
        whatItDoes: """
            Finds calls to `numpy.dot` with two array operands (resolved through the imports, so `from numpy \
            import dot` counts too). Calls with a number literal as an operand are scaling, not matrix \
            multiplication, and are not reported; nor is the `a.dot(b)` method, whose receiver may be anything.
            """,
        whyIsThisBad: """
            `np.dot` means different things for different shapes: an inner product for vectors, a matrix product \
            for 2-D arrays, a sum over the last and second-to-last axes for N-D arrays, and a multiplication with \
            a scalar. Reading `np.dot(a, b)` does not tell which was meant, and for stacks of matrices it is not \
            the batched product people expect. `a @ b` (`np.matmul`) is a matrix product for 2-D operands, \
            broadcasts over stacks, and rejects scalars.
            """,
        example: "scores = np.dot(features, weights)\n",
        useInstead: "scores = features @ weights\n",
        refactoring: "Use `np.matmul` or the `@` operator for matrix multiplication",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #9 matrix multiplication API misused",
            "dslinter: matrix-multiplication-api-misused",
            "NumPy docs: numpy.matmul (differences from numpy.dot)",
        ],
        precision: .medium,
        triggering: [
            RuleExample("import numpy as np\nscores = ↓np.dot(features, weights)\n"),
            RuleExample("from numpy import dot\nh = ↓dot(W, x) + b\n"),
            RuleExample("import numpy\nout = ↓numpy.dot(a.T, b)\n"),
        ],
        nonTriggering: [
            RuleExample("import numpy as np\nscores = features @ weights\n"),
            RuleExample("import numpy as np\nscores = np.matmul(features, weights)\n"),
            RuleExample("import numpy as np\nscaled = np.dot(2, x)\n"),
            RuleExample("import numpy as np\nscores = features.dot(weights)\n"),
            RuleExample("def dot(a, b):\n    return sum(x * y for x, y in zip(a, b))\nd = dot(u, v)\n"),
        ]
    )

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.call] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let function = node.child(PyField.function), function.symbol == Py.attribute || function.symbol == Py.identifier,
              let q = context.model.qualifiedName(function), q == "numpy.dot" else { return }
        let arguments = Syntax.positionalArguments(node)
        guard arguments.count == 2 else { return }
        for a in arguments {
            var operand = a
            if operand.symbol == Py.unaryOperator, let inner = operand.child(PyField.argument) { operand = inner }
            if operand.symbol == Py.integer || operand.symbol == Py.float { return }
        }
        let left = Syntax.snippet(arguments[0], limit: 25), right = Syntax.snippet(arguments[1], limit: 25)
        context.report(node, "`\(function.text)(\(left), \(right))` hides whether a matrix product is meant",
                       refactoring: "Use the `@` operator: `\(wrap(arguments[0], left)) @ \(wrap(arguments[1], right))` (or `np.matmul`)")
    }

    /// Operands that are themselves operators need parentheses around them.
    private func wrap(_ node: Node, _ text: String) -> String {
        let s = node.symbol
        if s == Py.binaryOperator || s == Py.unaryOperator || s == Py.conditionalExpression || s == Py.lambda
            || s == Py.booleanOperator || s == Py.comparisonOperator || s == Py.notOperator {
            return "(\(text))"
        }
        return text
    }
}

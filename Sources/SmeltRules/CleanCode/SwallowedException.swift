import SmeltSyntax

/// SM122: bare `except:` and `except Exception: pass`.
public struct SwallowedException: Rule {
    public static let description = RuleDescription(
        code: "SM122", slug: "swallowed-exception", name: "Swallowed exception",
        category: .cleanCode, severity: .warning,
        summary: "A bare `except:`, or `except Exception:` whose body only passes",
        whatItDoes: """
            Finds bare `except:` clauses (unless they re-raise), and `except Exception:` / \
            `except BaseException:` clauses (also with `as e` or in a tuple) whose body is only `pass`, `...` or \
            `continue`.
            """,
        whyIsThisBad: """
            A bare `except:` catches everything, including `KeyboardInterrupt`, `SystemExit` and the `NameError` \
            of a typo; `except Exception: pass` throws the error away. A pipeline that swallows errors keeps \
            running on missing or half-processed data and fails later, somewhere else, or silently produces a \
            wrong model.
            """,
        example: """
            try:
                loans["income"] = loans["income"].astype(float)
            except:
                pass
            """,
        useInstead: """
            try:
                loans["income"] = loans["income"].astype(float)
            except ValueError as error:
                raise ValueError("income has non-numeric values") from error
            """,
        refactoring: "Catch what you expect; let the rest fail loudly",
        references: ["ruff E722 (bare-except), S110 (try-except-pass), BLE001 (blind-except)", "pylint W0702, W0718"],
        triggering: [
            RuleExample("try:\n    load()\n↓except:\n    pass\n"),
            RuleExample("try:\n    load()\n↓except:\n    log(\"failed\")\n"),
            RuleExample("try:\n    load()\n↓except Exception:\n    pass\n"),
            RuleExample("for f in files:\n    try:\n        load(f)\n    ↓except Exception as error:\n        continue\n"),
            RuleExample("try:\n    load()\nexcept ValueError:\n    raise\n↓except (KeyError, BaseException):\n    ...\n"),
        ],
        nonTriggering: [
            RuleExample("try:\n    load()\nexcept FileNotFoundError:\n    pass\n"),
            RuleExample("try:\n    load()\nexcept Exception as error:\n    logger.warning(\"load failed: %s\", error)\n"),
            RuleExample("try:\n    load()\nexcept:\n    cleanup()\n    raise\n"),
            RuleExample("try:\n    import torch\nexcept ImportError:\n    torch = None\n"),
        ]
    )

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.exceptClause] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let body = node.children.first(where: { $0.symbol == Py.block }) else { return }
        guard let value = node.child(PyField.value) else {
            if reraises(body) { return }
            let message = onlyPasses(body)
                ? "Bare `except:` silently swallows every error, even `KeyboardInterrupt`"
                : "Bare `except:` catches every error, even `KeyboardInterrupt` and `SystemExit`"
            context.report(ByteRange(node.startByte, body.startByte), message,
                           refactoring: "Catch what you expect (e.g. `except ValueError:`); let the rest fail loudly")
            return
        }
        guard let broad = broadName(value), onlyPasses(body) else { return }
        context.report(ByteRange(node.startByte, body.startByte), "`except \(broad):` with an empty body swallows every error",
                       refactoring: "Catch what you expect (e.g. `except ValueError:`) and handle it; let the rest fail loudly")
    }

    /// `Exception` or `BaseException`, alone, with `as name`, or in a tuple.
    private func broadName(_ value: Node) -> String? {
        var type = value
        if type.symbol == Py.asPattern, let first = type.namedChild(0) { type = first }
        if type.symbol == Py.parenthesizedExpression, let inner = type.namedChild(0) { type = inner }
        let candidates = type.symbol == Py.tuple ? type.namedChildren : [type]
        for c in candidates {
            if c.textEquals("Exception") || c.textEquals("builtins.Exception") { return "Exception" }
            if c.textEquals("BaseException") || c.textEquals("builtins.BaseException") { return "BaseException" }
        }
        return nil
    }

    /// The block holds only `pass`, `...`, `continue` (and comments or strings).
    private func onlyPasses(_ body: Node) -> Bool {
        let statements = Syntax.statements(body)
        return !statements.isEmpty && statements.allSatisfy { s in
            if s.symbol == Py.passStatement || s.symbol == Py.continueStatement || Syntax.isStringStatement(s) { return true }
            return s.symbol == Py.expressionStatement && s.namedChildCount == 1 && s.namedChild(0)?.symbol == Py.ellipsis
        }
    }

    /// Whether the handler re-raises (not counting nested functions).
    private func reraises(_ body: Node) -> Bool {
        var found = false
        body.walk { n in
            if found { return false }
            let s = n.symbol
            if s == Py.raiseStatement { found = true; return false }
            return s != Py.functionDefinition && s != Py.classDefinition && s != Py.lambda
        }
        return found
    }
}

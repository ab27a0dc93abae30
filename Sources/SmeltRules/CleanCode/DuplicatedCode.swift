import SmeltAnalysis
import SmeltSyntax

/// SM109: the same statements, up to names and literals, in several places.
public struct DuplicatedCode: Rule {
    public static let description = RuleDescription(
        code: "SM109", slug: "duplicated-code", name: "Duplicated code",
        category: .cleanCode, severity: .warning,
        summary: "Sequences of statements with the same shape (up to names and literals) in two or more places",
        whatItDoes: """
            Compares every run of at least `min-statements` consecutive statements (4 by default) in a script, a \
            function or a notebook — across cells — by shape, with names and literals left out (method and \
            keyword names count). Test modules (`test_*.py`) are skipped: tests may repeat themselves so that each \
            reads on its own. Each copy is reported, with how many copies there are, where, and which names \
            or values differ between them: the parameters of the function to extract. Runs that are only \
            imports, or that call nothing, are not compared.

            Across files: when several files are checked together, runs with the same shape in different \
            files are reported too, once all files are linted — in each file that holds a copy, naming another \
            copy and how many more there are ("Lines 10–24 duplicate `features.py` lines 3–17 (and 2 more \
            copies in other files)"). Copies within one file are left to the per-file check above, so no pair is \
            reported twice. For this comparison, runs mostly of one statement shape (`a = f(a)`, `b = f(b)`…: \
            one shape makes up more than half of the run) are left out, as are runs found in more than 10 places (an idiom of the code base, not a copy), and \
            copies inside larger copies (the bodies of two copied functions) are reported as the larger copy \
            only. `# noqa: SM109` on a copy's first line silences that copy; a file whose per-file ignores \
            drop SM109, test modules and `smelt-ignore` cells are left out of the comparison.
            """,
        whyIsThisBad: """
            Copy-pasted blocks drift apart: a fix or a change of metric is made in one copy and forgotten in \
            the others, and the reader has to diff them by eye to see what really differs. The book's advice: \
            make the duplication obvious, then ("three strikes") extract one function.
            """,
        example: """
            rf = RandomForestClassifier(random_state=SEED)
            rf.fit(X_train, y_train)
            rf_pred = rf.predict(X_test)
            print(f1_score(y_test, rf_pred))
            gb = GradientBoostingClassifier(random_state=SEED)
            gb.fit(X_train, y_train)
            gb_pred = gb.predict(X_test)
            print(f1_score(y_test, gb_pred))
            """,
        useInstead: """
            def train_and_score(model_class, X_train, y_train, X_test, y_test):
                model = model_class(random_state=SEED)
                model.fit(X_train, y_train)
                return f1_score(y_test, model.predict(X_test))

            for model_class in (RandomForestClassifier, GradientBoostingClassifier):
                train_and_score(model_class, X_train, y_train, X_test, y_test)
            """,
        refactoring: "Extract one parameterised function for the copies",
        references: ["Effective Machine Learning Teams, ch. 8: duplicated code; make duplication obvious, then extract a function",
                     "pylint R0801 duplicate-code (across files)"],
        options: [RuleOption("min-statements", default: .int(4), "The fewest statements in a run that counts as a copy.")],
        precision: .medium,
        triggering: [
            RuleExample("""
                ↓rf = RandomForestClassifier(random_state=SEED)
                rf.fit(X_train, y_train)
                rf_pred = rf.predict(X_test)
                scores["rf"] = f1_score(y_test, rf_pred)
                ↓gb = GradientBoostingClassifier(random_state=SEED)
                gb.fit(X_train, y_train)
                gb_pred = gb.predict(X_test)
                scores["gb"] = f1_score(y_test, gb_pred)
                """),
            RuleExample(cells: [
                ("↓loans = pd.read_csv(\"a.csv\")\nloans = loans.dropna()\nloans[\"x\"] = loans[\"x\"].clip(0)\nsummary = loans.describe()", 1),
                ("↓people = pd.read_csv(\"b.csv\")\npeople = people.dropna()\npeople[\"y\"] = people[\"y\"].clip(0)\nsummary = people.describe()", 2),
            ]),
        ],
        nonTriggering: [
            RuleExample("""
                rf = RandomForestClassifier(random_state=SEED)
                rf.fit(X_train, y_train)
                rf_pred = rf.predict(X_test)
                scores["rf"] = f1_score(y_test, rf_pred)
                gb = GradientBoostingClassifier(random_state=SEED)
                gb.fit(X_train, y_train)
                gb_proba = gb.predict_proba(X_test)
                scores["gb"] = roc_auc_score(y_test, gb_proba)
                """),
            RuleExample("import os\nimport sys\nimport json\nimport re\nimport os\nimport sys\nimport json\nimport re\n"),
            RuleExample("a = 1\nb = 2\nc = 3\nd = 4\na = 5\nb = 6\nc = 7\nd = 8\n"),
        ],
        fix: FixDocumentation(.displayOnly, safety: ConsolidateClones.fixSafety, examples: [
            FixExample("""
                from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
                from sklearn.linear_model import LogisticRegression
                from sklearn.metrics import f1_score

                X_train, X_test, y_train, y_test = load_splits()
                scores = {}
                rf = RandomForestClassifier(random_state=0)
                rf.fit(X_train, y_train)
                rf_pred = rf.predict(X_test)
                scores["rf"] = f1_score(y_test, rf_pred)
                gb = GradientBoostingClassifier(random_state=0)
                gb.fit(X_train, y_train)
                gb_pred = gb.predict(X_test)
                scores["gb"] = f1_score(y_test, gb_pred)
                lr = LogisticRegression(random_state=0)
                lr.fit(X_train, y_train)
                lr_pred = lr.predict(X_test)
                scores["lr"] = f1_score(y_test, lr_pred)
                print(scores, rf_pred[:5], lr_pred[:5])
                """, """
                from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
                from sklearn.linear_model import LogisticRegression
                from sklearn.metrics import f1_score

                X_train, X_test, y_train, y_test = load_splits()
                scores = {}


                def run_shared_steps(model_class, value_1, X_train, y_train, X_test, y_test, scores):
                    rf = model_class(random_state=0)
                    rf.fit(X_train, y_train)
                    rf_pred = rf.predict(X_test)
                    scores[value_1] = f1_score(y_test, rf_pred)
                    return rf_pred


                rf_pred = run_shared_steps(RandomForestClassifier, "rf", X_train, y_train, X_test, y_test, scores)
                gb_pred = run_shared_steps(GradientBoostingClassifier, "gb", X_train, y_train, X_test, y_test, scores)
                lr_pred = run_shared_steps(LogisticRegression, "lr", X_train, y_train, X_test, y_test, scores)
                print(scores, rf_pred[:5], lr_pred[:5])
                """),
            FixExample("""
                train = pd.read_csv("train.csv")
                test = pd.read_csv("test.csv")
                train = train.dropna()
                train["age"] = train["age"].clip(0, 100)
                train = train[train["income"] > 0]
                print(train.describe())
                test = test.dropna()
                test["age"] = test["age"].clip(0, 120)
                test = test[test["income"] > 0]
                print(test.describe())
                print(len(train), len(test))
                """, """
                train = pd.read_csv("train.csv")
                test = pd.read_csv("test.csv")


                def run_shared_steps(train, value_1):
                    train = train.dropna()
                    train["age"] = train["age"].clip(0, value_1)
                    train = train[train["income"] > 0]
                    print(train.describe())
                    return train


                train = run_shared_steps(train, 100)
                test = run_shared_steps(test, 120)
                print(len(train), len(test))
                """),
            FixExample(cells: [
                "import pandas as pd",
                "loans = pd.read_csv(\"a.csv\")\nloans = loans.dropna()\nloans[\"x\"] = loans[\"x\"].clip(0)\nsummary = loans.describe()",
                "people = pd.read_csv(\"b.csv\")\npeople = people.dropna()\npeople[\"y\"] = people[\"y\"].clip(0)\nsummary = people.describe()",
                "print(len(loans), len(people))",
            ], [
                "import pandas as pd",
                "def run_shared_steps(value_1, value_2):\n    loans = pd.read_csv(value_1)\n    loans = loans.dropna()\n"
                    + "    loans[value_2] = loans[value_2].clip(0)\n    summary = loans.describe()\n    return loans\n\n\n"
                    + "loans = run_shared_steps(\"a.csv\", \"x\")",
                "people = run_shared_steps(\"b.csv\", \"y\")",
                "print(len(loans), len(people))",
            ]),
        ])
    )

    /// The fewest statements in a copy (the `min-statements` option); the cross-file pass
    /// of the engine uses it too.
    public let minimum: Int

    public init(options: RuleOptions) { minimum = max(2, options.int("min-statements")) }

    public func finish(_ context: RuleContext) {
        // Tests may repeat themselves on purpose (each test reads on its own).
        if context.isTestFile { return }
        for group in CloneDetector.groups(in: context.document, minStatements: minimum) {
            let places = group.copies.map { place($0, context) }
            let differ = group.varying.isEmpty ? "" : "; they differ only in " + group.varying.map { values in
                values.map { "`\(Syntax.clip($0))`" }.joined(separator: " / ")
            }.joined(separator: ", ")
            let count = group.copies.count
            let length = group.copies[0].statements.count
            let fix = ConsolidateClones.fix(for: group, context.refactoring)
            for (i, copy) in group.copies.enumerated() {
                let others = places.enumerated().filter { $0.offset != i }.map(\.element).joined(separator: ", ")
                let first = copy.statements[0], last = copy.statements[copy.statements.count - 1]
                context.report(unit: copy.unit, ByteRange(first.startByte, last.endByte),
                               "\(length) statements repeated in \(count) places (also at \(others))\(differ)",
                               refactoring: "Extract one function for the \(count) copies\(group.varying.isEmpty ? "" : ", with the differing names and values as parameters"), and call it \(count) times",
                               fix: fix)
            }
        }
    }

    private func place(_ copy: CloneDetector.Copy, _ context: RuleContext) -> String {
        let unit = context.document.units[copy.unit]
        let line = unit.text.lineIndex(ofByte: copy.statements[0].startByte) + 1
        if let cell = unit.cellIndex { return "cell \(cell + 1) line \(line)" }
        return "line \(line)"
    }
}

import SmeltAnalysis
import SmeltSyntax

/// SM305: data read without declaring its columns and dtypes.
public struct ColumnsAndDtypesNotSet: Rule {
    public static let description = RuleDescription(
        code: "SM305", slug: "columns-and-dtypes-not-set", name: "Columns and dtypes not set",
        category: .dataHandling, severity: .info,
        summary: "`pd.read_csv(...)` and other readers called without declaring `dtype` (or the columns to read)",
        whatItDoes: """
            Finds pandas readers that leave pandas to guess the data's schema: `read_csv`, `read_table` and \
            `read_fwf` without `dtype`, `converters` or `usecols`; `read_excel` and `read_json` without `dtype` \
            (or `usecols`/`converters` for Excel); `read_parquet` without `columns` (Parquet stores its dtypes, \
            but every column is loaded). Calls that pass `**kwargs` are not reported.
            """,
        whyIsThisBad: """
            pandas infers each column's type from the values it happens to see: a zip code becomes an integer \
            and loses its leading zeros, an ID column turns into floats as soon as one value is missing, and a \
            new file with one bad row silently changes a column to `object`. The code then breaks far from the \
            cause. Declaring the columns and dtypes at import documents the data the code expects, fails early \
            on data that does not match, and uses less memory.
            """,
        example: "loans = pd.read_csv(\"loans.csv\")\n",
        useInstead: """
            loans = pd.read_csv(
                "loans.csv",
                usecols=["id", "zip", "income", "approved"],
                dtype={"id": "string", "zip": "string", "income": "float64", "approved": "bool"},
            )
            """,
        refactoring: "Declare columns and dtypes at import (`usecols=[...]`, `dtype={...}`)",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #4 columns and DataType not explicitly set",
            "dslinter: dataframe-columns-and-datatype-not-explicitly-set",
            "pandas docs: IO tools, specifying column data types",
        ],
        triggering: [
            RuleExample("import pandas as pd\nloans = ↓pd.read_csv(\"loans.csv\")\n"),
            RuleExample("from pandas import read_table\nrows = ↓read_table(path, sep=\"\\t\")\n"),
            RuleExample("import pandas as pd\nsheet = ↓pd.read_excel(\"budget.xlsx\", sheet_name=\"2024\")\n"),
            RuleExample("import pandas as pd\nevents = ↓pd.read_parquet(\"events.parquet\")\n"),
            RuleExample("import pandas\nrecords = ↓pandas.read_json(\"records.json\", lines=True)\n"),
        ],
        nonTriggering: [
            RuleExample("import pandas as pd\nloans = pd.read_csv(\"loans.csv\", dtype={\"zip\": \"string\"})\n"),
            RuleExample("import pandas as pd\nloans = pd.read_csv(\"loans.csv\", usecols=[\"id\", \"income\"])\n"),
            RuleExample("import pandas as pd\nevents = pd.read_parquet(\"events.parquet\", columns=[\"user\", \"ts\"])\n"),
            RuleExample("import pandas as pd\nloans = pd.read_csv(path, **options)\n"),
            RuleExample("import csv\nrows = list(csv.reader(f))\n"),
            RuleExample("import pandas as pd\nresult = pd.read_sql(query, connection)\n"),
        ]
    )

    /// Reader → the keywords, any one of which declares the schema.
    static let readers: [String: [String]] = [
        "read_csv": ["dtype", "converters", "usecols"],
        "read_table": ["dtype", "converters", "usecols"],
        "read_fwf": ["dtype", "converters", "usecols", "colspecs"],
        "read_excel": ["dtype", "converters", "usecols"],
        "read_json": ["dtype"],
        "read_parquet": ["columns"],
    ]

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.call] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let function = node.child(PyField.function), let q = context.model.qualifiedName(function),
              q.hasPrefix("pandas."), let expected = Self.readers[String(Syntax.lastComponent(q))] else { return }
        let (keywords, splat) = Syntax.keywordArguments(node)
        if splat || keywords.contains(where: { expected.contains($0.name) }) { return }
        let callee = function.text
        if expected == ["columns"] {
            context.report(node, "`\(callee)(…)` loads every column: the columns the code needs are not declared",
                           refactoring: "Declare the columns at import: `\(callee)(…, columns=[...])`")
        } else if expected.contains("usecols") {
            context.report(node, "`\(callee)(…)` without `dtype` or `usecols`: pandas guesses the columns' types",
                           refactoring: "Declare columns and dtypes at import: `\(callee)(…, usecols=[...], dtype={...})`")
        } else {
            context.report(node, "`\(callee)(…)` without `dtype`: pandas guesses the columns' types",
                           refactoring: "Declare dtypes at import: `\(callee)(…, dtype={...})`")
        }
    }
}

import SmeltAnalysis
import SmeltSyntax

/// SM309: `.values` on a DataFrame or Series.
public struct DataFrameConversion: Rule {
    public static let description = RuleDescription(
        code: "SM309", slug: "dataframe-conversion", name: "DataFrame conversion API misused",
        category: .dataHandling, severity: .warning,
        summary: "`.values` on a DataFrame or Series where `.to_numpy()` is meant",
        whatItDoes: """
            In code that imports pandas, finds the `.values` attribute (not the `dict.values()` method) read \
            from a DataFrame or Series: a DataFrame-like name (`df`, `train_df`, a name assigned from \
            `pd.read_csv(...)` or annotated `pd.DataFrame`), a column or row selection (`df["price"]`, \
            `data.iloc[:, :-1]`) or a DataFrame method's result (`df.drop(columns=["y"])`). Names assigned a \
            dict, list or NumPy array are never DataFrames.
            """,
        whyIsThisBad: """
            `.values` returns different things for different columns: a NumPy array for numeric data, but an \
            extension array for categorical, nullable-integer or timezone-aware columns, so code that works on one \
            dataset breaks on the next. The pandas documentation no longer recommends it. `.to_numpy()` always \
            returns a NumPy array and takes `dtype`, `copy` and `na_value` to make the conversion explicit.
            """,
        example: "X = loans.drop(columns=[\"approved\"]).values\n",
        useInstead: "X = loans.drop(columns=[\"approved\"]).to_numpy()\n",
        refactoring: "Use `.to_numpy()` instead of `.values`",
        references: [
            "Zhang et al. 2022, Code Smells for ML Applications: #8 dataframe conversion API misused",
            "dslinter: dataframe-conversion-api-misused",
            "ruff PD011 (pandas-use-of-dot-values)",
        ],
        precision: .medium,
        triggering: [
            RuleExample("import pandas as pd\nX = ↓df.values\n"),
            RuleExample("import pandas as pd\ntrain = pd.read_csv(\"train.csv\")\ny = ↓train[\"SalePrice\"].values\n"),
            RuleExample("import pandas as pd\ndata = pd.read_csv(\"d.csv\")\nX = ↓data.iloc[:, :-1].values\n"),
            RuleExample("import pandas as pd\nloans = pd.read_csv(\"l.csv\")\nX = ↓loans.drop(columns=[\"approved\"]).values\n"),
            RuleExample("import pandas as pd\n\ndef features(loans: pd.DataFrame):\n    return ↓loans[[\"income\", \"age\"]].values\n"),
            RuleExample("import pandas as pd\nloans = pd.read_csv(\"l.csv\")\nX = loans.drop(columns=[\"y\"])\nm = ↓X.values\n"),
        ],
        nonTriggering: [
            RuleExample("import pandas as pd\nX = df.to_numpy()\n"),
            RuleExample("import pandas as pd\nfor v in counts.values():\n    total = v\n"),
            RuleExample("import pandas as pd\nconfig = {\"a\": 1}\nitems = config.values\n"),
            RuleExample("import pandas as pd\nfrom enum import Enum\nmembers = Color.values\n"),
            RuleExample("X = df.values\n"),
            RuleExample("import pandas as pd\nimport numpy as np\narr = np.array(rows)\nv = arr.values\n"),
            RuleExample("import pandas as pd\nimport xarray as xr\nds = xr.open_dataset(\"t.nc\")\nt = ds[\"temp\"].values\n"),
        ],
        fix: FixDocumentation(.unsafe, safety: """
            Unsafe: the fix replaces the attribute name `values` with `to_numpy()` and keeps the receiver as \
            written (`df.values` → `df.to_numpy()`). For columns of NumPy dtypes (numbers, booleans, strings as \
            `object`, naive datetimes) both give the same NumPy array. For extension dtypes they differ: on a \
            categorical, nullable-integer (`Int64`), nullable-boolean, string or interval Series `.values` is an \
            extension array (`Categorical`, `IntegerArray`...) and `.to_numpy()` a NumPy array (of objects, or of \
            floats with `NaN` for missing values, depending on the pandas version), and on a timezone-aware datetime \
            Series `.values` gives UTC `datetime64[ns]` values where `.to_numpy()` gives `Timestamp` objects. Code \
            that then calls extension-array methods (`.codes`, `.categories`) or relies on the dtype behaves \
            differently; and the rule takes some objects for DataFrames by their name (`df`), so the receiver \
            may be another library's object without `.to_numpy()`. The fix is therefore offered only with \
            `--unsafe-fixes` (ruff's PD011 has no fix). It is offered \
            for every `.values` the rule reports — only reads of `.values` from an expression the rule takes for a \
            DataFrame or Series; `dict.values()`, assignments to `.values` and names holding dicts, lists or \
            arrays are not reported, so never fixed.
            """,
            examples: [
                FixExample("import pandas as pd\nX = df.values\n", "import pandas as pd\nX = df.to_numpy()\n"),
                FixExample("import pandas as pd\ntrain = pd.read_csv(\"train.csv\")\ny = train[\"SalePrice\"].values.ravel()\n",
                           "import pandas as pd\ntrain = pd.read_csv(\"train.csv\")\ny = train[\"SalePrice\"].to_numpy().ravel()\n"),
                FixExample("import pandas as pd\nloans = pd.read_csv(\"l.csv\")\nX = (loans\n     .drop(columns=[\"approved\"])\n     .values)\n",
                           "import pandas as pd\nloans = pd.read_csv(\"l.csv\")\nX = (loans\n     .drop(columns=[\"approved\"])\n     .to_numpy())\n"),
                FixExample("import pandas as pd\nfor v in counts.values():\n    total = df.values[0]\n",
                           "import pandas as pd\nfor v in counts.values():\n    total = df.to_numpy()[0]\n"),
            ])
    )

    public init(options: RuleOptions) {}

    public var nodeKinds: [Symbol] { [Py.attribute] }

    public func visit(_ node: Node, _ context: RuleContext) {
        guard let attr = node.child(PyField.attribute), attr.textEquals("values"),
              let object = node.child(PyField.object) else { return }
        // `x.values()` is a method call (dicts); `x.values = ...` sets it.
        if let parent = context.parent {
            if parent.symbol == Py.call, parent.child(PyField.function) == node { return }
            if parent.symbol == Py.assignment || parent.symbol == Py.augmentedAssignment, parent.child(PyField.left) == node { return }
        }
        guard PandasNames.isImported(context.model), PandasNames.isFrameExpression(object, context) else { return }
        let text = Syntax.snippet(object, limit: 40)
        context.report(node, "`\(text).values` may return an extension array, not a NumPy array",
                       refactoring: "Use `.to_numpy()`: `\(text).to_numpy()`",
                       fix: .unsafe("Replace `.values` with `.to_numpy()`", [FixEdits.replace(attr, with: "to_numpy()")]))
    }
}

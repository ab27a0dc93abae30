"""Train the churn model and report its metrics on held-out customers."""
import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

DATA_PATH = "data/churn.csv"
ID_COLUMN = "customer_id"
TARGET = "churned"
FEATURE_DTYPES = {
    "tenure_months": "int64",
    "contract_months": "int64",
    "monthly_charges": "float64",
    "total_charges": "float64",
    "support_calls": "int64",
    "late_payments": "int64",
    "data_usage_gb": "float64",
    "age": "int64",
}
SEED = 42
TEST_SIZE = 0.25
N_NEIGHBOURS = 5


def load_customers(path: str) -> pd.DataFrame:
    """Read the customers with their columns and types declared."""
    dtypes = {ID_COLUMN: str, TARGET: "int64", **FEATURE_DTYPES}
    return pd.read_csv(path, usecols=list(dtypes), dtype=dtypes)


def split(customers: pd.DataFrame, seed: int = SEED) -> list:
    """Features and target, split into X_train, X_test, y_train, y_test."""
    features = customers[list(FEATURE_DTYPES)]
    target = customers[TARGET]
    return train_test_split(
        features, target, test_size=TEST_SIZE, stratify=target, random_state=seed
    )


def build_pipeline() -> Pipeline:
    """Impute, scale and classify: every step learns from the rows it is fitted on."""
    return Pipeline(
        [
            ("impute", SimpleImputer(strategy="median")),
            ("scale", StandardScaler()),
            ("classify", KNeighborsClassifier(n_neighbors=N_NEIGHBOURS)),
        ]
    )


def evaluate(model: Pipeline, X_test: pd.DataFrame, y_test: pd.Series) -> dict:
    """Accuracy at the default threshold and ROC AUC across all thresholds."""
    churn_probabilities = model.predict_proba(X_test)[:, 1]
    return {
        "accuracy": accuracy_score(y_test, model.predict(X_test)),
        "roc_auc": roc_auc_score(y_test, churn_probabilities),
    }


def train_and_evaluate(customers: pd.DataFrame, seed: int = SEED) -> dict:
    """Fit the pipeline on the training split; measure it on the held-out split."""
    X_train, X_test, y_train, y_test = split(customers, seed)
    model = build_pipeline().fit(X_train, y_train)
    return evaluate(model, X_test, y_test)


def main() -> None:
    metrics = train_and_evaluate(load_customers(DATA_PATH))
    print(f"held-out accuracy: {metrics['accuracy']:.3f}")
    print(f"held-out ROC AUC: {metrics['roc_auc']:.3f}")


if __name__ == "__main__":
    main()

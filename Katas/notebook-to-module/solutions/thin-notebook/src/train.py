"""Train the candidate loan-default models and write their held-out metrics to metrics.json.

Run it from the project folder:  python -m src.train
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from src.data import DATA_PATH, clean_applications, load_applications
from src.features import build_features
from src.model import candidate_models, evaluate, split_applications, train_model

METRICS_PATH = "metrics.json"


def run_experiment(applications: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Train every candidate model on cleaned applications; score each on held-out ones.

    Accuracy is what the risk team asked for; ROC AUC tells how well a model ranks risky
    applications above safe ones.
    """
    X_train, X_test, y_train, y_test = split_applications(build_features(applications))
    return {
        name: evaluate(train_model(model, X_train, y_train), X_test, y_test)
        for name, model in candidate_models().items()
    }


def main(data_path: str | Path = DATA_PATH, metrics_path: str | Path = METRICS_PATH) -> None:
    """Load and clean the applications, run the experiment, write the metrics."""
    metrics = run_experiment(clean_applications(load_applications(data_path)))
    Path(metrics_path).write_text(json.dumps(metrics, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""Train a classifier and score it on data it has not seen."""
from typing import NamedTuple

import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.metrics import accuracy_score, f1_score


class Split(NamedTuple):
    """A train/test split, its fields in the order `train_test_split(X, y)` returns them."""

    X_train: pd.DataFrame
    X_test: pd.DataFrame
    y_train: pd.Series
    y_test: pd.Series


def train_model(model: BaseEstimator, split: Split) -> dict:
    """Fit `model` on the training part of `split`; return its accuracy and F1 on the test part."""
    model.fit(split.X_train, split.y_train)
    predictions = model.predict(split.X_test)
    return {
        "accuracy": accuracy_score(split.y_test, predictions),
        "f1": f1_score(split.y_test, predictions),
    }

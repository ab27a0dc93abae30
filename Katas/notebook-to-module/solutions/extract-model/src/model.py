"""Split the applications, then train and evaluate the candidate default models."""
from __future__ import annotations

import pandas as pd
from sklearn.base import ClassifierMixin
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split

TARGET = "defaulted"
HELD_OUT_SHARE = 0.25
SEED = 42
FOREST_TREES = 200
FOREST_MAX_DEPTH = 6
BOOSTING_STAGES = 100
BOOSTING_MAX_DEPTH = 3


def split_applications(
    features: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]:
    """Hold out a quarter of the applications: (X_train, X_test, y_train, y_test)."""
    return train_test_split(
        features.drop(columns=[TARGET]),
        features[TARGET],
        test_size=HELD_OUT_SHARE,
        random_state=SEED,
    )


def candidate_models() -> dict[str, ClassifierMixin]:
    """The untrained models to compare, by name, each with its hyperparameters and seed."""
    return {
        "random_forest": RandomForestClassifier(
            n_estimators=FOREST_TREES, max_depth=FOREST_MAX_DEPTH, random_state=SEED
        ),
        "gradient_boosting": GradientBoostingClassifier(
            n_estimators=BOOSTING_STAGES, max_depth=BOOSTING_MAX_DEPTH, random_state=SEED
        ),
    }


def train_model(model: ClassifierMixin, features: pd.DataFrame, labels: pd.Series) -> ClassifierMixin:
    """Fit the model on the training applications and return it."""
    return model.fit(features, labels)


def evaluate(model: ClassifierMixin, features: pd.DataFrame, labels: pd.Series) -> dict[str, float]:
    """Accuracy and ROC AUC of a trained model on applications it has not seen."""
    default_probability = model.predict_proba(features)[:, 1]
    return {
        "accuracy": float(accuracy_score(labels, model.predict(features))),
        "roc_auc": float(roc_auc_score(labels, default_probability)),
    }

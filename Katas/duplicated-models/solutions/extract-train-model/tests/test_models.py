"""Unit tests for train_model, on a split small enough to check by hand."""
import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.tree import DecisionTreeClassifier

from src.models import Split, train_model


@pytest.fixture
def split():
    # One feature; a customer churns (1) exactly when they called support more than 5 times.
    return Split(
        X_train=pd.DataFrame({"support_calls": [1, 2, 3, 4, 8, 9]}),
        X_test=pd.DataFrame({"support_calls": [0, 3, 7, 10]}),
        y_train=pd.Series([0, 0, 0, 0, 1, 1]),
        y_test=pd.Series([0, 0, 1, 1]),
    )


def test_returns_accuracy_and_f1(split):
    scores = train_model(DecisionTreeClassifier(random_state=0), split)
    assert set(scores) == {"accuracy", "f1"}


def test_a_model_that_separates_the_classes_scores_one(split):
    scores = train_model(DecisionTreeClassifier(random_state=0), split)
    assert scores["accuracy"] == pytest.approx(1.0)
    assert scores["f1"] == pytest.approx(1.0)


def test_scores_are_measured_on_the_test_part(split):
    # Always predicting "churns" is right on 2 of the 4 test customers (precision 1/2, recall 1).
    scores = train_model(DummyClassifier(strategy="constant", constant=1), split)
    assert scores["accuracy"] == pytest.approx(0.5)
    assert scores["f1"] == pytest.approx(2 / 3)


def test_the_model_is_fitted(split):
    model = DecisionTreeClassifier(random_state=0)
    train_model(model, split)
    assert list(model.predict(pd.DataFrame({"support_calls": [2, 9]}))) == [0, 1]

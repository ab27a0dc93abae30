import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.tree import DecisionTreeClassifier

from src.model import candidate_models, evaluate, split_applications, train_model


def make_features(rows=20):
    """Applications whose label is simply whether the debt-to-income ratio is above 0.3."""
    dti = [i / rows for i in range(rows)]
    return pd.DataFrame({
        "dti": dti,
        "age": [30 + i for i in range(rows)],
        "defaulted": [int(value > 0.3) for value in dti],
    })


def test_split_applications_holds_out_a_quarter_and_separates_the_label():
    X_train, X_test, y_train, y_test = split_applications(make_features(rows=20))

    assert (len(X_train), len(X_test)) == (15, 5)
    assert "defaulted" not in X_train.columns
    assert y_test.name == "defaulted"


def test_split_applications_is_repeatable():
    first = split_applications(make_features())
    second = split_applications(make_features())

    assert first[1].index.tolist() == second[1].index.tolist()


def test_candidate_models_are_untrained_and_seeded():
    models = candidate_models()

    assert set(models) == {"random_forest", "gradient_boosting"}
    for model in models.values():
        assert model.random_state is not None
        assert not hasattr(model, "classes_")


def test_train_model_returns_the_fitted_model():
    features = make_features()

    model = train_model(DecisionTreeClassifier(random_state=0), features[["dti"]], features["defaulted"])

    assert model.predict(pd.DataFrame({"dti": [0.9]})).tolist() == [1]


def test_evaluate_scores_a_perfect_model_one():
    features = make_features()
    model = DecisionTreeClassifier(random_state=0).fit(features[["dti"]], features["defaulted"])

    assert evaluate(model, features[["dti"]], features["defaulted"]) == {"accuracy": 1.0, "roc_auc": 1.0}


def test_evaluate_gives_a_constant_model_a_roc_auc_of_one_half():
    features = make_features()
    model = DummyClassifier(strategy="most_frequent").fit(features[["dti"]], features["defaulted"])

    metrics = evaluate(model, features[["dti"]], features["defaulted"])

    assert metrics["accuracy"] == pytest.approx(features["defaulted"].mean())
    assert metrics["roc_auc"] == 0.5

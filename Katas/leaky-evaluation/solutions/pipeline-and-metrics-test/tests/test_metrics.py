"""Metrics tests: the model's held-out quality, pinned, and the evaluation kept honest."""
import pandas as pd
import pytest

from train_churn import DATA_PATH, TARGET, build_pipeline, load_customers, split, train_and_evaluate


@pytest.fixture(scope="module")
def customers():
    return load_customers(DATA_PATH)


def test_held_out_metrics_with_the_default_seed(customers):
    metrics = train_and_evaluate(customers)
    assert metrics["accuracy"] == pytest.approx(0.688, abs=0.02)
    assert metrics["roc_auc"] == pytest.approx(0.746, abs=0.02)


def test_model_beats_always_predicting_the_majority_class(customers):
    _, _, _, y_test = split(customers)
    majority_rate = y_test.value_counts(normalize=True).max()
    assert train_and_evaluate(customers)["accuracy"] > majority_rate


def test_same_seed_gives_the_same_metrics(customers):
    assert train_and_evaluate(customers, seed=7) == train_and_evaluate(customers, seed=7)


def test_split_keeps_the_churn_rate_and_the_ids_out(customers):
    X_train, X_test, y_train, y_test = split(customers)
    assert len(X_test) == pytest.approx(0.25 * len(customers), abs=1)
    assert y_train.mean() == pytest.approx(y_test.mean(), abs=0.02)
    assert TARGET not in X_train.columns
    assert "customer_id" not in X_train.columns


def test_preprocessing_learns_from_the_training_rows_only(customers):
    X_train, _, y_train, _ = split(customers)
    pipeline = build_pipeline().fit(X_train, y_train)
    medians = pd.Series(pipeline.named_steps["impute"].statistics_, index=X_train.columns)
    pd.testing.assert_series_equal(medians, X_train.median(), check_names=False)

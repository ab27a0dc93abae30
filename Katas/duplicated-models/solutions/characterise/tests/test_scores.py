"""Characterisation test: the notebook's six scores must not change while we refactor.

The expected values are what compare_models.ipynb printed before the refactoring
(seed 42, 100 held-out customers). A refactoring that changes one of them changed behaviour.
"""
import re

import pytest

from tests.notebook_runner import run_notebook

NOTEBOOK = "compare_models.ipynb"
TOLERANCE = 0.02

# model: (accuracy, F1) on the held-out customers
EXPECTED_SCORES = {
    "LogisticRegression": (0.780, 0.725),
    "DecisionTree": (0.660, 0.653),
    "RandomForest": (0.830, 0.790),
    "KNN": (0.810, 0.753),
    "GradientBoosting": (0.780, 0.732),
    "SVC": (0.820, 0.775),
}

# "RandomForest accuracy: 0.830  f1: 0.790" (however the numbers are formatted)
SCORE_LINE = re.compile(r"^(\w+) accuracy:\s*([0-9.]+)\s+f1:\s*([0-9.]+)", re.MULTILINE)


@pytest.fixture(scope="module")
def printed_scores():
    output = run_notebook(NOTEBOOK)
    return {name: (float(accuracy), float(f1)) for name, accuracy, f1 in SCORE_LINE.findall(output)}


def test_the_notebook_scores_all_six_models(printed_scores):
    assert sorted(printed_scores) == sorted(EXPECTED_SCORES)


@pytest.mark.parametrize("model_name", sorted(EXPECTED_SCORES))
def test_scores_are_unchanged(printed_scores, model_name):
    accuracy, f1 = printed_scores[model_name]
    expected_accuracy, expected_f1 = EXPECTED_SCORES[model_name]
    assert accuracy == pytest.approx(expected_accuracy, abs=TOLERANCE)
    assert f1 == pytest.approx(expected_f1, abs=TOLERANCE)

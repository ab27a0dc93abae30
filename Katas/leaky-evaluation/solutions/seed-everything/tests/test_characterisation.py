"""Characterisation test: pins the metrics that train_churn.py reports today.

It runs the script as it is and reads the numbers it prints, so it does not care
how the script is built inside.
"""
import re
import subprocess
import sys
from pathlib import Path

import pytest

WORKSPACE = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def output():
    result = subprocess.run(
        [sys.executable, "train_churn.py"],
        cwd=WORKSPACE, check=True, capture_output=True, text=True,
    )
    return result.stdout


def reported(output, metric):
    """The value the script printed for `metric`."""
    match = re.search(metric + r": ([0-9.]+)", output)
    assert match, f"no {metric!r} in the script's output: {output!r}"
    return float(match.group(1))


def test_reported_accuracy(output):
    # The split is seeded now (SEED = 42): the same number on every run, so the
    # band of the first step becomes a pin.
    assert reported(output, "accuracy") == pytest.approx(0.795, abs=0.02)

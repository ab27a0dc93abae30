"""Characterisation test: train.py must report the same numbers while we refactor.

The expected values are what `python train.py` printed before the refactoring.
"""
import re
import subprocess
import sys

import pytest

EXPECTED_SIZES = "train: 236 listings (4 outliers dropped), test: 80 listings"
EXPECTED_MAE_EUR = 58_224
TOLERANCE = 0.01  # relative: the error may move by at most 1%


@pytest.fixture(scope="module")
def report():
    finished = subprocess.run([sys.executable, "train.py"], capture_output=True, text=True, check=True)
    return finished.stdout


def test_the_same_listings_are_used(report):
    assert EXPECTED_SIZES in report


def test_the_test_error_is_unchanged(report):
    match = re.search(r"test MAE: ([\d,]+) EUR", report)
    assert match, f"no 'test MAE' line in:\n{report}"
    mae = float(match.group(1).replace(",", ""))
    assert mae == pytest.approx(EXPECTED_MAE_EUR, rel=TOLERANCE)

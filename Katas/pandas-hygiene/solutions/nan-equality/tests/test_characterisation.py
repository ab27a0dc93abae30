"""Characterisation test: pins what clean_transactions.py writes today.

It runs the script as it is and checks a fingerprint of its output. The numbers
are today's behaviour, bugs included: when a step changes the output on
purpose, update them in the same step and say why.
"""
import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

WORKSPACE = Path(__file__).resolve().parents[1]
OUTPUT = WORKSPACE / "data" / "clean_transactions.csv"
COLUMNS = [
    "txn_id", "timestamp", "customer_id", "merchant", "category", "amount",
    "currency", "amount_eur", "is_refund", "is_large", "hour", "is_night",
]
TEXT_COLUMNS = {name: str for name in ["txn_id", "customer_id", "merchant", "category", "currency"]}


def fingerprint(values):
    """A short checksum of a column's values, in order."""
    text = ",".join(str(value) for value in values)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@pytest.fixture(scope="module")
def cleaned():
    subprocess.run(
        [sys.executable, "clean_transactions.py"],
        cwd=WORKSPACE, check=True, capture_output=True,
    )
    return pd.read_csv(OUTPUT, dtype=TEXT_COLUMNS)


def test_rows_and_columns(cleaned):
    assert list(cleaned.columns) == COLUMNS
    # Was 352: the 22 rows without an amount are now dropped (nan-equality).
    assert len(cleaned) == 330
    assert fingerprint(cleaned["txn_id"]) == "143202d0bfa57fd0"


def test_text_columns(cleaned):
    assert fingerprint(cleaned["merchant"]) == "174e20320b5d0f6c"
    assert sorted(cleaned["currency"].unique()) == ["EUR", "GBP", "USD"]
    assert cleaned["category"].isna().sum() == 13
    assert (cleaned["category"] == "other").sum() == 0


def test_amounts(cleaned):
    assert cleaned["amount_eur"].sum() == pytest.approx(36025.35, abs=0.01)
    assert cleaned["amount_eur"].isna().sum() == 0


def test_flags(cleaned):
    assert cleaned["is_refund"].sum() == 19
    assert cleaned["is_large"].sum() == 4
    assert cleaned["is_night"].sum() == 0

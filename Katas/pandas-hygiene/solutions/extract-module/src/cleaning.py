"""Transforms that clean the card-transaction export.

Each transform takes a DataFrame and returns a new one: none changes its input.
`clean` runs them all in order.
"""
from pathlib import Path

import pandas as pd

RATES_TO_EUR = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17}
LARGE_PERCENTILE = 99
NIGHT_END_HOUR = 6
TEST_ACCOUNT_PREFIX = "TEST"
UNKNOWN_CATEGORY = "other"
RAW_DTYPES = {
    "txn_id": str,
    "timestamp": str,
    "customer_id": str,
    "merchant": str,
    "category": str,
    "amount": float,
    "currency": str,
}


def load_transactions(path: Path) -> pd.DataFrame:
    """Read the raw export, declaring its columns and their types."""
    return pd.read_csv(path, usecols=list(RAW_DTYPES), dtype=RAW_DTYPES)


def drop_duplicate_exports(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep the first export of each transaction."""
    return frame.drop_duplicates(subset="txn_id", keep="first")


def drop_test_accounts(frame: pd.DataFrame) -> pd.DataFrame:
    """Remove the transactions of the bank's test customers."""
    return frame[~frame["customer_id"].str.startswith(TEST_ACCOUNT_PREFIX)]


def drop_missing_amounts(frame: pd.DataFrame) -> pd.DataFrame:
    """Remove the transactions without an amount: the dashboard cannot use them."""
    return frame.dropna(subset=["amount"])


def tidy_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Merchant names trimmed and in lower case, currency codes in upper case."""
    return frame.assign(
        merchant=frame["merchant"].str.strip().str.lower(),
        currency=frame["currency"].str.upper(),
    )


def fill_missing_category(frame: pd.DataFrame) -> pd.DataFrame:
    """Give the transactions the bank could not categorise their own category."""
    return frame.assign(category=frame["category"].fillna(UNKNOWN_CATEGORY))


def add_amount_eur(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the amount converted to euros."""
    rates = frame["currency"].map(RATES_TO_EUR)
    return frame.assign(amount_eur=frame["amount"] * rates)


def flag_refunds(frame: pd.DataFrame) -> pd.DataFrame:
    """Add `is_refund`: 1 for a negative amount, else 0."""
    return frame.assign(is_refund=(frame["amount"] < 0).astype(int))


def flag_large(frame: pd.DataFrame) -> pd.DataFrame:
    """Add `is_large`: the amount in euros is above the LARGE_PERCENTILE-th percentile."""
    threshold = frame["amount_eur"].quantile(LARGE_PERCENTILE / 100)
    return frame.assign(is_large=frame["amount_eur"] > threshold)


def add_time_flags(frame: pd.DataFrame) -> pd.DataFrame:
    """Parse the timestamp and add its `hour` and `is_night` (before NIGHT_END_HOUR)."""
    timestamp = pd.to_datetime(frame["timestamp"])
    hour = timestamp.dt.hour
    return frame.assign(timestamp=timestamp, hour=hour, is_night=hour < NIGHT_END_HOUR)


def clean(raw: pd.DataFrame) -> pd.DataFrame:
    """The whole cleaning: drop the unusable rows, tidy the columns, add the flags."""
    return (
        raw.pipe(drop_duplicate_exports)
        .pipe(drop_test_accounts)
        .pipe(drop_missing_amounts)
        .pipe(tidy_text)
        .pipe(fill_missing_category)
        .pipe(add_amount_eur)
        .pipe(flag_refunds)
        .pipe(flag_large)
        .pipe(add_time_flags)
        .sort_values(["timestamp", "txn_id"])
        .reset_index(drop=True)
    )

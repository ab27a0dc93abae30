"""Generate the synthetic card transactions for the pandas-hygiene kata.

Run from the kata folder: `python generate_data.py` writes start/data/transactions.csv.
The data is made up: seeded, small, with the flaws the cleaning script deals with
(duplicated exports, test accounts, refunds, missing amounts and categories,
untidy merchant names, lower-case currency codes).
"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20240305
N_TRANSACTIONS = 360
N_CUSTOMERS = 45
OUTPUT = Path(__file__).parent / "start" / "data" / "transactions.csv"
REFUND_RATE = 0.05
MISSING_CATEGORY_RATE = 0.05
MISSING_AMOUNT_RATE = 0.04
LOWER_CASE_CURRENCY_RATE = 0.1
N_TEST_ROWS = 8
N_DUPLICATES = 12

MERCHANTS = {
    "groceries": ["Fresh Basket", "Corner Grocer", "Green Valley Market"],
    "dining": ["Luigi's Trattoria", "Noodle Bar", "The Daily Grind"],
    "travel": ["Skyway Airlines", "Railco", "City Cabs"],
    "electronics": ["Volt & Co", "Pixel House"],
    "fuel": ["Petrolio", "Roadside Fuel"],
}
TYPICAL_AMOUNT = {"groceries": 45, "dining": 30, "travel": 220, "electronics": 310, "fuel": 60}
CURRENCIES = ["EUR", "EUR", "EUR", "EUR", "USD", "USD", "GBP"]


def untidy(name: str, rng: np.random.Generator) -> str:
    """Spell a merchant name the way a hand-typed export might."""
    style = rng.integers(0, 5)
    if style == 0:
        return name.upper()
    if style == 1:
        return name.lower()
    if style == 2:
        return f"  {name} "
    return name


def make_transactions(rng: np.random.Generator) -> pd.DataFrame:
    """The export: one row per transaction, then its flaws."""
    categories = list(MERCHANTS)
    start = pd.Timestamp("2024-03-01")
    rows = []
    for number in range(1, N_TRANSACTIONS + 1):
        category = categories[rng.integers(0, len(categories))]
        merchant = MERCHANTS[category][rng.integers(0, len(MERCHANTS[category]))]
        amount = round(float(rng.gamma(2.0, TYPICAL_AMOUNT[category] / 2.0)), 2)
        if rng.random() < REFUND_RATE:
            amount = -amount  # a refund
        when = start + pd.Timedelta(minutes=int(rng.integers(0, 60 * 24 * 28)))
        rows.append(
            {
                "txn_id": f"T{number:05d}",
                "timestamp": when.strftime("%Y-%m-%d %H:%M"),
                "customer_id": f"C{int(rng.integers(1, N_CUSTOMERS + 1)):03d}",
                "merchant": untidy(merchant, rng),
                "category": category,
                "amount": amount,
                "currency": CURRENCIES[rng.integers(0, len(CURRENCIES))],
            }
        )
    frame = pd.DataFrame(rows)

    # Flaws of the export.
    frame.loc[rng.random(len(frame)) < MISSING_CATEGORY_RATE, "category"] = np.nan
    frame.loc[rng.random(len(frame)) < MISSING_AMOUNT_RATE, "amount"] = np.nan
    lower = rng.random(len(frame)) < LOWER_CASE_CURRENCY_RATE
    frame.loc[lower, "currency"] = frame.loc[lower, "currency"].str.lower()
    test_rows = rng.choice(len(frame), size=N_TEST_ROWS, replace=False)
    frame.loc[test_rows, "customer_id"] = [f"TEST{i % 2 + 1}" for i in range(len(test_rows))]
    duplicates = frame.iloc[rng.choice(len(frame), size=N_DUPLICATES, replace=False)]
    return pd.concat([frame, duplicates]).sort_values("timestamp", kind="stable")


def main() -> None:
    frame = make_transactions(np.random.default_rng(SEED))
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(OUTPUT, index=False)
    print(f"wrote {len(frame)} rows to {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()

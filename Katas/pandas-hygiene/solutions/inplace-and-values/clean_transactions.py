"""Clean the raw card-transaction export for the spending dashboard.

Reads data/transactions.csv and writes data/clean_transactions.csv.
"""
import numpy as np
import pandas as pd

RATES_TO_EUR = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17}
LARGE_PERCENTILE = 99
NIGHT_END_HOUR = 6

tx = pd.read_csv("data/transactions.csv")
print("missing amounts:", (tx["amount"] == np.nan).sum())

# the export repeats some transactions
tx = tx.drop_duplicates(subset="txn_id", keep="first")


def drop_test_accounts(frame):
    test_rows = frame[frame["customer_id"].str.startswith("TEST")].index
    return frame.drop(test_rows)


tx = drop_test_accounts(tx)
tx = tx.reset_index(drop=True)

# rows without an amount are useless for the dashboard
tx = tx[tx["amount"] != np.nan].copy()

# tidy merchant names and currency codes
tx["merchant"] = tx["merchant"].str.strip().str.lower()
tx["currency"] = tx["currency"].str.upper()

# transactions the bank could not categorise
tx[tx["category"].isna()]["category"] = "other"

# amounts in euros
tx["amount_eur"] = tx["amount"] * tx["currency"].map(RATES_TO_EUR)

# refunds have negative amounts
tx["is_refund"] = (tx["amount"] < 0).astype(int)

# large purchases: the top 1% of amounts
large_threshold = tx["amount_eur"].quantile(LARGE_PERCENTILE / 100)
tx["is_large"] = tx["amount_eur"] > large_threshold

# night-time purchases
tx["timestamp"] = pd.to_datetime(tx["timestamp"])
tx["hour"] = tx["timestamp"].dt.hour
tx["is_night"] = False
tx[tx["hour"] < NIGHT_END_HOUR]["is_night"] = True

tx = tx.sort_values(["timestamp", "txn_id"])
tx.to_csv("data/clean_transactions.csv", index=False)
print(f"{len(tx)} transactions, {tx['amount_eur'].sum():.2f} EUR, {tx['is_refund'].sum()} refunds")

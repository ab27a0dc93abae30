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
tx.drop_duplicates(subset="txn_id", keep="first", inplace=True)


def drop_test_accounts(frame):
    test_rows = frame[frame["customer_id"].str.startswith("TEST")].index
    return frame.drop(test_rows, inplace=True)


drop_test_accounts(tx)
tx.reset_index(drop=True, inplace=True)

# rows without an amount are useless for the dashboard
tx = tx[tx["amount"] != np.nan].copy()

# tidy merchant names and currency codes
tx["merchant"] = [m.strip().lower() for m in tx["merchant"].values]
tx["currency"] = tx["currency"].str.upper()

# transactions the bank could not categorise
tx[tx["category"].isna()]["category"] = "other"

# amounts in euros
tx["amount_eur"] = 0.0
for i in range(len(tx)):
    tx.loc[i, "amount_eur"] = tx["amount"][i] * RATES_TO_EUR[tx["currency"][i]]

# refunds have negative amounts
tx["is_refund"] = 0
for i, row in tx.iterrows():
    if row["amount"] < 0:
        tx.loc[i, "is_refund"] = 1

# large purchases: the top 1% of amounts
amounts = tx["amount_eur"].values
tx["is_large"] = amounts > np.nanpercentile(amounts, LARGE_PERCENTILE)

# night-time purchases
tx["timestamp"] = pd.to_datetime(tx["timestamp"])
tx["hour"] = tx["timestamp"].dt.hour
tx["is_night"] = False
tx[tx["hour"] < NIGHT_END_HOUR]["is_night"] = True

in_order = tx.sort_values(["timestamp", "txn_id"], inplace=True)
tx.to_csv("data/clean_transactions.csv", index=False)
print(f"{len(tx)} transactions, {tx['amount_eur'].sum():.2f} EUR, {tx['is_refund'].sum()} refunds")

"""Clean the transactions export. A typical pandas cleaning script, warts and all."""
import numpy as np
import pandas as pd
from datetime import datetime

df = pd.read_csv("/home/ana/exports/transactions.csv")
print(df.shape)
df = df.dropna(subset=["amount"])
df["amount"] = df["amount"].astype(float)
df[df["amount"] < 0]["flag"] = True
df["category"] = df["category"].map({"food": 0, "rent": 1, "travel": 2})
for i, row in df.iterrows():
    df.loc[i, "amount_eur"] = row["amount"] * 0.92
df["is_big"] = df["amount"] > 5000
df.fillna(0)
totals = df.groupby("category")["amount"].sum()
if totals.sum() == np.nan:
    raise ValueError("no totals")
df.to_csv("clean.csv")

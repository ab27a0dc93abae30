import os
import pandas as pd
from sklearn.model_selection import train_test_split

df = pd.read_csv("data.csv")
print(df.shape)  # noqa: SM101
print("kept")  # smelt: ignore[magic-number]
# df = df.dropna()
parts = train_test_split(df)
if len(df) > 1000:
    df = df[:500]

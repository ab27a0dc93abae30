"""Clean the raw card-transaction export for the spending dashboard.

Reads data/transactions.csv and writes data/clean_transactions.csv.
"""
from src.cleaning import clean, load_transactions

RAW_PATH = "data/transactions.csv"
CLEAN_PATH = "data/clean_transactions.csv"


def main() -> None:
    raw = load_transactions(RAW_PATH)
    cleaned = clean(raw)
    cleaned.to_csv(CLEAN_PATH, index=False)


if __name__ == "__main__":
    main()

"""Generate the synthetic customer table of the duplicated-models kata.

Run from the kata folder: `python generate_data.py`. It writes start/data/customers.csv.
The data is made up: 400 customers of a phone company, and whether each one left (churned).
"""
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 7
N_CUSTOMERS = 400
OUTPUT = Path(__file__).parent / "start" / "data" / "customers.csv"


def generate(rng: np.random.Generator, n: int) -> pd.DataFrame:
    tenure_months = rng.integers(1, 73, size=n)
    contract_months = rng.choice([1, 12, 24], size=n, p=[0.5, 0.3, 0.2])
    monthly_charges = np.round(rng.uniform(20, 120, size=n), 2)
    support_calls = rng.poisson(1.5, size=n)
    late_payments = rng.poisson(0.6, size=n)
    age = rng.integers(18, 81, size=n)
    data_usage_gb = np.round(rng.gamma(2.0, 6.0, size=n), 1)

    # Churn risk: short tenure, monthly contracts, high bills, many support calls.
    risk = (
        1.2
        - 0.045 * tenure_months
        - 0.08 * contract_months
        + 0.018 * (monthly_charges - 70)
        + 0.55 * np.minimum(support_calls, 5)
        + 0.6 * (late_payments >= 2)
        - 0.9 * ((age > 60) & (contract_months > 1))
        + rng.normal(0, 0.5, size=n)
    )
    churned = (rng.uniform(size=n) < 1 / (1 + np.exp(-2.0 * risk))).astype(int)

    return pd.DataFrame({
        "tenure_months": tenure_months,
        "contract_months": contract_months,
        "monthly_charges": monthly_charges,
        "support_calls": support_calls,
        "late_payments": late_payments,
        "age": age,
        "data_usage_gb": data_usage_gb,
        "churned": churned,
    })


if __name__ == "__main__":
    customers = generate(np.random.default_rng(SEED), N_CUSTOMERS)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    customers.to_csv(OUTPUT, index=False)
    print(f"wrote {len(customers)} rows to {OUTPUT} ({customers['churned'].mean():.0%} churned)")

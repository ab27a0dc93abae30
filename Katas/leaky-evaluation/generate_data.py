"""Generate the synthetic telecom customers for the leaky-evaluation kata.

Run from the kata folder: `python generate_data.py` writes start/data/churn.csv.
The data is made up and seeded: a few hundred customers, some charges and usage
figures missing, and a `churned` label drawn from a known logistic model.
"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 7
N_CUSTOMERS = 500
OUTPUT = Path(__file__).parent / "start" / "data" / "churn.csv"
MISSING_TOTAL_RATE = 0.06
MISSING_USAGE_RATE = 0.05


def make_customers(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """The customers, their churn label drawn from a logistic model, some values missing."""
    tenure = rng.integers(1, 73, size=n)
    contract = rng.choice([1, 12, 24], size=n, p=[0.5, 0.3, 0.2])
    monthly = np.round(rng.uniform(20, 120, size=n), 2)
    total = np.round(tenure * monthly * rng.normal(1.0, 0.05, size=n), 2)
    support_calls = rng.poisson(1.5, size=n)
    late_payments = rng.poisson(0.6, size=n)
    usage = np.round(rng.gamma(2.0, 6.0, size=n), 1)
    age = rng.integers(18, 81, size=n)

    logit = (
        0.3
        - 0.045 * tenure
        + 0.025 * (monthly - 70)
        + 0.5 * support_calls
        + 0.7 * late_payments
        - 1.3 * (contract > 1)
        - 0.02 * (usage - 12)
    )
    churned = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)

    frame = pd.DataFrame(
        {
            "customer_id": [f"K{i:04d}" for i in range(1, n + 1)],
            "tenure_months": tenure,
            "contract_months": contract,
            "monthly_charges": monthly,
            "total_charges": total,
            "support_calls": support_calls,
            "late_payments": late_payments,
            "data_usage_gb": usage,
            "age": age,
            "churned": churned,
        }
    )
    frame["total_charges"] = frame["total_charges"].mask(rng.random(n) < MISSING_TOTAL_RATE)
    frame["data_usage_gb"] = frame["data_usage_gb"].mask(rng.random(n) < MISSING_USAGE_RATE)
    return frame


def main() -> None:
    frame = make_customers(np.random.default_rng(SEED), N_CUSTOMERS)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(OUTPUT, index=False)
    print(f"wrote {len(frame)} customers ({frame['churned'].mean():.0%} churned) to {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()

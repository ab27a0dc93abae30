"""Generate the synthetic loan applications of the notebook-to-module kata.

Run from the kata folder:  python generate_data.py
It writes start/data/loans.csv (500 applications). The numbers are invented: a seeded
generator draws each applicant and then draws whether they defaulted from a logistic
model of their debt-to-income ratio, previous defaults, term, credit history, job
tenure, home ownership and the purpose of the loan, so a model can learn a real signal
(about 0.75-0.8 accuracy on held-out applications) but not a perfect one.

A few rows carry the data-entry problems the notebook cleans up: missing incomes and
employment lengths, ages recorded as 0, and incomes typed with extra digits.
"""
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20240611
N_APPLICATIONS = 500
OUTPUT = Path(__file__).resolve().parent / "start" / "data" / "loans.csv"

PURPOSES = ["debt_consolidation", "credit_card", "home_improvement", "car", "small_business", "other"]
PURPOSE_SHARES = [0.38, 0.2, 0.12, 0.12, 0.08, 0.1]
PURPOSE_RISK = {"debt_consolidation": 0.2, "credit_card": 0.1, "home_improvement": -0.4,
                "car": -0.3, "small_business": 0.9, "other": 0.2}
HOMES = ["RENT", "MORTGAGE", "OWN"]
HOME_SHARES = [0.45, 0.4, 0.15]
HOME_RISK = {"RENT": 0.4, "MORTGAGE": -0.2, "OWN": -0.3}


def draw_applicants(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Draw the applicants' attributes, before any outcome or data-entry error."""
    age = np.clip(rng.normal(41, 11, n), 21, 72).round().astype(int)
    income = np.clip(rng.lognormal(np.log(52_000), 0.45, n), 12_000, 250_000)
    income = (income / 100).round() * 100
    loan_share = rng.uniform(0.04, 0.55, n)
    loan_amount = np.clip((income * loan_share / 50).round() * 50, 1_000, 40_000)
    term = np.where(rng.random(n) < 0.3, "60 months", "36 months")
    years_working = np.maximum(age - 20, 0)
    employment = np.minimum(rng.geometric(0.16, n) - 1, years_working)
    history = np.clip(age - 18 - rng.integers(0, 8, n), 0, None)
    previous = np.minimum(rng.poisson(0.35, n), 4)
    return pd.DataFrame({
        "applicant_id": np.arange(10_001, 10_001 + n),
        "age": age,
        "annual_income": income,
        "loan_amount": loan_amount,
        "term": term,
        "employment_length": employment.astype(float),
        "home_ownership": rng.choice(HOMES, n, p=HOME_SHARES),
        "purpose": rng.choice(PURPOSES, n, p=PURPOSE_SHARES),
        "credit_history_years": history,
        "previous_defaults": previous,
    })


def draw_defaults(rng: np.random.Generator, applicants: pd.DataFrame) -> np.ndarray:
    """Draw the outcome from a logistic model of the applicant's risk."""
    debt_to_income = applicants["loan_amount"] / applicants["annual_income"]
    logit = (
        -1.6
        + 12.0 * (debt_to_income - 0.28)
        + 2.0 * applicants["previous_defaults"]
        + 1.0 * (applicants["term"] == "60 months")
        - 0.1 * (applicants["credit_history_years"] - 18)
        - 0.12 * (applicants["employment_length"] - 5)
        + applicants["home_ownership"].map(HOME_RISK)
        + applicants["purpose"].map(PURPOSE_RISK)
    )
    probability = 1 / (1 + np.exp(-logit))
    return (rng.random(len(applicants)) < probability).astype(int)


def add_entry_errors(rng: np.random.Generator, applications: pd.DataFrame) -> pd.DataFrame:
    """Blank some cells and mistype a few values, as a real export would."""
    applications = applications.copy()
    n = len(applications)
    applications.loc[rng.random(n) < 0.04, "annual_income"] = np.nan
    applications.loc[rng.random(n) < 0.06, "employment_length"] = np.nan
    applications.loc[rng.choice(n, 4, replace=False), "age"] = 0
    typos = rng.choice(n, 3, replace=False)
    applications.loc[typos, "annual_income"] = applications.loc[typos, "annual_income"].fillna(48_000) * 100
    return applications


def main() -> None:
    rng = np.random.default_rng(SEED)
    applicants = draw_applicants(rng, N_APPLICATIONS)
    applicants["defaulted"] = draw_defaults(rng, applicants)
    applications = add_entry_errors(rng, applicants)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    applications.to_csv(OUTPUT, index=False)
    print(f"wrote {len(applications)} applications to {OUTPUT} "
          f"({applications['defaulted'].mean():.0%} defaulted)")


if __name__ == "__main__":
    main()

"""Load the loan applications export and clean it for modelling."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

DATA_PATH = "data/loans.csv"
COLUMN_TYPES = {
    "applicant_id": "int64",
    "age": "int64",
    "annual_income": "float64",
    "loan_amount": "float64",
    "term": str,
    "employment_length": "float64",
    "home_ownership": str,
    "purpose": str,
    "credit_history_years": "int64",
    "previous_defaults": "int64",
    "defaulted": "int64",
}
TERM_MONTHS = {"36 months": 36, "60 months": 60}
MIN_AGE = 18
MAX_PLAUSIBLE_INCOME = 500_000
YEARS_EMPLOYED_IF_MISSING = 0


def load_applications(path: str | Path = DATA_PATH) -> pd.DataFrame:
    """Read the applications export, with every column's type declared."""
    return pd.read_csv(path, dtype=COLUMN_TYPES)


def clean_applications(applications: pd.DataFrame) -> pd.DataFrame:
    """Return the applications ready for modelling; the input is left unchanged.

    Drops the id, turns the term into months, fills a missing income with the median
    income and a missing employment length with no years, and removes rows whose age
    was not recorded (0) or whose income was mistyped (extra zeros).
    """
    cleaned = applications.drop(columns=["applicant_id"]).assign(
        term=applications["term"].map(TERM_MONTHS),
        home_ownership=applications["home_ownership"].str.upper(),
    )
    cleaned = cleaned.fillna({
        "annual_income": cleaned["annual_income"].median(),
        "employment_length": YEARS_EMPLOYED_IF_MISSING,
    })
    plausible = (cleaned["age"] >= MIN_AGE) & (cleaned["annual_income"] < MAX_PLAUSIBLE_INCOME)
    return cleaned[plausible]

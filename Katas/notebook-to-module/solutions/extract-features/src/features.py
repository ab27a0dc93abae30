"""Turn cleaned loan applications into the features the models are trained on."""
import numpy as np
import pandas as pd

MONTHS_PER_YEAR = 12
YOUNG_AGE = 25
NEW_JOB_YEARS = 1
SHORT_HISTORY_YEARS = 3
BIG_LOAN_AMOUNT = 20_000
HOME_OWNERSHIP_CODES = {"RENT": 0, "MORTGAGE": 1, "OWN": 2}
ONE_HOT_COLUMNS = ["purpose"]

# The underwriters' risk band, from their rule of thumb: the first rule that matches wins.
LOW_RISK, ELEVATED_RISK, MEDIUM_RISK, HIGH_RISK = 0, 1, 2, 3
MANY_PREVIOUS_DEFAULTS = 2
HIGH_DTI_AFTER_A_DEFAULT = 0.4
HIGH_DTI = 0.5
ELEVATED_DTI = 0.35
THIN_HISTORY_YEARS = 2
LONG_TERM_MONTHS = 60
RISKY_PURPOSE = "small_business"


def add_affordability(applications: pd.DataFrame) -> pd.DataFrame:
    """Add the debt-to-income ratio and the yearly repayment as a share of income."""
    monthly_payment = applications["loan_amount"] / applications["term"]
    return applications.assign(
        dti=applications["loan_amount"] / applications["annual_income"],
        payment_to_income=monthly_payment * MONTHS_PER_YEAR / applications["annual_income"],
    )


def add_applicant_flags(applications: pd.DataFrame) -> pd.DataFrame:
    """Add 0/1 flags for young applicants, new jobs, short credit histories, past defaults, big loans."""
    return applications.assign(
        young=(applications["age"] < YOUNG_AGE).astype(int),
        new_job=(applications["employment_length"] < NEW_JOB_YEARS).astype(int),
        short_history=(applications["credit_history_years"] < SHORT_HISTORY_YEARS).astype(int),
        has_defaulted=(applications["previous_defaults"] > 0).astype(int),
        big_loan=(applications["loan_amount"] > BIG_LOAN_AMOUNT).astype(int),
    )


def risk_band(applications: pd.DataFrame) -> pd.Series:
    """The underwriters' risk band of each application, from LOW_RISK (0) to HIGH_RISK (3).

    Needs the `dti` column and the raw (not yet encoded) home ownership and purpose.
    """
    dti = applications["dti"]
    has_defaulted = applications["previous_defaults"] > 0
    long_term = applications["term"] == LONG_TERM_MONTHS
    renting_without_job = (applications["employment_length"] < NEW_JOB_YEARS) & (
        applications["home_ownership"] == "RENT"
    )
    rules = [
        (applications["previous_defaults"] > MANY_PREVIOUS_DEFAULTS, HIGH_RISK),
        (has_defaulted & (dti > HIGH_DTI_AFTER_A_DEFAULT), HIGH_RISK),
        (has_defaulted, MEDIUM_RISK),
        (dti > HIGH_DTI, MEDIUM_RISK),
        (dti > ELEVATED_DTI, ELEVATED_RISK),
        (applications["purpose"] == RISKY_PURPOSE, ELEVATED_RISK),
        (applications["credit_history_years"] < THIN_HISTORY_YEARS, ELEVATED_RISK),
        (renting_without_job, ELEVATED_RISK),
        ((applications["age"] < YOUNG_AGE) & long_term, ELEVATED_RISK),
    ]
    conditions = [condition.to_numpy() for condition, _ in rules]
    bands = [band for _, band in rules]
    return pd.Series(np.select(conditions, bands, default=LOW_RISK), index=applications.index)


def add_risk_band(applications: pd.DataFrame) -> pd.DataFrame:
    """Add the underwriters' risk band as the `risk_band` column."""
    return applications.assign(risk_band=risk_band(applications))


def encode_categoricals(applications: pd.DataFrame) -> pd.DataFrame:
    """Code home ownership as 0-2 and one-hot encode the purpose (its columns go last)."""
    encoded = applications.assign(
        home_ownership=applications["home_ownership"].map(HOME_OWNERSHIP_CODES)
    )
    return pd.get_dummies(encoded, columns=ONE_HOT_COLUMNS)


def build_features(applications: pd.DataFrame) -> pd.DataFrame:
    """All the model's features, in the order the models were first trained on."""
    return (
        applications.pipe(add_affordability)
        .pipe(add_applicant_flags)
        .pipe(add_risk_band)
        .pipe(encode_categoricals)
    )

import pandas as pd
import pytest

from src.features import (
    add_affordability,
    add_applicant_flags,
    build_features,
    encode_categoricals,
    risk_band,
)


def make_applications(**columns):
    """Two cleaned, low-risk applications; keyword arguments replace whole columns."""
    applications = pd.DataFrame({
        "age": [30, 45],
        "annual_income": [50_000.0, 100_000.0],
        "loan_amount": [10_000.0, 12_000.0],
        "term": [36, 60],
        "employment_length": [4.0, 10.0],
        "home_ownership": ["RENT", "OWN"],
        "purpose": ["car", "credit_card"],
        "credit_history_years": [10, 25],
        "previous_defaults": [0, 0],
        "defaulted": [0, 1],
    })
    return applications.assign(**columns)


def test_add_affordability_divides_the_loan_by_the_income():
    features = add_affordability(make_applications())

    assert features["dti"].tolist() == pytest.approx([0.2, 0.12])
    # 10 000 over 36 months is 277.78 a month, 3 333.33 a year: 6.7% of 50 000
    assert features["payment_to_income"].tolist() == pytest.approx([10_000 / 36 * 12 / 50_000, 0.024])


def test_add_applicant_flags_marks_young_applicants_and_big_loans():
    applications = make_applications(age=[22, 45], loan_amount=[10_000.0, 25_000.0])

    features = add_applicant_flags(applications)

    assert features["young"].tolist() == [1, 0]
    assert features["big_loan"].tolist() == [0, 1]
    assert features["has_defaulted"].tolist() == [0, 0]


@pytest.mark.parametrize("changes, band", [
    ({}, 0),
    ({"dti": [0.36, 0.1]}, 1),
    ({"purpose": ["small_business", "car"]}, 1),
    ({"dti": [0.6, 0.1]}, 2),
    ({"previous_defaults": [1, 0]}, 2),
    ({"previous_defaults": [1, 0], "dti": [0.45, 0.1]}, 3),
    ({"previous_defaults": [3, 0]}, 3),
])
def test_risk_band_follows_the_underwriters_rules(changes, band):
    applications = make_applications(dti=[0.1, 0.1]).assign(**changes)

    assert risk_band(applications).tolist() == [band, 0]


def test_encode_categoricals_codes_home_ownership_and_one_hot_encodes_the_purpose():
    encoded = encode_categoricals(make_applications())

    assert encoded["home_ownership"].tolist() == [0, 2]
    assert "purpose" not in encoded.columns
    assert encoded["purpose_car"].tolist() == [True, False]
    assert list(encoded.columns[-2:]) == ["purpose_car", "purpose_credit_card"]


def test_build_features_keeps_the_columns_in_training_order():
    features = build_features(make_applications())

    assert list(features.columns) == [
        "age", "annual_income", "loan_amount", "term", "employment_length", "home_ownership",
        "credit_history_years", "previous_defaults", "defaulted", "dti", "payment_to_income",
        "young", "new_job", "short_history", "has_defaulted", "big_loan", "risk_band",
        "purpose_car", "purpose_credit_card",
    ]


def test_build_features_leaves_its_input_unchanged():
    applications = make_applications()
    before = applications.copy()

    build_features(applications)

    pd.testing.assert_frame_equal(applications, before)

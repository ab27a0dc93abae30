import pandas as pd
import pytest

from src.data import clean_applications, load_applications

HEADER = ("applicant_id,age,annual_income,loan_amount,term,employment_length,home_ownership,"
          "purpose,credit_history_years,previous_defaults,defaulted")


def make_applications(**columns):
    """Three plausible applications; keyword arguments replace whole columns."""
    applications = pd.DataFrame({
        "applicant_id": [1, 2, 3],
        "age": [30, 45, 52],
        "annual_income": [40_000.0, 60_000.0, 80_000.0],
        "loan_amount": [5_000.0, 12_000.0, 20_000.0],
        "term": ["36 months", "60 months", "36 months"],
        "employment_length": [2.0, 10.0, 20.0],
        "home_ownership": ["RENT", "MORTGAGE", "own"],
        "purpose": ["car", "credit_card", "debt_consolidation"],
        "credit_history_years": [8, 20, 30],
        "previous_defaults": [0, 1, 0],
        "defaulted": [0, 1, 0],
    })
    return applications.assign(**columns)


def test_load_applications_reads_the_declared_types(tmp_path):
    csv = tmp_path / "loans.csv"
    csv.write_text(HEADER + "\n7,30,40000,5000,36 months,,RENT,car,8,0,1\n")

    applications = load_applications(csv)

    assert applications.loc[0, "loan_amount"] == 5000.0
    assert applications["loan_amount"].dtype == "float64"
    assert applications["employment_length"].isna().all()


def test_clean_applications_turns_the_term_into_months():
    cleaned = clean_applications(make_applications())

    assert list(cleaned["term"]) == [36, 60, 36]


def test_clean_applications_drops_the_id_and_upper_cases_home_ownership():
    cleaned = clean_applications(make_applications())

    assert "applicant_id" not in cleaned.columns
    assert list(cleaned["home_ownership"]) == ["RENT", "MORTGAGE", "OWN"]


def test_clean_applications_fills_missing_income_with_the_median_and_employment_with_zero():
    applications = make_applications(annual_income=[40_000.0, None, 80_000.0],
                                     employment_length=[2.0, 10.0, None])

    cleaned = clean_applications(applications)

    assert cleaned["annual_income"].tolist() == [40_000.0, 60_000.0, 80_000.0]
    assert cleaned["employment_length"].tolist() == [2.0, 10.0, 0.0]


@pytest.mark.parametrize("column, bad_value", [("age", 0), ("annual_income", 6_000_000.0)])
def test_clean_applications_removes_implausible_rows(column, bad_value):
    applications = make_applications()
    applications.loc[1, column] = bad_value

    cleaned = clean_applications(applications)

    assert cleaned.index.tolist() == [0, 2]


def test_clean_applications_leaves_its_input_unchanged():
    applications = make_applications(annual_income=[40_000.0, None, 80_000.0])
    before = applications.copy()

    clean_applications(applications)

    pd.testing.assert_frame_equal(applications, before)

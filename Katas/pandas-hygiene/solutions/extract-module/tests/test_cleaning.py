"""Unit tests of the cleaning transforms, each on a few hand-made rows."""
import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from src.cleaning import (
    add_amount_eur,
    add_time_flags,
    clean,
    drop_duplicate_exports,
    drop_missing_amounts,
    drop_test_accounts,
    fill_missing_category,
    flag_large,
    flag_refunds,
    tidy_text,
)


def raw_rows():
    return pd.DataFrame(
        {
            "txn_id": ["T1", "T2", "T2", "T3", "T4"],
            "timestamp": ["2024-03-01 23:10", "2024-03-02 03:05", "2024-03-02 03:05",
                          "2024-03-02 12:00", "2024-03-03 05:59"],
            "customer_id": ["C001", "C002", "C002", "TEST1", "C003"],
            "merchant": ["  Noodle Bar ", "RAILCO", "RAILCO", "Petrolio", "Fresh Basket"],
            "category": ["dining", np.nan, np.nan, "fuel", "groceries"],
            "amount": [12.5, -40.0, -40.0, 60.0, np.nan],
            "currency": ["eur", "GBP", "GBP", "USD", "EUR"],
        }
    )


def test_drop_duplicate_exports_keeps_one_row_per_transaction():
    result = drop_duplicate_exports(raw_rows())
    assert list(result["txn_id"]) == ["T1", "T2", "T3", "T4"]


def test_drop_test_accounts_removes_test_customers():
    result = drop_test_accounts(raw_rows())
    assert "TEST1" not in set(result["customer_id"])
    assert len(result) == 4


def test_drop_missing_amounts_removes_rows_without_amount():
    result = drop_missing_amounts(raw_rows())
    assert result["amount"].notna().all()
    assert "T4" not in set(result["txn_id"])


def test_tidy_text_trims_merchants_and_upper_cases_currencies():
    result = tidy_text(raw_rows())
    assert list(result["merchant"]) == ["noodle bar", "railco", "railco", "petrolio", "fresh basket"]
    assert list(result["currency"]) == ["EUR", "GBP", "GBP", "USD", "EUR"]


def test_fill_missing_category_uses_other():
    result = fill_missing_category(raw_rows())
    assert list(result["category"]) == ["dining", "other", "other", "fuel", "groceries"]


def test_add_amount_eur_converts_with_the_currency_rate():
    frame = pd.DataFrame({"amount": [10.0, 10.0, 10.0], "currency": ["EUR", "USD", "GBP"]})
    result = add_amount_eur(frame)
    assert list(result["amount_eur"]) == pytest.approx([10.0, 9.2, 11.7])


def test_flag_refunds_marks_negative_amounts():
    frame = pd.DataFrame({"amount": [5.0, -5.0, 0.0, np.nan]})
    assert list(flag_refunds(frame)["is_refund"]) == [0, 1, 0, 0]


def test_flag_large_marks_only_the_top_percentile():
    frame = pd.DataFrame({"amount_eur": [float(value) for value in range(1, 201)]})
    result = flag_large(frame)
    assert list(result.loc[result["is_large"], "amount_eur"]) == [199.0, 200.0]


def test_add_time_flags_sets_hour_and_night():
    result = add_time_flags(raw_rows())
    assert list(result["hour"]) == [23, 3, 3, 12, 5]
    assert list(result["is_night"]) == [False, True, True, False, True]


def test_clean_leaves_its_input_unchanged():
    raw = raw_rows()
    clean(raw)
    pdt.assert_frame_equal(raw, raw_rows())


def test_clean_keeps_usable_rows_in_time_order():
    result = clean(raw_rows())
    assert list(result["txn_id"]) == ["T1", "T2"]
    assert list(result.columns[-5:]) == ["amount_eur", "is_refund", "is_large", "hour", "is_night"]

"""Unit tests for src/features.py: each function returns the right new frame or value and
leaves its input alone. No test needs to reset module state: there is none."""
import pandas as pd
import pytest

from src import features


@pytest.fixture
def listings():
    return pd.DataFrame({
        "listing_id": [1, 2, 3],
        "neighbourhood": ["harbour", "old_town", "harbour"],
        "area_m2": [80.0, None, 120.0],
        "rooms": [4.0, 3.0, None],
        "year_built": [2000, 1924, 2024],
        "has_garden": [0, 1, 1],
        "price": [300_000, 450_000, 500_000],
    })


def assert_unchanged_by(function, listings, *args):
    before = listings.copy()
    function(listings, *args)
    pd.testing.assert_frame_equal(listings, before)


def test_drop_outliers_keeps_houses_and_unknown_areas(listings):
    with_a_farm = listings.assign(area_m2=[80.0, None, 900.0])
    assert features.drop_outliers(with_a_farm)["listing_id"].tolist() == [1, 2]


def test_drop_outliers_leaves_its_input_unchanged(listings):
    assert_unchanged_by(features.drop_outliers, listings.assign(area_m2=[80.0, None, 900.0]))


def test_learn_fill_values_takes_the_medians(listings):
    assert features.learn_fill_values(listings) == {"area_m2": 100.0, "rooms": 3.5}


def test_fill_missing_fills_gaps_with_the_given_values(listings):
    filled = features.fill_missing(listings, {"area_m2": 90.0, "rooms": 2.0})
    assert filled["area_m2"].tolist() == [80.0, 90.0, 120.0]
    assert filled["rooms"].tolist() == [4.0, 3.0, 2.0]


def test_fill_missing_leaves_its_input_unchanged(listings):
    assert_unchanged_by(features.fill_missing, listings, {"area_m2": 90.0, "rooms": 2.0})


def test_add_age_counts_the_years_since_construction(listings):
    assert features.add_age(listings)["age"].tolist() == [24, 100, 0]


def test_add_age_leaves_its_input_unchanged(listings):
    assert_unchanged_by(features.add_age, listings)


def test_add_area_per_room_divides_area_by_rooms(listings):
    assert features.add_area_per_room(listings)["area_per_room"].iloc[0] == pytest.approx(20.0)


def test_add_area_per_room_leaves_its_input_unchanged(listings):
    assert_unchanged_by(features.add_area_per_room, listings)


def test_learn_neighbourhoods_lists_the_names_sorted(listings):
    assert features.learn_neighbourhoods(listings) == ["harbour", "old_town"]


def test_encode_neighbourhood_makes_one_column_per_given_name(listings):
    # riverside was learned from another table: its column exists here too, all zeros
    encoded = features.encode_neighbourhood(listings, ["harbour", "old_town", "riverside"])
    assert "neighbourhood" not in encoded.columns
    assert encoded["in_harbour"].tolist() == [1, 0, 1]
    assert encoded["in_old_town"].tolist() == [0, 1, 0]
    assert encoded["in_riverside"].tolist() == [0, 0, 0]


def test_encode_neighbourhood_leaves_its_input_unchanged(listings):
    assert_unchanged_by(features.encode_neighbourhood, listings, ["harbour", "old_town"])


def test_feature_columns_add_one_indicator_per_neighbourhood():
    columns = features.feature_columns(["harbour", "old_town"])
    assert columns[-2:] == ["in_harbour", "in_old_town"]
    assert "age" in columns

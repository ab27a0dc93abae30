"""Unit tests for src/features.py: each function returns the right new frame and leaves its input alone."""
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


def test_add_age_counts_the_years_since_construction(listings):
    assert features.add_age(listings)["age"].tolist() == [24, 100, 0]


def test_add_age_leaves_its_input_unchanged(listings):
    before = listings.copy()
    features.add_age(listings)
    pd.testing.assert_frame_equal(listings, before)


def test_add_area_per_room_divides_area_by_rooms(listings):
    assert features.add_area_per_room(listings)["area_per_room"].iloc[0] == pytest.approx(20.0)


def test_add_area_per_room_leaves_its_input_unchanged(listings):
    before = listings.copy()
    features.add_area_per_room(listings)
    pd.testing.assert_frame_equal(listings, before)


@pytest.fixture
def fresh_module_state(monkeypatch):
    # fill_missing and encode_neighbourhood remember the first table they see in module
    # variables; without this, each test would see what the previous one left behind.
    monkeypatch.setattr(features, "fill_values", {})
    monkeypatch.setattr(features, "neighbourhoods", [])
    monkeypatch.setattr(features, "feature_columns", list(features.feature_columns))


def test_fill_missing_fills_gaps_with_medians(listings, fresh_module_state):
    filled = features.fill_missing(listings)
    assert filled["area_m2"].tolist() == [80.0, 100.0, 120.0]
    assert filled["rooms"].tolist() == [4.0, 3.0, 3.5]


def test_fill_missing_leaves_its_input_unchanged(listings, fresh_module_state):
    before = listings.copy()
    features.fill_missing(listings)
    pd.testing.assert_frame_equal(listings, before)


def test_encode_neighbourhood_replaces_the_name_with_indicators(listings, fresh_module_state):
    encoded = features.encode_neighbourhood(listings)
    assert "neighbourhood" not in encoded.columns
    assert encoded["in_harbour"].tolist() == [1, 0, 1]
    assert encoded["in_old_town"].tolist() == [0, 1, 0]


def test_encode_neighbourhood_leaves_its_input_unchanged(listings, fresh_module_state):
    before = listings.copy()
    features.encode_neighbourhood(listings)
    pd.testing.assert_frame_equal(listings, before)

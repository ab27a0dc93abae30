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

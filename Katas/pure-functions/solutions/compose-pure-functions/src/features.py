"""Feature engineering for the house price model.

Every function here is pure: it returns a new frame or value and changes neither its
arguments nor any module variable. What is learned from the training set (the medians
that fill gaps, the neighbourhood names) comes out of a `learn_...` function and goes
into the functions that use it as a parameter.
"""
import pandas as pd

REFERENCE_YEAR = 2024
MAX_AREA_M2 = 400
GAP_COLUMNS = ("area_m2", "rooms")
NUMERIC_FEATURES = ("area_m2", "rooms", "age", "area_per_room", "has_garden")


def drop_outliers(listings: pd.DataFrame) -> pd.DataFrame:
    """The listings that are houses: those whose floor area is not above MAX_AREA_M2
    (warehouses and farms go; a listing with an unknown area stays)."""
    too_big = listings["area_m2"] > MAX_AREA_M2
    return listings[~too_big]


def learn_fill_values(listings: pd.DataFrame) -> dict[str, float]:
    """The median of each column with gaps, to fill the gaps of any table of listings."""
    return {column: listings[column].median() for column in GAP_COLUMNS}


def fill_missing(listings: pd.DataFrame, fill_values: dict[str, float]) -> pd.DataFrame:
    """A copy of `listings` with its gaps filled from `fill_values` (column: value)."""
    return listings.fillna(value=fill_values)


def add_age(listings: pd.DataFrame) -> pd.DataFrame:
    """A copy of `listings` with `age`: the years from construction to REFERENCE_YEAR."""
    return listings.assign(age=REFERENCE_YEAR - listings["year_built"])


def add_area_per_room(listings: pd.DataFrame) -> pd.DataFrame:
    """A copy of `listings` with `area_per_room`: floor area (m²) divided by the number of rooms."""
    return listings.assign(area_per_room=listings["area_m2"] / listings["rooms"])


def learn_neighbourhoods(listings: pd.DataFrame) -> list[str]:
    """The neighbourhood names, sorted: one indicator column each."""
    return sorted(listings["neighbourhood"].unique())


def encode_neighbourhood(listings: pd.DataFrame, neighbourhoods: list[str]) -> pd.DataFrame:
    """A copy of `listings` with one 0/1 column `in_<name>` per neighbourhood instead of the name."""
    indicators = {"in_" + name: (listings["neighbourhood"] == name).astype(int) for name in neighbourhoods}
    return listings.drop(columns="neighbourhood").assign(**indicators)


def feature_columns(neighbourhoods: list[str]) -> list[str]:
    """The columns the model is trained on."""
    return list(NUMERIC_FEATURES) + ["in_" + name for name in neighbourhoods]


def build_features(listings: pd.DataFrame, fill_values: dict[str, float], neighbourhoods: list[str]) -> pd.DataFrame:
    """The model's features for one table of listings, from what was learned on the training set."""
    listings = fill_missing(listings, fill_values)
    listings = add_age(listings)
    listings = add_area_per_room(listings)
    return encode_neighbourhood(listings, neighbourhoods)

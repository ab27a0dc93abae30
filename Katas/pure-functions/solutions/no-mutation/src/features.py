"""Feature engineering for the house price model."""
import pandas as pd

REFERENCE_YEAR = 2024
MAX_AREA_M2 = 400

# Filled in as the functions below run.
fill_values = {}
neighbourhoods = []
feature_columns = ["area_m2", "rooms", "age", "area_per_room", "has_garden"]
n_outliers = 0


def drop_outliers(listings):
    """Drop listings that are not houses (warehouses, farms): floor area above MAX_AREA_M2."""
    global n_outliers
    too_big = listings["area_m2"] > MAX_AREA_M2
    n_outliers = n_outliers + int(too_big.sum())
    return listings[~too_big].copy()


def fill_missing(listings: pd.DataFrame) -> pd.DataFrame:
    """A copy of `listings` with the gaps in area and rooms filled with the medians of the first
    table seen (the training set)."""
    for column in ["area_m2", "rooms"]:
        if column not in fill_values:
            fill_values[column] = listings[column].median()
    return listings.fillna(value=fill_values)


def add_age(listings: pd.DataFrame) -> pd.DataFrame:
    """A copy of `listings` with `age`: the years from construction to REFERENCE_YEAR."""
    return listings.assign(age=REFERENCE_YEAR - listings["year_built"])


def add_area_per_room(listings: pd.DataFrame) -> pd.DataFrame:
    """A copy of `listings` with `area_per_room`: floor area (m²) divided by the number of rooms."""
    return listings.assign(area_per_room=listings["area_m2"] / listings["rooms"])


def encode_neighbourhood(listings: pd.DataFrame) -> pd.DataFrame:
    """A copy of `listings` with one 0/1 column per neighbourhood of the first table seen,
    instead of the neighbourhood's name."""
    global neighbourhoods
    if not neighbourhoods:
        neighbourhoods = sorted(listings["neighbourhood"].unique())
        for name in neighbourhoods:
            feature_columns.append("in_" + name)
    indicators = {"in_" + name: (listings["neighbourhood"] == name).astype(int) for name in neighbourhoods}
    return listings.drop(columns="neighbourhood").assign(**indicators)

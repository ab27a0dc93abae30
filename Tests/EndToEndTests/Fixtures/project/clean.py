"""A module smelt has nothing to say about."""
import pandas as pd

MIN_AGE = 18


def adults(people: pd.DataFrame) -> pd.DataFrame:
    return people[people["age"] >= MIN_AGE]

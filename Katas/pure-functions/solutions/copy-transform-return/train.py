"""Train the house price model and report its error on listings it has not seen."""
import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error

from src import features

SEED = 0


def prepare(listings):
    """The model's features for one table of listings."""
    features.fill_missing(listings)
    listings = features.add_age(listings)
    listings = features.add_area_per_room(listings)
    features.encode_neighbourhood(listings)
    return listings


listings = pd.read_csv("data/listings.csv")
test = listings.sample(frac=0.25, random_state=SEED)
train = listings.drop(index=test.index)

train = prepare(features.drop_outliers(train))
test = prepare(test)

model = LinearRegression()
model.fit(train[features.feature_columns], train["price"])
predictions = model.predict(test[features.feature_columns])

print(f"train: {len(train)} listings ({features.n_outliers} outliers dropped), test: {len(test)} listings")
print(f"test MAE: {mean_absolute_error(test['price'], predictions):,.0f} EUR")

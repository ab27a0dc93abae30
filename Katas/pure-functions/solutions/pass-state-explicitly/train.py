"""Train the house price model and report its error on listings it has not seen."""
import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error

from src import features

SEED = 0


def prepare(listings, fill_values, neighbourhoods):
    """The model's features for one table of listings."""
    listings = features.fill_missing(listings, fill_values)
    listings = features.add_age(listings)
    listings = features.add_area_per_room(listings)
    return features.encode_neighbourhood(listings, neighbourhoods)


listings = pd.read_csv("data/listings.csv")
test = listings.sample(frac=0.25, random_state=SEED)
train = listings.drop(index=test.index)

houses = features.drop_outliers(train)
n_outliers = len(train) - len(houses)
fill_values = features.learn_fill_values(houses)
neighbourhoods = features.learn_neighbourhoods(houses)
train = prepare(houses, fill_values, neighbourhoods)
test = prepare(test, fill_values, neighbourhoods)
columns = features.feature_columns(neighbourhoods)

model = LinearRegression()
model.fit(train[columns], train["price"])
predictions = model.predict(test[columns])

print(f"train: {len(train)} listings ({n_outliers} outliers dropped), test: {len(test)} listings")
print(f"test MAE: {mean_absolute_error(test['price'], predictions):,.0f} EUR")

"""Train the house price model and report its error on listings it has not seen."""
import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error

from src import features

SEED = 0

listings = pd.read_csv("data/listings.csv")
test = listings.sample(frac=0.25, random_state=SEED)
train = listings.drop(index=test.index)

train = features.drop_outliers(train)
for table in (train, test):
    features.fill_missing(table)
    features.add_age(table)
    features.add_area_per_room(table)
    features.encode_neighbourhood(table)

model = LinearRegression()
model.fit(train[features.feature_columns], train["price"])
predictions = model.predict(test[features.feature_columns])

print(f"train: {len(train)} listings ({features.n_outliers} outliers dropped), test: {len(test)} listings")
print(f"test MAE: {mean_absolute_error(test['price'], predictions):,.0f} EUR")

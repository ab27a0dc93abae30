"""Train the house price model and report its error on listings it has not seen."""
import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error

from src import features

SEED = 0
LISTINGS_CSV = "data/listings.csv"
TEST_FRACTION = 0.25


def train_and_evaluate(listings: pd.DataFrame) -> dict:
    """Train on most of the listings, test on the rest; return the sizes and the test error."""
    test = listings.sample(frac=TEST_FRACTION, random_state=SEED)
    train = listings.drop(index=test.index)
    houses = features.drop_outliers(train)

    fill_values = features.learn_fill_values(houses)
    neighbourhoods = features.learn_neighbourhoods(houses)
    train_features = features.build_features(houses, fill_values, neighbourhoods)
    test_features = features.build_features(test, fill_values, neighbourhoods)
    columns = features.feature_columns(neighbourhoods)

    model = LinearRegression()
    model.fit(train_features[columns], train_features["price"])
    predictions = model.predict(test_features[columns])
    return {
        "train_rows": len(houses),
        "outliers": len(train) - len(houses),
        "test_rows": len(test),
        "mae": mean_absolute_error(test["price"], predictions),
    }


def main() -> None:
    report = train_and_evaluate(pd.read_csv(LISTINGS_CSV))
    print(f"train: {report['train_rows']} listings ({report['outliers']} outliers dropped), "
          f"test: {report['test_rows']} listings")
    print(f"test MAE: {report['mae']:,.0f} EUR")


if __name__ == "__main__":
    main()

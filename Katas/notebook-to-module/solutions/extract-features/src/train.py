# # Loan default model
#
# Which applications will default? Trying a random forest and gradient boosting on the
# applications export from the risk team (`loans.csv`, one row per application).

import json

from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split

from src.data import clean_applications, load_applications
from src.features import build_features


# ## Features

applications = clean_applications(load_applications())
features = build_features(applications)


# ## Model
#
# Random forest first, then gradient boosting. The risk team asked for accuracy;
# ROC AUC tells how well each model ranks risky applications above safe ones.


x1 = features.drop(columns=["defaulted"])
y1 = features["defaulted"]
X_train, X_test, y_train, y_test = train_test_split(x1, y1, test_size=0.25, random_state=42)

results = {}


def check(pred, proba, name):
    results[name] = {
        "accuracy": accuracy_score(y_test, pred),
        "roc_auc": roc_auc_score(y_test, proba),
    }


rf = RandomForestClassifier(n_estimators=200, max_depth=6, random_state=42)
rf.fit(X_train, y_train)
rf_pred = rf.predict(X_test)
rf_proba = rf.predict_proba(X_test)[:, 1]
check(rf_pred, rf_proba, "random_forest")

gb = GradientBoostingClassifier(n_estimators=100, max_depth=3, random_state=42)
gb.fit(X_train, y_train)
gb_pred = gb.predict(X_test)
gb_proba = gb.predict_proba(X_test)[:, 1]
check(gb_pred, gb_proba, "gradient_boosting")


# ## Save the results

json.dump(results, open("metrics.json", "w"), indent=2)

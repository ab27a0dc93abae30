# # Loan default model
#
# Which applications will default? Trying a random forest and gradient boosting on the
# applications export from the risk team (`loans.csv`, one row per application).

import json

import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split

from src.data import clean_applications, load_applications


# ## Load and clean the data

df2 = clean_applications(load_applications())


# ## Features
#
# Debt-to-income is what the underwriters look at first. The risk band is their rule of thumb.


def risk(r):
    if r["previous_defaults"] > 2:
        return 3
    elif r["previous_defaults"] > 0 and r["dti"] > 0.4:
        return 3
    elif r["previous_defaults"] > 0:
        return 2
    elif r["dti"] > 0.5 and r["term"] == 60:
        return 2
    elif r["dti"] > 0.5:
        return 2
    elif r["dti"] > 0.35:
        return 1
    elif r["purpose"] == "small_business":
        return 1
    elif r["credit_history_years"] < 2:
        return 1
    elif r["employment_length"] < 1 and r["home_ownership"] == "RENT":
        return 1
    elif r["age"] < 25 and r["term"] == 60:
        return 1
    else:
        return 0


# one-hot these; home_ownership is mapped to numbers
cat_cols = ["purpose"]

# Step 1: affordability ratios
df2["dti"] = df2["loan_amount"] / df2["annual_income"]
df2["monthly_payment"] = df2["loan_amount"] / df2["term"]
df2["payment_to_income"] = df2["monthly_payment"] * 12 / df2["annual_income"]

# Step 2: applicant flags
df2["young"] = (df2["age"] < 25).astype(int)
df2["new_job"] = (df2["employment_length"] < 1).astype(int)
df2["short_history"] = (df2["credit_history_years"] < 3).astype(int)
df2["has_defaulted"] = (df2["previous_defaults"] > 0).astype(int)
df2["big_loan"] = (df2["loan_amount"] > 20000).astype(int)

# Step 3: risk band
df2["risk_band"] = df2.apply(risk, axis=1)

# Step 4: encode categoricals
df2["home_ownership"] = df2["home_ownership"].map({"RENT": 0, "MORTGAGE": 1, "OWN": 2})
temp = pd.get_dummies(df2[cat_cols])
df2 = pd.concat([df2.drop(columns=cat_cols), temp], axis=1)
# monthly payment is just loan_amount / term
df2 = df2.drop(columns=["monthly_payment"])


# ## Model
#
# Random forest first, then gradient boosting. The risk team asked for accuracy;
# ROC AUC tells how well each model ranks risky applications above safe ones.


x1 = df2.drop(columns=["defaulted"])
y1 = df2["defaulted"]
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

# # Loan default model
#
# Which applications will default? Trying a random forest and gradient boosting on the
# applications export from the risk team (`loans.csv`, one row per application).

import json

import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split


# ## Load the data


def load(p):
    try:
        d = pd.read_csv(p)
    except:
        d = pd.read_csv("data/loans.csv")
    d = d.drop(columns=["applicant_id"])
    d["term"] = d["term"].map({"36 months": 36, "60 months": 60})
    d["home_ownership"] = d["home_ownership"].str.upper()
    return d


df = load("/Users/maria/projects/loan-default/data/loans.csv")


# ## Clean
#
# Some ages are 0 and a few incomes have two extra zeros (typos in the export?).
# Missing employment length probably means unemployed.


def clean(d, min_age, max_income, drop_missing=False):
    d["annual_income"] = d["annual_income"].fillna(d["annual_income"].median())
    if drop_missing:
        d = d.dropna()
    else:
        d["employment_length"] = d["employment_length"].fillna(0)
    d = d[d["age"] >= min_age]
    d = d[d["annual_income"] < max_income]
    return d


df2 = clean(df, 18, 500000)


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
# Random forest first, then gradient boosting. The risk team asked for accuracy.


x1 = df2.drop(columns=["defaulted"])
y1 = df2["defaulted"]
X_train, X_test, y_train, y_test = train_test_split(x1, y1, test_size=0.25, random_state=42)

results = {}


def check(pred, name):
    a = accuracy_score(y_train, pred)
    results[name] = a
    return a


rf = RandomForestClassifier(n_estimators=200, max_depth=6, random_state=42)
rf.fit(X_train, y_train)
rf_pred = rf.predict(X_train)
check(rf_pred, "random_forest")

gb = GradientBoostingClassifier(n_estimators=100, max_depth=3, random_state=42)
gb.fit(X_train, y_train)
gb_pred = gb.predict(X_train)
check(gb_pred, "gradient_boosting")


# ## Save the results

json.dump(results, open("metrics.json", "w"), indent=2)

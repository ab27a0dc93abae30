"""Train a loan-default model. A deliberately messy script for `make demo`."""
import os
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, roc_auc_score

loans = pd.read_csv("data/loans.csv")
print(loans.shape)
loans.head()
loans = loans.dropna()
loans["income"] = loans["income"].clip(0)
loans[loans["age"] < 18]["approved"] = False
loans["age_group"] = pd.cut(loans["age"], [0, 18, 65, 120])
# loans = loans[loans["income"] > 1000]
loans["ratio"] = loans["amount"] / loans["income"]
X = loans.drop(columns=["default"])
y = loans["default"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)


def train_and_report(X_train, y_train, X_test, y_test, n_trees, depth):
    model = RandomForestClassifier(n_estimators=n_trees, max_depth=depth)
    model.fit(X_train, y_train)
    predictions = model.predict(X_test)
    accuracy = accuracy_score(y_test, predictions)
    print("accuracy", accuracy)
    if accuracy > 0.869:
        print("good enough")
    return model


model = train_and_report(X_train, y_train, X_test, y_test, 300, 7)

"""Train the churn model and report how good it is."""
import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler

SEED = 42

customers = pd.read_csv("data/churn.csv")
X = customers.drop(columns=["customer_id", "churned"])
y = customers["churned"]

X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, stratify=y, random_state=SEED
)

# fill the gaps, then put every feature on the same scale,
# learning the medians, means and deviations from the training rows only
imputer = SimpleImputer(strategy="median")
X_train = imputer.fit_transform(X_train)
X_test = imputer.transform(X_test)
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)

model = KNeighborsClassifier(n_neighbors=5)
model.fit(X_train, y_train)

# evaluate on the rows the model has never seen
predictions = model.predict(X_test)
churn_probabilities = model.predict_proba(X_test)[:, 1]
print(f"held-out accuracy: {accuracy_score(y_test, predictions):.3f}")
print(f"held-out ROC AUC: {roc_auc_score(y_test, churn_probabilities):.3f}")

# # Loan default model
#
# Which applications will default? Trying a random forest and gradient boosting on the
# applications export from the risk team (`loans.csv`, one row per application).
# Accuracy is what the risk team asked for; ROC AUC tells how well each model ranks
# risky applications above safe ones. Both are measured on held-out applications.

import json

from src.data import clean_applications, load_applications
from src.features import build_features
from src.model import candidate_models, evaluate, split_applications, train_model

applications = clean_applications(load_applications())
X_train, X_test, y_train, y_test = split_applications(build_features(applications))

metrics = {}
for name, model in candidate_models().items():
    metrics[name] = evaluate(train_model(model, X_train, y_train), X_test, y_test)

with open("metrics.json", "w") as metrics_file:
    json.dump(metrics, metrics_file, indent=2)

"""The loan-default model: loading the applications, building features, training."""

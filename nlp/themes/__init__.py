"""The theme classifier: label set, base encoder preparation, training, evaluation, inference."""

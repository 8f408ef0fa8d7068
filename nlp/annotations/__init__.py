"""The annotated clause corpus: validation, splits, Label Studio interchange."""

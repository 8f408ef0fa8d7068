"""TF-IDF character n-gram (1-3) + one-vs-rest logistic-regression baseline.

Trained on the same train split and given thresholds by the same per-label
procedure as the neural model (:func:`nlp.themes.evaluate.tune_thresholds`).
It is cheap (seconds), so it is not saved: :func:`nlp.themes.evaluate.evaluate`
retrains it from the annotations recorded with the model. Its input is the
same ``context | clause`` string the neural model sees.

Public API: :class:`TfidfBaseline`, :func:`baseline_texts`, :func:`out_of_fold_scores`.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np

from nlp.themes.data import model_inputs


def baseline_texts(items: Iterable[Any], context: str = "title+path", max_context_chars: int = 120) -> list[str]:
    """``"context | clause"`` strings (just the clause when there is no context)."""
    return [f"{c} | {t}" if c else t for c, t in model_inputs(list(items), context, max_context_chars)]


class TfidfBaseline:
    """Char 1-3-gram TF-IDF + one logistic regression per label (balanced class weights)."""

    def __init__(self, *, C: float = 4.0, max_features: int = 200_000, seed: int = 13):
        self.C = C
        self.max_features = max_features
        self.seed = seed
        self.vectorizer = None
        self.models: list[Any] = []  # a LogisticRegression or a constant probability per label

    def fit(self, texts: Sequence[str], y: np.ndarray) -> "TfidfBaseline":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1, max_features=self.max_features)
        x = self.vectorizer.fit_transform(list(texts))
        self.models = []
        for j in range(y.shape[1]):
            col = y[:, j]
            if col.min() == col.max():  # label absent (or always present) in train
                self.models.append(float(col.max()) if len(col) else 0.0)
                continue
            lr = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000, solver="liblinear", random_state=self.seed)
            lr.fit(x, col.astype(int))
            self.models.append(lr)
        return self

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities [n, n_labels]."""
        if self.vectorizer is None:
            raise RuntimeError("baseline not fitted")
        x = self.vectorizer.transform(list(texts))
        out = np.zeros((x.shape[0], len(self.models)), dtype=np.float32)
        for j, m in enumerate(self.models):
            out[:, j] = m if isinstance(m, float) else m.predict_proba(x)[:, 1]
        return out


def out_of_fold_scores(texts: Sequence[str], y: np.ndarray, fold_of_row: Sequence[int], folds: int, *, seed: int = 13) -> np.ndarray:
    """Baseline scores of every row from a baseline trained on the other folds.

    ``fold_of_row`` gives each row's fold (0..folds-1); rows of fold -1 (training-only
    documents) are always trained on and keep zero scores.
    """
    out = np.zeros(y.shape, dtype=np.float32)
    for f in range(folds):
        te = [i for i, g in enumerate(fold_of_row) if g == f]
        tr = [i for i, g in enumerate(fold_of_row) if g != f]
        out[te] = TfidfBaseline(seed=seed).fit([texts[i] for i in tr], y[tr]).scores([texts[i] for i in te])
    return out

"""The served theme score as a blend of the fine-tuned encoder and the TF-IDF baseline.

A model directory may carry, beside the encoder, the project's TF-IDF baseline
(:class:`nlp.themes.baseline.TfidfBaseline`: character 1-3-grams, sublinear tf,
l2 norm, one logistic regression per label) fitted on exactly the encoder's
training data. Its scores are then::

    score = w * encoder + (1 - w) * baseline          (per label, float32)

with ``w`` chosen on the dev split only (:func:`choose_weight`: grid 0.0..1.0 step
0.1, best dev micro-F1, ties broken by dev macro-F1, then by the larger ``w``)
and the per-label thresholds in ``thresholds.json`` re-tuned on the blended dev
scores. The baseline is stored without pickles:

``baseline.safetensors``
    ``idf`` [n_features] float32, ``coef`` [n_labels, n_features] float32,
    ``intercept`` [n_labels] float32, ``constant`` [n_labels] float32 (the
    probability of a label the regression could not fit, i.e. a label with one
    class in train) and ``fitted`` [n_labels] uint8 (1: a regression, 0: constant).
``baseline.json``
    the vocabulary (n-grams in column order), the vectorizer settings, the
    blend weight, how it was chosen with the dev figures of every weight, the
    encoder's own dev-tuned thresholds (``encoder_thresholds``) and the
    baseline's (``baseline_thresholds``).

``config.json`` declares the blend (``"blend": {...}``) so that a directory which
lost one of the files is refused instead of silently serving the encoder with
the blend's thresholds. Inference needs no fitted sklearn object:
:class:`CharTfidfLR` re-implements ``TfidfVectorizer(analyzer="char")`` transform
and ``LogisticRegression.predict_proba`` in numpy (equal to sklearn to 1e-5,
tests/test_blend.py).

Public API: :class:`CharTfidfLR`, :class:`Blend`, :func:`blend_scores`,
:func:`choose_weight`, :func:`read_blend`, :func:`write_blend`, :func:`fit_blend`,
:func:`blend_model_dir`, :data:`WEIGHT_GRID`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from nlp.errors import ModelError

BLEND_FORMAT = "yigai-blend/1"
BASELINE_WEIGHTS = "baseline.safetensors"
BASELINE_META = "baseline.json"
BLEND_FILES = (BASELINE_WEIGHTS, BASELINE_META)
WEIGHT_GRID = tuple(round(0.1 * i, 1) for i in range(11))
WEIGHT_RULE = "max dev micro-F1 over the grid, ties broken by dev macro-F1, then by the larger weight (figures as reported, 4 decimals)"
FORMULA = "score = weight * encoder + (1 - weight) * baseline (float32, per label)"
_FIX = "re-create the blend with `yigai model blend MODEL --out NEW_DIR` from the encoder's directory, or retrain with `yigai train CONFIG`"
# the TfidfVectorizer settings CharTfidfLR reproduces (sklearn defaults except analyzer/ngram_range/sublinear_tf)
VECTORIZER = {
    "class": "sklearn.feature_extraction.text.TfidfVectorizer",
    "analyzer": "char",
    "ngram_range": [1, 3],
    "lowercase": True,
    "strip_accents": None,
    "whitespace": "runs of two or more whitespace characters (re \\s\\s+) become one space, after lowercasing",
    "sublinear_tf": True,
    "use_idf": True,
    "smooth_idf": True,
    "norm": "l2",
    "min_df": 1,
    "max_df": 1.0,
}
_WHITE_SPACES = re.compile(r"\s\s+")  # sklearn's _VectorizerMixin._white_spaces


# ---------------------------------------------------------------------- the baseline, in numpy
class CharTfidfLR:
    """Character n-gram TF-IDF + one binary logistic regression per label, computed with numpy.

    Reproduces ``TfidfVectorizer(analyzer="char", ngram_range, sublinear_tf=True)``'s
    ``transform`` (str.lower, whitespace runs -> one space, character n-grams, counts
    of in-vocabulary n-grams, ``1 + log(count)``, times idf, l2-normalised rows) and
    ``LogisticRegression.predict_proba(x)[:, 1]`` (``expit(x @ coef + intercept)``).
    Labels the regression could not fit score their ``constant`` probability.
    """

    def __init__(
        self,
        vocabulary: Sequence[str],
        idf: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
        constant: np.ndarray,
        fitted: np.ndarray,
        *,
        ngram_range: tuple[int, int] = (1, 3),
        lowercase: bool = True,
    ):
        self.vocabulary = list(vocabulary)
        self.index = {g: i for i, g in enumerate(self.vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float32)
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self.constant = np.asarray(constant, dtype=np.float32)
        self.fitted = np.asarray(fitted, dtype=bool)
        self.ngram_range = (int(ngram_range[0]), int(ngram_range[1]))
        self.lowercase = bool(lowercase)
        # computed in float64 like sklearn; the stored float32 values are exact in float64
        self._idf64 = self.idf.astype(np.float64)
        self._coef_t = np.ascontiguousarray(self.coef.astype(np.float64).T)  # [n_features, n_labels]
        self._intercept64 = self.intercept.astype(np.float64)

    @property
    def n_labels(self) -> int:
        return int(self.coef.shape[0])

    @property
    def n_features(self) -> int:
        return len(self.vocabulary)

    # -- sklearn's analyzer
    def ngrams(self, text: str) -> list[str]:
        """The character n-grams of ``text`` exactly as sklearn's char analyzer yields them."""
        if self.lowercase:
            text = text.lower()
        text = _WHITE_SPACES.sub(" ", text)
        lo, hi = self.ngram_range
        n_chars = len(text)
        out: list[str] = []
        if lo == 1:
            out = list(text)
            lo = 2
        for n in range(lo, min(hi + 1, n_chars + 1)):
            out += [text[i : i + n] for i in range(n_chars - n + 1)]
        return out

    def features(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The TF-IDF rows as CSR arrays ``(indptr, indices, data)`` (float64, l2-normalised)."""
        indptr = [0]
        indices: list[int] = []
        values: list[float] = []
        get = self.index.get
        for t in texts:
            counts = Counter(j for j in map(get, self.ngrams(str(t))) if j is not None)
            indices.extend(counts.keys())
            values.extend(counts.values())
            indptr.append(len(indices))
        ip = np.asarray(indptr, dtype=np.int64)
        ix = np.asarray(indices, dtype=np.int64)
        data = np.asarray(values, dtype=np.float64)
        if data.size:
            data = (np.log(data) + 1.0) * self._idf64[ix]
            rows = np.repeat(np.arange(len(texts)), np.diff(ip))
            norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=len(texts)))
            data = data / norms[rows]
        return ip, ix, data

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        """``x @ coef.T + intercept`` [n, n_labels] (float64)."""
        ip, ix, data = self.features(texts)
        n = len(ip) - 1
        out = np.tile(self._intercept64, (n, 1))
        rows = np.flatnonzero(np.diff(ip) > 0)
        # row blocks of about 64k non-zeros bound the [nnz, n_labels] temporary
        start = 0
        while start < rows.size:
            stop = int(np.searchsorted(ip[rows + 1], ip[rows[start]] + (1 << 16), side="right"))
            stop = max(stop, start + 1)
            blk = rows[start:stop]
            lo, hi = int(ip[blk[0]]), int(ip[blk[-1] + 1])
            contrib = self._coef_t[ix[lo:hi]] * data[lo:hi, None]
            out[blk] += np.add.reduceat(contrib, ip[blk] - lo, axis=0)
            start = stop
        return out

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities [n, n_labels], float32 (as :meth:`TfidfBaseline.scores`)."""
        dec = self.decision(list(texts))
        prob = 0.5 * (1.0 + np.tanh(0.5 * dec))  # expit without overflow warnings
        prob[:, ~self.fitted] = self.constant[~self.fitted].astype(np.float64)
        return prob.astype(np.float32)

    # -- conversion
    @classmethod
    def from_sklearn(cls, baseline: Any) -> "CharTfidfLR":
        """From a fitted :class:`nlp.themes.baseline.TfidfBaseline`."""
        v = baseline.vectorizer
        if v is None:
            raise ValueError("baseline not fitted")
        params = v.get_params()
        for k in ("analyzer", "lowercase", "strip_accents", "sublinear_tf", "use_idf", "norm"):
            want = VECTORIZER[k]
            if params[k] != want:
                raise ValueError(f"CharTfidfLR cannot reproduce TfidfVectorizer({k}={params[k]!r}); it needs {want!r}")
        if params["preprocessor"] is not None or params["tokenizer"] is not None or params["input"] != "content":
            raise ValueError("CharTfidfLR needs the default preprocessor, tokenizer and input")
        vocab: list[str | None] = [None] * len(v.vocabulary_)
        for g, i in v.vocabulary_.items():
            vocab[i] = g
        n_labels = len(baseline.models)
        coef = np.zeros((n_labels, len(vocab)), dtype=np.float64)
        intercept = np.zeros(n_labels, dtype=np.float64)
        constant = np.zeros(n_labels, dtype=np.float64)
        fitted = np.zeros(n_labels, dtype=np.uint8)
        for j, m in enumerate(baseline.models):
            if isinstance(m, float):
                constant[j] = m
                continue
            if list(m.classes_) != [0, 1] or m.coef_.shape != (1, len(vocab)):
                raise ValueError(f"label {j}: expected a binary logistic regression over {len(vocab)} features")
            coef[j] = m.coef_[0]
            intercept[j] = float(m.intercept_[0])
            fitted[j] = 1
        return cls(vocab, v.idf_, coef, intercept, constant, fitted, ngram_range=tuple(params["ngram_range"]), lowercase=params["lowercase"])  # type: ignore[arg-type]


def pair_texts(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """The baseline's input of ``(context, clause)`` pairs: ``"context | clause"`` (the clause alone without context),
    as :func:`nlp.themes.baseline.baseline_texts` builds it."""
    return [f"{c} | {t}" if c else t for c, t in pairs]


def blend_scores(encoder: np.ndarray, baseline: np.ndarray, weight: float) -> np.ndarray:
    """``weight * encoder + (1 - weight) * baseline`` in float32: the one formula serving, tuning and evaluation use."""
    w = np.float32(weight)
    return (w * np.asarray(encoder, dtype=np.float32) + (np.float32(1.0) - w) * np.asarray(baseline, dtype=np.float32)).astype(np.float32)


# ---------------------------------------------------------------------- choosing the weight (dev only)
def choose_weight(
    y_dev: np.ndarray,
    encoder_dev: np.ndarray,
    baseline_dev: np.ndarray,
    tune: Callable[[np.ndarray, np.ndarray], dict[str, float]],
    *,
    grid: Sequence[float] = WEIGHT_GRID,
    label_ids: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The blend weight, chosen on dev scores only (there is no other input).

    For every ``w`` of ``grid``: blend, tune per-label thresholds on the blend with
    ``tune(y, scores)``, and score dev with them. The best ``w`` has the highest dev
    micro-F1, then the highest dev macro-F1, then is the larger ``w`` (:data:`WEIGHT_RULE`).
    ``label_ids``: the columns (default: :data:`nlp.themes.labels.LABEL_IDS`).
    Returns ``weight``, ``thresholds`` (tuned at that weight), ``report`` (its dev report)
    and ``per_weight`` (``[{"weight", "dev_micro_f1", "dev_macro_f1"}]``).
    """
    from nlp.themes.evaluate import apply_thresholds, multilabel_report

    labs = list(label_ids) if label_ids is not None else _label_ids()
    rows: list[dict[str, Any]] = []
    best: dict[str, Any] | None = None
    for w in grid:
        s = blend_scores(encoder_dev, baseline_dev, float(w))
        th = tune(y_dev, s)
        rep = multilabel_report(y_dev, apply_thresholds(s, th, labs), labs)
        row = {"weight": float(w), "dev_micro_f1": rep["micro_f1"], "dev_macro_f1": rep["macro_f1"]}
        rows.append(row)
        key = (row["dev_micro_f1"], row["dev_macro_f1"], row["weight"])
        if best is None or key > best["key"]:
            best = {"key": key, "weight": float(w), "thresholds": th, "report": rep}
    assert best is not None
    return {"weight": best["weight"], "thresholds": best["thresholds"], "report": best["report"], "per_weight": rows}


# ---------------------------------------------------------------------- the model directory files
@dataclass
class Blend:
    """A loaded blend: the baseline scorer, its weight and the record from baseline.json."""

    baseline: CharTfidfLR
    weight: float
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def encoder_thresholds(self) -> dict[str, float] | None:
        th = self.meta.get("encoder_thresholds")
        return {k: float(v) for k, v in th.items()} if isinstance(th, dict) else None

    @property
    def baseline_thresholds(self) -> dict[str, float] | None:
        th = self.meta.get("baseline_thresholds")
        return {k: float(v) for k, v in th.items()} if isinstance(th, dict) else None


def _json_text(obj: Any) -> str:
    try:
        text = json.dumps(obj, ensure_ascii=False, indent=1)
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate in an n-gram: escape everything
        text = json.dumps(obj, ensure_ascii=True, indent=1)
    return text + "\n"


def write_blend(model_dir: str | Path, baseline: CharTfidfLR, weight: float, meta: dict[str, Any]) -> None:
    """Write ``baseline.safetensors`` + ``baseline.json`` into ``model_dir`` and declare the blend in config.json.

    ``meta`` is recorded in baseline.json (selection, thresholds, provenance); the
    vocabulary and the vectorizer settings are added here.
    """
    from safetensors.numpy import save_file

    d = Path(model_dir)
    tensors = {
        "idf": baseline.idf.astype(np.float32),
        "coef": baseline.coef.astype(np.float32),
        "intercept": baseline.intercept.astype(np.float32),
        "constant": baseline.constant.astype(np.float32),
        "fitted": baseline.fitted.astype(np.uint8),
    }
    save_file({k: np.ascontiguousarray(v) for k, v in tensors.items()}, str(d / BASELINE_WEIGHTS), metadata={"format": BLEND_FORMAT})
    os.chmod(d / BASELINE_WEIGHTS, 0o644)
    vec = {**VECTORIZER, "ngram_range": list(baseline.ngram_range), "lowercase": baseline.lowercase, "n_features": baseline.n_features}
    record = {"format": BLEND_FORMAT, "weight": float(weight), "formula": FORMULA, **meta, "vectorizer": vec, "vocabulary": baseline.vocabulary}
    (d / BASELINE_META).write_text(_json_text(record), encoding="utf-8")
    cfg_path = d / "config.json"
    cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    cfg["blend"] = {"format": BLEND_FORMAT, "files": list(BLEND_FILES), "weight": float(weight)}
    cfg.setdefault("train_config", {})["blend"] = "dev"
    cfg_path.write_text(json.dumps(cfg, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read_blend(model_dir: str | Path, labels: Sequence[tuple[str, str]], config: dict[str, Any]) -> Blend | None:
    """The blend of a model directory, or None when it has none.

    A directory whose config.json declares a blend, or that holds one of the two
    files, must hold both, readable and consistent with the model's labels and
    inputs; otherwise :class:`ModelError` names the file and the fix.
    """
    from safetensors import SafetensorError
    from safetensors.numpy import load_file

    d = Path(model_dir)
    present = [n for n in BLEND_FILES if (d / n).is_file()]
    declared = isinstance(config.get("blend"), dict)
    if not present and not declared:
        return None
    for name in BLEND_FILES:
        if name not in present:
            raise ModelError(f"incomplete blend: {name} is missing", path=str(d / name), fix=_FIX)
    wpath, mpath = d / BASELINE_WEIGHTS, d / BASELINE_META

    def bad_meta(why: str) -> ModelError:
        return ModelError(why, path=str(mpath), fix=_FIX)

    try:
        meta = json.loads(mpath.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise bad_meta(f"invalid JSON ({e})") from None
    if not isinstance(meta, dict) or meta.get("format") != BLEND_FORMAT:
        raise bad_meta(f"not a {BLEND_FORMAT} baseline record")
    w = meta.get("weight")
    if isinstance(w, bool) or not isinstance(w, (int, float)) or not 0.0 <= float(w) <= 1.0:
        raise bad_meta(f"blend weight {w!r} is not a number in 0..1")
    label_ids = [i for i, _ in labels]
    if meta.get("labels") != label_ids:
        raise bad_meta("its labels differ from labels.json")
    vec = meta.get("vectorizer")
    if not isinstance(vec, dict) or any(vec.get(k) != v for k, v in VECTORIZER.items() if k != "ngram_range"):
        raise bad_meta("unsupported vectorizer settings (only char n-grams, lowercase, sublinear tf, idf, l2 norm)")
    ng = vec.get("ngram_range")
    if not (isinstance(ng, list) and len(ng) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in ng) and 1 <= ng[0] <= ng[1]):
        raise bad_meta(f"invalid ngram_range {ng!r}")
    vocab = meta.get("vocabulary")
    if not isinstance(vocab, list) or not vocab or not all(isinstance(g, str) and g for g in vocab):
        raise bad_meta("vocabulary must be a non-empty list of n-grams")
    if len(set(vocab)) != len(vocab):
        raise bad_meta("vocabulary has duplicate n-grams")
    tc = config.get("train_config", {})
    inp = meta.get("input", {})
    want_inp = {"context": tc.get("context", "title+path"), "max_context_chars": int(tc.get("max_context_chars", 120))}
    if not isinstance(inp, dict) or {k: inp.get(k) for k in want_inp} != want_inp:
        raise bad_meta(f"the baseline's input {inp!r} differs from the model's ({want_inp})")
    for key in ("encoder_thresholds", "baseline_thresholds"):
        th = meta.get(key)
        if th is not None and not (isinstance(th, dict) and all(k in th and isinstance(th[k], (int, float)) for k in label_ids)):
            raise bad_meta(f"{key} must give a number per label")
    try:
        t = load_file(str(wpath))
    except (SafetensorError, OSError, ValueError) as e:
        raise ModelError(f"cannot read {BASELINE_WEIGHTS} ({e})", path=str(wpath), fix=_FIX) from None
    n_labels, n_feat = len(label_ids), len(vocab)
    shapes = {"idf": (n_feat,), "coef": (n_labels, n_feat), "intercept": (n_labels,), "constant": (n_labels,), "fitted": (n_labels,)}
    for k, shape in shapes.items():
        if k not in t:
            raise ModelError(f"{BASELINE_WEIGHTS} lacks tensor {k!r}", path=str(wpath), fix=_FIX)
        if tuple(t[k].shape) != shape:
            raise ModelError(f"{BASELINE_WEIGHTS}: tensor {k!r} has shape {tuple(t[k].shape)}, expected {shape} (vocabulary {n_feat}, labels {n_labels})", path=str(wpath), fix=_FIX)
        if k != "fitted" and not np.isfinite(t[k].astype(np.float64)).all():
            raise ModelError(f"{BASELINE_WEIGHTS}: tensor {k!r} holds NaN or infinity", path=str(wpath), fix=_FIX)
    if not np.isin(t["fitted"], (0, 1)).all():
        raise ModelError(f"{BASELINE_WEIGHTS}: tensor 'fitted' must hold 0 or 1", path=str(wpath), fix=_FIX)
    cw = (config.get("blend") or {}).get("weight") if declared else None
    if cw is not None and (not isinstance(cw, (int, float)) or abs(float(cw) - float(w)) > 1e-9):
        raise ModelError(f"config.json's blend weight {cw!r} differs from baseline.json's {w!r}", path=str(d / "config.json"), fix=_FIX)
    scorer = CharTfidfLR(vocab, t["idf"], t["coef"], t["intercept"], t["constant"], t["fitted"], ngram_range=(ng[0], ng[1]), lowercase=bool(vec.get("lowercase", True)))
    return Blend(baseline=scorer, weight=float(w), meta={k: v for k, v in meta.items() if k != "vocabulary"})


# ---------------------------------------------------------------------- fitting a blend for a model directory
def _report_mm(rep: dict[str, Any]) -> dict[str, float]:
    return {"micro_f1": rep["micro_f1"], "macro_f1": rep["macro_f1"]}


def fit_baseline(corpus: Any, train_config: dict[str, Any]) -> tuple[CharTfidfLR, dict[str, Any]]:
    """The TF-IDF baseline fitted on the corpus' train split (the encoder's training data, training-only
    documents included) with the model's context settings, converted to :class:`CharTfidfLR`.
    Returns ``(scorer, record of what it was fitted on)``."""
    from nlp.themes.baseline import TfidfBaseline, baseline_texts
    from nlp.themes.data import label_matrix

    ctx, mc, seed = train_config.get("context", "title+path"), int(train_config.get("max_context_chars", 120)), int(train_config.get("seed", 13))
    tr = corpus.part("train")
    bl = TfidfBaseline(seed=seed).fit(baseline_texts(tr, ctx, mc), label_matrix(tr))
    m0 = next((m for m in bl.models if not isinstance(m, float)), None)
    record = {
        "splits": ["train"],
        "documents": len({e.doc for e in tr}),
        "clauses": len(tr),
        "extra_training_documents": len(getattr(corpus, "extra_docs", []) or []),
        "annotations_sha256": dict(corpus.sha256),
        "classifier": {
            "class": "sklearn.linear_model.LogisticRegression, one per label",
            "C": bl.C,
            "class_weight": "balanced",
            "solver": "liblinear",
            "random_state": seed,
        },
        "vectorizer_max_features": bl.max_features,
        "constant_labels": {lab: float(m) for lab, m in zip(_label_ids(), bl.models) if isinstance(m, float)},
        "sklearn": _sklearn_version(),
    }
    if m0 is None:
        record["classifier"]["note"] = "no label could be fitted"
    return CharTfidfLR.from_sklearn(bl), record


def _label_ids() -> list[str]:
    from nlp.themes.labels import LABEL_IDS

    return list(LABEL_IDS)


def _sklearn_version() -> str:
    import importlib.metadata as md

    try:
        return md.version("scikit-learn")
    except md.PackageNotFoundError:  # pragma: no cover
        return "unknown"


def _threshold_rule(tc: dict[str, Any]) -> str:
    """How :func:`nlp.themes.evaluate.threshold_tuner` sets the blend's thresholds, in words (baseline.json)."""
    lo, hi = float(tc.get("threshold_min", 0.05)), float(tc.get("threshold_max", 0.95))
    default, shrink = float(tc.get("default_threshold", 0.5)), float(tc.get("threshold_shrink", 0.0))
    if shrink > 0:
        return (f"per label, tuned on the blended dev scores as served (max F1 over {lo}..{hi}), shrunk toward the "
                f"shared micro-F1 threshold t_all: (n * t + {shrink:g} * t_all) / (n + {shrink:g}), n the label's dev positives; "
                "t_all for a label without dev positives")
    return f"per label, tuned on the blended dev scores as served (max F1 over {lo}..{hi}; {default} for a label without dev positives)"


def fit_blend(
    model_dir: str | Path,
    corpus: Any,
    *,
    baseline: tuple[CharTfidfLR, dict[str, Any]] | None = None,
    encoder_thresholds: dict[str, float] | None = None,
    batch_size: int = 32,
    progress: bool = False,
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Add a blend to ``model_dir`` (in place): weight chosen on dev, thresholds tuned on the blended dev scores.

    ``corpus`` is the model's annotations (its train split trains the baseline
    unless ``baseline`` is given; only its dev split chooses the weight and the
    thresholds; the test split is never read). The encoder's own thresholds
    (``encoder_thresholds``, default: those of the directory, or of its existing
    blend record) are kept in baseline.json. Rewrites thresholds.json and
    config.json, writes baseline.safetensors and baseline.json; returns the
    record (also holding the dev reports of blend, encoder and baseline).
    """
    from nlp.themes.data import as_served, label_matrix, model_inputs, tagged_mask
    from nlp.themes.evaluate import apply_thresholds, multilabel_report, threshold_tuner
    from nlp.themes.model import read_model_meta
    from nlp.themes.predict import load_classifier

    say = log or (lambda _msg: None)
    d = Path(model_dir)
    meta = read_model_meta(d)
    tc = meta["config"].get("train_config", {})
    if tc.get("thresholds_from") == "oof":
        raise ModelError("this model's thresholds were chosen out of fold over train+dev, so dev cannot choose a blend weight", path=str(d), fix="blend a model trained with \"thresholds_from\": \"dev\"")
    label_ids = [i for i, _ in meta["labels"]]
    if label_ids != _label_ids():
        raise ModelError("the model's labels differ from nlp/themes/labels.py", path=str(d), fix="retrain the model on the current label set")
    clf = load_classifier(d, precision="fp32")
    if encoder_thresholds is None:
        encoder_thresholds = (clf.blend.encoder_thresholds if clf.blend is not None else None) or dict(clf.thresholds)
    dev = corpus.part("dev")
    if not dev:
        raise ModelError("the annotations have no dev clauses to choose the blend weight on", path=str(getattr(corpus, "root", d)), fix="list dev documents in split.json")
    if baseline is None:
        say(f"fitting the TF-IDF baseline on the train split ({len(corpus.part('train'))} clauses)")
        baseline = fit_baseline(corpus, tc)
    scorer, fitted_on = baseline
    say(f"scoring the {len(dev)} dev clauses with the encoder (fp32) and the baseline")
    pairs = model_inputs(dev, clf.context, clf.max_context_chars)
    mask = tagged_mask(dev)
    y = label_matrix(dev)
    enc = as_served(clf.score_parts(dev, batch_size=batch_size, progress=progress)["encoder"], mask)
    base = as_served(scorer.scores(pair_texts(pairs)), mask)
    tune = threshold_tuner(tc)

    sel = choose_weight(y, enc, base, tune)
    for row in sel["per_weight"]:
        say(f"  w={row['weight']:.1f}  dev micro-F1 {row['dev_micro_f1']:.4f}  macro-F1 {row['dev_macro_f1']:.4f}")
    w = sel["weight"]
    say(f"chosen w={w:.1f} ({WEIGHT_RULE})")
    base_th = tune(y, base)
    enc_rep = multilabel_report(y, apply_thresholds(enc, encoder_thresholds))
    base_rep = multilabel_report(y, apply_thresholds(base, base_th))
    record = {
        "labels": label_ids,
        "input": {"context": clf.context, "max_context_chars": clf.max_context_chars, "text": "context + ' | ' + clause (the clause alone when the context is empty), as nlp.themes.baseline.baseline_texts"},
        "trained_on": fitted_on,
        "selection": {
            "on": "dev",
            "dev_documents": len({e.doc for e in dev}),
            "dev_clauses": len(dev),
            "grid": list(WEIGHT_GRID),
            "rule": WEIGHT_RULE,
            "thresholds": _threshold_rule(tc),
            "encoder_scores": "fp32, as served (boilerplate and chrome clauses zeroed)",
            "per_weight": sel["per_weight"],
            "chosen": w,
        },
        "encoder_thresholds": {k: round(float(v), 4) for k, v in encoder_thresholds.items()},
        "baseline_thresholds": {k: round(float(v), 4) for k, v in base_th.items()},
        "dev": {"model": _report_mm(sel["report"]), "encoder": _report_mm(enc_rep), "baseline": _report_mm(base_rep)},
    }
    write_blend(d, scorer, w, record)
    (d / "thresholds.json").write_text(json.dumps({k: round(float(v), 4) for k, v in sel["thresholds"].items()}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return {**record, "weight": w, "reports": {"model": sel["report"], "encoder": {**enc_rep, "thresholds": encoder_thresholds}, "baseline": {**base_rep, "thresholds": base_th}}}


def blend_metrics(metrics: dict[str, Any], fit: dict[str, Any], test: dict[str, Any] | None) -> dict[str, Any]:
    """``metrics.json`` of a blended model: dev/test are the blend's, ``encoder`` and ``baseline_dev``/``baseline_test``
    the two parts alone; ``blend`` records the weight and how it was chosen. ``test``: an
    :func:`nlp.themes.evaluate.evaluate` result on the test split (or None)."""
    m = dict(metrics)
    reps = fit["reports"]
    sel = m.get("selection", "")
    if "blend" not in sel:
        m["selection"] = f"{sel}; served scores blend the encoder with the TF-IDF baseline, weight chosen on dev (metrics.json 'blend')"
    m["blend"] = {
        "weight": fit["weight"],
        "formula": FORMULA,
        "rule": WEIGHT_RULE,
        "per_weight": fit["selection"]["per_weight"],
        "baseline_trained_on": {k: v for k, v in fit["trained_on"].items() if k != "annotations_sha256"},
    }
    m["dev"] = reps["model"]
    m["baseline_dev"] = reps["baseline"]
    enc = {"thresholds": fit["encoder_thresholds"], "dev": reps["encoder"], "test": None}
    if test is not None:
        m["test"] = test["model"]
        m["baseline_test"] = test.get("baseline")
        enc["test"] = test.get("encoder")
    m["encoder"] = enc
    cv = m.get("cross_validation")
    if isinstance(cv, dict) and "model" in cv and "blend" not in cv:
        cv.setdefault("scope", "the encoder alone (the blend was not cross-validated)")
    return m


def blend_model_dir(
    model_dir: str | Path,
    out: str | Path | None,
    *,
    in_place: bool = False,
    evaluate_test: bool = True,
    threshold_shrink: float | None = None,
    progress: bool = False,
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """``yigai model blend``: copy ``model_dir`` to ``out`` (or rewrite it with ``in_place``) with a blend added.

    ``threshold_shrink`` (k >= 0) replaces the training config's ``threshold_shrink`` for the
    blend's thresholds (see :func:`nlp.themes.evaluate.tune_thresholds`) and is recorded there.

    The encoder is not retrained. The baseline trains on the annotations recorded
    in the model's training config (their sha256 must equal training_data.json's);
    the weight and thresholds come from dev (:func:`fit_blend`); then the test split
    is evaluated for metrics.json and the model card. The new directory appears
    only once complete.
    """
    from nlp.themes.data import load_corpus, with_extra_train
    from nlp.themes.model import read_model_meta

    say = log or (lambda _msg: None)
    src = Path(model_dir)
    meta = read_model_meta(src)
    if in_place == (out is not None):
        raise ModelError("give either --out NEW_DIR or --in-place", path=str(src), fix="e.g. `yigai model blend MODEL --out MODEL-blend`")
    dst = src if in_place else Path(out)  # type: ignore[arg-type]
    if not in_place and dst.exists():
        raise ModelError("output directory exists", path=str(dst), fix="choose a new --out directory (or --in-place to rewrite the model directory)")
    if threshold_shrink is not None and not threshold_shrink >= 0:
        raise ModelError(f"threshold shrink {threshold_shrink!r} is negative", path=str(src), fix="use 0 or more (0: plain per-label optima)")
    tc = meta["config"].get("train_config", {})
    corpus = with_extra_train(load_corpus(tc.get("annotations", "annotations")), tc.get("extra_train"))
    td = src / "training_data.json"
    if td.is_file():
        try:
            rec = json.loads(td.read_text(encoding="utf-8")).get("sha256")
        except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
            rec = None
        if rec is not None and rec != corpus.sha256:
            raise ModelError(
                "the annotations differ from the ones the encoder was trained on (sha256 in training_data.json)",
                path=str(tc.get("annotations", "annotations")),
                fix="restore those annotations, or retrain with `yigai train CONFIG` (with \"blend\": \"dev\")",
            )
    parent = dst.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dst.name}.", dir=parent))
    try:
        tmp = work / "model"
        say(f"copying {src} to a work directory")
        shutil.copytree(src, tmp)
        if threshold_shrink is not None:
            cp = tmp / "config.json"
            cfg = json.loads(cp.read_text(encoding="utf-8"))
            cfg.setdefault("train_config", {})["threshold_shrink"] = float(threshold_shrink)
            cp.write_text(json.dumps(cfg, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        fit = fit_blend(tmp, corpus, progress=progress, log=say)
        test = None
        if evaluate_test and "test" in corpus.split and corpus.part("test"):
            from nlp.themes.evaluate import evaluate

            say("evaluating blend, encoder and baseline on the test split (reported, never used to choose)")
            test = evaluate(tmp, "test", progress=progress)
        mp = tmp / "metrics.json"
        metrics = json.loads(mp.read_text(encoding="utf-8")) if mp.is_file() else {}
        mp.write_text(json.dumps(blend_metrics(metrics, fit, test), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        tdp = tmp / "training_data.json"
        if tdp.is_file():
            tdr = json.loads(tdp.read_text(encoding="utf-8"))
            tdr["baseline"] = {k: v for k, v in fit["trained_on"].items() if k in ("splits", "documents", "clauses", "extra_training_documents")}
            tdp.write_text(json.dumps(tdr, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        from nlp.themes.card import write_model_card

        write_model_card(tmp)
        if in_place:
            old = work / "old"
            src.rename(old)
            try:
                tmp.rename(src)
            except OSError:
                old.rename(src)  # put the user's directory back before the work directory goes
                raise
        else:
            tmp.rename(dst)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say(f"wrote {dst}")
    return {"model_dir": str(dst), "weight": fit["weight"], "dev": fit["dev"], "test": {k: _report_mm(v) for k, v in (test or {}).items() if k in ("model", "encoder", "baseline") and v}}


__all__ = [
    "BASELINE_META",
    "BASELINE_WEIGHTS",
    "BLEND_FILES",
    "WEIGHT_GRID",
    "Blend",
    "CharTfidfLR",
    "blend_metrics",
    "blend_model_dir",
    "blend_scores",
    "choose_weight",
    "fit_baseline",
    "fit_blend",
    "pair_texts",
    "read_blend",
    "write_blend",
]

"""Evaluation of the theme classifier: metrics, threshold tuning, test-split evaluation, CV.

Metric conventions (also written into every metrics dict as ``"notes"``):

* micro P/R/F1 pool every (clause, label) decision of the split;
* ``macro_f1`` averages per-label F1 over the labels that occur in the split's
  gold OR predictions (a label predicted but never gold scores 0); labels with
  neither are excluded and listed in ``absent_labels``;
* ``macro_f1_gold`` averages over labels with gold support only.

Public API: :func:`multilabel_report`, :func:`tune_thresholds`, :func:`apply_thresholds`,
:func:`evaluate`, :func:`format_report`, :func:`cross_validate`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from nlp.errors import ModelError
from nlp.themes.labels import LABEL_IDS

MACRO_NOTE = (
    "macro_f1 averages per-label F1 over labels present in the split's gold or predictions "
    "(absent_labels lists the excluded ones); macro_f1_gold averages over labels with gold support only"
)


def _prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def multilabel_report(y_true: np.ndarray, y_pred: np.ndarray, label_ids: Sequence[str] = LABEL_IDS) -> dict[str, Any]:
    """Micro/macro P/R/F1 and per-label P/R/F1/support for 0/1 matrices [n, n_labels]."""
    y_true = np.asarray(y_true) > 0.5
    y_pred = np.asarray(y_pred) > 0.5
    if y_true.shape != y_pred.shape:
        raise ValueError(f"shape mismatch {y_true.shape} vs {y_pred.shape}")
    tp = (y_true & y_pred).sum(0).astype(float)
    fp = (~y_true & y_pred).sum(0).astype(float)
    fn = (y_true & ~y_pred).sum(0).astype(float)
    per: dict[str, Any] = {}
    present, gold_present, absent = [], [], []
    for j, lab in enumerate(label_ids):
        p, r, f = _prf(float(tp[j]), float(fp[j]), float(fn[j]))
        support = int(tp[j] + fn[j])
        predicted = int(tp[j] + fp[j])
        per[lab] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": support, "predicted": predicted}
        if support or predicted:
            present.append(f)
        else:
            absent.append(lab)
        if support:
            gold_present.append(f)
    mp, mr, mf = _prf(float(tp.sum()), float(fp.sum()), float(fn.sum()))
    return {
        "clauses": int(y_true.shape[0]),
        "micro_precision": round(mp, 4),
        "micro_recall": round(mr, 4),
        "micro_f1": round(mf, 4),
        "macro_f1": round(float(np.mean(present)), 4) if present else 0.0,
        "macro_f1_gold": round(float(np.mean(gold_present)), 4) if gold_present else 0.0,
        "macro_labels": len(present),
        "absent_labels": absent,
        "exact_match": round(float((y_true == y_pred).all(1).mean()), 4) if len(y_true) else 0.0,
        "per_label": per,
        "notes": MACRO_NOTE,
    }


def tune_thresholds(
    y_true: np.ndarray,
    scores: np.ndarray,
    label_ids: Sequence[str] = LABEL_IDS,
    *,
    default: float = 0.5,
    lo: float = 0.05,
    hi: float = 0.95,
    step: float = 0.01,
    shrink: float = 0.0,
) -> dict[str, float]:
    """One threshold per label maximising that label's F1 on (dev) scores.

    Among thresholds with the best F1 the middle of the best range is taken
    (robust to small dev sets). A label without gold positives (or whose best
    F1 is 0) keeps ``default``.

    ``shrink`` (k > 0) pulls each label's threshold toward the one threshold that
    maximises micro-F1 over all labels, weighted by the label's dev positives n:
    ``(n * t_label + k * t_all) / (n + k)``; a label without positives gets ``t_all``.
    A rare label's optimum on a few dev documents is mostly noise (config
    ``threshold_shrink``; chosen by document cross-validation, README).
    """
    grid = np.round(np.arange(lo, hi + 1e-9, step), 4)
    out: dict[str, float] = {}
    y = np.asarray(y_true) > 0.5
    if shrink > 0:
        raw = tune_thresholds(y_true, scores, label_ids, default=float("nan"), lo=lo, hi=hi, step=step)
        t_all = micro_threshold(y_true, scores, lo=lo, hi=hi, step=step)
        n = y.sum(0)
        for j, lab in enumerate(label_ids):
            t = raw[lab]
            out[lab] = t_all if np.isnan(t) else float(round((n[j] * t + shrink * t_all) / (n[j] + shrink), 4))
        return out
    for j, lab in enumerate(label_ids):
        pos = y[:, j]
        if not pos.any():
            out[lab] = float(default)
            continue
        best, t = _best_on_grid(pos, np.asarray(scores)[:, j], grid)
        out[lab] = float(default) if best <= 0 else t
    return out


def _best_on_grid(pos: np.ndarray, scores: np.ndarray, grid: np.ndarray) -> tuple[float, float]:
    """``(best F1, threshold)`` of ``scores >= t`` against the boolean ``pos`` over ``grid``; among
    thresholds with the best F1 the middle of the best range (robust to small dev sets)."""
    pred = scores[:, None] >= grid[None, :]  # [n, g]
    tp = (pred & pos[:, None]).sum(0)
    fp = pred.sum(0) - tp
    fn = pos.sum() - tp
    denom = 2 * tp + fp + fn
    f1 = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0)
    best = float(f1.max())
    idx = np.flatnonzero(f1 >= best - 1e-12)
    return best, float(grid[idx[len(idx) // 2]])


def threshold_tuner(settings: Mapping[str, Any]) -> Callable[[np.ndarray, np.ndarray], dict[str, float]]:
    """A model's threshold procedure, ``tune(y, scores) -> thresholds``, from its training settings
    (``TrainConfig.to_dict()`` or the ``train_config`` of a model directory): :func:`tune_thresholds`
    with its ``default_threshold``, ``threshold_min``/``threshold_max`` and ``threshold_shrink``."""
    default = float(settings.get("default_threshold", 0.5))
    lo, hi = float(settings.get("threshold_min", 0.05)), float(settings.get("threshold_max", 0.95))
    shrink = float(settings.get("threshold_shrink", 0.0))

    def tune(y_true: np.ndarray, scores: np.ndarray) -> dict[str, float]:
        return tune_thresholds(y_true, scores, default=default, lo=lo, hi=hi, shrink=shrink)

    return tune


def micro_threshold(y_true: np.ndarray, scores: np.ndarray, *, lo: float = 0.05, hi: float = 0.95, step: float = 0.01) -> float:
    """The one threshold for all labels that maximises micro-F1 (middle of the best range)."""
    grid = np.round(np.arange(lo, hi + 1e-9, step), 4)
    return _best_on_grid((np.asarray(y_true) > 0.5).ravel(), np.asarray(scores).ravel(), grid)[1]


def apply_thresholds(scores: np.ndarray, thresholds: dict[str, float], label_ids: Sequence[str] = LABEL_IDS) -> np.ndarray:
    """0/1 predictions from scores and per-label thresholds."""
    th = np.array([thresholds[k] for k in label_ids], dtype=np.float32)
    return (scores >= th[None, :]).astype(np.float32)


def trained_splits(train_config: dict[str, Any]) -> list[str]:
    """The annotation splits a model's weights were fitted on (dev too when thresholds came out of fold)."""
    return ["train", "dev"] if train_config.get("thresholds_from") == "oof" else ["train"]


def _baseline_report(corpus: Any, tc: dict[str, Any], ev: list[Any]) -> dict[str, Any]:
    """The TF-IDF baseline under the model's own protocol, trained on ``corpus`` and reported on the examples ``ev``.

    A model with dev-tuned thresholds: the baseline trains on train and tunes its
    thresholds on dev. A model whose thresholds came out of fold: the baseline
    gets its thresholds out of fold over train+dev (the same document folds)
    and then trains on train+dev.
    """
    from nlp.themes.baseline import TfidfBaseline, baseline_texts, out_of_fold_scores
    from nlp.themes.data import as_served, label_matrix, tagged_mask

    ctx, mc = tc.get("context", "title+path"), int(tc.get("max_context_chars", 120))
    seed, default = int(tc.get("seed", 13)), float(tc.get("default_threshold", 0.5))
    shrink = float(tc.get("threshold_shrink", 0.0))  # the model's own threshold procedure
    if tc.get("thresholds_from") == "oof":
        from nlp.themes.train import document_folds

        tr = corpus.part("train") + corpus.part("dev")
        texts, y = baseline_texts(tr, ctx, mc), label_matrix(tr)
        folds = int(tc.get("oof_folds", 5))
        fold_of = document_folds(tr, set(corpus.extra_docs), folds)
        rows = [fold_of[e.doc] for e in tr]
        oof = as_served(out_of_fold_scores(texts, y, rows, folds, seed=seed), tagged_mask(tr))
        real = [i for i, g in enumerate(rows) if g >= 0]
        th = tune_thresholds(y[real], oof[real], default=default, shrink=shrink)
        bl = TfidfBaseline(seed=seed).fit(texts, y)
    else:
        tr, dv = corpus.part("train"), corpus.part("dev")
        bl = TfidfBaseline(seed=seed).fit(baseline_texts(tr, ctx, mc), label_matrix(tr))
        th = tune_thresholds(label_matrix(dv), as_served(bl.scores(baseline_texts(dv, ctx, mc)), tagged_mask(dv)), default=default, shrink=shrink) if dv else {k: 0.5 for k in LABEL_IDS}
    rep = multilabel_report(label_matrix(ev), apply_thresholds(as_served(bl.scores(baseline_texts(ev, ctx, mc)), tagged_mask(ev)), th))
    rep["thresholds"] = th
    rep["trained_clauses"] = len(tr)  # with the model's training-only documents (extra_train)
    return rep


def evaluate(
    model_dir: str | Path,
    split: str = "test",
    *,
    annotations: str | Path | None = None,
    baseline: bool = True,
    batch_size: int = 32,
    progress: bool = False,
) -> dict[str, Any]:
    """Score a model directory on one split of the annotations, next to the TF-IDF baseline.

    ``annotations`` defaults to the directory recorded in the model's training
    config. Returns ``{"split", "model": report, "encoder": report | None,
    "baseline": report | None, "blend": {...} | None, "annotations": {...}}``;
    ``model`` is what is served (for a blended model directory the blend, with
    thresholds.json), ``encoder`` the blended model's encoder alone with its own
    dev-tuned thresholds, ``baseline`` the TF-IDF baseline retrained under the
    model's protocol. Every report has micro/macro and per-label P/R/F1/support
    (see the module doc for the macro convention). Labels absent from the split
    never raise: they are listed in ``absent_labels``.
    """
    from nlp.themes.data import as_served, label_matrix, load_corpus, tagged_mask, with_extra_train
    from nlp.themes.predict import load_classifier

    clf = load_classifier(model_dir)
    tc = clf.config.get("train_config", {})
    root = Path(annotations or tc.get("annotations", "annotations"))
    # the baseline trains on what the model trained on (the extra training dirs too), unless the
    # caller points at another annotation set than the model's
    own = annotations is None or root.resolve() == Path(tc.get("annotations", "annotations")).resolve()
    corpus = with_extra_train(load_corpus(root), tc.get("extra_train") if own else None)
    examples = corpus.part(split)
    if clf.label_ids != list(LABEL_IDS):
        raise ModelError("the model's labels differ from nlp/themes/labels.py", path=str(model_dir), fix="retrain the model on the current label set")
    y = label_matrix(examples)
    # scored as ``yigai tag`` serves them: boilerplate and chrome clauses never get a theme
    mask = tagged_mask(examples)
    parts = clf.score_parts(examples, batch_size=batch_size, progress=progress)
    scores = as_served(parts["model"], mask)
    rep = multilabel_report(y, clf_decisions(clf, scores))
    rep["thresholds"] = dict(clf.thresholds)
    encoder_rep = None
    if clf.blend is not None and clf.blend.encoder_thresholds is not None:
        # the encoder alone, with its own dev-tuned thresholds (kept in baseline.json)
        encoder_rep = multilabel_report(y, apply_thresholds(as_served(parts["encoder"], mask), clf.blend.encoder_thresholds, clf.label_ids))
        encoder_rep["thresholds"] = clf.blend.encoder_thresholds
    td_path = Path(model_dir) / "training_data.json"
    same_data = None
    if td_path.is_file():
        try:
            rec = json.loads(td_path.read_text(encoding="utf-8")).get("sha256", {})
            same_data = rec == corpus.sha256
        except (json.JSONDecodeError, UnicodeDecodeError):
            same_data = None
    base_rep = None
    if baseline:
        if own or corpus.part("train"):
            base_rep = _baseline_report(corpus, tc, examples)
        elif clf.blend is not None and clf.blend.baseline_thresholds is not None:
            # an evaluation-only set (no train documents): the baseline is the one the model serves
            # in its blend, trained on the model's own training data, with its stored dev thresholds
            base_rep = multilabel_report(y, apply_thresholds(as_served(parts["baseline"], mask), clf.blend.baseline_thresholds, clf.label_ids))
            base_rep["thresholds"] = clf.blend.baseline_thresholds
            base_rep["source"] = "stored: the model directory's baseline.safetensors (trained on the model's own training data)"
        else:
            mine = Path(tc.get("annotations", "annotations"))
            if (mine / "clauses.jsonl").is_file():
                # retrained on what the model trained on, reported on these documents
                base_rep = _baseline_report(with_extra_train(load_corpus(mine), tc.get("extra_train")), tc, examples)
                base_rep["source"] = f"retrained on the model's own annotations ({mine})"
    return {
        "split": split,
        "model_dir": str(model_dir),
        "clauses": len(examples),
        "documents": len({e.doc for e in examples}),
        "trained_on_this_split": split in trained_splits(tc) and same_data is not False,
        "model": rep,
        "blend": {"weight": clf.blend.weight, "formula": "model = weight * encoder + (1 - weight) * baseline"} if clf.blend is not None else None,
        "encoder": encoder_rep,
        "baseline": base_rep,
        "annotations": {"path": str(root), "sha256": corpus.sha256, "same_as_training": same_data},
    }


def format_report(res: dict[str, Any]) -> str:
    """A plain-text table of an :func:`evaluate` result (what ``yigai evaluate`` prints)."""

    def f(x: Any) -> str:
        return "–" if x is None else f"{x:.3f}"

    lines = [f"{res.get('model_dir', 'model')}: split {res['split']!r}, {res.get('documents', '?')} documents, {res.get('clauses', '?')} clauses"]
    if res.get("trained_on_this_split"):
        lines.append(f"warning: the model was trained on the {res['split']!r} split; these figures are not a held-out measure")
    if res.get("annotations", {}).get("same_as_training") is False:
        lines.append("note: these annotations differ from the ones the model was trained on (sha256 in training_data.json)")
    bl = res.get("blend")
    if bl:
        w = bl["weight"]
        lines.append(f"blend: model = {w:.1f} x encoder + {1 - w:.1f} x TF-IDF baseline (weight chosen on dev); 'encoder' = the same encoder alone with its own dev thresholds")
    if (res.get("baseline") or {}).get("source"):
        lines.append(f"baseline: {res['baseline']['source']}")
    who = [("model", res["model"])] + ([("encoder", res["encoder"])] if res.get("encoder") else []) + ([("baseline", res["baseline"])] if res.get("baseline") else [])
    lines += ["", f"{'':<10}{'micro-P':>9}{'micro-R':>9}{'micro-F1':>10}{'macro-F1':>10}"]
    for name, r in who:
        lines.append(f"{name:<10}{f(r.get('micro_precision')):>9}{f(r.get('micro_recall')):>9}{f(r.get('micro_f1')):>10}{f(r.get('macro_f1')):>10}")
    m, b, e = res["model"], res.get("baseline") or {}, res.get("encoder") or {}
    enc_col = f"{'enc F1':>9}" if e else ""
    lines += ["", f"{'label':<12}{'thr':>6}{'P':>7}{'R':>7}{'F1':>7}{'support':>9}{enc_col}{'base F1':>9}"]
    for lab in LABEL_IDS:
        p = m.get("per_label", {}).get(lab)
        thr = m.get("thresholds", {}).get(lab)
        if p is None or lab in m.get("absent_labels", []):
            lines.append(f"{lab:<12}{f(thr):>6}{'absent from this split':>39}")
            continue
        bf = b.get("per_label", {}).get(lab, {}).get("f1") if b else None
        ef = f"{f(e.get('per_label', {}).get(lab, {}).get('f1')):>9}" if e else ""
        lines.append(f"{lab:<12}{f(thr):>6}{f(p.get('precision')):>7}{f(p.get('recall')):>7}{f(p.get('f1')):>7}{p.get('support', 0):>9}{ef}{f(bf):>9}")
    lines += ["", f"macro-F1: {m.get('notes', MACRO_NOTE)}"]
    return "\n".join(lines)


def clf_decisions(clf: Any, scores: np.ndarray) -> np.ndarray:
    """0/1 decisions of a ThemeClassifier on its scores with its stored thresholds."""
    return apply_thresholds(scores, clf.thresholds, clf.label_ids)


def cross_validate(config: Any, folds: int = 5, *, progress: bool = True, model_dir: str | Path | None = None) -> dict[str, Any]:
    """Document-level k-fold cross-validation (GroupKFold over train+dev documents).

    Uses the config's ``cv_epochs``/``cv_trainable_layers`` (cheaper than the
    shipped run when set). Fold i is the test fold, fold i+1 the inner dev fold
    (thresholds, best epoch), the rest train. Returns per-fold and mean/std
    micro/macro F1 for the model and the TF-IDF baseline. With ``model_dir`` the
    result is also stored in its metrics.json and the model card is regenerated.
    """
    from nlp.themes.train import run_cross_validation

    cv = run_cross_validation(config, folds=folds, progress=progress)
    if model_dir is not None and "model" in cv:
        from nlp.io.atomic import write_json_atomic
        from nlp.themes.card import write_model_card

        mp = Path(model_dir) / "metrics.json"
        metrics = json.loads(mp.read_text(encoding="utf-8")) if mp.is_file() else {}
        metrics["cross_validation"] = cv
        write_json_atomic(mp, metrics)
        write_model_card(model_dir)
    return cv


def format_cv(cv: dict[str, Any]) -> str:
    """The cross-validation summary as printed by ``yigai evaluate --cv``."""
    if "model" not in cv:
        return f"cross-validation not run: {cv.get('skipped')}"
    s = cv.get("setting", {})
    lines = [
        f"{cv.get('folds')}-fold cross-validation by document over {cv.get('documents')} train+dev documents "
        f"({cv.get('clauses')} clauses; top {s.get('trainable_layers')} layers, {s.get('epochs')} epochs)",
        f"{'':<28}{'micro-F1':>16}{'macro-F1':>16}",
    ]
    rows = ([("blend (encoder + baseline)", cv["blend"])] if "blend" in cv else []) + [("encoder" if "blend" in cv else "model", cv["model"]), ("TF-IDF baseline", cv["baseline"])]
    for who, r in rows:
        lines.append(f"{who:<28}{r['micro_f1']['mean']:>9.3f} ± {r['micro_f1']['std']:.3f}{r['macro_f1']['mean']:>9.3f} ± {r['macro_f1']['std']:.3f}")
    return "\n".join(lines)

"""Fine-tuning the multi-label theme classifier (issue #4).

Recipe (fast on CPU): the base encoder's embeddings and bottom ``n - K`` layers
are frozen, so their output is computed ONCE per clause (inference mode,
length-sorted batches) and cached; each epoch then runs only the top ``K``
layers + the head on the cached states. After every epoch one threshold per
label is tuned on the dev split (max per-label F1; 0.5 when the label is absent
from dev) and the epoch with the best dev micro-F1 becomes ``model-best``; the
final epoch is ``model-last``. Document-level cross-validation reuses the same
cache. Everything is seeded (python/numpy/torch).

Public API: :func:`train` -> :class:`TrainResult`, :func:`run_cross_validation`.
"""

from __future__ import annotations

import copy
import json
import math
import platform
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import torch
from torch import nn

from nlp.errors import AnnotationError
from nlp.themes.config import TrainConfig
from nlp.themes.data import Corpus, Example, as_served, label_matrix, load_corpus, model_inputs, tagged_mask, with_extra_train
from nlp.themes.evaluate import MACRO_NOTE, apply_thresholds, multilabel_report, threshold_tuner, tune_thresholds
from nlp.themes.labels import LABEL_IDS, LABELS
from nlp.themes.model import ThemeModel, load_base, save_model_dir, set_threads
from nlp.themes.predict import encode_pairs, length_batches

_DTYPES = {"float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32}


@dataclass
class TrainResult:
    """What :func:`train` produced."""

    out_dir: Path
    best_dir: Path
    last_dir: Path
    best_epoch: int
    dev: dict[str, Any]  # metrics of model-best on dev (tuned thresholds; the blend's when blended)
    test: dict[str, Any] | None  # {"model": report, "baseline": report[, "encoder": report]} on test, when there is a test split
    cv: dict[str, Any] | None
    history: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    blend_weight: float | None = None  # w of the served blend (None: the encoder alone)

    def summary(self) -> dict[str, Any]:
        """The headline figures (what ``yigai train`` prints); the full record is in metrics.json."""

        def mm(rep: dict[str, Any] | None) -> dict[str, float] | None:
            return {"micro_f1": rep["micro_f1"], "macro_f1": rep["macro_f1"]} if rep and "micro_f1" in rep else None

        out: dict[str, Any] = {
            "model_best": str(self.best_dir),
            "model_last": str(self.last_dir),
            "best_epoch": self.best_epoch,
            "dev_or_out_of_fold": mm(self.dev),
            "test": mm((self.test or {}).get("model")),
            "baseline_test": mm((self.test or {}).get("baseline")),
        }
        if self.blend_weight is not None:
            out["blend_weight"] = self.blend_weight
            out["encoder_test"] = mm((self.test or {}).get("encoder"))
        if self.cv and "model" in self.cv:
            out["cross_validation"] = {who: {k: self.cv[who][k]["mean"] for k in ("micro_f1", "macro_f1")} for who in ("model", "baseline", "blend") if who in self.cv}
        out["seconds"] = self.seconds
        return out


# ---------------------------------------------------------------------- helpers
def seed_everything(seed: int) -> None:
    """Seed python, numpy and torch (CPU); deterministic algorithms where cheap."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    try:
        torch.use_deterministic_algorithms(True, warn_only=True)
    except Exception:  # noqa: BLE001
        pass


def autocast_factory(compute: str) -> Callable[[], Any]:
    """A factory of contexts for the training arithmetic: bf16 autocast (``compute`` bf16, or auto on
    a CPU with native bf16 that multiplies it faster than fp32) or a no-op. Parameters, optimizer state and
    the loss stay float32."""
    import contextlib

    from nlp.themes.fast import resolve_precision

    if resolve_precision(compute).startswith("bf16"):
        return lambda: torch.autocast("cpu", dtype=torch.bfloat16)
    return contextlib.nullcontext


def _tqdm(it: Any, progress: bool, **kw: Any) -> Any:
    if not progress:
        return it
    from tqdm.auto import tqdm

    return tqdm(it, file=sys.stderr, dynamic_ncols=True, **kw)


def encode_examples(tokenizer: Any, examples: Sequence[Any], cfg: TrainConfig) -> list[list[int]]:
    """Token ids of examples' ``(context, clause)`` pairs as used in training and prediction."""
    return encode_pairs(tokenizer, model_inputs(list(examples), cfg.context, cfg.max_context_chars), cfg.max_length, cfg.input_prefix)


def _pad_states(states: Sequence[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    n = max(s.shape[0] for s in states)
    h = torch.zeros((len(states), n, states[0].shape[1]), dtype=torch.float32)
    mask = torch.zeros((len(states), n), dtype=torch.long)
    for r, s in enumerate(states):
        h[r, : s.shape[0]] = s.float()
        mask[r, : s.shape[0]] = 1
    return h, mask


@torch.inference_mode()
def cache_states(
    model: ThemeModel,
    seqs: Sequence[Sequence[int]],
    pad_id: int,
    *,
    upto: int,
    batch_size: int,
    dtype: torch.dtype,
    progress: bool,
    desc: str = "encoding (frozen layers)",
) -> list[torch.Tensor]:
    """Hidden states after layer ``upto`` for every sequence (unpadded, [len, hidden])."""
    from nlp.themes.predict import pad_batch

    model.eval()
    out: list[torch.Tensor | None] = [None] * len(seqs)
    batches = length_batches([len(s) for s in seqs], batch_size)
    for idx in _tqdm(batches, progress, desc=desc, unit="batch"):
        ids, mask = pad_batch([seqs[i] for i in idx], pad_id)
        h = model.forward_bottom(ids, mask, upto=upto)
        for r, i in enumerate(idx):
            out[i] = h[r, : len(seqs[i])].to(dtype).clone()
    return out  # type: ignore[return-value]


@torch.inference_mode()
def advance_states(model: ThemeModel, states: Sequence[torch.Tensor], start: int, stop: int, *, batch_size: int, dtype: torch.dtype) -> list[torch.Tensor]:
    """Run frozen layers ``start:stop`` over cached states (to derive a deeper cache)."""
    if start >= stop:
        return list(states)
    model.eval()
    out: list[torch.Tensor | None] = [None] * len(states)
    for idx in length_batches([s.shape[0] for s in states], batch_size):
        h, mask = _pad_states([states[i] for i in idx])
        h = model.run_layers(h, mask, start, stop)
        for r, i in enumerate(idx):
            out[i] = h[r, : states[i].shape[0]].to(dtype).clone()
    return out  # type: ignore[return-value]


@torch.inference_mode()
def scores_from_states(model: ThemeModel, states: Sequence[torch.Tensor], start: int, batch_size: int = 64) -> np.ndarray:
    """Sigmoid scores from cached states at layer ``start``."""
    model.eval()
    out = np.zeros((len(states), model.head.out_features), dtype=np.float32)
    for idx in length_batches([s.shape[0] for s in states], batch_size):
        h, mask = _pad_states([states[i] for i in idx])
        out[idx] = torch.sigmoid(model.forward_top(h, mask, start=start)).numpy()
    return out


def pos_weights(y: np.ndarray, cfg: TrainConfig) -> torch.Tensor | None:
    """Per-label positive weights: sqrt(neg/pos) (or a constant), clipped to [1, pos_weight_max]."""
    if cfg.pos_weight is None:
        return None
    if isinstance(cfg.pos_weight, (int, float)):
        return torch.full((y.shape[1],), float(cfg.pos_weight))
    pos = y.sum(0)
    neg = y.shape[0] - pos
    w = np.where(pos > 0, np.sqrt(neg / np.maximum(pos, 1)), 1.0)
    return torch.tensor(np.clip(w, 1.0, cfg.pos_weight_max), dtype=torch.float32)


def make_loss(cfg: TrainConfig, pw: torch.Tensor | None) -> Callable[[torch.Tensor, torch.Tensor], torch.Tensor]:
    """The configured multi-label loss (mean over clauses and labels)."""
    if cfg.loss == "bce":
        fn = nn.BCEWithLogitsLoss(pos_weight=pw)
        return lambda logits, y: fn(logits, y)
    if cfg.loss == "focal":
        gamma = cfg.focal_gamma

        def focal(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
            bce = nn.functional.binary_cross_entropy_with_logits(logits, y, pos_weight=pw, reduction="none")
            p = torch.sigmoid(logits)
            pt = y * p + (1 - y) * (1 - p)
            return ((1 - pt) ** gamma * bce).mean()

        return focal
    gn, gp, clip = cfg.asl_gamma_neg, cfg.asl_gamma_pos, cfg.asl_clip

    def asl(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        p = torch.sigmoid(logits)
        pm = (p - clip).clamp(min=0) if clip > 0 else p
        lp = y * torch.log(p.clamp(min=1e-8)) * (1 - p) ** gp
        ln = (1 - y) * torch.log((1 - pm).clamp(min=1e-8)) * pm**gn
        return -(lp + ln).mean()

    return asl


def _optimizer(model: ThemeModel, start: int, cfg: TrainConfig, total_steps: int):
    decay, no_decay = [], []
    for layer in model.bert.encoder.layer[start:]:
        for n, p in layer.named_parameters():
            (no_decay if (n.endswith("bias") or "LayerNorm" in n) else decay).append(p)
    groups = [
        {"params": decay, "lr": cfg.lr, "weight_decay": cfg.weight_decay},
        {"params": no_decay, "lr": cfg.lr, "weight_decay": 0.0},
        {"params": [model.head.weight], "lr": cfg.head_lr, "weight_decay": cfg.weight_decay},
        {"params": [model.head.bias], "lr": cfg.head_lr, "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW([g for g in groups if g["params"]])
    warm = max(1, int(cfg.warmup_ratio * total_steps))

    def sched(step: int) -> float:
        if step < warm:
            return (step + 1) / warm
        return max(0.0, (total_steps - step) / max(1, total_steps - warm))

    return opt, torch.optim.lr_scheduler.LambdaLR(opt, sched)


def _epoch_batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar lengths (shuffle, sort within chunks of 50 batches, shuffle batches)."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    chunk = batch_size * 50
    batches: list[list[int]] = []
    for c in range(0, len(idx), chunk):
        part = sorted(idx[c : c + chunk], key=lambda i: lengths[i])
        batches += [part[i : i + batch_size] for i in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def fit(
    model: ThemeModel,
    train_states: Sequence[torch.Tensor],
    y_train: np.ndarray,
    dev_states: Sequence[torch.Tensor],
    y_dev: np.ndarray,
    cfg: TrainConfig,
    *,
    start: int,
    epochs: int,
    progress: bool,
    desc: str = "training",
    keep_scores: bool = False,
    best_epoch: int | None = None,
    dev_mask: np.ndarray | None = None,
) -> dict[str, Any]:
    """Train layers ``start:`` + head on cached states; returns best/last states, thresholds, history.

    Layers below ``start`` are not touched. With an empty dev split every
    epoch counts as best and thresholds stay at ``cfg.default_threshold``.
    ``keep_scores`` adds ``dev_scores``: the dev scores after each epoch (a list
    of arrays). ``best_epoch`` (1-based) makes that epoch the best one whatever
    dev says (used when the epoch was chosen out of fold). ``dev_mask``
    (:func:`nlp.themes.data.tagged_mask` of the dev examples) zeroes the scores
    of clauses ``yigai tag`` never classifies before thresholds are tuned.
    """
    rng = random.Random(cfg.seed)
    torch.manual_seed(cfg.seed)
    for p in model.parameters():
        p.requires_grad_(False)
    trainable = list(model.bert.encoder.layer[start:].parameters()) + list(model.head.parameters())
    for p in trainable:
        p.requires_grad_(True)
    lengths = [s.shape[0] for s in train_states]
    steps_per_epoch = math.ceil(len(train_states) / cfg.batch_size)
    opt, sched = _optimizer(model, start, cfg, steps_per_epoch * epochs)
    loss_fn = make_loss(cfg, pos_weights(y_train, cfg))
    yt = torch.tensor(y_train)
    history: list[dict[str, Any]] = []
    best: dict[str, Any] = {"micro_f1": -1.0}
    default_th = {k: cfg.default_threshold for k in LABEL_IDS}

    def snapshot() -> dict[str, torch.Tensor]:
        sd = {f"bert.encoder.layer.{i}.{k}": v.detach().clone() for i in range(start, model.num_layers) for k, v in model.bert.encoder.layer[i].state_dict().items()}
        sd.update({f"head.{k}": v.detach().clone() for k, v in model.head.state_dict().items()})
        return sd

    autocast = autocast_factory(cfg.compute)
    tune = threshold_tuner(cfg.to_dict())
    bar = _tqdm(range(epochs), progress, desc=desc, unit="epoch")
    last: dict[str, Any] = {}
    dev_scores: list[np.ndarray] = []
    for epoch in bar:
        model.train()
        total, seen = 0.0, 0
        steps = _tqdm(_epoch_batches(lengths, cfg.batch_size, rng), progress, desc=f"epoch {epoch + 1}/{epochs}", unit="step", leave=False)
        for idx in steps:
            h, mask = _pad_states([train_states[i] for i in idx])
            with autocast():
                logits = model.forward_top(h, mask, start=start)
            loss = loss_fn(logits.float(), yt[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            if cfg.grad_clip > 0:
                nn.utils.clip_grad_norm_(trainable, cfg.grad_clip)
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(idx)
            seen += len(idx)
        rec: dict[str, Any] = {"epoch": epoch + 1, "train_loss": round(total / max(seen, 1), 5)}
        if len(dev_states):
            sc = scores_from_states(model, dev_states, start)
            if dev_mask is not None:
                sc = as_served(sc, dev_mask)
            if keep_scores:
                dev_scores.append(sc)
            th = tune(y_dev, sc)
            rep = multilabel_report(y_dev, apply_thresholds(sc, th))
            rep05 = multilabel_report(y_dev, apply_thresholds(sc, default_th))
            rec.update({"dev_micro_f1": rep["micro_f1"], "dev_macro_f1": rep["macro_f1"], "dev_micro_f1_at_0.5": rep05["micro_f1"]})
            score = rep["micro_f1"]
        else:
            th, rep, score = default_th, None, float(epoch)
        history.append(rec)
        if progress and hasattr(bar, "set_postfix"):
            bar.set_postfix({k: v for k, v in rec.items() if k != "epoch"})
        last = {"state": None, "thresholds": th, "report": rep, "epoch": epoch + 1}
        if best_epoch is not None:
            score = 1.0 if epoch + 1 == best_epoch else -1.0
        if score > best["micro_f1"]:
            best = {"micro_f1": score, "state": snapshot(), "thresholds": th, "report": rep, "epoch": epoch + 1}
    last["state"] = snapshot()
    model.eval()
    out: dict[str, Any] = {"best": best, "last": last, "history": history}
    if keep_scores:
        out["dev_scores"] = dev_scores
    return out


def _versions() -> dict[str, str]:
    import importlib.metadata as md

    out = {"python": platform.python_version(), "torch": torch.__version__}
    for pkg in ("transformers", "tokenizers", "safetensors", "scikit-learn", "numpy", "yigai"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            out[pkg] = "unknown"
    return out


def _json(path: Path, obj: Any) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------- CV
def _mean_std(values: Sequence[float]) -> dict[str, float]:
    """Mean and (population) standard deviation of per-fold figures, rounded for reports."""
    v = np.array(values, dtype=np.float64)
    return {"mean": round(float(v.mean()), 4), "std": round(float(v.std()), 4)}


def document_folds(examples: Sequence[Example], extra: set[str] | frozenset[str], folds: int) -> dict[str, int]:
    """Fold number of each document (GroupKFold: deterministic, balances clause counts).

    Documents in ``extra`` (training-only) get -1: in no fold, always trained on.
    """
    from sklearn.model_selection import GroupKFold

    real = [i for i, e in enumerate(examples) if e.doc not in extra]
    groups = np.array([examples[i].doc for i in real])
    fold_of: dict[str, int] = {d: -1 for d in extra}
    for f, (_, te) in enumerate(GroupKFold(n_splits=folds).split(np.zeros(len(real)), groups=groups)):
        for i in te:
            fold_of[str(groups[i])] = f
    return fold_of


def _cv_on_states(
    model: ThemeModel,
    init_state: dict[str, torch.Tensor],
    corpus: Corpus,
    examples: list[Example],
    states: list[torch.Tensor],
    cfg: TrainConfig,
    folds: int,
    progress: bool,
) -> dict[str, Any]:
    """GroupKFold by document over ``examples`` (train+dev) with cached ``states`` at the split layer."""
    from nlp.themes.baseline import TfidfBaseline, baseline_texts

    extra = set(corpus.extra_docs)
    docs = sorted({e.doc for e in examples} - extra)
    if folds < 3:
        return {"skipped": f"{folds} folds leave none to train on (one is tested, the next picks thresholds)"}
    if len(docs) < folds:
        return {"skipped": f"only {len(docs)} documents for {folds} folds"}
    k_cv = cfg.cv_trainable_layers or cfg.trainable_layers
    epochs = cfg.cv_epochs or cfg.epochs
    start = model.num_layers - k_cv
    model.load_state_dict(init_state, strict=False)
    dtype = _DTYPES[cfg.cache_dtype]
    states = advance_states(model, states, model.split, start, batch_size=cfg.encode_batch_size, dtype=dtype)
    fold_of = document_folds(examples, extra, folds)
    real = [i for i, e in enumerate(examples) if e.doc not in extra]
    y = label_matrix(examples)
    served = tagged_mask(examples)
    texts = baseline_texts(examples, cfg.context, cfg.max_context_chars)
    per_fold = []
    for f in _tqdm(range(folds), progress, desc="cross-validation", unit="fold"):
        dv_f = (f + 1) % folds
        te = [i for i, e in enumerate(examples) if fold_of[e.doc] == f]
        dv = [i for i, e in enumerate(examples) if fold_of[e.doc] == dv_f]
        tr = [i for i, e in enumerate(examples) if fold_of[e.doc] not in (f, dv_f)]
        model.load_state_dict(init_state, strict=False)
        torch.manual_seed(cfg.seed + f)
        nn.init.normal_(model.head.weight, std=0.02)
        nn.init.zeros_(model.head.bias)
        r = fit(model, [states[i] for i in tr], y[tr], [states[i] for i in dv], y[dv], cfg, start=start, epochs=epochs, progress=False, dev_mask=served[dv])
        model.load_state_dict(r["best"]["state"], strict=False)
        sc = as_served(scores_from_states(model, [states[i] for i in te], start), served[te])
        rep = multilabel_report(y[te], apply_thresholds(sc, r["best"]["thresholds"]))
        bl = TfidfBaseline(seed=cfg.seed).fit([texts[i] for i in tr], y[tr])
        b_dv = as_served(bl.scores([texts[i] for i in dv]), served[dv])
        b_te = as_served(bl.scores([texts[i] for i in te]), served[te])
        bth = tune_thresholds(y[dv], b_dv, default=cfg.default_threshold, shrink=cfg.threshold_shrink)
        brep = multilabel_report(y[te], apply_thresholds(b_te, bth))
        fold_rec: dict[str, Any] = {
            "fold": f + 1,
            "documents": len({examples[i].doc for i in te}),
            "clauses": len(te),
            "model": {"micro_f1": rep["micro_f1"], "macro_f1": rep["macro_f1"]},
            "baseline": {"micro_f1": brep["micro_f1"], "macro_f1": brep["macro_f1"]},
            "best_epoch": r["best"]["epoch"],
        }
        if cfg.blend == "dev":
            # the shipped protocol inside the fold: weight and thresholds chosen on the inner dev fold only
            from nlp.themes.blend import blend_scores, choose_weight

            e_dv = as_served(scores_from_states(model, [states[i] for i in dv], start), served[dv])
            tune = threshold_tuner(cfg.to_dict())
            ch = choose_weight(y[dv], e_dv, b_dv, tune)
            xrep = multilabel_report(y[te], apply_thresholds(blend_scores(sc, b_te, ch["weight"]), ch["thresholds"]))
            fold_rec["blend"] = {"micro_f1": xrep["micro_f1"], "macro_f1": xrep["macro_f1"], "weight": ch["weight"]}
        per_fold.append(fold_rec)
    model.load_state_dict(init_state, strict=False)

    def agg(who: str, key: str) -> dict[str, float]:
        return _mean_std([p[who][key] for p in per_fold])

    out = {
        "folds": folds,
        "grouping": "document (GroupKFold); fold i+1 is the inner dev fold (thresholds, best epoch), the rest train",
        "documents": len(docs),
        "clauses": len(real),
        "extra_training_documents": len(extra),
        "setting": {"trainable_layers": k_cv, "epochs": epochs},
        "model": {"micro_f1": agg("model", "micro_f1"), "macro_f1": agg("model", "macro_f1")},
        "baseline": {"micro_f1": agg("baseline", "micro_f1"), "macro_f1": agg("baseline", "macro_f1")},
        "per_fold": per_fold,
        "notes": MACRO_NOTE,
    }
    if cfg.blend == "dev":
        out["scope"] = "'model' is the encoder alone; 'blend' blends it with the fold's baseline, weight and thresholds chosen on the inner dev fold"
        out["blend"] = {"micro_f1": agg("blend", "micro_f1"), "macro_f1": agg("blend", "macro_f1"), "weights": [p["blend"]["weight"] for p in per_fold]}
    return out


def oof_selection(
    model: ThemeModel,
    init_state: dict[str, torch.Tensor],
    corpus: Corpus,
    examples: list[Example],
    states: list[torch.Tensor],
    cfg: TrainConfig,
    folds: int,
    progress: bool,
) -> dict[str, Any]:
    """Epoch count and per-label thresholds chosen out of fold over ``examples`` (train+dev).

    The documents are cut into ``folds`` folds. For each fold a model is trained
    with the full recipe (same layers, same ``cfg.epochs`` schedule) on the
    other folds, and the fold is scored after every epoch. Over these
    out-of-fold scores:

    - cross-validation: each fold is decided with thresholds tuned on the other
      folds' out-of-fold scores (so no fold's thresholds saw its own labels);
    - the epoch count with the best pooled micro-F1 of that protocol is chosen;
    - the thresholds are tuned on all out-of-fold scores of that epoch.

    The TF-IDF baseline goes through the same folds and threshold protocol.
    Returns ``epoch``, ``thresholds``, ``report`` (pooled, at the chosen epoch),
    ``last_thresholds``/``last_report`` (for the final epoch), ``history`` and
    ``cv`` (shaped like :func:`_cv_on_states`' result).
    """
    from nlp.themes.baseline import baseline_texts, out_of_fold_scores

    extra = set(corpus.extra_docs)
    fold_of = document_folds(examples, extra, folds)
    y = label_matrix(examples)
    served = tagged_mask(examples)
    n_ep = cfg.epochs
    fold_idx = [[i for i, e in enumerate(examples) if fold_of[e.doc] == f] for f in range(folds)]
    real = [i for f in range(folds) for i in fold_idx[f]]
    scores = np.zeros((n_ep, len(examples), y.shape[1]), dtype=np.float32)
    start = model.split
    tune = threshold_tuner(cfg.to_dict())
    for f in range(folds):
        te = fold_idx[f]
        tr = [i for i, e in enumerate(examples) if fold_of[e.doc] != f]
        model.load_state_dict(init_state, strict=False)
        r = fit(
            model, [states[i] for i in tr], y[tr], [states[i] for i in te], y[te], cfg,
            start=start, epochs=n_ep, progress=progress, desc=f"out-of-fold {f + 1}/{folds}", keep_scores=True,
            dev_mask=served[te],
        )  # fmt: skip
        for e, sc in enumerate(r["dev_scores"]):
            scores[e, te] = sc
    model.load_state_dict(init_state, strict=False)
    texts = baseline_texts(examples, cfg.context, cfg.max_context_chars)
    base_scores = as_served(out_of_fold_scores(texts, y, [fold_of[e.doc] for e in examples], folds, seed=cfg.seed), served)

    def cross_decide(sc: np.ndarray) -> tuple[np.ndarray, list[dict[str, float]]]:
        pred = np.zeros_like(y)
        per: list[dict[str, float]] = []
        for f in range(folds):
            others = [i for g in range(folds) if g != f for i in fold_idx[g]]
            pred[fold_idx[f]] = apply_thresholds(sc[fold_idx[f]], tune(y[others], sc[others]))
            rep = multilabel_report(y[fold_idx[f]], pred[fold_idx[f]])
            per.append({"micro_f1": rep["micro_f1"], "macro_f1": rep["macro_f1"]})
        return pred, per

    history: list[dict[str, Any]] = []
    pooled: list[dict[str, Any]] = []
    per_epoch_folds: list[list[dict[str, float]]] = []
    for e in range(n_ep):
        pred, per = cross_decide(scores[e])
        rep = multilabel_report(y[real], pred[real])
        pooled.append(rep)
        per_epoch_folds.append(per)
        history.append({"epoch": e + 1, "oof_micro_f1": rep["micro_f1"], "oof_macro_f1": rep["macro_f1"]})
    best = max(range(n_ep), key=lambda e: (pooled[e]["micro_f1"], -e))
    bpred, bper = cross_decide(base_scores)

    def agg(per: list[dict[str, float]], key: str) -> dict[str, float]:
        return _mean_std([p[key] for p in per])

    cv = {
        "folds": folds,
        "grouping": "document (GroupKFold); each fold scored by a model trained on the other folds, "
        "decided with thresholds tuned on the other folds' out-of-fold scores",
        "documents": len({examples[i].doc for i in real}),
        "clauses": len(real),
        "extra_training_documents": len(extra),
        "setting": {"trainable_layers": model.num_layers - start, "epochs": best + 1},
        "note": f"the epoch count ({best + 1}) was chosen on these same folds, so the figures are slightly optimistic",
        "model": {"micro_f1": agg(per_epoch_folds[best], "micro_f1"), "macro_f1": agg(per_epoch_folds[best], "macro_f1")},
        "baseline": {"micro_f1": agg(bper, "micro_f1"), "macro_f1": agg(bper, "macro_f1")},
        "pooled": {
            "model": {"micro_f1": pooled[best]["micro_f1"], "macro_f1": pooled[best]["macro_f1"]},
            "baseline": {k: multilabel_report(y[real], bpred[real])[k] for k in ("micro_f1", "macro_f1")},
        },
        "per_fold": [
            {
                "fold": f + 1,
                "documents": len({examples[i].doc for i in fold_idx[f]}),
                "clauses": len(fold_idx[f]),
                "model": per_epoch_folds[best][f],
                "baseline": bper[f],
            }
            for f in range(folds)
        ],
        "notes": MACRO_NOTE,
    }
    return {
        "epoch": best + 1,
        "thresholds": tune(y[real], scores[best, real]),
        "report": pooled[best],
        "last_thresholds": tune(y[real], scores[n_ep - 1, real]),
        "last_report": pooled[n_ep - 1],
        "history": history,
        "cv": cv,
    }


def _prepare(cfg: TrainConfig, progress: bool):
    """Load corpus + base, build the model and the token ids of train/dev."""
    seed_everything(cfg.seed)
    set_threads(cfg.num_threads)
    corpus = with_extra_train(load_corpus(cfg.annotations), cfg.extra_train)
    bert, tok, base_dir = load_base(cfg.base)
    model = ThemeModel(bert, len(LABEL_IDS), trainable_layers=min(cfg.trainable_layers, len(bert.encoder.layer)), pooling=cfg.pooling, dropout=cfg.dropout)
    model.freeze_bottom()
    return corpus, tok, base_dir, model


def run_cross_validation(config: TrainConfig, folds: int = 5, *, progress: bool = True) -> dict[str, Any]:
    """Stand-alone document-level CV (see :func:`nlp.themes.evaluate.cross_validate`)."""
    cfg = config
    corpus, tok, _, model = _prepare(cfg, progress)
    init_state = copy.deepcopy(model.trained_state_dict())
    ex = corpus.part("train") + corpus.part("dev")
    pad = tok.pad_token_id if tok.pad_token_id is not None else 0
    states = cache_states(model, encode_examples(tok, ex, cfg), pad, upto=model.split, batch_size=cfg.encode_batch_size, dtype=_DTYPES[cfg.cache_dtype], progress=progress)
    return _cv_on_states(model, init_state, corpus, ex, states, cfg, folds, progress)


# ---------------------------------------------------------------------- train
def train(config: TrainConfig, out_dir: Path, *, progress: bool = True) -> TrainResult:
    """Fine-tune the theme classifier and write ``out_dir/model-best`` and ``out_dir/model-last``.

    Each is a complete model directory (config, labels, thresholds, safetensors,
    metrics, training data record, versions, model card). With ``blend`` "dev" the
    TF-IDF baseline is then fitted on the same training data and blended into the
    served scores, its weight and the thresholds chosen on dev (:func:`nlp.themes.blend.fit_blend`).
    Runs the test split evaluation (model [+ encoder alone] + TF-IDF baseline) and,
    with ``cv_folds > 0``, document-level cross-validation; both go into metrics.json and README.md.
    """
    t0, c0 = time.time(), time.process_time()
    cfg = config
    cfg.validate()
    out_dir = Path(out_dir)
    corpus, tok, base_dir, model = _prepare(cfg, progress)
    train_ex, dev_ex = corpus.part("train"), corpus.part("dev")
    test_ex = corpus.part("test") if "test" in corpus.split else []
    if not train_ex:
        raise AnnotationError("no training clauses (split 'train' matches no clause)", path=str(Path(cfg.annotations) / "split.json"), fix="list the training documents' stems under \"train\"")
    init_state = copy.deepcopy(model.trained_state_dict())
    pad = tok.pad_token_id if tok.pad_token_id is not None else 0
    dtype = _DTYPES[cfg.cache_dtype]
    all_ex = train_ex + dev_ex
    t_cache = time.time()
    states = cache_states(model, encode_examples(tok, all_ex, cfg), pad, upto=model.split, batch_size=cfg.encode_batch_size, dtype=dtype, progress=progress)
    t_cache = time.time() - t_cache
    tr_states, dv_states = states[: len(train_ex)], states[len(train_ex) :]
    y_tr, y_dv = label_matrix(train_ex), label_matrix(dev_ex)

    t_fit = time.time()
    sel: dict[str, Any] | None = None
    if cfg.thresholds_from == "oof":
        # epoch count + thresholds out of fold over train+dev, then one refit on all of train+dev
        sel = oof_selection(model, init_state, corpus, all_ex, states, cfg, cfg.oof_folds, progress)
        y_all = label_matrix(all_ex)
        r = fit(model, states, y_all, [], y_all[:0], cfg, start=model.split, epochs=cfg.epochs, progress=progress, desc="refit on train+dev", best_epoch=sel["epoch"])
        r["best"].update(thresholds=sel["thresholds"], report=sel["report"])
        r["last"].update(thresholds=sel["last_thresholds"], report=sel["last_report"])
        for rec, oof in zip(r["history"], sel["history"]):
            rec.update({k: v for k, v in oof.items() if k != "epoch"})
    else:
        r = fit(model, tr_states, y_tr, dv_states, y_dv, cfg, start=model.split, epochs=cfg.epochs, progress=progress, dev_mask=tagged_mask(dev_ex))
    t_fit = time.time() - t_fit

    best_dir, last_dir = out_dir / "model-best", out_dir / "model-last"
    dirs = {"best": best_dir, "last": last_dir}
    for which in ("last", "best"):
        model.load_state_dict(r[which]["state"], strict=False)
        save_model_dir(
            dirs[which], model, tok, train_config=cfg.to_dict(), base=cfg.base, base_dir=base_dir,
            labels=LABELS, thresholds=r[which]["thresholds"], weights=cfg.weights, weights_dtype=cfg.weights_dtype,
        )  # fmt: skip

    cv = sel["cv"] if sel else None
    t_cv = time.time()
    if cfg.cv_folds and sel is None:
        cv = _cv_on_states(model, init_state, corpus, all_ex, states, cfg, cfg.cv_folds, progress)
    t_cv = time.time() - t_cv
    del states, tr_states, dv_states

    # the served blend: baseline fitted once on the encoder's training data, weight + thresholds from dev
    blends: dict[str, dict[str, Any]] = {}
    t_blend = time.time()
    if cfg.blend == "dev" and dev_ex:
        from nlp.themes.blend import fit_baseline, fit_blend

        baseline = fit_baseline(corpus, cfg.to_dict())
        for which in ("best", "last"):
            blends[which] = fit_blend(dirs[which], corpus, baseline=baseline, encoder_thresholds=r[which]["thresholds"], batch_size=cfg.encode_batch_size, progress=progress)
    t_blend = time.time() - t_blend

    from nlp.themes.evaluate import evaluate

    wall_total, cpu_total = round(time.time() - t0, 1), round(time.process_time() - c0, 1)
    results: dict[str, Any] = {}
    for which in ("best", "last"):
        d = dirs[which]
        test = evaluate(d, "test", annotations=cfg.annotations) if test_ex else None
        dev_rep = r[which]["report"]
        metrics = {
            "model": {"name": cfg.name, "version": cfg.version, "checkpoint": f"model-{which}", "epoch": r[which]["epoch"]},
            "selection": (
                f"model-best = epoch {sel['epoch']} of a refit on train+dev, the epoch count with the best out-of-fold micro-F1 "
                f"over {cfg.oof_folds} document folds; per-label thresholds tuned on the out-of-fold scores"
                if sel
                else "model-best = epoch with the best dev micro-F1 (per-label thresholds tuned on dev)"
            ),
            "dev": None if sel else dev_rep,
            "out_of_fold": dev_rep if sel else None,
            "test": test["model"] if test else None,
            "baseline_test": test["baseline"] if test else None,
            "cross_validation": cv,
            "history": r["history"],
            "timing_seconds": {
                "frozen_cache": round(t_cache, 1),
                "fit": round(t_fit, 1),
                "cross_validation": round(t_cv, 1),
                **({"blend": round(t_blend, 1)} if blends else {}),
                "total_wall_before_test_eval": wall_total,
                "total_cpu_before_test_eval": cpu_total,
                "threads": torch.get_num_threads(),
            },
            "notes": MACRO_NOTE,
        }
        td = {
            "annotations": str(cfg.annotations),
            "sha256": corpus.sha256,
            "counts": corpus.counts(),
            "skipped_clauses_not_in_split": corpus.skipped,
            "split_documents": {k: list(v) for k, v in corpus.split.items()},
            "extra_training_documents": list(corpus.extra_docs),
            "extra_training_dirs": list(cfg.extra_train or []),
        }
        if which in blends:
            from nlp.themes.blend import blend_metrics

            metrics = blend_metrics(metrics, blends[which], test)
            td["baseline"] = {k: v for k, v in blends[which]["trained_on"].items() if k in ("splits", "documents", "clauses", "extra_training_documents")}
        _json(d / "metrics.json", metrics)
        _json(d / "training_data.json", td)
        _json(d / "versions.json", _versions())
        from nlp.themes.card import write_model_card

        write_model_card(d)
        results[which] = test
    best_test = results["best"]
    return TrainResult(
        out_dir=out_dir,
        best_dir=best_dir,
        last_dir=last_dir,
        best_epoch=int(r["best"]["epoch"]),
        dev=(blends["best"]["reports"]["model"] if "best" in blends else r["best"]["report"]) or {},
        blend_weight=blends["best"]["weight"] if "best" in blends else None,
        test=best_test,
        cv=cv,
        history=r["history"],
        seconds=round(time.time() - t0, 1),
    )

"""Training configuration of the theme classifier (issue #4).

A :class:`TrainConfig` is a plain typed dataclass, read from a JSON file in
``training/`` (``training/default.json`` ships the model, ``training/tiny.json``
is used by the tests). Every field has a default, so a JSON file only lists what
it changes. Unknown keys, wrong types and out-of-range values raise
:class:`nlp.errors.ConfigError` with a one-line message naming the file, the
field and the fix.

Public API: :class:`TrainConfig`, :func:`load_config`.

The model is the prepared base encoder (``nlp.themes.prepare``) with its
embeddings and bottom ``num_layers - trainable_layers`` layers frozen, the top
``trainable_layers`` layers fine-tuned, and a mean-pooled linear sigmoid head
with one output per label of :mod:`nlp.themes.labels`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from nlp.errors import ConfigError

LOSSES = ("bce", "focal", "asl")
CONTEXTS = ("title+path", "path", "none")
POOLINGS = ("mean", "cls")
WEIGHTS = ("auto", "adapter", "full")
CACHE_DTYPES = ("float16", "bfloat16", "float32")
COMPUTES = ("fp32", "bf16", "auto")
STORE_DTYPES = ("float32", "float16")
THRESHOLD_SOURCES = ("dev", "oof")
BLENDS = ("none", "dev")


@dataclass
class TrainConfig:
    """Everything that determines a training run (and so a shipped model).

    Paths (``base`` when it is a directory, ``annotations``) are resolved
    against the current working directory.
    """

    # --- identity of the produced model
    name: str = "yigai-themes"
    version: str = "0.1.0"
    # --- inputs
    base: str = "e5-small"  # name understood by nlp.themes.prepare.resolve_base, or a model dir
    annotations: str = "annotations"  # dir with clauses.jsonl, split.json, docs/
    extra_train: list[str] | None = None  # more annotation dirs whose documents only ever train (never dev, test or a CV test fold)
    # --- input text
    context: str = "title+path"  # what precedes the clause as the first text of a pair
    max_length: int = 160  # tokens of the pair (context is truncated first when too long)
    max_context_chars: int = 120  # the context string is cut to this many characters
    # prepended to the encoder's input (e5 models were trained with "query: " / "passage: " before every
    # text); the TF-IDF baseline never sees it
    input_prefix: str = ""
    # --- architecture
    trainable_layers: int = 4  # K: the top K encoder layers are fine-tuned, the rest frozen
    pooling: str = "mean"
    dropout: float = 0.1  # before the classification head
    # --- optimisation
    epochs: int = 10
    batch_size: int = 16
    lr: float = 5e-5  # top encoder layers
    head_lr: float = 1e-3  # classification head
    weight_decay: float = 0.01
    warmup_ratio: float = 0.06
    grad_clip: float = 1.0
    seed: int = 13
    # --- loss (all cope with rare labels)
    loss: str = "bce"  # bce (with pos_weight) | focal | asl (asymmetric)
    pos_weight: str | float | None = "sqrt"  # bce/focal: "sqrt" = sqrt(neg/pos) per label, a number, or None
    pos_weight_max: float = 10.0
    focal_gamma: float = 2.0
    asl_gamma_neg: float = 4.0
    asl_gamma_pos: float = 0.0
    asl_clip: float = 0.05
    # --- thresholds (tuned per label) and the epoch of model-best
    # "dev": tuned on the dev split after each epoch; model-best = the epoch with the best dev micro-F1.
    # "oof": chosen out of fold over train+dev (oof_folds document folds trained with the same
    #        recipe), then one refit on train+dev; the folds' results are the cross-validation.
    thresholds_from: str = "dev"
    oof_folds: int = 5
    default_threshold: float = 0.5  # used for a label absent from dev
    threshold_min: float = 0.05
    threshold_max: float = 0.95
    # k > 0: each label's threshold is pulled toward the single micro-F1-optimal threshold,
    # (n * t_label + k * t_all) / (n + k) with n the label's dev positives (rare labels' optima on a
    # few dev documents are noise); 0 = plain per-label optima. Also used for the blend and the baseline.
    threshold_shrink: float = 0.0
    # --- served scores: "none" = the encoder alone; "dev" = after training, blend the encoder with the
    #     TF-IDF baseline fitted on the same training data, w * encoder + (1 - w) * baseline, w chosen
    #     on dev (grid 0.0..1.0 step 0.1) and the thresholds re-tuned on the blended dev scores
    #     (nlp.themes.blend; needs thresholds_from "dev")
    blend: str = "none"
    # --- speed / storage
    encode_batch_size: int = 32  # batch size of the frozen forward pass and of prediction
    cache_dtype: str = "float16"  # dtype of the cached frozen hidden states
    num_threads: int = 0  # torch threads; 0 = leave torch's default
    weights: str = "auto"  # auto: full weights when the base is small (< 50 MB), else adapter
    weights_dtype: str = "float32"  # storage of the trained tensors (float16 halves an adapter; computed in float32)
    compute: str = "fp32"  # training arithmetic: fp32, bf16 (torch.autocast) or auto (bf16 where the CPU has it)
    # --- cross-validation by document (reported in the model card); 0 disables
    cv_folds: int = 5
    cv_epochs: int = 0  # 0 = same as epochs
    cv_trainable_layers: int = 0  # 0 = same as trainable_layers

    # ------------------------------------------------------------------ I/O
    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict of every field."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str | None = None) -> "TrainConfig":
        """Build and validate a config; unknown keys or bad values raise ConfigError."""
        where = source or "config"
        if not isinstance(data, dict):
            raise ConfigError("a training config must be a JSON object", path=where, fix="write {\"field\": value, ...}")
        known = {f.name: f for f in fields(cls)}
        unknown = [k for k in data if k not in known and not k.startswith("_")]
        if unknown:
            raise ConfigError(
                f"unknown config field {unknown[0]!r}",
                path=where,
                fix=f"remove it or use one of: {', '.join(sorted(known))}",
            )
        kwargs: dict[str, Any] = {}
        for k, v in data.items():
            if k.startswith("_"):
                continue  # "_comment" keys are allowed
            kwargs[k] = _coerce(k, v, getattr(cls, k) if hasattr(cls, k) else None, where)
        cfg = cls(**kwargs)
        cfg.validate(source=where)
        return cfg

    def validate(self, *, source: str | None = None) -> None:
        """Raise ConfigError (one line) if any value is out of range."""
        where = source or "config"

        def bad(field: str, why: str, fix: str) -> None:
            raise ConfigError(f"field {field!r} {why}", path=where, fix=fix)

        if not self.base:
            bad("base", "is empty", "set it to a prepared base name or a model directory")
        if self.context not in CONTEXTS:
            bad("context", f"is {self.context!r}", f"use one of {', '.join(CONTEXTS)}")
        if self.pooling not in POOLINGS:
            bad("pooling", f"is {self.pooling!r}", f"use one of {', '.join(POOLINGS)}")
        if self.loss not in LOSSES:
            bad("loss", f"is {self.loss!r}", f"use one of {', '.join(LOSSES)}")
        if self.weights not in WEIGHTS:
            bad("weights", f"is {self.weights!r}", f"use one of {', '.join(WEIGHTS)}")
        if self.compute not in COMPUTES:
            bad("compute", f"is {self.compute!r}", f"use one of {', '.join(COMPUTES)}")
        if self.weights_dtype not in STORE_DTYPES:
            bad("weights_dtype", f"is {self.weights_dtype!r}", f"use one of {', '.join(STORE_DTYPES)}")
        if self.cache_dtype not in CACHE_DTYPES:
            bad("cache_dtype", f"is {self.cache_dtype!r}", f"use one of {', '.join(CACHE_DTYPES)}")
        if not 8 <= self.max_length <= 512:
            bad("max_length", f"is {self.max_length}", "use 8..512 tokens")
        if self.max_context_chars < 0:
            bad("max_context_chars", "is negative", "use 0 or more")
        if self.trainable_layers < 1:
            bad("trainable_layers", f"is {self.trainable_layers}", "use 1 or more (at most the base's layer count)")
        for name in ("epochs", "batch_size", "encode_batch_size"):
            if getattr(self, name) < 1:
                bad(name, f"is {getattr(self, name)}", "use a positive integer")
        for name in ("lr", "head_lr"):
            if not 0 < getattr(self, name) < 1:
                bad(name, f"is {getattr(self, name)}", "use a learning rate in (0, 1), e.g. 5e-5")
        if not 0 <= self.dropout < 1:
            bad("dropout", f"is {self.dropout}", "use 0 <= dropout < 1")
        if not 0 <= self.warmup_ratio < 1:
            bad("warmup_ratio", f"is {self.warmup_ratio}", "use 0 <= warmup_ratio < 1")
        if self.weight_decay < 0 or self.grad_clip < 0:
            bad("weight_decay/grad_clip", "is negative", "use 0 or more")
        if isinstance(self.pos_weight, str) and self.pos_weight != "sqrt":
            bad("pos_weight", f"is {self.pos_weight!r}", "use \"sqrt\", a positive number or null")
        if isinstance(self.pos_weight, (int, float)) and not isinstance(self.pos_weight, bool) and self.pos_weight <= 0:
            bad("pos_weight", f"is {self.pos_weight}", "use \"sqrt\", a positive number or null")
        if self.pos_weight_max < 1:
            bad("pos_weight_max", f"is {self.pos_weight_max}", "use 1 or more")
        for name in ("focal_gamma", "asl_gamma_neg", "asl_gamma_pos", "threshold_shrink"):
            if getattr(self, name) < 0:
                bad(name, "is negative", "use 0 or more")
        if not 0 <= self.asl_clip < 0.5:
            bad("asl_clip", f"is {self.asl_clip}", "use 0 <= asl_clip < 0.5")
        if not 0 < self.threshold_min <= self.default_threshold <= self.threshold_max < 1:
            bad(
                "default_threshold",
                "is outside threshold_min..threshold_max",
                "use 0 < threshold_min <= default_threshold <= threshold_max < 1",
            )
        if self.thresholds_from not in THRESHOLD_SOURCES:
            bad("thresholds_from", f"is {self.thresholds_from!r}", f"use one of {', '.join(THRESHOLD_SOURCES)}")
        if self.blend not in BLENDS:
            bad("blend", f"is {self.blend!r}", f"use one of {', '.join(BLENDS)}")
        if self.blend == "dev" and self.thresholds_from != "dev":
            bad("blend", "is \"dev\" but thresholds_from is not \"dev\"", "a blend weight is chosen on dev: use \"thresholds_from\": \"dev\" or \"blend\": \"none\"")
        if self.oof_folds < 3:
            bad("oof_folds", f"is {self.oof_folds}", "use 3 or more document folds")
        if self.num_threads < 0:
            bad("num_threads", "is negative", "use 0 (torch default) or a positive count")
        if self.cv_folds in (1, 2) or self.cv_folds < 0:
            bad("cv_folds", f"is {self.cv_folds}", "use 0 (no cross-validation) or 3 or more (one fold tests, one tunes thresholds)")
        if self.cv_epochs < 0 or self.cv_trainable_layers < 0:
            bad("cv_epochs/cv_trainable_layers", "is negative", "use 0 (= same as training) or a positive number")
        if self.cv_folds and self.cv_trainable_layers > self.trainable_layers:
            bad(
                "cv_trainable_layers",
                f"({self.cv_trainable_layers}) exceeds trainable_layers ({self.trainable_layers})",
                "use at most trainable_layers (cross-validation reuses the frozen cache)",
            )


def _coerce(key: str, value: Any, default: Any, where: str) -> Any:
    """Check a JSON value against the type of the field's default (ints are accepted for floats)."""
    if key == "extra_train":
        if value is None or (isinstance(value, list) and all(isinstance(v, str) and v for v in value)):
            return value or None
        raise ConfigError("field 'extra_train' must be a list of annotation directories", path=where, fix='write e.g. ["annotations/synthetic"] or null')
    if key == "pos_weight":
        if value is None or isinstance(value, str) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
            return float(value) if isinstance(value, int) else value
        raise ConfigError(f"field 'pos_weight' has type {type(value).__name__}", path=where, fix="use \"sqrt\", a number or null")
    expected = type(default)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if expected is int and isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise ConfigError(
            f"field {key!r} must be {expected.__name__}, got {type(value).__name__} {value!r}",
            path=where,
            fix=f"write it like the default {json.dumps(default)}",
        )
    return value


def load_config(path: str | Path, **overrides: Any) -> TrainConfig:
    """Read a JSON training config (e.g. ``training/default.json``); ``overrides`` replace fields.

    Raises ConfigError for a missing file, invalid JSON or invalid values.
    """
    p = Path(path)
    if not p.is_file():
        raise ConfigError("training config not found", path=str(p), fix="pass an existing JSON file such as training/default.json")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise ConfigError(f"invalid JSON at line {e.lineno} column {e.colno}: {e.msg}", path=str(p), fix="fix the JSON syntax") from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", path=str(p), fix="save the config as UTF-8 JSON") from None
    if isinstance(data, dict):
        data = {**data, **overrides}
    return TrainConfig.from_dict(data, source=str(p))

"""The theme classifier network and its model directory (safetensors only, never pickle).

Network: a BERT-style encoder (the prepared base, see ``nlp.themes.prepare``)
split at layer ``n - K``: the embeddings and bottom layers are frozen (their
output can be cached once per clause during training), the top ``K`` layers and
a mean-pooled linear head are trained; outputs are one sigmoid logit per label.

Model directory::

    config.json        {"format": "yigai-themes/1", "train_config": {...}, "architecture": {...}}
    labels.json        [{"id": "yibao", "name": "医保"}, ...]  (the output order)
    thresholds.json    {"yibao": 0.43, ...}
    model.safetensors  adapter: top K layers + head (base named + sha256 checked on load)
                       full:    every weight (+ tokenizer/ copied) for small bases
    metrics.json, training_data.json, versions.json, README.md  (documentation)
    baseline.safetensors, baseline.json   optional: the TF-IDF baseline blended into
                       the served scores (see nlp.themes.blend; declared in config.json)

Public API: :class:`ThemeModel`, :func:`resolve_base_dir`, :func:`load_base`,
:func:`save_model_dir`, :func:`read_model_dir`, :data:`REQUIRED_FILES`.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any, Iterator

import torch
from torch import nn

from nlp.errors import ModelError
from nlp.themes.data import file_sha256

FORMAT = "yigai-themes/1"
REQUIRED_FILES = ("config.json", "labels.json", "thresholds.json", "model.safetensors")
WEIGHTS_FILE = "model.safetensors"
TOKENIZER_DIR = "tokenizer"
FULL_WEIGHTS_MAX_BYTES = 50 * 1024 * 1024  # "auto": bases smaller than this are stored in full
_FIX_RETRAIN = "retrain with `yigai train CONFIG` or copy the complete model directory"

_sha_cache: dict[tuple[str, int, int], str] = {}


def cached_sha256(path: Path) -> str:
    """sha256 of a file, memoised per (path, size, mtime) within the process."""
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _sha_cache:
        _sha_cache[key] = file_sha256(path)
    return _sha_cache[key]


def resolve_base_dir(base: str) -> Path | str:
    """Turn a config's ``base`` (prepared-base name, directory or hub id) into something from_pretrained accepts.

    An existing directory is used as is; otherwise ``nlp.themes.prepare.resolve_base``
    decides (it knows the offline e5-small conversion).
    """
    p = Path(base).expanduser()
    if p.is_dir():
        return p
    try:
        from nlp.themes.prepare import resolve_base  # type: ignore[attr-defined]
    except ImportError:
        raise ModelError(
            f"base encoder {base!r} is not a directory and nlp.themes.prepare is unavailable",
            fix="pass the path of a prepared base directory",
        ) from None
    return resolve_base(base)


def base_weights_file(base_dir: Path | str) -> Path | None:
    """The weights file of a local base directory (None for hub ids)."""
    p = Path(base_dir)
    if not p.is_dir():
        return None
    f = p / "model.safetensors"
    return f if f.is_file() else None


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """Silence transformers while loading: the base's unused pooler weights are expected, not news,
    and a "Loading weights" bar for a sub-second load is noise next to yigai's own progress bars."""
    from transformers.utils import logging as hf_logging

    verbosity, bars = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


def load_base(base: str, *, local_only: bool = False):
    """Load ``(BertModel, fast tokenizer, base_dir)`` for a config's ``base`` (no remote code).

    Local directories never touch the network; a hub id may download unless ``local_only``.
    """
    from transformers import AutoTokenizer, BertModel

    base_dir = resolve_base_dir(base)
    is_local = Path(base_dir).is_dir()
    try:
        with quiet_transformers():
            model = BertModel.from_pretrained(
                str(base_dir), add_pooling_layer=False, local_files_only=is_local or local_only, trust_remote_code=False
            )
            tok = AutoTokenizer.from_pretrained(str(base_dir), use_fast=True, local_files_only=is_local or local_only, trust_remote_code=False)
    except (OSError, ValueError) as e:
        raise ModelError(
            f"cannot load base encoder {base!r} ({str(e).splitlines()[0][:160]})",
            path=str(base_dir),
            fix="run the base preparation (nlp.themes.prepare.prepare_base) or point 'base' at a BERT model directory",
        ) from None
    if not getattr(tok, "is_fast", False):
        raise ModelError("base tokenizer is not a fast tokenizer", path=str(base_dir), fix="prepare the base with a tokenizer.json")
    return model, tok, base_dir


def _lengths_mask(attention_mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """Additive 4-D attention mask [B,1,1,L]: 0 for tokens, dtype-min for padding."""
    m = attention_mask[:, None, None, :].to(dtype)
    return (1.0 - m) * torch.finfo(dtype).min


class ThemeModel(nn.Module):
    """Encoder (embeddings + layers) + mean/CLS pooling + dropout + linear head."""

    def __init__(self, bert: nn.Module, num_labels: int, *, trainable_layers: int, pooling: str = "mean", dropout: float = 0.1):
        super().__init__()
        n = len(bert.encoder.layer)
        if not 1 <= trainable_layers <= n:
            raise ModelError(f"trainable_layers={trainable_layers} but the base has {n} layers", fix=f"use 1..{n}")
        self.bert = bert
        self.num_layers = n
        self.trainable_layers = trainable_layers
        self.split = n - trainable_layers
        self.pooling = pooling
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(bert.config.hidden_size, num_labels)
        nn.init.normal_(self.head.weight, std=0.02)
        nn.init.zeros_(self.head.bias)

    # -- parameters
    def freeze_bottom(self) -> None:
        """Freeze embeddings and bottom layers; top K layers + head stay trainable."""
        for p in self.bert.parameters():
            p.requires_grad_(False)
        for layer in self.bert.encoder.layer[self.split :]:
            for p in layer.parameters():
                p.requires_grad_(True)

    def trained_state_dict(self) -> dict[str, torch.Tensor]:
        """Only the trained parameters (top K layers + head): the adapter."""
        sd = {}
        for i in range(self.split, self.num_layers):
            for k, v in self.bert.encoder.layer[i].state_dict().items():
                sd[f"bert.encoder.layer.{i}.{k}"] = v
        for k, v in self.head.state_dict().items():
            sd[f"head.{k}"] = v
        return sd

    # -- forward pieces
    def forward_bottom(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, upto: int | None = None) -> torch.Tensor:
        """Hidden states after the frozen part (embeddings + layers[:split])."""
        upto = self.split if upto is None else upto
        h = self.bert.embeddings(input_ids=input_ids, token_type_ids=torch.zeros_like(input_ids))
        return self.run_layers(h, attention_mask, 0, upto)

    def run_layers(self, h: torch.Tensor, attention_mask: torch.Tensor, start: int, stop: int) -> torch.Tensor:
        if start >= stop:
            return h
        mask = None if bool(attention_mask.all()) else _lengths_mask(attention_mask, h.dtype)
        for layer in self.bert.encoder.layer[start:stop]:
            out = layer(h, attention_mask=mask)
            h = out[0] if isinstance(out, tuple) else out
        return h

    def pool(self, h: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        if self.pooling == "cls":
            return h[:, 0]
        m = attention_mask.unsqueeze(-1).to(h.dtype)
        return (h * m).sum(1) / m.sum(1).clamp(min=1.0)

    def forward_top(self, h: torch.Tensor, attention_mask: torch.Tensor, start: int | None = None) -> torch.Tensor:
        """Logits from hidden states at layer ``start`` (default: the split point)."""
        start = self.split if start is None else start
        h = self.run_layers(h, attention_mask, start, self.num_layers)
        return self.head(self.dropout(self.pool(h, attention_mask)))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        h = self.bert.embeddings(input_ids=input_ids, token_type_ids=torch.zeros_like(input_ids))
        return self.forward_top(h, attention_mask, start=0)


# ---------------------------------------------------------------------- saving
def _json(path: Path, obj: Any) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def save_model_dir(
    out: Path,
    model: ThemeModel,
    tokenizer: Any,
    *,
    train_config: dict[str, Any],
    base: str,
    base_dir: Path | str,
    labels: list[tuple[str, str]],
    thresholds: dict[str, float],
    weights: str = "auto",
    weights_dtype: str = "float32",
    extra: dict[str, Any] | None = None,
) -> Path:
    """Write the model directory (see module doc). ``weights``: auto | adapter | full;
    ``weights_dtype``: float32 | float16 storage of the floating-point tensors."""
    from safetensors.torch import save_file

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    wfile = base_weights_file(base_dir)
    if weights == "auto":
        weights = "full" if (wfile is None or wfile.stat().st_size < FULL_WEIGHTS_MAX_BYTES) else "adapter"
    if weights == "adapter" and wfile is None:
        weights = "full"  # a hub base cannot be checksummed: store everything
    if weights == "full":
        sd = {f"bert.{k}": v for k, v in model.bert.state_dict().items()}
        sd.update({f"head.{k}": v for k, v in model.head.state_dict().items()})
        tokenizer.save_pretrained(str(out / TOKENIZER_DIR))
    else:
        sd = model.trained_state_dict()
    store = torch.float16 if weights_dtype == "float16" else torch.float32
    sd = {k: (v.detach().to("cpu", store) if v.is_floating_point() else v.detach().to("cpu")).contiguous().clone() for k, v in sd.items()}
    save_file(sd, str(out / WEIGHTS_FILE), metadata={"format": FORMAT, "weights": weights})
    os.chmod(out / WEIGHTS_FILE, 0o644)
    arch = {
        "type": "bert-topk-sigmoid",
        "weights": weights,
        "weights_dtype": weights_dtype,
        "base": base,
        "base_sha256": cached_sha256(wfile) if (weights == "adapter" and wfile is not None) else None,
        "num_layers": model.num_layers,
        "trainable_layers": model.trainable_layers,
        "hidden_size": model.bert.config.hidden_size,
        "pooling": model.pooling,
        "num_labels": model.head.out_features,
        "bert_config": model.bert.config.to_dict(),
    }
    _json(out / "config.json", {"format": FORMAT, "train_config": train_config, "architecture": arch, **(extra or {})})
    _json(out / "labels.json", [{"id": i, "name": n} for i, n in labels])
    _json(out / "thresholds.json", {k: round(float(v), 4) for k, v in thresholds.items()})
    return out


# ---------------------------------------------------------------------- loading
def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ModelError(f"invalid JSON ({e})", path=str(path), fix=_FIX_RETRAIN) from None


def read_model_meta(path: str | Path) -> dict[str, Any]:
    """Validate a model directory without building a network.

    Returns ``path``, ``config``, ``arch``, ``labels``, ``thresholds``, the
    weights ``state_dict`` (safetensors) and ``blend`` (the TF-IDF baseline the
    served scores blend in, :class:`nlp.themes.blend.Blend`, or None). Raises
    ModelError naming the missing or invalid file and the fix.
    """
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    d = Path(path)
    if not d.is_dir():
        raise ModelError("model directory not found", path=str(d), fix="train one with `yigai train CONFIG` or pass the shipped models/yigai-themes-e5small")
    for name in REQUIRED_FILES:
        if not (d / name).is_file():
            raise ModelError(f"incomplete model directory: {name} is missing", path=str(d), fix=_FIX_RETRAIN)
    cfg = _read_json(d / "config.json")
    if not isinstance(cfg, dict) or cfg.get("format") != FORMAT or "architecture" not in cfg:
        raise ModelError(f"config.json is not a {FORMAT} model config", path=str(d / "config.json"), fix=_FIX_RETRAIN)
    arch = cfg["architecture"]
    labels_raw = _read_json(d / "labels.json")
    try:
        labels = [(str(x["id"]), str(x["name"])) for x in labels_raw]
    except (TypeError, KeyError):
        raise ModelError("labels.json must be a list of {\"id\", \"name\"}", path=str(d / "labels.json"), fix=_FIX_RETRAIN) from None
    thresholds = _read_json(d / "thresholds.json")
    if not isinstance(thresholds, dict):
        raise ModelError("thresholds.json must map label ids to numbers", path=str(d / "thresholds.json"), fix=_FIX_RETRAIN)
    missing = [i for i, _ in labels if i not in thresholds]
    if missing:
        raise ModelError(f"thresholds.json has no threshold for {missing[0]!r}", path=str(d / "thresholds.json"), fix="add one (0..1) per label")
    try:
        thresholds = {k: float(thresholds[k]) for k, _ in labels}
    except (TypeError, ValueError):
        raise ModelError("thresholds.json values must be numbers", path=str(d / "thresholds.json"), fix="use numbers between 0 and 1") from None
    if len(labels) != int(arch.get("num_labels", -1)):
        raise ModelError("labels.json and config.json disagree on the number of labels", path=str(d), fix=_FIX_RETRAIN)
    try:
        sd = load_file(str(d / WEIGHTS_FILE))
    except (SafetensorError, OSError, ValueError) as e:
        raise ModelError(f"cannot read model.safetensors ({e})", path=str(d / WEIGHTS_FILE), fix=_FIX_RETRAIN) from None
    weights = arch.get("weights")
    if weights not in ("full", "adapter"):
        raise ModelError(f"unknown weights kind {weights!r} in config.json", path=str(d / "config.json"), fix=_FIX_RETRAIN)
    if weights == "full" and not (d / TOKENIZER_DIR).is_dir():
        raise ModelError(f"incomplete model directory: {TOKENIZER_DIR}/ is missing", path=str(d), fix=_FIX_RETRAIN)
    # adapters may be stored in half precision; the network computes in float32
    sd = {k: (v.float() if v.is_floating_point() else v) for k, v in sd.items()}
    from nlp.themes.blend import read_blend

    blend = read_blend(d, labels, cfg)  # None for a directory without baseline.safetensors/baseline.json
    return {"path": d, "config": cfg, "arch": arch, "labels": labels, "thresholds": thresholds, "state_dict": sd, "blend": blend}


def check_base(arch: dict[str, Any], base: str | None) -> tuple[str, Path | str]:
    """``(base name, resolved base dir)`` of an adapter model, checking the base weights' sha256."""
    base_name = base or arch.get("base")
    base_dir = resolve_base_dir(base_name)
    wfile = base_weights_file(base_dir)
    want = arch.get("base_sha256")
    if wfile is not None and want and base is None:
        got = cached_sha256(wfile)
        if got != want:
            raise ModelError(
                f"base encoder weights differ from the ones this model was trained on (sha256 {got[:12]}… != {want[:12]}…)",
                path=str(wfile),
                fix=f"prepare the base {arch.get('base')!r} again (nlp.themes.prepare.prepare_base(force=True)) or retrain",
            )
    return base_name, base_dir


def expected_keys(model: "ThemeModel", weights: str) -> set[str]:
    """Tensor names a model directory of kind ``weights`` must hold."""
    if weights == "full":
        return {k for k in model.state_dict().keys() if not k.endswith("position_ids")}
    return set(model.trained_state_dict().keys())


def read_model_dir(path: str | Path, *, base: str | None = None) -> dict[str, Any]:
    """Validate a model directory and build its transformers-based network; returns a dict with
    ``model`` (eval mode), ``tokenizer``, ``config``, ``labels``, ``thresholds``.

    Raises ModelError naming the missing/invalid file and the fix. ``base``
    overrides the base recorded in config.json (adapter directories only).
    Used for training and evaluation; tagging uses the lighter engine of
    :mod:`nlp.themes.fast`, which computes the same function.
    """
    from transformers import AutoTokenizer, BertConfig, BertModel

    meta = read_model_meta(path)
    d, cfg, arch, labels, thresholds, sd = (meta[k] for k in ("path", "config", "arch", "labels", "thresholds", "state_dict"))
    weights = arch["weights"]
    if weights == "full":
        bert = BertModel(BertConfig(**{k: v for k, v in arch["bert_config"].items() if k not in ("architectures",)}), add_pooling_layer=False)
        tok = AutoTokenizer.from_pretrained(str(d / TOKENIZER_DIR), use_fast=True, local_files_only=True, trust_remote_code=False)
    else:
        base_name, _ = check_base(arch, base)
        bert, tok, _ = load_base(base_name)

    model = ThemeModel(bert, len(labels), trainable_layers=int(arch["trainable_layers"]), pooling=arch.get("pooling", "mean"), dropout=0.0)
    expected = expected_keys(model, weights)
    got_keys = {k for k in sd.keys() if not k.endswith("position_ids")}
    if expected - got_keys:
        miss = sorted(expected - got_keys)[0]
        raise ModelError(f"model.safetensors lacks tensor {miss!r}", path=str(d / WEIGHTS_FILE), fix=_FIX_RETRAIN)
    try:
        model.load_state_dict(sd, strict=False)
    except RuntimeError as e:
        raise ModelError(f"model.safetensors does not fit the architecture ({str(e).splitlines()[0][:160]})", path=str(d / WEIGHTS_FILE), fix=_FIX_RETRAIN) from None
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return {"model": model, "tokenizer": tok, "config": cfg, "labels": labels, "thresholds": thresholds, "path": d, "blend": meta["blend"]}


def set_threads(n: int = 0) -> None:
    """Use ``n`` torch threads (0: min(physical cores, 8), leaving torch alone when already set)."""
    if n > 0:
        torch.set_num_threads(n)
        return
    env = os.environ.get("OMP_NUM_THREADS")
    if env:
        return
    cores = os.cpu_count() or 1
    want = max(1, min(cores, 8))
    if torch.get_num_threads() != want:
        torch.set_num_threads(want)

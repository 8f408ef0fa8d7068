"""The tagging engine: the theme network in plain torch, with the ``tokenizers`` library.

``yigai tag`` spends most of its time loading and running the classifier. The
transformers stack costs ~7 s to import and build a tokenizer before the first
clause; this module computes the same function (BERT encoder, mean/CLS pooling,
linear head; see :class:`nlp.themes.model.ThemeModel`) from the same safetensors
files with nothing but torch and the fast tokenizer's own ``tokenizer.json``, and
can run the matrix products in bfloat16 where the CPU has native bf16 (AVX512-BF16
or AMX), which is ~3x faster on these machines for the same labels.

Equivalence with the transformers network is tested (tests/test_fast_engine.py)
and measured on the dev split by ``bench/bench_classifier.py``.

Public API: :func:`build_fast_network`, :class:`FastTokenizer`, :class:`FastThemeNet`,
:func:`cpu_has_bf16`, :func:`resolve_precision`, :func:`fast_engine_supported`, :func:`fast_tokenizer_dir`.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any, Sequence

import torch
import torch.nn.functional as F

from nlp.errors import ModelError
from nlp.themes.model import _FIX_RETRAIN, TOKENIZER_DIR, WEIGHTS_FILE

PRECISIONS = ("auto", "fp32", "bf16", "bf16-checked")
CHECK_MARGIN = 0.05  # bf16-checked: scores this close to a threshold are recomputed in float32 (1.5x the largest bf16 error measured)
_ACTS = {"gelu": F.gelu, "gelu_new": lambda x: F.gelu(x, approximate="tanh"), "gelu_pytorch_tanh": lambda x: F.gelu(x, approximate="tanh"), "relu": F.relu}


# ---------------------------------------------------------------------- precision
@functools.lru_cache(maxsize=1)
def cpu_has_bf16() -> bool:
    """True when the CPU computes bfloat16 natively (avx512_bf16 or amx_bf16 flags)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return bool(flags & {"avx512_bf16", "amx_bf16"})
    except OSError:
        return False
    return False


def resolve_precision(precision: str | None) -> str:
    """``auto`` (also ``$YIGAI_PRECISION``) -> ``bf16-checked`` on CPUs with native bf16, else ``fp32``.

    ``bf16-checked`` runs every clause in bfloat16 and recomputes in float32 the clauses with a
    score within :data:`CHECK_MARGIN` of a threshold, so its labels are the float32 labels
    whenever bf16 moves a score by less than the margin (measured max: 0.03, see
    bench/results/classifier.json).
    """
    p = (precision or os.environ.get("YIGAI_PRECISION") or "auto").lower()
    if p not in PRECISIONS:
        raise ModelError(f"unknown precision {p!r}", fix="use auto, fp32, bf16 or bf16-checked")
    if p == "auto":
        return "bf16-checked" if cpu_has_bf16() and bf16_is_faster() else "fp32"
    return p


@functools.lru_cache(maxsize=1)
def bf16_is_faster() -> bool:
    """True when bfloat16 matrix products of the encoder's shapes run clearly faster than float32 here
    (a CPU may list ``avx512_bf16`` and still run them slower: one measured 83 against 149 GFLOPS).
    A 20-50 ms measurement, once per process."""
    import time

    import torch

    a = torch.randn(128, 384)
    w = torch.randn(384, 1536)
    best = {}
    for dtype in (torch.float32, torch.bfloat16):
        x, y = a.to(dtype), w.to(dtype)
        with torch.inference_mode():
            x @ y  # warm-up
            t = time.perf_counter()
            for _ in range(8):
                x @ y
            best[dtype] = time.perf_counter() - t
    return best[torch.bfloat16] < 0.8 * best[torch.float32]


# ---------------------------------------------------------------------- tokenizer
class FastTokenizer:
    """The subset of a transformers fast tokenizer that prediction uses, on ``tokenizers`` alone.

    Pairs are encoded with the post-processor stored in ``tokenizer.json``
    (``<s> A </s></s> B </s>`` for XLM-R, ``[CLS] A [SEP] B [SEP]`` for BERT) and
    truncated ``longest_first``, exactly as ``tokenizer(a, b, truncation="longest_first")``.
    """

    def __init__(self, path: Path, pad_token_id: int | None):
        from tokenizers import Tokenizer

        try:
            self._tok = Tokenizer.from_file(str(path))
        except Exception as e:  # tokenizers raises its own Exception type
            raise ModelError(f"cannot read tokenizer.json ({str(e).splitlines()[0][:120]})", path=str(path), fix=_FIX_RETRAIN) from None
        self._tok.no_padding()
        self._tok.no_truncation()
        self.pad_token_id = pad_token_id
        self._max: int | None = None

    def token_to_id(self, token: str) -> int | None:
        return self._tok.token_to_id(token)

    def _truncate(self, max_length: int | None) -> None:
        if max_length != self._max:
            if max_length is None:
                self._tok.no_truncation()
            else:
                self._tok.enable_truncation(max_length, strategy="longest_first")
            self._max = max_length

    def __call__(self, a: Sequence[str], b: Sequence[str] | None = None, *, truncation: Any = True, max_length: int | None = None, **_: Any) -> dict[str, list[list[int]]]:
        self._truncate(max_length if truncation else None)
        inputs: list[Any] = list(a) if b is None else list(zip(a, b))
        encs = self._tok.encode_batch(inputs, add_special_tokens=True)
        return {"input_ids": [e.ids for e in encs]}


# ---------------------------------------------------------------------- network
class FastThemeNet(torch.nn.Module):
    """BERT encoder + pooling + head as plain tensor code. ``forward(ids, mask) -> logits`` (float32)."""

    def __init__(self, bert_config: dict[str, Any], tensors: dict[str, torch.Tensor], *, pooling: str, dtype: torch.dtype):
        super().__init__()
        c = bert_config
        self.hidden = int(c["hidden_size"])
        self.heads = int(c["num_attention_heads"])
        self.head_dim = self.hidden // self.heads
        self.eps = float(c.get("layer_norm_eps", 1e-12))
        self.act = _ACTS[str(c.get("hidden_act", "gelu"))]
        self.n_layers = int(c["num_hidden_layers"])
        self.pooling = pooling
        self.dtype = dtype

        def t(name: str) -> torch.Tensor:
            return tensors[name].to(dtype).contiguous()

        def f32(name: str) -> torch.Tensor:
            return tensors[name].to(torch.float32).contiguous()

        # embeddings stay float32 (a gather costs nothing); the sum is cast to the compute dtype
        self.word = f32("embeddings.word_embeddings.weight")
        self.pos = f32("embeddings.position_embeddings.weight")
        self.type0 = f32("embeddings.token_type_embeddings.weight")[0]
        self.emb_ln = (f32("embeddings.LayerNorm.weight"), f32("embeddings.LayerNorm.bias"))
        self.layers = []
        for i in range(self.n_layers):
            p = f"encoder.layer.{i}."
            # q, k, v fused into one matrix product
            qkv_w = torch.cat([tensors[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")], 0).to(dtype).contiguous()
            qkv_b = torch.cat([tensors[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")], 0).to(dtype).contiguous()
            self.layers.append(
                {
                    "qkv": (qkv_w, qkv_b),
                    "ao": (t(p + "attention.output.dense.weight"), t(p + "attention.output.dense.bias")),
                    "ln1": (t(p + "attention.output.LayerNorm.weight"), t(p + "attention.output.LayerNorm.bias")),
                    "fi": (t(p + "intermediate.dense.weight"), t(p + "intermediate.dense.bias")),
                    "fo": (t(p + "output.dense.weight"), t(p + "output.dense.bias")),
                    "ln2": (t(p + "output.LayerNorm.weight"), t(p + "output.LayerNorm.bias")),
                }
            )
        self.head_w = tensors["head.weight"].float().contiguous()
        self.head_b = tensors["head.bias"].float().contiguous()

    def with_dtype(self, dtype: torch.dtype) -> "FastThemeNet":
        """The same network computing in ``dtype``: layer weights cast, embeddings and head shared."""
        import copy

        other = copy.copy(self)
        other.dtype = dtype
        other.layers = [{k: (w.to(dtype), b.to(dtype)) for k, (w, b) in L.items()} for L in self.layers]
        return other

    def _layer(self, h: torch.Tensor, L: dict[str, tuple[torch.Tensor, torch.Tensor]], mask: torch.Tensor | None) -> torch.Tensor:
        B, T, H = h.shape
        qkv = F.linear(h, *L["qkv"]).view(B, T, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        ctx = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], attn_mask=mask)
        ctx = ctx.transpose(1, 2).reshape(B, T, H)
        h = F.layer_norm(F.linear(ctx, *L["ao"]) + h, (H,), *L["ln1"], eps=self.eps)
        ff = F.linear(self.act(F.linear(h, *L["fi"])), *L["fo"])
        return F.layer_norm(ff + h, (H,), *L["ln2"], eps=self.eps)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        T = input_ids.shape[1]
        h = self.word[input_ids] + self.pos[:T] + self.type0
        h = F.layer_norm(h, (self.hidden,), *self.emb_ln, eps=self.eps).to(self.dtype)
        mask = None if bool(attention_mask.all()) else attention_mask[:, None, None, :].bool()
        for L in self.layers:
            h = self._layer(h, L, mask)
        h = h.float()
        if self.pooling == "cls":
            pooled = h[:, 0]
        else:
            m = attention_mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
        return F.linear(pooled, self.head_w, self.head_b)


# ---------------------------------------------------------------------- loading
def fast_tokenizer_dir(model_dir: Path | str, arch: dict[str, Any], base_dir: Path | str | None) -> Path | None:
    """Where the fast engine finds ``tokenizer.json``: the base (adapters) or the model's own ``tokenizer/``."""
    if arch.get("weights") == "full":
        return Path(model_dir) / TOKENIZER_DIR
    return Path(base_dir) if base_dir is not None else None


def fast_engine_supported(arch: dict[str, Any], tok_dir: Path | None) -> str | None:
    """None when the fast engine can run this model, else the reason it cannot."""
    c = arch.get("bert_config") or {}
    if c.get("model_type", "bert") != "bert":
        return f"model_type {c.get('model_type')!r}"
    if c.get("position_embedding_type", "absolute") != "absolute":
        return f"position_embedding_type {c.get('position_embedding_type')!r}"
    if str(c.get("hidden_act", "gelu")) not in _ACTS:
        return f"hidden_act {c.get('hidden_act')!r}"
    if tok_dir is None or not (tok_dir / "tokenizer.json").is_file():
        return "no local tokenizer.json"
    if arch.get("weights") == "adapter" and not (tok_dir / WEIGHTS_FILE).is_file():
        return "the base directory has no model.safetensors"
    return None


def _base_tensors(base_dir: Path, n_layers: int, skip_layers: set[int]) -> dict[str, torch.Tensor]:
    from safetensors import safe_open

    out: dict[str, torch.Tensor] = {}
    with safe_open(str(base_dir / WEIGHTS_FILE), framework="pt") as f:
        for k in f.keys():
            name = k[5:] if k.startswith("bert.") else k
            if name.startswith("pooler."):
                continue
            if name.startswith("encoder.layer."):
                i = int(name.split(".")[2])
                if i in skip_layers or i >= n_layers:
                    continue
            out[name] = f.get_tensor(k)
    return out


def _pad_id(tok: "FastTokenizer", tokenizer_dir: Path, bert_config: dict[str, Any]) -> int:
    """The padding id: the tokenizer's pad token (tokenizer_config.json), else the config's pad_token_id."""
    import json

    p = tokenizer_dir / "tokenizer_config.json"
    pad_tok = None
    if p.is_file():
        try:
            pad_tok = json.loads(p.read_text(encoding="utf-8")).get("pad_token")
        except (json.JSONDecodeError, UnicodeDecodeError):
            pad_tok = None
    if isinstance(pad_tok, dict):
        pad_tok = pad_tok.get("content")
    if isinstance(pad_tok, str) and pad_tok:
        tid = tok.token_to_id(pad_tok)
        if tid is not None:
            return int(tid)
    pid = bert_config.get("pad_token_id")
    return int(pid) if pid is not None else 0


def build_fast_network(meta: dict[str, Any], base_dir: Path | None, precision: str) -> tuple[FastThemeNet, FastTokenizer, FastThemeNet | None]:
    """``(network, tokenizer, float32 check network or None)`` for a validated model directory
    (``nlp.themes.model.read_model_meta``); ``precision`` as resolved by :func:`resolve_precision`."""
    arch, sd, d = meta["arch"], meta["state_dict"], Path(meta["path"])
    c = dict(arch["bert_config"])
    n = int(c["num_hidden_layers"])
    k = int(arch["trainable_layers"])
    dtype = torch.bfloat16 if precision == "bf16" else torch.float32
    tok_dir = fast_tokenizer_dir(d, arch, base_dir)
    why = fast_engine_supported(arch, tok_dir)
    if why is not None or tok_dir is None:
        raise ModelError(f"the fast engine cannot run this model ({why})", path=str(d), fix="load it with engine='transformers'")
    tensors = {key[5:]: v for key, v in sd.items() if key.startswith("bert.")}
    if arch["weights"] == "adapter":
        tensors = {**_base_tensors(tok_dir, n, skip_layers=set(range(n - k, n))), **tensors}
    tensors["head.weight"] = sd["head.weight"]
    tensors["head.bias"] = sd["head.bias"]
    try:
        net = FastThemeNet(c, tensors, pooling=arch.get("pooling", "mean"), dtype=dtype)
    except KeyError as e:
        raise ModelError(f"model weights lack tensor {e.args[0]!r}", path=str(d / WEIGHTS_FILE), fix=_FIX_RETRAIN) from None
    except RuntimeError as e:
        raise ModelError(f"model weights do not fit the architecture ({str(e).splitlines()[0][:160]})", path=str(d / WEIGHTS_FILE), fix=_FIX_RETRAIN) from None
    net.eval()
    check = None
    if precision == "bf16-checked":
        check, net = net, net.with_dtype(torch.bfloat16)
    tok = FastTokenizer(tok_dir / "tokenizer.json", None)
    tok.pad_token_id = _pad_id(tok, tok_dir, c)
    return net, tok, check

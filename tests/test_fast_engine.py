"""The tagging engine of nlp/themes/fast.py computes what the transformers network computes.

Runs on the tiny random BERT of tests/conftest.py (full weights) and on an adapter
re-saved over a copy of its base; no network, no real base.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from nlp.errors import ModelError
from nlp.themes.fast import FastThemeNet, FastTokenizer, resolve_precision
from nlp.themes.labels import LABELS
from nlp.themes.predict import load_classifier

REPO = Path(__file__).resolve().parents[1]


def _texts() -> list[str]:
    rows = [json.loads(x) for x in (REPO / "tests" / "golden" / "classifier_synthetic.jsonl").read_text(encoding="utf-8").splitlines() if x.strip() and not x.startswith("#")]
    texts = [r["text"] for r in rows]
    # longer than max_length (96) once the title is added: exercises longest_first truncation
    texts.append("".join(texts[:12]))
    texts.append(texts[0] * 9)
    return texts


def _adapter(tiny_trained, tiny_base, tmp_path: Path) -> Path:
    from nlp.themes.model import read_model_dir, save_model_dir

    base = tmp_path / "base"
    shutil.copytree(tiny_base, base)
    r = read_model_dir(tiny_trained.best_dir)
    return save_model_dir(tmp_path / "adapter", r["model"], r["tokenizer"], train_config=r["config"]["train_config"], base=str(base),
                          base_dir=base, labels=LABELS, thresholds=r["thresholds"], weights="adapter")  # fmt: skip


@pytest.mark.parametrize("kind", ["full", "adapter"])
def test_fast_engine_matches_transformers_network(kind, tiny_trained, tiny_base, tmp_path):
    d = tiny_trained.best_dir if kind == "full" else _adapter(tiny_trained, tiny_base, tmp_path)
    fast = load_classifier(d, engine="fast", precision="fp32")
    ref = load_classifier(d, engine="transformers")
    assert isinstance(fast.model, FastThemeNet) and fast.engine == "fast"
    assert not isinstance(ref.model, FastThemeNet) and ref.engine == "transformers"
    texts = _texts()
    for bs in (1, 4, 32):  # padded and unpadded batches
        a = ref.scores(texts, title="关于深化医改的实施方案", batch_size=bs)
        b = fast.scores(texts, title="关于深化医改的实施方案", batch_size=bs)
        np.testing.assert_allclose(b, a, atol=2e-5)
    assert fast.predict_labels(texts) == ref.predict_labels(texts)


def test_fast_tokenizer_matches_transformers_tokenizer(tiny_base):
    from transformers import AutoTokenizer

    hf = AutoTokenizer.from_pretrained(str(tiny_base))
    ft = FastTokenizer(tiny_base / "tokenizer.json", hf.pad_token_id)
    texts = _texts()
    ctx = ["关于深化医改的实施方案 > 一、总体要求"] * len(texts)
    for m in (16, 40, 96):
        assert ft(ctx, texts, truncation="longest_first", max_length=m)["input_ids"] == hf(ctx, texts, truncation="longest_first", max_length=m)["input_ids"]
        assert ft(texts, truncation=True, max_length=m)["input_ids"] == hf(texts, truncation=True, max_length=m)["input_ids"]
    assert ft.token_to_id("<pad>") == hf.pad_token_id


def test_auto_engine_is_fast_and_pads_with_the_tokenizers_pad(tiny_trained):
    clf = load_classifier(tiny_trained.best_dir)
    assert clf.engine == "fast" and clf.precision == "fp32"
    assert clf.pad_id == json.loads((tiny_trained.best_dir / "config.json").read_text(encoding="utf-8"))["architecture"]["bert_config"]["pad_token_id"]


def test_bf16_stays_close_to_fp32(tiny_trained):
    texts = _texts()
    a = load_classifier(tiny_trained.best_dir, precision="fp32").scores(texts)
    b = load_classifier(tiny_trained.best_dir, precision="bf16").scores(texts)
    assert b.dtype == np.float32
    assert np.abs(a - b).max() < 0.05


def test_bf16_checked_rescores_clauses_near_a_threshold_in_fp32(tiny_trained):
    texts = _texts()
    ref = load_classifier(tiny_trained.best_dir, precision="fp32")
    chk = load_classifier(tiny_trained.best_dir, precision="bf16-checked")
    assert chk.check_model is not None and chk.model.dtype.is_floating_point
    a = ref.scores(texts)
    chk.check_margin = 1.0  # every clause is near some threshold: all re-scored in float32
    np.testing.assert_allclose(chk.scores(texts), a, atol=1e-6)
    assert chk.rechecked == len(texts)
    chk.check_margin, chk.rechecked = 0.0, 0  # nothing re-scored: pure bf16
    np.testing.assert_allclose(chk.scores(texts), load_classifier(tiny_trained.best_dir, precision="bf16").scores(texts), atol=1e-6)
    assert chk.rechecked == 0
    chk.check_margin = 0.05
    assert chk.predict_labels(texts) == ref.predict_labels(texts)
    # an overriding threshold is what the check looks near
    assert chk.predict_labels(texts, threshold=0.5) == ref.predict_labels(texts, threshold=0.5)


def test_precision_resolution(monkeypatch):
    assert resolve_precision("fp32") == "fp32"
    assert resolve_precision("BF16") == "bf16"
    assert resolve_precision("auto") in ("fp32", "bf16-checked")
    assert resolve_precision("bf16-checked") == "bf16-checked"
    monkeypatch.setenv("YIGAI_PRECISION", "fp32")
    assert resolve_precision(None) == "fp32"
    with pytest.raises(ModelError, match="unknown precision 'fp8'"):
        resolve_precision("fp8")


def test_unknown_engine_is_refused(tiny_trained):
    with pytest.raises(ModelError, match="unknown engine"):
        load_classifier(tiny_trained.best_dir, engine="onnx")


def test_unsupported_architecture_falls_back_or_is_refused(tiny_trained, tmp_path):
    d = tmp_path / "m"
    shutil.copytree(tiny_trained.best_dir, d)
    cfg = json.loads((d / "config.json").read_text(encoding="utf-8"))
    cfg["architecture"]["bert_config"]["position_embedding_type"] = "relative_key"
    (d / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
    with pytest.raises(ModelError, match="fast engine cannot run this model .*position_embedding_type"):
        load_classifier(d, engine="fast")
    assert load_classifier(d, engine="auto").engine == "transformers"


def test_fast_engine_refuses_missing_tensor(tiny_trained, tmp_path):
    from safetensors.torch import load_file, save_file

    d = tmp_path / "m"
    shutil.copytree(tiny_trained.best_dir, d)
    sd = load_file(str(d / "model.safetensors"))
    drop = next(k for k in sd if "intermediate.dense.weight" in k)
    del sd[drop]
    save_file(sd, str(d / "model.safetensors"), metadata={"format": "yigai-themes/1", "weights": "full"})
    with pytest.raises(ModelError, match="lack"):
        load_classifier(d, engine="fast")


def test_auto_precision_takes_bf16_only_where_it_is_faster(monkeypatch):
    """A CPU that lists avx512_bf16 may still multiply bfloat16 slower than float32: auto measures."""
    import nlp.themes.fast as fast

    assert isinstance(fast.bf16_is_faster.__wrapped__(), bool)  # the measurement itself runs
    monkeypatch.delenv("YIGAI_PRECISION", raising=False)
    monkeypatch.setattr(fast, "cpu_has_bf16", lambda: True)
    monkeypatch.setattr(fast, "bf16_is_faster", lambda: False)
    assert fast.resolve_precision("auto") == "fp32"
    monkeypatch.setattr(fast, "bf16_is_faster", lambda: True)
    assert fast.resolve_precision("auto") == "bf16-checked"
    monkeypatch.setattr(fast, "cpu_has_bf16", lambda: False)
    assert fast.resolve_precision("auto") == "fp32"

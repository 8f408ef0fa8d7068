"""Training options: bf16 training arithmetic and half-precision adapter storage."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from safetensors import safe_open

from nlp.errors import ConfigError
from nlp.themes.config import TrainConfig
from nlp.themes.data import load_corpus
from nlp.themes.predict import load_classifier


@pytest.fixture(scope="module")
def bf16_run(tiny_config, tmp_path_factory):
    from nlp.themes.train import train

    cfg = dataclasses.replace(tiny_config, compute="bf16", weights_dtype="float16", cv_folds=0)
    return train(cfg, tmp_path_factory.mktemp("bf16_run"), progress=False)


def test_bf16_training_still_memorises_the_training_clauses(bf16_run, tiny_config, label_agreement):
    train = load_corpus(tiny_config.annotations).part("train")
    assert label_agreement(bf16_run.last_dir, train) > 0.95


def test_half_precision_weights_are_stored_and_recorded(bf16_run):
    d = bf16_run.best_dir
    with safe_open(str(d / "model.safetensors"), framework="pt") as f:
        dtypes = {str(f.get_tensor(k).dtype) for k in f.keys()}
    assert dtypes == {"torch.float16"}
    arch = json.loads((d / "config.json").read_text(encoding="utf-8"))["architecture"]
    assert arch["weights_dtype"] == "float16"
    # the transformers network and the fast engine read the same float16 file the same way
    texts = ["推进医保支付方式改革。", "建设基层中医馆。"]
    np.testing.assert_allclose(load_classifier(d, engine="fast").scores(texts), load_classifier(d, engine="transformers").scores(texts), atol=2e-5)


@pytest.mark.parametrize("field,value", [("compute", "fp16"), ("weights_dtype", "int8")])
def test_bad_precision_fields_are_config_errors(field, value):
    with pytest.raises(ConfigError, match=field):
        TrainConfig.from_dict({field: value}, source="training/x.json")


@pytest.mark.parametrize("compute", ["fp32", "bf16", "auto"])
def test_compute_setting_chooses_the_training_arithmetic(compute):
    import torch

    from nlp.themes.fast import resolve_precision
    from nlp.themes.train import autocast_factory

    # auto: bf16 only on a CPU with native bf16 whose bf16 products are measured faster (nlp.themes.fast)
    want_bf16 = compute == "bf16" or (compute == "auto" and resolve_precision("auto").startswith("bf16"))
    with autocast_factory(compute)():
        y = torch.nn.functional.linear(torch.ones(2, 4), torch.ones(3, 4))
    assert y.dtype == (torch.bfloat16 if want_bf16 else torch.float32)


# ------------------------------------------------------------------ input prefix (e5's "query: ")
def test_encode_pairs_puts_the_prefix_before_the_first_segment(tiny_base):
    from transformers import AutoTokenizer

    from nlp.themes.predict import encode_pairs

    tok = AutoTokenizer.from_pretrained(str(tiny_base))
    pairs = [("关于医保的通知", "推进支付方式改革。"), ("", "建设中医馆。")]
    with_prefix = encode_pairs(tok, pairs, 64, "query: ")
    by_hand = encode_pairs(tok, [("query: 关于医保的通知", "推进支付方式改革。"), ("", "query: 建设中医馆。")], 64)
    assert with_prefix == by_hand
    assert with_prefix != encode_pairs(tok, pairs, 64)


@pytest.fixture(scope="module")
def prefix_run(tiny_config, tmp_path_factory):
    from nlp.themes.train import train

    cfg = dataclasses.replace(tiny_config, input_prefix="query: ", cv_folds=0, epochs=30)
    return train(cfg, tmp_path_factory.mktemp("prefix_run"), progress=False)


def test_a_prefixed_model_records_its_prefix_and_serves_with_it(prefix_run, tiny_config, label_agreement):
    """Trained with a prefix, the directory records it and the classifier adds it when serving: the
    model still memorises its training clauses, and serving without the prefix gives other scores."""
    d = prefix_run.best_dir
    tc = json.loads((d / "config.json").read_text(encoding="utf-8"))["train_config"]
    assert tc["input_prefix"] == "query: "
    train = load_corpus(tiny_config.annotations).part("train")
    assert label_agreement(prefix_run.last_dir, train) > 0.95
    clf = load_classifier(d)
    assert clf.input_prefix == "query: "
    texts = ["推进医保支付方式改革。", "建设基层中医馆。"]
    served = clf.scores(texts)
    clf.input_prefix = ""
    assert not np.allclose(served, clf.scores(texts))

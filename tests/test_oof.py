"""Thresholds and epoch count chosen out of fold (config ``thresholds_from: "oof"``)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from nlp.errors import ConfigError
from nlp.themes.config import TrainConfig
from nlp.themes.data import load_corpus


@pytest.fixture(scope="module")
def oof_run(tiny_config, tmp_path_factory):
    """A tiny OOF training run, recording what every fit() call trained on and scored."""
    import nlp.themes.train as T

    calls: list[dict] = []
    real_fit = T.fit

    def spy(model, train_states, y_train, dev_states, y_dev, cfg, **kw):
        calls.append({"train": {id(s) for s in train_states}, "dev": {id(s) for s in dev_states}, "best_epoch": kw.get("best_epoch")})
        return real_fit(model, train_states, y_train, dev_states, y_dev, cfg, **kw)

    cfg = dataclasses.replace(tiny_config, thresholds_from="oof", oof_folds=3, epochs=12)
    mp = pytest.MonkeyPatch()
    mp.setattr(T, "fit", spy)
    try:
        result = T.train(cfg, tmp_path_factory.mktemp("oof_run"), progress=False)
    finally:
        mp.undo()
    return result, calls, cfg


def test_each_fold_is_scored_by_a_model_that_never_trained_on_it(oof_run):
    _, calls, cfg = oof_run
    folds, refit = calls[:-1], calls[-1]
    assert len(folds) == cfg.oof_folds
    everything = refit["train"]
    for c in folds:
        assert c["dev"] and not (c["train"] & c["dev"])
        assert c["train"] | c["dev"] == everything
    # the folds partition train+dev: every clause is scored exactly once
    scored = [i for c in folds for i in c["dev"]]
    assert len(scored) == len(set(scored)) == len(everything)


def test_the_refit_trains_on_train_and_dev_and_stops_at_the_chosen_epoch(oof_run, tiny_config):
    result, calls, cfg = oof_run
    corpus = load_corpus(tiny_config.annotations)
    assert len(calls[-1]["train"]) == len(corpus.part("train")) + len(corpus.part("dev"))
    assert not calls[-1]["dev"]
    m = json.loads((result.best_dir / "metrics.json").read_text(encoding="utf-8"))
    chosen = m["cross_validation"]["setting"]["epochs"]
    assert calls[-1]["best_epoch"] == chosen == m["model"]["epoch"] == result.best_epoch
    assert 1 <= chosen <= cfg.epochs
    # the chosen epoch is the one with the best out-of-fold micro-F1
    oof = [h["oof_micro_f1"] for h in m["history"]]
    assert oof[chosen - 1] == max(oof)


def test_dev_clauses_were_learnt_by_the_refit(oof_run, tiny_config, label_agreement):
    result, _, _ = oof_run
    dev = load_corpus(tiny_config.annotations).part("dev")
    assert label_agreement(result.last_dir, dev) > 0.95


def test_metrics_and_card_say_where_thresholds_come_from(oof_run):
    result, _, cfg = oof_run
    m = json.loads((result.best_dir / "metrics.json").read_text(encoding="utf-8"))
    assert m["dev"] is None and m["out_of_fold"]["micro_f1"] == m["cross_validation"]["pooled"]["model"]["micro_f1"]
    cv = m["cross_validation"]
    assert cv["folds"] == cfg.oof_folds and len(cv["per_fold"]) == cfg.oof_folds
    assert "out-of-fold" in m["selection"]
    stored = json.loads((result.best_dir / "thresholds.json").read_text(encoding="utf-8"))
    assert all(cfg.threshold_min <= v <= cfg.threshold_max for v in stored.values())
    card = (result.best_dir / "README.md").read_text(encoding="utf-8")
    assert "out of fold" in card and "out-of-fold" in card


@pytest.mark.parametrize(("field", "value"), [("thresholds_from", "test"), ("oof_folds", 2)])
def test_bad_oof_fields_are_config_errors(field, value):
    with pytest.raises(ConfigError, match=field):
        TrainConfig.from_dict({field: value}, source="training/x.json")

"""Extra training-only annotation dirs (config ``extra_train``, e.g. annotations/synthetic)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from nlp.errors import AnnotationError, ConfigError
from nlp.themes.config import TrainConfig
from nlp.themes.data import load_corpus, with_extra_train


def _extra_dir(src: Path, dst: Path, rename: dict[str, str]) -> Path:
    """An annotation dir holding copies of ``src``'s documents under new names."""
    (dst / "docs").mkdir(parents=True)
    rows = []
    for line in (src / "clauses.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r["doc"] in rename:
            rows.append(json.dumps({**r, "doc": rename[r["doc"]]}, ensure_ascii=False))
    for old, new in rename.items():
        shutil.copy(src / "docs" / f"{old}.txt", dst / "docs" / f"{new}.txt")
    (dst / "clauses.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (dst / "split.json").write_text(json.dumps({"train": sorted(rename.values()), "dev": [], "test": []}), encoding="utf-8")
    return dst


@pytest.fixture(scope="module")
def extra_dir(tiny_annotations, tmp_path_factory):
    return _extra_dir(tiny_annotations, tmp_path_factory.mktemp("extra") / "synthetic", {"t1": "x1", "t2": "x2"})


def test_extra_documents_join_train_only(tiny_annotations, extra_dir):
    base = load_corpus(tiny_annotations)
    n_train, n_dev, n_test = (len(base.part(s)) for s in ("train", "dev", "test"))
    merged = with_extra_train(load_corpus(tiny_annotations), [extra_dir])
    assert merged.extra_docs == ["x1", "x2"]
    assert {e.doc for e in merged.part("train")} >= {"x1", "x2"}
    assert len(merged.part("train")) == n_train + 8
    assert (len(merged.part("dev")), len(merged.part("test"))) == (n_dev, n_test)
    assert "synthetic/clauses.jsonl" in merged.sha256 and "clauses.jsonl" in merged.sha256


def test_an_extra_document_named_like_a_real_one_is_refused(tiny_annotations, tmp_path):
    clash = _extra_dir(tiny_annotations, tmp_path / "clash", {"t1": "d1"})
    with pytest.raises(AnnotationError, match="d1"):
        with_extra_train(load_corpus(tiny_annotations), [clash])


@pytest.mark.parametrize("value", ["annotations/synthetic", [1], [""]])
def test_extra_train_must_be_a_list_of_dirs(value):
    with pytest.raises(ConfigError, match="extra_train"):
        TrainConfig.from_dict({"extra_train": value}, source="training/x.json")


def test_cross_validation_never_tests_on_extra_documents(tiny_config, extra_dir):
    from nlp.themes.train import run_cross_validation

    cfg = dataclasses.replace(tiny_config, extra_train=[str(extra_dir)], cv_epochs=2)
    cv = run_cross_validation(cfg, folds=3, progress=False)
    real = load_corpus(tiny_config.annotations)
    real_docs = set(real.split["train"]) | set(real.split["dev"])
    assert cv["extra_training_documents"] == 2
    assert cv["documents"] == len(real_docs)
    assert sum(f["documents"] for f in cv["per_fold"]) == len(real_docs)
    assert sum(f["clauses"] for f in cv["per_fold"]) == len(real.part("train")) + len(real.part("dev"))


def test_evaluate_trains_the_baseline_on_the_extra_documents_too(tiny_config, extra_dir, tmp_path):
    """`yigai train` passes its annotations dir to evaluate: the baseline must still get the model's
    training-only documents (it did not before session 7), and a foreign annotation dir must not."""
    from nlp.themes.evaluate import evaluate
    from nlp.themes.train import train

    cfg = dataclasses.replace(tiny_config, extra_train=[str(extra_dir)], cv_folds=0, epochs=1)
    res = train(cfg, tmp_path / "run", progress=False)
    real = load_corpus(tiny_config.annotations)
    n_real, n_extra = len(real.part("train")), len(load_corpus(extra_dir).part("train"))
    by_default = evaluate(res.best_dir, "test")
    explicit = evaluate(res.best_dir, "test", annotations=tiny_config.annotations)
    assert by_default["baseline"]["trained_clauses"] == explicit["baseline"]["trained_clauses"] == n_real + n_extra
    other = tmp_path / "other_annotations"
    shutil.copytree(tiny_config.annotations, other)
    assert evaluate(res.best_dir, "test", annotations=other)["baseline"]["trained_clauses"] == n_real

"""Theme classifier (issue #4): config, training on a tiny random BERT, model directory, prediction, evaluation.

Everything runs on the session fixtures of tests/conftest.py (a tiny random
BertModel + char tokenizer, synthetic annotations); no network, no real base.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from nlp.doc import Clause, Document, Identity
from nlp.errors import AnnotationError, ConfigError, ModelError
from nlp.themes.config import TrainConfig, load_config
from nlp.themes.data import load_corpus
from nlp.themes.evaluate import evaluate, multilabel_report, tune_thresholds
from nlp.themes.labels import LABEL_IDS
from nlp.themes.model import REQUIRED_FILES
from nlp.themes.predict import classify_document, load_classifier

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"


def _rows(name: str) -> list[dict]:
    return [json.loads(x) for x in (GOLDEN / name).read_text(encoding="utf-8").splitlines() if x.strip() and not x.startswith("#")]


def _copy_model(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "model"
    shutil.copytree(src, dst)
    return dst


# ------------------------------------------------------------------ config
@pytest.mark.parametrize("name", ["default.json", "tiny.json"])
def test_shipped_configs_load_and_roundtrip(name):
    cfg = load_config(REPO / "training" / name)
    assert TrainConfig.from_dict(cfg.to_dict()) == cfg


def test_default_config_fits_shipping_budget():
    cfg = load_config(REPO / "training" / "default.json")
    # top K layers of e5-small (384 hidden, 1536 ffn) in float32 must stay under 40 MB
    per_layer = 4 * 384 * 384 + 4 * 384 + 2 * 384 * 1536 + 1536 + 384 + 4 * 384
    assert cfg.trainable_layers * per_layer * 4 < 40e6
    assert cfg.weights in ("adapter", "auto")


@pytest.mark.parametrize("case", _rows("classifier_bad_configs.jsonl"), ids=lambda c: c["case"])
def test_invalid_config_is_one_line_config_error(case):
    with pytest.raises(ConfigError) as ei:
        TrainConfig.from_dict(case["config"], source="training/x.json")
    msg = str(ei.value)
    assert case["expect"] in msg
    assert "\n" not in msg and msg.startswith("training/x.json:")


def test_config_file_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{\"epochs\": 3,,}", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid JSON"):
        load_config(bad)
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.json")


# ------------------------------------------------------------------ data
def test_annotation_errors_name_file_and_line(tmp_path, tiny_annotations):
    root = tmp_path / "ann"
    shutil.copytree(tiny_annotations, root)
    lines = (root / "clauses.jsonl").read_text(encoding="utf-8").splitlines()
    obj = json.loads(lines[2])
    obj["labels"] = ["not_a_theme"]
    lines[2] = json.dumps(obj, ensure_ascii=False)
    (root / "clauses.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"clauses.jsonl:3: unknown label 'not_a_theme'"):
        load_corpus(root)


def test_corpus_titles_and_split(tiny_annotations):
    c = load_corpus(tiny_annotations)
    assert {e.title for e in c.part("train")} == {f"关于t{i}的实施方案" for i in range(1, 5)}
    docs = {s: {e.doc for e in c.part(s)} for s in ("train", "dev", "test")}
    assert not (docs["train"] & docs["dev"]) and not (docs["train"] & docs["test"])


# ------------------------------------------------------------------ metrics
def test_tune_thresholds_per_label_and_default_for_absent():
    y = np.zeros((6, len(LABEL_IDS)), dtype=np.float32)
    y[:3, 0] = 1
    s = np.full_like(y, 0.1)
    s[:3, 0] = [0.3, 0.35, 0.4]
    s[3:, 0] = [0.05, 0.1, 0.2]
    th = tune_thresholds(y, s)
    assert 0.2 < th["yibao"] <= 0.3  # separates 0.2 from 0.3
    assert th["yigongti"] == 0.5  # absent from dev -> default


def test_threshold_shrink_pulls_rare_labels_toward_the_micro_threshold():
    from nlp.themes.evaluate import micro_threshold

    rng = np.random.default_rng(7)
    y = np.zeros((400, len(LABEL_IDS)), dtype=np.float32)
    y[:200, 0] = 1  # a frequent label: 200 positives
    y[:2, 1] = 1  # a rare one: 2 positives, whose own optimum is wherever those two happen to score
    s = np.clip(0.3 * y + rng.random(y.shape) * 0.6, 0, 1).astype(np.float32)
    s[:2, 1] = 0.9
    raw = tune_thresholds(y, s)
    t_all = micro_threshold(y, s)
    assert tune_thresholds(y, s, shrink=0) == raw
    k = 20.0
    th = tune_thresholds(y, s, shrink=k)
    for j, lab in ((0, "yibao"), (1, "yigongti")):
        n = y[:, j].sum()
        assert th[lab] == pytest.approx((n * raw[lab] + k * t_all) / (n + k), abs=1e-4)
    # the rare label moves most of the way, the frequent one hardly
    assert abs(th["yigongti"] - t_all) < abs(raw["yigongti"] - t_all) / 5
    assert abs(th["yibao"] - raw["yibao"]) <= abs(raw["yibao"] - t_all) * k / (200 + k) + 1e-4
    assert th["fenji"] == t_all  # no positives: the shared threshold, not the default
    assert set(tune_thresholds(y, s, shrink=1e9).values()) == {t_all}


def test_report_counts_and_absent_labels():
    y = np.zeros((3, len(LABEL_IDS)))
    p = np.zeros_like(y)
    y[0, 0] = y[1, 0] = 1
    p[0, 0] = 1
    p[2, 1] = 1  # false positive on a label absent from gold
    r = multilabel_report(y, p)
    assert r["per_label"]["yibao"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2, "predicted": 1}
    assert r["micro_f1"] == pytest.approx(0.5)
    assert r["macro_f1"] == pytest.approx((0.6667 + 0.0) / 2, abs=1e-4)  # yibao + yigongti
    assert r["macro_f1_gold"] == pytest.approx(0.6667, abs=1e-4)
    assert "fenji" in r["absent_labels"] and "yigongti" not in r["absent_labels"]


# ------------------------------------------------------------------ training
def test_overfits_training_clauses(tiny_trained, tiny_annotations):
    clf = load_classifier(tiny_trained.last_dir)  # model-last: trained to the end
    train = load_corpus(tiny_annotations).part("train")
    got = clf.predict_labels(train, threshold=0.5)
    assert [sorted(g) for g in got] == [sorted(e.labels) for e in train]


def test_model_dir_contents(tiny_trained):
    for d in (tiny_trained.best_dir, tiny_trained.last_dir):
        for name in REQUIRED_FILES + ("metrics.json", "training_data.json", "versions.json", "README.md"):
            assert (d / name).is_file(), name
        assert not list(d.rglob("*.bin")) and not list(d.rglob("*.pt")) and not list(d.rglob("*.pkl"))
    labels = json.loads((tiny_trained.best_dir / "labels.json").read_text(encoding="utf-8"))
    assert [x["id"] for x in labels] == LABEL_IDS and labels[0]["name"] == "医保"
    m = json.loads((tiny_trained.best_dir / "metrics.json").read_text(encoding="utf-8"))
    assert m["test"]["micro_f1"] >= 0 and m["baseline_test"] is not None
    assert m["cross_validation"]["folds"] == 3
    card = (tiny_trained.best_dir / "README.md").read_text(encoding="utf-8")
    assert "## Cross-validation" in card and "`shehui`" in card and "## Limitations" in card


def test_best_is_best_dev_epoch(tiny_trained):
    hist = tiny_trained.history
    best = max(h["dev_micro_f1"] for h in hist)
    assert hist[tiny_trained.best_epoch - 1]["dev_micro_f1"] == best


def test_training_is_deterministic(tiny_config, tiny_trained, tmp_path):
    from nlp.themes.train import train

    again = train(TrainConfig.from_dict({**tiny_config.to_dict(), "cv_folds": 0}), tmp_path, progress=False)
    assert [h["train_loss"] for h in again.history] == [h["train_loss"] for h in tiny_trained.history]


def test_save_reload_identical(tiny_trained, tiny_annotations, tmp_path):
    ex = load_corpus(tiny_annotations).examples
    a = load_classifier(tiny_trained.best_dir)
    b = load_classifier(_copy_model(tiny_trained.best_dir, tmp_path))
    sa, sb = a.scores(ex), b.scores(ex)
    assert np.array_equal(sa, sb)
    # batch size and order do not change scores (length-sorted batching)
    sc = a.scores(list(reversed(ex)), batch_size=3)[::-1]
    np.testing.assert_allclose(sa, sc, atol=1e-5)


def test_thresholds_applied_as_stored(tiny_trained, tiny_annotations, tmp_path):
    d = _copy_model(tiny_trained.best_dir, tmp_path)
    ex = load_corpus(tiny_annotations).part("test")
    clf = load_classifier(d)
    scores = clf.scores(ex)
    th = json.loads((d / "thresholds.json").read_text(encoding="utf-8"))
    expect = [[LABEL_IDS[j] for j in range(len(LABEL_IDS)) if row[j] >= th[LABEL_IDS[j]]] for row in scores]
    assert [sorted(x) for x in clf.predict_labels(ex)] == [sorted(x) for x in expect]
    # raise one label's threshold above every score, lower another below every score
    th["yibao"] = 0.999999
    th["caizheng"] = 0.000001
    (d / "thresholds.json").write_text(json.dumps(th), encoding="utf-8")
    got = load_classifier(d).predict_labels(ex)
    assert all("yibao" not in g and "caizheng" in g for g in got)
    # themes are best first and carry Chinese names
    themes = load_classifier(d).predict(ex[:1], threshold=0.0)[0]
    assert [t.score for t in themes] == sorted((t.score for t in themes), reverse=True)
    assert len(themes) == len(LABEL_IDS) and {t.name for t in themes} >= {"医保", "组织保障"}


def test_predict_all_scores_and_overrides(tiny_trained):
    clf = load_classifier(tiny_trained.best_dir)
    themes, scores = clf.predict(["推进医保支付方式改革。", "特此通知。"], all_scores=True)
    assert len(themes) == 2 and set(scores[0]) == set(LABEL_IDS)
    none = clf.predict(["推进医保支付方式改革。"], thresholds={k: 1.0 for k in LABEL_IDS})
    assert none == [[]]
    with pytest.raises(ModelError, match="unknown label 'nope'"):
        clf.predict(["x"], thresholds={"nope": 0.5})


def test_classify_document_skips_chrome_and_boilerplate(tiny_trained):
    clf = load_classifier(tiny_trained.best_dir)
    clauses = [
        Clause(id="c1", start=0, end=10, text="推进医保支付方式改革,全面实施按病种付费。", path=["一、深化医保改革"], kind="body"),
        Clause(id="c2", start=11, end=20, text="一、深化医保改革", kind="heading"),
        Clause(id="c3", start=21, end=30, text="推进医保支付方式改革", kind="chrome"),
        Clause(id="c4", start=31, end=40, text="推进医保支付方式改革", kind="boilerplate"),
    ]
    doc = Document(text="x" * 40, source="x.txt", identity=Identity(title="关于t1的实施方案"), clauses=clauses)
    classify_document(doc, clf, all_scores=True, threshold=0.0)
    assert len(doc.clauses[0].themes) == len(LABEL_IDS) and doc.clauses[1].themes
    assert doc.clauses[2].themes == [] and doc.clauses[3].themes == [] and doc.clauses[2].scores is None
    assert set(doc.clauses[0].scores) == set(LABEL_IDS)
    assert doc.model == {"name": "yigai-themes-tiny", "version": "0.0.0"}
    classify_document(doc, load_classifier(tiny_trained.last_dir), threshold=0.5)  # memorised clause
    assert doc.clauses[0].themes[0].label == "yibao"


# ------------------------------------------------------------------ model directory errors
@pytest.mark.parametrize("missing", list(REQUIRED_FILES) + ["tokenizer"])
def test_incomplete_model_dir_names_the_missing_file(tiny_trained, tmp_path, missing):
    d = _copy_model(tiny_trained.best_dir, tmp_path)
    p = d / missing
    shutil.rmtree(p) if p.is_dir() else p.unlink()
    with pytest.raises(ModelError) as ei:
        load_classifier(d)
    assert missing in str(ei.value) and "yigai train" in str(ei.value)


@pytest.mark.parametrize(
    "file,content,expect",
    [
        ("model.safetensors", b"not a safetensors file", "cannot read model.safetensors"),
        ("config.json", b"{\"format\": \"other\"}", "not a yigai-themes/1 model config"),
        ("thresholds.json", b"{\"yibao\": 0.5}", "no threshold for 'yigongti'"),
        ("labels.json", b"[1, 2]", "labels.json must be a list"),
    ],
)
def test_corrupt_model_dir(tiny_trained, tmp_path, file, content, expect):
    d = _copy_model(tiny_trained.best_dir, tmp_path)
    (d / file).write_bytes(content)
    with pytest.raises(ModelError, match=expect):
        load_classifier(d)


def test_missing_model_dir(tmp_path):
    with pytest.raises(ModelError, match="model directory not found"):
        load_classifier(tmp_path / "nope")


def test_adapter_checks_base_checksum(tiny_trained, tiny_base, tmp_path):
    """An adapter stores only the trained layers; a changed base is refused."""
    from nlp.themes.model import read_model_dir, save_model_dir
    from nlp.themes.labels import LABELS

    base = tmp_path / "base"
    shutil.copytree(tiny_base, base)
    r = read_model_dir(tiny_trained.best_dir)
    d = save_model_dir(tmp_path / "adapter", r["model"], r["tokenizer"], train_config=r["config"]["train_config"], base=str(base),
                       base_dir=base, labels=LABELS, thresholds=r["thresholds"], weights="adapter")  # fmt: skip
    cfg = json.loads((d / "config.json").read_text(encoding="utf-8"))
    assert cfg["architecture"]["weights"] == "adapter" and len(cfg["architecture"]["base_sha256"]) == 64
    assert not (d / "tokenizer").exists()
    texts = ["推进医保支付方式改革。", "建设基层中医馆。"]
    np.testing.assert_array_equal(load_classifier(d).scores(texts), load_classifier(tiny_trained.best_dir).scores(texts))
    with open(base / "model.safetensors", "ab") as f:
        f.write(b" ")
    with pytest.raises(ModelError, match="base encoder weights differ"):
        load_classifier(d)


# ------------------------------------------------------------------ evaluation
def test_evaluate_reports_absent_labels_and_baseline(tiny_trained):
    r = evaluate(tiny_trained.best_dir, "test")
    m, b = r["model"], r["baseline"]
    assert r["split"] == "test" and r["annotations"]["same_as_training"] is True
    assert "shehui" in m["per_label"] and m["per_label"]["shehui"]["support"] == 0
    assert "yigongti" in m["absent_labels"]
    for rep in (m, b):
        assert 0 <= rep["micro_f1"] <= 1 and 0 <= rep["macro_f1"] <= 1 and "gold or predictions" in rep["notes"]
    assert m["clauses"] == len(load_corpus(tiny_trained.dev and r["annotations"]["path"]).part("test"))


def test_evaluate_on_split_missing_label_entirely(tiny_trained, tiny_annotations, tmp_path):
    """A split where a trained label never occurs in gold does not crash."""
    root = tmp_path / "ann"
    shutil.copytree(tiny_annotations, root)
    split = json.loads((root / "split.json").read_text(encoding="utf-8"))
    split["test"] = ["s1"]  # yibao, yaopin, rencai only
    (root / "split.json").write_text(json.dumps(split), encoding="utf-8")
    r = evaluate(tiny_trained.best_dir, "test", annotations=root)
    assert r["model"]["per_label"]["zuzhi"]["support"] == 0
    assert r["annotations"]["same_as_training"] is False


def test_cross_validate_by_document_updates_card(tiny_config, tiny_trained, tmp_path):
    from nlp.themes.evaluate import cross_validate

    d = _copy_model(tiny_trained.best_dir, tmp_path)
    cfg = TrainConfig.from_dict({**tiny_config.to_dict(), "cv_epochs": 2})
    cv = cross_validate(cfg, folds=3, progress=False, model_dir=d)
    assert cv["folds"] == 3 and len(cv["per_fold"]) == 3 and cv["setting"]["epochs"] == 2
    assert sum(f["documents"] for f in cv["per_fold"]) == cv["documents"] == 6  # every train+dev doc tested once
    assert json.loads((d / "metrics.json").read_text(encoding="utf-8"))["cross_validation"]["setting"]["epochs"] == 2
    assert "trained for 2 epochs" in (d / "README.md").read_text(encoding="utf-8")

"""The served blend of encoder and TF-IDF baseline (nlp/themes/blend.py).

* the numpy re-implementation of the baseline equals sklearn's TfidfVectorizer +
  LogisticRegression to 1e-5, on the real annotation texts and on odd inputs;
* baseline.safetensors + baseline.json round trip; a blended model directory loads,
  predicts identically after a copy, applies its stored thresholds, and serves
  ``w * encoder + (1 - w) * baseline``; bf16-checked keeps the fp32 labels;
* missing or corrupt blend files are one-line ModelErrors naming the file and the fix;
* the weight is chosen on dev only (a case where dev and test disagree; the test
  split's labels do not change anything);
* ``yigai train`` with ``"blend": "dev"`` and ``yigai model blend`` produce it.

Tiny models of tests/conftest.py; the real annotations only for the sklearn equality.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from nlp.cli import app
from nlp.errors import ModelError
from nlp.themes.baseline import TfidfBaseline, baseline_texts
from nlp.themes.blend import (
    BASELINE_META,
    BASELINE_WEIGHTS,
    WEIGHT_GRID,
    CharTfidfLR,
    blend_model_dir,
    blend_scores,
    choose_weight,
    fit_blend,
    read_blend,
    write_blend,
)
from nlp.themes.config import TrainConfig
from nlp.themes.data import as_served, label_matrix, load_corpus, tagged_mask
from nlp.themes.evaluate import evaluate, tune_thresholds
from nlp.themes.labels import LABEL_IDS, LABELS
from nlp.themes.predict import load_classifier

REPO = Path(__file__).resolve().parents[1]
ODD = [
    "",
    " ",
    "\n",
    "   \t\n  ",
    "医保  \n\t 支付",
    "a b\u3000\u3000c",
    "ABC Def GHI",
    "DRG/DIP 支付方式改革 ABC",
    "İSTANBUL ǅ ß Σ",
    "😀👍🏽医保😀",
    "e\u0301 combining",
    "\x00\x01",
    "全面推进" * 200,
]


# ------------------------------------------------------------------ the baseline in numpy == sklearn
@pytest.fixture(scope="module")
def real_fit():
    """The baseline fitted on part of the real train split plus the odd inputs (so their n-grams are in the vocabulary)."""
    corpus = load_corpus(REPO / "annotations")
    train = corpus.part("train")
    docs = sorted({e.doc for e in train})[:20]
    part = [e for e in train if e.doc in docs]
    texts = baseline_texts(part) + ODD
    y = np.concatenate([label_matrix(part), label_matrix(part[: len(ODD)])])
    y[:, LABEL_IDS.index("shehui")] = 0.0  # one label without positives: a constant probability
    bl = TfidfBaseline(seed=13).fit(texts, y)
    return bl, CharTfidfLR.from_sklearn(bl), baseline_texts(corpus.examples)


def test_numpy_baseline_equals_sklearn_on_the_annotation_texts(real_fit):
    bl, ours, texts = real_fit
    assert len(texts) > 5000
    a, b = bl.scores(texts), ours.scores(texts)
    assert a.shape == b.shape and b.dtype == np.float32
    np.testing.assert_allclose(b, a, atol=1e-5, rtol=0)
    assert isinstance(bl.models[LABEL_IDS.index("shehui")], float) and not ours.fitted[LABEL_IDS.index("shehui")]


def test_numpy_baseline_equals_sklearn_on_odd_inputs(real_fit):
    bl, ours, _ = real_fit
    np.testing.assert_allclose(ours.scores(ODD), bl.scores(ODD), atol=1e-5, rtol=0)
    # the analyzer itself: the same n-grams, in the same order
    analyze = bl.vectorizer.build_analyzer()
    for t in ODD:
        assert ours.ngrams(t) == analyze(t)
    # the TF-IDF rows themselves
    x = bl.vectorizer.transform(ODD).toarray()
    ip, ix, data = ours.features(ODD)
    dense = np.zeros_like(x)
    for r in range(len(ODD)):
        dense[r, ix[ip[r] : ip[r + 1]]] = data[ip[r] : ip[r + 1]]
    np.testing.assert_allclose(dense, x, atol=1e-6)
    assert not dense[0].any()  # the empty string: no feature, the intercept alone


def test_no_text_and_unknown_ngrams(real_fit):
    bl, ours, _ = real_fit
    assert ours.scores([]).shape == (0, len(LABEL_IDS))
    np.testing.assert_allclose(ours.scores(["\uffff\ufffe"]), bl.scores(["\uffff\ufffe"]), atol=1e-5)


# ------------------------------------------------------------------ files
@pytest.fixture(scope="module")
def blended(tiny_trained, tmp_path_factory):
    """``yigai model blend`` (library call) of the tiny model: a new directory, the source untouched."""
    out = tmp_path_factory.mktemp("blend") / "model"
    before = {p.name: p.read_bytes() for p in tiny_trained.best_dir.iterdir() if p.is_file()}
    res = blend_model_dir(tiny_trained.best_dir, out)
    after = {p.name: p.read_bytes() for p in tiny_trained.best_dir.iterdir() if p.is_file()}
    assert before == after  # the user's directory is not touched
    return out, res


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "model"
    shutil.copytree(src, dst)
    return dst


def test_serialization_round_trip(real_fit, tiny_trained, tmp_path):
    _, ours, texts = real_fit
    d = _copy(tiny_trained.best_dir, tmp_path)
    meta = {"labels": LABEL_IDS, "input": {"context": "title+path", "max_context_chars": 40}, "encoder_thresholds": {k: 0.5 for k in LABEL_IDS}}
    write_blend(d, ours, 0.3, meta)
    assert not list(d.rglob("*.pkl")) and not list(d.rglob("*.pickle"))
    back = read_blend(d, LABELS, json.loads((d / "config.json").read_text(encoding="utf-8")))
    assert back is not None and back.weight == 0.3
    assert back.baseline.vocabulary == ours.vocabulary
    for k in ("idf", "coef", "intercept", "constant", "fitted"):
        np.testing.assert_array_equal(getattr(back.baseline, k), getattr(ours, k))
    np.testing.assert_array_equal(back.baseline.scores(texts[:300]), ours.scores(texts[:300]))
    rec = json.loads((d / BASELINE_META).read_text(encoding="utf-8"))
    assert rec["vectorizer"]["analyzer"] == "char" and rec["vectorizer"]["ngram_range"] == [1, 3] and rec["vectorizer"]["n_features"] == len(ours.vocabulary)
    assert rec["vocabulary"] == ours.vocabulary


def test_blended_dir_serves_the_blend_and_reloads_identically(blended, tiny_trained, tiny_annotations, tmp_path):
    d, res = blended
    ex = load_corpus(tiny_annotations).examples
    clf = load_classifier(d, precision="fp32")
    assert clf.blend is not None and clf.blend.weight == res["weight"] and res["weight"] in WEIGHT_GRID
    parts = clf.score_parts(ex)
    np.testing.assert_array_equal(parts["model"], blend_scores(parts["encoder"], parts["baseline"], clf.blend.weight))
    # the encoder part is the un-blended model's score
    np.testing.assert_array_equal(parts["encoder"], load_classifier(tiny_trained.best_dir, precision="fp32").scores(ex))
    again = load_classifier(_copy(d, tmp_path), precision="fp32")
    np.testing.assert_array_equal(again.scores(ex), clf.scores(ex))
    ref = load_classifier(d, engine="transformers")
    np.testing.assert_allclose(ref.scores(ex), clf.scores(ex), atol=2e-5)
    assert ref.predict_labels(ex) == clf.predict_labels(ex)


def test_blend_thresholds_applied_as_stored(blended, tiny_annotations):
    d, _ = blended
    ex = load_corpus(tiny_annotations).part("test")
    clf = load_classifier(d, precision="fp32")
    th = json.loads((d / "thresholds.json").read_text(encoding="utf-8"))
    sc = clf.scores(ex)
    expect = [sorted(LABEL_IDS[j] for j in range(len(LABEL_IDS)) if row[j] >= th[LABEL_IDS[j]]) for row in sc]
    assert [sorted(x) for x in clf.predict_labels(ex)] == expect
    rec = json.loads((d / BASELINE_META).read_text(encoding="utf-8"))
    assert th == {k: round(v, 4) for k, v in tune_thresholds(*_dev_blend(d, tiny_annotations, rec["weight"])).items()}


def _dev_blend(d: Path, annotations: Path, w: float):
    dev = load_corpus(annotations).part("dev")
    parts = load_classifier(d, precision="fp32").score_parts(dev)
    m = tagged_mask(dev)
    return label_matrix(dev), blend_scores(as_served(parts["encoder"], m), as_served(parts["baseline"], m), w)


def test_a_model_dir_without_blend_is_served_as_before(tiny_trained, tiny_annotations):
    ex = load_corpus(tiny_annotations).examples
    clf = load_classifier(tiny_trained.best_dir, precision="fp32")
    assert clf.blend is None
    parts = clf.score_parts(ex)
    assert parts["baseline"] is None and parts["model"] is parts["encoder"]
    r = evaluate(tiny_trained.best_dir, "test")
    assert r["encoder"] is None and r["blend"] is None


def test_evaluate_reports_blend_encoder_and_baseline(blended, tiny_trained):
    d, _ = blended
    r = evaluate(d, "test")
    plain = evaluate(tiny_trained.best_dir, "test")
    assert r["blend"]["weight"] == load_classifier(d).blend.weight
    # the encoder row is the un-blended model with its own thresholds; the baseline row is the same protocol
    assert r["encoder"]["per_label"] == plain["model"]["per_label"] and r["encoder"]["thresholds"] == plain["model"]["thresholds"]
    assert r["baseline"]["per_label"] == plain["baseline"]["per_label"]
    m = json.loads((d / "metrics.json").read_text(encoding="utf-8"))
    assert m["test"]["micro_f1"] == r["model"]["micro_f1"] and m["encoder"]["test"]["micro_f1"] == r["encoder"]["micro_f1"]
    assert m["baseline_test"]["micro_f1"] == r["baseline"]["micro_f1"] and m["blend"]["weight"] == r["blend"]["weight"]
    card = (d / "README.md").read_text(encoding="utf-8")
    assert "Served scores are a blend" in card and "encoder alone" in card and "TF-IDF" in card
    assert "the served blend was not cross-validated" in card


def test_bf16_checked_keeps_the_fp32_labels_of_the_blend(blended, tiny_annotations, tmp_path):
    d = _copy(blended[0], tmp_path)
    rec = json.loads((d / BASELINE_META).read_text(encoding="utf-8"))
    rec["weight"] = 0.5  # the tiny fixture's dev choice may be 0 (encoder unused): give the encoder a share
    (d / BASELINE_META).write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    cfg = json.loads((d / "config.json").read_text(encoding="utf-8"))
    cfg["blend"]["weight"] = 0.5
    (d / "config.json").write_text(json.dumps(cfg, ensure_ascii=False), encoding="utf-8")
    ex = load_corpus(tiny_annotations).examples
    ref = load_classifier(d, precision="fp32")
    chk = load_classifier(d, precision="bf16-checked")
    a = ref.scores(ex)
    chk.check_margin = 2.0  # w * 2.0 = 1.0: every clause re-scored in float32, the fp32 blend
    np.testing.assert_allclose(chk.scores(ex), a, atol=1e-6)
    assert chk.rechecked == len(ex)
    # the margin on the blended score is w * check_margin: exactly the rows that close get re-scored
    chk.check_margin, chk.rechecked = 0.05, 0
    bf = load_classifier(d, precision="bf16")
    th = np.array([chk.thresholds[k] for k in chk.label_ids], dtype=np.float32)
    near = int((np.abs(bf.scores(ex) - th[None, :]) < 0.5 * 0.05).any(1).sum())
    chk.scores(ex)
    assert chk.rechecked == near
    assert chk.predict_labels(ex) == ref.predict_labels(ex)
    assert chk.predict_labels(ex, threshold=0.5) == ref.predict_labels(ex, threshold=0.5)


# ------------------------------------------------------------------ errors
def _broken(d: Path, case: str) -> None:
    meta = d / BASELINE_META
    if case == "no baseline.json":
        meta.unlink()
    elif case == "no baseline.safetensors":
        (d / BASELINE_WEIGHTS).unlink()
    elif case == "neither file, config declares a blend":
        meta.unlink()
        (d / BASELINE_WEIGHTS).unlink()
    elif case == "safetensors garbage":
        (d / BASELINE_WEIGHTS).write_bytes(b"not a safetensors file")
    elif case == "json garbage":
        meta.write_text("{\"format\": ", encoding="utf-8")
    else:
        rec = json.loads(meta.read_text(encoding="utf-8"))
        if case == "weight out of range":
            rec["weight"] = 1.5
        elif case == "vocabulary shorter than the weights":
            rec["vocabulary"] = rec["vocabulary"][:-1]
        elif case == "labels differ":
            rec["labels"] = list(reversed(rec["labels"]))
        elif case == "other vectorizer":
            rec["vectorizer"]["analyzer"] = "word"
        elif case == "duplicate n-gram":
            rec["vocabulary"][1] = rec["vocabulary"][0]
        meta.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(
    "case,file,expect",
    [
        ("no baseline.json", BASELINE_META, "baseline.json is missing"),
        ("no baseline.safetensors", BASELINE_WEIGHTS, "baseline.safetensors is missing"),
        ("neither file, config declares a blend", BASELINE_WEIGHTS, "is missing"),
        ("safetensors garbage", BASELINE_WEIGHTS, "cannot read baseline.safetensors"),
        ("json garbage", BASELINE_META, "invalid JSON"),
        ("weight out of range", BASELINE_META, "not a number in 0..1"),
        ("vocabulary shorter than the weights", BASELINE_WEIGHTS, "has shape"),
        ("labels differ", BASELINE_META, "labels differ"),
        ("other vectorizer", BASELINE_META, "unsupported vectorizer"),
        ("duplicate n-gram", BASELINE_META, "duplicate"),
    ],
)
def test_missing_or_corrupt_blend_files_are_one_line_model_errors(blended, tmp_path, case, file, expect):
    d = _copy(blended[0], tmp_path)
    _broken(d, case)
    for engine in ("fast", "transformers"):
        with pytest.raises(ModelError) as ei:
            load_classifier(d, engine=engine)
        msg = str(ei.value)
        assert expect in msg and file in msg and "yigai model blend" in msg and "\n" not in msg


def test_cli_names_a_broken_blend_in_one_line(blended, tmp_path):
    d = _copy(blended[0], tmp_path)
    _broken(d, "no baseline.json")
    r = CliRunner().invoke(app, ["evaluate", str(d)])
    assert r.exit_code == 2 and "baseline.json is missing" in r.output and "Traceback" not in r.output


# ------------------------------------------------------------------ the weight comes from dev only
def test_weight_is_chosen_on_dev_when_dev_and_test_disagree():
    rng = np.random.default_rng(0)
    n = 400
    y_dev, y_test = (rng.random((n, 3)) < 0.3).astype(np.float32), (rng.random((n, 3)) < 0.3).astype(np.float32)
    noise = lambda: rng.random((n, 3)).astype(np.float32)  # noqa: E731
    # on dev the baseline is right and the encoder noise; on test the other way round
    enc_dev, base_dev = noise(), 0.2 + 0.6 * y_dev
    enc_test, base_test = 0.2 + 0.6 * y_test, noise()
    labels = ["a", "b", "c"]

    def tune(yy, ss):
        return tune_thresholds(yy, ss, labels)

    sel = choose_weight(y_dev, enc_dev, base_dev, tune, label_ids=labels)
    # dev separates perfectly while w * 1 < (1 - w) * 0.6, i.e. up to w = 0.3; ties go to the larger weight
    assert sel["weight"] == 0.3 and [r["dev_micro_f1"] for r in sel["per_weight"][:4]] == [1.0] * 4
    assert sel["per_weight"][4]["dev_micro_f1"] < 1.0
    # the same rule run on test would choose the encoder alone (test is never passed: there is no argument for it)
    on_test = choose_weight(y_test, enc_test, base_test, tune, label_ids=labels)
    assert on_test["weight"] == 1.0 and on_test["per_weight"][3]["dev_micro_f1"] < 0.9
    assert [r["weight"] for r in sel["per_weight"]] == list(WEIGHT_GRID)
    # ties on micro and macro go to the larger weight
    same = 0.2 + 0.6 * y_dev
    assert choose_weight(y_dev, same, same, tune, label_ids=labels)["weight"] == 1.0


def test_the_test_split_does_not_change_the_blend(tiny_trained, tiny_annotations, tmp_path):
    """Rewriting every test clause's labels (and dropping half the test clauses) changes nothing in the blend."""
    other = tmp_path / "ann"
    shutil.copytree(tiny_annotations, other)
    split = json.loads((other / "split.json").read_text(encoding="utf-8"))
    rows = [json.loads(x) for x in (other / "clauses.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    kept = []
    for i, r in enumerate(rows):
        if r["doc"] in split["test"]:
            if i % 2:
                continue
            r["labels"] = ["zuzhi", "shehui"] if r["labels"] != ["zuzhi", "shehui"] else ["yibao"]
        kept.append(r)
    (other / "clauses.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept), encoding="utf-8")
    a, b = _copy(tiny_trained.best_dir, tmp_path / "a"), _copy(tiny_trained.best_dir, tmp_path / "b")
    fa, fb = fit_blend(a, load_corpus(tiny_annotations)), fit_blend(b, load_corpus(other))
    assert fa["weight"] == fb["weight"] and fa["selection"] == fb["selection"]
    for name in ("thresholds.json", BASELINE_WEIGHTS, "config.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    ra, rb = (json.loads((x / BASELINE_META).read_text(encoding="utf-8")) for x in (a, b))
    assert ra["trained_on"].pop("annotations_sha256") != rb["trained_on"].pop("annotations_sha256")  # the files differ ...
    assert ra == rb  # ... in the test split only


# ------------------------------------------------------------------ producing a blend
@pytest.fixture(scope="module")
def blend_run(tiny_config, tmp_path_factory):
    from nlp.themes.train import train

    cfg = TrainConfig.from_dict({**tiny_config.to_dict(), "blend": "dev"})
    out = tmp_path_factory.mktemp("blend_run")
    return train(cfg, out, progress=False)


def test_training_with_blend_dev_blends_after_training(blend_run, tiny_trained, tiny_annotations):
    d = blend_run.best_dir
    assert (d / BASELINE_WEIGHTS).is_file() and (d / BASELINE_META).is_file()
    cfg = json.loads((d / "config.json").read_text(encoding="utf-8"))
    rec = json.loads((d / BASELINE_META).read_text(encoding="utf-8"))
    assert cfg["train_config"]["blend"] == "dev" and cfg["blend"]["weight"] == rec["weight"] == blend_run.blend_weight
    # the encoder is the one training without a blend gives, and keeps its own dev thresholds
    assert rec["encoder_thresholds"] == json.loads((tiny_trained.best_dir / "thresholds.json").read_text(encoding="utf-8"))
    ex = load_corpus(tiny_annotations).examples
    np.testing.assert_array_equal(load_classifier(d, precision="fp32").score_parts(ex)["encoder"], load_classifier(tiny_trained.best_dir, precision="fp32").scores(ex))
    # the baseline was fitted on the model's training data: the train split
    assert rec["trained_on"]["splits"] == ["train"] and rec["trained_on"]["clauses"] == len(load_corpus(tiny_annotations).part("train"))
    m = json.loads((d / "metrics.json").read_text(encoding="utf-8"))
    assert m["blend"]["weight"] == rec["weight"] and m["encoder"]["test"] is not None and m["baseline_dev"] is not None
    assert m["dev"]["micro_f1"] == rec["dev"]["model"]["micro_f1"] == blend_run.dev["micro_f1"]
    assert m["cross_validation"]["blend"]["micro_f1"]["mean"] >= 0 and len(m["cross_validation"]["blend"]["weights"]) == 3
    td = json.loads((d / "training_data.json").read_text(encoding="utf-8"))
    assert td["baseline"]["splits"] == ["train"]
    s = blend_run.summary()
    assert s["blend_weight"] == rec["weight"] and s["encoder_test"] is not None and "blend" in s["cross_validation"]
    card = (d / "README.md").read_text(encoding="utf-8")
    assert "blend (encoder + baseline)" in card
    assert (blend_run.last_dir / BASELINE_META).is_file()


def test_model_blend_command(tiny_trained, tmp_path):
    runner = CliRunner()
    out = tmp_path / "new"
    r = runner.invoke(app, ["model", "blend", str(tiny_trained.best_dir), "--out", str(out), "--no-test"])
    assert r.exit_code == 0, r.output
    assert "chosen w=" in r.output and "dev micro-F1" in r.output
    assert (out / BASELINE_META).is_file() and load_classifier(out).blend is not None
    assert not (tiny_trained.best_dir / BASELINE_META).exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no work directory left behind
    # an existing --out, or no destination at all, is refused in one line
    for args in (["--out", str(out)], []):
        r = runner.invoke(app, ["model", "blend", str(tiny_trained.best_dir), *args])
        assert r.exit_code == 2 and r.output.strip().startswith("yigai: error:") and len(r.output.strip().splitlines()) == 1
    # --in-place rewrites the given directory (here a copy)
    d = _copy(tiny_trained.best_dir, tmp_path / "inplace")
    r = runner.invoke(app, ["model", "blend", str(d), "--in-place", "--no-test"])
    assert r.exit_code == 0, r.output
    assert (d / BASELINE_META).read_bytes() == (out / BASELINE_META).read_bytes()
    assert (d / "thresholds.json").read_bytes() == (out / "thresholds.json").read_bytes()


def test_model_blend_refuses_changed_annotations(tiny_trained, tiny_annotations, tmp_path):
    ann = tmp_path / "ann"
    shutil.copytree(tiny_annotations, ann)
    with open(ann / "clauses.jsonl", "a", encoding="utf-8") as f:
        f.write("\n")
    d = _copy(tiny_trained.best_dir, tmp_path)
    cfg = json.loads((d / "config.json").read_text(encoding="utf-8"))
    cfg["train_config"]["annotations"] = str(ann)
    (d / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
    with pytest.raises(ModelError, match="annotations differ"):
        blend_model_dir(d, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_blend_threshold_shrink_option(tiny_trained, tmp_path):
    """`--threshold-shrink k`: recorded in the config; a huge k leaves one shared threshold."""
    out = tmp_path / "shrunk"
    blend_model_dir(tiny_trained.best_dir, out, evaluate_test=False, threshold_shrink=1e9)
    cfg = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert cfg["train_config"]["threshold_shrink"] == 1e9
    th = json.loads((out / "thresholds.json").read_text(encoding="utf-8"))
    assert len(set(th.values())) == 1
    src_cfg = json.loads((tiny_trained.best_dir / "config.json").read_text(encoding="utf-8"))
    assert src_cfg.get("train_config", {}).get("threshold_shrink", 0.0) == 0.0  # the source is untouched
    with pytest.raises(ModelError, match="negative"):
        blend_model_dir(tiny_trained.best_dir, tmp_path / "bad", evaluate_test=False, threshold_shrink=-1.0)
    assert not (tmp_path / "bad").exists()


# ------------------------------------------------------------------ evaluation-only annotation sets
def _evaluation_only(src: Path, dst: Path, docs: list[str]) -> Path:
    """A copy of an annotation dir whose split.json lists only test documents (no train, no dev)."""
    shutil.copytree(src, dst)
    (dst / "split.json").write_text(json.dumps({"test": docs}), encoding="utf-8")
    return dst


def test_an_evaluation_only_set_is_scored_against_the_models_stored_baseline(blended, tiny_annotations, tmp_path):
    """Annotated documents the model never saw, with no train split (the unseen-documents measure):
    the baseline row is the baseline the model serves in its blend, with its stored thresholds;
    before, the baseline was refitted on the set's empty train split and sklearn raised."""
    from nlp.themes.data import as_served, label_matrix, load_corpus, tagged_mask
    from nlp.themes.evaluate import apply_thresholds, evaluate, multilabel_report
    from nlp.themes.predict import load_classifier

    d, _ = blended
    test_docs = load_corpus(tiny_annotations).split["test"]
    root = _evaluation_only(tiny_annotations, tmp_path / "unseen", test_docs)
    r = evaluate(d, "test", annotations=root)
    assert r["baseline"]["source"].startswith("stored")
    clf = load_classifier(d)
    ex = load_corpus(root).part("test")
    parts = clf.score_parts(ex)
    want = multilabel_report(label_matrix(ex), apply_thresholds(as_served(parts["baseline"], tagged_mask(ex)), clf.blend.baseline_thresholds, clf.label_ids))
    assert r["baseline"]["micro_f1"] == want["micro_f1"] and r["baseline"]["per_label"] == want["per_label"]
    # the model row is the same as on the model's own annotations' test split (same clauses)
    assert r["model"]["micro_f1"] == evaluate(d, "test")["model"]["micro_f1"]


def test_an_evaluation_only_set_without_stored_baseline_retrains_it_on_the_models_data(tiny_trained, tiny_annotations, tmp_path):
    from nlp.themes.data import load_corpus
    from nlp.themes.evaluate import evaluate

    test_docs = load_corpus(tiny_annotations).split["test"]
    root = _evaluation_only(tiny_annotations, tmp_path / "unseen", test_docs)
    r = evaluate(tiny_trained.best_dir, "test", annotations=root)
    own = evaluate(tiny_trained.best_dir, "test")
    assert "retrained" in r["baseline"]["source"]
    assert r["baseline"]["trained_clauses"] == own["baseline"]["trained_clauses"] > 0
    assert r["baseline"]["micro_f1"] == own["baseline"]["micro_f1"]


def test_a_split_listing_no_document_is_one_error(tiny_annotations, tmp_path):
    from nlp.errors import AnnotationError
    from nlp.themes.data import load_corpus

    root = _evaluation_only(tiny_annotations, tmp_path / "empty", [])
    with pytest.raises(AnnotationError, match="lists no document"):
        load_corpus(root)

"""Train what you serve: the context a model is trained and evaluated on is the context ``yigai tag`` gives it.

The classifier reads ``title | heading path | clause``. At prediction time the
title is ``doc.identity.title`` from the pipeline; the annotated corpus must
give every clause the same title, or the model learns on one input and runs on
another (before this test, 27 of 74 training documents had their first line,
such as ``索引号:`` or a web banner, as title).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.io.text import load_text
from nlp.pipeline import tag_document
from nlp.themes.data import document_title, load_corpus, model_inputs

ROOT = Path(__file__).resolve().parents[1] / "annotations"
DOCS = sorted((ROOT / "docs").glob("*.txt"))


@pytest.mark.parametrize("path", DOCS, ids=[p.stem for p in DOCS])
def test_training_title_is_the_title_yigai_tag_uses(path):
    served = tag_document(load_text(path)).identity.title
    assert served, f"identity found no title in {path.name}"
    assert document_title(path) == served


def test_corpus_examples_carry_the_served_title_in_their_model_input():
    corpus = load_corpus(ROOT)
    by_doc = {}
    for e in corpus.examples:
        by_doc.setdefault(e.doc, e)
    for doc in ("cixi-2020-sanyi-liandong", "harbin-2017-public-hospital-reform", "nat_017"):
        e = by_doc[doc]
        served = tag_document(load_text(ROOT / "docs" / f"{doc}.txt")).identity.title
        (context, _text), = model_inputs([e], "title+path", 400)
        assert context.startswith(served), (doc, context)


def test_tagged_mask_and_as_served():
    import numpy as np

    from nlp.themes.data import Example, as_served, tagged_mask

    ex = [Example("d", "t", [], kind=k) for k in ("body", "heading", "table_row", "boilerplate", "chrome")]
    assert tagged_mask(ex).tolist() == [True, True, True, False, False]
    sc = np.full((5, 3), 0.9, dtype=np.float32)
    out = as_served(sc, tagged_mask(ex))
    assert out[:3].min() == 0.9 and out[3:].max() == 0.0
    assert sc.min() == 0.9  # the input is not modified


def test_shipped_annotations_keep_the_segmenter_kind():
    from nlp.themes.data import TAGGED_KINDS

    kinds = {e.kind for e in load_corpus(ROOT, titles=False).examples}
    assert set(TAGGED_KINDS) <= kinds and {"boilerplate", "chrome"} <= kinds


def test_evaluate_never_counts_a_theme_on_a_clause_yigai_tag_leaves_untagged(tiny_trained, tiny_annotations, tmp_path):
    """Mark every test clause boilerplate: neither the model nor the baseline may be credited with a prediction."""
    import json
    import shutil

    from nlp.themes.evaluate import evaluate

    root = tmp_path / "ann"
    shutil.copytree(tiny_annotations, root)
    test_docs = set(json.loads((root / "split.json").read_text(encoding="utf-8"))["test"])
    rows = [json.loads(x) for x in (root / "clauses.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    for r in rows:
        if r["doc"] in test_docs:
            r["kind"] = "boilerplate"
    (root / "clauses.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    plain = evaluate(tiny_trained.best_dir, "test")
    assert sum(v["predicted"] for v in plain["model"]["per_label"].values()) > 0  # the model does tag these clauses as body
    res = evaluate(tiny_trained.best_dir, "test", annotations=root)
    for who in ("model", "baseline"):
        assert sum(v["predicted"] for v in res[who]["per_label"].values()) == 0, who

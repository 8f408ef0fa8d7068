"""tag_many (several documents per classifier call) gives exactly what tag_document gives one by one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.errors import InputError
from nlp.io.records import iter_records
from nlp.pipeline import tag_document, tag_many
from nlp.themes.predict import load_classifier

REPO = Path(__file__).resolve().parents[1]


def _records(tmp_path: Path, n: int = 40) -> Path:
    lines = (REPO / "data" / "catalogue" / "policies.jsonl").read_text(encoding="utf-8").splitlines()[:n]
    p = tmp_path / "r.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


@pytest.mark.parametrize("chunk", [1, 7, 512])
def test_tag_many_equals_one_by_one(tiny_trained, tmp_path, chunk):
    clf = load_classifier(tiny_trained.best_dir)
    path = _records(tmp_path)
    one = [tag_document(d, classifier=clf, all_scores=True).to_dict() for d in iter_records(str(path))]
    many = [d.to_dict() for _, d in tag_many(((i, d) for i, d in enumerate(iter_records(str(path)))), classifier=clf, all_scores=True, chunk_clauses=chunk)]
    def strip(d: dict) -> dict:  # scores compared with a tolerance: batch shapes may change the last float bit
        d = json.loads(json.dumps(d))
        for c in d["clauses"]:
            c.pop("scores", None)
            for t in c["themes"]:
                t.pop("score")
        return d

    assert [strip(d) for d in many] == [strip(d) for d in one]
    for a, b in zip(many, one):
        for ca, cb in zip(a["clauses"], b["clauses"]):
            assert (ca.get("scores") is None) == (cb.get("scores") is None)
            if ca.get("scores"):
                assert all(abs(ca["scores"][k] - cb["scores"][k]) < 1e-5 for k in cb["scores"])
    assert any(c["themes"] for d in many for c in d["clauses"])


def test_tag_many_keeps_order_and_errors_in_place(tiny_trained, tmp_path):
    clf = load_classifier(tiny_trained.best_dir)
    docs = list(iter_records(str(_records(tmp_path, 5))))
    err = InputError("broken", path="x.txt", fix="fix it")
    stream = [("a", docs[0]), ("bad", err), ("b", docs[1]), ("c", docs[2])]
    out = list(tag_many(stream, classifier=clf, chunk_clauses=2))
    assert [k for k, _ in out] == ["a", "bad", "b", "c"]
    assert out[1][1] is err
    assert [d.doc_id for k, d in out if k != "bad"] == [docs[0].doc_id, docs[1].doc_id, docs[2].doc_id]

"""The annotated corpus: validator, split, agreement, Label Studio round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.annotations.agreement import agreement, cohen_kappa
from nlp.annotations.corpus import AnnotatedClause, load_clauses, load_split, save_clauses
from nlp.annotations.labelstudio import export_tasks, import_tasks
from nlp.annotations.split import make_split
from nlp.annotations.validate import validate
from nlp.themes.labels import LABEL_IDS

ROOT = Path(__file__).resolve().parents[1] / "annotations"


def test_annotations_corpus_is_valid():
    """The shipped corpus passes the validator (the CI gate of issue 3)."""
    assert validate(ROOT) == []


def test_annotations_corpus_size_and_coverage():
    clauses = load_clauses(ROOT)
    docs = {c.doc for c in clauses}
    assert len(clauses) >= 2000
    assert len(docs) >= 30
    for lab in LABEL_IDS:
        assert sum(lab in c.labels for c in clauses) >= 30, lab


def test_annotations_split_is_by_document_and_every_label_in_dev_and_test():
    clauses = load_clauses(ROOT)
    split = load_split(ROOT)
    where = {d: s for s, ds in split.items() for d in ds}
    assert len(where) == sum(len(v) for v in split.values())  # no document twice
    for s in ("dev", "test"):
        present = {lab for c in clauses if where[c.doc] == s for lab in c.labels}
        assert present == set(LABEL_IDS), (s, set(LABEL_IDS) - present)


@pytest.fixture()
def tiny_root(tmp_path):
    root = tmp_path / "ann"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "d1.txt").write_text("一、完善医保支付。\n推进DRG付费改革。\n加强中医药服务。\n", encoding="utf-8")
    (root / "docs" / "d2.txt").write_text("加强疾控体系建设。\n落实财政投入。\n", encoding="utf-8")
    clauses = [
        AnnotatedClause("d1", 0, 9, "一、完善医保支付。", ["yibao"], path=[], kind="heading"),
        AnnotatedClause("d1", 10, 20, "推进DRG付费改革。", ["yibao"], path=["一、完善医保支付。"]),
        AnnotatedClause("d1", 21, 29, "加强中医药服务。", ["zhongyiyao"]),
        AnnotatedClause("d2", 0, 9, "加强疾控体系建设。", ["gongwei"]),
        AnnotatedClause("d2", 10, 17, "落实财政投入。", ["caizheng"], extra={"note": "kept"}),
    ]
    save_clauses(root, clauses)
    (root / "split.json").write_text(json.dumps({"train": ["d1"], "dev": [], "test": ["d2"]}), encoding="utf-8")
    return root


def test_validate_accepts_a_good_corpus(tiny_root):
    assert validate(tiny_root) == []


@pytest.mark.parametrize(
    "mutate, expect",
    [
        (lambda rows: rows[0].update(start=1), "does not equal"),
        (lambda rows: rows[1].update(labels=["medical"]), "unknown labels"),
        (lambda rows: rows[1].update(start=5, text="支付。\n推进DRG付费改革。"), "overlaps"),
        (lambda rows: rows[3].update(doc="d9"), "document file missing"),
        (lambda rows: rows[2].pop("labels"), "labels must be list"),
        (lambda rows: rows[4].update(end=999), "past the end"),
    ],
)
def test_validate_reports_each_problem_with_file_and_line(tiny_root, mutate, expect):
    path = tiny_root / "clauses.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    mutate(rows)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    problems = validate(tiny_root)
    assert any(expect in p for p in problems), problems
    assert all(p.startswith(str(tiny_root)) for p in problems)
    assert all("\n" not in p for p in problems)


def test_validate_reports_bad_json_and_split_gaps(tiny_root):
    path = tiny_root / "clauses.jsonl"
    path.write_text(path.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    (tiny_root / "split.json").write_text(json.dumps({"train": ["d1", "d3"], "dev": [], "test": []}), encoding="utf-8")
    problems = validate(tiny_root)
    assert any(":6: not valid JSON" in p for p in problems)
    assert any("d3" in p and "no annotated clauses" in p for p in problems)
    assert any("d2" in p and "in no split" in p for p in problems)


def test_label_studio_round_trip_is_lossless(tiny_root, tmp_path):
    before = (tiny_root / "clauses.jsonl").read_text(encoding="utf-8")
    tasks = tmp_path / "tasks.json"
    assert export_tasks(tiny_root, tasks) == 5
    assert "<Choices" in tasks.with_suffix(".config.xml").read_text(encoding="utf-8")
    out = tmp_path / "back.jsonl"
    import_tasks(tasks, tiny_root, output=out)
    assert out.read_text(encoding="utf-8") == before


def test_label_studio_import_takes_the_latest_correction(tiny_root, tmp_path):
    tasks_path = tmp_path / "tasks.json"
    export_tasks(tiny_root, tasks_path)
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    tasks[2]["annotations"].append(
        {"id": 99, "updated_at": "2099-01-01T00:00:00", "result": [{"from_name": "themes", "to_name": "text", "type": "choices", "value": {"choices": ["zhongyiyao", "rencai"]}}]}
    )
    tasks_path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    import_tasks(tasks_path, tiny_root)
    got = {c.text: c.labels for c in load_clauses(tiny_root)}
    assert got["加强中医药服务。"] == ["rencai", "zhongyiyao"]  # canonical label order
    assert got["加强疾控体系建设。"] == ["gongwei"]


def test_agreement_figures():
    a = [["yibao"], ["yibao", "jianguan"], [], ["gongwei"]]
    b = [["yibao"], ["yibao"], [], ["gongwei"]]
    g = agreement(a, b)
    # 3 agreed positives, 1 missed: micro-F1 = 6 / 7
    assert g["micro_f1"] == pytest.approx(6 / 7)
    assert g["per_label"]["yibao"]["f1"] == 1.0
    assert g["per_label"]["jianguan"]["f1"] == 0.0
    assert g["exact_match"] == 0.75


def test_cohen_kappa_known_value():
    # classic 2x2 example: po = 0.7, pe = 0.5 -> kappa 0.4
    a = [True] * 5 + [False] * 5
    b = [True] * 3 + [False] * 2 + [True] * 1 + [False] * 4
    assert cohen_kappa(a, b) == pytest.approx((0.7 - 0.5) / 0.5)


def test_split_keeps_documents_whole_and_is_deterministic():
    clauses = [AnnotatedClause(f"d{i}", j * 10, j * 10 + 5, "x" * 5, [LABEL_IDS[(i + j) % 16]]) for i in range(20) for j in range(10)]
    s1 = make_split(clauses, seed=3, tries=200)
    s2 = make_split(clauses, seed=3, tries=200)
    assert s1 == s2
    docs = [d for v in s1.values() for d in v]
    assert sorted(docs) == sorted({c.doc for c in clauses})

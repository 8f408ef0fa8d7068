"""Golden cases for the quantitative-target extractor (spec/extraction.md §3, §5 "Targets").

Each row of ``tests/golden/targets.jsonl`` is one case: ``text`` (a clause or, with
``"table": true``, an indicator-table row laid out one cell per line, with its ``header``; with
``"document": true``, a small whole document, every clause's targets in order),
optional ``section_year`` / ``doc_year`` / ``path`` / ``lead_in`` / ``times`` (time expressions with
offsets into ``text``), and ``expected``: the targets in order, each with ``text``,
``metric``, ``comparator``, ``value``, ``value_max``, ``unit``, ``kind``, ``year``. An empty
list means the clause holds no target (spec §5 exclusions).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.doc import Document, TimeExpr
from nlp.extract.targets import (
    extract_table_targets,
    extract_targets,
    is_review_section,
    table_header,
    year_from_path,
)
from nlp.pipeline import tag_document

GOLDEN = Path(__file__).parent / "golden" / "targets.jsonl"
CASES = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
FIELDS = ("text", "metric", "comparator", "value", "value_max", "unit", "kind", "year")


def _run(case: dict):
    text = case["text"]
    if case.get("document"):
        doc = tag_document(Document(text=text, source=case["id"]))
        return [t for c in doc.clauses for t in c.targets]
    if case.get("table"):
        return extract_table_targets(text, case.get("header"), path=case.get("path"))
    times = None
    if "times" in case:
        times = [
            TimeExpr(text=t["text"], start=t["start"], end=t["end"], type=t["type"],
                     value_start=t.get("value_start"), value_end=t.get("value_end"))
            for t in case["times"]
        ]
    return extract_targets(
        text,
        times=times,
        section_year=case.get("section_year"),
        doc_year=case.get("doc_year"),
        path=case.get("path"),
        lead_in=case.get("lead_in"),
    )


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_targets_golden(case):
    got = _run(case)
    text = case["text"]
    for t in got:
        assert text[t.start : t.end] == t.text
    got_rows = [{k: getattr(t, k) for k in FIELDS} for t in got]
    exp_rows = [{k: e.get(k) for k in FIELDS} for e in case["expected"]]
    assert got_rows == exp_rows


def test_targets_golden_has_enough_cases():
    assert len(CASES) >= 90
    assert sum(1 for c in CASES if not c["expected"]) >= 15  # negative rows


def test_targets_to_dict_writes_whole_numbers_as_int():
    t = extract_targets("基层就诊率达到65%。")[0]
    d = t.to_dict()
    assert d["value"] == 65 and isinstance(d["value"], int)
    assert d["metric"] == "基层就诊率"


def test_targets_year_from_path():
    assert year_from_path(["二、总体要求", "1.“十四五”时期目标"]) == 2025
    assert year_from_path(["(三)发展目标", "到2025年,主要健康指标"]) == 2025
    assert year_from_path(["2.二〇三五年远景目标"]) == 2035
    assert year_from_path(["一、总体要求", "(二)基本原则"]) is None
    assert year_from_path([]) is None


def test_targets_review_section():
    assert is_review_section(["一、规划背景", "(一)“十三五”工作基础"])
    assert not is_review_section(["三、主要任务", "(一)全方位干预健康影响因素"])


def test_targets_table_header_detection():
    assert table_header("类别\n\n序号\n\n指标\n\n2020年\n\n2025年\n\n性质") == ["类别", "序号", "指标", "2020年", "2025年", "性质"]
    assert table_header("1\n\n人均预期寿命(岁)\n\n78.6\n\n80\n\n预期性") is None


def test_targets_empty_and_odd_input():
    assert extract_targets("") == []
    assert extract_targets("没有数字的句子。") == []
    assert extract_table_targets("") == []
    assert extract_table_targets("\n\n\n") == []


def test_table_header_joins_cells_a_pdf_wrapped():
    # a PDF copy puts `2025年基线值` and `指标性质` on two lines each: one column each, so the base-year
    # column is read as actual and the target-year column as target
    from nlp.extract.targets import extract_table_targets, table_header

    header = table_header("序号\n指标名称\n单位\n2025年\n基线值\n2027年\n目标值\n指标\n性质")
    assert header == ["序号", "指标名称", "单位", "2025年基线值", "2027年目标值", "指标性质"]
    got = [(t.value, t.kind, t.year) for t in extract_table_targets("4\n公立医院资产负债率\n%\n42.3\n≤40\n约束性", header)]
    assert got == [(42.3, "actual", 2025), (40.0, "target", 2027)]

"""Segmenter tests: every corpus document segments cleanly; numbering, chrome, tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.doc import Document
from nlp.io.text import load_text
from nlp.segment import segment

DOCS = Path(__file__).resolve().parent.parent / "annotations" / "docs"
DOC_FILES = sorted(DOCS.glob("*.txt"))


@pytest.mark.parametrize("path", DOC_FILES, ids=[p.name for p in DOC_FILES])
def test_segment_corpus_offsets_no_overlap_no_empty(path):
    doc = segment(load_text(path))
    assert doc.clauses, "no clauses"
    prev_end = 0
    for k, c in enumerate(doc.clauses):
        assert c.id == f"c{k:04d}"
        assert c.text and c.text == c.text.strip()
        assert doc.text[c.start : c.end] == c.text
        assert c.start >= prev_end
        assert c.kind in {"body", "heading", "table_row", "boilerplate", "chrome"}
        prev_end = c.end


# --------------------------------------------------------------------------- golden cases
import json  # noqa: E402

from nlp.segment import sentence_spans  # noqa: E402

GOLDEN = [
    json.loads(l)
    for l in (Path(__file__).resolve().parent / "golden" / "segment_cases.jsonl").read_text(encoding="utf-8").splitlines()
    if l.strip()
]


@pytest.mark.parametrize("case", GOLDEN, ids=[c["case"] for c in GOLDEN])
def test_segment_golden_case(case):
    """Each row: a small document and its full expected clause list [kind, text, path]."""
    doc = segment(Document(text=case["text"], source=case["case"]))
    got = [[c.kind, c.text, c.path] for c in doc.clauses]
    assert got == case["clauses"]


def _seg(name: str) -> Document:
    return segment(load_text(DOCS / name))


def test_chenzhou_indicator_table_one_clause_per_row():
    doc = _seg("chenzhou-2021-health-14th-plan.txt")
    rows = [c for c in doc.clauses if c.kind == "table_row"]
    assert len(rows) == 25
    for k, r in enumerate(rows, start=1):
        assert r.text.split("\n")[0] == str(k)  # starts at the 序号 cell
        assert r.text.split("\n")[-1] in {"预期性", "约束性"}  # ends at the 性质 cell
        assert "“十四五”健康郴州建设主要指标" in r.path
    assert rows[0].text.startswith("1\n\n人均预期寿命(岁)") and "78.6左右" in rows[0].text
    assert rows[6].path[-1] == "健康生活"  # category cell of row 7


def test_harbin_chrome_does_not_swallow_first_clauses():
    doc = _seg("harbin-2017-public-hospital-reform.txt")
    kinds = [(c.kind, c.text[:8]) for c in doc.clauses[:4]]
    assert kinds[0][0] == "chrome" and kinds[1][0] == "chrome"  # banner, breadcrumb
    assert any(c.kind == "chrome" and "更新时间" in c.text for c in doc.clauses[:5])
    chrome_texts = {c.text for c in doc.clauses if c.kind == "chrome"}
    for c in doc.clauses:
        assert not set(c.path) & chrome_texts
    first_body = next(c for c in doc.clauses if c.kind == "body")
    assert first_body.text.startswith("为贯彻落实")
    assert first_body.path == []


def test_cixi_metadata_block_is_chrome_and_signature_is_boilerplate():
    doc = _seg("cixi-2020-sanyi-liandong.txt")
    head = doc.clauses[:11]
    assert all(c.kind == "chrome" for c in head)
    assert head[0].text.startswith("索引号") and head[-1].text.startswith("有效性")
    boiler = [c.text for c in doc.clauses if c.kind == "boilerplate"]
    assert "慈溪市人民政府办公室" in boiler and "2020年8月18日" in boiler
    assert any(t.startswith("各镇人民政府") for t in boiler)
    assert any(t.startswith("抄送") for t in boiler)


def test_agency_parenthetical_stays_with_its_sentence_in_corpus():
    doc = _seg("cixi-2020-sanyi-liandong.txt")
    for c in doc.clauses:
        assert not (c.text.startswith(("(", "（")) and c.text.endswith(("牵头)", "配合)", "负责)")))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("甲。乙！丙？丁；戊", ["甲。", "乙！", "丙？", "丁；", "戊"]),
        ("他说“要做好。”然后走了。", ["他说“要做好。”然后走了。"]),  # no split inside quotes
        ("实现“三医联动”。下一句。", ["实现“三医联动”。", "下一句。"]),
        ("到2025年达到90%。”下一句。", ["到2025年达到90%。”", "下一句。"]),  # stray closer kept
        ("（包括甲；不含乙）。下一句。", ["（包括甲；不含乙）。", "下一句。"]),
        ("《关于甲。乙的通知》已印发。", ["《关于甲。乙的通知》已印发。"]),
        ("做好工作。(市医保局牵头)", ["做好工作。(市医保局牵头)"]),
        ("  前后空白。  ", ["前后空白。"]),
        # straight quotes of a web copy: one with none open before it opens the next sentence
        ('占总人口的15.7%。"十四五"以来，各地加强工作。', ["占总人口的15.7%。", '"十四五"以来，各地加强工作。']),
        ('他说："要加快推进。"随后散会。', ['他说："要加快推进。"', "随后散会。"]),
    ],
)
def test_sentence_spans(text, expected):
    assert [text[s:e] for s, e in sentence_spans(text)] == expected


# --------------------------------------------------------------------------- properties
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = [
    "一、", "（一）", "(二)", "1.", "2．", "3、", "（1）", "(2)", "①", "第一章 ", "第二条 ", "一是", "二是",
    "医保", "改革", "县域", "医共体", "2020年", "90%", "。", "；", "，", "！", "？", "“", "”", "（", "）", "(", ")",
    "《", "》", "\n", "\n\n", " ", "\u3000", "\u00a0", "\r\n", "序号", "指标", "性质", "类别", "预期性", "7",
    "更新时间:2017-09-07", "索引号:", "各区人民政府:", "某市人民政府办公室", "2021年12月30日", "(此件主动公开)",
    "抄送:", "现将《方案》印发给你们,请认真贯彻执行。", "x" * 30, "\r", "\u2028", "\x1c", "\u200b", "\t",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80))
def test_segment_invariants_on_random_documents(pieces):
    text = "".join(pieces)
    doc = segment(Document(text=text, source="random"))
    prev_end = 0
    for k, c in enumerate(doc.clauses):
        assert c.id == f"c{k:04d}"
        assert c.text and c.text == c.text.strip()
        assert text[c.start : c.end] == c.text
        assert c.start >= prev_end
        prev_end = c.end


# --------------------------------------------------------------------------- unseen layouts
UNSEEN = Path(__file__).resolve().parent / "fixtures" / "unseen"
GOLDEN_UNSEEN = [
    json.loads(l)
    for l in (Path(__file__).resolve().parent / "golden" / "segment_unseen.jsonl").read_text(encoding="utf-8").splitlines()
    if l.strip()
]


def _first(doc: Document, prefix: str):
    """First clause whose text starts with ``prefix`` (``=text``: whose text is exactly ``text``)."""
    if prefix.startswith("="):
        found = [c for c in doc.clauses if c.text == prefix[1:]]
    else:
        found = [c for c in doc.clauses if c.text.startswith(prefix)]
    assert found, f"no clause starts with {prefix!r}"
    return found[0]


@pytest.mark.parametrize("row", GOLDEN_UNSEEN, ids=[r["file"] for r in GOLDEN_UNSEEN])
def test_segment_unseen_layouts(row):
    """Synthetic documents in layouts the corpus does not have. Each row: clause count
    range, texts that must be ONE heading clause, kinds and paths of clauses (by text
    prefix); chrome/boilerplate never appear in a path and clauses never overlap."""
    doc = segment(load_text(UNSEEN / row["file"]))
    lo, hi = row["clauses"]
    assert lo <= len(doc.clauses) <= hi, len(doc.clauses)
    headings = {c.text for c in doc.clauses if c.kind == "heading"}
    for h in row["headings"]:
        assert h in headings, h
    for prefix, kind in row["kinds"]:
        assert _first(doc, prefix).kind == kind, prefix
    for prefix, path in row["paths"]:
        assert _first(doc, prefix).path == path, prefix
    furniture = {c.text for c in doc.clauses if c.kind in ("chrome", "boilerplate")}
    prev_end = 0
    for c in doc.clauses:
        assert not set(c.path) & furniture, c.path
        assert doc.text[c.start : c.end] == c.text and c.start >= prev_end
        prev_end = c.end


def test_rectification_list_header_is_a_table_header():
    # a rectification list (整改清单) names its columns 问题类别/主要问题/整改措施 before the bodies and the deadline
    from nlp.segment import table_columns

    cols = table_columns("序号\n问题类别\n主要问题\n整改措施\n责任单位\n配合单位（科室）\n完成时限")
    assert cols is not None and cols[4:6] == ["责任单位", "配合单位（科室）"]


def test_year_completed_column_is_a_table_header():
    # an indicator table of a work report: `2024年完成` (what the year reached) beside `2025年目标`
    from nlp.segment import table_columns

    assert table_columns("序号\n指标名称\n2024年完成\n2025年目标\n责任科室") is not None
    assert table_columns("序号\n工作任务\n负责部门\n时间进度") is not None


def test_a_wrapped_line_citing_articles_is_no_article_heading():
    """A PDF copy wraps `依据《…办法》` / `第六条至第十四条规定，…`: the line cites another text's articles."""
    text = ("关于做好2025年度价格调整工作的通知\n各设区市医保局：\n依据《某省医疗服务价格动态调整实施办法》\n"
            "第六条至第十四条规定，现将有关事项通知如下。\n一、调整范围\n（一）各地于6月30日前报备方案。\n")
    doc = segment(Document(text=text, source="t.txt"))
    assert all("第六条" not in " ".join(c.path) for c in doc.clauses)
    last = [c for c in doc.clauses if "6月30日前" in c.text][0]
    assert last.path == ["一、调整范围"]


def test_tab_table_whose_header_names_a_years_actual_value():
    """`2025年实际` is a header cell (as `2025年实际值`): the rows under it are one clause each."""
    text = ("表2　2026年主要指标\n序号\t指标名称\t单位\t2025年实际\t2026年目标\t责任科室\n"
            "1\t人均预期寿命\t岁\t79.3\t79.5左右\t规划发展与信息化科\n2\t孕产妇死亡率\t/10万\t7.20\t<10\t妇幼健康科\n")
    doc = segment(Document(text=text, source="t.txt"))
    rows = [c.text for c in doc.clauses if c.kind == "table_row"]
    assert rows == ["1\t人均预期寿命\t岁\t79.3\t79.5左右\t规划发展与信息化科", "2\t孕产妇死亡率\t/10万\t7.20\t<10\t妇幼健康科"]


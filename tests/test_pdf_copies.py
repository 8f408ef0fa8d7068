"""Extraction reads a PDF copy of a document as it reads the document itself.

A copy is made the way PDF text extraction makes one: every line hard-wrapped at 36 characters
(``wrap``; a page number every 40 printed lines in ``wrap_pages``), or a stray space where each
printed line of 33 characters wrapped (``pdfspace``; never between two digits, as in the corpus's
own PDF copies). The copy must give the same time expressions (span and value), targets (span,
metric, comparator, value, unit, kind, year), agencies, issue date and document number as the
original, once its offsets are mapped back. One case a row in ``tests/golden/pdf_copies.tsv``:
the documents of the extraction gold set and the kinds of copy they hold for (the benchmark of the
whole set is ``python bench/bench_pdf_copies.py``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from nlp.doc import Document
from nlp.io.text import load_text
from nlp.pipeline import tag_document

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "golden" / "pdf_copies.tsv"


def doc_path(doc: str) -> Path:
    return REPO / "annotations" / ("synthetic/docs" if doc.startswith("syn_") else "docs") / f"{doc}.txt"


def wrap(text: str, width: int = 36, pages: bool = False) -> tuple[str, list[int]]:
    """``text`` with a line break every ``width`` characters of a line (and a page number line every 40
    printed lines, `— 3 —` or `第 4 页 共 99 页`), and the original index of each character (-1: inserted)."""
    out: list[str] = []
    orig: list[int] = []
    printed = 0
    page = 1
    pos = 0
    lines = text.split("\n")
    for li, line in enumerate(lines):
        for k, ch in enumerate(line):
            if k and k % width == 0:
                out.append("\n")
                orig.append(-1)
                printed += 1
                if pages and printed % 40 == 0:
                    page += 1
                    for c in (f"— {page} —\n" if page % 2 else f"第 {page} 页 共 99 页\n"):
                        out.append(c)
                        orig.append(-1)
            out.append(ch)
            orig.append(pos + k)
        pos += len(line)
        if li < len(lines) - 1:
            out.append("\n")
            orig.append(pos)
            pos += 1
            printed += 1
    return "".join(out), orig


def pdfspace(text: str, width: int = 33) -> tuple[str, list[int]]:
    """``text`` with a space where each printed line of ``width`` characters wrapped (not between two
    digits), and the original index of each character (-1: inserted)."""
    out: list[str] = []
    orig: list[int] = []
    col = 0
    for i, ch in enumerate(text):
        if ch == "\n":
            col = 0
        else:
            if col and col % width == 0 and i + 1 < len(text) and text[i + 1] != "\n" \
                    and not (ch.isdigit() and text[i - 1].isdigit()):
                out.append(" ")
                orig.append(-1)
            col += 1
        out.append(ch)
        orig.append(i)
    return "".join(out), orig


def flatten(text: str) -> tuple[str, list[int]]:
    """``text`` as a web copy that lost its line breaks: paragraphs run on, each opened by two
    ideographic spaces."""
    out: list[str] = []
    orig: list[int] = []
    for i, ch in enumerate(text):
        if ch == "\n":
            out += ["\u3000", "\u3000"]
            orig += [i, -1]
        else:
            out.append(ch)
            orig.append(i)
    return "".join(out), orig


_FULL = str.maketrans("0123456789%", "０１２３４５６７８９％")


def fullwidth(text: str) -> tuple[str, list[int]]:
    """``text`` typed with full-width digits and per cent signs (２０２５年，达到６５％), as many
    government documents are; one character for one."""
    return text.translate(_FULL), list(range(len(text)))


def tabs(text: str) -> tuple[str, list[int]]:
    """``text`` with each table row (and header row) on one line, its cells separated by tabs, as a
    table copied from a web page or a spreadsheet comes; one character for one. The rows are the
    ones the segmenter finds in the original (cells one per line)."""
    from nlp.extract.targets import table_header
    from nlp.segment import segment, table_columns

    chars = list(text)
    for c in segment(Document(text=text, source="x.txt")).clauses:
        if c.kind == "table_row" or (c.kind == "heading" and (table_columns(c.text) or table_header(c.text))):
            for k in range(c.start, c.end):
                if chars[k] == "\n":
                    chars[k] = "\t"
    return "".join(chars), list(range(len(text)))


COPIES = {"wrap": wrap, "wrap_pages": lambda t: wrap(t, pages=True), "pdfspace": pdfspace, "flatten": flatten, "fullwidth": fullwidth, "tabs": tabs}
#: what a copy must keep (all layers unless listed)
LAYERS = {"flatten": ("issued", "doc_number", "times")}


def _mapper(orig: list[int], n: int):
    def start(i: int) -> int:
        while i < len(orig) and orig[i] < 0:
            i += 1
        return orig[i] if i < len(orig) else n

    def end(i: int) -> int:
        j = i - 1
        while j >= 0 and orig[j] < 0:
            j -= 1
        return orig[j] + 1 if j >= 0 else 0

    return start, end


def _squash(s: str | None) -> str:
    """A metric or a name without spaces, its digits ASCII (a metric is written as the copy writes it)."""
    return re.sub(r"\s", "", s or "").translate({ord(f): h for h, f in zip("0123456789%", "０１２３４５６７８９％")})


def extraction(text: str, orig: list[int] | None = None) -> dict:
    """What the pipeline extracts from ``text``, in the original document's offsets."""
    out = tag_document(Document(text=text, source="copy.txt")).to_dict()
    start, end = _mapper(orig, len(text)) if orig is not None else (lambda i: i, lambda i: i)
    times = sorted((start(t["start"]), end(t["end"]), t["type"], str(t["value"])) for c in out["clauses"] for t in c["times"])
    targets = sorted(
        (start(t["start"]), end(t["end"]), _squash(t["metric"]), t["comparator"], t["value"], t["value_max"], t["unit"], t["kind"], t["year"])
        for c in out["clauses"] for t in c["targets"])
    agencies = sorted((role, _squash(n)) for c in out["clauses"] for role in ("lead", "support", "responsible") for n in c["agencies"][role])
    return {"times": times, "targets": targets, "agencies": agencies, "issued": out["issued"], "doc_number": _squash(out["doc_number"])}


@lru_cache(maxsize=None)
def _original(doc: str) -> str:
    return load_text(doc_path(doc)).text


@lru_cache(maxsize=None)
def _original_extraction(doc: str) -> dict:
    return extraction(_original(doc))


def _cases() -> list[tuple[str, str]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            doc, copy = line.split("\t")[:2]
            rows.append((doc, copy))
    return rows


def test_cases_are_well_formed():
    rows = _cases()
    assert len(rows) == len(set(rows)) >= 40
    assert {c for _, c in rows} == set(COPIES)
    for doc, _ in rows:
        assert doc_path(doc).is_file(), doc


def test_copies_map_back_to_the_original():
    text = _original("nat_057")
    for make in COPIES.values():
        copy, orig = make(text)
        kept = [o for o in orig if o >= 0]
        assert kept == list(range(len(text)))  # every original character, in order, once
        # as typed, or a break become an indent (flatten), or a digit typed full-width (fullwidth)
        assert all(copy[i] in (text[o], text[o].translate(_FULL)) or text[o] == "\n" for i, o in enumerate(orig) if o >= 0)
        if make is not tabs:
            assert copy != text


@pytest.mark.parametrize("doc,copy", _cases(), ids=[f"{d}-{c}" for d, c in _cases()])
def test_a_pdf_copy_gives_the_same_extraction(doc: str, copy: str):
    text = _original(doc)
    copied, orig = COPIES[copy](text)
    want = _original_extraction(doc)
    got = extraction(copied, orig)
    for layer in LAYERS.get(copy, ("issued", "doc_number", "times", "targets", "agencies")):
        if got[layer] != want[layer]:
            extra = [x for x in got[layer] if x not in want[layer]] if isinstance(want[layer], list) else got[layer]
            missing = [x for x in want[layer] if x not in got[layer]] if isinstance(want[layer], list) else want[layer]
            pytest.fail(f"{layer} differ on the {copy} copy of {doc}: only in the copy {extra[:5]}, only in the original {missing[:5]}")


def _reflow_cases() -> list[dict]:
    import json

    return [json.loads(x) for x in (REPO / "tests" / "golden" / "reflow.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.mark.parametrize("case", _reflow_cases(), ids=lambda c: c["case"])
def test_reflow_drops_soft_breaks_and_stray_spaces_only(case: dict):
    from nlp.segment import reflow

    assert reflow(case["text"]) == case["reflowed"]


def test_a_wrapped_sentence_is_read_whole_with_spans_in_the_document():
    text = ("一、主要目标\n全面推进分级诊疗制度建设，到2025\n年，全市基层医疗卫生机构诊疗量占比达到\n— 2 —\n"
            "65%以上，县域内就诊率稳定在90%（市卫健委牵\n头，市医保局配合）。\n")
    doc = tag_document(Document(text=text, source="x.txt"), ref_date="2023-06-29")
    times = [t for c in doc.clauses for t in c.times]
    targets = [t for c in doc.clauses for t in c.targets]
    agencies = [c.agencies for c in doc.clauses if c.agencies.lead]
    assert [(t.text, t.type, t.value_end) for t in times] == [("到2025\n年", "deadline", "2025-12-31")]
    assert [(t.text, t.metric, t.value, t.unit, t.year) for t in targets] == [
        ("达到\n— 2 —\n65%以上", "全市基层医疗卫生机构诊疗量占比", 65, "%", 2025),
        ("稳定在90%", "县域内就诊率", 90, "%", 2025),
    ]
    assert (agencies[0].lead, agencies[0].support) == (["市卫健委"], ["市医保局"])
    for item in times + targets:
        assert text[item.start : item.end] == item.text


def test_the_classifier_reads_a_wrapped_clause_as_the_original():
    from nlp.themes.data import Example, model_inputs

    clause = "全面推进分级诊疗制度建设，到2025年，全市基层医疗卫生机构诊疗量占比达到65%以上。"
    for copy in (wrap, pdfspace):
        copied, _ = copy(clause, 12)
        assert copied != clause
        a = model_inputs([Example(doc="d", text=clause, labels=[], path=["一、主要目标"], title="某市方案")], "title+path", 200)
        b = model_inputs([Example(doc="d", text=copied, labels=[], path=["一、主要目标"], title="某市方案")], "title+path", 200)
        assert a == b
        assert model_inputs([copied], "none", 0) == [("", clause)]
    row = "1\n推进医共体建设\n县卫生健康局"  # a table row: cells one per line, kept
    assert model_inputs([{"text": row, "kind": "table_row"}], "none", 0) == [("", row)]


def test_a_docx_table_read_as_tab_separated_rows_is_a_table():
    """The DOCX reader writes a table row as tab-separated cells: the indicator table of the fixture
    yields one actual and one target for its row (before session 11 the row was a heading)."""
    from nlp.io.load import load_path

    doc = tag_document(load_path(REPO / "tests" / "fixtures" / "inputs" / "plan.docx"))
    rows = [c for c in doc.clauses if "\t" in c.text and c.kind == "table_row"]
    assert len(rows) == 1
    got = [(t.metric, t.comparator, t.value, t.unit, t.kind, t.year) for t in rows[0].targets]
    assert got == [("县域内就诊率", "=", 85, "%", "actual", 2020), ("县域内就诊率", ">=", 90, "%", "target", 2022)]


def test_a_flattened_notice_keeps_its_signature_date_over_the_web_posting_date():
    """A web copy whose transmitting notice runs on in one line with its signature (paragraphs opened by
    `　　`): the signature date, not the page's posting date, is the issue date."""
    text = ("某县卫生健康局关于印发《某县2025年卫生健康工作要点》的通知\n发布时间：2025-03-05 09:42\u3000\u3000来源：某县卫生健康局\n"
            "某卫发〔2025〕6号\n\u3000\u3000各乡镇卫生院，县级各医疗卫生单位：\u3000\u3000现将《某县2025年卫生健康工作要点》印发给你们，"
            "请结合实际细化工作举措，明确时间节点和责任人，确保各项任务落到实处。\u3000\u3000某县卫生健康局\u3000\u3000二〇二五年二月二十八日\n\u3000\u3000某县2025年卫生健康工作要点\n")
    doc = tag_document(Document(text=text, source="x.txt"))
    assert (doc.identity.issued, doc.identity.issued_rule) == ("2025-02-28", "signature")

"""Golden cases for the responsible-agency extractor (spec/extraction.md §4).

Each row of ``tests/golden/agencies.jsonl``: ``text`` (a clause or a table row), ``lead_first`` (the
document says the first named agency leads), ``expected`` ``{lead, support, responsible}``
in order, optionally ``header`` (a task table's header cells) and ``span_texts``: the exact
text of each statement found. A row with ``"document": true`` is a small whole document and ``expected`` the
list of its clauses' bodies, in order, clauses without any left out.
Rows with all lists empty are ordinary parentheses that must not yield agencies.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.doc import Document
from nlp.extract.agencies import document_says_lead_first, extract_agencies, is_agency, lead_first_scope
from nlp.pipeline import tag_document

GOLDEN = Path(__file__).parent / "golden" / "agencies.jsonl"
CASES = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_agencies_golden(case):
    if case.get("document"):
        # a small whole document: every clause's bodies, in order (clauses without any left out)
        doc = tag_document(Document(text=case["text"], source=case["id"]))
        assert [a for a in (c.agencies.to_dict() for c in doc.clauses) if any(a.values())] == case["expected"]
        return
    agencies, spans = extract_agencies(case["text"], lead_first=case["lead_first"], header=case.get("header"))
    assert agencies.to_dict() == case["expected"]
    if not any(case["expected"].values()):
        assert spans == []
    if "span_texts" in case:
        assert [case["text"][s:e] for s, e in spans] == case["span_texts"]


def test_agencies_golden_has_enough_cases():
    assert len(CASES) >= 35
    assert sum(1 for c in CASES if not c.get("document") and not any(c["expected"].values())) >= 10


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(责任单位:市卫生计生委、市财政局,排在第一位的为牵头部门,下同)", True),
        ("各项任务中排名第一的单位为牵头单位,其他为配合单位。", True),
        ("牵头单位均列在首位。", True),
        ("列第一位的为牵头部门", True),
        ("（责任单位：县卫生健康局、县委编办，所列首家单位为牵头单位，下同）", True),
        ("首家开展试点的单位为牵头医院", False),
        ("（国家医保局、财政部负责。列第 一位者为牵头部门，下同）", True),  # a stray space of a web copy
        # a PDF copy wrapped the note inside the first bracket
        ("备案。\n（责任单位：县委编办、县卫健委、县人社局、县财政局。列第\n一位的为牵头单位，下同）", True),
        # a break after a short line (cells one per line) is no wrap: nothing is joined over it
        ("评审组排名第\n一的为牵头医院", False),
        ("(市医保局牵头,市卫生健康局配合)", False),
        ("第一批国家集中采购中选药品", False),
        ("", False),
    ],
)
def test_agencies_document_says_lead_first(text, expected):
    assert document_says_lead_first(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("注：各项任务括号内所列部门中，排在首位的为牵头部门，其余为参与部门。", "all"),
        ("（责任单位：市卫生计生委、市财政局，排在第一位的为牵头部门，下同）", True),
        # said of the section it stands in: the pipeline applies it under that section's heading only
        ("本部分各项任务责任单位中，排在第一位的为牵头部门", "section"),
        # the note written inside a list responsible as a whole, for it and the lists after it
        ("（国家卫生健康委、中央编办、人力资源社会保障部负责。列第 一位者为牵头部门，下同）", "all"),
        ("(市医保局牵头,市卫生健康局配合)", False),
        # a note on a table's column: the rows of that table only
        ("注：责任股室栏列有两个股室的，排在首位的为牵头股室。", "table"),
        # a note said inside one bracket of that bracket only (no 下同, no 以下)
        ("（责任单位：县卫生健康局、县医保局，排在首位的为牵头单位；完成时限：2024年底前）", "local"),
        # a bracket holding the note alone speaks of the lists around it
        ("责任单位：省中医药局、省教育厅（列第一位的为牵头单位）", True),
        ("以下各项任务中，排在第一位的部门为牵头部门，其他部门按照职责分工负责。", "all"),
        # `由排列在第一位的部门牵头，其余部门配合` (an article of a rule on its scoring table)
        ("第六条　涉及多个部门的指标，由排列在第一位的部门牵头，其余部门配合。", True),
        # every task's list, said in the implementation chapter at the end
        ("本规划各项任务后所列责任单位中，排在第一位的为牵头单位，其余为配合单位。", "all"),
        # a note not printed by a table: the lists it speaks of
        ("注：责任单位中列在首位的为牵头单位，其他为配合单位。", True),
        # a table's note (under tab-separated rows): the table's rows; the body's lists keep their own reading
        ("指标\t2025年\t2028年\t责任单位\n床位数（张）\t820\t900\t县卫健局、县发改局\n注：责任单位中列第一位的为牵头单位。\n"
         "（一）加强建设。\n责任单位：县卫健局、县财政局", "table"),
        # a 下同 note in a later bracket: from that bracket on (the offset of its opening bracket)
        ("1.扩大招聘。（责任单位：县人社局、县卫生健康局）\n2.加强培训。（责任单位：县卫生健康局，县委编办。列第一位的为牵头单位，下同）",
         "from:33"),
    ],
)
def test_agencies_lead_first_scope(text, expected):
    # "all": the note names every bracketed list, so a list responsible as a whole is led by its first body
    assert lead_first_scope(text) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("市卫生健康局", True),
        ("财政局", True),
        ("各县(市、区)", True),
        ("市委编办", True),
        ("宁德市医院", True),
        ("东侨开发区管委会", True),
        ("医院", False),
        ("以乡镇〔街道〕为单位", False),
        ("人口监测与家庭发展股", True),
        ("县卫生健康委规划财务股（信息中心）", True),
        ("市纪委监委驻市卫生健康委纪检监察组", True),
        ("试行", False),
        ("以下简称医共体", False),
        ("2020—2022年", False),
        ("中药饮片除外", False),
    ],
)
def test_agencies_is_agency(name, expected):
    assert is_agency(name) is expected


def test_agencies_spans_cover_statements_in_document_text():
    text = "加强监管。(市医保局牵头,市卫生健康局配合)另行部署。(市财政局负责)"
    agencies, spans = extract_agencies(text)
    assert [text[s:e] for s, e in spans] == ["(市医保局牵头,市卫生健康局配合)", "(市财政局负责)"]
    assert agencies.lead == ["市医保局", "市财政局"]
    assert agencies.support == ["市卫生健康局"]


def test_agencies_nothing_in_plain_text():
    agencies, spans = extract_agencies("没有任何括号的句子。")
    assert not agencies and spans == []
    agencies, spans = extract_agencies("")
    assert not agencies and spans == []


def test_agencies_lead_first_note_said_in_a_later_bracket_reads_from_there_on():
    from nlp.doc import Document
    from nlp.pipeline import tag_document

    text = ("某县人民政府办公室关于印发某县乡村卫生人才队伍建设实施方案的通知\n"
            "一、扩大招聘\n（一）定向招聘。每年定向招聘不少于20名。（责任单位：县人社局、县卫生健康局、县委编办）\n"
            "（二）加强培训。开展全员轮训。（责任单位：县卫生健康局，县人民医院。列第一位的为牵头单位，下同）\n"
            "（三）落实待遇。提高补助标准。（县卫生健康局、县财政局按职责分工负责）\n"
            "某县人民政府办公室\n2025年3月26日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    def by(words):
        return next(c.agencies for c in doc.clauses if words in c.text)

    assert by("每年定向").responsible == ["县人社局", "县卫生健康局", "县委编办"] and not by("每年定向").lead
    assert by("开展全员").lead == ["县卫生健康局"] and by("开展全员").support == ["县人民医院"]
    assert by("提高补助").lead == ["县卫生健康局"] and by("提高补助").support == ["县财政局"]

"""The whole job on real documents: every corpus file tags, every offset agrees with its text,
and the JSON has the contract's shape (spec/output.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.doc import Document
from nlp.io.text import load_text
from nlp.pipeline import tag_document
from nlp.timeline import build_timeline, sort_key

_ANN = Path(__file__).resolve().parents[1] / "annotations"
# the real corpus, and the synthetic local documents (dense in targets and agencies)
DOCS = sorted(_ANN.joinpath("docs").glob("*.txt")) + sorted(_ANN.joinpath("synthetic", "docs").glob("*.txt"))

CLAUSE_KEYS = {"id", "start", "end", "text", "path", "themes", "times", "targets", "agencies"}
TIME_KEYS = {"text", "start", "end", "type", "value", "granularity"}
TARGET_KEYS = {"text", "start", "end", "metric", "comparator", "value", "value_max", "unit", "kind", "year"}
DOC_KEYS = {"doc_id", "source", "title", "issuer", "doc_number", "region", "issued", "model", "clauses"}


@pytest.fixture(scope="module")
def tagged():
    return {p.name: tag_document(load_text(str(p))) for p in DOCS}


def test_pipeline_corpus_has_documents():
    assert len(DOCS) >= 100


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.stem)
def test_pipeline_offsets_agree_with_text(tagged, path):
    doc = tagged[path.name]
    d = doc.to_dict()
    text = doc.text
    assert DOC_KEYS <= d.keys()
    assert d["clauses"], "no clauses"
    last_end = 0
    for c in d["clauses"]:
        assert CLAUSE_KEYS <= c.keys()
        assert text[c["start"]:c["end"]] == c["text"]
        assert c["start"] >= last_end, "clauses overlap or are out of order"
        last_end = c["end"]
        for t in c["times"]:
            assert TIME_KEYS <= t.keys()
            assert text[t["start"]:t["end"]] == t["text"]
            assert c["start"] <= t["start"] < t["end"] <= c["end"]
            assert t["type"] in ("date", "deadline", "start", "period", "recurring")
            if t["type"] == "deadline":
                assert t["value"]["start"] is None
            if t["type"] == "start":
                assert t["value"]["end"] is None
        for g in c["targets"]:
            assert TARGET_KEYS <= g.keys()
            assert text[g["start"]:g["end"]] == g["text"]
            assert g["comparator"] in (">=", "<=", "~", "=", "range", "increase", "decrease")
            assert g["kind"] in ("target", "actual")
        assert set(c["agencies"]) == {"lead", "support", "responsible"}
        assert c["themes"] == []  # no model given: never filled by a stand-in


def test_pipeline_resolves_relative_dates_against_the_issue_date():
    doc = tag_document(Document(text="关于做好2023年工作的通知\n一、今年底前完成改革任务。\n宁德市卫生健康委员会\n2023年6月29日\n", source="t.txt"))
    assert doc.identity.issued == "2023-06-29"
    times = [t for c in doc.clauses for t in c.times if t.text.startswith("今年底")]
    assert times and times[0].value_end == "2023-12-31"


def _times_by_item(doc, marks):
    """{(item mark, time text): (value_start, value_end)} of the clauses opened by one of ``marks``."""
    return {(c.text[:2], t.text): (t.value_start, t.value_end) for c in doc.clauses for t in c.times if c.text[:2] in marks}


def test_pipeline_dates_yearless_times_to_the_later_year_their_section_is_about():
    # a three-year plan issued in 2025: the 2026 section's 上半年 and 6月底前 are 2026's, the 2025 section's the issue year's
    text = ("关于印发三年行动计划的通知\n二、重点任务\n（一）2025年重点任务\n1.全市于6月底前完成方案制定，下半年启动试点。\n"
            "（二）2026年重点任务\n2.上半年完成评估，6月底前全面推开。\n（三）到2027年的目标\n3.年底前完成验收。\n"
            "某市医疗保障局\n2025年2月26日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    got = _times_by_item(doc, ("1.", "2.", "3."))
    assert got[("1.", "6月底前")] == (None, "2025-06-30")
    assert got[("1.", "下半年")] == ("2025-07-01", "2025-12-31")
    assert got[("2.", "上半年")] == ("2026-01-01", "2026-06-30")
    assert got[("2.", "6月底前")] == (None, "2026-06-30")
    assert got[("3.", "年底前")] == (None, "2025-12-31"), "a goal year (到2027年) is no topic year"


def test_pipeline_dates_a_reviewed_years_own_words_to_that_year():
    # a 2024 summary issued in 2025: under `一、2024年工作完成情况` 全年 is 2024 and 上年 2023; under the
    # 2025 plan 全年 is the issue year's; a heading that reviews nothing leaves 全年 with the issue year
    text = ("关于2024年工作总结和2025年工作计划的报告\n一、2024年工作完成情况\n1.全县全年接诊103.7万人次，较上年增长5.8%。\n"
            "二、2025年工作计划\n2.全年新增家庭医生签约2万人。\n某县卫生健康局\n2025年2月17日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    got = _times_by_item(doc, ("1.", "2."))
    assert got[("1.", "全年")] == ("2024-01-01", "2024-12-31")
    assert got[("1.", "上年")] == ("2023-01-01", "2023-12-31")
    assert got[("2.", "全年")] == ("2025-01-01", "2025-12-31")
    # the same under `一、2024年工作开展情况` (开展情况 reviews too)
    other = tag_document(Document(text=text.replace("工作完成情况", "工作开展情况"), source="t.txt"))
    got2 = _times_by_item(other, ("1.", "2."))
    assert got2[("1.", "全年")] == ("2024-01-01", "2024-12-31")


def test_pipeline_dates_a_reviewed_year_named_by_the_title():
    # a 通报 issued in 2025 on the results of 2024: its 全年/本年度 are 2024 and its 上年 2023, in every section
    # whose heading names no year and looks no ahead; its rectification section (整改要求) keeps the issue year
    text = ("某区卫生健康局关于2024年度基层医疗卫生机构绩效考核结果的通报\n一、考核结果\n1.全年完成诊疗186.4万人次，较上年增加870人次。\n"
            "2.本年度无不合格等次单位。\n二、整改要求\n3.全年开展2次督导。\n某区卫生健康局\n2025年2月14日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    got = _times_by_item(doc, ("1.", "2.", "3."))
    assert got[("1.", "全年")] == ("2024-01-01", "2024-12-31")
    assert got[("1.", "上年")] == ("2023-01-01", "2023-12-31")
    assert got[("2.", "本年度")] == ("2024-01-01", "2024-12-31")
    assert got[("3.", "全年")] == ("2025-01-01", "2025-12-31")
    # a title that also looks ahead, or names two years, reviews no single year
    import datetime as dt

    from nlp.extract.times import report_year

    assert report_year("关于2024年度基层医疗卫生机构绩效考核结果的通报", dt.date(2025, 2, 14)) == 2024
    assert report_year("2024年工作总结及下一步工作打算", dt.date(2025, 1, 8)) is None
    assert report_year("2024年工作总结和2025年工作计划", dt.date(2025, 1, 8)) is None
    assert report_year("关于2025年上半年医保基金运行情况的通报", dt.date(2025, 8, 1)) is None


def test_pipeline_dates_dangqian_to_the_year_written_before_it_in_the_sentence():
    # outside standing rules 当年 after a year written earlier in its sentence is that year; after 分别 (two years)
    # or in a sentence with a frequency word it stays each cycle's
    text = ("某市卫生健康事业发展规划\n一、实施步骤\n1.2023年下半年开展中期评估，评估报告于当年12月20日前报市政府。\n"
            "2.2024年和2026年各调价一次，评估报告分别于当年4月15日前报送。\n3.每年3月底前评估，2024年起当年启动调价。\n"
            "某市人民政府\n2022年4月26日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    got = _times_by_item(doc, ("1.", "2.", "3."))
    assert got[("1.", "当年12月20日前")] == (None, "2023-12-20")
    assert got[("2.", "当年4月15日前")] == (None, None)
    assert got[("3.", "当年")] == (None, None)


def test_pipeline_clause_cut_at_a_semicolon_keeps_the_year_its_sentence_opens_with():
    # a long sentence is cut into clauses at `；`: the second clause's figures are 2024's, reported (spec §3: the
    # year from the clause's own time expression, else the sentence's)
    text = ("关于做好2025年异地就医结算工作的通知\n一、工作基础\n"
            "2024年，各地持续推进直接结算扩面提质，全年跨省直接结算1.94亿人次，为参保群众减少垫付资金约1860亿元，"
            "各地持续优化备案流程，进一步压缩经办时限，推动更多定点医药机构接入国家平台，"
            "群众异地就医获得感持续增强，经办服务体系更加健全，基金监管更加有力，信息平台运行平稳有序，"
            "跨部门协同机制逐步完善，政策宣传解读更加深入，窗口服务作风明显改进；"
            "跨省联网定点医疗机构增至20.1万家，住院费用跨省直接结算率提高到72.3%。\n"
            "国家医疗保障局办公室\n2025年3月14日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    got = {t.text: (t.kind, t.year) for c in doc.clauses for t in c.targets}
    assert got["增至20.1万家"] == ("actual", 2024)
    assert got["提高到72.3%"] == ("actual", 2024)


def test_tab_separated_table_without_serials_reads_one_row_a_line():
    # a scoring table pasted from a DOCX: no 序号 column, whole sentences in a cell, the first cell of a group
    # merged (copied empty); each line is one row, its 责任科室 cell named as responsible, and a score cell
    # never takes the next cell's first character as its unit (`5⏎成立…` is no 5成)
    text = ("某区2023年基本公共卫生服务项目绩效考核方案\n附件\n绩效考核评分表\n"
            "考核内容\t考核指标\t分值\t评分标准\t责任科室\n"
            "组织管理（10分）\t组织机构与工作制度\t5\t成立项目领导小组得2分；按时报送各类报表得1分。\t基层卫生健康股\n"
            "\t人员培训与档案管理\t5\t全年组织业务培训不少于4次，每少1次扣0.5分。\t规划财务股\n")
    rows = _table_rows(text, "t.txt")
    assert len(rows) == 2
    assert rows[0].agencies.responsible == ["基层卫生健康股"]
    assert rows[1].agencies.responsible == ["规划财务股"]
    assert not [t for c in rows for t in c.targets if t.unit == "成"]
    assert [(t.text, t.comparator, t.value) for t in rows[1].targets] == [("不少于4次", ">=", 4)]


def test_tab_separated_task_table_header_cells_with_a_bracketed_note():
    # `牵头股室（单位）`: a header word with a note on who it names; the table keeps all five columns
    text = ("某县医疗保障局2024年工作思路\n四、重点任务分工\n"
            "序号\t重点任务\t完成时限\t牵头股室（单位）\t配合股室（单位）\n"
            "1\t参保扩面和数据比对\t2024年3月31日前\t待遇保障股\t县医保中心、各镇人民政府\n"
            "2\tDIP付费全覆盖\t2024年6月30日前\t医药服务管理股\t县医保中心、县卫健局\n")
    rows = _table_rows(text, "t.txt")
    assert [(r.agencies.lead, r.agencies.support) for r in rows] == [
        (["待遇保障股"], ["县医保中心", "各镇人民政府"]), (["医药服务管理股"], ["县医保中心", "县卫健局"])]


def test_tab_separated_indicator_table_with_a_national_value_column():
    # `2024年全国值` is a base-year column; the table is read row by row as an indicator table
    text = ("关于加强门诊服务管理的通知\n附件\n主要指标\n"
            "序号\t指标\t2024年全国值\t2025年目标值\t指标属性\n"
            "1\t二级及以上公立医院门诊预约诊疗率（%）\t61.8\t≥72\t约束性\n"
            "2\t门诊处方审核率（%）\t92.7\t100\t约束性\n")
    got = [(t.metric, t.comparator, t.value, t.unit, t.kind, t.year) for c in _table_rows(text, "t.txt") for t in c.targets]
    assert got[:2] == [("二级及以上公立医院门诊预约诊疗率", "=", 61.8, "%", "actual", 2024),
                       ("二级及以上公立医院门诊预约诊疗率", ">=", 72, "%", "target", 2025)]
    assert len(got) == 4


def test_pdf_task_table_cells_wrapped_at_their_column_width():
    # a PDF task table, one cell per line, whose cells wrapped at their column's width (far narrower than the
    # page): each row runs to the next serial, its wrapped cells read whole, so its role columns stay in place
    text = ("某市医疗卫生强基工程三年行动计划\n附件\n重点任务分工表\n序号\n重点任务\n完成时限\n牵头单位\n配合单位\n"
            "1\n3家县人民医院提交三级\n医院评审申请\n2025年6月30日\n前\n市卫生健康委\n市发展改革委、市\n财政局\n"
            "2\n完成村卫生室产权和人员\n清查\n2024年10月底前\n各县（区）人\n民政府\n市卫健委\n"
            "3\n定向培养本土医学生每年\n120名以上\n2024—2026年\n市卫生健康委\n市教育局、人社局\n")
    rows = _table_rows(text, "t.txt")
    assert [(r.agencies.lead, r.agencies.support) for r in rows] == [
        (["市卫生健康委"], ["市发展改革委", "市财政局"]),
        (["各县（区）人民政府"], ["市卫健委"]),
        (["市卫生健康委"], ["市教育局", "市人社局"]),
    ]


def test_pipeline_reads_the_plan_period_a_plan_names_without_years():
    # a “十四五” plan's `规划期末` is 2025 (spec §5: a plan's 期末 is its last year); `到规划期末` a deadline then,
    # `规划期内` the plan's period; a document that is no 规划 leaves them alone
    text = ("某市“十四五”卫生健康发展规划\n一、发展目标\n规划期末，县级医院全部达到二级甲等水平；到规划期末，中医馆全覆盖。\n"
            "规划期内累计投入5亿元。\n某市人民政府\n2022年5月20日\n")
    doc = tag_document(Document(text=text, source="plan.txt"))
    got = {t.text: (t.type, t.value_start, t.value_end) for c in doc.clauses for t in c.times}
    assert got["规划期末"] == ("date", "2025-01-01", "2025-12-31")
    assert got["到规划期末"] == ("deadline", None, "2025-12-31")
    assert got["规划期内"] == ("period", "2021-01-01", "2025-12-31")
    other = tag_document(Document(text="某市2022年卫生健康工作要点\n一、规划期末完成评估。\n", source="plan2.txt"))
    assert not [t for c in other.clauses for t in c.times if "规划" in t.text]


def test_pipeline_undated_document_leaves_relative_dates_unresolved():
    doc = tag_document(Document(text="一、今年底前完成改革任务。\n", source="t.txt"))
    assert doc.identity.issued is None
    t = [t for c in doc.clauses for t in c.times][0]
    assert t.type == "deadline" and t.value_end is None


def test_pipeline_ref_date_is_used_when_the_document_has_none():
    doc = tag_document(Document(text="一、今年底前完成改革任务。\n", source="t.txt"), ref_date="2024-03-01")
    t = [t for c in doc.clauses for t in c.times][0]
    assert t.value_end == "2024-12-31"
    assert doc.ref_date == "2024-03-01"


def test_timeline_events_sorted_and_one_issued_event_per_dated_document(tagged):
    docs = [tagged[p.name].to_dict() for p in DOCS[:12]]
    tl = build_timeline(docs)
    assert [d["doc_id"] for d in tl["documents"]] == [d["doc_id"] for d in docs]
    keys = [sort_key(e) for e in tl["events"]]
    assert keys == sorted(keys)
    issued = [e for e in tl["events"] if e["type"] == "issued"]
    assert len(issued) == sum(1 for d in docs if d["issued"])
    undated = [i for i, e in enumerate(tl["events"]) if not (e["end"] or e["start"])]
    assert all(i >= len(tl["events"]) - len(undated) for i in undated), "undated events must come last"


def _table_rows(text: str, source: str) -> list:
    """The table rows of ``text`` tagged as a document."""
    return [c for c in tag_document(Document(text=text, source=source)).clauses if c.kind == "table_row"]


def test_task_table_rows_get_column_roles_and_the_deadline_cell_year():
    """A task table (序号/工作任务/牵头部门/配合部门/完成时间, one cell per line): each row's
    agencies take their column's role, its task cell is read like a sentence, and its target
    belongs to the year of the row's 完成时间 cell."""
    text = (
        "某县2023年医改重点工作任务分工表\n序号\n工作任务\n牵头部门\n配合部门\n完成时间\n"
        "1\n县域内住院人次占比达到90%\n县卫生健康局\n县医保局、县财政局\n2024年12月底前\n"
        "2\n建成标准化预防接种门诊\n县卫生健康局\n各乡镇人民政府\n2023年6月底前\n"
    )
    rows = _table_rows(text, "task_table.txt")
    assert len(rows) == 2
    assert rows[0].agencies.lead == ["县卫生健康局"]
    assert rows[0].agencies.support == ["县医保局", "县财政局"]
    assert rows[1].agencies.support == ["各乡镇人民政府"]
    (t,) = rows[0].targets
    assert (t.metric, t.comparator, t.value, t.unit, t.year) == ("县域内住院人次占比", ">=", 90, "%", 2024)
    assert rows[1].targets == []  # a deadline cell is no figure


def test_task_table_row_year_is_the_deadline_cells_not_a_base_year_in_the_task():
    # a base of comparison (较2025年) or a past figure in brackets (（2025年为27.1%）) inside the task cell
    # does not date the row: its 完成时限 cell does (2026年9月底前, 全年 of the document's year)
    text = (
        "某区2026年基层卫生健康重点任务分工方案\n序号\n重点任务\n具体措施\n责任单位\n完成时限\n"
        "1\n做实家庭医生签约服务\n重点人群签约覆盖率较2025年提高3个百分点。\n区卫健局、区医保局\n2026年9月底前\n"
        "2\n开展健康素养促进行动\n居民健康素养水平达到29%（2025年为27.1%）。\n区卫健局、区教育局\n全年\n"
        "某区人民政府办公室\n2026年2月27日\n"
    )
    rows = _table_rows(text, "task_table.txt")
    assert [(t.text, t.kind, t.year) for t in rows[0].targets] == [("提高3个百分点", "target", 2026)]
    assert [(t.text, t.kind, t.year) for t in rows[1].targets] == [("达到29%", "target", 2026), ("27.1%", "actual", 2025)]


def test_task_table_with_sentence_cells_and_place_lists():
    """A task table whose task column holds whole sentences is still read row by row (its rows
    are found by the 序号 column); a 配合 cell listing places before one head (`东安区、爱民区政府`)
    gives each place that head, and any body in a role column counts (`相关区人民政府`)."""
    text = (
        "附件\n重点任务分工表\n序号\n重点任务\n牵头单位\n配合单位\n完成时限\n"
        "1\n在东安区、爱民区组建城市医疗集团，每个集团至少吸纳5家社区卫生服务中心。\n市卫生健康委\n东安区、爱民区政府\n2024年8月底前\n"
        "2\n推进县域医共体建设，县域内住院率达到90%以上。\n市卫生健康委\n相关区人民政府\n2024年12月底前\n"
        "三、保障措施\n各单位要抓好落实。\n"
    )
    doc = tag_document(Document(text=text, source="task_table_long.txt"))
    rows = [c for c in doc.clauses if c.kind == "table_row"]
    assert [r.text.split("\n")[0] for r in rows] == ["1", "2"]
    assert rows[0].agencies.support == ["东安区政府", "爱民区政府"]
    assert rows[1].agencies.support == ["相关区人民政府"]
    assert [(t.value, t.unit, t.year) for t in rows[1].targets] == [(90, "%", 2024)]
    assert any(c.kind == "heading" and c.text == "三、保障措施" for c in doc.clauses)  # the table ends with its rows


def test_pipeline_reads_a_tab_row_through_a_cell_wrapped_onto_its_own_line():
    # a cell of a tab-separated task table wrapped in the copy (`…培训⏎基地\t省卫生健康委\t…`): the row keeps
    # its columns, so the 牵头单位 and 配合单位 cells keep their roles
    text = ("某省卫生健康委员会关于印发行动计划的通知\n附件\n重点任务分工表\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
            "1\t编制资源配置规划\t省卫生健康委\t省发展改革委\t2025年6月底前\n"
            "2\t每个市州建成1个腹膜透析培训\n基地\t省卫生健康委\t各市州卫生健康委\t2026年12月31日前\n"
            "3\t中期评估\t省卫生健康委\t省直有关部门\t2026年6月\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    row = next(c for c in doc.clauses if c.kind == "table_row" and c.text.startswith("2"))
    assert row.agencies.lead == ["省卫生健康委"] and row.agencies.support == ["各市州卫生健康委"]
    assert [t.text for t in row.times] == ["2026年12月31日前"]


def test_pipeline_reads_a_table_laid_out_in_columns_of_spaces():
    # `pdftotext -layout` prints a table's cells in columns of spaces: each row's figures are read by their
    # column (2020 base actual, 2025 goal, 2022 actual), and a note's marker (*) is no part of the metric
    text = ("某县卫生健康事业发展“十四五”规划中期评估报告\n表1  主要指标进展情况\n"
            "序号  指标名称                      单位     2020年基数   2025年目标   2022年完成值   进展情况\n"
            "1     人均预期寿命                  岁       78.12        79以上       78.65          符合进度要求\n"
            "2     孕产妇死亡率*                 1/10万   21.47        ≤12         0              已提前完成\n"
            "\n注：带“*”的为约束性指标。\n某县卫生健康局\n2023年11月27日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    rows = [c for c in doc.clauses if c.kind == "table_row"]
    got = [[(t.metric, t.comparator, t.value, t.unit, t.kind, t.year) for t in c.targets] for c in rows]
    assert got[0] == [("人均预期寿命", "=", 78.12, "岁", "actual", 2020), ("人均预期寿命", ">=", 79.0, "岁", "target", 2025),
                      ("人均预期寿命", "=", 78.65, "岁", "actual", 2022)]
    assert got[1][1] == ("孕产妇死亡率", "<=", 12.0, "/10万", "target", 2025)
    for c in rows:
        for t in c.targets:
            assert doc.text[t.start : t.end] == t.text


def test_pipeline_dates_months_of_a_reviewed_year_to_that_year():
    # under `一、2024年工作开展情况` of a report issued in January 2025, a month or half-year written without a
    # year is 2024's; under the 2025 plan it is the issue year's
    text = ("某市卫生健康委员会关于2024年工作总结和2025年工作计划的报告\n一、2024年工作开展情况\n1.6月，完成医共体绩效评价；下半年开展专项督查。\n"
            "二、2025年工作计划\n2.6月底前完成规划评估。\n某市卫生健康委员会\n2025年1月15日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    got = _times_by_item(doc, ("1.", "2."))
    assert got[("1.", "6月")] == ("2024-06-01", "2024-06-30")
    assert got[("1.", "下半年")] == ("2024-07-01", "2024-12-31")
    assert got[("2.", "6月底前")] == (None, "2025-06-30")


def test_pipeline_reads_a_layout_table_whose_long_cells_are_printed_in_halves():
    # `pdftotext -layout`: a letter-spaced header cell (`指    标`), and long indicator cells printed half above
    # and half below their row's line, which holds the serial number and the values only
    text = ("某市中医药发展规划\n表1  主要指标\n\n"
            "     序号               指    标                  2025年     2030年     属性\n"
            "       1    每千人口中医类医院床位数（张）         0.79       0.90      预期性\n"
            "            每千人口中医类别执业（助理）医师数\n"
            "       2                                           0.56       0.68      预期性\n"
            "            （人）\n"
            "       3    省级中医重点专科数（个）               17         25        预期性\n\n"
            "某市人民政府办公室\n2026年3月2日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    rows = [c for c in doc.clauses if c.kind == "table_row"]
    assert len(rows) == 3
    got = {(g.metric, g.value, g.unit, g.kind, g.year) for c in rows for g in c.targets}
    assert ("每千人口中医类别执业（助理）医师数", 0.56, "人", "actual", 2025) in got
    assert ("每千人口中医类别执业（助理）医师数", 0.68, "人", "target", 2030) in got
    assert ("省级中医重点专科数", 25.0, "个", "target", 2030) in got
    for c in rows:
        for g in c.targets:
            assert text[g.start : g.end] == g.text


def test_pipeline_applies_a_section_lead_first_note_to_that_section_only():
    # `本节各项任务，列在首位的单位为牵头单位` in 第四节: its lists are led by their first body; 第三节's are not
    text = ("某县卫生健康事业发展规划\n第三节　加强医疗服务\n（一）提升急救能力。建成急救站8个。（责任单位：县卫健委、县财政局）\n"
            "第四节　深入开展健康行动\n本节各项任务，列在首位的单位为牵头单位。\n"
            "（一）提升健康素养。居民健康素养水平达到28%以上。（县卫健委、县委宣传部、县教体局）\n"
            "某县人民政府办公室\n2021年9月26日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    third = next(c for c in doc.clauses if "急救站" in c.text)
    fourth = next(c for c in doc.clauses if "健康素养" in c.text)
    assert third.agencies.responsible == ["县卫健委", "县财政局"] and not third.agencies.lead
    assert fourth.agencies.lead == ["县卫健委"] and fourth.agencies.support == ["县委宣传部", "县教体局"]


def test_pipeline_reads_no_times_in_links_to_other_pages():
    # the foot of a web copy names other pages: their titles' years are theirs, not this document's
    text = ("关于做好2025年城乡居民医保参保工作的通知\n各县（区）医保局：\n9月1日起开展集中参保缴费。\n某市医疗保障局\n2025年8月22日\n"
            "上一篇：关于公布2025年第二季度违规使用医保基金典型案例的通报\n下一篇：关于开展2025年医保基金监管集中宣传月活动的通知\n"
            "相关解读：图解：2026年度城乡居民医保参保缴费政策问答\n图解：“十四五”院前医疗急救体系发展规划\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    links = [c for c in doc.clauses if c.text.startswith(("上一篇", "下一篇", "相关解读", "图解"))]
    assert len(links) >= 3 and all(not c.times for c in links)
    assert not any("十四五" in t.text or "2026" in t.text for c in doc.clauses for t in c.times)
    assert any(t.text == "9月1日起" for c in doc.clauses for t in c.times)


def test_pipeline_reads_no_goals_in_a_benefit_table():
    # a table of what the insurance pays (spec §5: entitlements are not targets); a cap it sets would stay
    text = ("关于建立职工医保门诊共济保障机制的实施意见\n表1  普通门诊统筹待遇标准\n"
            "项目\t人员类别\t一级定点医疗机构\t二级定点医疗机构\t三级定点医疗机构\n"
            "起付标准（元/年）\t在职职工\t200\t500\t800\n"
            "统筹基金支付比例\t在职职工\t70%\t60%\t50%\n"
            "统筹基金支付比例\t退休人员\t75%\t65%\t55%\n"
            "某省人民政府办公厅\n2023年2月14日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    rows = [c for c in doc.clauses if c.kind == "table_row"]
    assert len(rows) == 3
    assert not [g.text for c in rows for g in c.targets]


def test_pipeline_joins_layout_cells_wrapped_under_their_column():
    # `pdftotext -layout`: a category column printed once per group, cells wrapped onto the next line under their
    # own column (aligned by printed width: a CJK character takes two columns), letter-spaced header cells
    text = ("某县卫生健康事业发展规划\n表1  主要指标\n\n"
            "  类别      序号            指标                    2020年    2025年    指标性质\n"
            "            7     适龄儿童免疫规划疫苗接种率（%）   >95       >95       约束性\n"
            "   健康     8     65岁及以上老年人城乡社区规范健    61.5      ≥65       预期性\n"
            "   服务           康管理服务率（%）\n"
            "            9     县域内就诊率（%）                 86.3      ≥90       预期性\n\n"
            "附件2\n重点任务表\n"
            "序号   工 作 任 务                       责任股室          配 合 单 位                 完成时限\n"
            "1      制定本单位活动实施方案，建立问    基层卫生健康股    各乡镇卫生院、县直各医疗    2025年4月10日前\n"
            "       题清单、任务清单                                    卫生单位\n"
            "2      完成问题整改                      医政医管股        县人民医院                  6月30日前\n\n"
            "某县人民政府办公室\n2021年9月26日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    got = {(g.metric, g.value, g.unit, g.kind) for c in doc.clauses for g in c.targets}
    assert ("65岁及以上老年人城乡社区规范健康管理服务率", 61.5, "%", "actual") in got
    assert ("县域内就诊率", 90.0, "%", "target") in got
    row = next(c for c in doc.clauses if c.text.startswith("1      制定"))
    assert row.agencies.lead == ["基层卫生健康股"] and row.agencies.support == ["各乡镇卫生院", "县直各医疗卫生单位"]
    for c in doc.clauses:
        for g in c.targets:
            assert text[g.start : g.end] == g.text


def test_pipeline_dates_a_progress_table_whose_header_names_no_year():
    # a half-year report's table: 年度目标 is the year's goal, 上半年完成 this year's, 去年同期 last year's
    text = ("关于2024年上半年工作总结和下半年工作计划的报告\n表1  上半年主要指标完成情况\n"
            "序号\t指标\t单位\t年度目标\t上半年完成\t去年同期\t同比增减\n"
            "1\t县域内住院人次占比\t%\t≥90\t88.6\t86.9\t+1.7个百分点\n"
            "2\t婴儿死亡率\t‰\t≤4.5\t2.31\t2.68\t-0.37个千分点\n"
            "某县卫生健康局\n2024年7月10日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    got = {(g.metric, g.comparator, g.value, g.kind, g.year) for c in doc.clauses for g in c.targets}
    assert ("县域内住院人次占比", ">=", 90.0, "target", 2024) in got
    assert ("县域内住院人次占比", "=", 86.9, "actual", 2023) in got
    assert ("婴儿死亡率", "decrease", 0.37, "actual", 2024) in got


def test_pipeline_dates_a_clause_cut_at_a_semicolon_by_its_sentences_as_of_year():
    # a hard-wrapped copy: `截至2021年底，` earlier in the sentence dates the figures of the clause cut at `；` as
    # reported in 2021
    text = ("某市护理服务能力提升实施方案\n"
            "　　护理工作是卫生健康事业的重要组成部分，与人民群众的就医体验和生命\n安全息息相关。“十三五”以来，我市护理队伍持续壮大，截至2021年底，全\n"
            "市注册护士达到14286人，比2015年底增加4710人；每千人口注册护士数\n由2.24人提高到3.31人，医护比由1:0.92调整为1:1.08，二级及\n"
            "以上医院优质护理服务病房覆盖率达到86.5%。但也要清醒看到，我市护理人力资源总量仍然不足，结构不尽合理，基层护理\n"
            "服务能力较弱，老年护理、康复护理、安宁疗护等服务供给不足，护理信息化\n水平有待提升，与人民群众日益增长的多样化护理服务需求相比还有差距。\n"
            "某市人民政府办公室\n2022年8月16日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    got = {(g.value, g.kind, g.year) for c in doc.clauses for g in c.targets}
    assert (3.31, "actual", 2021) in got and (86.5, "actual", 2021) in got


def test_pipeline_reads_a_layout_table_whose_category_cells_are_printed_over_two_lines():
    # `pdftotext -layout`: a category printed in two pieces (`资源` / `配置`), the second piece on the line that
    # starts the next row, the first beside the previous row's wrapped indicator cell (` 资源     师数（人）`)
    text = ("某市紧密型城市医疗集团建设实施方案\n表1  主要指标\n\n"
            " 类别    序号                  指标                   2023年     2025年     2027年     属性\n"
            "          4     牵头医院下沉基层的中级及以上职称医      46       ≥120      ≥180     预期性\n"
            " 资源           师数（人）\n"
            " 配置     5     每千常住人口执业（助理）医师数         3.12       3.30      ≥3.50    预期性\n"
            "                （人）\n"
            " 服务     7     社区卫生服务中心达到“优质服务基层     38.1       ≥50       ≥70     预期性\n"
            " 能力           行”推荐标准的比例（%）\n"
            "          8     集团内检查检验结果互认项目数（项）      86       ≥150      ≥200     预期性\n\n"
            "某市人民政府办公室\n2024年3月1日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    rows = [c for c in doc.clauses if c.kind == "table_row"]
    assert len(rows) == 4
    got = {(g.metric, g.comparator, g.value, g.unit, g.kind, g.year) for c in doc.clauses for g in c.targets}
    assert ("牵头医院下沉基层的中级及以上职称医师数", ">=", 120.0, "人", "target", 2025) in got
    assert ("每千常住人口执业（助理）医师数", ">=", 3.5, "人", "target", 2027) in got
    assert ("社区卫生服务中心达到“优质服务基层行”推荐标准的比例", "=", 38.1, "%", "actual", 2023) in got
    assert ("集团内检查检验结果互认项目数", ">=", 200.0, "项", "target", 2027) in got
    for c in doc.clauses:
        for g in c.targets:
            assert text[g.start : g.end] == g.text


def test_pipeline_reads_a_scoring_table_without_taking_scores_or_weights_as_values():
    # `一级指标（权重）/序号/二级指标/分值/目标值/2022年基数/数据提供单位`: the 分值 cell is the indicator's score in the
    # assessment and the category's bracket its weight, neither a value of the indicator; a ratio cell `1∶1.2以上`
    text = ("某县医共体医保基金总额付费实施办法\n附件\n年度考核指标及权重表\n"
            "一级指标（权重）\t序号\t二级指标\t分值\t目标值\t2022年基数\t数据提供单位\n"
            "基金运行管理（25%）\t1\t县外就医统筹基金支出占比\t8\t≤26%\t30.1%\t县医保中心\n"
            "\t2\t结算数据按时上报率\t4\t100%\t96.3%\t县医保中心\n"
            "\t3\t县域内就诊率\t10\t≥88%（2025年≥90%）\t86.4%\t县卫生健康局\n\n"
            "表2　主要指标\n领域\t指标\t2025年现状\t2030年目标\t指标性质\n资源配置\t医护比\t1∶1.13\t1∶1.2以上\t预期性\n"
            "某县医疗保障局\n2023年6月26日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    got = {(g.metric, g.comparator, g.value, g.unit, g.kind, g.year) for c in doc.clauses for g in c.targets}
    assert ("县外就医统筹基金支出占比", "<=", 26.0, "%", "target", None) in got
    assert ("县外就医统筹基金支出占比", "=", 30.1, "%", "actual", 2022) in got
    assert ("结算数据按时上报率", "=", 96.3, "%", "actual", 2022) in got
    assert ("医护比", ">=", 1.2, "比", "target", 2030) in got
    assert ("县域内就诊率", ">=", 90.0, "%", "target", 2025) in got, "a figure the cell dates itself takes that year"
    assert ("县域内就诊率", ">=", 88.0, "%", "target", None) in got
    assert not [g for g in got if g[2] in (8.0, 4.0, 25.0)], "a score or a weight is no value"


def test_pipeline_notice_issuing_a_rule_dates_its_own_words_and_leaves_the_rule_cyclic():
    """`关于印发《…细则》的通知`: the notice's own deadlines are of its year; the attached rule's are each cycle's."""
    text = ("青源市医疗保障局关于印发《青源市门诊共济结算细则》的通知\n"
            "各县（市、区）医疗保障局：\n"
            "　　现将《青源市门诊共济结算细则》印发给你们。各地要在4月底前完成系统改造，6月份开始试运行。\n"
            "　　附件：青源市门诊共济结算细则\n"
            "青源市医疗保障局\n2025年2月10日\n"
            "附件\n"
            "青源市门诊共济结算细则\n"
            "　　第十条　市医保中心于次年3月底前完成上年度清算。\n")
    doc = tag_document(Document(text=text, source="notice.txt"))
    got = {t.text: (t.value_start, t.value_end) for c in doc.clauses for t in c.times}
    assert got["4月底前"] == (None, "2025-04-30")
    assert got["6月份开始"] == ("2025-06-01", None)
    assert got["次年3月底前"] == (None, None)


def test_pipeline_reads_a_minutes_task_table_headed_by_its_agreed_items():
    """`序号/议定事项/牵头单位/配合单位/完成时限` (a meeting's decisions) is a task table: one row a line."""
    text = ("会议议定事项责任分解表\n序号\t议定事项\t牵头单位\t配合单位\t完成时限\n"
            "1\t修订医共体章程\t市卫健委\t市委编办、市财政局\t8月15日前\n"
            "2\t制定总额付费细则\t市医保局\t市卫健委\t9月30日前\n")
    doc = tag_document(Document(text=text, source="minutes.txt"))
    rows = [(c.agencies.lead, c.agencies.support) for c in doc.clauses if c.kind == "table_row"]
    assert rows == [(["市卫健委"], ["市委编办", "市财政局"]), (["市医保局"], ["市卫健委"])]


def test_pipeline_reads_a_plan_review_table_with_a_unit_column():
    """`序号/指标名称/单位/2020年/2025年规划目标/2025年实际/指标属性`: the unit cell is the unit, the plan's target is a
    target, the year's actual an actual."""
    text = ("表1　规划主要指标完成情况\n序号 \t指标名称\t单位\t2020年\t2025年规划目标\t2025年实际\t指标属性\n"
            "1\t人均预期寿命\t岁 \t77.9\t≥79.0 \t79.3\t预期性\n2 \t孕产妇死亡率\t/10万\t9.80\t≤12 \t7.20\t预期性\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    got = [(g.metric, g.comparator, g.value, g.unit, g.kind, g.year) for c in doc.clauses for g in c.targets]
    assert ("人均预期寿命", "=", 77.9, "岁", "actual", 2020) in got
    assert ("人均预期寿命", ">=", 79.0, "岁", "target", 2025) in got
    assert ("孕产妇死亡率", "=", 7.2, "/10万", "actual", 2025) in got


def test_pipeline_reads_a_half_year_progress_table():
    """`2024年实际/2025年1—6月/2025年目标`: the months done so far are an actual of the year, the goal a target."""
    text = ("表1　上半年主要监测指标\n序号\t指标名称\t单位\t2024年实际\t2025年1—6月\t2025年目标\t指标属性\n"
            "1\t县域内住院人次占比\t%\t90.8\t91.6\t≥90\t约束性\n2\t每万人口全科医生数\t名\t3.1\t3.2\t≥3.6\t预期性\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    got = [(g.metric, g.comparator, g.value, g.unit, g.kind, g.year) for c in doc.clauses for g in c.targets]
    assert got[:3] == [("县域内住院人次占比", "=", 90.8, "%", "actual", 2024), ("县域内住院人次占比", "=", 91.6, "%", "actual", 2025),
                       ("县域内住院人次占比", ">=", 90.0, "%", "target", 2025)]


def test_pipeline_rule_of_one_named_year_dates_its_articles_to_that_year():
    """`《…2025年度…绩效考核实施细则》`: a rule of one year; its articles' 上年/年内 are 2024/2025, not each cycle's."""
    text = ("某县医共体总医院关于印发《某县医共体2025年度成员分院绩效考核实施细则》的通知\n"
            "第九条　每家分院年内新开展适宜技术不少于3项，门诊人次较上年增长5%以上。\n"
            "某县医共体总医院\n2025年3月14日\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    got = {t.text: (t.value_start, t.value_end) for c in doc.clauses for t in c.times}
    assert got["年内"] == ("2025-01-01", "2025-12-31")
    assert got["上年"] == ("2024-01-01", "2024-12-31")


def test_pipeline_reads_a_monitoring_table_with_a_frequency_column():
    """`序号/监测指标/2024年/2025年目标值/报送频次/牵头单位`: one row a line; `季度` under 报送频次 is a quarterly cycle."""
    text = ("附表　监测指标一览表\n序号\t监测指标\t2024年\t2025年目标值\t报送频次\t牵头单位\n"
            "1\t急性脑梗死再灌注治疗率\t39.7%\t≥45%\t季度\t省神经内科质控中心\n"
            "2\t住院患者静脉血栓栓塞症规范预防率\t78.6%\t≥82%\t月度\t省呼吸内科质控中心\n")
    doc = tag_document(Document(text=text, source="t.txt"))
    rows = [c for c in doc.clauses if c.kind == "table_row"]
    assert [[(t.text, t.type, t.every) for t in c.times] for c in rows] == [[("季度", "recurring", "quarter")], [("月度", "recurring", "month")]]
    assert [(g.metric, g.value, g.kind, g.year) for g in rows[0].targets] == [
        ("急性脑梗死再灌注治疗率", 39.7, "actual", 2024), ("急性脑梗死再灌注治疗率", 45.0, "target", 2025)]
    assert rows[1].agencies.lead == ["省呼吸内科质控中心"]

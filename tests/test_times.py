"""Golden and unit tests for the time-expression extractor (spec/extraction.md §2, §5).

Golden cases live in ``tests/golden/times.tsv`` (one case per row, see its header).
"""

from __future__ import annotations

import csv
import json
import datetime as dt
from pathlib import Path

import pytest

from nlp.extract.times import (TimeSpan, extract_times, find_times, is_annual_plan, is_standing_rule, is_standing_rule_section,
                               normalize)

GOLDEN = Path(__file__).parent / "golden" / "times.tsv"


def _load_golden() -> list:
    rows = []
    with GOLDEN.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    for i, r in enumerate(reader, start=2):
        case_id = f"{i:03d}-{r['text'] if r['text'] != '-' else 'none'}-{r['sentence'][:12]}"
        rows.append(pytest.param(r, id=case_id))
    return rows


def _none(x: str) -> str | None:
    return None if x == "-" else x


@pytest.mark.parametrize("row", _load_golden())
def test_times_golden(row):
    ref = None if row["ref"] == "-" else dt.date.fromisoformat(row["ref"])
    sentence = row["sentence"]
    got = extract_times(sentence, ref, cyclic=row["cyclic"] == "1")
    for t in got:
        assert sentence[t.start:t.end] == t.text
    if row["n"] != "*":
        assert len(got) == int(row["n"]), [t.text for t in got]
    if row["text"] == "-":
        assert got == []
        return
    match = [t for t in got if t.text == row["text"]]
    assert match, f"{row['text']!r} not found; got {[t.text for t in got]}"
    t = match[0]
    assert (t.type, t.value_start, t.value_end) == (row["type"], _none(row["value_start"]), _none(row["value_end"]))
    if t.type == "recurring":
        assert t.every == _none(row["every"])
        assert t.to_dict()["value"] is None


def test_golden_has_enough_cases():
    rows = _load_golden()
    assert len(rows) >= 220
    assert sum(1 for p in rows if p.values[0]["text"] == "-") >= 30


def test_find_times_is_reference_free_and_normalize_applies_ref():
    spans = find_times("到今年底完成，3年内全覆盖")
    assert all(isinstance(s, TimeSpan) for s in spans)
    a = normalize(spans, dt.date(2023, 6, 29))
    b = normalize(spans, dt.date(2020, 6, 1))
    assert [t.value_end for t in a] == ["2023-12-31", "2026-06-29"]
    assert [t.value_end for t in b] == ["2020-12-31", "2023-06-01"]
    assert [t.value_end for t in normalize(spans, None)] == [None, None]


def test_offsets_are_relative_to_the_text_and_survive_fullwidth():
    text = "前言。２０２０年８月底前完成"
    (t,) = extract_times(text)
    assert text[t.start:t.end] == t.text == "２０２０年８月底前"
    assert (t.type, t.value_end, t.granularity) == ("deadline", "2020-08-31", "month")


def test_granularity():
    got = {t.text: t.granularity for t in extract_times(
        "2020年8月18日，2023年6月，2016年，上半年，第三季度，“十四五”时期，10月中旬，2022-01-01 15:47",
        dt.date(2023, 1, 1))}
    assert got == {"2020年8月18日": "day", "2023年6月": "month", "2016年": "year", "上半年": "halfyear",
                   "第三季度": "quarter", "“十四五”时期": "fiveyear", "10月中旬": "tenday",
                   "2022-01-01 15:47": "minute"}


def test_deadline_has_no_start_and_start_has_no_end():
    for t in extract_times("2020年8月底前完成，2020年10月起执行，到2025年实现"):
        if t.type == "deadline":
            assert t.value_start is None and t.value_end
        if t.type == "start":
            assert t.value_end is None and t.value_start


def test_recurring_to_dict_has_null_value_and_every():
    (t,) = extract_times("每季度召开一次")
    d = t.to_dict()
    assert d["value"] is None and d["every"] == "quarter" and d["type"] == "recurring"


def test_invalid_dates_do_not_crash():
    got = extract_times("2023年2月30日、2023年2月29日、2024年2月29日", dt.date(2023, 1, 1))
    assert [(t.text, t.value_start) for t in got] == [
        ("2023年2月30日", None), ("2023年2月29日", None), ("2024年2月29日", "2024-02-29")]


def test_since_after_ref_keeps_start_only():
    (t,) = extract_times("2025年以来", dt.date(2023, 6, 29))
    assert (t.value_start, t.value_end) == ("2025-01-01", None)


@pytest.mark.parametrize("title,expected", [
    ("基本医疗保险定点医药机构管理办法（试行）", True),
    ("关于印发《基本医疗保险定点医药机构管理办法》的通知", True),
    ("国家医疗保障局关于印发《医疗保障基金使用监督管理举报处理暂行办法》的通知", True),
    ("医疗保障行政处罚程序暂行规定", True),
    ("跨省异地就医直接结算经办规程", True),
    ("医疗机构病历管理规定（2013年版）", True),
    ("中华人民共和国基本医疗卫生与健康促进法", True),
    ("医疗机构管理条例实施细则", True),
    ("医疗保障定点医药机构相关人员医保支付资格管理经办规程（试行）", True),
    ("宁德市深化医药卫生体制改革2023年重点工作任务及分工方案", False),
    ("慈溪市“三医联动”“六医统筹”集成改革实施方案", False),
    ("关于印发慈溪市“三医联动”“六医统筹”集成改革实施方案的通知", False),
    ("健康郴州“十四五”建设规划", False),
    ("关于做好2023年城乡居民基本医疗保障工作的通知", False),
    ("关于进一步深化基本医疗保险支付方式改革的指导意见", False),
    ("关于规范医疗服务价格管理的实施方案", False),
    ("郑州市紧密型县域医共体建设实施意见政策解读", False),
    ("2023年卫生健康工作要点", False),
    ("", False),
    (None, False),
])
def test_is_standing_rule(title, expected):
    assert is_standing_rule(title) is expected


@pytest.mark.parametrize("title,expected", [
    ("医师定期考核管理办法》的通知", True),
    ("关于办理医保骗保刑事案件若干问题的指导意见》的通知", False),
    ("卫生部关于修订《医疗机构诊疗科目名录》部分科目的通知（2007）", False),
    ("关于印发医疗机构检查检验结果互认管理办法的通知", True),
    ("关于印发长期处方管理规范（试行）的通知", True),
    ("放射性药品管理办法（2024 年修订）", True),
])
def test_is_standing_rule_wrapped_titles(title, expected):
    assert is_standing_rule(title) is expected


@pytest.mark.parametrize("path,text,expected", [
    (["第九章 业务协同", "第五十八条"], "子系统每月26日零时生成上月26日至当月25日汇总表", True),
    (["第五章 预付金管理"], "第二十条 每年1月底前，国家级经办机构核定预付金", True),
    ([], "第 40 条 就医地经办机构在次月20日前完成对账", True),
    (["第一章 发展基础", "第一节 主要成就"], "全市卫生健康事业取得显著成效", False),
    (["三、规范跨省异地就医直接结算管理服务"], "（一）规范异地就医备案流程。", False),
    (["（七）加强预付金管理。"], "根据《办法》第十条规定，次月20日前完成申报", False),
    ([], "", False),
    (None, "", False),
])
def test_is_standing_rule_section(path, text, expected):
    assert is_standing_rule_section(path, text) is expected


def test_rule_attached_to_a_notice_is_cyclic_per_clause():
    """The same article gives null values once the clause is known to be in a rule."""
    text = "第四十条 就医地经办机构在次年6月底前完成对账确认工作"
    ref = dt.date(2022, 7, 26)
    (plain,) = extract_times(text, ref, cyclic=False)
    (rule,) = extract_times(text, ref, cyclic=is_standing_rule_section([], text))
    assert plain.value_end == "2023-06-30" and rule.value_end is None


@pytest.mark.parametrize("title, annual", [
    ("宁德市深化医药卫生体制改革2023年重点工作任务及分工方案", True),
    ("牡丹江市深化医药卫生体制改革领导小组关于印发牡丹江市2024年深化医改工作要点的通知", True),
    ("国家医保局2024年度医保工作要点", True),
    ("郴州市“十四五”卫生健康事业发展规划（2021—2025年）", False),
    ("关于印发2021-2023年工作计划的通知", False),
    # a work plan of one named year (`2025年度…绩效评价工作方案`); a plan over several years is not
    ("关于印发《沂水市2025年度医共体绩效评价工作方案》的通知", True),
    ("关于印发《2024—2026年健康促进工作方案》的通知", False),
    ("关于印发《基本医疗保险定点医药机构管理办法（试行）》的通知", False),
    (None, False),
])
def test_is_annual_plan(title, annual):
    assert is_annual_plan(title) is annual


def test_annual_plan_keeps_next_year_in_a_quarterly_sentence():
    """In one year's task list, 次年 is the year after the document's, even beside 每季度 (spec §5);
    a yearly cycle (每年…) still makes it each cycle's, and 上年度 always names the cycle."""
    ref = dt.date(2022, 3, 1)
    text = "各牵头单位于每季度末月25日前将任务进展情况报送市医改办，次年1月15日前报送年度工作总结。"
    plain = {t.text: t.value_end for t in extract_times(text, ref)}
    annual = {t.text: t.value_end for t in extract_times(text, ref, annual=True)}
    assert plain["次年1月15日前"] is None and annual["次年1月15日前"] == "2023-01-15"
    yearly = {t.text: t.value_end for t in extract_times("每年3月底前报送上年度工作总结，次年1月15日前完成清算。", ref, annual=True)}
    assert yearly["次年1月15日前"] is None and yearly["上年度"] is None


def test_review_section_keeps_past_months_in_the_issue_year():
    """In a section reviewing the work done (`一、上半年工作完成情况` of a July report), `4月底前完成…` is this April,
    not next April as a task's deadline would be; outside such a section it rolls."""
    ref = dt.date(2024, 7, 10)
    text = "4月底前完成全县14个乡镇病媒生物监测点布设。"
    review = {t.text: t.value_end for t in extract_times(text, ref, review=True)}
    plan = {t.text: t.value_end for t in extract_times(text, ref)}
    assert review["4月底前"] == "2024-04-30" and plan["4月底前"] == "2025-04-30"


def test_annual_plan_dates_whole_year_in_a_quarterly_sentence():
    """In one year's task list, 全年 is the document's year beside 每季度 too (annotators of syn_ac01, syn_ad01,
    syn_w07 …); outside such a list, or beside a yearly cycle (每年…全年), it is each cycle's (null)."""
    ref = dt.date(2025, 5, 16)
    text = "各牵头单位于每季度最后一个月的20日前报送本季度任务进展，12月15日前报送全年完成情况。"
    plain = {t.text: t.value_start for t in extract_times(text, ref)}
    annual = {t.text: t.value_start for t in extract_times(text, ref, annual=True)}
    assert plain["全年"] is None and annual["全年"] == "2025-01-01"
    yearly = {t.text: t.value_start for t in extract_times("每年第一季度报送上年度全年工作总结。", ref, annual=True)}
    assert yearly["全年"] is None


# cases whose sentence holds line breaks (PDF copies, table rows), which the TSV cannot: one JSON object a row
MULTILINE = [json.loads(l) for l in (Path(__file__).parent / "golden" / "times_multiline.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]


@pytest.mark.parametrize("row", MULTILINE, ids=[r["case"] for r in MULTILINE])
def test_times_across_line_breaks(row):
    """A PDF wrap or page number inside a time expression is read through; a table's cells are not glued."""
    got = extract_times(row["text"], dt.date.fromisoformat(row["ref"]))
    hit = [t for t in got if t.text == row["span"]]
    assert hit, [t.text for t in got]
    t = hit[0]
    assert row["text"][t.start : t.end] == t.text
    d = t.to_dict()
    assert t.type == row["type"]
    value = d["value"] or {"start": None, "end": None}
    assert (value["start"], value["end"]) == (row["start"], row["end"])


def test_same_period_of_last_year_follows_the_reported_part():
    """`去年同期` in a half-year summary is last year's first half (the part its title reports on); in a
    document reporting no part of a year it is last year."""
    from nlp.extract.times import report_part

    part = report_part("赣源市柳塘区卫生健康局关于2025年上半年工作总结和下半年工作安排的报告")
    assert part == "h1"
    got = extract_times("出院人次4.17万人次，较去年同期增长4.0%。", dt.date(2025, 7, 8), report_part=part)
    assert [(t.text, t.type, t.value_start, t.value_end) for t in got] == [("去年同期", "period", "2024-01-01", "2024-06-30")]
    assert report_part("关于印发2025年工作要点的通知") is None
    assert report_part("2025年第三季度医保基金运行情况通报") == "q3"


def test_a_named_years_same_period_in_a_half_year_report():
    """`比2024年同期` in a report on a first half (its title's 上半年): the first half of 2024."""
    (t,) = extract_times("诊疗量比2024年同期增长7.8%。", dt.date(2025, 7, 15), report_part="h1")
    assert (t.text, t.type, t.value_start, t.value_end) == ("2024年同期", "period", "2024-01-01", "2024-06-30")
    (plain,) = extract_times("诊疗量比2024年同期增长7.8%。", dt.date(2025, 7, 15))
    assert plain.text == "2024年"

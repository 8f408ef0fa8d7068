"""Property tests: the target and agency extractors never crash and never misreport offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.doc import TimeExpr
from nlp.extract.agencies import document_says_lead_first, extract_agencies
from nlp.extract.targets import extract_table_targets, extract_targets, table_header, year_from_path

# Fragments that steer random text into the extractors' interesting paths.
_FRAGMENTS = [
    "到2025年", "2020年", "，", ",", "。", "；", "、", "和", "(", ")", "（", "）", "〔", "〕", ":", "：",
    "达到", "不低于", "不超过", "控制在", "以内", "以上", "左右", "约", "提高到", "提高", "降低", "新增",
    "分别达到", "至少", "不少于", "1-3", "85%-90%", "1:1.6", "%", "‰", "/10万", "个百分点", "个", "家",
    "人", "岁", "万元", "种", "类", "张", "三", "两所", "十二", "65", "3.2", "０", "７０％", "*18", "≤15",
    "基层就诊率", "每千人口执业(助理)医师数", "上述", "第", "年满", "的", "时", "罚款", "\n", "\n\n",
    "市医保局", "牵头", "配合", "负责", "分别负责", "责任单位", "牵头单位", "配合单位", "卫健委", "财政局",
    "各县(市、区)", "人民政府", "以下简称", "试行", "排在第一位的为牵头部门", "下同", "《", "》",
    " ", "  ", "\u3000", "不 超过", "百分 点", "牵 头",
    "个工作日内", "日内", "之日起", "应当", "将", "向", "在", "后", "提交", "反馈到", "补偿", "的比例",
    "的扶贫政策", "共", "为黄色预警", "城乡居民", "三级医院", "±", "(不超过5%)作为",
]

_mixed = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=3)), max_size=40).map("".join)
_texts = st.one_of(st.text(max_size=200), _mixed)


def _check_targets(text, targets):
    spans = sorted((t.start, t.end) for t in targets)
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        assert e1 <= s2, "target spans never overlap"
    for t in targets:
        assert 0 <= t.start <= t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.comparator in (">=", "<=", "~", "=", "range", "increase", "decrease")
        assert t.kind in ("target", "actual")


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_extract_targets_never_crashes_and_spans_match(text):
    _check_targets(text, extract_targets(text))
    _check_targets(text, extract_targets(text, times=[], section_year=2025, doc_year=2023, path=["到2025年目标"]))


@settings(max_examples=150, deadline=None)
@given(_texts, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=10))
def test_extract_targets_with_arbitrary_times(text, start, length):
    times = [TimeExpr(text=text[start : start + length], start=start, end=start + length, type="deadline",
                      value_start=None, value_end="2025-12-31")]
    _check_targets(text, extract_targets(text, times=times))


@settings(max_examples=200, deadline=None)
@given(_texts, st.one_of(st.none(), st.lists(st.sampled_from(["指标", "2020年", "2025年", "性质", "序号", "目标值", "x"]), max_size=6)))
def test_extract_table_targets_never_crashes_and_spans_match(text, header):
    _check_targets(text, extract_table_targets(text, header))
    table_header(text)


@settings(max_examples=300, deadline=None)
@given(_texts, st.booleans())
def test_extract_agencies_never_crashes_and_spans_match(text, lead_first):
    agencies, spans = extract_agencies(text, lead_first=lead_first)
    for s, e in spans:
        assert 0 <= s < e <= len(text)
    names = agencies.lead + agencies.support + agencies.responsible
    for name in names:
        assert isinstance(name, str) and name
    assert len(set(names)) == len(names)  # one role per agency
    if not spans:
        assert not agencies
    document_says_lead_first(text)


@given(st.lists(st.text(max_size=20), max_size=4))
def test_year_from_path_never_crashes(path):
    y = year_from_path(path)
    assert y is None or 1900 <= y <= 2100


def test_extract_targets_zero_length_time_does_not_hang():
    # regression: an empty time expression right before a comparator once looped forever
    text = "全市基层就诊率达到65%。"
    pos = text.index("达到")
    times = [TimeExpr(text="", start=pos, end=pos, type="deadline", value_end="2025-12-31")]
    got = extract_targets(text, times=times)
    assert [(t.text, t.metric) for t in got] == [("达到65%", "全市基层就诊率")]

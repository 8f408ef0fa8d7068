"""Property tests for the time extractor: any text, no crash, consistent offsets and values."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.extract.times import extract_times, find_times

# Text built from the pieces time expressions are made of, so the rules actually fire.
_PIECES = [
    "年", "月", "日", "底", "末", "初", "前", "起", "以来", "以前", "内", "至", "到", "自", "从", "—", "-", "、",
    "季度", "上半年", "下半年", "第三", "旬", "中", "每", "按", "年度", "调度", "结算", "次年", "今年", "当年",
    "上年度", "次月", "十四五", "“", "”", "时期", "期间", "通过", "努力", "时间", "的", "，", "。", " ", ":",
    "2020", "2023", "２０２５", "12", "31", "30", "2", "6", "13", "0", "二〇三五", "十二", "三十", "一", "两",
    "〔", "〕", "号", "版", "岁", "%", "个", "工作日",
]
_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(_PIECES), max_size=25).map("".join),
)
_ref = st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))


@settings(max_examples=400, deadline=None)
@given(_text, _ref, st.booleans())
def test_extract_times_never_crashes_and_is_consistent(text, ref, cyclic):
    got = extract_times(text, ref, cyclic=cyclic)
    last_end = -1
    for t in got:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.start >= last_end  # sorted, never overlapping
        last_end = t.end
        assert t.type in {"date", "deadline", "start", "period", "recurring"}
        if t.value_start and t.value_end:
            assert t.value_start <= t.value_end
        if t.type == "deadline":
            assert t.value_start is None
        if t.type == "start":
            assert t.value_end is None
        if t.type == "recurring":
            assert t.value_start is None and t.value_end is None
            assert t.every in {None, "year", "quarter", "month"}
        for v in (t.value_start, t.value_end):
            if v is not None:
                dt.date.fromisoformat(v)


@settings(max_examples=200, deadline=None)
@given(_text)
def test_find_times_spans_match_text(text):
    spans = find_times(text)
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
    for s in spans:
        assert text[s.start:s.end] == s.text


@settings(max_examples=200, deadline=None)
@given(_text)
def test_extraction_does_not_depend_on_reference_date(text):
    """find_times takes no reference date; changing ref only changes values, never spans."""
    a = extract_times(text, dt.date(2020, 1, 1))
    b = extract_times(text, None)
    assert [(t.start, t.end, t.type) for t in a] == [(t.start, t.end, t.type) for t in b]

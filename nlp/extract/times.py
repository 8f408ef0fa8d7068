"""Time expressions of Chinese policy text (spec/extraction.md §2, §5): the public entry points.

Two separate steps, so a span can be found once and resolved against any date:

* :func:`find_times` (in :mod:`nlp.extract.timefind`) finds spans and parses them into a
  reference-free :class:`TimeSpan`;
* :func:`normalize` (in :mod:`nlp.extract.timenorm`) resolves them against an explicit
  reference date (the document's issue date, or ``--ref-date``; ``None`` = undated).

:func:`extract_times` does both.  Nothing here reads the clock.

Conventions beyond spec/extraction.md (the golden cases in ``tests/golden/times.tsv`` pin them):

* type from the words around the anchor: ``到/至/截至 X``, ``X前``, ``X止`` and any ``X底/X末``
  (``一季度末``, ``今年底``) are deadlines, end inclusive (``2025年前`` → 2025-12-31);
  ``X以前/之前`` is a period with null start; ``X起/开始/以后``, ``自/从 X`` are starts;
  ``X以来/至今`` a period ending at the reference date (end null when undated);
  ``上半年``, ``第三季度``, ``10月中旬``, ``年内``, five-year plans and ranges are periods;
  anything else (``2016年``, ``今年``, ``2023年6月``) is a date covering its unit;
* a compound list (``7月、10月以及次年1月的5日前``) gives one span per month: ``7月``,
  ``10月``, ``次年1月的5日前``, each carrying the shared day and suffix; list items without
  a year take the previous item's year (``2023年7月、10月``);
* year-less expressions take the reference year; a year-less deadline more than a month
  before the reference date rolls to the next year (``3月底前`` issued in November);
* after a frequency word (``每年3月底前``, ``每月10日前``) and in standing rules
  (``cyclic=True``) cycle-relative words (当年, 次年, 上年度, 次月, year-less months) and
  ``N年内`` keep null values; 今年/明年/去年 still resolve against ``ref``;
* frequency spans cover the frequency word only: ``每年``, ``按季度``, ``一季一`` (一季一通报),
  and the bare morpheme of bound forms (``月`` of 月调度, ``年度`` of 年度考核);
* a sentence that describes a repeating cycle is treated like a standing rule for its
  cycle-relative words, in any document: one with a frequency word (``每年1月底前…上年第四季度``,
  ``每月3日前完成上月…``) or with two cycle-relative words of one unit relating two cycles
  (``当月…次月20日前``, ``当年度…次年第一季度``, ``次年6月底前完成上年度清算``); ``月底前…本月``
  is not.  ``本年/本年度/本月`` are cycle-relative (null in standing rules), ``今年`` is not;
* ``N年内``/``N个月内`` counted from the document are deadlines at ref + N (also in standing
  rules); not when the sentence has a frequency word or ``…一次`` (``三年内…检查一次``: a cycle),
  nor before a negation or sanction (``2年内没有违反``, ``3年内不受理``: no time at all);
* ``自发布/印发/公布之日起``, ``自即日起`` are starts at ref; ``即日起至X`` a period ref..X;
  ``自年月日起`` (a draft's blank) a start of no value; ``今后五年``/``未来三年`` a period
  ref..ref+N years;
* ``一个自然年度``, ``下一个自然年度``, ``年度内`` name a scoring/settlement cycle: period, value
  null; ``全年`` is the reference year, ``往年`` a period ending the year before, ``年中`` June–July,
  ``年终`` = ``年底``, ``上一个季度``/``本季度`` quarters relative to ref (cycle-relative);
* ``“十二五”末``/``“十三五”期末`` is the plan's last year (a ``date``); ``到“十四五”末`` a deadline;
* not times (spec §5): anything inside a name in 《》, an edition or revision in brackets right
  after a title (``《…目录》（2025年）``, ``（2024年修订）``), a bare revision mark (``2024年修订``);
* frequency: ``逐年``, ``年度``/``月度`` before any word (``年度预付金``, ``月度抵扣``; not
  ``年度内``, ``跨年度``), units listed after a frequency word (``按月、旬、周、日`` → four spans,
  ``按季度或月``, ``日（周、旬）拨付``), ``每3个月``/``每两周`` (every null); ``年薪`` is not one;
  ``当日`` is a time only in a daily cycle (``每日完成当日对账``: value null);
* festivals (``nlp/resources/time_festivals.tsv``): ``春节前`` a deadline at that year's
  Spring Festival (rolled to next year like ``3月底前`` when long past), ``国庆节后`` a start,
  ``2024年中秋节`` a date; outside 2000–2040 the lunar ones stay null;
* PDF text: a single stray space inside an expression is tolerated (``2021 年 3 月底前``,
  ``次月20 日前``, ``年度清 算``); a missing 日 before 前/起 too (``11 月20前``);
* granularity: day, tenday (旬), month, quarter, halfyear, year, fiveyear, hour/minute
  (timestamps); ``N年内`` deadlines are day-grained.

>>> import datetime as dt
>>> [(t.text, t.type, t.value_start, t.value_end) for t in extract_times("到今年底完成", dt.date(2023, 6, 29))]
[('到今年底', 'deadline', None, '2023-12-31')]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from nlp.doc import TimeExpr
from nlp.extract.timefind import _PLANS, TimePoint, TimeSpan, cn_to_int, find_times
from nlp.extract.timenorm import attached_rule_start, is_annual_plan, is_one_year_rule, is_standing_rule, is_standing_rule_section, normalize

__all__ = ["TimePoint", "TimeSpan", "find_times", "normalize", "extract_times", "is_annual_plan", "is_standing_rule", "report_year",
           "attached_rule_start", "is_one_year_rule",
           "is_standing_rule_section"]


def extract_times(
    text: str,
    ref: dt.date | None = None,
    *,
    cyclic: bool = False,
    annual: bool = False,
    topic_year: int | None = None,
    plan: tuple[int, int] | None = None,
    review: bool = False,
    report_part: str | None = None,
    review_year: int | None = None,
) -> list[TimeExpr]:
    """Find and resolve the time expressions of ``text`` (usually one clause).

    ``ref`` is the reference date (None: relative expressions stay unresolved); ``cyclic``
    is True inside standing rules (see :func:`is_standing_rule`), ``annual`` in a document about one
    year's work (see :func:`is_annual_plan`).  Offsets are relative to ``text``.

    A later year the clause is about gives its year to what is written without one: the year a
    sentence opens with (``2026年为“规范提升年”。上半年完成…`` → 上半年 of 2026), else ``topic_year``
    (the year of the section's heading, ``（二）2026年重点任务``). A year before the reference year
    (a review) leaves them with the reference year. ``review_year`` is the past year a whole
    report reviews (:func:`report_year`): in a section whose heading names no year, its
    ``全年``/``本年度`` are that year and its ``上年`` the year before.

    >>> [(t.text, t.type, t.value_start, t.value_end) for t in extract_times("2020年10月起执行")]
    [('2020年10月起', 'start', '2020-10-01', None)]
    >>> [(t.text, t.value_start, t.value_end) for t in extract_times("2026年，上半年完成方案制定。", dt.date(2025, 2, 26))][1]
    ('上半年', '2026-01-01', '2026-06-30')
    """
    spans = [_base_year(text, sp) for sp in find_times(text, annual=annual and not cyclic)]
    if "同期" in text:
        spans = [_same_period(text, sp, report_part) for sp in spans]
    if plan is not None and "规划" in text:
        spans = _with_plan_period(text, spans, plan)
    if ref is not None and ("五年间" in text or "五年来" in text or "五年以来" in text):
        spans = _with_last_plan(text, spans, ref)
    if "以后年度" in text or "学期" in text or "以来" in text or "之日" in text or "看" in text:
        spans = _with_spans_around(text, spans, None if cyclic else ref)
    if ref is not None and not cyclic:
        spans = _with_topic_year(text, spans, ref, topic_year, review, review_year)
        spans = [_done(text, sp, ref, review) for sp in spans]
    return normalize(spans, ref, cyclic=cyclic)


# `以后年度` alone (`2021年及以后年度` is read with its year): from the year after the one the sentence names
_LATER_YEARS_RE = re.compile(r"(?<![及和与])以后(?:各)?年度")
_ISSUED_ON_RE = re.compile(r"于\s?((?:19|20)\d{2})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日(?:正式)?(?:印发|发布|公布)")
_FROM_YEAR_ON_RE = re.compile(r"((?:19|20)\d{2})\s?年度?及以后(?:各)?年度")
# `从2025年秋季学期起`: the autumn term opens in September; `2026年秋季学期开学前`: before it opens
_TERM_RE = re.compile(r"(?:(?P<pre>[自从])\s?)?(?P<y>(?:19|20)\d{2})\s?年\s?(?P<t>秋季|春季)学期(?P<suf>起|开始|开学前|开学之前)?")
_TERM_MONTH = {"秋季": 9, "春季": 3}
# `自2022年7月启动改革以来`: a start with its 以来 after a short verb phrase is a period up to the document
_SINCE_AFTER_RE = re.compile(r"[^，,。；;：:！？\n]{1,20}?以来")
# `从第二季度督导问题整改情况看`: a point of view, not a start
_VIEW_AFTER_RE = re.compile(r"[^，,。；;：:！？\n]{0,16}?(?:情况|角度|数据|结果|进度)?(?:来看|看)[，,]")


def _with_spans_around(text: str, spans: list[TimeSpan], ref: dt.date | None) -> list[TimeSpan]:
    """``spans`` with readings that need the words around a span: ``以后年度`` (a start the year after the one
    named, or ``2021年及以后年度``), a school term (``从2025年秋季学期起``) and
    ``自X…以来`` (a period from X to the document). ``ref`` None (an undated text or a standing rule) leaves
    ``以后年度`` unread."""
    out = list(spans)

    def free(a: int, b: int) -> bool:
        return not any(sp.start < b and a < sp.end for sp in out)

    if ref is not None:
        for m in _LATER_YEARS_RE.finditer(text):
            if not free(m.start(), m.end()):
                continue
            sent = _sentence_start(text, m.start())
            named = [sp.a.year for sp in out if sent <= sp.start < m.start() and sp.a is not None and sp.a.year is not None]
            year = (named[-1] if named else ref.year) + 1
            out.append(TimeSpan(m.group(), m.start(), m.end(), "start", "point", a=TimePoint(year=year, month=1, day=1)))
    for m in _FROM_YEAR_ON_RE.finditer(text):
        # `2021年及以后年度`: from that year on
        out = [sp for sp in out if not (sp.start < m.end() and m.start() < sp.end)]
        out.append(TimeSpan(m.group(), m.start(), m.end(), "start", "point", a=TimePoint(year=int(m.group(1)), month=1, day=1)))
    for m in _TERM_RE.finditer(text):
        suf = m.group("suf") or ""
        if not (m.group("pre") or suf):
            continue
        year, month = int(m.group("y")), _TERM_MONTH[m.group("t")]
        out = [sp for sp in out if not (sp.start < m.end() and m.start() < sp.end)]
        if suf.startswith("开学"):
            last = dt.date(year, month, 1) - dt.timedelta(days=1)
            out.append(TimeSpan(m.group(), m.start(), m.end(), "deadline", "point",
                                a=TimePoint(year=last.year, month=last.month, day=last.day)))
        else:
            out.append(TimeSpan(m.group(), m.start(), m.end(), "start", "point", a=TimePoint(year=year, month=month, day=1)))
    for k, sp in enumerate(out):
        if sp.mode == "issue":
            # `文件于2025年10月16日印发，自印发之日起施行` (a page on another text): that text's date, not the page's
            named = _ISSUED_ON_RE.search(text, _full_sentence_start(text, sp.start), sp.start)
            if named:
                out[k] = replace(sp, mode="point", a=TimePoint(year=int(named.group(1)), month=int(named.group(2)), day=int(named.group(3))))
                continue
        if sp.type == "start" and sp.mode == "point" and sp.text[:1] == "从" and len(sp.text) > 1 \
                and not sp.text.endswith(("起", "开始")) and _VIEW_AFTER_RE.match(text, sp.end):
            bare = find_times(sp.text[1:])  # what the words after 从 say alone (`第二季度`: a period, `3月`: a date)
            kind = bare[0].type if len(bare) == 1 and bare[0].start == 0 and bare[0].end == len(sp.text) - 1 else "period"
            out[k] = replace(sp, text=sp.text[1:], start=sp.start + 1, type=kind)
            continue
        if sp.type == "start" and sp.mode == "point" and sp.text[:1] in "自从" and sp.a is not None and sp.a.year is not None:
            m = _SINCE_AFTER_RE.match(text, sp.end)
            if m and not any(o.start < m.end() and sp.end < o.end for o in out if o is not sp):
                out[k] = replace(sp, type="period", mode="since")
    return sorted(out, key=lambda sp: sp.start)


# `五年间`, `五年来`: the five-year plan period last completed before the document (a review of it)
_LAST_PLAN_RE = re.compile(r"(?<![0-9一二三四五六七八九十百千今未近前后每第满这过])五年(?:间|来|以来)")


def _with_last_plan(text: str, spans: list[TimeSpan], ref: dt.date) -> list[TimeSpan]:
    """``spans`` plus ``五年间``/``五年来`` read as the five-year plan period that ended last: the one ending in
    ``ref``'s year when it is a plan's last year (a 2025 summary), else the one before (a 2026 plan reviews
    2021-2025, a 2022 plan 2016-2020)."""
    end = ref.year if ref.year % 5 == 0 else ref.year - ref.year % 5
    out = list(spans)
    for m in _LAST_PLAN_RE.finditer(text):
        if any(sp.start < m.end() and m.start() < sp.end for sp in spans):
            continue
        out.append(TimeSpan(m.group(), m.start(), m.end(), "period", "range", a=TimePoint(year=end - 4), b=TimePoint(year=end)))
    return sorted(out, key=lambda sp: sp.start)


_DONE_BEFORE_RE = re.compile(r"已(?:经)?(?:于|在)?$")
_DONE_AFTER_RE = re.compile(r"^[，,]?(?:已|均已|全部已|已经)")


def _done(text: str, sp: TimeSpan, ref: dt.date, review: bool = False) -> TimeSpan:
    """A year-less deadline said of what is already done (`已于2月底前兑现`, `至2月下旬已降至…`, or any in a section
    reviewing the work done, `一、上半年工作完成情况`) in a document written after that month is this year's: it does
    not roll to the next year as a task's deadline does."""
    a = sp.a
    if sp.type != "deadline" or a is None or a.has_year or a.month is None or a.month > ref.month or sp.cycle:
        return sp
    if review or _DONE_BEFORE_RE.search(text, 0, sp.start) or _DONE_AFTER_RE.match(text[sp.end : sp.end + 4]):
        return _in_year(sp, ref.year)
    return sp


def _same_period(text: str, sp: TimeSpan, report_part: str | None) -> TimeSpan:
    """``去年同期``/``上年同期``: the same part of last year as the document reports on (``report_part``, from
    its title: ``2025年上半年工作总结`` → h1), else last year; the span takes ``同期``. ``2024年同期`` in such a
    report is that part of 2024."""
    a = sp.a
    if report_part and sp.mode == "point" and a is not None and a.year is not None and a.month is None and a.part is None \
            and text[sp.end : sp.end + 2] == "同期":
        # `比2024年同期的47.6万人次` in a half-year report: that part of 2024
        return replace(sp, text=sp.text + "同期", end=sp.end + 2, type="period", a=replace(a, part=report_part))
    if sp.mode != "point" or a is None or a.year is not None or a.year_rel != -1 or a.month is not None \
            or a.part is not None or text[sp.end : sp.end + 2] != "同期":
        return sp
    sp = replace(sp, text=sp.text + "同期", end=sp.end + 2)
    # the months its own sentence reports, when it names them without another year (`1—6月，全市…比上年同期提高`,
    # `今年1—9月，…较上年同期回落`): those months of last year
    months = None
    for m in _REPORTED_MONTHS_RE.finditer(text, _sentence_start(text, sp.start), sp.start):
        months = m
    if months is not None:
        last = int(months.group("n"))
        if 1 <= last <= 12:
            return replace(sp, type="period", mode="range", a=replace(a, month=1), b=replace(a, month=last))
    return replace(sp, type="period" if report_part else sp.type, a=replace(a, part=report_part) if report_part else a)


# months a report covers, written without a year other than this one (`1—6月`, `今年1-9月份`)
_REPORTED_MONTHS_RE = re.compile(r"(?<![\d年])(?:今年|本年)?\s?1\s?[—–\-－~～至到]\s?(?P<n>\d{1,2})\s?月(?!\d|底|末|中|上旬|中旬|下旬)")


_REPORT_PART_RE = re.compile(r"(上半年|下半年|第?([一二三四1-4])季度)")


_REVIEW_TITLE_RE = re.compile(r"总结|报告|情况|通报|结果|评估|分析")
_FORWARD_TITLE_RE = re.compile(r"计划|安排|打算|思路|要点|部署|方案|规划|意见|通知(?!.*(?:通报|结果))")
_TITLE_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")


def report_year(title: str | None, ref: dt.date | None) -> int | None:
    """The one past year a report reviews, from its title (``关于2024年度…考核结果的通报`` issued in 2025
    → 2024); None when the title names no year, several years, a year not before ``ref``, or also
    looks ahead (``…总结和2025年工作计划``, ``…工作打算``).

    >>> report_year("关于2024年度全区基层医疗卫生机构绩效考核结果的通报", dt.date(2025, 2, 14))
    2024
    >>> report_year("2024年工作总结和2025年工作计划", dt.date(2025, 1, 5)) is None
    True
    """
    if not title or ref is None or not _REVIEW_TITLE_RE.search(title) or _FORWARD_TITLE_RE.search(title):
        return None
    years = {int(y) for y in _TITLE_YEAR_RE.findall(title)}
    if len(years) != 1:
        return None
    (y,) = years
    return y if y < ref.year else None


def report_part(title: str | None) -> str | None:
    """The part of a year a report covers, from its title (``…2025年上半年工作总结…`` → ``h1``,
    ``一季度…情况`` → ``q1``); None for a whole year or a document that reports on no part.

    >>> report_part("关于2025年上半年工作总结和下半年工作安排的报告"), report_part("2024年工作总结")
    ('h1', None)
    """
    if not title or not re.search(r"总结|报告|情况|通报|分析", title):
        return None
    m = _REPORT_PART_RE.search(title)
    if not m:
        return None
    if m.group(2):
        return f"q{cn_to_int(m.group(2))}"
    return "h1" if m.group(1) == "上半年" else "h2"


def _base_year(text: str, sp: TimeSpan) -> TimeSpan:
    """``从2016年的39.6%降至32%``: the year of a base value is a date, not a start (the span without 从/由)."""
    if sp.type == "start" and sp.mode == "point" and text[sp.start : sp.start + 1] in ("从", "由") \
            and text[sp.end : sp.end + 1] == "的" and sp.a is not None and sp.a.year is not None:
        return replace(sp, text=sp.text[1:], start=sp.start + 1, type="date")
    return sp


# the plan's own period, named without its years (`规划期末`, `到规划期末`, `规划期内`)
_PLAN_OWN_RE = re.compile(r"(?P<to>到|至|截至)?(?:本)?规划(?:实施)?(?P<p>末期|期末|期满|期内|期间)")
_TITLE_RANGE_RE = re.compile(r"((?:19|20)\d{2})\s?年?\s?[—–\-－~～至到]\s?((?:19|20)\d{2})\s?年")


def plan_period(title: str | None) -> tuple[int, int] | None:
    """The years a plan document covers, from its title: a five-year plan's name (`“十四五”中医药发展规划` →
    2021-2025) or a year range (`（2021—2025年）`); None for a title that names neither or is no 规划.

    >>> plan_period("鹰潭市“十四五”中医药发展规划"), plan_period("关于印发某市医疗卫生服务体系规划（2023—2027年）的通知")
    ((2021, 2025), (2023, 2027))
    """
    if not title or "规划" not in title:
        return None
    for name, (first, last) in _PLANS.items():
        if name in title:
            return first, last
    m = _TITLE_RANGE_RE.search(title)
    if m and 0 < int(m.group(2)) - int(m.group(1)) <= 15:
        return int(m.group(1)), int(m.group(2))
    return None


def _with_plan_period(text: str, spans: list[TimeSpan], plan: tuple[int, int]) -> list[TimeSpan]:
    """``spans`` plus the plan's own period named without its years: `规划期末` (a date: the plan's last year),
    `到规划期末` (a deadline at its end), `规划期内` (the plan's period)."""
    first, last = plan
    out = list(spans)
    for m in _PLAN_OWN_RE.finditer(text):
        if any(sp.start < m.end() and m.start() < sp.end for sp in spans):
            continue
        p = m.group("p")
        if p in ("期内", "期间"):
            if m.group("to"):
                continue
            sp = TimeSpan(m.group(), m.start(), m.end(), "period", "range", a=TimePoint(year=first), b=TimePoint(year=last))
        elif m.group("to"):
            sp = TimeSpan(m.group(), m.start(), m.end(), "deadline", "point", a=TimePoint(year=last))
        else:
            sp = TimeSpan(m.group(), m.start(), m.end(), "date", "point", a=TimePoint(year=last))
        out.append(sp)
    return sorted(out, key=lambda sp: sp.start)


# what may stand before a year that opens its sentence: an item mark (`2.`, `（三）`, `一是`)
_OPENING_RE = re.compile(r"(?:[\s\u3000]|\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、是])*")
_SENTENCE_ENDS = "。；;！？!?\n"
# a stage's label before its months in brackets: `（四）评估完善阶段（`, `第三阶段：…（`
_STAGE_LABEL_RE = re.compile(_OPENING_RE.pattern + r"[\u4e00-\u9fff]{0,12}阶段[：:]?\s*[（(]")


def _first_month(a: TimePoint) -> int | None:
    """The first month of a month, quarter or part of a year (`6月` 6, `三季度末` 7, `下半年` 7, `年底` 12)."""
    if a.month is not None:
        return a.month
    if a.part and re.match(r"q[1-4]", a.part):
        return 3 * int(a.part[1]) - 2  # (`q3`, `q3end`)
    return _PART_FIRST_MONTH.get(a.part or "")


# the first month of a part of a year (`上半年` 1, `下半年` 7); `年底` and `年内` come after any month of their year
_PART_FIRST_MONTH = {"h1": 1, "h2": 7, "begin": 1, "ymid": 6, "end": 12, "in": 12}


def _full_sentence_start(text: str, pos: int) -> int:
    """Where the full sentence holding ``pos`` starts (over `；`)."""
    return max(text.rfind(c, 0, pos) for c in "。！？!?\n") + 1


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts: after the last sentence end before it."""
    return max(text.rfind(c, 0, pos) for c in _SENTENCE_ENDS) + 1


def _with_topic_year(text: str, spans: list[TimeSpan], ref: dt.date, topic_year: int | None,
                     review: bool = False, review_year: int | None = None) -> list[TimeSpan]:
    """``spans`` with year-less points dated to the later year their clause or section is about.

    In a section that reviews a past year (``一、2024年工作完成情况`` in a 2025 report) the year's
    own words are that year's: ``全年`` is 2024, ``上年`` 2023, ``当年`` 2024. Outside standing rules
    ``当年``/``本年度`` after a year written earlier in the sentence are that year (``上年`` the one before)
    (``2023年下半年开展中期评估，评估报告于当年12月20日前报送``)."""
    anchor = topic_year if topic_year is not None and topic_year > ref.year else None
    past: int | None = None  # a past year a sentence opens with: its `全年` is that year's (`2024年，全年查处…`)
    past_at = -1
    reviewed = topic_year if review and topic_year is not None and topic_year < ref.year else None
    if reviewed is None and topic_year is None and review_year is not None and review_year < ref.year:
        reviewed = review_year
    last_year: tuple[int, int] | None = None  # (year, position) of the last year written in the clause
    last_month: tuple[int, int, int] | None = None  # (year, month, position) of the last month written with its year
    relative_month: tuple[int, int] | None = None  # (month, position) of a last month whose year is relative (明年上半年)
    later_month: tuple[int, int, int] | None = None  # (year, month, position) of a month of a later year than the sentence's first
    out: list[TimeSpan] = []
    for sp in spans:
        a = sp.a
        sent = _sentence_start(text, sp.start)
        before = None
        if a is not None and a.part == "whole" and a.year is None and not sp.cycle:
            # the deadline before it, or a month right before it (`2026年1月上中旬组织全年…`)
            before = out[-1] if out and out[-1].type in ("date", "period") and out[-1].a is not None and out[-1].a.month \
                and _REPORT_GAP_RE.fullmatch(text, out[-1].end, sp.start) else next((o for o in reversed(out) if o.type == "deadline"), None)
        due = _due_year(before, ref) if before is not None else None
        gap = _REPORT_GAP_RE.fullmatch(text, before.end, sp.start) if due is not None and (before.a.month or 13) <= 3 else None
        if gap and (before.type == "deadline" and not gap.group("held") or _LOOK_BACK_RE.match(text, sp.end)):
            # `2026年1月10日前报送全年工作总结`, `明年1月10日前…报送全年…`: a summary due early in a year is of the year before
            # (`2026年1月上中旬组织全年项目绩效评价`: an assessment held then)
            out.append(replace(sp, a=replace(a, year=due - 1, year_rel=None, year_anchor=None)))
            continue
        if a is not None and a.year is None and a.year_anchor in ("cycle", "each") \
                and a.year_rel in (0, -1) and last_year is not None and sent <= last_year[1] \
                and "每" not in text[sent : sp.start] \
                and not text[max(0, sp.start - 3) : sp.start].endswith(("分别", "分别于")):
            # (`截至2023年底，参保率…比上年提高0.5个百分点`: 上年 is 2022)
            sp = replace(sp, a=replace(a, year=last_year[0] + a.year_rel, year_rel=None, year_anchor=None))
            out.append(sp)
            continue
        if later_month is not None and _yearless_part(sp) and a.month is not None and a.month > later_month[1] \
                and _full_sentence_start(text, sp.start) <= later_month[2] and "每" not in text[later_month[2] : sp.start]:
            out.append(_in_year(sp, later_month[0]))
            continue
        if last_month is not None and _yearless_part(sp) and (_first_month(a) or 0) >= last_month[1] - (5 if a.part == "h1" else 0) \
                and a.part != "whole" and (_sentence_start if last_month[1:] == relative_month else _full_sentence_start)(text, sp.start) <= last_month[2] \
                and "每" not in text[last_month[2] : sp.start]:
            # `2026年3月31日前完成公示；4月30日前拨付到位`, `2024年2月20日前报送总结，3月底前完成评估`: a later
            # month of the same sentence is of the year written with the month before it (and the first half holding
            # it: `2026年3月底前形成征求意见稿，力争上半年报审`)
            out.append(_in_year(sp, last_month[0]))
            continue
        if a is not None and a.year is not None and sp.mode in ("point", "range", "before", "after"):
            last_year = (a.year if sp.b is None or sp.b.year is None else sp.b.year, sp.start)
            end = sp.b if sp.b is not None and sp.b.year is not None else a
            opens = all(o.a is not None and o.a.year == end.year for o in spans if sent <= o.start < sp.start)
            if (end.month is not None or end.part in ("h1", "h2", "q1", "q2", "q3", "q4")) and not sp.cycle and opens:
                # the first time of its clause but for its own year (`2023年上半年…，年底前…`, `列入2026年预算，于2026年
                # 6月30日前…，三季度末前`; not `10月底前…、2025年一季度…，年底前`, whose 年底 is the first one's year)
                last_month = (end.year, _first_month(end) or 1, sp.start)
                later_month = None
            elif end.month is not None and not sp.cycle and end.year > max(
                    (o.a.year for o in spans if sent <= o.start < sp.start and o.a is not None and o.a.year is not None), default=end.year):
                # `2025年11月开展督导，2026年7月下旬开展中期评估，评估结果于8月底前通报`: a later month written
                # without its year right after a month of a later year is of that year (a month, not 年底)
                later_month = (end.year, end.month, sp.start)
                last_month = None
            elif end.year != (last_month or (None,))[0]:
                last_month = None  # (a year written alone, `全年` of that year, keep the month before)
        elif a is not None and a.year is None and a.year_anchor == "doc" and a.year_rel is not None and sp.mode == "point":
            last_year = (ref.year + a.year_rel, sp.start)  # `2025年…，今年预算原则上不低于上年`: 上年 of 今年
            if a.year_rel and (a.month is not None or a.part in ("h1", "h2", "q1", "q2", "q3", "q4")) and not sp.cycle \
                    and not any(sent <= o.start < sp.start for o in spans):
                # `明年上半年建成…，下半年开展…`: the later parts of the sentence are of the year it names first (up to
                # its `；`: `计划明年一季度竣工；…已于3月28日完成招标` is this year's)
                last_month = (last_year[0], _first_month(a) or 1, sp.start)
                relative_month = last_month[1:]
        if reviewed is not None and a is not None and not sp.cycle and a.year is None \
                and (a.part == "whole" or (a.year_anchor in ("cycle", "each") and a.year_rel in (0, -1))):
            sp = replace(sp, a=replace(a, year=reviewed + (a.year_rel or 0), year_rel=None, year_anchor=None))
            out.append(sp)
            continue
        if reviewed is not None and review and topic_year == reviewed and _yearless_part(sp):
            # under `一、2024年工作开展情况` of a 2025 report what is written without a year is 2024's
            # (`6月，…`, `11月下旬…`, `下半年…`)
            out.append(_in_year(sp, reviewed))
            continue
        if sp.mode == "range" and a is not None and a.year is not None and (sp.b is None or sp.b.year in (None, a.year)) \
                and _STAGE_LABEL_RE.fullmatch(text, sent, sp.start):
            # a stage labelled with its months (`（四）评估完善阶段（2024年1月至12月）。…上半年…9月底前…`):
            # what its sentences write without a year is of the stage's year
            anchor = a.year if a.year > ref.year else None
        elif sp.type == "date" and sp.mode == "point" and a is not None and a.year is not None and a.month is None \
                and a.part is None and a.plan is None:
            if _OPENING_RE.fullmatch(text, sent, sp.start) and text[sp.end : sp.end + 1] in ("，", ",", "为", "是", "：", ":"):
                anchor = a.year if a.year > ref.year else None  # `2026年，…` / `2025年为…` opens the sentence
                past, past_at = (a.year, sp.start) if a.year < ref.year else (None, -1)
        elif sp.type == "deadline" and a is not None and a.year is not None and a.year < ref.year and a.month in (12, None) \
                and sp.text.startswith(("截至", "截止", "至")) and _OPENING_RE.fullmatch(text, _full_sentence_start(text, sp.start), sp.start) \
                and text[sp.end : sp.end + 1] in ("，", ","):
            # `截至2023年底，全区共有…；全年完成诊疗…`: a report of a past year's end: its 全年 is that year
            past, past_at = a.year, sp.start
        elif past is not None and a is not None and a.part == "whole" and not sp.cycle \
                and _full_sentence_start(text, sp.start) <= past_at:
            sp = replace(sp, a=replace(a, year=past, year_rel=None, year_anchor=None))
        elif anchor is not None and _yearless_part(sp):
            sp = _in_year(sp, anchor)
        out.append(sp)
    return out


def _due_year(sp: TimeSpan, ref: dt.date) -> int | None:
    """The year of a deadline written with its year or relative to the document (`明年1月10日前`)."""
    a = sp.a
    if a is None:
        return None
    if a.year is not None:
        return a.year
    return ref.year + a.year_rel if a.year_anchor == "doc" and a.year_rel is not None else None


# what stands between a deadline and the summary due by it: `…前报送`, `…前，分别将上半年和`
_REPORT_GAP_RE = re.compile(r"\s?(?:以前|之前)?\s?(?:[，,]?\s?(?:分别)?(?:将|把)(?:上半年和)?|(?:向[^，,。；;]{1,12})?(?:报送|上报|提交|报)|(?P<held>组织|开展|进行)(?:开展)?)\s?")
# what looks back on a year (`全年项目绩效评价`, `全年工作总结`), not what plans it (`全年工作部署`)
_LOOK_BACK_RE = re.compile(r"[^，,。；;：:\n]{0,8}?(?:总结|考核|评价|评估|督查|考评|绩效|完成情况|工作情况|数据)")


def _yearless_part(sp: TimeSpan) -> bool:
    """A point, range or before-span of a month or part of a year written without its year (`6月`, `下半年`)."""
    a = sp.a
    return not sp.cycle and sp.mode in ("point", "range", "before") and a is not None \
        and not a.has_year and a.fest is None and (a.month is not None or a.part is not None)


def _in_year(sp: TimeSpan, year: int) -> TimeSpan:
    """``sp`` dated to ``year`` (its end too, unless it writes its own)."""
    b = sp.b if sp.b is None or sp.b.has_year else replace(sp.b, year=year)
    return replace(sp, a=replace(sp.a, year=year), b=b)

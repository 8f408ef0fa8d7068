"""Turn found time spans into ISO values against an explicit reference date.

This is the NORMALIZATION half of the time extractor (spec/extraction.md §2, §5).  It never
reads the clock: ``ref`` is the document's issue date (or the user's ``--ref-date``), and
``None`` means undated, so relative expressions keep ``value.start``/``value.end`` null.

``cyclic=True`` is for standing rules (办法, 规程, 规范 ...): there ``上年度``, ``当年``, ``本年度``,
``次年6月底前``, ``次月10日前`` and year-less months name each repeating cycle, so they are typed
but their value stays null.  :func:`is_standing_rule` decides that from a title, and
:func:`is_standing_rule_section` per clause (a 规程 attached to a notice).  A sentence that itself
describes a cycle gets the same treatment in any document (see ``TimeSpan.cycle``).
``N年内``/``N个月内`` counted from the document resolve to ref + N even in standing rules.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from nlp.doc import TimeExpr
from nlp.extract.spaces import ASCII_DIGITS
from nlp.extract.timefind import CYCLE_ANCHORS, FESTIVALS_BY_YEAR, FESTIVALS_FIXED, TimePoint, TimeSpan

__all__ = ["normalize", "is_standing_rule", "is_standing_rule_section", "resolve_point"]

_Interval = tuple[dt.date, dt.date]


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _add_years(d: dt.date, n: int) -> dt.date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February + N years
        return d.replace(year=d.year + n, day=28)


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return dt.date(y, m + 1, min(d.day, _last_day(y, m + 1)))


def _year_of(p: TimePoint, ref: dt.date | None, cycle: bool) -> int | None:
    if p.year is not None:
        return p.year
    if p.year_rel is not None:
        if ref is None or (p.year_anchor in CYCLE_ANCHORS and cycle):
            return None
        return ref.year + p.year_rel
    # written without a year (6月30日前, 年底前, 上半年): the reference year, unless each cycle
    if ref is None or cycle:
        return None
    return ref.year


def resolve_point(p: TimePoint, ref: dt.date | None, cycle: bool = False) -> _Interval | None:
    """The first and last day a point covers, or None when it cannot be resolved.

    ``cycle`` = the point names each cycle of a standing rule (or follows 每年/每月), so its
    year-less or cycle-relative parts are not resolved.  Invalid dates (2月30日) give None.

    >>> resolve_point(TimePoint(year=2020, month=8, part="end"), None)
    (datetime.date(2020, 8, 31), datetime.date(2020, 8, 31))
    """
    if p.plan is not None:
        first, last = dt.date(p.plan, 1, 1), dt.date(p.plan + 4, 12, 31)
        if p.part == "end":  # “十二五”末: the plan's last year
            return dt.date(p.plan + 4, 1, 1), last
        if p.part == "begin":
            return first, dt.date(p.plan, 12, 31)
        return first, last
    if p.quarter_rel is not None:  # 上一个季度, 本季度末
        if ref is None or cycle:
            return None
        y, q0 = divmod(ref.year * 4 + (ref.month - 1) // 3 + p.quarter_rel, 4)
        first, last = dt.date(y, 3 * q0 + 1, 1), dt.date(y, 3 * q0 + 3, _last_day(y, 3 * q0 + 3))
        if p.part == "end":
            return last, last
        if p.part == "begin":
            return first, dt.date(y, 3 * q0 + 1, _last_day(y, 3 * q0 + 1))
        return first, last
    y = _year_of(p, ref, cycle)
    if y is None or not 1 <= y <= 9999:
        return None
    if p.fest is not None:  # 春节, 国庆节: that year's date (null outside the table)
        md = FESTIVALS_FIXED.get(p.fest) or FESTIVALS_BY_YEAR.get(y, {}).get(p.fest)
        if md is None:
            return None
        d = dt.date(y, int(md[:2]), int(md[3:]))
        return d, d
    month = p.month
    if p.month_rel is not None:
        if ref is None or (p.month_anchor in CYCLE_ANCHORS and cycle):
            return None
        base = (y if p.year is not None or p.year_rel is not None else ref.year) * 12 + ref.month - 1 + p.month_rel
        y, month = divmod(base, 12)
        month += 1
    elif p.month is None and p.day is not None:
        return None  # a day of an unknown month (每月10日前)
    try:
        if month is not None:
            if not 1 <= month <= 12:
                return None
            last = _last_day(y, month)
            if p.day is not None:
                d = dt.date(y, month, p.day)
                return d, d
            part = p.part
            if part == "early":
                return dt.date(y, month, 1), dt.date(y, month, 10)
            if part == "mid":
                return dt.date(y, month, 11), dt.date(y, month, 20)
            if part == "late":
                return dt.date(y, month, 21), dt.date(y, month, last)
            if part == "early_mid":
                return dt.date(y, month, 1), dt.date(y, month, 20)
            if part == "mid_late":
                return dt.date(y, month, 11), dt.date(y, month, last)
            if part == "end":
                return dt.date(y, month, last), dt.date(y, month, last)
            if part == "begin":
                return dt.date(y, month, 1), dt.date(y, month, 10)
            return dt.date(y, month, 1), dt.date(y, month, last)
        part = p.part or ""
        if part == "h1":
            return dt.date(y, 1, 1), dt.date(y, 6, 30)
        if part == "h2":
            return dt.date(y, 7, 1), dt.date(y, 12, 31)
        if part.startswith("q"):
            q = part[1:].replace("end", "").replace("begin", "")
            if q == "cur":  # 季度末 without a number: the reference date's quarter
                if ref is None or cycle or p.has_year:
                    return None
                q = str((ref.month - 1) // 3 + 1)
            m1 = 3 * (int(q) - 1) + 1
            if part.endswith("end"):
                d = dt.date(y, m1 + 2, _last_day(y, m1 + 2))
                return d, d
            if part.endswith("begin"):
                return dt.date(y, m1, 1), dt.date(y, m1, _last_day(y, m1))
            return dt.date(y, m1, 1), dt.date(y, m1 + 2, _last_day(y, m1 + 2))
        if part == "end":
            return dt.date(y, 12, 31), dt.date(y, 12, 31)
        if part == "ymid":  # 年中: June and July
            return dt.date(y, 6, 1), dt.date(y, 7, 31)
        if part == "begin":
            return dt.date(y, 1, 1), dt.date(y, 1, 31)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _holidays() -> tuple[frozenset[dt.date], frozenset[dt.date], int]:
    """China's public holidays, the weekend days worked in their place, and the last year listed
    (``resources/cn_holidays.tsv``): `15个工作日内` counts the working days the State Council set."""
    off: set[dt.date] = set()
    work: set[dt.date] = set()
    text = resources.files("nlp.resources").joinpath("cn_holidays.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            day, kind = line.split("\t")
            (off if kind == "off" else work).add(dt.date.fromisoformat(day))
    return frozenset(off), frozenset(work), max(d.year for d in off | work)


def _values(sp: TimeSpan, ref: dt.date | None, cyclic: bool) -> tuple[dt.date | None, dt.date | None]:
    cycle = cyclic or sp.cycle
    if sp.mode in ("recurring", "cycle"):
        return None, None
    if sp.mode == "within":  # counted from the document, so resolved in standing rules too
        if ref is None or sp.cycle:
            return None, None
        if sp.months:
            return None, _add_months(ref, sp.months)
        if sp.days and sp.workdays:
            off, work, last = _holidays()
            day, left = ref, sp.days
            while left:
                day += dt.timedelta(days=1)
                if day.year > last:
                    left -= day.weekday() < 5
                else:
                    left -= day in work or (day.weekday() < 5 and day not in off)
            return None, day
        if sp.days:
            return None, ref + dt.timedelta(days=sp.days)
        return (None, _add_years(ref, sp.years)) if sp.years else (None, None)
    if sp.mode == "ahead":  # 今后五年
        if ref is not None and sp.years == 5 and ref.year % 5 == 1:
            # written in the first year of a five-year plan period (2021, 2026): the plan's five years
            return dt.date(ref.year, 1, 1), dt.date(ref.year + 4, 12, 31)
        return (ref, _add_years(ref, sp.years)) if ref is not None and sp.years else (None, None)
    if sp.mode == "issue":  # 自印发之日起 ; 即日起至2023年12月31日
        if sp.b is None:
            return ref, None
        b = resolve_point(sp.b, ref, cycle)
        return ref, (b[1] if b else None)
    a = resolve_point(sp.a, ref, cycle) if sp.a else None
    if sp.mode == "range":
        b = resolve_point(sp.b, ref, cycle) if sp.b else None
        if a is None or b is None:
            return (a[0] if a else None), (b[1] if b else None)
        return a[0], b[1]
    if a is None:
        return None, None
    if sp.mode == "since":
        return a[0], (ref if ref is not None else None)
    if sp.mode == "before":
        return None, a[1]
    if sp.type == "deadline":
        if ref is not None and sp.a is not None and not sp.a.has_year and (sp.a.month is not None or sp.a.fest) \
                and (ref - a[1]).days > 31 and not sp.text.startswith("截至"):
            # a year-less deadline already well past (3月底前 in a November document): next year's
            # (`截至6月30日` in an August document is a status as of this year's: no roll)
            later = resolve_point(replace(sp.a, year=ref.year + 1), ref, cycle)
            if later is not None:
                return None, later[1]
        if sp.a is not None and sp.a.part == "ymid":
            return None, dt.date(a[0].year, 6, 30)  # 年中前: by the middle of the year
        return None, a[1]
    if sp.type == "start":
        return a[0], None
    return a


def normalize(spans: list[TimeSpan], ref: dt.date | None, *, cyclic: bool = False) -> list[TimeExpr]:
    """Resolve found spans against ``ref`` (an explicit date, or None for an undated document).

    One :class:`nlp.doc.TimeExpr` per span, same offsets and text.  A deadline has
    ``value_start`` None, a start ``value_end`` None; when both are set, start <= end
    (otherwise the later one is dropped).  Recurring spans carry ``every`` and no value.

    >>> from nlp.extract.timefind import find_times
    >>> [(t.value_start, t.value_end) for t in normalize(find_times("3年内"), dt.date(2020, 6, 1))]
    [(None, '2023-06-01')]
    """
    out: list[TimeExpr] = []
    for sp in spans:
        try:
            s, e = _values(sp, ref, cyclic)
        except (ValueError, OverflowError):
            s, e = None, None
        if s is not None and e is not None and s > e:
            e = None  # e.g. 2025年以来 in a document issued in 2023
        out.append(
            TimeExpr(
                text=sp.text,
                start=sp.start,
                end=sp.end,
                type=sp.type,
                value_start=s.isoformat() if s else None,
                value_end=e.isoformat() if e else None,
                granularity=sp.granularity,
                every=sp.every,
            )
        )
    return out


# ---------------------------------------------------------------------------
# Standing rules
# ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _genres() -> tuple[re.Pattern, dict[str, bool]]:
    text = resources.files("nlp.resources").joinpath("time_standing_genres.tsv").read_text(encoding="utf-8")
    table = {}
    for ln in text.splitlines():
        if ln.strip() and not ln.startswith("#"):
            word, flag = ln.split("\t")[:2]
            table[word] = flag.strip() == "1"
    alt = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))
    return re.compile(alt), table


_WRAPPER = re.compile(r"^(?P<head>.+?)的(?:通知|公告|通告|令|决定|函)$")
_TRANSMIT = re.compile(r"(?:修订印发|印发|发布|转发|下发|颁布|公布)")
_TRAILER = re.compile(r"(?:[（(【\[][^）)】\]]*[）)】\]]\s*)+$")


def _unwrap(title: str) -> str:
    """The transmitted document's title inside a transmittal notice, else the title itself."""
    t = _TRAILER.sub("", title)
    m = _WRAPPER.match(t)
    if m:
        head = m.group("head")
        if head.endswith("》"):
            inner = head[:-1]
            return inner[inner.rfind("《") + 1:]
        verbs = list(_TRANSMIT.finditer(head))
        if verbs:
            return head[verbs[-1].end():]
    return t


def attached_rule_start(text: str, title: str | None) -> int | None:
    """Where the rule a transmittal notice issues starts in ``text`` (the line printing its title, the last one,
    after the notice's 附件 list), or None when the title is no transmittal or the rule is not found.

    >>> t = "关于印发《X市DIP实施细则》的通知|各单位：|附件：X市DIP实施细则|2024年3月1日|附件|X市DIP实施细则|第一条 …".replace("|", chr(10))
    >>> t[attached_rule_start(t, "关于印发《X市DIP实施细则》的通知"):][:9]
    'X市DIP实施细则'
    """
    if not title:
        return None
    flat = re.sub(r"\s+", "", title)
    inner = _unwrap(flat)
    if inner == _TRAILER.sub("", flat) or len(inner) < 4:
        return None
    for m in reversed(list(re.finditer(r"(?m)^[ \t\u3000]*(.+?)[ \t\u3000]*$", text))):
        line = re.sub(r"\s+", "", m.group(1)).strip("《》")
        if line == inner and m.start() > len(title):
            return m.start()
    return None


# a single year named in a title (not a range, a revision or an edition): the rule of that year
_ONE_YEAR_RE = re.compile(r"(?<![0-9\-—–~至到])(?:19|20)[0-9]{2}年度?(?![\-—–~至到0-9])(?!修订|修正|版|第)")


def is_one_year_rule(title: str | None) -> bool:
    """True when a rule's title names the single year it governs (`…2025年度成员分院绩效考核实施细则`): its
    articles are that year's, not a standing cycle's."""
    if not title:
        return False
    t = _rule_title(title)
    return _ONE_YEAR_RE.search(t) is not None and _genre_is_rule(t)


def _rule_title(title: str) -> str:
    """The title a genre is read from: spaces dropped, a transmittal notice unwrapped (``关于印发《…办法》的通知``
    is the 办法), trailers such as ``（试行）`` and the quotes around it dropped."""
    t = _unwrap(re.sub(r"\s+", "", title))
    return _TRAILER.sub("", t.strip("《》〈〉“”\"")).strip("《》〈〉“”\"")


def _genre_is_rule(t: str) -> bool:
    """True when the genre nearest the end of ``t`` (ending it but for a few characters such as 的通知 already
    removed) is a standing rule's."""
    pat, table = _genres()
    last = None
    for g in pat.finditer(t):
        last = g
    return last is not None and len(t) - last.end() <= 4 and table[last.group()]


def is_standing_rule(title: str | None) -> bool:
    """True when a document with this title is a standing rule describing a repeating cycle.

    The genre is the head noun nearest the end of the title, after unwrapping a transmittal
    notice (``关于印发《…管理办法》的通知`` is a 办法) and dropping trailers such as ``（试行）``.
    办法/规程/规范/条例/规定/细则 … are standing rules; 实施方案/规划/通知/意见/要点 … are not.

    >>> is_standing_rule("关于印发《基本医疗保险定点医药机构管理办法（试行）》的通知")
    True
    >>> is_standing_rule("宁德市深化医药卫生体制改革2023年重点工作任务及分工方案")
    False
    """
    if not title:
        return False
    t = _rule_title(title)
    # (`…2025年度成员分院绩效考核实施细则`: one year's rule, its dates that year's: :func:`is_one_year_rule`)
    return _ONE_YEAR_RE.search(t) is None and _genre_is_rule(t)


_ANNUAL_RE = re.compile(r"(?<![0-9\-—–~至到])(?:19|20)[0-9]{2}年度?(?![\-—–~至到0-9])[^《》]{0,24}?"
                        r"(?:重点工作|工作要点|工作任务|任务清单|工作计划|实施计划|工作安排|工作方案)")


def is_annual_plan(title: str | None) -> bool:
    """True when a document is about one year's work: its title names one year and a work list.

    >>> is_annual_plan("宁德市深化医药卫生体制改革2023年重点工作任务及分工方案")
    True
    >>> is_annual_plan("郴州市“十四五”卫生健康事业发展规划（2021—2025年）")
    False
    """
    # (a title may be typed in full-width digits: ２０２５年重点工作任务)
    return bool(title) and _ANNUAL_RE.search(re.sub(r"\s+", "", title).translate(ASCII_DIGITS)) is not None


_ARTICLE = re.compile(r"^\s*第\s?[一二三四五六七八九十百零〇0-9]+\s?条")


def is_standing_rule_section(path: list[str] | None, text: str = "") -> bool:
    """True when a clause is an article of a standing rule, whatever the document's title.

    A notice may carry a rule as an attachment (``关于…的通知`` + ``…经办规程``): its clauses sit under
    articles ``第N条``, which notices, plans and opinions do not use.  So a clause is in a standing rule
    when one of its headings (``path``, outermost first) or its own text starts with ``第N条``.
    (Chapters ``第N章`` alone do not count: five-year plans use them too.)  Use it together with the
    title: ``cyclic = is_standing_rule(title) or is_standing_rule_section(clause.path, clause.text)``.

    >>> is_standing_rule_section(["第九章 业务协同", "第五十八条"], "国家跨省异地就医管理子系统每月26日…")
    True
    >>> is_standing_rule_section(["第五章 预付金管理"], "第二十条 每年1月底前，国家级经办机构…")
    True
    >>> is_standing_rule_section(["三、规范跨省异地就医直接结算管理服务"], "（一）规范异地就医备案流程。")
    False
    """
    if text and _ARTICLE.match(text):
        return True
    return any(_ARTICLE.match(h or "") for h in (path or ()))

"""Find time expressions in Chinese policy text and parse them, without any reference date.

This is the EXTRACTION half of the time extractor (spec/extraction.md §2, §5): it finds
spans and parses each one into a reference-free :class:`TimeSpan` (absolute years, offsets
such as ``明年 = +1``, months, days, parts such as ``上半年``/``底``).  Turning a span into
ISO dates needs an explicit reference date and lives in :mod:`nlp.extract.timenorm`.

Patterns are built once, at import, from named and commented fragments (JioNLP style) and
from the lexicons ``nlp/resources/time_*``.  Candidates of every pattern are collected and
the longest non-overlapping ones win, so a range (``2020年—2022年``) beats its two years.

Span conventions (documented choices):

* prefixes and suffixes that decide the type are inside the span: ``到2025年``,
  ``自2017年8月1日起``, ``2023年以前``, ``今年以来``, ``“十四五”时期``;
* a frequency word covers the frequency morpheme only: ``每年``, ``按季度``, and for bound forms
  the morpheme alone (``月`` of ``月调度``, ``年度`` of ``年度公告``);
* a compound with a shared day/suffix (``7月、10月以及次年1月的5日前``) yields one span per
  month: ``7月``, ``10月`` and ``次年1月的5日前``; each span's parse carries the shared day and
  suffix, so all three are deadlines on day 5;
* a web timestamp ``2022-01-01 15:47`` is one ``date`` span including the time of day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from importlib import resources

from .spaces import FULLWIDTH_DIGITS, PAGE_NUMBER, drop_at, drop_matches

__all__ = ["TimePoint", "TimeSpan", "find_times", "cn_to_int"]


# ---------------------------------------------------------------------------
# Data model (reference-free)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TimePoint:
    """One calendar anchor as written, before any reference date is applied.

    ``year`` is absolute; ``year_rel`` an offset from the reference year (今年 0, 明年 +1) whose
    ``year_anchor`` is ``"doc"``, ``"cycle"`` or ``"each"`` (see ``time_relative.tsv``); a point with
    neither takes the reference year.  ``part`` refines the unit: ``h1``/``h2`` (上/下半年),
    ``q1``..``q4`` (季度), ``early``/``mid``/``late`` (上/中/下旬), ``end`` (底/末),
    ``begin`` (初), ``in`` (年内).  ``plan`` is the first year of a five-year plan.
    """

    year: int | None = None
    year_rel: int | None = None
    year_anchor: str | None = None
    month: int | None = None
    month_rel: int | None = None
    month_anchor: str | None = None
    day: int | None = None
    part: str | None = None
    hhmm: str | None = None
    plan: int | None = None
    quarter_rel: int | None = None
    fest: str | None = None  # a festival (春节, 国庆节): its date depends on the year

    @property
    def granularity(self) -> str:
        if self.plan is not None:
            return "year" if self.part in ("end", "begin") else "fiveyear"
        if self.hhmm:
            return "minute" if ":" in self.hhmm or "分" in self.hhmm else "hour"
        if self.day is not None or self.fest is not None:
            return "day"
        if self.month is not None or self.month_rel is not None:
            if self.part in _TENDAY_PARTS:
                return "tenday"
            return "month"
        if self.part in ("h1", "h2"):
            return "halfyear"
        if self.quarter_rel is not None or self.part and self.part.startswith("q"):
            return "quarter"
        return "year"

    @property
    def has_year(self) -> bool:
        return self.year is not None or self.year_rel is not None or self.plan is not None

    @property
    def cycle_relative(self) -> bool:
        """True when a part is relative to "the current cycle" (当年, 次月, 上季度 ...)."""
        return (self.year_anchor in CYCLE_ANCHORS or self.month_anchor in CYCLE_ANCHORS
                or self.quarter_rel is not None)

    @property
    def names_each_cycle(self) -> bool:
        """True when a part is a word that always names an event's cycle (上年度, 当年, 次月 ...)."""
        return self.year_anchor == "each" or self.month_anchor == "each"


@dataclass(frozen=True)
class TimeSpan:
    """A found time expression: where it is and what it says, with no reference date.

    ``mode`` says how :func:`nlp.extract.timenorm.normalize` turns it into values:
    ``point`` (``a`` alone, shaped by ``type``), ``range`` (``a``..``b``), ``since`` (``a``..ref),
    ``before`` (..``a``), ``within`` (ref + ``years`` years or ``months`` months),
    ``ahead`` (ref .. ref + ``years``: 今后五年), ``issue`` (a start at the reference date:
    自印发之日起), ``cycle`` (a cycle of unknown position: 一个自然年度, 年度内; always null),
    ``recurring`` (no value, ``every``).
    ``cycle`` is True when the span names each cycle of a repeating rule: right after a frequency
    word (``每年3月底前``), or in a sentence that describes a cycle (a frequency word or two
    cycle-relative words, ``当月…次月20日前``); its cycle-relative parts then stay unresolved.
    """

    text: str
    start: int
    end: int
    type: str  # date | deadline | start | period | recurring
    mode: str
    a: TimePoint | None = None
    b: TimePoint | None = None
    years: int | None = None
    every: str | None = None
    cycle: bool = False
    months: int | None = None
    days: int | None = None
    workdays: bool = False  # ``days`` counts working days (public holidays and 调休 from resources/cn_holidays.tsv)

    @property
    def granularity(self) -> str | None:
        if self.mode in ("recurring", "cycle"):
            return None
        if self.mode in ("within", "ahead", "issue"):
            return "day"
        return self.a.granularity if self.a else None


# ---------------------------------------------------------------------------
# Lexicons (loaded once)
# ---------------------------------------------------------------------------


def _rows(name: str) -> list[list[str]]:
    text = resources.files("nlp.resources").joinpath(name).read_text(encoding="utf-8")
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _alt(words) -> str:
    """Regex alternation of literal words, longest first (Python's ``|`` is leftmost-first)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_REL = {r[0]: (r[1], int(r[2]), r[3]) for r in _rows("time_relative.tsv")}
# anchors of words relative to a cycle rather than to the document ("each": always; "cycle": in rules)
CYCLE_ANCHORS = frozenset({"cycle", "each"})
_PLANS = {r[0]: (int(r[1]), int(r[2])) for r in _rows("time_plans.tsv")}
_FREQ = {r[0]: (None if r[1] == "-" else r[1], r[2]) for r in _rows("time_frequency.tsv")}
_ACTIVITIES = [r[0] for r in _rows("time_bound_activities.txt")]
FESTIVALS_FIXED = {r[1]: r[2] for r in _rows("time_festivals.tsv") if r[0] == "fixed"}
_FEST_LUNAR = ["春节", "元宵节", "清明节", "端午节", "中秋节"]
FESTIVALS_BY_YEAR = {int(r[1]): dict(zip(_FEST_LUNAR, r[2:])) for r in _rows("time_festivals.tsv") if r[0] == "year"}

# ---------------------------------------------------------------------------
# Chinese numerals
# ---------------------------------------------------------------------------

_CN_DIGIT = {"〇": 0, "零": 0, "O": 0, "o": 0, "○": 0, "Ο": 0, "Ｏ": 0, "０": 0,
             "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_to_int(s: str) -> int | None:
    """Read a small number written in Arabic digits or Chinese numerals.

    Digit-by-digit years and positional numbers up to 99 are both understood.

    >>> cn_to_int("二〇三五"), cn_to_int("十二"), cn_to_int("三十一"), cn_to_int("07")
    (2035, 12, 31, 7)
    """
    s = s.strip()
    if not s:
        return None
    if s.isdigit() and s.isascii():
        return int(s)
    if "十" not in s:
        if all(c in _CN_DIGIT for c in s):
            n = 0
            for c in s:
                n = n * 10 + _CN_DIGIT[c]
            return n
        return None
    tens, _, units = s.partition("十")
    t = 1 if tens == "" else _CN_DIGIT.get(tens)
    u = 0 if units == "" else _CN_DIGIT.get(units)
    if t is None or u is None or len(tens) > 1 or len(units) > 1:
        return None
    return t * 10 + u


# ---------------------------------------------------------------------------
# Regex fragments
# ---------------------------------------------------------------------------

# Full-width digits/colon read like ASCII; 1:1 so every offset stays valid.
_FW = str.maketrans({**FULLWIDTH_DIGITS, "：": ":", "Ｏ": "O"})

_SP = r"[ \u3000\u00a0]?"  # one stray space left by PDF extraction between a number and its unit
_CN_D = "〇零Oo○Ο一二三四五六七八九"
_NOT_NUM_BEFORE = r"(?<![0-9./一二三四五六七八九十〇零两百千万Oo○])"

# Year numbers: 19xx/20xx in digits, or digit-by-digit Chinese (二〇三五, 二O三五, 一九九四).
# An item number glued to a year at a line start or after a colon (1.2022年底前, 附件：1.2023年…) is not a
# decimal point before it.
_ITEM_BEFORE = r"(?:(?<=^[0-9][.．])|(?<=[\n：:][0-9][.．])|(?<=^[0-9]{2}[.．])|(?<=\n[0-9]{2}[.．]))(?=[0-9]{4}\s?年)"
# likewise before a month (1.6月底前完成…: item 1, June)
_ITEM_BEFORE_M = r"(?:(?<=^[0-9][.．])|(?<=[\n：:][0-9][.．])|(?<=^[0-9]{2}[.．])|(?<=\n[0-9]{2}[.．]))(?=(?:1[0-2]|0?[1-9])\s?月)"
_YEARNUM = rf"(?:(?:(?<![0-9.])|{_ITEM_BEFORE})(?:19|20)[0-9]{{2}}(?![0-9])|(?<![{_CN_D}十])[一二][{_CN_D}]{{3}})"
# ...年, but not 年版 (a version: 2023年版 is not a time) nor 年龄/年级/年薪/年限/年代/年纪
_YEAR_ABS = rf"{_YEARNUM}{_SP}年(?!版|龄|级|薪|限|代|纪)"
# 以 before a year word is 以上/以前 (60岁以上年度, 以前年度亏损, 六个月以上一年以下), except the preposition before
# 上年度 (以上年度收入为基数: 以 not after a figure, unit or grade)
_REL_YEAR = rf"(?:(?<![以提超应相担适妥正充每不则线网马向之基注标写说阐申载])|(?<=以)(?<![0-9一二三四五六七八九十百千万两岁人个名家项次级%月天日年周元]以)(?=上一?年度))(?!(?<=[人家架车批场班户例床剂])次)(?:{_alt(w for w, v in _REL.items() if v[0] == 'year')})(?!龄|级|薪|限|代|纪|轻|一次(?!性))"  # (?<=人)次: 人次年均增长 counts visits, no 次年
_YEAR = rf"(?:{_YEAR_ABS}|{_REL_YEAR})度?"

_MONTHNUM = rf"(?:(?:{_NOT_NUM_BEFORE}|{_ITEM_BEFORE_M})(?:1[0-2]|0?[1-9])|(?<![{_CN_D}十两百千万第])(?:十[一二]?|[一二三四五六七八九]))"
_MONTH_ABS = rf"{_MONTHNUM}{_SP}月份?"
_REL_MONTH = rf"(?<![初首])(?<![^度年季]末)(?:{_alt(w for w, v in _REL.items() if v[0] == 'month')})(?!经)"
_MONTH = rf"(?:{_MONTH_ABS}|(?:{_REL_MONTH}))"
_REL_QUARTER = rf"(?:{_alt(w for w, v in _REL.items() if v[0] == 'quarter')})(?!度?[0-9一二三四五六七八九十])"
_DAYNUM = rf"(?:{_NOT_NUM_BEFORE}(?:3[01]|[12][0-9]|0?[1-9])|(?<![{_CN_D}十两百千万第])(?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]))"
_DAY = rf"{_DAYNUM}{_SP}[日号](?!内|左右|以内|之内|以上|以下|工作|前后)"
# a day whose 日 was dropped (11月20前): only right after a month and before a type suffix
_DAY_BARE = rf"{_DAYNUM}(?=前|以前|之前|起|止)"

# A month without a year: a one-character Chinese numeral (一月, 三月) is accepted only when a day or a
# part follows, because 统一月度/每一月 and the like are not months.
_MONTH_FREE = (rf"(?:(?:(?:{_NOT_NUM_BEFORE}|{_ITEM_BEFORE_M})(?:1[0-2]|0?[1-9])|(?<![{_CN_D}十两百千万第])十[一二]?){_SP}月份?"
               rf"|(?<![{_CN_D}十两百千万第统每逐])[一二三四五六七八九]月(?=份|{_DAY}|底|末|上旬|中旬|下旬))")
_MONTH_PT = rf"(?:{_YEAR}{_SP}(?:{_MONTH_ABS}|{_REL_MONTH})|{_MONTH_FREE}|{_REL_MONTH})"

# Words that may follow 底/末/初 without being part of the time (底线, 末端, 初步 ...)
_END = r"(?:底(?!线|层|部|数|子|座|盘|色|气|蕴|价|稿|薪)|末(?!次|端|梢|位|尾|级|期|日))"
_BEGIN = r"初(?!步|级|期|次|始|心|稿|审|评|创|具|见|设|等|诊|中|高|筛|选|值|任|衷|赛|婚|产|育|潮|版)"
_IN = r"内(?!部|容|涵|外|在|科|镜|分|陆|地|蒙|江|存|置|控|审|设|勤|需|联|生|资|销|贸|核|化(?!解)|网|务|卷|循)"
_QNUM = r"(?:第[一二三四1-4]|(?<![0-9一二三四五六七八九十每按个前后近])[一二三四1-4]|首)"
_QUARTER = rf"{_QNUM}{_SP}季度?(?:{_END}|{_BEGIN})?"
_HALF = r"(?:上|下)半年度?"
_XUN = r"(?:上中|中下|上|中|下)旬"  # 中下旬: the 11th to the month's end
# the ten-day parts of a month as TimePoint parts, the two-part words first (上中旬 holds 中旬)
_XUN_PARTS = {"上中旬": "early_mid", "中下旬": "mid_late", "上旬": "early", "中旬": "mid", "下旬": "late"}
_TENDAY_PARTS = frozenset(_XUN_PARTS.values())
_TIME = (r"[ \u3000]{0,2}(?:(?:[01]?[0-9]|2[0-3])[:][0-5][0-9](?:[:][0-5][0-9])?(?![0-9])"
         r"|(?:零|[01]?[0-9]|2[0-4])时(?:[0-5]?[0-9]分)?)")

# Parts that follow a year (2023年底, 2023年上半年, 今年年内) or stand alone (年底前, 上半年).
_YPART_AFTER = (rf"(?:{_HALF}|{_QUARTER}|年?{_END}|年?{_BEGIN}|年?{_IN}"
                rf"|年中(?=调整|考核|评估|检查|总结|督查|分析|前|以前|之前|后|以后|[，,。；;、）)]))")  # 明年年中前
_YPART_ALONE = (rf"(?:{_HALF}|{_QUARTER}|(?<![0-9一二三四五六七八九十两百千万多半个])年(?:{_END}|{_BEGIN}|{_IN})|(?<![一二三四第每按个])季度?{_END}"
                rf"|(?<![0-9一二三四五六七八九十两百千万多半个少青成老新])年终(?!身|奖|结|止)"
                # 年中 (mid-year) only before an activity, a type suffix or punctuation: never 年中央/年中医
                rf"|(?<![0-9一二三四五六七八九十两百千万多半个少青成老新今去明本当同上下次该每])年中(?=调整|考核|评估|检查|总结|督查|分析|前|以前|之前|后|以后|[，,。；;、）)]))")
_MPART = rf"(?:{_XUN}|{_END}|{_BEGIN})"

# ISO-like dates: 2023-6-29, 2022/01/01, 2022.01.01 (same separator twice), maybe with time of day.
_ISO_NOGROUP = r"(?<![0-9.\-/])(?:19|20)[0-9]{2}(?:-(?:1[0-2]|0?[1-9])-|/(?:1[0-2]|0?[1-9])/|\.(?:1[0-2]|0?[1-9])\.)(?:3[01]|[12][0-9]|0?[1-9])(?![0-9.])"

_PLAN_NAMES = _alt(_PLANS)
_PLAN_ORD = _alt(n[:-1] for n in _PLANS)  # 十四五 -> 十四, for 第十四个五年规划
_PLAN = (rf"(?<![一二三四五六七八九十百〇零两第])(?:[“\"「『‘']{_SP}(?:{_PLAN_NAMES}){_SP}[”\"」』’']|(?:{_PLAN_NAMES}))"
         rf"(?:时期|期间|规划期间|规划期内|规划期|期末|末期|收官之?年|{_END}|初期|开局之?年|{_BEGIN}|中期)?"
         rf"|第(?:{_PLAN_ORD})个五年规划(?:时期|期间)?")

# Festivals (春节前, 2024年中秋节): a day whose date depends on the year (time_festivals.tsv)
_FEST = rf"(?:{_alt(list(FESTIVALS_FIXED) + _FEST_LUNAR)})"
_BARE_FEST_RE = re.compile(_FEST)
# A point: one calendar anchor.
_PT = (
    rf"(?:{_ISO_NOGROUP}(?:{_TIME})?"
    rf"|{_PLAN}"
    rf"|(?:{_YEAR})?{_FEST}"
    rf"|{_MONTH_PT}(?:的?{_SP}{_DAY}|{_DAY_BARE})?(?:{_TIME}|{_MPART})?"
    rf"|{_YEAR}(?:{_YPART_AFTER})?"
    rf"|{_YPART_ALONE}"
    rf"|(?<![0-9一二三四五六七八九十个每按本当次上下同])月(?:{_END}|{_BEGIN}|{_XUN})"
    rf"|{_REL_QUARTER}(?:{_END}|{_BEGIN})?"
    rf"|(?<=每月){_DAY}|(?<=每个月){_DAY}"
    rf")"
)
# A range end may omit the year (2020年1月至6月) and the range may start with a bare number (2020-2022年).
_SEP = r"(?:——|—|–|－|-|~|～|〜|至|到)"

# Prefixes and suffixes that decide the type.
_PRE_DEADLINE = r"(?:截至到?|截止到?|截止至|直至|直到|(?<![达做得收报来回想等遇找感迟考办送提延推直截])到|(?<![以乃甚直截])至)"
_PRE_START = r"(?:自从|(?<![各来独亲擅取源出摘引转选])自|(?<![打听服遵])从)"
_SUF_SINCE = r"(?:以来|至今|迄今)"
_SUF_BEFORE = r"(?:以前|之前)"
_SUF_DEADLINE = r"(?:前(?![0-9一二三四五六七八九十两后列沿景期置身述款项夕端瞻移进])|为止|止(?!损|痛|血|咳|步))"
_SUF_START = (r"(?:起(?!草|付|诉|点|步|因|码|见|伏|飞|到|来|始|止|源|跑|效|床|居|重|降|吊|火|义|色|劲|搏|动|用)"
              r"|开始|以后|之后|后(?!续|期|果|台|方|备|勤|端|者|面|移|退|又|再|遗|代|辈|盾|门|人))")
_SUFFIX = rf"(?:{_SUF_SINCE}|{_SUF_BEFORE}|{_SUF_DEADLINE}|{_SUF_START})"

_POINT_RE = re.compile(
    rf"(?P<pre>{_PRE_DEADLINE}|{_PRE_START})?{_SP}(?P<pt>{_PT})(?:{_SP}(?P<suf>{_SUFFIX}))?"
)
_RANGE_RE = re.compile(
    rf"(?P<pre>{_PRE_START})?(?P<a>{_PT})起?{_SP}{_SEP}{_SP}(?P<b>{_PT}|{_DAY})(?P<suf>止|为止|期间|时期|间)?"
)
# 2020-2022年, 二〇二一—二〇二五年 ; 1-6月, 2023年7—9月
_YEAR_RANGE_RE = re.compile(
    rf"(?P<pre>{_PRE_START})?(?P<a>{_YEARNUM}){_SP}年?{_SP}{_SEP}{_SP}(?P<b>{_YEARNUM}){_SP}年度?(?!版)(?P<suf>期间|时期|间)?"
)
_MONTH_RANGE_RE = re.compile(
    rf"(?P<y>{_YEAR})?(?P<a>{_MONTHNUM}){_SP}月?{_SP}{_SEP}{_SP}(?P<b>{_MONTHNUM}){_SP}月份?(?P<suf>{_MPART}|期间|间)?"
)
_TODAY_NEXT_RE = re.compile(r"今明两年|今明2年")
# 前三季度 = the first three quarters (of a year)
_FIRST_QUARTERS_RE = re.compile(rf"(?P<y>{_YEAR})?前(?P<n>[二三两23])个?季度")
# 第一、二季度, 二、三季度: consecutive quarters listed with one 季度
_QUARTER_LIST_RE = re.compile(rf"(?P<y>{_YEAR})?(?<![0-9一二三四五六七八九十每按个前后近])第?(?P<a>[一二三四])、第?(?P<b>[一二三四])季度")
# N年内, 三年内, 通过3年努力, 用3年时间, 3年左右时间
_N = r"(?:[1-9][0-9]?|[一二三四五六七八九十两]{1,2})"
# N个月内 likewise (months).  Not when what follows makes it an event-relative window (2年内没有违反,
# 五年内禁止, 1年内再次): those are durations, not times (spec §5).
_WITHIN_NOT_AFTER = (r"(?![，,]?(?:不(?!断)|禁止|没有|未|无|再次|再|累计(?!招|培养|培训|完成|建成|建设|投入|引进|新增|创建|达到|选派)"
                     r"|连续|曾|受到|被|又|多次|两次|二次|发生|出现))")  # (3年内累计招录…: a goal's deadline)
_WITHIN_RE = re.compile(
    rf"(?:(?:通过|经过|利用|力争用|争取用|力争通过|争取通过|用|花){_SP}(?:{_N}{_SP}(?:至|到|-|—|~|～){_SP})?(?P<n1>{_N}){_SP}(?P<u1>个?年|个月)(?:左右)?的?(?:时间|努力|奋斗)(?:内)?"
    rf"|(?<![0-9一二三四五六七八九十两百千万第近满前后起每])(?P<n2>{_N}){_SP}(?P<u>个?年|个月)(?:左右)?(?:时间)?(?:以内|之内|内(?!部|容|涵|外|科))"
    rf"{_WITHIN_NOT_AFTER})"
)
_COVER_AFTER = re.compile(r"[^，,。；;]{0,30}?(?:全部|全面|全覆盖|所有|一遍|一轮|一次|1次|逐一)")
_ONCE_AFTER = re.compile(r"[^，,。；;]*?(?:一次|一轮|一遍|1次)")
# 每季度末月25日前, 每季度最后一个月的20日前, 每季度首月10日前: a day in each quarter's last or first month, a
# deadline of no fixed date
_QUARTER_LAST_MONTH_RE = re.compile(rf"(?<!年)(?:末月|最后一个月|最后1个月|首月|第一个月|第1个月)的?{_SP}(?:{_DAYNUM}){_SP}[日号](?:前|之前|以前)")
# 以2022年为起点，用三年时间 / 自2021年起分3年逐步调整到位: N years counted from a stated first year end
# with year first + N - 1 (2024, 2023), not N years after the issue date
_FIRST_YEAR_BEFORE = re.compile(rf"(?:以|从|自)(?P<y>{_YEARNUM}){_SP}年(?:为起点|为起始年|起|开始)[，,]?{_SP}(?:力争|争取)?$")
_SPLIT_YEARS_RE = re.compile(rf"分(?P<n>{_N}){_SP}年(?!度|级|龄)")
# what a document calls itself (`本办法`, `本条例`…): shared with nlp.extract.targets
DOC_KINDS = "办法|规定|规程|规范|通知|通报|纪要|条例|细则|决定|意见|方案|公告|通告|指南|标准|制度|规则|规划|计划|要点|法"
# 自本条例施行之日起6个月内: N years/months counted from the document itself (its issue date; a
# document that takes effect later is read the same way, the reference date is all there is); a table
# cell may name the document without 本 (`纪要印发之日起10个工作日内` in a 完成时限 column)
_DOC_WITHIN_RE = re.compile(
    rf"(?:(?:自|从)?(?:本|(?<=[在于自从])(?=纪要|规划|方案|通知|意见|通报|细则)|(?<![^\n\t])(?=纪要|通知|方案|通报))(?:{DOC_KINDS})(?:施行|实施|发布|印发|公布|颁布)之?日起"
    rf"|本(?:{DOC_KINDS})(?:印发|发布|公布|下发)(?:后|以后))"  # (`本方案印发后1个月内`)
    rf"{_SP}(?P<n>{_N}){_SP}(?P<u>个?年|个月|个?工作日|日|天)(?:以内|之内|内)"
)
# `半年和年度工作总结`: the half-yearly report named beside the year's
_HALF_AND_YEAR_RE = re.compile(r"(?<![上下前后近每满第一两多个])半年(?=[和及与、](?:年度|全年|年终|年底)(?:工作)?(?:总结|报告|评估|小结|考核|形成|通报))")
# 今后五年, 未来三年: a period from the reference date
_AHEAD_RE = re.compile(rf"(?:今后|未来)(?P<n>{_N})个?年")
# 自发布之日起, 自印发之日起: a start at the issue date; 自年月日起 (a blank in a draft): a start of no value
_ISSUE_RE = re.compile(
    rf"(?:自|从)(?:本(?:{DOC_KINDS})?)?"
    r"(?:发布|印发|公布|颁布|下发|发文|公告)之?日起"
    r"|(?:自|从)年月日起"
    r"|(?:自|从)?即日起(?!至|到)"
)
# seasons of a named year: first month, last month, whether the last is in the next year
_SEASONS = {"春季": (3, 5, False), "夏季": (6, 8, False), "秋季": (9, 11, False), "冬季": (12, 2, True),
            "秋冬季": (9, 2, True), "春夏季": (3, 8, False), "今冬明春": (12, 5, True), "冬春季": (12, 5, True)}
_SEASON_RE = re.compile(r"(?:(?P<y>(?:19|20)\d{2}\s?年度?|去年|今年|明年|本年度?)\s?(?P<s>秋冬季|春夏季|春季|夏季|秋季|冬季)"
                        # `2025—2026年秋冬季`: the season that runs over the two years named, from the first
                        r"|(?P<y2>(?:19|20)\d{2})\s?年?\s?[—\-－~至到]\s?(?:19|20)\d{2}\s?年度?\s?(?P<s3>秋冬季|冬春季)"
                        r"|(?P<s2>今冬明春))(?!学期|攻势|行动)")
# 即日起至2023年12月31日: a period from the issue date
_ISSUE_RANGE_RE = re.compile(rf"(?:自|从)?即日起?{_SP}(?:至|到){_SP}(?P<b>{_PT})(?:止|为止)?")
# scoring / settlement cycles of no fixed position: 一个自然年度, 下一个自然年度, 年度内 (always null)
_CYCLE_PHRASE_RE = re.compile(
    r"(?<![跨两几多各])(?:(?:一|下一|上一|同一|每一?|本)个?)?自然年度?内?"
    r"|(?<![0-9一二三四五六七八九十〇零两今本上下次当明去前后同该每个各全跨然学财])年度内(?!部|容|涵)"
)
# 当日/当天 names a time only in a daily cycle (每日完成当日结算信息对账): a day of no fixed date
_DAILY_RE = re.compile(r"每日|每天|按日|逐日|每个工作日")
_SAME_DAY_RE = re.compile(r"当[日天](?![内起前后以之])")
# 近三年/近5年/过去三年 (the last N full years before the reference year), 前三年/前3个年度 of a rule (the
# N years before each cycle: null)
_LAST_N_YEARS_RE = re.compile(rf"(?:(?<![最附接靠将])近|过去)(?P<n>{_N})(?:个)?(?:年度|年)(?![龄级限薪代纪内底末来以中初])")
_PREV_N_YEARS_RE = re.compile(rf"(?<![提之此目当从年月日号岁])前(?P<n>{_N})(?:个)?(?:年度|年)(?![龄级限薪代纪内底末来以中初前后])")
YEAR_NUM_RE = re.compile(r"((?:19|20)\d{2})\s?年")  # a year written in digits (`2025年`), its digits grouped


def _sentence_end(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` ends (its 。/；/line break, or the end of the text)."""
    ends = [i for i in (text.find(c, pos) for c in "。；;\n") if i != -1]
    return min(ends) if ends else len(text)


_DATA_BASIS_RE = re.compile(r"(?:以|按|按照|根据|依据|参照|基于)(?:本地|本地区|本统筹区|该机构|本机构)?$")
# 往年 (earlier years: a period ending last year), 全年 (the whole current year)
_PAST_YEARS_RE = re.compile(r"(?<![以前向])往年(?!度|龄|级)")
_WHOLE_YEAR_RE = re.compile(r"(?<![0-9一二三四五六七八九十〇零今本去明当该同上下次年])全年(?!龄|级|度?[0-9一二三四五六七八九十])")
# every N units: 每3个月, 每两周, 每隔2年 (every null unless the unit is 1 year/quarter/month)
_CYCLE_OF_N_RE = re.compile(rf"(?<![0-9第每隔]){_N}个?(?:年|月|季度)(?:为)?一个?(?:周期|轮)")  # 每两年为一个周期: 每两年 already
_EVERY_N_RE = re.compile(rf"每隔?{_N}个?(?:年|月|季度|周|星期|天|日|工作日)")
# a list of further units after a frequency word: 按月、旬、周、日 ; 按季度或月 ; 日（周、旬）拨付
_UNIT_WORDS = {"年度": "year", "季度": "quarter", "月度": "month", "半年": None, "年": "year", "季": "quarter",
               "月": "month", "旬": None, "周": None, "日": None, "天": None}
# a rate's time unit: `元/人·月`, `次/年`, `元/月` (after a unit or a counted thing, ending the word)
_RATE_PER_RE = re.compile(r"(?<=[\u4e00-\u9fff])[/／·](?P<u>年|季度|月|周|日|天)(?![\u4e00-\u9fff0-9])")
_UNIT_ITEM_RE = re.compile(
    rf"(?:、|或者|或|和|及|与|（|\()(?:按|每)?(?P<u>{_alt(_UNIT_WORDS)})(?![底末初中内前后起以至份度号日期间0-9一二三四五六七八九十])"
)
# Frequency words.  Bound morphemes need an activity word after them and no number/qualifier before.
_FREE = [w for w, (e, f) in _FREQ.items() if f == "free"]
_BOUND = [w for w, (e, f) in _FREQ.items() if f == "bound"]
_BOUND2 = [w for w in _BOUND if len(w) > 1]
_BOUND1 = [w for w in _BOUND if len(w) == 1]
_ACT = rf"(?:医改工作|绩效|工作|医保|基金|运行|质量|财务)?(?:{_alt(_ACTIVITIES)})(?![率量])"  # (年随访率: a rate, no cycle)
_RECUR_RE = re.compile(
    rf"(?P<free>{_alt(_FREE)})(?!龄|级|薪|限|份)"
    # distributive 一月一调度, 一季一通报, 一年一次: the frequency word is 一X一
    rf"|(?<![0-9一二三四五六七八九十〇零两统])(?P<dist>一(?:年|季|月|周)一)(?=次|报|评|考|查|审|{_ACT})"
    rf"|(?<![0-9二三四五六七八九十〇零两今本上下次当明去前后同该每按个各第全半学财跨近满过这那多])(?P<b2>{_alt(_BOUND2)})(?={_ACT})"
    rf"|(?<![0-9一二三四五六七八九十〇零两百千万个几半多今本上下次当明去前后同该每按全各某历近往学财青少老新童幼壮中晚早年闰旬季月周日整逐常长终末初元正经跨连隔翌岁作假节生昨即期时之星礼院春夏秋冬])(?P<b1>{_alt(_BOUND1)})(?=(?:[（(][^）)]{{1,8}}[）)])?{_ACT})"
    # 年度/月度 as a modifier (年度预付金, 年度重点工作任务, 月度抵扣): recurring before any Han word that does not
    # make it a time of its own (年度内, 年度末, 年度的)
    rf"|(?<![0-9一二三四五六七八九十〇零两今本上下次当明去前后同该每按个各第全半学财跨然历往某近])(?P<mod>年度|月度)"
    rf"(?=[\u4e00-\u9fff]|\d+(?:\.\d+)?(?:万|亿)?(?:[\u4e00-\u9fff]{{1,3}}|%)(?:的)?(?:目标|任务|计划))(?![内中末底初间为的至起前后止以之])"
    # (and before the figure of the year's goal: `完成年度15000人任务的28.1%`, `距年度4.5个的目标`)
)
# A list of months sharing a day and/or suffix: 7月、10月以及次年1月的5日前 ; 3月、6月底前
_LIST_SEP = r"(?:、|和|及|以及|与|或|、以及)"
_M_ITEM = rf"(?:{_YEAR})?{_MONTH}"
_COMPOUND_RE = re.compile(
    rf"(?P<pre>{_PRE_DEADLINE})?(?P<items>{_M_ITEM}(?:{_LIST_SEP}{_M_ITEM}){{1,11}})(?P<share>的?{_DAY}(?:{_TIME})?|{_MPART})(?P<suf>{_SUFFIX})?"
)
_M_ITEM_RE = re.compile(_M_ITEM)

# Parsing a point's own text (named groups allowed here: used with fullmatch on one piece).
_PARSE_RE = re.compile(
    rf"(?P<iso>{_ISO_NOGROUP})(?P<isot>{_TIME})?"
    rf"|(?P<donly>{_DAYNUM}){_SP}[日号]"
    rf"|月(?P<bare_month>底|末|初|上中旬|中下旬|上旬|中旬|下旬)"
    rf"|(?P<planq>[“\"「『‘']?)(?P<plan>{_PLAN_NAMES})[”\"」』’']?(?P<plansuf>.*)"
    rf"|第(?P<planord>{_PLAN_ORD})个五年规划.*"
    rf"|(?:(?P<yabs>{_YEARNUM}){_SP}年|(?P<yrel>{_REL_YEAR}))?度?"
    rf"(?:{_SP}(?:(?P<mabs>{_MONTHNUM}){_SP}月份?|(?P<mrel>{_REL_MONTH}))(?:的?{_SP}(?P<day>{_DAYNUM}){_SP}(?:[日号]|$))?(?P<time>{_TIME})?)?"
    rf"(?P<rest>.*)"
)
_QPART_RE = re.compile(r"第?([一二三四1-4]|首)季")
_REL_QUARTER_RE = re.compile(rf"(?P<w>{_REL_QUARTER})(?P<rest>.*)")
_FEST_PARSE_RE = re.compile(rf"(?:(?P<yabs>{_YEARNUM}){_SP}年|(?P<yrel>{_REL_YEAR}))?度?(?P<f>{_FEST})")


def _parse_point(s: str) -> TimePoint | None:
    """Parse one anchor (``2023年6月底``, ``次年1月的5日``, ``上半年``, ``“十四五”末``)."""
    q = _REL_QUARTER_RE.fullmatch(s)
    if q:
        rest = q.group("rest")
        part = "end" if ("末" in rest or "底" in rest) else "begin" if "初" in rest else None
        return TimePoint(quarter_rel=_REL[q.group("w")][1], part=part)
    f = _FEST_PARSE_RE.fullmatch(s) if "节" in s or "元旦" in s or "国庆" in s else None
    if f:
        kw = {"fest": f.group("f")}
        if f.group("yabs"):
            kw["year"] = cn_to_int(f.group("yabs"))
        elif f.group("yrel"):
            _, off, anchor = _REL[f.group("yrel")]
            kw.update(year_rel=off, year_anchor=anchor)
        return TimePoint(**kw)
    m = _PARSE_RE.fullmatch(s)
    if not m:
        return None
    if m.group("iso"):
        y, mo, d = re.split(r"[\-/.]", m.group("iso"))
        t = m.group("isot")
        return TimePoint(year=int(y), month=int(mo), day=int(d), hhmm=t.strip() if t else None)
    if m.group("donly"):
        return TimePoint(day=cn_to_int(m.group("donly")))
    if m.group("bare_month"):
        part = {**_XUN_PARTS, "初": "begin"}.get(m.group("bare_month"), "end")
        return TimePoint(month_rel=0, month_anchor="cycle", part=part)
    if m.group("planord"):
        return TimePoint(plan=_PLANS[m.group("planord") + "五"][0])
    if m.group("plan"):
        suf = m.group("plansuf") or ""
        part = "end" if ("末" in suf or "底" in suf or "收官" in suf) else "begin" if ("初" in suf or "开局" in suf) else None
        return TimePoint(plan=_PLANS[m.group("plan")][0], part=part)
    kw: dict = {}
    if m.group("yabs"):
        kw["year"] = cn_to_int(m.group("yabs"))
    elif m.group("yrel"):
        _, off, anchor = _REL[m.group("yrel")]
        kw.update(year_rel=off, year_anchor=anchor)
    if m.group("mabs"):
        kw["month"] = cn_to_int(m.group("mabs"))
    elif m.group("mrel"):
        _, off, anchor = _REL[m.group("mrel")]
        kw.update(month_rel=off, month_anchor=anchor)
    if m.group("day"):
        kw["day"] = cn_to_int(m.group("day"))
    if m.group("time"):
        kw["hhmm"] = m.group("time").strip()
    rest = m.group("rest") or ""
    part = None
    if rest:
        q = _QPART_RE.search(rest)
        if "上半年" in rest:
            part = "h1"
        elif "下半年" in rest:
            part = "h2"
        elif q:
            n = 1 if q.group(1) == "首" else cn_to_int(q.group(1))
            part = f"q{n}"
            if "末" in rest or "底" in rest:
                part += "end"
            elif "初" in rest:
                part += "begin"
        elif "季" in rest:  # bare 季度末: the current quarter
            part = "qcur" + ("end" if ("末" in rest or "底" in rest) else "")
        elif xun := next((p for w, p in _XUN_PARTS.items() if w in rest), None):
            part = xun
        elif "底" in rest or "末" in rest:
            part = "end"
        elif "初" in rest:
            part = "begin"
        elif "终" in rest:  # 年终 = 年底
            part = "end"
        elif rest.startswith("年中"):
            part = "ymid"
        elif "内" in rest:
            part = "in"
        else:
            return None
    kw["part"] = part
    pt = TimePoint(**kw)
    if pt == TimePoint():
        return None
    return pt


# a verb of change whose 到/至 leads to the new value, not to a deadline (提高到2020年的78.9岁)
_CHANGE_TO_RE = re.compile(r"(?:提高|提升|增加|增长|上升|下降|降低|减少|降|升|扩大|缩小|缩短|延长)$")


def _type_of(pre: str, pt: TimePoint, suf: str) -> tuple[str, str]:
    """(type, mode) of a single anchor from the words around it (spec/extraction.md §2, §5)."""
    if suf in ("以来", "至今", "迄今"):
        return "period", "since"
    if suf in ("以前", "之前"):
        return "period", "before"
    if suf in ("前", "为止", "止"):
        return "deadline", "point"
    if suf in ("起", "开始", "以后", "之后", "后"):
        return "start", "point"
    if pre and pre[0] in "自从":
        return "start", "point"
    if pre:
        return "deadline", "point"
    if pt.plan is not None and pt.part in ("end", "begin"):  # “十二五”末: the plan's last year
        return "date", "point"
    if pt.part and pt.part.endswith("end"):
        return "deadline", "point"
    if pt.plan is not None or pt.quarter_rel is not None or pt.part in ("h1", "h2", "in") or pt.part in _TENDAY_PARTS \
            or (pt.part or "").startswith("q"):
        return "period", "point"
    return "date", "point"


def _with_year_of(b: TimePoint, a: TimePoint) -> TimePoint:
    """A range end written without a year (2020年1月至6月) takes the start's year, and a bare
    day (2022年3月1日至31日) the start's month too."""
    if b.has_year or a.plan is not None:
        return b
    b = replace(b, year=a.year, year_rel=a.year_rel, year_anchor=a.year_anchor)
    if b.day is not None and b.month is None and b.month_rel is None:
        b = replace(b, month=a.month, month_rel=a.month_rel, month_anchor=a.month_anchor)
    return b


# ---------------------------------------------------------------------------
# Finding
# ---------------------------------------------------------------------------

_LIST_GAP = re.compile(r"\s?(?:、|和|及|以及|与|或|、以及)\s?")
_TRIGGER = re.compile(r"[年月日季旬度五周天节旦庆冬0-9]")
# A year right before 第N号 is part of a document number (国家医保局公告2019年第5号).
_DOCNO_AFTER = re.compile(r"\s?第\s?[0-9]+\s?号")
_CAP_BEFORE = re.compile(r"(?:控制在|不超过|不得超过|缩短至|缩短到|压缩至|压缩到|降至|降到|减少到|减少至)\s?$")
_EVENT_BEFORE = re.compile(r"(?:之日起|日起|之日|以后|之后|后|起|满)\s?$")
_CYCLE_BEFORE = re.compile(rf"(?:{_alt(_FREE)})的?\s?$")
# PDF extraction leaves single spaces inside expressions (2021 年 3 月底前, 次月20 日前, 年度清 算):
# such a space between two Han characters, or between a Han character and a digit, is dropped before
# matching (a space between two digits is kept: 2022-01-01 15:47).
_PDF_SPACE = re.compile(
    r"(?<=[\u4e00-\u9fff0-9])[ \u3000\u00a0](?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[ \u3000\u00a0](?=[0-9])"
    # a year split by a wrap (`20 22年底前`, `202 5年`): its four digits, 19xx or 20xx, before 年
    r"|(?<=(?<![0-9])(?:19|20))[ \u00a0](?=[0-9]{2}年)|(?<=(?<![0-9])(?:19|20)[0-9])[ \u00a0](?=[0-9]年)"
    r"|(?<=(?<![0-9])1)[ \u00a0](?=9[0-9]{2}年)|(?<=(?<![0-9])2)[ \u00a0](?=0[0-9]{2}年)"
)


# A PDF line wrap (and a page number printed between two pages) inside a time expression: a year cut from
# 年 (2025⏎年底), a month number from 月 (12⏎月底前), a year from its month (2024年⏎— 3 —⏎6月底前), a month from its
# day or part (6月⏎底前). Not a table's serial cell before a cell (11⏎年度工作总结).
_BREAK = rf"(\s*\n(?:[ \t]*{PAGE_NUMBER}[ \t]*\n)?[ \t]*)"
_PDF_BREAK = re.compile(
    rf"(?<=(?:19|20)[0-9]{{2}}){_BREAK}(?=年(?!度|级|龄))|(?<=[0-9]){_BREAK}(?=月[底末初中上下前0-9])"
    rf"|(?<=[0-9][年月]){_BREAK}(?=[0-9]{{1,2}}\s?[月日号]|[底末初前中])"
)


def _squeeze(text: str) -> tuple[str, list[int] | None]:
    """``text`` without PDF stray spaces and line breaks inside a time expression, and the original index
    of each kept character (None: unchanged)."""
    if " " not in text and "\u3000" not in text and "\u00a0" not in text and "\n" not in text:
        return text, None
    compact, keep = drop_matches(text, _PDF_SPACE)
    if "\n" in compact:
        # _PDF_BREAK's alternatives each capture the break (one group each): drop whichever matched
        breaks = [range(*m.span(g)) for m in _PDF_BREAK.finditer(compact) for g in range(1, _PDF_BREAK.groups + 1) if m.group(g)]
        compact, k2 = drop_at(compact, (k for r in breaks for k in r))
        keep = [keep[i] for i in k2]
    if len(keep) == len(text):
        return text, None
    return compact, keep


def _last_year_from_first(text: str, pos: int, n: int) -> TimePoint | None:
    """The last of N years counted from a first year stated just before ``pos`` (`以2022年为起点，用三年时间`
    → 2024), or None when no first year is stated."""
    first = _FIRST_YEAR_BEFORE.search(text, max(0, pos - 16), pos)
    return TimePoint(year=cn_to_int(first.group("y")) + n - 1) if first is not None else None


def _cands(text: str) -> list[tuple[int, int, int, list[TimeSpan]]]:
    """Every candidate as (start, end, priority, spans); overlap is resolved later."""
    out: list[tuple[int, int, int, list[TimeSpan]]] = []

    def add(s: int, e: int, spans: list[TimeSpan], prio: int = 0) -> None:
        if spans:
            out.append((s, e, prio, spans))

    for m in _POINT_RE.finditer(text):
        pt = _parse_point(m.group("pt"))
        if pt is None:
            continue
        pre, suf = m.group("pre") or "", m.group("suf") or ""
        if pre in ("到", "至") and _CHANGE_TO_RE.search(text, max(0, m.start() - 3), m.start()) \
                and text.startswith("的", m.end()):
            pre = ""  # 由2015年的77.2岁提高到2020年的78.9岁: 到 belongs to the verb, the year names the figure
        typ, mode = _type_of(pre, pt, suf)
        s = m.start("pre") if pre else m.start("pt")
        add(s, m.end(), [TimeSpan(text[s:m.end()], s, m.end(), typ, mode, a=pt)])
    has_sep = any(c in text for c in "—–－-~～〜至到")
    for m in (_RANGE_RE.finditer(text) if has_sep else ()):
        a, b = _parse_point(m.group("a")), _parse_point(m.group("b"))
        if a is None or b is None or not a.has_year and not (a.month or a.month_rel is not None):
            continue
        add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "period", "range", a=a, b=_with_year_of(b, a))])
    for m in (_YEAR_RANGE_RE.finditer(text) if has_sep and "年" in text else ()):
        a = TimePoint(year=cn_to_int(m.group("a")))
        b = TimePoint(year=cn_to_int(m.group("b")))
        add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "period", "range", a=a, b=b)])
    for m in (_MONTH_RANGE_RE.finditer(text) if has_sep and "月" in text else ()):
        y = _parse_point(m.group("y")) if m.group("y") else TimePoint()
        y = y or TimePoint()
        a = replace(y, month=cn_to_int(m.group("a")))
        suf = m.group("suf") or ""
        bpart = {**_XUN_PARTS, "底": "end", "末": "end", "初": "begin"}.get(suf)
        b = replace(y, month=cn_to_int(m.group("b")), part=bpart)
        add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "period", "range", a=a, b=b)])
    for m in (_TODAY_NEXT_RE.finditer(text) if "今明" in text else ()):
        a = TimePoint(year_rel=0, year_anchor="doc")
        b = TimePoint(year_rel=1, year_anchor="doc")
        add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "period", "range", a=a, b=b)])
    for m in (_FIRST_QUARTERS_RE.finditer(text) if "前" in text and "季" in text else ()):
        y = (_parse_point(m.group("y")) if m.group("y") else None) or TimePoint()
        a, b = replace(y, part="q1"), replace(y, part=f"q{cn_to_int(m.group('n'))}")
        add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "period", "range", a=a, b=b)])
    for m in (_SEASON_RE.finditer(text) if "季" in text or "今冬" in text else ()):
        # `2024年秋冬季` (Sep to Feb), `去年秋冬季`, `今冬明春` (Dec to May): a season of a named year
        first, last, nxt = _SEASONS[m.group("s") or m.group("s2") or m.group("s3")]
        ys = m.group("y") or (m.group("y2") + "年" if m.group("y2") else None)
        y = _parse_point(ys.rstrip("度")) if ys else TimePoint(year_rel=0, year_anchor="doc")
        if y is None:
            continue
        a = replace(y, month=first, part=None)
        b = replace(y, month=last, part=None)
        if nxt:
            b = replace(b, year=y.year + 1) if y.year is not None else replace(b, year_rel=(y.year_rel or 0) + 1)
        add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "period", "range", a=a, b=b)], 1)
    for m in (_QUARTER_LIST_RE.finditer(text) if "、" in text and "季" in text else ()):
        qa, qb = cn_to_int(m.group("a")), cn_to_int(m.group("b"))
        if qa and qb and qb == qa + 1:
            y = (_parse_point(m.group("y")) if m.group("y") else None) or TimePoint()
            a, b = replace(y, part=f"q{qa}"), replace(y, part=f"q{qb}")
            add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "period", "range", a=a, b=b)])
    for m in _WITHIN_RE.finditer(text):
        n = cn_to_int(m.group("n1") or m.group("n2"))
        if not n or n > 30 or _EVENT_BEFORE.search(text, max(0, m.start() - 4), m.start()):
            continue
        if _CAP_BEFORE.search(text, max(0, m.start() - 5), m.start()):
            continue  # `平均清算周期控制在3个月以内`: a length held under a cap, a quantity (spec §5), no deadline
        months = n if "个月" in (m.group("u"), m.group("u1")) else None  # (`用8个月左右的时间`)
        last = _last_year_from_first(text, m.start(), n) if m.group("n1") and not months else None
        if last is not None:
            add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "deadline", "point", a=last)])
            continue
        # 三年内…全部检查一次: "once every N years", a cycle
        once = _ONCE_AFTER.match(text, m.end(), m.end() + 30) is not None
        add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "deadline", "within",
                                          years=None if months else n, months=months, cycle=once)])
    for m in (_SPLIT_YEARS_RE.finditer(text) if "分" in text else ()):
        n = cn_to_int(m.group("n"))
        last = _last_year_from_first(text, m.start(), n) if n and n <= 10 else None
        if last is not None:
            add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "deadline", "point", a=last)])
    for m in (_DOC_WITHIN_RE.finditer(text) if "日起" in text or "发后" in text or "布后" in text else ()):
        n = cn_to_int(m.group("n"))
        u = m.group("u")
        daily = u in ("日", "天") or u.endswith("工作日")
        if n and (n <= 30 or daily and n <= 180):
            months = n if u == "个月" else None
            days = n if daily else None  # `本通知印发之日起15日内`
            add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "deadline", "within",
                                              years=None if months or days else n, months=months, days=days,
                                              workdays=u.endswith("工作日"))])
    for m in (_AHEAD_RE.finditer(text) if "今后" in text or "未来" in text else ()):
        n = cn_to_int(m.group("n"))
        if n and n <= 30:
            add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "period", "ahead", years=n)])
    for m in (_ISSUE_RANGE_RE.finditer(text) if "即日" in text else ()):
        b = _parse_point(m.group("b"))
        if b is not None:
            add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "period", "issue", b=b)])
    for m in (_ISSUE_RE.finditer(text) if "日起" in text else ()):
        mode = "cycle" if "年月日" in m.group() else "issue"
        add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "start", mode)])
    for m in (_QUARTER_LAST_MONTH_RE.finditer(text) if "末月" in text or "最后" in text or "首月" in text or "个月" in text else ()):
        add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "deadline", "cycle")])
    for m in (_CYCLE_PHRASE_RE.finditer(text) if "年度" in text or "自然年" in text else ()):
        add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "period", "cycle")], prio=1)
    if ("当日" in text or "当天" in text) and _DAILY_RE.search(text):  # 每日完成当日结算信息对账
        for m in _SAME_DAY_RE.finditer(text):
            add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "date", "cycle")])
    for m in (_LAST_N_YEARS_RE.finditer(text) if "近" in text or "过去" in text else ()):
        n = cn_to_int(m.group("n"))
        if n and 2 <= n <= 10:
            if _DATA_BASIS_RE.search(text, max(0, m.start() - 6), m.start()) \
                    and len(set(YEAR_NUM_RE.findall(text, m.end(), _sentence_end(text, m.end())))) < n:
                # (`按近三年数据加权计算，2021年、2022年、2023年的权重分别为…`: the sentence names the years, fixed)
                # `以近三年住院病例数据为基础`: a rolling data window of a rule, no fixed years
                add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "period", "cycle")])
                continue
            add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "period", "range",
                                              a=TimePoint(year_rel=-n, year_anchor="doc"), b=TimePoint(year_rel=-1, year_anchor="doc"))])
    for m in (_PREV_N_YEARS_RE.finditer(text) if "前" in text else ()):
        n = cn_to_int(m.group("n"))
        if n and 2 <= n <= 10:
            add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "period", "cycle")])
    for m in (_PAST_YEARS_RE.finditer(text) if "往年" in text else ()):
        add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "period", "before",
                                          a=TimePoint(year_rel=-1, year_anchor="cycle"))])
    for m in (_WHOLE_YEAR_RE.finditer(text) if "全年" in text else ()):
        add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "period", "point",
                                          a=TimePoint(year_rel=0, year_anchor="cycle", part="whole"))])
    # cycles of no year/quarter/month unit (every null): `三年一周期`, `两年为一个周期` (like 每隔2年), `每两年`,
    # `半年和年度工作总结`, `半年和全年形成评估报告` (each half year's report beside the year's, as 每半年)
    for rx, cues in ((_CYCLE_OF_N_RE, ("周期", "轮")), (_EVERY_N_RE, ("每",)), (_HALF_AND_YEAR_RE, ("半年",))):
        for m in (rx.finditer(text) if any(c in text for c in cues) else ()):
            add(m.start(), m.end(), [TimeSpan(m.group(), m.start(), m.end(), "recurring", "recurring")], prio=-1)
    for m in _RECUR_RE.finditer(text):
        w = m.group()
        every = {"年": "year", "季": "quarter", "月": "month"}.get(w[1]) if m.group("dist") else _FREQ[w][0]
        spans = [TimeSpan(w, m.start(), m.end(), "recurring", "recurring", every=every)]
        pos = m.end()
        while True:  # further units listed after it: 按月、旬、周、日 ; 按季度或月 ; 日（周、旬）
            it = _UNIT_ITEM_RE.match(text, pos)
            if not it:
                break
            u = it.group("u")
            spans.append(TimeSpan(u, it.start("u"), it.end("u"), "recurring", "recurring", every=_UNIT_WORDS[u]))
            pos = it.end()
        for sp in spans:
            add(sp.start, sp.end, [sp], prio=-1)
    for m in (_RATE_PER_RE.finditer(text) if "/" in text or "／" in text or "·" in text else ()):
        # the time unit a rate is counted per (`600元/人·月`, `≥12次/年`): a repeat of that unit
        add(m.start("u"), m.end("u"), [TimeSpan(m.group("u"), m.start("u"), m.end("u"), "recurring", "recurring",
                                                every=_UNIT_WORDS.get(m.group("u")))], prio=-1)
    for m in (_COMPOUND_RE.finditer(text) if "月" in text else ()):
        add(m.start(), m.end(), _split_compound(text, m), prio=1)
    return out


def _split_compound(text: str, m: re.Match) -> list[TimeSpan]:
    """One span per month of a list sharing its day/part/suffix (``7月、10月以及次年1月的5日前``)."""
    share = _parse_point("1月" + m.group("share").lstrip("的")) if m.group("share") else None
    if share is None:
        return []
    suf, pre = m.group("suf") or "", m.group("pre") or ""
    items = list(_M_ITEM_RE.finditer(text, m.start("items"), m.end("items")))
    spans: list[TimeSpan] = []
    prev: TimePoint | None = None
    for i, it in enumerate(items):
        p = _parse_point(it.group())
        if p is None:
            return []
        p = replace(p, day=share.day, hhmm=share.hhmm, part=share.part)
        if prev is not None and not p.has_year:
            p = _with_year_of(p, prev)
        prev = p
        s = m.start() if (i == 0 and pre) else it.start()
        e = m.end() if i == len(items) - 1 else it.end()
        typ, mode = _type_of(pre, p, suf)
        spans.append(TimeSpan(text[s:e], s, e, typ, mode, a=p))
    return spans


def find_times(text: str, *, annual: bool = False) -> list[TimeSpan]:
    """Find the time expressions of ``text`` and parse them, without a reference date.

    ``annual`` is True in a document about one year's work (a 年度 task list, see
    :func:`nlp.extract.timenorm.is_annual_plan`): there the year is the document's, so a sentence
    with a quarterly or monthly cycle (`每季度…报送，次年1月15日前报送年度总结`) keeps `次年` resolvable
    (spec §5); a yearly cycle word (`每年`) still makes it each cycle's.

    Offsets are relative to ``text`` and ``span.text == text[span.start:span.end]``; spans
    never overlap and come in text order.  Never raises on any ``str``.

    >>> [(s.text, s.type) for s in find_times("到2025年，每年提升1-3个百分点；自2017年8月1日起施行")]
    [('到2025年', 'deadline'), ('每年', 'recurring'), ('自2017年8月1日起', 'start')]
    """
    if not isinstance(text, str):
        return []
    half = text.translate(_FW)  # full-width digits read as ASCII (one character for one)
    if not _TRIGGER.search(half):
        return []
    norm, keep = _squeeze(half)
    cands = _cands(norm)
    # longest first, then compounds/points over frequency words, then leftmost
    cands.sort(key=lambda c: (-(c[1] - c[0]), -c[2], c[0]))
    taken = bytearray(len(norm))  # 1 where a chosen span already sits
    chosen: list[TimeSpan] = []
    for s, e, _prio, spans in cands:
        if 1 in taken[s:e]:
            continue
        if _DOCNO_AFTER.match(norm, e) or _in_docno_brackets(norm, s, e) or _in_name(norm, s, e):
            continue
        if norm[e - 1 : e] == "月" and norm[e : e + 1] == "龄":
            continue  # `6月龄至5岁儿童`: an age in months
        taken[s:e] = b"\x01" * (e - s)
        chosen.extend(spans)
    chosen.sort(key=lambda sp: sp.start)
    out: list[TimeSpan] = []
    for sp in chosen:
        prev = out[-1] if out else None
        if (prev is not None and sp.mode == "point" and sp.a is not None and not sp.a.has_year
                and prev.a is not None and prev.a.year is not None and prev.mode == "point"
                and _LIST_GAP.fullmatch(norm, prev.end, sp.start)):
            sp = replace(sp, a=_with_year_of(sp.a, prev.a))  # 2023年7月、10月: 10月 of 2023
        if sp.mode != "recurring" and _CYCLE_BEFORE.search(norm, max(0, sp.start - 6), sp.start):
            sp = replace(sp, cycle=True)
        out.append(sp)
    # `自2024年10月1日起，至2025年3月31日止`: a start and the end that closes it are one period
    for k in range(len(out) - 2, -1, -1):
        sp, nxt = out[k], out[k + 1]
        if (sp.type == "start" and sp.mode == "point" and nxt.type == "deadline" and nxt.mode == "point"
                and sp.text[:1] in ("自", "从") and nxt.text[:1] in ("至", "到") and nxt.text.endswith("止")
                and norm[sp.end : nxt.start].strip() in (",", "，", "")):
            out[k : k + 2] = [TimeSpan(norm[sp.start : nxt.end], sp.start, nxt.end, "period", "range", a=sp.a, b=nxt.a,
                                       cycle=sp.cycle or nxt.cycle)]
    # `于4月10日、7月10日、10月10日前报送`: the dates listed before a deadline are deadlines too (spec §2:
    # one deadline per date of a compound), of each cycle when the first one is (`每年6月20日、12月20日前`)
    for k in range(len(out) - 2, -1, -1):
        sp, nxt = out[k], out[k + 1]
        if (sp.type == "date" and sp.mode == "point" and nxt.type == "deadline" and nxt.mode == "point"
                and sp.a is not None and sp.a.day is not None and nxt.a is not None and nxt.a.day is not None
                and _LIST_GAP.fullmatch(norm, sp.end, nxt.start)):
            out[k] = replace(sp, type="deadline")
            if sp.cycle and not nxt.cycle:
                out[k + 1] = replace(nxt, cycle=True)
    # `国庆、元旦、春节等节假日`, `春节期间门急诊排班`: a festival named bare is the holiday, an event, not a date (no
    # annotator of the gold marked one, 0 of 14); with a year or a suffix (`2024年中秋节`, `春节前`) it is one
    out = [sp for sp in out if not (sp.a is not None and sp.a.fest and sp.b is None and sp.a.year is None
                                    and sp.a.year_rel is None and _BARE_FEST_RE.fullmatch(sp.text))]
    # `新生儿出生当年`, `毕业当年`: the year of a person's own event, no time of the document (annotators leave it out)
    out = [sp for sp in out if not (sp.text in ("当年", "当年度") and _PERSON_EVENT_RE.search(norm, max(0, sp.start - 3), sp.start))]
    # 年终清算, 年终考核 (a yearly event, not this year's end; 年终前 stays a deadline)
    out = [replace(sp, type="recurring", mode="recurring", a=None, every="year")
           if sp.text == "年终" and sp.a is not None and sp.a.year is None and not _YEAR_END_DEADLINE.match(norm, sp.end) else sp
           for sp in out]
    # one sentence at a time: a cycle described in one sentence (按季度调度、年度考核。) says nothing of the
    # next (于7月、10月以及次年1月的10日前报送: the spec's compound, resolved)
    cycled: list[TimeSpan] = []
    for group in _by_sentence(norm, out):
        if _describes_cycle(group, norm):
            # (a bound 年度 in 年度工作总结 names this year's summary; a free 每年/按年 makes a yearly cycle)
            yearly = any(sp.mode == "recurring" and sp.every == "year" and sp.text[:1] in "每按逐" for sp in group)
            group = [replace(sp, cycle=True) if _is_cycle_relative(sp)
                     and not (annual and not yearly and (_year_cycle_only(sp) or _whole_year(sp))) else sp for sp in group]
        # `每年3月底前完成上年度考核，4月底前兑现绩效年薪`: the months after a month of each year are each year's too
        each = next((sp.start for sp in group if sp.cycle and sp.a is not None
                     and (sp.a.month is not None or sp.a.part in ("h1", "h2", "q1", "q2", "q3", "q4"))
                     and re.search(r"每\s?年\s?$", norm[max(0, sp.start - 3) : sp.start])), None)
        if each is not None:
            # (up to a time written with its own year: `每年下半年…，今年首次…于9月中旬前完成` is this year's)
            stop = next((sp.start for sp in group if sp.start > each and sp.a is not None
                         and (sp.a.year is not None or sp.a.year_anchor == "doc")), len(norm) + 1)
            # (and `全年` of such a sentence, outside a one-year document: `每年6月30日前、12月20日前分别报送半年和全年工作
            # 进展` reports each year's)
            group = [replace(sp, cycle=True) if each < sp.start < stop and sp.mode == "point" and sp.a is not None
                     and (not sp.a.has_year and sp.a.year_rel is None
                          and (sp.a.month is not None or sp.a.part in ("h1", "h2", "q1", "q2", "q3", "q4"))
                          or sp.a.year_rel in (None, 0) and _whole_year(sp) and not annual)
                     else sp for sp in group]
        cycled.extend(group)
    out = cycled
    # 以上年度收入为基数, 不计入当年绩效工资总额, 验收合格后的次月底前: these words name the cycle an event
    # falls in, never the document's own year or month (time_relative.tsv, anchor "each")
    out = [replace(sp, cycle=True) if _names_each_cycle(sp) else sp for sp in out]
    # 每年检查…三年内全部检查: N年内 is the cycle's length (a free frequency word; a bound morpheme such as
    # 分年度化解计划 names no repeating check: 力争用3年时间 stays a deadline)
    # (only after the frequency word and when the window covers everything: `三年内…不少于120名，每年不少于40名`
    # and `每年遴选5个专科…，三年内实现…均有…` are goals counted from the document)
    free = [sp.start for sp in out if sp.mode == "recurring" and sp.text[:1] in "每按逐一"]
    if free:
        out = [replace(sp, cycle=True) if sp.mode == "within" and min(free) < sp.start
               and _COVER_AFTER.match(norm, sp.end) else sp for sp in out]
    if keep is not None:  # back to the offsets of the text as given
        out = [replace(sp, start=keep[sp.start], end=keep[sp.end - 1] + 1) for sp in out]
    return [replace(sp, text=text[sp.start:sp.end]) for sp in out]


_SENTENCE_END = re.compile(r"[。！？!?]")
_PERSON_EVENT_RE = re.compile(r"(?:出生|毕业|入学|退休|退役|就业|入职|参军|离职|死亡|去世)(?:的|之)?$")
_YEAR_END_DEADLINE = re.compile(r"\s?(?:前|之前|以前|时)")


def _by_sentence(text: str, spans: list[TimeSpan]) -> list[list[TimeSpan]]:
    """``spans`` (in text order) grouped by the sentence of ``text`` they start in."""
    groups: list[list[TimeSpan]] = []
    bound = -1
    for sp in spans:
        if not groups or sp.start >= bound:
            m = _SENTENCE_END.search(text, sp.start)
            bound = m.end() if m else len(text) + 1
            groups.append([])
        groups[-1].append(sp)
    return groups


def _year_cycle_only(sp: TimeSpan) -> bool:
    """Only years relative to the cycle (次年1月15日前), none of the words that always name one (上年度)."""
    offs = _cycle_offsets(sp)
    return bool(offs) and all(u == "year" for u, _ in offs) and not _names_each_cycle(sp)


def _whole_year(sp: TimeSpan) -> bool:
    """`全年`: in a one-year document, the document's year even in a sentence describing a quarterly cycle
    (`每季度…报送进展，12月15日前报送全年完成情况`)."""
    return sp.a is not None and sp.a.part == "whole" and sp.a.year is None and sp.b is None


def _names_each_cycle(sp: TimeSpan) -> bool:
    return any(p is not None and p.names_each_cycle for p in (sp.a, sp.b))


def _is_cycle_relative(sp: TimeSpan) -> bool:
    return any(p is not None and p.cycle_relative for p in (sp.a, sp.b))


def _cycle_offsets(sp: TimeSpan) -> set[tuple[str, int]]:
    """(unit, offset) of the cycle-relative parts of a span: 次月 ("month", 1), 上年度 ("year", -1)."""
    out = set()
    for p in (sp.a, sp.b):
        if p is None or p.part == "whole":  # 全年 names a cycle but relates nothing
            continue
        if p.year_anchor in CYCLE_ANCHORS and p.year_rel is not None:
            out.add(("year", p.year_rel))
        if p.month_anchor in CYCLE_ANCHORS and p.month_rel is not None:
            out.add(("month", p.month_rel))
        if p.quarter_rel is not None:
            out.add(("quarter", p.quarter_rel))
    return out


def _describes_cycle(spans: list[TimeSpan], text: str | None = None) -> bool:
    """A sentence that describes a repeating cycle: a frequency word with a cycle-relative word
    (每年1月底前…上年第四季度), or two cycle-relative words of one unit that relate two different
    cycles (当月…次月20日前, 当年度…次年第一季度, 次年6月底前…上年度); 月底前…本月 does not."""
    if len(spans) < 2:
        return False
    offsets: set[tuple[str, int]] = set()
    for sp in spans:
        offsets |= _cycle_offsets(sp)
    if not offsets:
        return False
    rec = [sp for sp in spans if sp.mode == "recurring"]
    if rec:
        if text is None:
            return True
        # `本年度内至少组织1次培训；…每半年组织一次交流`: this cycle's year (本年度, offset 0) in another clause
        # than the frequency word relates two tasks, not one cycle; a word relating two cycles (次年, 上一季度)
        # makes the sentence a cycle wherever it stands
        def same_clause(a: TimeSpan, b: TimeSpan) -> bool:
            return not re.search(r"[;；]", text[min(a.start, b.start) : max(a.start, b.start)])
        # (one of another unit than every frequency word, in another clause, relates nothing to it: `…较上年提高2个
        # 百分点；投诉控制在每季度3件以内`)
        units = {sp.every for sp in rec}
        rel = [sp for sp in spans if _cycle_offsets(sp)]
        if any(any(off != 0 and (u in units or None in units) for u, off in _cycle_offsets(b))
               or any(same_clause(a, b) for a in rec) for b in rel):
            return True
    kinds = [u for u, _ in offsets]
    return any(kinds.count(u) >= 2 for u in set(kinds))


_EDITION_AFTER = re.compile(r"\s?(?:年)?\s?(?:修订|修正|修改|版)?\s?[）)]")
_REVISION_AFTER = re.compile(r"\s?(?:修订|修正)")


def _in_name(text: str, s: int, e: int) -> bool:
    """A year inside a name (spec §5): inside 《》 (《…2020年度市县任务清单》), an edition or revision in
    brackets right after a title (《…目录》（2025年）, （2024年修订）), or a bare revision mark (2024年修订)."""
    if _REVISION_AFTER.match(text, e) and not text[s:e].rstrip().endswith(("前", "内", "底", "末", "起", "后", "半年", "季度", "月", "旬")) \
            and not text[s:e].startswith(("今年", "明年", "年内", "本年", "次年")):
        return True  # (`3月底前修订完善章程`, `明年上半年修订`: when a revision is due is a time)
    if "《" not in text and "》" not in text:
        return False
    opened = text.rfind("《", 0, s)
    if opened >= 0 and text.rfind("》", 0, s) < opened and text.find("》", e) >= 0:
        return True
    before = text[:s].rstrip()
    if before.endswith(("》（", "》(")) and _EDITION_AFTER.match(text, e):
        return True
    return False


def _in_docno_brackets(text: str, s: int, e: int) -> bool:
    """``〔2019年〕2号`` and the like: a year in the brackets of a document number."""
    return s > 0 and text[s - 1] in "〔[［" and e < len(text) and text[e] in "〕]］"

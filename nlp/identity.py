"""The document's own identity: issue date, number (文号), title, issuer, region.

Implements spec/extraction.md §1 and the identity conventions of §5.

Issue-date candidates (all are kept in ``identity.candidates``, in document order):

=================  ===================================================================
rule               where the date comes from
=================  ===================================================================
``header_written``  metadata header ``成文日期`` (key and value on one line or two)
``signature``       a date line right under the issuing body's name (or on the same
                    line: ``宁德市卫生健康委员会2023-6-29``), or under a signer line
                    (``局长：胡静林``), or right after the transmission formula
                    (``现将…印发给你们``), or among the last lines of the document
``printed``         the ``印发`` line (``慈溪市人民政府办公室  2020年8月20日印发``)
``header_issued``   metadata header ``发布日期``/``发文日期``/``公开日期``/``发布时间``
                    laid out as a metadata block (no time of day, no page chrome)
``promulgated``     a law's note under the title (``（2021年1月15日国务院令第735号公布，
                    自2021年5月1日起施行）``): the original 公布/发布/通过 date (the
                    one the order number belongs to); the latest 修订/修正 date only when
                    no original date is written
``revised``         a later 修订/修正 date in that note (kept, never chosen)
``web_posted``      a web page timestamp (``更新时间:2017-09-07``,
                    ``发布时间: 2022-01-01 15:47 信息来源: …``); span includes the time
``date_line``       any other line that is only a date, near the top or bottom
=================  ===================================================================

Precedence (first rule that has a candidate wins; within a rule the first one
in the document): ``header_written`` > ``signature`` > ``printed`` >
``header_issued`` > ``promulgated`` > ``web_posted`` > ``date_line``.
Rationale: §5 says the 成文日期 equals the signature date, and a signature date
beats a later web posting date; when the two disagree (the Cixi file: 成文日期
2020-08-20, signature 2020-08-18) the explicit metadata field wins because the
publisher corrected/confirmed it. Effective dates (``生效日期``, ``施行日期``,
``自…起施行``) are never candidates, nor are dates inside body sentences.
No candidate → ``issued`` is None.

``doc_number`` comes from the metadata header (``文件编号``/``发文字号``/``文号``), a
stand-alone number line near the top (``（医保发〔2019〕67 号）``, ``国务院令第 25 号``),
a number in parentheses at the end of the title, or a law note (the last
``…令第N号``). Spaces are dropped and the brackets around the year are written
``〔〕`` (``国食药监安[2011]442 号`` → ``国食药监安〔2011〕442号``). Numbers cited in
the body are never used.

``issuer``: the signature's issuing bodies (joined with ``、``), else the title's
prefix (``国家医疗保障局关于…``, ``XX印发…``), else the ``发布机构`` header (expanded
only when the text spells out a full name ending the same way), else the body in
an order note (``国家医疗保障局令第4号`` → 国家医疗保障局), else the page's
``信息来源``. ``region``: the first place name (``XX省/市/县/区/自治区/自治州/盟/旗``)
at the start of the issuer, else of the title; None for national issuers.
"""

from __future__ import annotations

import datetime as _dt
import re

from nlp.doc import DateCandidate, Document, Identity
from nlp.extract.spaces import ASCII_DIGITS, drop_at, stray_spaces
from nlp.segment import _CHROME, _DISTRIBUTION, _TRANSMIT, _is_chrome, _lines, _merge_wrapped, _numbering, _wrap_width, resource_lines, starts_own_title
from nlp.segment import _META_LINE as _SEG_META

PRECEDENCE = ("header_written", "signature", "printed", "header_issued", "promulgated", "web_posted", "date_line")
KEPT_ONLY = ("revised",)  # candidates reported but never chosen

# --------------------------------------------------------------------------- dates

_CN_DIGIT = {"〇": 0, "○": 0, "O": 0, "o": 0, "零": 0, "0": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CNY = "[〇○OoＯ零一二三四五六七八九]"
_CNN = "[一二三四五六七八九十]"
DATE_RE = re.compile(
    r"(?P<ay>\d{4})\s*年\s*(?P<am>\d{1,2})\s*月\s*(?P<ad>\d{1,2})\s*[日号]"
    r"|(?P<iy>\d{4})\s*[-/.]\s*(?P<im>\d{1,2})\s*[-/.]\s*(?P<id>\d{1,2})(?!\d)"
    rf"|(?P<cy>{_CNY}{{4}})\s*年\s*(?P<cm>{_CNN}{{1,3}})\s*月\s*(?P<cd>{_CNN}{{1,3}})\s*日"
)
# `…请遵照执行。 国家食品药品监督管理局 二〇一一年十月十一日` on one line (a flattened PDF signature)
_INLINE_SIGNATURE_RE = re.compile(
    r"(?:请(?:认真)?遵照执行|请认真贯彻执行|请认真组织实施|请贯彻执行|请认真贯彻落实)\s?[。.]?[\s\u3000]*"
    r"(?P<org>[\u4e00-\u9fff\s]{2,40}?(?:局|委员会|委|部|院|厅|办公室|政府|中心))[\s\u3000]*"
    r"(?P<date>" + DATE_RE.pattern + r")[\s\u3000]*$",
    re.M,
)
_TIME_OF_DAY = re.compile(r"^\s*\d{1,2}:\d{2}(:\d{2})?")


def _cn_small(s: str) -> int | None:
    """一..三十一 → int."""
    if not s:
        return None
    if "十" in s:
        a, _, b = s.partition("十")
        tens = _CN_DIGIT.get(a, 1) if a else 1
        ones = _CN_DIGIT.get(b, 0) if b else 0
        return tens * 10 + ones
    if len(s) == 1:
        return _CN_DIGIT.get(s)
    return None


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def date_of_match(m: re.Match[str]) -> str | None:
    """ISO date of a :data:`DATE_RE` match (None if not a real calendar date)."""
    if m.group("ay"):
        return _iso(int(m.group("ay")), int(m.group("am")), int(m.group("ad")))
    if m.group("iy"):
        return _iso(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    y = "".join(str(_CN_DIGIT[c]) for c in m.group("cy"))
    mo, d = _cn_small(m.group("cm")), _cn_small(m.group("cd"))
    if mo is None or d is None:
        return None
    return _iso(int(y), mo, d)


def parse_date(text: str) -> str | None:
    """ISO date of the first full date (``2020年8月18日``, ``2023-6-29``, ``2023/06/29``,
    ``二〇二一年十二月三十日``) in ``text``, else None."""
    for m in DATE_RE.finditer(text):
        iso = date_of_match(m)
        if iso:
            return iso
    return None


# --------------------------------------------------------------------------- patterns

_ORG_SUFFIX = "(?:" + "|".join(re.escape(k) for k in resource_lines("identity_org_suffixes.txt")) + ")"
_ORG_NAME = re.compile(rf"^[\u4e00-\u9fff（）()]{{2,40}}?{_ORG_SUFFIX}$")
_SIGNER = re.compile(r"^(局\s*长|部\s*长|主\s*任|总\s*理|主\s*席|省\s*长|市\s*长|县\s*长|区\s*长|署\s*长|委\s*员\s*长)\s*[:：\s]\s*[\u4e00-\u9fff·\s]{2,8}$")

_META_KEY_LINE = re.compile(r"^(?P<key>[\u4e00-\u9fff](?:[ \u3000]{0,4}[\u4e00-\u9fff]){1,5})\s*[:：]\s*(?P<val>.*)$")
_WRITTEN_KEYS = {"成文日期", "成文时间", "签发日期"}
_ISSUED_KEYS = {"发布日期", "发布时间", "发文日期", "公开日期", "印发日期", "公布日期"}
_NUMBER_KEYS = {"文件编号", "发文字号", "文号", "发文号", "文件字号"}
_ISSUER_KEYS = {"发布机构", "发文机关", "发文机构", "发文单位", "制发机关"}
_TITLE_KEYS = {"标题", "文件名称", "名称", "信息名称"}
_EFFECTIVE_KEYS = {"生效日期", "施行日期", "实施日期", "废止日期", "失效日期"}

_DOCNUM = re.compile(
    r"(?P<pre>[\u4e00-\u9fff]{1,15})\s*[〔\[［(（【]\s*(?P<year>\d{4})\s*[〕\]］)）】]\s*(?P<di>第?)\s*(?P<no>\d{1,5})\s*号"
)
_ORDER = re.compile(r"(?P<body>[\u4e00-\u9fff]{1,30}?)令\s*第\s*(?P<no>\d{1,5})\s*号")
# announcement numbers (公告/通告): ``2025年第79号``, ``国家药监局公告2025年第79号``
_ANNOUNCE = re.compile(r"(?P<pre>[\u4e00-\u9fff]{0,15}?)(?P<year>\d{4})\s*年\s*第\s*(?P<no>\d{1,4})\s*号")
_TITLE_END = re.compile(
    r"(通知|意见|决定|方案|规划|办法|条例|规定|细则|公告|通告|法|纲要|计划|要点|指南|规范|标准|目录|解读|批复|函|报告|"
    r"通报|措施|制度|清单|名录|指引|规程|要求|建议|说明|守则|准则|章程|政策解读|纪要)"
    r"(\s*[（(][^()（）]{1,20}[)）])*$"
)
_CHROME_PREFIX = re.compile(r"^(【[^】]{1,8}】|\[[^\]]{1,8}\])+")
_NATIONAL = re.compile("^(?:" + "|".join(re.escape(k) for k in resource_lines("identity_national_prefixes.txt")) + ")")
_PLACE = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:自治区|自治州|自治县|特别行政区|省|市|地区|盟|县|区|旗)")
_NOT_PLACE = re.compile(
    r"^(城乡|全市|全省|全县|全区|本市|本省|本县|各市|各县|各区|地级|县级|市级|省级|社区|街区|园区|景区|辖区|城区|新区|市区|"
    r"医疗|卫生|公立|关于|印发|城市|农村|地市|县市|省市|县区|贫困|民族|边远|偏远|试点|重点|部分|有关|相关|其他|东部|中部|西部|[^\u4e00-\u9fff])"
)


def _clean(s: str) -> str:
    return re.sub(r"\s+", "", s)


def normalize_doc_number(s: str) -> str | None:
    """``国办发〔2015〕7 号`` → ``国办发〔2015〕7号``; ``国食药监安[2011]442 号`` →
    ``国食药监安〔2011〕442号``; ``国务院令第 25 号`` → ``国务院令第25号``; full-width digits become
    ASCII (``白政办发〔２０２６〕９号`` → ``白政办发〔2026〕9号``)."""
    n = _doc_number_form(s)
    return n.translate(ASCII_DIGITS) if n else None



def _doc_number_form(s: str) -> str | None:
    m = _DOCNUM.search(s)
    if m:
        return f"{m.group('pre')}〔{m.group('year')}〕{m.group('di')}{m.group('no')}号"
    m = _ORDER.search(_blank_dates(s))
    if m:
        return f"{_order_body(m.group('body'))}令第{m.group('no')}号"
    m = _ANNOUNCE.search(s)
    if m:
        return f"{m.group('pre')}{m.group('year')}年第{m.group('no')}号"
    return None


def _blank_dates(s: str) -> str:
    """Replace full dates by spaces (same length) so they cannot join a name."""
    return DATE_RE.sub(lambda m: " " * len(m.group(0)), s)


def _order_body(body: str) -> str:
    """``中华人民共和国国务院`` → ``国务院`` (the state prefix of an order's issuer)."""
    body = _clean(body)
    if body.startswith("中华人民共和国") and len(body) > 7 and body != "中华人民共和国主席":
        body = body[len("中华人民共和国") :]
    return body


# --------------------------------------------------------------------------- helpers


def _key(m: re.Match[str]) -> str:
    """The key of a :data:`_META_KEY_LINE` match with letter-spacing removed (``标　　题`` → ``标题``)."""
    return re.sub(r"[ \u3000]", "", m.group("key"))


# other keys that share a line with metadata fields on flattened pages
_PAGE_KEYS = {"来源", "字号", "浏览次数", "阅读次数", "点击数", "作者", "时间", "访问量"}


def _spaced(key: str) -> str:
    return "[ \u3000]{0,4}".join(re.escape(c) for c in key)


def _key_only(t: str) -> bool:
    """``成文日期：`` alone on its line (its value is on the next line)."""
    m = _SEG_META.match(t.rstrip(":：") + "：")
    return bool(m) and not m.group(2).strip()


def _meta_fields(lines) -> dict[str, tuple[str, int, int, int]]:
    """Metadata header fields: key -> (value, value_start, value_end, line index).

    A key and its value on one line (``发文字号：国办发〔2021〕18号``), on two lines
    (``成文日期：`` / ``2021年05月14日``), or several key/value pairs flattened onto one
    line from a web page table (``发文机关：平阳县人民政府办公室 成文日期：2022年03月15日``).
    Keys may be letter-spaced (``标　　题：``, ``索 引 号：``)."""
    out: dict[str, tuple[str, int, int, int]] = {}
    known = _WRITTEN_KEYS | _ISSUED_KEYS | _NUMBER_KEYS | _ISSUER_KEYS | _TITLE_KEYS | _EFFECTIVE_KEYS | {"索引号", "公开方式", "主题分类", "信息来源"}
    inline = re.compile(
        r"(?:^|(?<=[\s\u3000]))(?P<key>" + "|".join(_spaced(k) for k in sorted(known | _PAGE_KEYS, key=len, reverse=True)) + r")\s*[:：]"
    )
    for i, ln in enumerate(lines):
        m = _META_KEY_LINE.match(ln.text)
        if not m or _key(m) not in known or len(ln.text) > 160:
            continue
        pairs = list(inline.finditer(ln.text))
        if len(pairs) >= 2 and pairs[0].start() == 0:
            for a, b in zip(pairs, pairs[1:] + [None]):
                k = re.sub(r"[ \u3000]", "", a.group("key"))
                raw = ln.text[a.end() : b.start() if b else len(ln.text)]
                val = raw.strip(" \u3000\t")
                if k in known and val:
                    vs = ln.start + a.end() + (len(raw) - len(raw.lstrip(" \u3000\t")))
                    out.setdefault(k, (val, vs, vs + len(val), i))
            continue
        key, val = _key(m), m.group("val").strip()
        if val:
            vs = ln.start + m.start("val")
            ve = vs + len(m.group("val").rstrip())
        elif i + 1 < len(lines) and not _META_KEY_LINE.match(lines[i + 1].text) and len(lines[i + 1].text) <= 80:
            val, vs, ve = lines[i + 1].text, lines[i + 1].start, lines[i + 1].end
        else:
            continue
        out.setdefault(key, (val, vs, ve, i))
    return out


def _header_end(lines) -> int:
    """Index of the first line of the document body (after title, number, distribution)."""
    for i, ln in enumerate(lines[:40]):
        t = ln.text
        nb = _numbering(t)
        if nb and nb[0] in ("cn", "pcn", "zhang", "tiao", "bian", "part"):
            return i
        if len(t) > 100 and not _DISTRIBUTION.match(t) and not _TRANSMIT.search(t) and not t.startswith(("（", "(")):
            return i
    return min(len(lines), 40)


def _split_orgs(text: str) -> list[str]:
    """``卫生健康委 教 育 部`` → [卫生健康委, 教育部] (letter-spaced names re-joined)."""
    toks = text.split()
    out: list[str] = []
    buf = ""

    def flush() -> None:
        # letter-spaced names written one after another (``医 保 局 药 监 局``) merge
        # into one token: split it again after each organisation suffix
        if buf:
            out.extend(p for p in re.findall(r".+?(?:局|部|委|院|厅|署)(?=.{2,}$)|.+$", buf) if p)

    for t in toks:
        if len(t) == 1:
            buf += t
            continue
        flush()
        buf = ""
        out.append(t)
    flush()
    return out


def _is_org_line(t: str) -> bool:
    return all(_ORG_NAME.match(o) for o in _split_orgs(t)) and len(t) <= 80 and bool(_split_orgs(t))


def _place(text: str | None) -> str | None:
    """Most specific place name in the chain at the start of ``text``."""
    if not text:
        return None
    text = _clean(text)
    if _NATIONAL.match(text):
        return None
    text = re.sub(r"^(中共|中国共产党)", "", text)
    text = re.sub(r"^关于(印发|转发)", "", text)
    text = re.sub(r"^[\d０-９]{4}\s*年(度)?|^[《“\"]+", "", text)
    found = None
    pos = 0
    while True:
        m = _PLACE.match(text, pos)
        if not m or _NOT_PLACE.match(m.group(0)) or re.search(r"关于|[部局委厅院署办会司处和与及的、]", m.group(0)[:-1]):
            break
        if text[m.end() : m.end() + 1] in ("域", "级", "乡", "村", "镇") and m.group(0)[-1] in "县市区省":
            break  # 紧密型县域, 县级, 县乡: a word, not a place
        found = m.group(0)
        pos = m.end()
    return found


# --------------------------------------------------------------------------- main


_LINKED_RE = re.compile(r"^\s*(?:相关链接|相关文件|相关阅读|原文链接|政策原文|文件原文|附[:：]?\s*原文)\s*[:：]?\s*$")


def _bracket_notes(text: str, lines):
    """The notes in brackets among the first six lines (a law's ``（2021年1月15日国务院令第735号公布，
    自2021年5月1日起施行）``), each as (start offset, note text, offset map): a note wrapped over up to
    four lines is read to its closing bracket, without its line breaks and stray spaces."""
    for k, ln in enumerate(lines[:6]):
        if ln.text[:1] not in "(（":
            continue
        z = k
        while z < min(len(lines), k + 4) - 1 and lines[z].text[-1:] not in ")）":
            z += 1
        note = text[ln.start : lines[z].end]
        t, pos = drop_at(note, [q for q, ch in enumerate(note) if ch == "\n"] + stray_spaces(note))
        if t[-1:] in ")）":
            yield ln.start, t, pos


def _date_candidates(doc: Document, lines, meta) -> list[DateCandidate]:
    text = doc.text
    cands: list[DateCandidate] = []

    def add(rule: str, s: int, e: int) -> None:
        span = text[s:e]
        m = DATE_RE.search(span)
        if not m:
            return
        iso = date_of_match(m)
        if not iso:
            return
        ds, de = s + m.start(), s + m.end()
        if rule == "web_posted":
            t = _TIME_OF_DAY.match(text[de : de + 12])
            if t:
                de += t.end()
        cands.append(DateCandidate(date=iso, rule=rule, start=ds, end=de, text=text[ds:de]))

    meta_lines: set[int] = set()
    for key, (val, vs, ve, li) in meta.items():
        meta_lines.add(li)
        if key in _WRITTEN_KEYS:
            add("header_written", vs, ve)
        elif key in _ISSUED_KEYS:
            dm = DATE_RE.search(val)
            web = (
                bool(dm and _TIME_OF_DAY.match(val[dm.end() :]))
                or len(_CHROME.findall(lines[li].text)) > 1
                or bool(re.search(r"(来源|字号|浏览次数|点击数|阅读次数|作者)\s*[:：]", lines[li].text))
            )
            add("web_posted" if web else "header_issued", vs, ve)

    # paragraphs: physical lines joined where a PDF or web copy wrapped a sentence; positions
    # near the top or the end of the document are counted in paragraphs
    paras, para_of = _merge_wrapped(lines, text, set(), _wrap_width(lines))
    n = len(paras)
    transmit_seen = -10  # the paragraph that transmits the document (…印发给你们，请遵照执行)
    for i, ln in enumerate(lines):
        t = ln.text
        if _LINKED_RE.match(t):
            break  # `相关链接：` on a web page: what follows is another document (its signature is not the page's)
        if i in meta_lines or (i - 1 in meta_lines and _META_KEY_LINE.match(lines[i - 1].text) and not _META_KEY_LINE.match(lines[i - 1].text).group("val")):
            continue
        if _TRANSMIT.search(t) or _TRANSMIT.search(paras[para_of[i]].text.replace("\n", "")):
            transmit_seen = para_of[i]
            if im := _INLINE_SIGNATURE_RE.search(t):
                # a PDF copy that ran the signature into the transmission paragraph
                # (`…现予印发，请遵照执行。 国家食品药品监督管理局 二〇一一年十月十一日`)
                add("signature", ln.start + im.start("date"), ln.start + im.end("date"))
        if len(t) > 160:
            continue
        if _is_chrome(t) and DATE_RE.search(t):
            m = re.search(r"(更新时间|发布时间|发布日期|发表时间|时间|日期)\s*[:：]?\s*", t)
            if m:
                add("web_posted", ln.start + m.end(), ln.end)
            continue
        if re.search(r"印\s*发\s*$", t) and DATE_RE.search(t) and len(t) <= 80:
            add("printed", ln.start, ln.end)
            continue
        dm = DATE_RE.search(t)
        if not dm:
            continue
        before = t[: dm.start()].strip()
        after = t[dm.end() :].strip()
        if after:
            continue
        prev = lines[i - 1].text if i > 0 else ""
        if not before:
            if _is_org_line(prev) or _SIGNER.match(prev) or (para_of[i] - transmit_seen) <= 2 or para_of[i] >= n - 3:
                add("signature", ln.start, ln.end)
            elif para_of[i] < 15 or para_of[i] >= n - 8:
                add("date_line", ln.start, ln.end)
        elif _is_org_line(before):
            add("signature", ln.start, ln.end)
    # a law's note under the title: the original 公布/发布/通过 date issued the text (its order number
    # is the doc_number); later 修订/修正 dates are kept as ``revised`` candidates
    for start, t, pos in _bracket_notes(text, lines):
        if re.search(r"(公布|发布|通过|修订|修正)", t):
            issued_m = adopted_m = None
            revised: list[re.Match] = []
            for m in DATE_RE.finditer(t):
                pre = t[max(0, m.start() - 2) : m.start()]
                post = t[m.end() : m.end() + 40]
                nxt = DATE_RE.search(post)
                seg = post[: nxt.start()] if nxt else post
                if "自" in pre or re.match(r"\s*起\s*(施行|实施)", post):
                    continue
                if re.search(r"修订|修正", seg):
                    revised.append(m)
                elif re.search(r"公布|发布", seg):
                    issued_m = issued_m or m  # a regulation: 通过 by the State Council, then 公布 by order
                elif "通过" in seg:
                    adopted_m = adopted_m or m  # a law: adopted (and promulgated) that day
            issued_m = issued_m or adopted_m
            if issued_m is None and revised:
                issued_m = revised.pop()  # only revisions stated: the latest one issued this text
            if issued_m:
                add("promulgated", start + pos[issued_m.start()], start + pos[issued_m.end() - 1] + 1)
            for m in revised:
                add("revised", start + pos[m.start()], start + pos[m.end() - 1] + 1)
            break
    cands.sort(key=lambda c: c.start)
    return cands


def _issue_line(t: str) -> bool:
    """A bulletin's or minutes' issue line: its number (`第4期`) or its issuing office and date on one line."""
    if re.fullmatch(r"第\s*\d{1,4}\s*期", t):
        return True
    m = DATE_RE.search(t)
    return m is not None and m.start() > 0 and m.end() == len(t.rstrip()) and _is_org_line(t[: m.start()].strip())


def _title(lines, hend: int, meta) -> tuple[str | None, str | None]:
    """(title, issuer-from-title-block)."""
    if any(k in meta for k in _TITLE_KEYS):
        for k in _TITLE_KEYS:
            if k in meta:
                return meta[k][0], None
    meta_idx = {v[3] for v in meta.values()}
    meta_idx |= {v[3] + 1 for v in meta.values() if v[3] + 1 < len(lines) and v[1] >= lines[v[3] + 1].start}
    cand: list[str] = []
    limit = max(hend, 1)
    for i in range(min(limit + 1, len(lines), 25)):
        t = lines[i].text
        if i in meta_idx or _META_KEY_LINE.match(t) and _key(_META_KEY_LINE.match(t)) in (_WRITTEN_KEYS | _ISSUED_KEYS | _NUMBER_KEYS | _ISSUER_KEYS | _TITLE_KEYS):
            continue
        if _is_chrome(t) or _SEG_META.match(t) or (i > 0 and _key_only(lines[i - 1].text)):
            continue
        if _numbering(t):
            continue
        if _DOCNUM.fullmatch(t.strip("()（） ")) or _ORDER.fullmatch(t.strip("()（） ")) or DATE_RE.fullmatch(t):
            continue
        if _issue_line(t):
            continue  # a bulletin's or minutes' issue line (`第4期`, `…领导小组办公室　2025年8月14日`)
        if _DOCNUM.search(t) and re.search(r"签\s*发\s*人", t):
            continue  # `柳卫健字〔2025〕58号　　签发人：钟立华`: the number line of a report
        if t.endswith("文件") and len(t) > 4 and _is_org_line(t[:-2].strip()):
            continue  # `赣源市柳塘区卫生健康局文件`: the red header, not the title
        if "。" in t or len(t) > 120 or _DISTRIBUTION.match(t):
            continue
        cand.append((i, t))
    if not cand:
        return None, None
    idx = {i for i, _ in cand}
    above_posting = [(i, lines[i].text) for i in range(min(len(lines) - 1, 30))
                     if i not in idx and i > max(idx) and not _is_chrome(lines[i].text) and "。" not in lines[i].text]
    for i, t in cand + above_posting:
        # a web page: the line right above its posting line (`来源：…　发布时间：2025-11-03 10:20`) that ends as a title
        # does, alone on its line (not the nav items above it: `新闻动态` / `政策解读`)
        # (a title printed again below in the document's own title block is read there, with its issuer line)
        if i - 1 not in idx and _posting_line_after(lines, i) and (_TITLE_END.search(t) or _QA_END.search(t)) and len(t) >= 8 \
                and not any(j > i and _clean(t2) == _clean(t) for j, t2 in cand):
            return _CHROME_PREFIX.sub("", t).strip(), None
    for k, (i, t) in enumerate(cand):
        if k + 1 < len(cand) and cand[k + 1][0] == i + 1 and not _TITLE_END.search(t) and starts_own_title(t, cand[k + 1][1]):
            continue  # a banner above the title
        t0 = _CHROME_PREFIX.sub("", t).strip()
        t0 = re.sub(r"\s*[（(][^()（）]*(〔|\[|［)\d{4}[^()（）]*号[)）]\s*$", "", t0)
        issuer = None
        parts = [t0]
        # an issuer-only line followed by 关于… ; or a title wrapped over several lines
        j = k + 1
        while (not _TITLE_END.search(parts[-1]) or _open_quote(parts)) and j < len(cand) and cand[j][0] == cand[j - 1][0] + 1 \
                and len(parts) < 4:
            parts.append(cand[j][1])
            j += 1
        if len(parts) > 1 and _TITLE_END.search(parts[-1]):
            if _is_org_line(parts[0]) and parts[1].startswith("关于"):
                issuer = parts[0]
            return _join_title(parts), issuer
        if t0.startswith("《") and t0.endswith("》"):
            t0 = t0[1:-1]
        if _TITLE_END.search(t0):
            # a web page's title repeated below in the document's own title block with
            # the issuer's line above it (``郴州市人民政府办公室`` / ``关于印发…的通知``)
            for (i1, a), (i2, b2) in zip(cand[k + 1 :], cand[k + 2 :]):
                if i2 == i1 + 1 and _clean(b2) == _clean(t0) and _is_org_line(a) and t0.startswith("关于"):
                    return a + b2, a
            return t0, None
    for i, t in cand:
        # no line reads as a title: on a web page, the line right above the posting line
        # (`国家医保局有关负责人就…答记者问` / `来源：国家医疗保障局　发布时间：2025-12-08 16:30`)
        if _posting_line_after(lines, i) and len(t) >= 8:
            return _CHROME_PREFIX.sub("", t).strip(), None
    t0 = _CHROME_PREFIX.sub("", cand[0][1]).strip()
    return t0, None


_QA_END = re.compile(r"(?:答记者问|答问|问答|答疑)$")
_POSTING_LINE = re.compile(r"(?:来源|发布时间|发布日期|信息来源)\s*[:：]")


def _posting_line_after(lines, i: int) -> bool:
    """True when the line after ``lines[i]`` is a web page's dated posting line (`来源：…　发布时间：2025-11-03`)."""
    nxt = lines[i + 1].text if i + 1 < len(lines) else ""
    return _POSTING_LINE.search(nxt) is not None and DATE_RE.search(nxt) is not None


def _open_quote(parts: list[str]) -> bool:
    """True when a title's lines so far leave a 《 open (`关于印发《…实施方案` / `（2023—2025年）》的通知`)."""
    joined = "".join(parts)
    return joined.count("《") > joined.count("》")


def _join_title(parts: list[str]) -> str:
    """A title printed over several lines, joined; a line of joint issuers and the next body are kept apart
    by a space, as the issuers within the line are (`国家卫生健康委办公厅 国家中医药局综合司` / `国家疾控局综合司关于…`)."""
    out = parts[0]
    for prev, nxt in zip(parts, parts[1:]):
        apart = len(prev.split()) >= 2 and _is_org_line(prev) and not nxt.startswith(("关于", "印发", "转发"))
        out += (" " if apart else "") + nxt
    return out


def _issuer_from_title(title: str | None) -> str | None:
    if not title:
        return None
    m = re.match(r"^(.{2,80}?)(关于|印发|转发)", title)
    if not m:
        return None
    orgs = _split_orgs(m.group(1))
    if orgs and all(_ORG_NAME.match(o) for o in orgs):
        return "、".join(orgs)
    return None


def _signature_issuer(lines, cands: list[DateCandidate]) -> str | None:
    sig = next((c for c in cands if c.rule == "signature"), None)
    if sig is None:
        return None
    idx = next((i for i, ln in enumerate(lines) if ln.start <= sig.start < ln.end + 1), None)
    if idx is None:
        return None
    inline = _INLINE_SIGNATURE_RE.search(lines[idx].text)
    if inline and lines[idx].start + inline.start("date") == sig.start:
        return _clean(inline.group("org")) or None  # `…请遵照执行。 <机关> <日期>` on one line
    before = lines[idx].text[: sig.start - lines[idx].start].strip()
    orgs: list[str] = []
    if before and _is_org_line(before):
        orgs = _split_orgs(before)
    else:
        k = idx - 1
        block: list[str] = []
        while k >= 0 and _is_org_line(lines[k].text) and idx - k <= 8:
            block.insert(0, lines[k].text)
            k -= 1
        for b in block:
            orgs.extend(_split_orgs(b))
    orgs = [o for o in orgs if _ORG_NAME.match(o)]
    return "、".join(orgs) if orgs else None


def _doc_number(text: str, lines, hend: int, meta, title: str | None) -> str | None:
    for k in _NUMBER_KEYS:
        if k in meta:
            dn = normalize_doc_number(meta[k][0])
            if dn:
                return dn
    for k, ln in enumerate(lines[:6]):
        # an order's number printed under its heading: ``中华人民共和国国务院令`` / ``第735号``
        if re.fullmatch(r"[\u4e00-\u9fff]{2,30}令", ln.text) and k + 1 < len(lines) and re.fullmatch(r"第\s*\d{1,5}\s*号", lines[k + 1].text):
            return normalize_doc_number(ln.text + lines[k + 1].text)
    for ln in lines[: max(hend, 1) + 1][:25]:
        t = ln.text.strip()
        core = t.strip("()（） ")
        if _DOCNUM.fullmatch(core) or _ORDER.fullmatch(core) or _ANNOUNCE.fullmatch(core):
            return normalize_doc_number(core)
        m = re.search(r"[（(]\s*([^()（）]{2,30}号)\s*[)）]$", t)
        if m and _TITLE_END.search(t[: m.start()].rstrip()) and (_DOCNUM.fullmatch(m.group(1).strip()) or _ORDER.fullmatch(m.group(1).strip())):
            return normalize_doc_number(m.group(1))
    # flattened web text: a number standing alone between spaces near the top
    # (``…的通知 国发〔2026〕23号 各省、自治区…``); citations sit in brackets instead
    head = "\n".join(ln.text for ln in lines[:3])[:400]
    for m in re.finditer(r"(?:^|(?<=[\s\u3000]))(?P<n>[\u4e00-\u9fff]{1,15}[ \u3000]*[〔\[［]\s*\d{4}\s*[〕\]］]\s*第?\s*\d{1,5}\s*号)(?=[\s\u3000]|$)", head):
        return normalize_doc_number(m.group("n"))
    # minutes numbered with a bare `〔2025〕2号` on their own line under the masthead (`会　议　纪　要`)
    m = re.search(r"(?m)^[ \u3000]*(?P<n>[〔\[［]\s*\d{4}\s*[〕\]］]\s*第?\s*\d{1,5}\s*号)[ \u3000]*$", head)
    if m:
        return re.sub(r"[\]］]", "〕", re.sub(r"^[\[［]", "〔", re.sub(r"\s+", "", m.group("n"))))
    if title and re.search(r"(公告|通告)$", title):
        m = re.search(r"(?:^|(?<=[\s\u3000]))(?P<n>\d{4}\s*年\s*第\s*\d{1,4}\s*号)(?=[\s\u3000]|$)", head)
        if m:
            return normalize_doc_number(m.group("n"))
    if title:
        m = re.search(r"[（(]([^()（）]*号)[)）]\s*$", title)
        if m:
            dn = normalize_doc_number(m.group(1))
            if dn:
                return dn
    for _start, t, _pos in _bracket_notes(text, lines):
        bt = _blank_dates(t)
        found, revising = [], []
        for m in _ORDER.finditer(bt):
            # "根据…国务院令第666号修订": the amending decision's number, not this text's
            lead = re.split(r"[，,。；;　]", bt[: m.start()])[-1]
            tail = re.split(r"[，,。；;　]", bt[m.end() :])[0]
            if "根据" in lead:
                continue
            (revising if re.search(r"修订|修正", tail) else found).append(m)
        if found or revising:
            # the order that issued the text (its date is ``issued``), else the last revising one
            return normalize_doc_number((found[0] if found else revising[-1]).group(0))
    return None


def _issuer_from_notes(lines) -> str | None:
    for ln in lines[:6]:
        t = ln.text
        m = _ORDER.search(_blank_dates(t))
        if m and len(t) <= 200:
            return _order_body(m.group("body"))
        t = _clean(t)
        if re.search(r"全国人民代表大会常务委员会|全国人大常委会", t):
            return "全国人民代表大会常务委员会"
        if re.search(r"国务院第\d+次常务会议", t):
            return "国务院"
    return None


def _expand_short(name: str, text: str) -> str:
    """``市政府办公室`` → ``慈溪市人民政府办公室`` when the text spells the full name."""
    variants = {name, name.replace("政府", "人民政府")}
    best = None
    # the full name must stand on its own: at a line start, after a space or a colon
    # (a signature, a title prefix, a footer ``主办单位：慈溪市人民政府办公室``)
    for m in re.finditer(rf"(?:^|(?<=[\s\u3000:：]))([\u4e00-\u9fff]{{2,20}}{_ORG_SUFFIX})", text, re.M):
        full = m.group(1)
        for v in variants:
            if full != v and full.endswith(v) and len(full) - len(v) <= 8:
                if best is None or len(full) < len(best):
                    best = full
    return best or name


def identify(doc: Document) -> Document:
    """Fill ``doc.identity`` (title, issuer, doc_number, region, issued, issued_rule,
    candidates) and return ``doc``. See the module docstring for the rules."""
    lines = _lines(doc.text)
    meta = _meta_fields(lines)
    hend = _header_end(lines)
    cands = _date_candidates(doc, lines, meta)
    issued = rule = None
    for r in PRECEDENCE:
        c = next((c for c in cands if c.rule == r), None)
        if c:
            issued, rule = c.date, r
            break
    title, title_issuer = _title(lines, hend, meta)
    issuer = _signature_issuer(lines, cands) or title_issuer and "、".join(_split_orgs(title_issuer)) or _issuer_from_title(title)
    if not issuer:
        for k in _ISSUER_KEYS:
            if k in meta:
                issuer = _expand_short(_clean(meta[k][0]), doc.text)
                break
    if not issuer:
        # a red-header banner: ``西岭区卫生健康局文件``
        for ln in lines[:3]:
            m = re.fullmatch(r"(?P<o>[\u4e00-\u9fff\s]{2,60}?)\s*文\s*件", ln.text)
            if m and _is_org_line(m.group("o").strip()):
                issuer = "、".join(_split_orgs(m.group("o")))
                break
    if not issuer:
        issuer = _issuer_from_notes(lines)
    if not issuer:
        # an undated signature (a posting note for public comment signs with its body alone): an indented
        # line of the first page naming only bodies, right after a paragraph of text
        for k, ln in enumerate(lines[:12]):
            raw = doc.text[doc.text.rfind("\n", 0, ln.start) + 1 : ln.start + len(ln.text)]
            if k > 0 and re.match(r"^[ \u3000\t]{4,}", raw) and _is_org_line(raw.strip()) \
                    and re.search(r"[。！]$", lines[k - 1].text.strip()):
                issuer = "、".join(_split_orgs(raw.strip()))
                break
    if not issuer and "信息来源" in meta:
        issuer = _clean(meta["信息来源"][0]) or None
    if not issuer:
        for ln in lines[:25]:  # (a web page's posting line, under its banner lines: `来源：国家医疗保障局　发布时间：…`)
            m = re.search(r"(信息)?(?<![数资])来源\s*[:：]\s*([\u4e00-\u9fff]{2,30}?" + _ORG_SUFFIX + r")(?![\u4e00-\u9fff])", ln.text)
            if m:
                issuer = m.group(2)
                break
    if issuer and _NATIONAL.match(issuer):
        region = None
    else:
        region = _place(issuer) or (None if issuer and not _place(title) else _place(title))
        if issuer is None and title and _NATIONAL.match(_clean(title)):
            region = None
    doc_number = _doc_number(doc.text, lines, hend, meta, title)
    page_date = parse_date(str(doc.meta.get("published") or ""))
    if page_date and not any(c.rule == "web_posted" for c in cands):
        # an HTML page's own <meta name="PubDate">: the weakest candidate, it has no span in the text
        cands.append(DateCandidate(date=page_date, rule="page_meta", start=None, end=None, text=str(doc.meta["published"])))
        if issued is None:
            issued, rule = page_date, "page_meta"
    if not title and doc.meta.get("title"):
        title = _clean(str(doc.meta["title"])) or None
    prior = doc.identity
    if prior is not None and prior.issued_rule == "record":
        # a catalogue record states its own identity: the record's fields win, the text fills gaps
        title = prior.title or title
        issuer = prior.issuer or issuer
        doc_number = prior.doc_number or doc_number
        if prior.issued:
            issued, rule = prior.issued, "record"
        if issuer and _NATIONAL.match(issuer):
            region = None
        elif prior.region:
            region = prior.region
    doc.identity = Identity(
        title=title,
        issuer=issuer,
        doc_number=doc_number,
        region=region,
        issued=issued,
        issued_rule=rule,
        candidates=cands,
    )
    return doc

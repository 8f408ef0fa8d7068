"""Split a policy document into clauses (the units themes and extractors work on).

Rules, in order of precedence for each non-empty line of ``doc.text``:

1. **Indicator tables** laid out one cell per line (header cells such as
   类别/序号/指标/2020年/2025年/性质 on consecutive short lines) become one
   ``table_row`` clause per row, spanning from the row's 序号 cell to its last
   cell; the table title and header line(s) are ``heading`` clauses, and the
   title (plus the current category cell, if any) is in the rows' ``path``.
2. **Chrome**: web page furniture (banners, breadcrumbs ``您现在所在位置``,
   ``作者:… 更新时间:…``, ``发布时间:… 信息来源:…``, print/close links) and
   metadata header blocks (``索引号:`` / ``发布机构:`` … key and value on one
   line or on consecutive lines; a key and its value form one clause).
3. **Boilerplate**: distribution lines (``各县市区人民政府,…:``), the
   transmission formula (``现将…印发给你们``), signatures (issuing body and/or
   date lines), ``(此件主动公开)``, ``抄送``/``印发`` lines, contacts, the
   document number line, law adoption notes in parentheses.
4. **Numbered lines** (``第一编/章/节``, ``一、``, ``(一)``/``（一）``,
   ``1.``/``1．``/``1、``, ``(1)``/``（1）``, ``1)``, ``①``, ``第一条``).
   The hierarchy is learnt from the order styles appear in: a style already
   on the stack pops back to its level, a new style nests below the current one.
   A short numbered line without a sentence after it (``(一)指导思想。``) is a
   ``heading``. A numbered item with text (``3.健全医保支付体系。…``) is ONE
   ``body`` clause if it is at most :data:`MAX_CLAUSE_CHARS` long; otherwise it is
   split into sentences and its first sentence (if at most
   :data:`MAX_HEADING_CHARS`) becomes a ``heading`` clause. Either way the item's
   heading sentence (or, for articles and long first sentences, its marker such
   as ``第三条``) is pushed on the path for what follows until the next item of the
   same or a higher level. ``一是…二是…`` is not numbering.
5. **Other lines**: short lines without sentence punctuation are ``heading``
   (titles; they do not enter the path); paragraphs up to
   :data:`MAX_CLAUSE_CHARS` are one ``body`` clause, longer ones are split into
   sentences at ``。！？；!?;`` (closing quotes/brackets stay with their
   sentence; no split inside brackets or quotes).

Document-level adjustments:

- **Titles** printed over two to four short lines at the top (or after a signature
  or an attachment line) are joined into ONE ``heading`` clause when the run ends
  with a document type word (通知, 意见, 方案 …); a banner above a title that starts
  with its own issuer (``XX局关于…``) stays apart.
- **List items** (the first item follows a lead-in ending with ``：``, or a sibling
  item ended with ``；``/``，``) are ``body``, never headings, and an unnumbered
  paragraph after them returns to the level above the list. A bare ``第N条`` line is
  joined with the item that follows it.
- A numbering style the document mostly writes as stand-alone heading lines makes
  an item of that style with its text on the same line split its first sentence off
  as the ``heading``; paragraphs listing ``一是…二是…`` are split into sentences (a
  colon before ``一是`` ends the lead-in, which heads the measures).
- Task attribute lines (``牵头单位：…``, ``完成时限：…``) join the task above them.
- A **signature** (issuing body and/or date, ``…印发``) resets the path: text after
  it (attachments) starts at the top level. A closing paragraph (``特此通知。``,
  ``请…认真落实``, or the last paragraph before the signature when the last item
  already has its text) gets an empty path.

Every clause's ``text == doc.text[start:end]``, stripped, non-empty; clauses
do not overlap and appear in document order.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from importlib import resources
from dataclasses import dataclass

from nlp.doc import Clause, Document
from nlp.extract.spaces import ASCII_DIGITS, PAGE_MARK, drop_at, stray_spaces
from nlp.extract.targets import spaced_tables


def resource_lines(name: str) -> list[str]:
    """Entries of a resource file in ``nlp/resources`` (comment lines ``#…`` and blank
    lines dropped, surrounding whitespace stripped)."""
    text = resources.files("nlp.resources").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _alternation(name: str) -> str:
    return "|".join(f"(?:{x})" for x in resource_lines(name))

MAX_CLAUSE_CHARS = 200  # a paragraph/item longer than this is split into sentences
MAX_HEADING_CHARS = 60  # longest line/sentence taken as a heading
MAX_CELL_CHARS = 40  # longest line taken as a table cell

_WS = " \t\r\u3000\u00a0\u200b\u2002\u2003\u2009\ufeff\f\v"

# --------------------------------------------------------------------------- lines


@dataclass
class _Line:
    idx: int
    start: int
    end: int
    text: str
    title: bool = False  # a title printed over several lines, joined


# A numbering marker that starts a new item inside a line, right after a sentence end
# (``…落实。（二）加强…``, ``…的； 2.未按照…``): text flattened from web pages or PDFs.
_INLINE_ITEM = re.compile(
    r"(?<=[。；;！？!?：:])[ \t\u3000\u00a0]*"
    r"(?=[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十百零〇]{1,5}[章条]\s?"
    r"|\d{1,2}[.．、](?![\d．.])|[(（]\d{1,2}[)）]|[\u2460-\u2473])"
)


# A short unpunctuated heading run into its first sub-item (``一、总体要求(一)指导思想。``)
_INLINE_HEADING = re.compile(
    r"(?:^|(?<=[。；;！？!?]))[ \t\u3000\u00a0]*[一二三四五六七八九十]{1,3}、[^。；;，,：:、()（）\s]{2,25}"
    r"(?=[(（]一[)）])"
)


# A paragraph's indent (two ideographic spaces) inside a long line: a web copy that lost its line
# breaks runs its paragraphs on (``…制定本方案。　　一、总体要求　　…``).
_INLINE_PARAGRAPH = re.compile(r"[\u3000]{2,}")
MIN_FLAT_LINE_CHARS = 300  # a line this long that holds paragraph indents is several paragraphs
MIN_INDENTED_LINE_CHARS = 100  # ... and a shorter one that holds two or more


def _lines(text: str, split_inline: bool = False) -> list[_Line]:
    """Non-empty physical lines, stripped, with offsets. A long line holding paragraph indents is
    cut at each one (a flattened web copy), a line of tab-separated cells at each tab.
    ``split_inline`` also starts a new line where a numbered item begins right after a sentence
    end inside a line."""
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        pieces = [(0, len(raw))]
        cuts = [m.start() for m in _INLINE_PARAGRAPH.finditer(raw) if m.start() > 0] if len(raw) >= MIN_INDENTED_LINE_CHARS else []
        if len(raw) < MIN_FLAT_LINE_CHARS and len(cuts) < 2:
            cuts = []
        if raw.count("\t") >= 2:
            # a table row copied from a web page or a spreadsheet: one cell per tab, read as one per line
            cuts += [k for k, ch in enumerate(raw) if ch == "\t" and k > 0]
        if split_inline and len(raw) > 20:
            cuts += [m.start() for m in _INLINE_ITEM.finditer(raw) if m.start() > 0]
            cuts += [m.end() for m in _INLINE_HEADING.finditer(raw)]
        cuts = sorted(set(cuts))
        if cuts:
            bounds = [0] + cuts + [len(raw)]
            pieces = list(zip(bounds, bounds[1:]))
        for a, z in pieces:
            seg = raw[a:z]
            s = seg.strip(_WS + "\r\n")
            if s:
                lead = len(seg) - len(seg.lstrip(_WS + "\r\n"))
                start = pos + a + lead
                out.append(_Line(len(out), start, start + len(s), s))
        pos += len(raw) + 1
    return out


# --------------------------------------------------------------------------- numbering

_CN = "一二三四五六七八九十百零〇两"
_CN_NUM = f"[{_CN}]+"
# (style, regex matching the marker at line start). Order matters: first match wins.
_NUMBERING: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"^第[{_CN}\d]+部分")),
    ("bian", re.compile(rf"^第[{_CN}\d]+编")),
    ("zhang", re.compile(rf"^第[{_CN}\d]+章")),
    ("jie", re.compile(rf"^第[{_CN}\d]+节")),
    ("tiao", re.compile(rf"^第[{_CN}\d]+条")),
    ("cn", re.compile(rf"^{_CN_NUM}\s*[、．.]")),
    ("pcn", re.compile(rf"^[(（]\s*{_CN_NUM}\s*[)）]")),
    ("num", re.compile(r"^\d{1,3}\s*[.．、。](?![\d．.])")),
    ("pnum", re.compile(r"^[(（]\s*\d{1,3}\s*[)）]")),
    ("numparen", re.compile(r"^\d{1,3}[)）]")),
    ("circ", re.compile(r"^[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]")),
]
# usual nesting depth of each style; used only when a style appears that is not on
# the stack yet (it then closes open levels that are usually deeper than itself)
_RANK = {"part": 0, "bian": 1, "zhang": 2, "jie": 3, "tiao": 4, "cn": 5, "pcn": 6, "num": 7, "pnum": 8, "numparen": 8, "circ": 9}
# styles that are always headings (a division, not an item)
_DIVISIONS = {"part", "bian", "zhang", "jie"}


# what follows an article number cited in running text (`第六条至第十四条规定`, `第三条、第五条`, `第八条的规定`)
_ARTICLE_CITED = re.compile(rf"\s?(?:至|到|、|和|及|或|的规定|规定|所(?:列|称|述)|第[{_CN}\d]+款)")


def _numbering(text: str) -> tuple[str, str] | None:
    """``(style, marker)`` if ``text`` starts with a numbering marker."""
    for style, rx in _NUMBERING:
        m = rx.match(text)
        if m:
            if style == "cn" and re.match(rf"^{_CN_NUM}是", text):
                return None
            if style in _DIVISIONS and (len(text) > 40 or re.search(r"[。；;：:]", text)):
                return None  # "第1部分：识别码，用…表示。" is a sentence, not a division
            if style == "tiao" and _ARTICLE_CITED.match(text, m.end()):
                return None  # "第六条至第十四条规定，…": a line of a wrapped sentence citing another text's articles
            return style, m.group(0)
    return None


# --------------------------------------------------------------------------- chrome / boilerplate

_CHROME = re.compile(_alternation("segment_chrome.txt"))

# keys may be letter-spaced on web pages (``索 引 号``, ``标　　题``)
_META_KEYS = "|".join("[ \u3000]{0,4}".join(re.escape(c) for c in k) for k in resource_lines("segment_meta_keys.txt"))
_META_LINE = re.compile(rf"^({_META_KEYS})\s*[:：]\s*(.*)$")

_DISTRIBUTION = re.compile(
    r"^(各|有关)[^。；]{0,200}(人民政府|政府|单位|部门|委员会|委|局|厅|办公室|办|机构|兵团|街道办事处|医院|企业|院|中心|处|科室|科)"
    r"[^。；]{0,80}[:：]$"
)
_TRANSMIT = re.compile(r"印发给你们|转发给你们|印发你们|印发给各|转发你们|现予(以)?(公布|印发|发布)|请(认真)?遵照执行|请认真贯彻执行|请认真组织实施")

_ORG_SUFFIX = "(" + "|".join(re.escape(k) for k in resource_lines("identity_org_suffixes.txt")) + ")"
_DATE_ONLY = re.compile(
    r"^(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|"
    r"[一二三四五六七八九〇○O零]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日)$"
)
_ORG_LINE = re.compile(rf"^[\u4e00-\u9fff（）()、\s]{{2,60}}{_ORG_SUFFIX}$")
_ORG_DATE = re.compile(
    rf"^[\u4e00-\u9fff（）()、\s]{{2,60}}{_ORG_SUFFIX}\s*"
    r"(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|"
    r"[一二三四五六七八九〇○O零]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日)(印发)?$"
)
_BOILER = re.compile(
    r"^[(（]此件.{0,12}[)）]$|^[(（]?(联系人|联系电话|联系方式|电子邮箱|邮箱|传真|邮编|通讯地址|监督电话|解读机关|解读单位|解读人)[:：]|"
    r"^特此(通知|函告|公告|通告|批复|报告)[。.]?$|^第\s*\d{1,5}\s*号$|^[\u4e00-\u9fff]{2,30}令$|"
    r"^[\u4e00-\u9fff（）()、\s]{2,60}(人民政府|办公厅|办公室|委员会|局|委|厅|部)\s*文\s*件$|"
    r"^抄送[:：]|^抄报[:：]|^主送[:：]|^主题词[:：]|(日|\d)\s*印\s*发\s*$|"
    r"^[(（]?(局\s*长|部\s*长|主\s*任|总\s*理|主\s*席|省\s*长|市\s*长|县\s*长|区\s*长|署\s*长|委\s*员\s*长)\s*[:：\s]\s*[\u4e00-\u9fff·\s]{2,8}[)）]?$|"
    r"^[(（][^()（）]{0,20}〔\d{4}〕\s*\d+\s*号[)）]$|^[\u4e00-\u9fff]{1,12}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号$|"
    r"^[(（]?[\u4e00-\u9fff]{0,30}令\s*第\s*\d+\s*号[)）]?$"
)
_ADOPTION = re.compile(r"^[(（](?![一二三四五六七八九十\d]{1,3}[)）]).{0,400}(通过|修正|修订|公布|施行|发布)[^()（）]{0,40}[)）]$")
# (an item mark `（十二）` opening a task paragraph whose bracket ends `…6月底前修订，其余工作持续推进）` is no adoption note)
_ATTACH_HEAD = re.compile(r"^附\s*件\s*[\d一二三四五六七八九十]*\s*[:：]?$")
_ATTACH_LIST = re.compile(r"^附\s*件\s*[\d一二三四五六七八九十]*\s*[:：]")


def _is_chrome(text: str) -> bool:
    return len(text) <= 160 and "。" not in text[:-1] and bool(_CHROME.search(text))


_FIGURE_BEFORE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|‰|个百分点|[万亿千]?(?:家|个|所|人|人次|张|元|项|种|名|例))")


def _boilerplate(text: str) -> bool:
    if _BOILER.search(text) or _DATE_ONLY.match(text) or _ORG_DATE.match(text):
        return True
    if len(text) <= 260 and _DISTRIBUTION.match(text):
        return True
    tm = _TRANSMIT.search(text) if len(text) <= 250 else None
    if tm and not _FIGURE_BEFORE.search(text, 0, tm.start()):
        # (a transmitting paragraph that first reports figures, `2023年，全市…达到126家…现印发给你们`, is read)
        return True
    if len(text) <= 450 and _ADOPTION.match(text):
        return True
    if _ATTACH_LIST.match(text) and not _ATTACH_HEAD.match(text):
        return True
    return False


# --------------------------------------------------------------------------- sentences

_TERMINAL = set("。！？；!?;")
_CLOSERS = set("”’」』）)】》〕］]\"'")
_OPEN_CLOSE = {"(": ")", "（": "）", "“": "”", "‘": "’", "《": "》", "「": "」", "『": "』", "【": "】", "〔": "〕", "[": "]", "［": "］"}
_CLOSE_SET = set(_OPEN_CLOSE.values())


def _attach_trailing_parenthetical(text: str, j: int) -> int:
    """A parenthetical right after a sentence end (``…。(市医保局牵头,市卫生健康局配合)``)
    belongs to that sentence (it names who does it); return the new split point."""
    k = j
    while k < len(text) and text[k] in _WS:
        k += 1
    if k >= len(text) or text[k] not in "(（":
        return j
    depth = 0
    for q in range(k, min(len(text), k + 120)):
        if text[q] in "(（":
            depth += 1
        elif text[q] in ")）":
            depth -= 1
            if depth == 0:
                r = q + 1
                # only when the parenthetical ends the paragraph or a sentence
                rest = text[r:].lstrip(_WS)
                if not rest or rest[0] in _TERMINAL or rest[0] == "\n":
                    while r < len(text) and text[r] in _TERMINAL:
                        r += 1
                    return r
                return j
    return j


def sentence_spans(text: str, base: int = 0) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans ``(start, end)`` (shifted by ``base``).

    Splits after ``。！？；!?;`` (plus closing quotes/brackets that follow), never
    inside brackets or quotes; spans are stripped of whitespace and never empty.
    """
    spans: list[tuple[int, int]] = []
    depth: list[str] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _OPEN_CLOSE:
            depth.append(_OPEN_CLOSE[ch])
        elif ch in _CLOSE_SET:
            if ch in depth:
                while depth and depth.pop() != ch:
                    pass
        elif ch in _TERMINAL and not depth:
            j = i + 1
            while j < n and (text[j] in _CLOSERS or text[j] in _TERMINAL):
                if text[j] in "\"'" and text.count(text[j], start, j) % 2 == 0:
                    break  # a straight quote with none open before it opens the next sentence (`。"十四五"以来`)
                j += 1
            j = _attach_trailing_parenthetical(text, j)
            spans.append((start, j))
            start = j
            i = j
            continue
        i += 1
    if start < n:
        spans.append((start, n))
    # unbalanced brackets (a stray "(" ) can swallow the rest: fall back to plain splitting
    if len(spans) == 1 and n > MAX_CLAUSE_CHARS and depth:
        spans = []
        start = 0
        for k, ch in enumerate(text):
            if ch in _TERMINAL:
                spans.append((start, k + 1))
                start = k + 1
        if start < n:
            spans.append((start, n))
    out = []
    for s, e in spans:
        seg = text[s:e]
        ls = len(seg) - len(seg.lstrip(_WS + "\n"))
        rs = len(seg.rstrip(_WS + "\n"))
        if rs > ls:
            out.append((base + s + ls, base + s + rs))
    return out


# --------------------------------------------------------------------------- tables

_HEADER_WORDS_RE = re.compile(r"^(?:" + _alternation("segment_table_headers.txt") + r")$")
_HEADER_NOTE_RE = re.compile(r"[（(](?:单位|部门|科室|股室|处室|单位或科室|科室或单位|权重|分值|满分|%|％)[)）]$")


def _is_header_cell(text: str) -> bool:
    """A table header cell: a header word, spaces removed and a bracketed note on who it names dropped
    (`牵头股室（单位）`, `责任单位(部门)`)."""
    return _HEADER_WORDS_RE.match(_HEADER_NOTE_RE.sub("", text.replace(" ", ""))) is not None


_SERIAL_HEADERS = {"序号", "编号", "序"}

# the first column of a table with one row per place or unit (`县（市、区）`, `乡镇`, `单位名称`)
_UNIT_COLUMN_RE = re.compile(
    r"^(?:(?:各|所属)?(?:县|区|市|乡|镇|乡镇|街道|县区|区县|县市区|市县|市州|地市|设区市|地区|区域|辖区|片区|医共体|医联体|医疗集团|单位|机构|医院|卫生院)"
    r"(?:[(（][^()（）]{1,8}[)）])?(?:名称)?|医疗机构(?:名称)?|地\s?区|乡\s?镇|单\s?位"
    # an institution of a kind of place (`乡镇卫生院`, `社区卫生服务中心`)
    r"|(?:乡镇|乡|镇|街道|社区|村|县级|基层)(?:卫生院|卫生室|卫生服务中心|卫生服务站|医疗机构|医院)(?:名称)?)$"
)
# a column that measures something: its unit in brackets, or a word of measure (`县域内就诊率（%）`, `签约人数目标`)
_MEASURE_COLUMN_RE = re.compile(r"[(（][^()（）]{1,8}[)）]$|(?:率|数|比|比例|占比|人数|进度|目标|目标值|金额|资金|经费|床位|人次|合计|小计|总计)$")
# columns of a ranking list (per-unit scores and ranks): such a table reports no figures
_RANKING_COLUMN_RE = re.compile(r"排名|名次|位次|得分|等次|评分|分数|等级")


def unit_table_header(cells: list[str]) -> list[str] | None:
    """The header cells when ``cells`` head a table with one row per place or unit and one column per
    indicator (`县（市、区）/县域内就诊率（%）/基层诊疗量占比（%）/…`, `序号/乡镇/签约人数目标（人）/…`),
    else None. A ranking list (`排名/单位/综合得分/等次`) is no such table.

    >>> unit_table_header(["县（市、区）", "县域内就诊率（%）", "基层诊疗量占比（%）"])
    ['县（市、区）', '县域内就诊率（%）', '基层诊疗量占比（%）']
    >>> unit_table_header(["排名", "单位", "综合得分", "等次"]) is None
    True
    """
    cells = [c.strip().replace(" ", "").replace("\u3000", "") for c in cells if c.strip()]
    rest = cells[1:] if cells and cells[0] in _SERIAL_HEADERS else cells
    if len(rest) < 3 or not _UNIT_COLUMN_RE.match(rest[0]) or any(_RANKING_COLUMN_RE.search(c) for c in rest):
        return None
    if not all(len(c) <= 30 and _MEASURE_COLUMN_RE.search(c) for c in rest[1:]):
        return None
    return cells


def table_columns(text: str) -> list[str] | None:
    """The header cells when ``text`` is a table's header row (cells one per line, every
    cell a known header word such as 序号/重点任务/牵头单位/完成时限), else None.

    >>> table_columns("序号\n任务\n牵头单位\n配合单位\n完成时限")
    ['序号', '任务', '牵头单位', '配合单位', '完成时限']
    >>> table_columns("一、总体要求") is None
    True
    """
    cells = [c.strip() for c in (text or "").splitlines() if c.strip()]
    if len(cells) < 3 or not all(_is_header_cell(c) for c in cells):
        return None
    return cells


# header cells of a column that holds whole sentences (a task table's 工作任务 column)
_LONG_CELL_HEADERS = {
    "任务", "工作任务", "重点任务", "主要任务", "具体任务", "任务内容", "任务名称", "目标任务", "改革任务", "工作内容",
    "工作事项", "改革事项", "议定事项", "会议议定事项", "事项", "具体事项", "任务事项", "主要事项", "督办事项", "重点工作", "具体工作", "工作措施", "具体措施", "主要措施", "政策措施", "工作目标",
    "考核内容", "评分标准", "考核标准", "内容",
}
MAX_LONG_CELL_CHARS = 300  # longest line taken as a task cell of such a table


def _is_cell(text: str, long_ok: bool = False) -> bool:
    if long_ok:
        if len(text) > MAX_LONG_CELL_CHARS:
            return False
    elif len(text) > MAX_CELL_CHARS or "。" in text or "；" in text:
        return False
    nb = _numbering(text)
    if nb and nb[0] in ("cn", "pcn", "zhang", "jie", "tiao", "bian", "part"):
        return False
    return True


@dataclass
class _Table:
    title: int | None  # line index of title
    header: tuple[int, int]  # line index range [a, b)
    rows: list[tuple[int, int, str | None]]  # (first line, last line inclusive, category)
    categories: list[tuple[int, int]]  # line ranges of category cells (heading clauses)
    end: int  # first line index after the table
    end_view: int | None = None  # the same among the lines without page lines, where the table was found


def _table_title(lines: list[_Line], h0: int) -> int | None:
    """The line index of a table's title: the short line right above its header, if it is one."""
    if h0 > 0:
        t = lines[h0 - 1].text
        if len(t) <= MAX_HEADING_CHARS and not (set(t[-1:]) & _TERMINAL) and not _is_header_cell(t):
            return h0 - 1
    return None


_SERIAL_ONLY_RE = re.compile(r"\d{1,3}")
# the line of a space-laid table that goes on with a category cell's next piece and a wrapped cell (no serial number)
_CATEGORY_BESIDE_WRAP_RE = re.compile(r"[ \u3000]{0,2}[\u4e00-\u9fff]{1,4}\t[ \t]*(?!\d{1,3}(?:\t| {2}))\S")


# a table cell that names a section of the rows under it (`一、推动优质医疗资源提质扩容`, `（二）基层服务`, `第三部分`)
_SECTION_CELL_RE = re.compile(r"(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十]{1,3}(?:部分|类|项))\S")


def _field_starts(line: str) -> list[int]:
    """Where each cell of a table line starts (cells parted by tabs or runs of two or more spaces)."""
    return [m.start() for m in re.finditer(r"(?:^|(?<=[\t ]{2})|(?<=\t))[^\t ]", line)]


# a table's note line (`注：…`), which ends the table
_NOTE_LINE_RE = re.compile(r"\s*(?:注|说明|备注|资料来源)\s*[:：]")
_NOT_CELL_RE = re.compile(_NOTE_LINE_RE.pattern + r"|\s*(?:第[一二三四五六七八九十]+[章节]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")


def _cell_piece(line: str) -> bool:
    """A line that can be a piece of a wrapped cell: short, and no note, chapter or item heading."""
    return len(line.strip()) <= MAX_CELL_CHARS and not _NOT_CELL_RE.match(line)


def _tab_tables(lines: list[_Line], text: str) -> list[_Table]:
    """Tables copied with tab-separated cells (a DOCX or spreadsheet pasted as text): a line whose
    cells are all header words, then the lines of two or more tabs after it, each one row. A merged
    cell copied as an empty one (`\t人员培训\t5\t…`) leaves its row a cell short; rows are the lines,
    so no cell count is needed."""
    starts = [0] + [k + 1 for k, ch in enumerate(text) if ch == "\n"]
    raw_of = [bisect.bisect_right(starts, ln.start) - 1 for ln in lines]
    tab_counts = [text.count("\t", a, b) for a, b in zip(starts, starts[1:] + [len(text)])]

    def tabs_of(r: int) -> int:  # the tabs of raw line r (0 past the end)
        return tab_counts[r] if r < len(tab_counts) else 0

    tabbed = {r for r, c in enumerate(tab_counts) if c >= 2}
    tables: list[_Table] = []
    i, n = 0, len(lines)
    while i < n:
        r = raw_of[i]
        j = i
        while j < n and raw_of[j] == r:
            j += 1
        if r in tabbed and j - i >= 3 and (all(_is_header_cell(lines[k].text) for k in range(i, j))
                                           or unit_table_header([lines[k].text for k in range(i, j)]) is not None):
            rows: list[tuple[int, int, str | None]] = []
            k = j
            header = [lines[x].text for x in range(i, j)]
            width = len(header) - 1  # the tabs of a whole row
            serial_col = next((c for c, h in enumerate(header) if h.replace(" ", "") in _SERIAL_HEADERS), None)

            def upper_half(q: int) -> bool:
                # a long cell a PDF tool printed in halves above and below its row's line, which is short of that
                # cell (`  每千人口中医类别执业（助理）医师数` / `2 \t    0.56\t0.68\t预期性` / `  （人）`): the line above
                # starts the next row
                if not (q + 1 < n and tabs_of(raw_of[q]) == 0 and raw_of[q + 1] == raw_of[q] + 1
                        and 1 <= tabs_of(raw_of[q + 1]) < width and _SERIAL_ONLY_RE.fullmatch(lines[q + 1].text) is not None
                        and len(lines[q].text) <= MAX_CELL_CHARS and text[starts[raw_of[q]] : starts[raw_of[q]] + 2] == "  "):
                    return False
                # ... and the row's line has no cell where the piece stands (a row short of its category cell only,
                # `10    县域内就诊率（%）`, is no such row: the piece above it ends the row before)
                col = lines[q].start - starts[raw_of[q]]
                nxt = raw_line(raw_of[q + 1])
                return all(abs(c - col) > 1 for c in _field_starts(nxt))

            def raw_line(r: int) -> str:
                return text[starts[r] : (starts[r + 1] - 1 if r + 1 < len(starts) else len(text))]

            def upper_lines(q: int) -> int:
                # the pieces of a column-laid table's row printed above its line (cells centred on their row:
                # `  扩大护理人才培养规模，…专业\t  省卫生健康委、省人力资源社` / `1\t  招生规模…\t省教育厅\t会保障厅…`),
                # after a blank line: how many lines up to the row's line (with its serial number), else 0
                r = raw_of[q]
                if r == 0 or raw_line(r - 1).strip(_WS) or serial_col is None:
                    return 0
                m = 0
                while r + m < len(tab_counts) and tabs_of(r + m) < width and raw_line(r + m)[:2] == "  " \
                        and raw_line(r + m).strip(_WS) and m < 3:
                    m += 1
                row = raw_line(r + m) if r + m < len(tab_counts) else ""
                if m == 0 or r + m not in tabbed or not _SERIAL_ONLY_RE.fullmatch(row.split("\t")[serial_col].strip(_WS) if serial_col < row.count("\t") + 1 else ""):
                    return 0
                return m

            def section_row(q: int) -> bool:
                # a row that names the section of the rows after it, in one cell (`一、推动优质医疗资源提质扩容\t`)
                r = raw_of[q]
                cells = [c for c in raw_line(r).split("\t") if c.strip(_WS)]
                return len(cells) == 1 and tabs_of(r) < width and (q + 1 == n or raw_of[q + 1] != r) \
                    and r + 1 in tabbed and _SECTION_CELL_RE.match(cells[0].strip(_WS)) is not None

            category: str | None = None
            categories: list[tuple[int, int]] = []
            while k < n and (raw_of[k] in tabbed or upper_half(k) or upper_lines(k) or section_row(k)
                             or tabs_of(raw_of[k]) >= 1 and k + 1 < n and tabs_of(raw_of[k]) + tabs_of(raw_of[k] + 1) == width):
                if section_row(k):
                    categories.append((k, k + 1))
                    category = lines[k].text
                    k += 1
                    continue
                q = k
                above = upper_lines(k) if tabs_of(raw_of[k]) < width else 0
                while q < n and raw_of[q] < raw_of[k] + above:
                    q += 1  # (the row's pieces above its line, then the line)
                r_main = raw_of[q] if q < n else raw_of[k]
                while q < n and raw_of[q] == r_main:
                    q += 1
                # a cell wrapped onto a line of its own in the copy (`…培训⏎基地\t省卫生健康委\t…`,
                # `2025年完成5个，⏎2027年9月底前全部完成`): the row goes on over it
                cum = sum(tabs_of(r) for r in range(raw_of[k], r_main + 1))
                while q < n and not _PAGE_MARK.match(lines[q].text) and raw_of[q] == raw_of[q - 1] + 1:
                    t = tabs_of(raw_of[q])
                    if upper_half(q) or (cum > 0 and t >= 2 and serial_col is not None
                                         and _SERIAL_ONLY_RE.fullmatch(lines[q].text.strip()) is not None):
                        break  # (a line opening with a serial number starts the next row, short of a category cell or not)
                    if cum < width and cum + t <= width and (t > 0 or _cell_piece(lines[q].text)):
                        pass  # (a row short of a cell printed once for its group takes no note or prose line after it)
                    elif t == 0 and len(lines[q].text) <= MAX_CELL_CHARS and q + 1 < n and raw_of[q + 1] in tabbed:
                        pass
                    elif t < width and text[starts[raw_of[q]] : starts[raw_of[q]] + 2] == "  " \
                            and len(re.sub(r"\s", "", raw_line(raw_of[q]))) <= MAX_CELL_CHARS \
                            and not _NOTE_LINE_RE.match(raw_line(raw_of[q])) and not _numbering(lines[q].text):
                        pass  # a column-laid table's cell wrapped under its column (`      位数      求`), not the note
                        # or the indented prose after the table (a layout-keeping copy indents every line)
                    elif t == 1 and serial_col is not None and serial_col > 0 and _CATEGORY_BESIDE_WRAP_RE.match(raw_line(raw_of[q])):
                        pass  # (` 能力           行”推荐标准的比例（%）`: a category cell's second line beside a wrapped cell)
                    else:
                        break
                    cum += t
                    r2 = raw_of[q]
                    while q < n and raw_of[q] == r2:
                        q += 1
                if [lines[x].text for x in range(k, q)] != header:  # the header printed again on a new page
                    rows.append((k, q - 1, category))
                k = q
                # a PDF's page break inside the table (`- 7 -`, a form feed): the rows go on after it
                p = k
                while p < n and p - k < 2 and _PAGE_MARK.match(lines[p].text):
                    p += 1
                if p > k and p < n and raw_of[p] in tabbed:
                    k = p
            if len(rows) >= 2:
                tables.append(_Table(_table_title(lines, i), (i, j), rows, categories, k))
                i = k
                continue
        i = j
    return tables


def _find_tables(lines: list[_Line], wrap: int | None, text: str | None = None) -> list[_Table]:
    """The tables among ``lines`` (``wrap``: the printed width of a hard-wrapped copy, or None);
    with ``text`` (the document), also tables whose rows are lines of tab-separated cells."""
    tables: list[_Table] = _tab_tables(lines, text) if text and "\t" in text else []
    if text:
        tables += _spaced_tables(lines, text, tables)
    taken = {k for t in tables for k in range(t.title if t.title is not None else t.header[0], t.end)}
    # tables laid out one cell per line are read without the page lines a PDF copy printed inside them
    # (`指标` / `2025年` / `— 4 —` / `2030年`, `31.2` / `— 5 —` / `≥38`): a page line is no cell
    keep = [k for k, ln in enumerate(lines) if not _PAGE_MARK.match(ln.text)]
    view = [lines[k] for k in keep] if len(keep) < len(lines) else lines
    orig = keep if len(keep) < len(lines) else list(range(len(lines)))
    i = 0
    n = len(view)
    while i < n:
        if orig[i] in taken:
            i += 1
            continue
        j = i
        while j < n and _is_header_cell(view[j].text):
            j += 1
        if j - i >= 3:
            t = _parse_table(view, i, j, wrap)
            if t is not None and view is not lines:
                t = _Table(
                    None if t.title is None else orig[t.title], (orig[t.header[0]], orig[t.header[1] - 1] + 1),
                    [(orig[a], orig[z], c) for a, z, c in t.rows], [(orig[a], orig[z - 1] + 1) for a, z in t.categories],
                    orig[t.end - 1] + 1, end_view=t.end)
            if t is not None and not any(k in taken for k in range(orig[i], t.end)):
                tables.append(t)
                i = t.end_view if t.end_view is not None else t.end
                continue
            i = j
            continue
        i += 1
    return sorted(tables, key=lambda t: t.header[0])


def _spaced_tables(lines: list[_Line], text: str, found: list[_Table]) -> list[_Table]:
    """Indicator tables a PDF-to-text tool printed with one space between cells (``序号 指标名称 2022年 …``,
    ``1 县域内住院人次占比 84.7 ≥86 …``: :func:`nlp.extract.targets.spaced_tables`): one row a clause, its
    name's and last cell's pieces on the short lines after it included."""
    out: list[_Table] = []
    starts = [ln.start for ln in lines]
    taken = {k for t in found for k in range(t.title if t.title is not None else t.header[0], t.end)}
    for st in spaced_tables(text):
        h0 = bisect.bisect_left(starts, st.start)
        h1 = bisect.bisect_right(starts, st.header_end - 1)
        rows = []
        for r in st.rows:
            a = bisect.bisect_left(starts, r.start)
            z = bisect.bisect_right(starts, r.end - 1) - 1
            if a >= len(lines) or z < a:
                break
            rows.append((a, z, None))
        if not rows or h1 <= h0 or any(k in taken for k in range(h0, rows[-1][1] + 1)):
            continue
        out.append(_Table(_table_title(lines, h0), (h0, h1), rows, [], rows[-1][1] + 1))
    return out


def _cell_continues(prev: str, wrap: int | None) -> bool:
    """True when a table cell printed as ``prev`` runs on to the next line: a PDF copy printed
    ``wrap`` characters wide cut it there (a full line, not ending a sentence)."""
    return wrap is not None and abs(len(prev) - wrap) <= 2 and prev[-1:] not in _TERMINAL and prev[-1:] not in ":："


def cell_breaks(text: str, wrap: int | None, ncells: int | None = None, *, column_wraps: bool = False) -> list[int]:
    """Offsets of the line breaks inside the cells of a table row (cells one per line) of a copy
    printed ``wrap`` characters wide: breaks after a full line (see ``_cell_continues``). With
    ``ncells`` (the cells a row has), no more breaks than the row has lines beyond them, those
    after the lines nearest the printed width first (a cell that just fills a line stays a cell).

    >>> cell_breaks("1\\n推进紧密型县域医共体建设，推动医共体内编制统筹\\n使用。\\n市卫生健康局", 24)
    [25]
    >>> cell_breaks("1\\n推进紧密型县域医共体建设，推动医共体内编制统筹\\n市卫生健康局", 24, ncells=3)
    []
    """
    if wrap is None and not column_wraps:
        return []
    cand = []  # (distance from the printed width, offset)
    start = 0
    for k, ch in enumerate(text):
        if ch == "\n":
            line = text[start:k].strip()
            if wrap is not None and _cell_continues(line, wrap):
                cand.append((abs(len(line) - wrap), k))
            start = k + 1
    if ncells is not None:
        spare = text.count("\n") + 1 - ncells
        cand = sorted(cand)[: max(0, spare)]
        if column_wraps and len(cand) < spare:
            # the rest wrapped at their column's width, narrower than the page (`市发展改革委、市` / `财政局`)
            taken = {k for _, k in cand}
            more = [k for k in _column_wrap_breaks(text, ncells) if k not in taken]
            cand += [(0, k) for k in more[: spare - len(cand)]]
    return sorted(k for _, k in cand)


# a line that cannot start a cell: it continues the one above (`2025年6月30日` / `前`, `各县（区）人` / `民政府`)
_CELL_CONT_START_RE = re.compile(
    r"^(?:前|以前|之前|以上|以下|以内|左右|底前?|末|民政府|政府|府|局|委|办|厅|院|中心|线|[）)、，,；;。]|[（(][^）)]{1,4}[）)])")
_CELL_CONT_END_RE = re.compile(r"(?:[、，,（(和及与的]|、[市县区省])$")
_CELL_NEW_START_RE = re.compile(r"^(?:\d{4}\s?年|\d{1,2}月|[一二三四五六七八九十]+[、.]|各|市|县|区|省|国家)")
_CELL_DONE_END_RE = re.compile(r"(?:委|局|办|府|院|中心|厅|部|前|底|止|\d日|\d月|\d年|。)$")


_BODY_HEAD_END_RE = re.compile(r"(?:局|委|办|厅|院|中心|政府|室|科|股|处|组|会|部|所|站|队)$")


def _column_wrap_breaks(text: str, ncells: int) -> list[int]:
    r"""Line breaks inside the cells of a task-table row that has more lines than cells because a PDF
    wrapped each cell at its column's width, narrower than the page: the breaks whose next line cannot
    start a cell, or that cut a full line or a list, as many as the row has spare lines, the surest first;
    fewer when too few breaks look like wraps.

    >>> t = "1\n3家县人民医院提交三级\n医院评审申请\n2025年6月30日\n前\n市卫生健康委\n市发展改革委、市\n财政局"
    >>> [t[k - 2 : k] for k in _column_wrap_breaks(t, 5)]
    ['三级', '0日', '、市']
    """
    lines = text.split("\n")
    spare = len(lines) - ncells
    if spare <= 0:
        return []
    cand: list[tuple[int, int]] = []  # (minus the score, offset of the break)
    pos = 0
    for i in range(len(lines) - 1):
        a, b = lines[i].strip(), lines[i + 1].strip()
        pos += len(lines[i])
        score = 0
        if a and b and not (i == 0 and a.isdigit()):  # the serial is a cell of its own
            if _CELL_CONT_START_RE.match(b):
                score += 3
            if _CELL_CONT_END_RE.search(a):
                score += 2
            if len(a) >= 8 and len(a) >= len(b):
                score += 1
            if _CELL_NEW_START_RE.match(b) and not _CELL_CONT_END_RE.search(a):
                score -= 2
            la, fb = re.split(r"[，、,]", a)[-1], re.split(r"[，、,]", b)[0]
            if re.search(r"[，、,]", a) and la and not _BODY_HEAD_END_RE.search(la) and _BODY_HEAD_END_RE.search(fb) and len(fb) <= 12:
                score += 3  # a body's name cut by the column's wrap: `省局基金监管处，各设区` / `市医保局`
            if _CELL_DONE_END_RE.search(a) and not _CELL_CONT_START_RE.match(b):
                score -= 2
        if score > 0:
            cand.append((-score, pos))
        pos += 1
    return sorted(k for _, k in sorted(cand)[:spare])


def wrap_width(text: str) -> int | None:
    """The printed width of a hard-wrapped copy of ``text`` (see ``_wrap_width``), else None."""
    return _wrap_width(_lines(text, split_inline=True))


_NATURE_CELL_RE = re.compile(r"(?:预期性|约束性|指导性|监测性|预期|约束)")


def _section_cell(lines: list[_Line], k: int) -> bool:
    """A short cell naming the section of the rows under it (`一、参保覆盖`), followed by a cell."""
    t = lines[k].text
    return len(t) <= 16 and _SECTION_CELL_RE.match(t) is not None and k + 1 < len(lines) and _is_cell(lines[k + 1].text)


def _parse_table(lines: list[_Line], h0: int, h1: int, wrap: int | None = None) -> _Table | None:
    header = [lines[k].text.replace(" ", "") for k in range(h0, h1)]
    ncols = len(header)
    title = _table_title(lines, h0)
    serial_col = next((c for c, h in enumerate(header) if h in _SERIAL_HEADERS), None)
    # a task table numbered by a 序号 column may hold whole sentences in its task column; its rows
    # are then found by the serial numbers, so a long cell cannot run the table into the prose
    long_ok = serial_col is not None and any(h in _LONG_CELL_HEADERS for h in header)
    nature_col = any(re.search(r"性质|属性", h) for h in header)
    # data cells
    k = h1
    while k < len(lines) and (_is_cell(lines[k].text, long_ok) or nature_col and serial_col is None and _section_cell(lines, k)) \
            and not re.match(r"^(注|说明|备注|资料来源)\s*[:：]", lines[k].text):
        k += 1
    data_end = k
    if data_end - h1 < ncols:
        return None
    rows: list[tuple[int, int, str | None]] = []
    categories: list[tuple[int, int]] = []
    if serial_col is not None:
        width = ncols - serial_col  # cells from serial to last column, when none is split/missing

        def cont(q: int) -> bool:  # line q continues a cell of the line above (a PDF wrap)
            return _cell_continues(lines[q - 1].text, wrap)

        def header_at(q: int) -> bool:  # the header's cells again, from line q
            return q + ncols <= len(lines) and [lines[q + c].text.replace(" ", "") for c in range(ncols)] == header

        def extra(a: int, b: int) -> int:  # wrapped cell lines in [a, b)
            return sum(1 for r in range(a + 1, b) if cont(r)) if wrap is not None else 0

        def row_end(a: int, limit: int) -> int:
            """The last line of the row starting at ``a``: ``width`` cells, each maybe wrapped."""
            cells = 0
            q = a
            while q < limit:
                if not (q > a and cont(q)):
                    if cells == width:
                        break
                    cells += 1
                q += 1
            return q - 1

        starts: list[int] = []
        expect = 1
        p = h1
        while p < data_end:
            # (a serial may be typed full-width: １, ２ …)
            cands = [q for q in range(p, data_end) if lines[q].text.translate(ASCII_DIGITS) == str(expect)]
            if not cands:
                break
            if starts:
                # a value cell may equal the next serial (a 2022 base of `2` in row 1): of the
                # places the serial is written, take the one a row's width after the last start
                prev = starts[-1]
                near = [q for q in cands if prev + 2 <= q <= prev + width + 3 + extra(prev, q)]
                q = min(near, key=lambda q: (abs(q - prev - extra(prev, q) - width), q)) if near else cands[0]
            else:
                q = cands[0]
            starts.append(q)
            expect += 1
            p = q + 1
        if len(starts) < 2:
            return None
        # segments between serials; last one bounded by width + slack
        segs = []
        for a, b in zip(starts, starts[1:] + [None]):
            if b is None:
                b = min(data_end, row_end(a, data_end) + 5)  # (slack for cells wrapped in a PDF column)
            segs.append((a, b))
        # values of the last column (e.g. 预期性/约束性): cells that end a row segment and
        # occur at least twice in the table; a row ends at its last such cell, anything
        # after it before the next serial is a category cell of the following rows
        counts = Counter(lines[q].text for q in range(h1, data_end))
        finals = {lines[b - 1].text for a, b in segs[:-1] if b - a > 1}
        vocab = {v for v in finals if counts[v] >= 2 and not re.fullmatch(r"[\d.%*≤≥<>~\-]+", v)}
        pre = starts[0] - h1  # category cells before the first row
        category: str | None = None
        if pre > 0:
            categories.append((h1, starts[0]))
            category = "".join(lines[q].text for q in range(h1, starts[0]))
        last_end = h1
        for a, b in segs:
            end = None
            if vocab:
                for q in range(b - 1, a, -1):
                    if lines[q].text in vocab:
                        end = q
                        break
            if end is None:
                end = row_end(a, b)
            if long_ok and not nature_col and b - 1 > end:
                # a task table in a PDF that wrapped each cell at its column's width (`市发展改革委、市` /
                # `财政局`): the lines up to the next serial (but a page line) are the row's when each spare
                # one reads as a wrap
                q_end = b - 1
                while q_end > end and _PAGE_MARK.match(lines[q_end].text):
                    q_end -= 1
                kept = [lines[q].text for q in range(a, q_end + 1) if not _PAGE_MARK.match(lines[q].text)]
                if q_end > end and len(kept) > width and not any(_numbering(t) or _is_chrome(t) for t in kept[width:]) \
                        and len(_column_wrap_breaks("\n".join(kept), width)) == len(kept) - width:
                    end = q_end
            # the header printed again at the top of a new page ends the row before it, and is no category
            again = next((q for q in range(a + 1, end - ncols + 2) if header_at(q)), None)
            if again is not None:
                end = again - 1
            rows.append((a, end, category))
            if end + 1 < b and b != segs[-1][1] and again is None and not (b - end - 1 == ncols and header_at(end + 1)):
                categories.append((end + 1, b))
                category = "".join(lines[q].text for q in range(end + 1, b))
            last_end = end + 1
        return _Table(title, (h0, h1), rows, categories, last_end)
    # no serial column: a nature column (预期性/约束性) ends each row, whatever its number of cells (a category cell is
    # printed on its group's first row only: `网络布局⏎地市级急救中心设置率（%）⏎91.3⏎100⏎约束性`, then rows of four)
    if nature_col:
        ends = [q for q in range(h1, data_end) if _NATURE_CELL_RE.fullmatch(lines[q].text.strip())]

        def sectioned(a: int, b: int) -> bool:  # a row opened by a cell naming its section (`一、参保覆盖`)
            return b - a == ncols + 1 and _SECTION_CELL_RE.match(lines[a + 1].text) is not None

        if len(ends) >= 2 and all(ncols - 1 <= b - a <= ncols or sectioned(a, b) for a, b in zip([h1 - 1] + ends, ends)):
            a = h1
            category: str | None = None
            for e in ends:
                if e - a == ncols and _SECTION_CELL_RE.match(lines[a].text):
                    categories.append((a, a + 1))
                    category = lines[a].text
                    a += 1
                rows.append((a, e, category))
                a = e + 1
            return _Table(title, (h0, h1), rows, categories, ends[-1] + 1)
    # no serial column: fixed-width rows
    nrows = (data_end - h1) // ncols
    if nrows < 1:
        return None
    for r in range(nrows):
        a = h1 + r * ncols
        rows.append((a, a + ncols - 1, None))
    return _Table(title, (h0, h1), rows, categories, h1 + nrows * ncols)


# --------------------------------------------------------------------------- main


# a PDF page number on its own line: `— 3 —`, `- 3 -`, `-3-`, `第3页`, `第 3 页 共 12 页`
_PAGE_MARK = re.compile(rf"^\s*{PAGE_MARK}\s*$")
_MIDSENTENCE_END = set("，、（(“《‘〔［[—－-+和及与或的对在将把向为由从")
_DEEP_STYLES = {"pnum", "numparen", "circ"}
_NO_LINE_START = set("，、。；：！？）)”’》〕］],.;:!?%％")


def _wrap_width(lines: list[_Line]) -> int | None:
    """The width a hard-wrapped copy (PDF text) was printed at: the commonest length of its long
    lines, when at least 40% of them are within 2 characters of it; None for a copy whose
    paragraphs are one line each."""
    lens = [len(ln.text) for ln in lines if len(ln.text) >= 20]
    if len(lens) < 10:
        return None
    c = Counter(lens)
    near = lambda w: sum(c[w + d] for d in range(-2, 3))  # noqa: E731
    w = max(c, key=lambda w: (near(w), c[w]))
    return w if near(w) >= 0.4 * len(lens) else None


_DOC_NUMBER_LINE = re.compile(r"^[\u4e00-\u9fff]{1,15}\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*第?\s*\d{1,5}\s*号$")


def _stands_alone(q: str) -> bool:
    """A line that starts something of its own whatever precedes it: a numbered item, page chrome, a
    metadata field, a labelled field of a task, an attachment head, a signature or date line, a 文号."""
    return bool(_numbering(q) or _is_chrome(q) or _META_LINE.match(q) or _ITEM_FIELD.match(q) or _ATTACH_HEAD.match(q)
                or _ORG_LINE.match(q) or _DATE_ONLY.match(q) or _DOC_NUMBER_LINE.match(q))


def _full_line_ends(text: str, width: int) -> set[int]:
    """The offsets where the printed lines of a copy ``width`` characters wide end full (within 2)."""
    ends: set[int] = set()
    pos = 0
    for raw in text.split("\n"):
        kept = raw.rstrip(_WS + "\r")
        if abs(len(kept.lstrip(_WS)) - width) <= 2:
            ends.add(pos + len(kept))
        pos += len(raw) + 1
    return ends


def _continues(prev: _Line, nxt: _Line, full_ends: set[int] | None = None) -> bool:
    """True when ``nxt`` continues the sentence ``prev`` was cut in (a line wrap left
    by PDF or web extraction), so the two lines form one paragraph. In a hard-wrapped copy
    (``full_ends``: where its full printed lines end) a full line was cut by the wrap."""
    p, q = prev.text, nxt.text
    nb = _numbering(p)
    if nb and nb[1].strip() == p.strip() and not _numbering(q) and nb[0] not in _DIVISIONS:
        return True  # a bare marker line ("第二十八条") followed by its text
    if _open_bracket(p) and re.search(r"[)）〕]", q) and not _numbering(q) and not _is_chrome(q):
        return True  # ``…项目。（责任单位：`` / ``省卫生健康委、省财政厅）``: a bracket left open continues
    if _open_bracket(p) and p[-1] in "：:、，," and not _numbering(q) and not _is_chrome(q) and not _PAGE_MARK.match(q):
        return True  # ``…〔责任单位：`` / ``市卫生健康委、…各县市区人民政`` / ``府〕``: the list goes on over lines
    full = full_ends is not None and prev.end in full_ends and p[-1:] not in ":："
    if full and p[-1] not in _TERMINAL and not _stands_alone(q):
        return True  # a full printed line not ending a sentence: the wrap cut it (a title, a 《》 name, a paragraph)
    if len(p) < 15 or (p[-1] in _TERMINAL and not (full and p[-1] in "；;")) or p[-1] in _CLOSERS or p[-1] in ":：":
        return False
    if _numbering(q) or _is_chrome(p) or _is_chrome(q) or _META_LINE.match(q) or _META_LINE.match(p):
        return False
    if _TRANSMIT.search(p) and len(q) <= 40 and q[-1] in _TERMINAL and not _boilerplate(q) and not _numbering(q):
        return True  # ``…请认真贯`` / ``彻落实。``
    if _boilerplate(p) or _boilerplate(q) or _ATTACH_HEAD.match(q) or _ORG_LINE.match(q):
        return False
    if _CODE_OR_BOX.match(p) or _CODE_OR_BOX.match(q):
        return False
    if q[0] in _NO_LINE_START or p[-1] in _MIDSENTENCE_END:
        return True
    if _TITLE_END_RE.search(p) and len(p) <= MAX_HEADING_CHARS and not re.search(r"[；;。，,]", p):
        # a title line ends with its document type (方案, 通知, 办法 …)
        return False
    if nb and "。" not in p and len(p) <= MAX_HEADING_CHARS:
        # a short numbered line without a full stop is a heading, unless it is an
        # article or a deep list item (``(1)…``, ``①…``), as long as a printed line
        # (PDF wrap width, about 26+ characters), or followed by a short tail fragment
        tail = len(q) <= 15 and q[-1] in _TERMINAL | set(":：")
        return nb[0] in _DEEP_STYLES or nb[0] == "tiao" or len(p) >= 26 or tail
    return True


def _open_bracket(t: str) -> bool:
    """True when the last sentence of ``t`` opened a bracket it did not close (``…。（责任单位：``)."""
    k = max(t.rfind("。"), t.rfind("；"), t.rfind(";"))
    tail = t[k + 1 :]
    return tail.count("（") + tail.count("(") + tail.count("〔") > tail.count("）") + tail.count(")") + tail.count("〕")


# list codes (``04.06 心脏大血管外科专业``) and box/table captions (``专栏3:…``, ``表1 …``)
_CODE_OR_BOX = re.compile(r"^(\d{1,3}([.．]\d{1,3})+\s|(专栏|附表|表|图|框)\s*[\d一二三四五六七八九十]+)")
_TITLE_END_RE = re.compile(
    r"(通知|意见|决定|方案|规划|办法|条例|规定|细则|公告|通告|纲要|计划|要点|指南|规范|标准|目录|解读|批复|报告|通报|"
    r"措施|清单|名录|指引|规程|守则|准则|章程)$"
)


_TITLE_TAIL = re.compile(_TITLE_END_RE.pattern[:-1] + r"(\s*[（(][^()（）]{1,20}[)）])*$")


def _title_line(t: str) -> str | None:
    """``t`` if it can be part of a title: short, no sentence punctuation, no numbering,
    not chrome, metadata, boilerplate or a list code."""
    if len(t) > MAX_HEADING_CHARS or re.search(r"[。；;！？!?：:，,]", t):
        return None
    if _numbering(t) or _is_chrome(t) or _META_LINE.match(t) or _boilerplate(t) or _CODE_OR_BOX.match(t):
        return None
    if _is_header_cell(t):
        return None
    return t


def _opens_title_zone(t: str) -> bool:
    """A line after which a title may follow: a signature date, an attachment line."""
    return bool(_DATE_ONLY.match(t) or _ORG_DATE.match(t) or _ATTACH_HEAD.match(t) or re.search(r"(日|\d)\s*印\s*发\s*$", t))


_OWN_TITLE = re.compile(rf"^[\u4e00-\u9fff（）()、\s]{{2,60}}?{_ORG_SUFFIX}\s*(关于|印发|转发)")


def starts_own_title(prev: str, nxt: str) -> bool:
    """True when ``nxt`` begins a title of its own (``XX局关于…``), so ``prev`` above it
    is a banner (``青山市人民政府公报``, a site name), not the title's first line. An
    issuer-only line above the rest of a joint issuer list (``…财政部`` / ``医保局
    药监局关于印发…``) still belongs to the title unless ``nxt`` is complete alone."""
    if not _OWN_TITLE.match(nxt):
        return False
    if not _ORG_LINE.match(prev.replace(" ", "").replace("\u3000", "")):
        return True
    if len(re.findall(r"\S{3,}", prev)) >= 2 and not nxt.startswith(("关于", "印发", "转发")):
        # two or more bodies written apart (`国家卫生健康委办公厅 国家中医药局综合司`) and a line going on with
        # one more body before its 关于: the issuers of a joint document, whose title runs on, not a banner
        return False
    return bool(_TITLE_TAIL.search(nxt))


def _title_continues(prev: _Line, lines: list[_Line], k: int) -> bool:
    """True when ``lines[k]`` continues a title that ``prev`` began (a title printed over
    two to four lines: ``国家医保局 人力资源社会保障部`` / ``关于印发…`` / ``…的通知``).
    The joined run must end with a document type word (通知, 意见, 方案 …) within the
    next lines, and ``prev`` must not already end with one."""
    if _title_line(prev.text) is None or _TITLE_TAIL.search(prev.text) or len(prev.text) > 120:
        return False
    if _DATE_ONLY.match(prev.text) or starts_own_title(prev.text, lines[k].text):
        return False
    for q in range(k, min(len(lines), k + 3)):
        t = lines[q].text
        if _title_line(t) is None or _DATE_ONLY.match(t):
            return False
        if _TITLE_TAIL.search(t):
            return True
    return False


_ITEM_FIELD = re.compile(
    r"^(牵头单位|责任单位|配合单位|参与单位|协办单位|牵头部门|责任部门|配合部门|完成时限|完成时间|时间节点|时间安排|责任领导|责任人)\s*[:：]\s*\S"
)


# a line break with the spaces around it, and a printed page number between two pages
# (a page break may print blank lines and a form feed around its page number)
_SOFT_BREAK = re.compile(rf"[ \t\u3000]*\n(?:(?:[ \t\u3000\f]*\n)*[ \t\u3000\f]*{PAGE_MARK}[ \t\u3000]*\n(?:[ \t\u3000\f]*\n)*)?[ \t\u3000\f]*")


def soft_breaks(text: str) -> list[int]:
    """Offsets of the characters of the line breaks inside ``text`` (one clause of prose) that
    PDF or web wrapping left in the middle of a sentence: the break, the spaces around it and
    a page number between two pages. The extractors read the clause without them, so a date,
    a figure or an agency name cut by a wrap (`2025⏎年`, `达到⏎65%`, `市卫生健⏎康局`) is found
    whole. A break after a sentence end or a colon, or before a numbered item or a labelled
    field (`牵头单位：`, `完成时限：`), separates two things and stays.

    >>> soft_breaks("到2025\\n年，基层就诊率达到\\n — 3 —\\n  65%。\\n牵头单位：市卫健委")
    [5, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]
    """
    drop: list[int] = []
    for m in _SOFT_BREAK.finditer(text):
        a, b = m.start(), m.end()
        if a == 0 or b >= len(text):
            continue
        if text[a - 1] in _TERMINAL or text[a - 1] in ":：":
            continue
        nl = text.find("\n", b)
        line = text[b:] if nl < 0 else text[b:nl]
        if _numbering(line) or _ITEM_FIELD.match(line) or _META_LINE.match(line):
            continue
        drop.extend(range(a, b))
    return drop


def reflow(text: str, spaces: bool = True) -> str:
    """``text`` without its soft line breaks and (``spaces``) stray spaces (:func:`soft_breaks`,
    :func:`nlp.extract.spaces.stray_spaces`): a heading or a clause as it was written before a PDF or
    web copy wrapped it.

    >>> reflow("（二）主要目标。到2026\\n年，互联网医院达到 20家")
    '（二）主要目标。到2026年，互联网医院达到20家'
    >>> reflow("第一章 总\\n则", spaces=False)
    '第一章 总则'
    """
    drop = soft_breaks(text) + (stray_spaces(text) if spaces else [])
    return drop_at(text, drop)[0] if drop else text


def _written_len(text: str) -> int:
    """The length of ``text`` without its soft line breaks and stray spaces (a wrapped paragraph
    is as long as the paragraph it was)."""
    if "\n" not in text and " " not in text and "\xa0" not in text:
        return len(text)
    return len(text) - len(set(soft_breaks(text)) | set(stray_spaces(text)))


def _bare_article(t: str) -> bool:
    """``第二十八条`` alone on its line."""
    nb = _numbering(t)
    return bool(nb and nb[0] == "tiao" and t.strip() == nb[1].strip())


def _merge_wrapped(lines: list[_Line], text: str, protected: set[int], width: int | None) -> tuple[list[_Line], dict[int, int]]:
    """Join physical lines that continue one another into logical lines; return the new
    list and a map old index → new index. Lines in ``protected`` (tables) stay alone."""
    out: list[_Line] = []
    remap: dict[int, int] = {}
    full_ends = _full_line_ends(text, width) if width is not None else None
    zone = True  # in a title zone: document start, or right after a signature / attachment line
    nparts = 0  # physical lines joined into the current title
    for k, ln in enumerate(lines):
        joinable = out and ln.idx not in protected and (ln.idx - 1) not in protected
        if joinable and zone and nparts < 4 and _title_continues(out[-1], lines, k):
            last = out[-1]
            out[-1] = _Line(last.idx, last.start, ln.end, text[last.start : ln.end], title=True)
            nparts += 1
            remap[ln.idx] = len(out) - 1
            continue
        nparts = 1
        if out:
            pt = out[-1].text
            zone = _opens_title_zone(pt) or (zone and (_title_line(pt) is not None or _is_chrome(pt) or bool(_META_LINE.match(pt))))
        if joinable and _ITEM_FIELD.match(ln.text) and not _is_chrome(out[-1].text) and not _boilerplate(out[-1].text):
            # ``牵头单位：区卫生健康局`` / ``完成时限：…`` under a task: part of that task
            last = out[-1]
            out[-1] = _Line(last.idx, last.start, ln.end, text[last.start : ln.end])
            remap[ln.idx] = len(out) - 1
            continue
        if joinable and _bare_article(out[-1].text) and _numbering(ln.text) and _numbering(ln.text)[0] not in _DIVISIONS | {"tiao"}:
            last = out[-1]
            out[-1] = _Line(last.idx, last.start, ln.end, text[last.start : ln.end])
            remap[ln.idx] = len(out) - 1
            continue
        if joinable and _continues(out[-1], ln, full_ends):
            last = out[-1]
            out[-1] = _Line(last.idx, last.start, ln.end, text[last.start : ln.end])
        else:
            out.append(_Line(len(out), ln.start, ln.end, ln.text))
        remap[ln.idx] = len(out) - 1
    return out, remap


_ENUM = re.compile(r"[一二三四五六七八九十]是")
_CLOSING = re.compile(
    r"^(特此(通知|函告|公告|通告|批复|报告)|请(各|有关|你|结合)[^。]{0,40}(认真|抓紧|切实|遵照|贯彻|落实|执行|实施)|"
    r"本(通知|意见|方案|办法|规定|细则|规划|计划)自[^。]{0,30}(起|之日))"
)


# a sentence closed by the bracket naming who does it (`…全覆盖（县医保局、县卫生健康局）。`)
_DUTY_BRACKET_END_RE = re.compile(r"[（(][^（）()]{0,80}?(?:局|委|办|厅|部|政府|中心|单位|牵头|负责|配合)[^（）()]{0,20}[）)][。；;]")


def _multi_measure(t: str) -> bool:
    """A paragraph that lists several measures (``一是…；二是…；三是…``), or several tasks each
    closed by its own bracket of responsible bodies (``…（县医保局、县卫生健康局）。年内出台…
    （县财政局、县国资办）。``): split into its sentences, so each keeps its own bodies."""
    return len(_ENUM.findall(t)) >= 2 and len(t) > 60 or len(_DUTY_BRACKET_END_RE.findall(t)) >= 2


def _measure_spans(t: str, base: int) -> list[tuple[int, int]]:
    """Sentence spans of ``t`` (shifted by ``base``), also cut after a colon that
    introduces an enumeration (``完善支持政策:一是…``)."""
    out: list[tuple[int, int]] = []
    for s, e in sentence_spans(t, base):
        seg = t[s - base : e - base]
        m = re.search(r"[:：](?=\s*一是)", seg)
        if m and 0 < m.end() < len(seg):
            out.append((s, s + m.end()))
            rest = seg[m.end():]
            lead = len(rest) - len(rest.lstrip(_WS))
            if rest.strip():
                out.append((s + m.end() + lead, e))
        else:
            out.append((s, e))
    return out


def _signature_follows(lines: list[_Line], k: int) -> bool:
    """True when line ``k`` starts a signature (issuing body and/or date) or is a
    single date line."""
    if k >= len(lines):
        return False
    t = lines[k].text
    if _DATE_ONLY.match(t) or _ORG_DATE.match(t):
        return True
    q = k
    while q < len(lines) and q - k < 4 and _ORG_LINE.match(lines[q].text):
        q += 1
    return q > k and q < len(lines) and bool(_DATE_ONLY.match(lines[q].text))


def _heading_styles(lines: list[_Line]) -> set[str]:
    """Numbering styles whose items have a separate heading (a short item line followed
    by an unnumbered paragraph, or an item too long to stay one clause, whose first
    sentence becomes the heading) in at least two thirds of the items, and at least
    three times. An item of such a style that carries its text on the same
    line lost a line break: its first sentence is split off as the heading."""
    alone: Counter[str] = Counter()
    inline: Counter[str] = Counter()
    for k, ln in enumerate(lines):
        nb = _numbering(ln.text)
        if not nb or nb[0] in _DIVISIONS or nb[0] == "tiao":
            continue
        spans = sentence_spans(ln.text)
        nxt = lines[k + 1].text if k + 1 < len(lines) else ""
        if len(spans) <= 1 and len(ln.text) <= MAX_HEADING_CHARS and nxt and not _numbering(nxt) and len(nxt) > MAX_HEADING_CHARS:
            alone[nb[0]] += 1  # heading line, its text below
        elif len(spans) >= 2 and spans[0][1] - spans[0][0] <= MAX_HEADING_CHARS:
            if _written_len(ln.text) > MAX_CLAUSE_CHARS:
                alone[nb[0]] += 1  # long item: its heading sentence is split off anyway
            else:
                inline[nb[0]] += 1
    return {st for st, c in alone.items() if c >= 3 and c >= 2 * inline[st]}


class _Builder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.out: list[Clause] = []

    def add(self, start: int, end: int, kind: str, path: list[str]) -> None:
        text = self.doc.text
        s, e = start, end
        while s < e and (text[s].isspace() or text[s] in _WS):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in _WS):
            e -= 1
        if e <= s:
            return
        if self.out and s < self.out[-1].end:  # never overlap (defensive)
            s = self.out[-1].end
            if s >= e:
                return
        # a heading wrapped over lines is one line in the path (its spaces as written)
        self.out.append(Clause(id=f"c{len(self.out):04d}", start=s, end=e, text=text[s:e], path=[reflow(h, spaces=False) for h in path], kind=kind))


def _heading_text_of(item_text: str, marker: str) -> tuple[str, int] | None:
    """First sentence of a numbered item if it is short enough to serve as a heading:
    ``(text, length)``; else None."""
    spans = sentence_spans(item_text)
    if len(spans) < 2:
        return None
    s, e = spans[0]
    if e - s <= MAX_HEADING_CHARS:
        return item_text[s:e], e
    return None


_SPACE_RUN_RE = re.compile(r"(?<=\S) {2,}(?=\S)")


# two or three single characters parted by spaces, as a PDF prints a short header cell across its column (`指    标`)
_LETTER_SPACED_RE = re.compile(r"(?<=\s)[\u4e00-\u9fff](?:[ \u3000]{1,8}[\u4e00-\u9fff]){1,2}(?=\s{2})")


@functools.lru_cache(maxsize=2)  # segment and extract_document ask for the same document's view in turn
def space_table_view(text: str) -> str:
    """``text`` with the tables a PDF-to-text tool laid out in columns of spaces (``序号  指标名称
    单位  2020年基数 …``) read as tab-separated: inside such a table each run of two or more spaces
    between cells starts with a tab instead (the same length, so offsets hold). Text without such a
    table is returned unchanged (an equal string: the text itself, or the cached one).

    A table starts at a line of three or more header cells separated by such runs and goes on
    over its rows (two or more runs), lines indented under a column (a wrapped cell), short lines of
    two pieces (` 资源           师数（人）`: a category cell printed over two lines beside a wrapped cell),
    page lines and blank lines between them."""
    if "  " not in text:
        return text
    lines = text.split("\n")
    out = list(lines)
    changed = False
    i = 0
    while i < len(lines):
        fields = _SPACE_RUN_RE.split(lines[i].strip(_WS))
        spaced = _LETTER_SPACED_RE.search(lines[i]) if len(fields) >= 4 else None
        if spaced and _is_header_cell(re.sub(r"\s", "", spaced.group())):
            # a header cell printed letter-spaced (`序号   指    标   2025年`): one cell, its gap no column
            fields = _SPACE_RUN_RE.split(lines[i][: spaced.start()].strip(_WS)) + [re.sub(r"\s", "", spaced.group())] \
                + _SPACE_RUN_RE.split(lines[i][spaced.end() :].strip(_WS))
            fields = [f for f in fields if f]
        else:
            spaced = None
        if len(fields) >= 3 and all(_is_header_cell(f) for f in fields) and len(_SPACE_RUN_RE.findall(lines[i])) >= 2:
            j = i
            while j < len(lines):
                ln = lines[j]
                runs = len(_SPACE_RUN_RE.findall(ln))
                if runs >= 2 or ((ln[:2] == "  " or runs == 1) and ln.strip(_WS) and j > i
                                 and len(re.sub(r"\s", "", ln)) <= MAX_CELL_CHARS
                                 and not _NOTE_LINE_RE.match(ln)) \
                        or _PAGE_MARK.match(ln) or (not ln.strip(_WS) and j + 1 < len(lines)):
                    if runs:
                        out[j] = _SPACE_RUN_RE.sub(lambda m: "\t" + m.group()[1:], ln)
                        if j == i and spaced is not None:
                            out[j] = out[j][: spaced.start()] + ln[spaced.start() : spaced.end()] + out[j][spaced.end() :]
                        changed = True
                    j += 1
                    continue
                break
            i = max(j, i + 1)
            continue
        i += 1
    return "\n".join(out) if changed else text


def segment(doc: Document) -> Document:
    """Fill ``doc.clauses`` (ids ``c0000``…, in document order) and return ``doc``.

    See the module docstring for the rules. Pure apart from writing ``doc.clauses``.
    """
    view = space_table_view(doc.text)  # tables laid out in columns of spaces read as tab-separated
    phys = _lines(view, split_inline=True)
    wrap = _wrap_width(phys)  # the printed width of a hard-wrapped copy
    found = _find_tables(phys, wrap, view)
    protected: set[int] = set()
    for t in found:
        protected.update(range(t.title if t.title is not None else t.header[0], t.end))
    lines, remap = _merge_wrapped(phys, view, protected, wrap)
    tables = {}
    for t in found:
        t.title = remap[t.title] if t.title is not None else None
        t.header = (remap[t.header[0]], remap[t.header[1] - 1] + 1)
        t.rows = [(remap[a], remap[z], c) for a, z, c in t.rows]
        t.categories = [(remap[a], remap[z - 1] + 1) for a, z in t.categories]
        t.end = remap[t.end - 1] + 1
        tables[t.title if t.title is not None else t.header[0]] = t
    split_styles = _heading_styles(lines)
    b = _Builder(doc)
    # open levels: [style, heading text, is list item, body clauses seen under it]
    stack: list[list] = []

    def path() -> list[str]:
        return [e[1] for e in stack]

    def push(style: str, text: str, listed: bool, bodies: int) -> None:
        stack.append([style, text, listed, bodies])

    def count_body() -> None:
        if stack:
            stack[-1][3] += 1

    prev_text = ""  # text of the previous logical line

    seen_body = False
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        t = ln.text
        if i > 0 and lines[i - 1].text != prev_text:
            prev_text = lines[i - 1].text
        if i in tables:
            tb = tables[i]
            ttl = None
            if tb.title is not None:
                ttl = lines[tb.title].text
                b.add(ln.start, ln.end, "heading", path())
            base = path() + ([ttl] if ttl else [])
            h0, h1 = tb.header
            b.add(lines[h0].start, lines[h1 - 1].end, "heading", base)
            items: list[tuple[int, str, int, int, str | None]] = []
            for a, z in tb.categories:
                items.append((a, "heading", lines[a].start, lines[z - 1].end, None))
            for a, z, cat in tb.rows:
                items.append((a, "table_row", lines[a].start, lines[z].end, cat))
            inside = {x for a, z, _ in tb.rows for x in range(a, z + 1)} | {x for a, z in tb.categories for x in range(a, z)}
            for x in range(h1, tb.end):
                if x not in inside and (_PAGE_MARK.match(lines[x].text) or _is_header_cell(lines[x].text)):
                    # a page line inside the table, the header printed again on a new page
                    items.append((x, "chrome", lines[x].start, lines[x].end, None))
            for _, kind, s, e, cat in sorted(items):
                b.add(s, e, kind, [] if kind == "chrome" else base + ([cat] if cat and kind == "table_row" else []))
            i = tb.end
            continue
        # metadata key/value (key alone on its line, value on the next)
        m = _META_LINE.match(t)
        if m and len(t) <= 120:
            end = ln.end
            if not m.group(2) and i + 1 < n:
                nxt = lines[i + 1].text
                if len(nxt) <= 80 and not _META_LINE.match(nxt):
                    end = lines[i + 1].end
                    i += 1
            b.add(ln.start, end, "chrome", [])
            i += 1
            continue
        if (_is_chrome(t) and not (seen_body and _numbering(t))) or _PAGE_MARK.match(t):
            # a printed page number between paragraphs (`— 3 —`, `-3-`, `第3页`) is page furniture;
            # inside a wrapped sentence it stays in its paragraph (a clause is one span)
            b.add(ln.start, ln.end, "chrome", [])
            i += 1
            continue
        if _boilerplate(t):
            b.add(ln.start, ln.end, "boilerplate", [])
            if _DATE_ONLY.match(t) or _ORG_DATE.match(t) or re.search(r"(日|\d)\s*印\s*发\s*$", t):
                stack.clear()  # after a signature: an attachment or the end, not the last item
            # 抄送 continues over the following short lines without punctuation at the end
            if re.match(r"^抄[送报]", t):
                while i + 1 < n and len(lines[i + 1].text) <= 60 and not _numbering(lines[i + 1].text) and (
                    t.rstrip()[-1:] in "，,、" or lines[i + 1].text[-1:] in "。，,、"
                ):
                    i += 1
                    t = lines[i].text
                    b.add(lines[i].start, lines[i].end, "boilerplate", [])
            i += 1
            continue
        # signature: an issuing body alone on its line followed by a date line
        if _ORG_LINE.match(t) and i + 1 < n and (_DATE_ONLY.match(lines[i + 1].text) or _ORG_LINE.match(lines[i + 1].text)):
            k = i + 1
            while k < n and _ORG_LINE.match(lines[k].text) and k - i < 4:
                k += 1
            if k < n and _DATE_ONLY.match(lines[k].text):
                for q in range(i, k + 1):
                    b.add(lines[q].start, lines[q].end, "boilerplate", [])
                stack.clear()
                i = k + 1
                continue
        if seen_body and _ORG_LINE.match(t) and (i + 1 >= n or _is_chrome(lines[i + 1].text) or _boilerplate(lines[i + 1].text)):
            b.add(ln.start, ln.end, "boilerplate", [])  # a signature without a date
            stack.clear()
            i += 1
            continue
        if _ATTACH_HEAD.match(t):
            stack.clear()
            b.add(ln.start, ln.end, "heading", [])
            i += 1
            continue
        nb = _numbering(t)
        if nb:
            style, marker = nb
            seen_body = True
            styles = [e[0] for e in stack]
            sibling = None
            if style in styles:
                sibling = stack[styles.index(style)]
                del stack[styles.index(style):]
            else:
                while stack and _RANK[stack[-1][0]] >= _RANK[style]:
                    stack.pop()
            styles = [e[0] for e in stack]
            above = path()
            nxt = _numbering(lines[i + 1].text) if i + 1 < n else None
            single = len(sentence_spans(t)) <= 1
            # list context: the first item follows a lead-in ending with a colon
            # (``有下列情形之一的：``), or a sibling item ended like a list entry (；，)
            if sibling is not None:
                listed = sibling[2]
            else:
                listed = bool(prev_text) and prev_text[-1] in ":："
            if prev_text and prev_text[-1] in "；;，,、" and sibling is not None:
                listed = True
            # a short punctuated item is a heading only when something hangs below it:
            # an unnumbered paragraph or a deeper (new) numbering style
            has_children = i + 1 < n and (
                nxt is None or (nxt[0] not in styles and nxt[0] != style and _RANK[nxt[0]] > _RANK[style])
            )
            if i + 1 < n and nxt is None and (_boilerplate(lines[i + 1].text) or _is_chrome(lines[i + 1].text)):
                has_children = False
            if i + 1 < n and nxt is None and _signature_follows(lines, i + 1):
                has_children = False
            # ``1.推进…全覆盖。（县卫生健康局牵头）``: the sentence end before the parenthetical
            core = re.sub(r"[(（][^()（）]{1,80}[)）]$", "", t).rstrip() or t
            bare = t.strip() == marker.strip()  # "第二十八条" alone, its text below
            is_heading = style in _DIVISIONS or bare or (
                style != "tiao"
                and not (listed and core[-1] in _TERMINAL)
                and len(t) <= MAX_HEADING_CHARS
                and single
                and not (core != t and core[-1] in _TERMINAL)
                and t[-1] not in "；;，,、"
                and (t[-1] not in _TERMINAL or has_children)
            )
            if is_heading:
                b.add(ln.start, ln.end, "heading", above)
                push(style, t, False, 0)
            elif style in split_styles and not listed and _heading_text_of(t, marker):
                # the document puts item headings on their own line; here the break was lost
                h = _heading_text_of(t, marker)
                b.add(ln.start, ln.start + h[1], "heading", above)
                push(style, h[0], False, 1)
                rest = t[h[1]:]
                r0 = ln.start + h[1]
                if _written_len(rest.strip()) <= MAX_CLAUSE_CHARS and not _multi_measure(rest):
                    b.add(r0, ln.end, "body", path())
                else:
                    for s_, e_ in _measure_spans(rest, r0):
                        b.add(s_, e_, "body", path())
            elif _written_len(t) <= MAX_CLAUSE_CHARS and not _multi_measure(t):
                b.add(ln.start, ln.end, "body", above)
                h = _heading_text_of(t, marker) if style != "tiao" else None  # an article is known by its number
                push(style, h[0] if h else marker.strip(), listed and single, 1)
            else:
                spans = _measure_spans(t, ln.start)
                h = _heading_text_of(t, marker)
                lead_in = spans and len(spans) > 1 and doc.text[spans[0][1] - 1] in ":："
                if style != "tiao" and (h or lead_in) and spans and spans[0][1] - spans[0][0] <= MAX_HEADING_CHARS:
                    s0, e0 = spans[0]
                    b.add(s0, e0, "heading", above)
                    push(style, doc.text[s0:e0], False, 1)
                    rest = spans[1:]
                else:
                    push(style, marker.strip(), False, 1)
                    rest = spans
                    # the first sentence keeps the path above it (it carries the marker)
                    if rest:
                        b.add(rest[0][0], rest[0][1], "body", above)
                        rest = rest[1:]
                for s, e in rest:
                    b.add(s, e, "body", path())
            prev_text = t
            i += 1
            continue
        # unnumbered line
        if ln.title or len(t) <= MAX_HEADING_CHARS and t[-1] not in _TERMINAL and t[-1] not in "，,、:：" and "。" not in t:
            b.add(ln.start, ln.end, "heading", path() if seen_body else [])
            prev_text = t
            i += 1
            continue
        seen_body = True
        # a paragraph after a list ends belongs to the level above the list items
        while stack and stack[-1][2]:
            stack.pop()
        # a closing paragraph (``特此通知。``, ``请…认真贯彻落实``, or the last paragraph
        # before the signature after an item that already has its text) is not part of
        # the last item
        closing = bool(_CLOSING.match(t)) or (
            stack and stack[-1][3] > 0 and len(stack) >= 2 and _signature_follows(lines, i + 1)
        )
        pth = [] if closing else path()
        if _written_len(t) <= MAX_CLAUSE_CHARS and not _multi_measure(t):
            b.add(ln.start, ln.end, "body", pth)
        else:
            for s, e in _measure_spans(t, ln.start):
                b.add(s, e, "body", pth)
        if not closing:
            count_body()
        prev_text = t
        i += 1
        continue
    doc.clauses = b.out
    return doc

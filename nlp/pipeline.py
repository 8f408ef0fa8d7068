"""The whole job for one document: segment → identify → extract → classify.

Each stage takes the :class:`~nlp.doc.Document` and returns it richer; this module only
orders the stages and moves clause-relative offsets into document coordinates.

>>> from nlp.doc import Document
>>> doc = tag_document(Document(text="一、总体要求\\n到2025年,基层就诊率达到65%(市卫健委牵头,市医保局配合)。", source="x.txt"),
...                    ref_date="2023-06-29")
>>> [t.text for c in doc.clauses for t in c.targets]
['达到65%']
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Iterable, Iterator, NamedTuple, TypeVar

from .doc import CONTENT_KINDS, Clause, Document, TimeExpr
from .errors import YigaiError
from .extract.agencies import extract_agencies, lead_first_from, lead_first_scope, lead_first_sections
from .extract.spaces import drop_at, stray_spaces
from .extract.targets import (
    extract_table_targets, extract_targets, extract_unit_row_targets, is_review_section, spaced_table_targets, spaced_tables, table_header,
    unit_table_kind, year_from_path,
)
from .extract.timefind import YEAR_NUM_RE
from .extract.times import attached_rule_start, extract_times, is_annual_plan, is_one_year_rule, is_standing_rule, is_standing_rule_section, plan_period, report_part, report_year
from .identity import identify
from .segment import cell_breaks, segment, soft_breaks, space_table_view, table_columns, unit_table_header, wrap_width

if TYPE_CHECKING:  # pragma: no cover
    from .doc import Target, TimeExpr
    from .themes.predict import ThemeClassifier

_Span = TypeVar("_Span", "TimeExpr", "Target")
_UNSET = object()

#: the start of a list item: (一) （1） 1. 1、 一、 ①
LIST_ITEM = re.compile(r"\s*(?:[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]+、|[①-⑳])")


def parse_ref_date(value: str | None) -> _dt.date | None:
    """``"2023-06-29"`` → ``date(2023, 6, 29)``; None stays None; anything else is a one-line error."""
    if value in (None, ""):
        return None
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        raise YigaiError(f"reference date {value!r} is not a date", fix="give it as YYYY-MM-DD, e.g. --ref-date 2023-06-29") from None


# a heading about one year's work: `（二）2026年重点任务`, `2.2026年`, `二、2026年工作安排` (not `到2025年`)
_TOPIC_HEADING_RE = re.compile(
    r"^[\s\u3000]*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、])?\s?"
    r"((?:19|20)\d{2})\s?年(?!底|末|前|以前|之前|起|以来|以后|—|-|–|至|到)"
)


_FORWARD_PATH_RE = re.compile(r"下一步|打算|计划|安排|要求|整改|思路|展望|工作重点|重点工作")


def topic_year(path: list[str] | None) -> int | None:
    """The year the innermost heading that opens with a year is about (``（二）2026年重点任务`` → 2026).

    >>> topic_year(["三、重点任务", "（二）2026年重点任务"])
    2026
    >>> topic_year(["（三）到2025年的目标"]) is None
    True
    """
    for heading in reversed(path or []):
        m = _TOPIC_HEADING_RE.match(heading)
        if m:
            return int(m.group(1))
    return None


def extract_document(doc: Document, *, ref_date: str | None = None) -> Document:
    """Fill times, targets and agencies of every content clause.

    Relative expressions are resolved against the document's own issue date; when it has
    none, against ``ref_date`` (the user's ``--ref-date``); else they stay unresolved.
    """
    ref = parse_ref_date(doc.identity.issued) or parse_ref_date(ref_date)
    doc.ref_date = ref.isoformat() if ref else None
    cyclic = is_standing_rule(doc.identity.title)
    # a notice issuing a rule (`关于印发《…实施细则》的通知`): its own words are the notice's, dated; the rule
    # attached after it describes a cycle
    rule_from = attached_rule_start(doc.text, doc.identity.title) if cyclic else None
    one_year = is_one_year_rule(doc.identity.title)  # `…2025年度…考核实施细则`: its articles are 2025's
    annual = is_annual_plan(doc.identity.title)
    plan = plan_period(doc.identity.title)  # `规划期末` in a “十四五”规划 is 2025
    part = report_part(doc.identity.title)  # `去年同期` in a half-year summary is last year's first half
    reviewed = report_year(doc.identity.title, ref)  # `全年` in a 2025 通报 of 2024's results is 2024
    doc_year = reviewed if reviewed is not None else (ref.year if ref else None)  # the year a table's undated columns are of
    lead_first = lead_first_scope(doc.text)
    sections = lead_first_sections(doc.clauses) if lead_first == "section" else []

    def scope_of(clause: Clause) -> bool | str:
        """Whether the first body of the clause's lists leads (the document's lead-first note, scoped)."""
        if lead_first == "table":
            return clause.kind == "table_row"
        if lead_first == "section":
            return any(tuple(clause.path[: len(p)]) == p for p in sections)
        return lead_first_from(lead_first, clause.end)

    view = space_table_view(doc.text)  # tables laid out in columns of spaces, read as tab-separated
    header: list[str] | None = None  # the current indicator table's header cells
    columns: list[str] | None = None  # the current table's header cells (any table)
    lead_in: str | None = None  # the sentence introducing the current list (ends with a colon)
    by_place: _PlaceTable | None = None  # the current table with one row per place
    wrap: Any = _UNSET  # the printed width of a hard-wrapped copy (found at the first table row)
    for clause in doc.clauses:
        if _OTHER_PAGE_RE.match(clause.text):
            # `上一篇：关于做好2025年…的通知`, `相关解读：图解：2026年度…`: another page's title on a web copy
            clause.times, clause.targets, clause.agencies = [], [], type(clause.agencies)()
            continue
        content = clause.kind in CONTENT_KINDS
        # a table copied with its cells separated by tabs reads as one cell per line (one character for one)
        # (and one laid out in columns of spaces by a PDF-to-text tool, read through the same view)
        raw = view[clause.start : clause.end] if view is not doc.text and clause.kind in ("table_row", "heading") else clause.text
        ctext = raw.replace("\t", "\n") if "\t" in raw and clause.kind in ("table_row", "heading") else clause.text
        found = table_header(ctext) if content and "\n" in ctext else None
        cols = table_columns(ctext) if content and "\n" in ctext else None
        # prose is read without the line breaks and stray spaces a PDF or web copy wrapped it with
        # (cells of a table are one per line, so a table keeps them); spans map back through ``pos``
        lifted = None
        if clause.kind == "table_row" and "\t" in raw and "\n" in raw:
            # a row of tab-separated cells: its cells are the tabs', a line break inside it is a cell
            # wrapped in the copy (`…培训⏎基地\t省卫生健康委`), read through; in a table laid out in columns
            # of spaces, the pieces of a cell printed on other lines are read by column
            drop = [k for k, ch in enumerate(clause.text) if ch == "\n"]
            if view is not doc.text:
                lifted = _lift_split_cell(raw, clause.start - (doc.text.rfind("\n", 0, clause.start) + 1))
        elif clause.kind == "table_row":
            # a cell wrapped over lines in a PDF copy is read as one line
            if wrap is _UNSET:
                wrap = wrap_width(doc.text)
            # (a task table's cells may also wrap at their column's width, narrower than the page)
            drop = cell_breaks(ctext, wrap, len(columns) if columns else None, column_wraps=header is None and columns is not None)
        else:
            drop = [] if found or cols else soft_breaks(clause.text) + stray_spaces(clause.text)
        text, pos = lifted or (drop_at(ctext, drop) if drop else (ctext, None))
        in_rule = cyclic and (rule_from is None or clause.start >= rule_from)
        times = extract_times(text, ref, cyclic=in_rule or (is_standing_rule_section(clause.path, clause.text) and not one_year),
                              annual=annual,
                              topic_year=topic_year(clause.path), plan=plan, review=is_review_section(clause.path),
                              report_part=part,
                              review_year=reviewed if reviewed is not None and not _FORWARD_PATH_RE.search("".join(clause.path or ())) else None)
        if not content:
            # signature and header dates, effective dates in boilerplate: times only
            clause.times = [_back(t, pos, clause) for t in times]
            continue
        places = unit_table_header(ctext.split("\n")) if content and "\n" in ctext and not (found or cols) else None
        if found or cols or places:
            header, columns = found, found or cols
            by_place = _place_table(doc, clause.start, places, reviewed is not None or is_review_section(clause.path), ref) if places else None
        elif clause.kind == "body":
            header = columns = by_place = None  # prose ends a table
        if clause.kind == "table_row" and by_place is not None:
            # a table with one row per place and one column per indicator (`湖滨区 | 58.7 | 76.3`)
            targets = extract_unit_row_targets(text, by_place.header, kind=by_place.kind, year=by_place.year,
                                               whole=by_place.whole, floors=by_place.floors)
        elif clause.kind == "table_row" and (header is not None or columns is None):
            # an indicator table: metric cell, base-year and target-year value cells
            targets = extract_table_targets(text, header, path=clause.path, doc_year=doc_year)
        else:
            # prose, or a row of a task table (任务/牵头单位/完成时限…), whose task cell is
            # read like a sentence and whose deadline cell dates it
            is_item = bool(LIST_ITEM.match(text))
            section_year = year_from_path(clause.path)
            if clause.kind == "body":
                # a clause cut from a long sentence at `；` keeps the year its sentence opens with
                # (`2024年，…全年结算1.94亿人次；联网定点医疗机构增至20.1万家…`: 2024's, reported)
                section_year = _sentence_opening_year(doc.text, clause.start) or section_year
            if clause.kind == "table_row":
                section_year = _row_year(times, text) or section_year  # the row's 完成时限 cell
            targets = extract_targets(
                text, times=times, section_year=section_year, doc_year=ref.year if ref else None,
                path=clause.path, lead_in=lead_in if is_item else None,
            )
            # items of a list of conditions (具备以下条件：) are eligibility thresholds, not targets
            if text.rstrip().endswith(("：", ":")):
                lead_in = text
            elif not is_item:
                lead_in = None
        row_header = columns if clause.kind == "table_row" else None
        if row_header and clause.kind == "table_row":
            # a row copied with tab-separated cells whose leading cells were merged with the row above
            # (written empty: `\t人员培训\t5\t…\t基层卫生健康股`) starts at a later column
            gap = doc.text[doc.text.rfind("\n", 0, clause.start) + 1 : clause.start]
            if gap.strip(" \u3000") and not gap.strip(" \u3000\t") and gap.count("\t") < len(row_header):
                row_header = row_header[gap.count("\t") :]
        agencies, _spans = extract_agencies(text, lead_first=scope_of(clause), header=row_header)
        if clause.kind == "table_row" and row_header:
            times = times + _frequency_cells(text, row_header, times)
        clause.times = [_back(t, pos, clause) for t in times]
        if clause.kind == "table_row" and header is None and (
                _ENTITLEMENT_ROW_RE.match(text.lstrip()) or (row_header and any(_ENTITLEMENT_RE.search(c) for c in row_header))):
            # a row of a benefit table (`统筹基金支付比例 | 在职职工 | 70% | 60% | 50%`, or by column: `医疗机构级别 |
            # 起付标准（元/年） | 在职职工支付比例 | …`): the entitlement the rule grants, no goal (spec §5); a cap or
            # floor it sets stays
            targets = [t for t in targets if t.comparator not in ("=", "~")]
        clause.targets = [_back(t, pos, clause) for t in targets]
        clause.agencies = agencies
    # indicator tables a PDF-to-text tool printed with one space between cells: read from the document's lines
    # (their rows wrap their names over the lines after them), in place of what the clauses made of them
    for table in spaced_tables(doc.text):
        lo, hi = table.rows[0].start, table.end
        for clause in doc.clauses:
            if clause.start < hi and lo < clause.end:
                clause.targets = [t for t in clause.targets if not lo <= t.start < hi]
        for t in spaced_table_targets(doc.text, table, doc_year):
            home = next((c for c in doc.clauses if c.start <= t.start < c.end and c.kind in CONTENT_KINDS), None)
            if home is not None:
                home.targets = sorted([*home.targets, t], key=lambda x: x.start)
        if table.last_column is None:
            continue
        # ... and their last column of bodies (`责任单位`), whose cell wraps with the name (`县卫健委、⏎（人） 县人社局`)
        for row in table.rows:
            home = next((c for c in doc.clauses if c.start <= row.start < c.end and c.kind == "table_row"), None)
            if home is not None and row.last_cell:
                home.agencies, _spans = extract_agencies(f"{row.name}\n{row.last_cell}", lead_first=scope_of(home),
                                                         header=["指标", table.last_column])
    return doc


class _PlaceTable(NamedTuple):
    """A table with one row per place (:func:`_place_table`)."""

    header: list[str]
    kind: str  # what its figures are: "actual" or "target"
    year: int | None
    floors: list[str]  # the columns its note says hold floors
    whole: str  # how its total row is named (`全县`)


def _place_table(doc: Document, start: int, header: list[str], reviewed: bool, ref: _dt.date | None) -> _PlaceTable:
    """A table with one row per place: its header, whether it reports or sets figures, their year (read
    from the caption lines above it (`2025年上半年各县（市、区）…完成情况`, `（数据截至2025年6月30日）`)), the columns its note
    says hold floors and the name of the whole area."""
    lines = doc.text[max(0, start - 200) : start].rstrip().split("\n")[-3:]
    caption = "\n".join(x.strip() for x in lines)
    years = [int(y) for y in YEAR_NUM_RE.findall(caption)]
    year = years[-1] if years else (ref.year if ref else None)
    # the table's note (`注：…签约率目标、履约率目标均为最低目标值`): those columns' values are floors
    note = _TABLE_NOTE_RE.search(doc.text, start, start + 4000)
    floors = [h for h in header if note and _floor_column(h, note.group(0)) or _FLOOR_CAPTION_RE.search(caption)]
    return _PlaceTable(header, unit_table_kind(caption, header, reviewed), year, floors, _whole_area(doc))


_TABLE_NOTE_RE = re.compile(r"(?m)^[ \u3000]*(?:注|说明|备注)\s*[:：][^\n]*(?:\n(?![ \u3000]*(?:[一二三四五六七八九十]+、|附件))[^\n]*){0,3}")
_FLOOR_NOTE_RE = re.compile(r"最低(?:目标)?(?:值|要求|标准)|不低于|下限")
_FLOOR_CAPTION_RE = re.compile(r"[(（][^()（）\n]*(?:最低数量|最低目标|最低要求|不低于|不少于)[^()（）\n]*[)）]")  # `（表中数据为…应达到的最低数量）`


def _floor_column(head: str, note: str) -> bool:
    """True when a table's note says the column ``head`` holds floors (`…履约率目标均为最低目标值`)."""
    name = re.sub(r"[(（][^()（）]*[)）]$", "", head.replace(" ", ""))
    for sentence in re.split(r"[。；;\n]", note):
        if name and name in sentence and _FLOOR_NOTE_RE.search(sentence):
            return True
    return False


# a table column of how often something is done (`报送频次`, `监测周期`) and a cell naming the cycle alone
_FREQUENCY_HEAD_RE = re.compile(r"频次|频率|周期")
_FREQUENCY_CELL = {"季度": "quarter", "每季度": "quarter", "按季度": "quarter", "季": "quarter", "按季": "quarter",
                   "月度": "month", "每月": "month", "按月": "month", "月": "month",
                   "年度": "year", "每年": "year", "按年": "year", "年": "year", "半年": None, "每半年": None}


def _frequency_cells(text: str, columns: list[str], found: list[TimeExpr]) -> list[TimeExpr]:
    """The cycles a row's frequency column names (`报送频次 | 季度`): recurring times, one per such cell."""
    cols = [k for k, h in enumerate(columns) if _FREQUENCY_HEAD_RE.search(h or "")]
    if not cols:
        return []
    cells = [(m.start(), m.end()) for m in re.finditer(r"[^\n\t]+", text) if m.group().strip()]
    if len(cells) != len(columns):
        return []
    out = []
    for k in cols:
        a, b = cells[k]
        word = text[a:b].strip()
        a += text[a:b].find(word)
        if word in _FREQUENCY_CELL and not any(t.start < a + len(word) and a < t.end for t in found):
            out.append(TimeExpr(text=word, start=a, end=a + len(word), type="recurring", every=_FREQUENCY_CELL[word]))
    return out


def _whole_area(doc: Document) -> str:
    """How a document names its whole area (`全县`, `全市`) for a table's total row."""
    region = (doc.identity.region or "").strip()
    for suffix, whole in (("县", "全县"), ("旗", "全旗"), ("区", "全区"), ("市", "全市"), ("州", "全州"), ("省", "全省")):
        if region.endswith(suffix):
            return whole
    return "合计"


# the first cell of a benefit table's row: an entitlement parameter
_ENTITLEMENT = r"(?:起付标准|起付线|支付比例|报销比例|补偿比例|最高支付限额|支付限额|封顶线|待遇标准)"
_ENTITLEMENT_RE = re.compile(_ENTITLEMENT)
_ENTITLEMENT_ROW_RE = re.compile(rf"[^\n]{{0,12}}?{_ENTITLEMENT}[^\n]{{0,10}}\n")
# a link to another page at the foot of a web copy: its title's years are that page's
_OTHER_PAGE_RE = re.compile(r"[ \t\u3000]*(?:上一篇|下一篇|上一条|下一条|相关解读|相关阅读|相关文章|相关新闻|相关链接|相关稿件|延伸阅读|图解)\s*[:：]")


_CJK_CHAR_RE = re.compile(r"[\u4e00-\u9fff]")


def _display_width(s: str) -> int:
    """Printed columns of ``s``: a wide (CJK, full-width) character takes two, as a layout-keeping PDF tool
    aligns them."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


_SERIAL_CELL_RE = re.compile(r"\s*\d{1,3}\s*")
# a line of a row going on with the next piece of its category cell (` 资源\t          师数（人）`)
_CATEGORY_CELL_START_RE = re.compile(r"[ \u3000]?[\u4e00-\u9fff]{1,4}\t")


def _lift_split_cell(raw: str, first_col: int = 0) -> tuple[str, list[int]] | None:
    """A row of a table laid out in columns of spaces whose cells a PDF tool printed over several lines, read
    by column: each piece on a line above or below the row's line joins the cell that starts at its column
    (``健康⏎服务`` in 类别, ``65岁及以上老年人城乡社区规范健⏎康管理服务率（%）`` in 指标), and a piece where the
    row's line has no cell is that cell, printed in halves around the line (``  每千人口中医类别执业（助理）
    医师数`` / ``2 \t   0.56\t0.68\t预期性`` / ``  （人）``). Returns the cells one per line with the original
    offset of each character read (spans map back through it); None for any other row. ``first_col``: the
    column the row's first line starts at in its printed line (the row's text starts after its indent)."""
    lines = raw.split("\n")
    starts = [0]
    for ln in lines[:-1]:
        starts.append(starts[-1] + len(ln) + 1)
    main = max(range(len(lines)), key=lambda i: lines[i].count("\t"))
    if len(lines) < 2 or not _SERIAL_CELL_RE.match(lines[main]) and not re.match(r"\s*\S+\t\s*\d{1,3}\s*\t", lines[main]):
        return None

    def pieces(i: int) -> list[tuple[int, int, str]]:  # (printed column, offset in line, text) of each cell piece
        out, k = [], 0
        for piece in lines[i].split("\t"):
            body = piece.strip()
            if body:
                at = k + len(piece) - len(piece.lstrip())
                out.append(((first_col if i == 0 else 0) + _display_width(lines[i][:at]), at, body))
            k += len(piece) + 1
        return out

    mains = pieces(main)
    cells = [[col, []] for col, _, _ in mains]  # [printed column, [(line, offset, text)...]]
    bounds = [c[0] for c in cells[1:]] + [10**6]  # where the next cell of the row's line starts
    held = [(c, nxt, body) for c, nxt, (_, _, body) in zip(cells, bounds, mains)]
    for i in range(len(lines)):
        for col, at, body in pieces(i):
            if i != main and (len(body) > 40 or (i > 0 and lines[i][:2].strip() and not _CATEGORY_CELL_START_RE.match(lines[i]))):
                return None  # (a continuation is indented under its column, or opens with a category cell's piece)
            near = min(cells, key=lambda c: abs(c[0] - col))
            if i != main and abs(near[0] - col) > 2:
                # a piece centred in its column (`市卫生健康委、市` / `委人才办` printed further right): the cell of the
                # row's line whose column holds it and is wide enough for it; else a cell of its own
                near = next((c for c, nxt, own in held if c[0] < col and col + _display_width(body) <= nxt + 2
                             and _CJK_CHAR_RE.search(own)), None)
                if near is None:
                    near = [col, []]
                    cells.append(near)
            near[1].append((i, at, body))
    cells.sort(key=lambda c: c[0])
    chars: list[str] = []
    pos: list[int] = []
    for c in cells:
        if chars:
            chars.append("\n")
            pos.append(pos[-1])
        for i, at, body in sorted(c[1]):
            chars.extend(body)
            pos.extend(range(starts[i] + at, starts[i] + at + len(body)))
    return "".join(chars), pos


def _back(item: _Span, pos: list[int] | None, clause: Clause) -> _Span:
    """``item`` found in the clause as read (see :func:`extract_document`: without soft breaks and
    stray spaces, through ``pos``; tabs read as line breaks), in document offsets, its ``text`` the
    document's own characters there (line breaks and tabs included)."""
    a, b = (pos[item.start], pos[item.end - 1] + 1) if pos is not None else (item.start, item.end)
    return replace(item, start=clause.start + a, end=clause.start + b, text=clause.text[a:b])


# a year opening a sentence: `2024年，`, `（二）2024年，`, `1.2024年，`
_OPENING_YEAR_RE = re.compile(
    r"[\s\u3000]*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、](?!\d))?\s?"
    r"((?:19|20)\d{2})\s?年[，,]"
)


_AS_OF_YEAR_RE = re.compile(r"截至\s?((?:19|20)\d{2})\s?年\s?(?:底|末)?[，,]")


def _sentence_opening_year(text: str, pos: int) -> int | None:
    """The year the sentence holding ``pos`` opens with, when ``pos`` continues that sentence (a
    clause cut from it at `；`); None at a sentence's own start."""
    start = max(text.rfind(c, 0, pos) for c in "。！？!?\n") + 1
    if start >= pos:
        return None
    m = _OPENING_YEAR_RE.match(text, start, pos)
    if m:
        return int(m.group(1))
    # a hard-wrapped copy breaks its sentences over lines: the sentence opens after its last full stop in the
    # paragraph, and `截至2021年底，` in it dates what follows (`…截至2021年底，全市注册护士达到14286人；每千人口…`)
    para = max(text.rfind("\n\n", 0, pos), text.rfind("\n\u3000", 0, pos), text.rfind("\n  ", 0, pos))
    start = max(max(text.rfind(c, 0, pos) for c in "。！？!?"), para) + 1
    m = _AS_OF_YEAR_RE.search(text, start, pos)
    return int(m.group(1)) if m and start < pos else None


def _row_year(times: list[TimeExpr], text: str = "") -> int | None:
    """The year of a task-table row's deadline cell (`2022年12月底前`, `全年`), if it names one.

    The deadline cell is a short line of its own; a year inside the task cell (`较2025年提高3个百分点`,
    `（2025年为27.1%）`) does not date the row. Without such a cell, the first dated time of the row.
    """
    cells = []
    for t in times:
        lo = text.rfind("\n", 0, t.start) + 1
        hi = text.find("\n", t.end)
        line = text[lo : hi if hi != -1 else len(text)].strip()
        if line and len(line) <= 24 and not re.search(r"[。；;，,]", line):
            cells.append(t)
    for t in cells or times:
        v = (t.value_end or t.value_start) if t.type in ("deadline", "date") or (cells and t.type == "period") else None
        if v and v[:4].isdigit():
            return int(v[:4])
    return None


def tag_document(
    doc: Document,
    *,
    classifier: "ThemeClassifier | None" = None,
    ref_date: str | None = None,
    all_scores: bool = False,
    threshold: float | None = None,
) -> Document:
    """Run every stage on a loaded document and return it, ready for ``doc.to_dict()``.

    ``classifier`` None leaves ``themes`` empty (never filled by a stand-in).
    """
    parse_ref_date(ref_date)  # fail early on a malformed --ref-date
    if not doc.clauses:
        segment(doc)
    identify(doc)
    extract_document(doc, ref_date=ref_date)
    if classifier is not None:
        from .themes.predict import classify_document

        classify_document(doc, classifier, all_scores=all_scores, threshold=threshold)
        doc.model = {"name": classifier.name, "version": classifier.version}
    return doc


def tag_many(
    items: "Iterable[tuple[Any, Document | YigaiError]]",
    *,
    classifier: "ThemeClassifier | None" = None,
    ref_date: str | None = None,
    all_scores: bool = False,
    threshold: float | None = None,
    chunk_clauses: int = 512,
) -> "Iterator[tuple[Any, Document | YigaiError]]":
    """:func:`tag_document` over a stream of ``(key, document or error)``, in order, classifying
    several documents per model call.

    Documents are extracted one by one and held until about ``chunk_clauses`` clauses
    wait for the classifier, which then scores them together (full batches even when
    every document is a one-line catalogue record). An error in the stream, or a
    :class:`YigaiError` raised while tagging a document, is yielded in that document's
    place with its key. Memory stays bounded by the chunk.
    """
    parse_ref_date(ref_date)
    pending: list[tuple[Any, Document | YigaiError]] = []
    waiting = 0

    def flush() -> "Iterator[tuple[Any, Document | YigaiError]]":
        nonlocal waiting
        docs = [d for _, d in pending if isinstance(d, Document)]
        if classifier is not None and docs:
            from .themes.predict import classify_documents

            classify_documents(docs, classifier, all_scores=all_scores, threshold=threshold)
        yield from pending
        pending.clear()
        waiting = 0

    for key, item in items:
        if isinstance(item, Document):
            try:
                tag_document(item, classifier=None, ref_date=ref_date)
            except YigaiError as e:
                item = e
        pending.append((key, item))
        if isinstance(item, Document):
            waiting += len(item.clauses)
        if waiting >= chunk_clauses:
            yield from flush()
    yield from flush()

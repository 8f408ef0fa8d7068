"""Responsible agencies of a clause (spec/extraction.md §4).

Reform plans name who does each task in a parenthesis or a labelled phrase:

- ``(市医保局牵头,市卫生健康局配合)`` → lead 市医保局, support 市卫生健康局
- ``(市卫生健康局负责,市财政局配合)`` → lead, support
- ``(市卫生健康局、市财政局、市医保局分别负责)`` → all lead
- ``(责任单位:市卫生计生委、市财政局)`` → all responsible, or, when the document says
  ``排在第一位的为牵头部门`` (``lead_first``), the first lead and the others support
- ``牵头单位:省卫生健康委;配合单位:省财政厅、省医保局`` → lead, support

A list item is an agency when it is in ``agency_lexicon.txt`` (``市委编办``,
``各县(市、区)``) or ends with a head of ``agency_heads.txt`` (局, 委, 办, 厅, 政府,
中心, 医院, 集团...). Every item of a parenthesis must be an agency, so ordinary
parentheses (``(以下简称医共体)``, ``(试行)``, ``(2020—2022年)``) are left alone.
Short names inherit the level of the list: ``市卫健委、财政局`` → 市卫健委, 市财政局.

>>> a, spans = extract_agencies("加强药品货款支付监测。(市医保局牵头,市卫生健康局、财政局配合)")
>>> a.lead, a.support, spans
(['市医保局'], ['市卫生健康局', '市财政局'], [(11, 32)])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..doc import Agencies
from .spaces import PAGE_NUMBER, drop_at, drop_matches

__all__ = ["extract_agencies", "document_says_lead_first", "lead_first_scope", "lead_first_sections", "is_agency"]

_RESOURCE_PKG = "nlp.resources"

# one-to-one character mapping: offsets never move
_NORMALIZE = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "〔": "(",
        "〕": ")",
        "［": "(",
        "］": ")",
        "[": "(",
        "]": ")",
        "【": "(",
        "】": ")",
        "：": ":",
        "，": ",",
        "；": ";",
        "、": "、",
        "　": " ",
        "\xa0": " ",
        "﹙": "(",
        "﹚": ")",
        "〈": "(",
        "〉": ")",
    }
)


def _read_lines(name: str) -> list[str]:
    text = resources.files(_RESOURCE_PKG).joinpath(name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True)
class _Lex:
    heads: tuple[str, ...]
    lexicon: frozenset[str]
    stems: tuple[str, ...]
    labels: dict[str, str]
    suffixes: tuple[tuple[str, str], ...]
    label_re: re.Pattern
    phrase_re: re.Pattern


_LABEL_NOTE = r"(?:\s?\((?:单位|部门|科室|股室|处室|机构|单位或科室|科室或单位|处室或单位|单位或处室)\))?"


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    heads = tuple(sorted({h.strip() for h in _read_lines("agency_heads.txt")}, key=len, reverse=True))
    lexicon = frozenset(x.strip().translate(_NORMALIZE) for x in _read_lines("agency_lexicon.txt"))
    labels: dict[str, str] = {}
    suffixes: list[tuple[str, str]] = []
    for line in _read_lines("agency_roles.tsv"):
        word, where, role = line.split("\t")
        if where == "label":
            labels[word] = role
        else:
            suffixes.append((word, role))
    suffixes.sort(key=lambda x: len(x[0]), reverse=True)
    label_alt = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    # outside brackets only full labels start a phrase (`牵头单位:`), not a bare `牵头:`
    phrase_alt = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True) if len(w) > 2)
    stems = tuple(sorted({x.strip() for x in _read_lines("agency_stems.txt")}, key=len, reverse=True))
    return _Lex(
        heads=heads,
        lexicon=lexicon,
        stems=stems,
        labels=labels,
        suffixes=tuple(suffixes),
        # (a label may carry a note on what it names: `配合处室(单位):`, `责任单位(部门):`)
        label_re=re.compile(rf"^\s*(?:{label_alt}){_LABEL_NOTE}\s*:\s*"),
        # an unbracketed labelled phrase: 牵头单位:…;配合单位:… (up to the end of the line/sentence)
        phrase_re=re.compile(rf"(?:{phrase_alt}){_LABEL_NOTE}\s*:\s*[^。\n]+"),
    )


# notes inside a responsibility parenthesis that are not agencies
_NOTE_RE = re.compile(
    r"^(?:排在|排名|列在|列于|位列|排|列)?\s?(?:第一位|第一个|首位|第一)|^(?:所列|列出的)?(?:首家|首个|第一家)|^下同$|^同上$|^以下|不再列出|不再一一列出|"
    r"^各地结合实际|^按职责分工$|^按职责$|^分工负责$|^下略$"
    # schedule and person notes inside a task parenthesis: `完成时限:2023年底`, `牵头领导:…`
    r"|^(?:完成|办结)?(?:时限|时间|时间节点|进度安排|进度)\s*:|^(?:牵头|责任|分管|主要)?(?:领导|责任人|联系人)\s*:"
    r"|^(?:(?:19|20)\d{2}|今年|明年|年内|长期|持续)[^、]{0,16}(?:前|底|完成|推进|实施)?$"
)
# a schedule label inside a task parenthesis; what follows it, over commas, is the schedule
_SCHEDULE_LABEL_RE = re.compile(r"^(?:完成|办结)?(?:时限|时间|时间节点|时间安排|进度安排|进度)\s*:")
# the same label after spaces only, where a copy parts its labels with a gap instead of `;`
# (or by nothing, once a copy's stray spaces are dropped: `县卫生健康局配合单位:`)
_LABEL_GAP_RE = re.compile(
    r"(?<=[局委办厅部署院心府室科股处组会])[ \t]*(?=(?:牵头单位|牵头部门|配合单位|配合部门|责任单位|责任部门|协同单位|参与单位|(?:完成|办结)?(?:时限|时间))\s*:)"
)
# a time said bare in a task parenthesis: `(县医保局牵头,县卫生健康局配合;年底前完成)`
_TIME_NOTE_RE = re.compile(
    r"^(?:(?:19|20)\d{2}年?|今年|明年|次年|年内|年底|年末|上半年|下半年|本年|当年|全年|\d{1,2}月|第?[一二三四1-4]季度|每(?:年|季度?|月|周|半年))"
    r"[^、]{0,18}$"
)
# a part of a task parenthesis that says when a piece of the work is done
_SCHEDULE_PART_RE = re.compile(r"\d{1,2}\s?月|[一二三四]季度|年底|年内|上半年|下半年|[上中下]旬|日前|长期坚持|持续推进|按月|按季")
_HEADISH_RE = re.compile(r"[局委办厅部署]|政府|中心|医院|单位|部门")
# a sentence of notes in a responsibility bracket
_NOTE_SENTENCE_RE = re.compile(
    r"(?:排在|排名|列在|列于|位列|排|列)(?:第一位|第一个|首位)|不再(?:一一|逐一|逐项)?列出|照此执行|下同|均需.{2,14}(?:抓好|负责)?落实"
)


def _note_sentence(chunk: str) -> bool:
    """A sentence of a bracket that only gives notes (`各项任务所列部门中,排在第一位的为牵头部门,…`), not one that
    names bodies before its note (`责任单位:A、B、C,排在首位的为牵头单位;`)."""
    if not _NOTE_SENTENCE_RE.search(chunk.replace(" ", "")):
        return False
    first = re.split(r"[,。;]", chunk.strip(), maxsplit=1)[0].strip()
    return not (_lex().label_re.match(first) or _split_items(first))


# a lead marked inside a list: `县卫生健康局(牵头)`
_LEAD_MARK_RE = re.compile(r"\((?:牵头|牵头单位|牵头部门)\)")
_NESTED_NOTE_RE = re.compile(r"^(?:以下|下同|不再|注|含|包括|不含|即|详见|见|同上|按)")
# a name never starts with an item mark or a task verb (`(二)强化部门协同` is a heading, not a statement)
_BAD_START_RE = re.compile(r"^(?:第[一二三四五六七八九十百零\d]+条|其他|其余|其它|\((?:[一二三四五六七八九十]+|\d+)\)|以|每|加强|强化|推进|完善|健全|深化|建立|优化|做好|含|包括|以下|即|如|除|需|对|在(?!哈)|将|按|经(?!开区|济技术开发区|济开发区)|其中|下同|详见|见|注|根据|依据|参照|与|和|及|或|为|是|有(?!关(?:市|县|区|省|州|乡|镇))|无|不|设在)")
_BAD_CHARS_RE = re.compile(r"[的是了将要对把被得着过吗呢由\d%‰:;!?。“”\"'《》<>=+*/]|应(?!急|用)")  # 应急管理局, 大数据应用局 are bodies
_DIGIT_RE = re.compile(r"\d")
_ALIAS_NAME_RE = re.compile(r"^(.{2,30}?(?:[厅局委办]|委员会))\(([^()]{2,16}(?:[厅局委办]|委员会))\)$")
_ALT_HEAD_RE = re.compile(r"^(.{2,30}?[厅局委办])\((?:局|委|厅|办|委员会)\)$")
_LEVEL_RE = re.compile(
    r"^(?:自治区|自治州|省级|市级|区级|省|市(?!场)|县(?!域|级)|区(?!域)|州|盟|旗"
    r"|各(?:县市区|县区|区县|市县|县市|市州|县[(（]市、?区[)）]|县[(（]区[)）]|县[(（]市[)）])(?=[\u4e00-\u9fff]{2}))"
)  # `各县市区医保局、卫生健康局` → 各县市区卫生健康局, as `市卫健委、财政局` → 市财政局
_PLACE_RE = re.compile(r"(?:省|市(?!场)|县(?!域)|区(?!域)|州|盟|旗|国家|全国|中央|中共|国务院)")
_GOV_HEADS = ("委员会", "办公室", "管委会", "局", "委", "办", "厅", "部", "署", "中心", "政府", "领导小组", "小组", "分局")
_CONJ_RE = re.compile(r"以及|和|及|与")
# collective subjects: `各乡镇(街道)`, `各区县`, `各市州`, `各级医疗机构`
_EACH_LEVEL_RE = re.compile(
    r"^各(?:省|市|县|区|州|盟|旗|乡|镇|街道|级|地|有关|相关|成员|股室|科室|处室|股|科|单位$)[\u4e00-\u9fff()、]{0,14}$"
)
# places named together by kind (`相关乡镇`, `有关县（市、区）`): the bodies of those places
_RELATED_PLACES_RE = re.compile(r"^(?:相关|有关)(?:乡镇|乡\(镇\)|镇|街道|乡镇\(街道\)|县\(市、区\)|县\(市\)|县区|县市区|区县)$")
# a body's own divisions named together (`委机关相关处室`, `各业务科室`, `局机关有关股室`)
_OWN_DIVISIONS_RE = re.compile(r"^(?:[委局厅部办]机关|[委局厅])?(?:各|相关|有关|其他|其余|各相关|各有关)(?:业务|职能)?(?:处室|科室|股室)$|^(?:[委局厅部办]机关)(?:各|相关|有关|各相关|各有关)?(?:业务|职能)?(?:处室|科室|股室)$")
_EACH_BAD_RE = re.compile(r"[可要应须需将把对在是的]|结合|根据|按照|实际|情况|工作|任务|要求|计算|合并|统计|核算")
_LEAD_FIRST_RE = re.compile(
    r"(?:排在|排名|列在|列于|位列|排|列)?\s?(?:第一位|第一个|首位|第一|最前)(?:的|者)?(?:单位|部门)?\s?(?:为|是)\s?(?:牵头|主责|主要责任)"
    r"|(?:所列|列出的|排列)?(?:首家|首个|第一家)(?:单位|部门)?\s?(?:为|是)\s?牵头"  # `所列首家单位为牵头单位`
    r"|(?:排列在|排在|列在|列于)(?:第一位|首位)的(?:单位|部门|科室|处室|股室)\s?牵头"  # `由排列在第一位的部门牵头，其余部门配合`
    r"|(?:牵头单位|牵头部门)(?:均)?(?:排在|列在|列于|列为|排|列)(?:第一位|首位|第一)"
)


def document_says_lead_first(doc_text: str) -> bool:
    """True when a document says the first agency of a responsibility list is the lead.

    >>> document_says_lead_first("(责任单位:市卫生计生委、市财政局,排在第一位的为牵头部门,下同)")
    True
    >>> document_says_lead_first("(市医保局牵头,市卫生健康局配合)")
    False
    """
    if not doc_text or not isinstance(doc_text, str):
        return False
    return _LEAD_FIRST_RE.search(_detect_view(doc_text)) is not None


# stray spaces, and a line break a PDF copy wrapped a sentence with (`列第⏎一位的为牵头单位`): between two
# ideographs, after a line of 20 characters or more (a table's cells one per line are shorter), not before a note
_VIEW_SPACE_RE = re.compile(r"[ \t\u3000\xa0]+|(?<=[^\n]{19}[\u4e00-\u9fff])\n(?=(?!注|说明|备注)[\u4e00-\u9fff])")


def _detect_view(doc_text: str) -> str:
    """The text as the lead-first notes are searched in: half-width, without stray spaces (`列第 一位`) or a
    PDF's wrap inside a sentence."""
    return _VIEW_SPACE_RE.sub("", doc_text.translate(_NORMALIZE))


def _strip_item(item: str) -> str:
    item = item.strip(" \t\n\r,、;:")
    for suf in ("等单位", "等部门", "等"):
        if item.endswith(suf) and len(item) > len(suf) + 1:
            item = item[: -len(suf)]
            break
    if item.startswith("由") and len(item) > 2:
        item = item[1:]
    if item.startswith("商") and len(item) > 3 and _LEVEL_RE.match(item[1:]):
        item = item[1:]  # `商省财政厅落实`: consult the body named
    k = item.find("等")
    if k >= 2 and re.search(r"(?:单位|部门|机构)$", item[k:]) and len(item) - k <= 16:
        item = item[:k]  # `区公安分局等区应急指挥部成员单位`: the body named, not the group it stands for
    return item.strip()


def is_agency(name: str, *, allow_bare_head: bool = False) -> bool:
    """True when ``name`` reads as one agency (lexicon entry or a name with an agency head).

    >>> is_agency("市卫生健康局"), is_agency("财政局"), is_agency("以下简称医共体"), is_agency("试行")
    (True, True, False, False)
    """
    lex = _lex()
    n = name.translate(_NORMALIZE).strip()
    if not n or len(n) > 40:
        return False
    if n in lex.lexicon or (_EACH_LEVEL_RE.match(n) and not _EACH_BAD_RE.search(n)) or _OWN_DIVISIONS_RE.match(n) \
            or _RELATED_PLACES_RE.match(n):
        return True
    if _BAD_START_RE.match(n) or _BAD_CHARS_RE.search(n):
        return False
    if n.count("(") != n.count(")"):
        return False
    alt = _ALT_HEAD_RE.match(n)
    if alt:
        n = alt.group(1)  # `财政厅(局)`, `卫生健康委(局)`: one body under either name
    alias = _ALIAS_NAME_RE.match(n)
    if alias and is_agency(alias.group(2)):
        n = alias.group(1)  # `市卫生健康委(市中医药局)`: one body under its two names
    if _TOWN_RE.match(n) and not _TOWN_BAD_RE.search(n):
        return True  # a town or sub-district named in a county's list: `河口镇、各街道办事处具体落实`
    second = _SECOND_NAME_RE.match(n)
    if second and is_agency(second.group(2), allow_bare_head=True) and is_agency(second.group(1)):
        return True  # `县卫生健康委规划财务股(信息中心)`: a division and the body it also is
    if n in _NOT_BODIES:
        return False
    if n == "办公室":
        return True  # a bureau's own office, named bare in its own plan (`办公室牵头，各股室配合`)
    for head in lex.heads:
        if n.endswith(head):
            if head in _DIVISION_HEADS:
                # a division (医政司, 医政医管科) under a body named before it: 国家卫生健康委医政司; named bare
                # (a bureau's own plan: 待遇保障科牵头, 医药服务管理司牵头) when its name says what it
                # manages, not a clinical or academic 科 (重点学科, 儿科)
                body = n[: -len(head)]
                if any(body.find(h, 1) > 0 for h in _BODY_HEADS):
                    return len(n) <= 30
                return 3 <= len(n) <= 14 and _DIVISION_NAME_RE.search(n) is not None
            if len(n) > len(head):
                return len(n) <= 25
            return allow_bare_head and len(n) >= 3
    return False


_DIVISION_HEADS = frozenset({"司", "科", "股", "室"})
_NOT_BODIES = frozenset({"社会", "全社会", "机会", "公众", "群众", "大会"})  # (`社会参与`, a 会 that is no body)
_SECOND_NAME_RE = re.compile(r"^(.{3,30}?[科股室处])\(([\u4e00-\u9fff]{2,16})\)$")
_TOWN_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:镇|乡|街道)$")
_TOWN_BAD_RE = re.compile(r"^[各全本该每]|[省市县区]|(?:城镇|城乡|县乡|镇乡|村镇|乡镇|城市街道|小镇)$")
# a division named bare in a role column: `医政医管科`, `人口监测与家庭发展科`, `规划发展与财务科(区卫生健康信息中心)`
_DIVISION_CELL_RE = re.compile(r"[\u4e00-\u9fff与和]{2,14}[科股室处](?:\([\u4e00-\u9fff]{2,16}\))?")
# what an administrative division is named after (待遇保障科, 基金监管科, 医药价格和招标采购科, 规划财务和法规科,
# 医政医管科, 医药服务管理司, 办公室); not 学科/专科/儿科/全科 or 公司
_DIVISION_NAME_RE = re.compile(
    r"(?:保障|监管|监督|管理|采购|招标|法规|财务|规划|医政|医管|药政|审批|执法|稽核|稽查|价格|待遇|宣传|人事|组织|"
    r"科教|科技|信息|统计|综合|办公|财务|基金|应急|疾控|妇幼|基层|体改|改革|政策|计划|评价|质控|行政|"
    r"卫生|健康|老龄|人口|家庭|爱卫|宣教|党建|人才|法制|后勤|安全|教育|药物|制度|发展|中医|中医药|职业|监测|协调|"
    r"审计|法治|规信|信访|离退休|机关|纪检|服务|食品|环境|营养|保健|控制|防控|信息化|促进|督查|督导|考核|绩效|运行|建设)[科股室司]$"
    # a bureau's 股 is a section of its own (基层卫生股, 中医股, 人口家庭股); 股份/股东 are no heads;
    # a ministry's 司 is a department (规划发展与信息化司, 医政司), a 公司 none
    r"|^[\u4e00-\u9fff]{2,12}(?<!份)股$|^[\u4e00-\u9fff与和]{2,10}(?<!公)司$"
)
_BODY_HEADS = ("委", "局", "部", "厅", "政府", "办公室", "中心")


def _split_depth0(s: str, seps: str) -> list[tuple[int, int]]:
    """(start, end) pieces of ``s`` split on any char of ``seps`` outside brackets."""
    out = []
    depth = 0
    cur = 0
    for i, c in enumerate(s):
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and c in seps:
            out.append((cur, i))
            cur = i + 1
    out.append((cur, len(s)))
    return out


def _remove_nested_notes(s: str) -> str:
    """Blank out nested parentheses holding notes (`(以下任务均需…不再列出)`), keeping length."""
    chars = list(s)
    stack: list[int] = []
    for i, c in enumerate(s):
        if c == "(":
            stack.append(i)
        elif c == ")" and stack:
            o = stack.pop()
            inner = s[o + 1 : i].strip()
            if _NESTED_NOTE_RE.match(inner) or len(inner) > 12 or _LEAD_FIRST_RE.search(inner.replace("\n", "")):
                for k in range(o, i + 1):
                    chars[k] = " "
    return "".join(chars)


# a hospital's or a bureau's own department, named bare where the label or column says it lists departments
# (`责任科室:医务科;配合科室:质控科、护理部`, `病案室`, `检验科`, `信息中心`, `医保办`)
_DEPT_RE = re.compile(r"[\u4e00-\u9fff]{1,14}(?:科|室|部|办|股|中心|办公室)")
_DEPT_LABELS = ("科室", "股室", "处室")  # what a label or a column header says when it lists departments


_EACH_LEVEL_ONLY_RE = re.compile(r"各(设区市|[县区市乡镇])")
_LEVEL_NOTE_RE = re.compile(r"\([市区县、]{1,4}\)")


def _split_items(lst: str, depts: bool = False) -> list[str] | None:
    """Agency names of a list (`市卫健委、财政局和医保局`), or None if any item is not one. ``depts``: the
    list names departments (a 科室 label or column), each may be named bare."""
    items: list[str] = []
    places: list[str] = []  # `乐至县、安岳县人民政府`: places waiting for the head of the body after them
    fields: list[str] = []  # `省级卫生健康、财政部门`: fields waiting for the 部门 after them
    pieces = [_strip_item(lst[a:b]) for a, b in _split_depth0(lst, "、,")]
    for k, piece in enumerate(pieces):
        nxt = pieces[k + 1] if k + 1 < len(pieces) else ""
        m = _EACH_LEVEL_ONLY_RE.fullmatch(piece)
        if m and nxt[:1] in "县区市乡镇" and is_agency(nxt) and len(nxt) > 2:
            # `各县、区人民政府`: each county's and each district's 人民政府; the next level's own note stays its own
            # (`各区、县(市)卫生健康局`: 各区卫生健康局, 各县(市)卫生健康局)
            note = _LEVEL_NOTE_RE.match(nxt, 1)
            pieces[k] = "各" + m.group(1) + nxt[note.end() if note else 1 :]
            pieces[k + 1] = "各" + nxt
    for k, piece in enumerate(pieces):
        if not piece:
            continue
        if depts and not places and _DEPT_RE.fullmatch(piece) and not _BAD_CHARS_RE.search(piece) \
                and not _BAD_START_RE.match(piece):
            items.append(piece)
            continue
        fm = _FIELD_RE.fullmatch(piece)
        if (fm and fm.group(2).startswith(_lex().stems) and not fm.group(3) and not is_agency(fm.group(2))
                and (piece.startswith("各") or not is_agency(piece))):
            if fields and fm.group(1):
                return None
            fields.append(piece)
            continue
        if fields:
            if not (fm and fm.group(2).startswith(_lex().stems) and fm.group(3) and not fm.group(1)):
                return None
            level = _FIELD_RE.fullmatch(fields[0]).group(1) or ""
            items.extend((f if f.startswith(level) else level + f) + fm.group(3) for f in fields)
            items.append(level + piece)
            fields = []
            continue
        if _LISTED_PLACE_RE.fullmatch(piece) and (not is_agency(piece) or _same_kind_body(piece, pieces[k + 1 :])):
            places.append(piece)  # (`青石镇、白沙镇人民政府`: a town is a body too, but here it waits for its head)
            continue
        if places:
            # (`地市、县级人民政府`: the places share the body the last one names at its level)
            last = _LISTED_PLACE_RE.match(piece) or _LEVEL_WORD_RE.match(piece)
            if not last or last.end() == len(piece) or not is_agency(piece):
                return None
            items.extend(pl + piece[last.end() :] for pl in places)
            places = []
        if is_agency(piece):
            # `人力资源和社会保障局` stays whole; `各县(市、区)和东侨开发区医改领导小组` splits
            parts = _split_conj(piece)
            items.extend(parts)
            continue
        parts = _split_conj(piece)
        if len(parts) > 1 and all(is_agency(p) for p in parts):
            items.extend(parts)
            continue
        if is_agency(piece, allow_bare_head=bool(items)):
            items.append(piece)
            continue
        return None
    return items if not places and not fields else None


# a field named before the 部门 it shares with the next item: `省级卫生健康、财政部门`, `各级医保、卫生健康行政部门`
_FIELD_RE = re.compile(r"(省级|市级|县级|区级|各级|各地|地方各级|各有关|各相关|省|市(?!场)|县(?!域)|区(?!域))?([\u4e00-\u9fff]{2,6}?)((?:行政|主管)?部门)?")


def _split_conj(piece: str) -> list[str]:
    spans = []
    depth = 0
    cur = 0
    i = 0
    while i < len(piece):
        c = piece[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            m = _CONJ_RE.match(piece, i)
            if m and i > cur:
                spans.append(piece[cur:i])
                cur = m.end()
                i = m.end()
                continue
        i += 1
    spans.append(piece[cur:])
    parts = [_strip_item(p) for p in spans if _strip_item(p)]
    if len(parts) > 1 and all(is_agency(p) for p in parts):
        return parts
    return [piece]


# role words after a whole list that say nothing of who leads (not 分别负责, not 牵头)
_LISTED_WORDS = frozenset({"负责", "按职责分工负责", "分工负责", "按职责负责"})
# 负责 and the part of the work a body does (`负责技术指导`, `负责业务指导`, `负责监督`, `负责数据提供`)
_DUTY_ACT = r"(?:技术|业务|质量|数据|资金|经费|组织|统筹|具体|日常|牵头)?(?:指导|支持|培训|监督|督导|保障|提供|审核|核定|考核|评估|协调|实施|推进)"
_DUTY_ACT_RE = re.compile(rf"负责{_DUTY_ACT}(?:(?:和|及|与|、){_DUTY_ACT})?$")  # `负责技术指导和具体实施`
# 负责 and any short activity, read in brackets and cells only (`税务部门负责征收`)
_DUTY_ANY_RE = re.compile(r"负责[\u4e00-\u9fff、]{2,24}$")
# what a body supplies to the one responsible, read in brackets and cells only (`省级卫生健康委提供医疗机构成本数据`)
_SUPPLY_RE = re.compile(r"(?:提供|报送|反馈)[\u4e00-\u9fff、]{0,12}(?:数据|资料|信息|材料|情况)$")
# `按职责` before a role word (`市公安局按职责协同`): how, not who
_DUTY_RE = re.compile(r"(?:按照?|依照?|根据)(?:(?:各自)?(?:职责|职能)(?:分工)?|属地(?:原则|管理(?:原则)?)?)$")  # (`按属地原则组织实施`)


def _parse_statement(content: str, *, strict: bool = False) -> list[tuple[str, list[str]]] | None:
    """Roles and agency lists of a responsibility statement, or None if it is not one.

    Returns ``[(role, [names...]), ...]`` where role is lead/support/responsible or
    ``""`` for a list with no role word.
    """
    lex = _lex()
    content = _remove_nested_notes(content)
    if "。" in content.rstrip("。") or ";" in content:
        # a note sentence after the statement, in the same bracket (`…按职责分工负责。各项任务所列部门中,排在第一位的
        # 为牵头部门,…以下各项均照此执行;各项任务均需地方各级人民政府抓好落实,不再一一列出`): not agencies
        sentences = re.split(r"(?<=[。;])", content)
        kept = [x for x in sentences if not _note_sentence(x)]
        if kept and len(kept) < len(sentences):
            content = "".join(kept)
    result: list[tuple[str, list[str]]] = []
    words: list[str] = []  # the role word each group ended with
    label_role = ""
    depts = False  # a label naming departments (`责任科室:`, `配合股室:`): bare department names count
    has_role_word = False
    led = False  # a group before this one was named with 牵头
    # `牵头单位:县卫生健康局　配合单位:县人社局　完成时间:…`: labels parted by spaces only
    content = _LABEL_GAP_RE.sub(";", content)
    schedule = False  # inside a `完成时限:` note, which runs on over commas to the next role label
    for a, b in _split_depth0(content, ",;。"):
        part = content[a:b].strip()
        if not part:
            continue
        m = lex.label_re.match(part)
        if m:
            label = re.sub(r"\s?\([^()]*\)$", "", part[: m.end()].split(":")[0].strip())
            label_role = lex.labels.get(label, "responsible")
            led = led or label_role == "lead"  # (`牵头股室:A;实施单位:B;县疾控中心负责技术指导`: the duties after it support)
            depts = depts or any(w in label for w in _DEPT_LABELS)
            part = part[m.end() :].strip()
            has_role_word = True
            schedule = False
            if not part:
                continue
        elif _SCHEDULE_LABEL_RE.match(part):
            schedule = True
            continue
        if schedule or _NOTE_RE.search(part) or (_TIME_NOTE_RE.match(part) and not _HEADISH_RE.search(part)) or (
                _SCHEDULE_PART_RE.search(part) and not _ROLE_HINT_RE.search(part) and not _split_items(part)):
            continue  # (`招聘工作8月中旬前完成`, `9月30日前完成公共卫生管理中心组建`: when, not who)
        marked = _LEAD_MARK_RE.search(part)
        if marked and (label_role in ("", "responsible")):
            # `责任单位:县卫生健康局〈牵头〉、县政务服务和大数据中心、县财政局`: the marked body leads, the others support
            leads, rest = [], []
            for x, y in _split_depth0(part, "、,"):
                piece = part[x:y]
                bare = _LEAD_MARK_RE.sub("", piece)
                names = _split_items(bare)
                if not names:
                    return None
                (leads if _LEAD_MARK_RE.search(piece) else rest).extend(names)
            has_role_word = led = True
            result += [("lead", leads)] + ([("support", rest)] if rest else [])
            words += ["", ""][: 1 + bool(rest)]
            continue
        role = ""
        suffix_word = ""
        if part.startswith("以") and re.search(r"为牵头(?:单位|医院|部门)?$", part):
            return None  # `以县医院为牵头单位`: the lead hospital of a network, not a responsibility statement
        act = _DUTY_ACT_RE.search(part)
        if act is None and not strict:
            act = _DUTY_ANY_RE.search(part)  # in a bracket or a cell: `税务部门负责征收，医保部门负责参保登记`
        if act is not None and (act.start() < 2 or any(part.endswith(w) and w.startswith("负责") for w, _ in lex.suffixes)):
            act = None  # a role word of the list (`负责实施`, `负责组织实施`) reads as listed
        if act is not None:
            # `县疾控中心负责技术指导`, `县人民医院、县中医院负责技术支持`: 负责 and what the bodies do
            # (after a labelled 责任 list: `责任股室:基层卫生健康股;各镇卫生院负责组织实施`, implementing under it)
            role = "shared" if led or (result and result[0][0] == "responsible" and label_role in ("responsible", "shared")) \
                else "lead"
            suffix_word = "负责"
            part = part[: act.start()].rstrip(" 、,")
            has_role_word = True
        for word, r in () if act is not None else lex.suffixes:
            if part.endswith(word) and len(part) > len(word):
                role = r
                suffix_word = word
                if word.startswith("负责") and "牵头" not in word and led:
                    role = "shared"  # `市卫健委牵头,各县(市、区)政府负责(实施)`: implementing under the lead
                led = led or (r == "lead" and "牵头" in word)
                if word in _LISTED_WORDS and word != "负责" and result and not led:
                    role = "lead"  # `省中医药局负责,省财政厅、省人社厅按职责分工负责`: each its own share, no lead over them
                part = _DUTY_RE.sub("", part[: -len(word)]).rstrip(" 、,")
                has_role_word = True
                break
        if not role and not strict and (led or any(r == "lead" for r, _ in result)):
            supply = _SUPPLY_RE.search(part)
            if supply and supply.start() >= 2:
                # `（省级医保局负责，省级卫生健康委提供医疗机构成本数据）`: who supplies the one responsible supports it
                role, suffix_word = "support", ""
                part = part[: supply.start()].rstrip(" 、,")
                has_role_word = True
        if strict and not (role or label_role):
            return None  # outside brackets every part must carry its role
        with_ = part.split("会同") if role in ("lead", "shared", "") and not label_role else [part]
        if len(with_) == 2 and with_[0] and with_[1]:
            # `(市卫生健康委会同市医保局负责)`: the body named first leads, the one it works with supports
            first, second = _split_items(with_[0]), _split_items(with_[1])
            if not first or not second:
                return None
            has_role_word = True
            led = True
            result += [("lead", first), ("support", second)]
            continue
        items = _split_items(part, depts) or (_shared_head(part) if (role or label_role) else None)
        if not items:
            return None
        result.append((role or label_role, items))
        words.append(suffix_word)
    if not result:
        return None
    if len(result) == 1 and len(result[0][1]) > 1 and words[0] in _LISTED_WORDS:
        # `(国家医保局、财政部、国家税务总局负责)`: a list that is responsible as a whole; all lead, or the
        # first lead under `排在第一位的为牵头部门` (the caller decides)
        return [("listed", result[0][1])]
    if not has_role_word:
        return [("", items) for _, items in result]
    # `shared` (分工负责, 按职责分工负责, 负责落实): under a named lead, support; with no lead, each named
    # body carries its own share, as `分别负责` (spec §4: all lead)
    # (`A、B按职责分工负责,C落实`: A and B lead, C support)
    has_lead = any(r == "lead" for r, _ in result)
    # `市卫生健康委牵头,市医保局、市委编办,相关区人民政府配合`: a list with no role word of its own,
    # between a lead and a role, shares the role after it
    for k in range(len(result) - 2, 0, -1):
        if result[k][0] == "" and result[k + 1][0] in ("support", "shared") and has_lead:
            result[k] = (result[k + 1][0], result[k][1])
    if len(result) >= 2 and result[-1][0] in ("lead", "shared") and all(r == "" for r, _ in result[:-1]):
        # `(市教体局,各县(区)人民政府负责)`, `(市卫健委、医保局,乐至县、安岳县人民政府负责)`: one list over a comma
        # whose only role word, at its end, is every group's
        result = [(result[-1][0], items) for _, items in result]
    if len(result) >= 2 and result[-1][0] == "lead" and result[0][0] in ("responsible", ""):
        # `(责任单位:县医保局、县卫生健康局、县公安局;县医保局为牵头单位)`: the named one leads, the others support
        leads = set(result[-1][1])
        if leads and leads <= set(result[0][1]):
            rest = [n for n in result[0][1] if n not in leads]
            result = [("lead", result[-1][1])] + ([("support", rest)] if rest else []) + result[1:-1]
            has_lead = True
    named_support = any(r == "support" for r, _ in result)
    if not has_lead and result[0][0] == "responsible" and any(r == "shared" for r, _ in result[1:]):
        # `责任股室:疾病预防控制股、基层卫生健康股;区疾控中心具体实施`: the units named responsible lead, the
        # body that carries it out under them supports (``led``: under `排在第一位的为牵头单位`, the first of them)
        result[0] = ("led", result[0][1])
        has_lead = True
    if named_support and not has_lead and result[0][0] == "responsible":
        # `责任股室:待遇保障股;配合单位:县医保中心`: the body the others support leads (every responsible group before
        # the supporters: `责任股室:A;责任单位:B;C配合`)
        first_support = next(k for k, (r, _) in enumerate(result) if r == "support")
        result = [("led", items) if k < first_support and r == "responsible" else (r, items) for k, (r, items) in enumerate(result)]
        has_lead = True
    out: list[tuple[str, list[str]]] = []
    led_before = False
    for k, (r, items) in enumerate(result):
        if r == "shared":
            # under a lead named before it, support; else each body carries its own share (`各股室按职责分工负责;
            # 各乡镇人民政府负责辖区内…`: all lead)
            r = "support" if led_before or (has_lead and not any(x in ("lead", "led") for x, _ in result[k + 1 :])) else "lead"
            has_lead = True
        elif r == "responsible" and led_before and not named_support:
            r = "support"  # `牵头单位:县财政局;责任单位:县卫生健康局`: the units under a named lead support it
        led_before = led_before or r in ("lead", "led")
        out.append((r, items))
    return out


def _apply_level(names: list[str], level: str | None) -> tuple[list[str], str | None]:
    """Give short names the level prefix of the list (`市卫健委、财政局` → `市财政局`), and a bare
    department the body of the department named before it (`国家卫生健康委医政司、规划司` → 国家卫生健康委规划司,
    `市卫健委体改科、医政医管科` → 市卫健委医政医管科)."""
    out = []
    body = None  # the body the last department was named under
    list_level = None  # a level named in this list itself (`省级医保部门、税务部门` → 省级税务部门)
    for n in names:
        dm = _BODY_DIVISION_RE.match(n)
        if dm:
            body = dm.group(1)
        elif body and n.endswith(("司", "处", "科", "股")) and not _PLACE_RE.search(n) and len(n) <= 12 \
                and not any(h in n for h in _BODY_HEADS) and is_agency(n):
            out.append(body + n)
            continue
        m = _LEVEL_RE.match(n)
        if m and not n.startswith("市场"):
            level = list_level = m.group(0)
            out.append(n)
            continue
        gm = _FIELD_LEVEL_RE.match(n)
        if gm:
            list_level = gm.group(1)
            out.append(n)
            continue
        if list_level and _FIELD_DEPT_RE.fullmatch(n) and n.startswith(_lex().stems):
            out.append(list_level + n)  # a field's 部门 in a list that named its level (`各级医保部门、税务部门`)
            continue
        alt = _ALT_HEAD_RE.match(n.translate(_NORMALIZE))
        core = n[: len(alt.group(1))] if alt else n  # `财政厅(局)`: the name before its alternative head
        if (
            level
            and core.startswith(_lex().stems)
            and not _PLACE_RE.search(core.replace("市场", "").replace("城乡", ""))
            and core.translate(_NORMALIZE) not in _lex().lexicon
            and core.endswith(_GOV_HEADS)
            and len(core) <= 12
        ):
            out.append(level + n)
        else:
            out.append(n)
    return out, level


# the level of a field's 部门 (`省级医保部门`, `各级财政部门`), given to the fields listed after it
_FIELD_LEVEL_RE = re.compile(r"^(省级|市级|县级|区级|各级|地方各级)[\u4e00-\u9fff]{2,8}(?:行政|主管)?部门$")
_FIELD_DEPT_RE = re.compile(r"[\u4e00-\u9fff]{2,8}(?:行政|主管)?部门")
# a body and one of its departments: 国家卫生健康委医政司, 国家医保局医药服务管理司
# (a commission's or bureau's division too, `市卫健委体改科、医政医管科`, `局老龄健康股、妇幼健康股`: 局 = the bureau's own)
_BODY_DIVISION_RE = re.compile(r"^((?:.{2,20}?(?:委员会|委|局|部|厅))|局|委)[\u4e00-\u9fff与和]{2,10}[司处科股]$")


# an institution named right before a bracket: a bracket holding a name without a level is its alias
_ALIAS_BEFORE_RE = re.compile(r"(?:院|室|站|所|中心)$")


def _context_ok(norm: str, o: int, c: int) -> bool:
    """A list without role words counts only where a task statement ends."""
    before = norm[:o].rstrip(" \t")
    after = norm[c + 1 :].lstrip(" \t")
    content = norm[o + 1 : c].strip()
    if _ALIAS_BEFORE_RE.search(before) and not _PLACE_RE.match(content) and content not in _lex().lexicon:
        return False  # `乡镇卫生院(社区卫生服务中心)`: another name of the institution just named
    name = _ITEM_MARK_RE.sub("", re.split(r"[\n。;,、:]", before)[-1].strip())  # (`(七)市农业农村局(市乡村振兴局)`)
    if name and _ALIAS_NAME_RE.match(f"{name}({content})") and is_agency(f"{name}({content})"):
        return False  # `市卫生健康委(市疾控局)` in a cell: the body's second name, not a statement
    if name and _DIVISION_CELL_RE.fullmatch(f"{name}({content})") and is_agency(content):
        return False  # `规划发展与财务科(区卫生健康信息中心)`: a division and the body it also is
    return (not before or before[-1] in "。;!?\n.") or (not after or after[0] in "。;\n")


_LINE_RE = re.compile(r"[^\n]+")
_ITEM_MARK_RE = re.compile(r"^\s*(?:\([一二三四五六七八九十\d]{1,3}\)|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．])\s*")
# the roll of a meeting's minutes
_ROLL_CALL_RE = re.compile(r"^\s*(?:出席|列席|参加|参会|与会|请假|缺席|记录|主持)(?:人员|单位|领导|人)?\s*:")
_WRAP_SPACE_RE = re.compile(r"(?<=[\u4e00-\u9fff])([ \t\u3000\xa0]+)(?=[\u4e00-\u9fff])")
_ROLE_HINT_RE = re.compile(r"牵头|负责|配合|参与|协助|协同|落实")
_TASKS_BY_RE = re.compile(
    r"(?:以上|上述)(?:各项|全部|所列)?(?:任务|工作|措施|事项)(?:均|统一|分别)?由"
    r"|(?:此|该|这|本)项(?:任务|工作|措施|事项)(?:均|统一)?由"  # `此项工作由市人社局牵头，…配合`
    r"|会议(?:明确|决定|要求|议定|同意)[,，]?由"  # a meeting's decision (`会议明确，由市医保局牵头，…配合`)
)
_SENTENCE_RE = re.compile(r"[^。;\n]+[。;]?")


_BRACKETS_LEAD_FIRST_RE = re.compile(
    r"括号(?:内|中|里)?(?:所列|列出)?的?(?:单位|部门)?[^。;]{0,6}(?:排在|列在|列于|位列|居)?(?:第一位|首位|第一个|最前)"
    # `以下各项任务中,排在第一位的部门为牵头部门,其他部门按照职责分工负责`: every list, `按职责分工负责` ones too
    r"|(?:第一位|首位|第一个)[^。;]{0,14}(?:牵头|主责)(?:单位|部门)?[,,]?(?:其他|其余|其它)(?:单位|部门)?(?:按照?|根据)?(?:各自)?职责(?:分工)?负责"
    # `本规划各项任务后所列责任单位中,排在第一位的为牵头单位,其余为配合单位`: every task's list
    r"|(?:各项|所有|每项)?任务(?:后|之后|后面)(?:所列|列出)的?(?:责任)?(?:单位|部门)?[^。;]{0,6}(?:排在|列在|列于|位列|居)?(?:第一位|首位|第一个|最前)"
)


def lead_first_sections(clauses) -> list[tuple[str, ...]]:
    """The heading paths of the sections whose note says their lists' first body leads (scope ``"section"``):
    a clause is under the note when its path starts with one of them.

    >>> from nlp.doc import Clause
    >>> lead_first_sections([Clause(id="c1", start=0, end=9, text="本节各项任务,列在首位的单位为牵头单位。", path=["第三章", "第四节 健康行动"])])
    [('第三章', '第四节 健康行动')]
    """
    out = []
    for c in clauses:
        if _LEAD_FIRST_RE.search(_detect_view(c.text)) and c.path:
            out.append(tuple(c.path))
    return out


def _open_bracket(view: str, pos: int) -> int:
    """Where the bracket still open at ``view[pos]`` opens (within 200 characters), or -1."""
    o = view.rfind("(", max(0, pos - 200), pos)
    return o if o != -1 and ")" not in view[o:pos] else -1


def _bracket_only_note(view: str, a: int, b: int) -> bool:
    """True when the lead-first note at ``view[a:b]`` stands inside a bracket and says nothing of others."""
    o = _open_bracket(view, a)
    c = view.find(")", b, b + 200)
    if o == -1 or c == -1 or "(" in view[b:c] or len(view[o + 1 : a].strip(",;")) < 3:
        return False  # (a bracket holding the note alone, `(列第一位的为牵头单位)`, speaks of the lists around it)
    return not _NOTE_FORWARD_RE.search(view[o:c])


# a lead-first note that reaches past its own bracket
_NOTE_FORWARD_RE = re.compile(r"下同|以下|后同|同上|各项|均照此|照此|不再|其余各项|所有|全部|本方案|本表")
# a note said of the section it stands in (`本节各项任务`, `本部分任务中`)
_SECTION_NOTE_RE = re.compile(r"本(?:节|章|部分|篇)")
# a note naming a table's column (`责任股室栏`, `责任单位一栏中`)
_COLUMN_NOTE_RE = re.compile(r"(?:单位|部门|股室|科室|处室)(?:一)?栏")


def lead_first_scope(doc_text: str) -> bool | str:
    """``"all"`` when the document says the first body of every bracketed list leads, ``"table"`` when
    it says so of a table's column only, ``"local"`` when each note is said inside one bracket of that
    bracket only, ``"section"`` when it is said of the section it stands in (:func:`lead_first_sections`),
    else :func:`document_says_lead_first`.

    >>> lead_first_scope("注:各项任务括号内所列部门中,排在首位的为牵头部门"), lead_first_scope("(责任单位:A局、B局,排在第一位的为牵头部门,下同)")
    ('all', True)
    >>> lead_first_scope("(责任单位:A局、B局,排在第一位的为牵头部门)")  # that bracket only
    'local'

    """
    says = document_says_lead_first(doc_text)
    if not says:
        return False
    view = _detect_view(doc_text)
    if _BRACKETS_LEAD_FIRST_RE.search(view):
        return "all"
    notes = list(_LEAD_FIRST_RE.finditer(view))
    if all(_COLUMN_NOTE_RE.search(view[max(0, m.start() - 24) : m.start()]) for m in notes):
        return "table"  # `注:责任股室栏列有两个股室的,排在首位的为牵头股室`: a note on a table's column, for its rows
    if all(_TABLE_NOTE_LINE_RE.match(view, view.rfind("\n", 0, m.start()) + 1) for m in notes) \
            and all(_table_near(doc_text, _doc_offset(doc_text, m.start())) for m in notes):
        return "table"  # `注:责任单位中列第一位的为牵头单位` printed under (or over) a table: that table's rows
    if all(_SECTION_NOTE_RE.search(view[max(0, m.start() - 16) : m.start()]) for m in notes):
        return "section"  # `本节各项任务,列在首位的单位为牵头单位`: the lists of that section only (the caller scopes it)
    if all(_bracket_only_note(view, m.start(), m.end()) for m in notes):
        return "local"  # `(责任单位:A、B、C,排在首位的为牵头单位;完成时限:…)`: said of that bracket only
    first = notes[0]
    o = _open_bracket(view, first.start())
    if o != -1 and re.match(r"(?:单位|部门|处室|科室|股室)?[,;。]?\s*(?:下同|后同)", view[first.end() :]) \
            and _FIRST_LIST_RE.search(view, 0, o):
        # `（县人社局、县卫健局负责，列第一位的为牵头单位，下同）` in a later bracket: from that bracket on; the
        # lists before it keep their own reading
        return f"from:{_doc_offset(doc_text, o)}"
    for m in notes:
        # the note written inside a bracket that is itself a list responsible as a whole, for it and the
        # ones after (`(国家卫生健康委、中央编办、人力资源社会保障部负责。列第一位者为牵头部门,下同)`)
        o = _open_bracket(view, m.start())
        if o != -1 and ":" not in view[o : m.start()] \
                and re.search(r"负责[。;,]?(?:[^()。;,]{0,16},)?$", view[o : m.start()]):
            return "all"
    return says


# a responsibility bracket (a list of bodies closed by a role word or opened by a label)
_FIRST_LIST_RE = re.compile(r"\((?:责任单位:|牵头单位:)?[^()]{2,80}?(?:负责|牵头|配合)\)|\((?:责任单位|牵头单位|责任部门):")


def _doc_offset(doc_text: str, view_pos: int) -> int:
    """The offset in ``doc_text`` of the character at ``view_pos`` of :func:`_detect_view`'s view."""
    _, pos = drop_matches(doc_text.translate(_NORMALIZE), _VIEW_SPACE_RE)
    return pos[view_pos] if view_pos < len(pos) else len(doc_text)


_TABLE_NOTE_LINE_RE = re.compile(r"[ \t\u3000]*(?:注|说明|备注)\s?\d?\s?[:：.．、]")


def _table_near(text: str, pos: int) -> bool:
    """True when a table stands just before or after ``pos`` (a table's note): lines of tab-separated cells, or
    a run of short lines (cells one per line)."""
    if text.count("\t", max(0, pos - 400), pos + 400) >= 4:
        return True
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    before = text[max(0, ls - 300) : ls].split("\n")[-9:]
    after = text[le + 1 : le + 300].split("\n")[:8] if le != -1 else []
    def cells(lines: list[str]) -> int:
        return sum(1 for x in lines if x.strip() and len(x.strip()) <= 24 and not x.strip().endswith(("。", "；", ";")))
    return cells(before) >= 5 or cells(after) >= 5


def lead_first_from(scope: bool | str, clause_end: int) -> bool | str:
    """The lead-first reading of a clause ending at ``clause_end`` under a ``"from:N"`` scope: every list
    (``"all"``) from the bracket holding the note on, none before; other scopes unchanged."""
    if isinstance(scope, str) and scope.startswith("from:"):
        return "all" if clause_end > int(scope[5:]) else False
    return scope


def extract_agencies(
    text: str, *, lead_first: bool | str = False, header: list[str] | None = None
) -> tuple[Agencies, list[tuple[int, int]]]:
    """Agencies named in ``text`` (one clause) and the spans of the statements naming them.

    ``lead_first``: the document says the first agency of a ``责任单位`` list leads
    (see :func:`document_says_lead_first`) and the others support it; without it such
    lists are ``responsible``. ``"all"``: it says so of every bracketed list
    (`各项任务括号内所列部门中，排在首位的为牵头部门`, :func:`lead_first_scope`), so a list
    responsible as a whole (`(国家医保局、财政部、国家税务总局负责)`) is led by its first body too.
    Spans are ``(start, end)`` offsets into ``text`` covering the parenthesis (with its
    brackets), the labelled phrase or the sentence. A table row (cells one per line) may
    name agencies in cells: with ``header`` (the task table's header cells, e.g.
    ``序号/重点任务/牵头单位/配合单位/完成时限``) each column gets its role; without it, cells
    that are lists of government agencies are ``responsible``.

    >>> a, _ = extract_agencies("(责任单位:市卫生计生委、市财政局)", lead_first=True)
    >>> a.lead, a.support, a.responsible
    (['市卫生计生委'], ['市财政局'], [])
    """
    if not text or not isinstance(text, str):
        return Agencies(), []
    if lead_first == "local":
        # the note's own clause only, and there every list it holds (`（A、B、C按职责分工负责，列第一位者为牵头单位）`)
        lead_first = "all" if _LEAD_FIRST_RE.search(_detect_view(text)) is not None else False
    drop = _wraps_in_brackets(text) if header is None and "\n" in text else []
    if drop:
        # a PDF wrap inside a bracket (`（县卫生健康局负⏎责）`, `（县卫生⏎— 4 —⏎健康局负责）`): match
        # without the line break (and a page number between), map the spans back
        compact, pos = drop_at(text, drop)
        agencies, cspans = extract_agencies(compact, lead_first=lead_first, header=header)
        return agencies, [(pos[a], pos[b - 1] + 1) for a, b in cspans]
    if _WRAP_SPACE_RE.search(text):
        # PDF line wrapping leaves spaces inside words (`市卫生 健康局牵 头`): match without
        # them, map the spans back
        compact, pos = drop_matches(text, _WRAP_SPACE_RE, 1)
        agencies, cspans = _extract_agencies(compact, lead_first, header)
        return agencies, [(pos[a], pos[b - 1] + 1) for a, b in cspans]
    return _extract_agencies(text, lead_first, header)


# a page line between the two pieces of a wrapped line (with the blank lines, form feed and indent around it)
_PAGE_LINE_RE = re.compile(rf"\n[ \t\f\n]*{PAGE_NUMBER}[ \t]*(?=\n)(?:\n[ \t\f]*(?=\n))*")


def _wraps_in_brackets(text: str) -> list[int]:
    """Offsets of the line breaks (and page-number lines between them) inside an open bracket."""
    out: list[int] = []
    depth, i = 0, 0
    while i < len(text):
        ch = text[i]
        if ch in "（(〔":
            depth += 1
        elif ch in "）)〕":
            depth = max(0, depth - 1)
        elif ch == "\n" and depth:
            m = _PAGE_LINE_RE.match(text, i)
            end = m.end() + 1 if m else i + 1
            while end < len(text) and text[end] in " \u3000\f":
                end += 1  # the indent a layout-keeping copy printed the wrapped line with
            out.extend(range(i, end))
            i = end
            continue
        i += 1
    return out


def _extract_agencies(text: str, lead_first: bool | str, header: list[str] | None) -> tuple[Agencies, list[tuple[int, int]]]:
    agencies = Agencies()
    spans: list[tuple[int, int]] = []
    norm = text.translate(_NORMALIZE)
    if "(" not in norm and ":" not in norm and "\n" not in norm and not _ROLE_HINT_RE.search(norm):
        return agencies, spans
    if _ROLL_CALL_RE.match(norm):
        return agencies, spans  # `出席:汪志平 彭立新(县政府办公室) …`: who attended a meeting, not who does a task
    level: str | None = None

    def add(role: str, names: list[str], lo: int, hi: int) -> None:
        nonlocal level
        names = [_as_written(text, norm, n, lo, hi) for n in names]
        if len(names) > 1:
            # `孙集镇卫生院、南庄镇卫生院及相关单位`: the others named by kind only are no body of their own
            names = [n for n in names if n not in _UNNAMED_OTHERS] or names
        names, level = _apply_level(names, level)
        seen = set(agencies.lead) | set(agencies.support) | set(agencies.responsible)
        names = [n for n in names if n not in seen]  # one role per agency: the first stated
        # `排在第一位的为牵头部门`: the first of a list leads, the others support it; so for a list responsible
        # as a whole (`listed`) only when the note names every bracket (otherwise it all leads), and for a list
        # the others support (`led`)
        first_leads = bool(names) and not agencies.lead and bool(lead_first == "all" if role == "listed" else lead_first)
        if role in ("", "responsible", "listed", "led") and first_leads:
            _extend(agencies.lead, names[:1])
            _extend(agencies.support, names[1:])
        elif role in ("", "responsible"):
            _extend(agencies.responsible, names)
        elif role in ("listed", "lead", "led"):
            _extend(agencies.lead, names)
        else:
            _extend(agencies.support, names)

    def add_statement(parsed: list[tuple[str, list[str]]], lo: int, hi: int) -> None:
        """The groups of one statement; under `排在第一位的为牵头部门` a list continued over a comma is one list,
        the first leads (`(市卫生健康委、市医保局,各县市区政府)`, `(责任单位:各市州人民政府,省卫健委、省中医药管理局)`,
        `责任单位:市财政局、市卫生计生委,各县(区)人民政府`)."""
        led_here = False
        for role, names in parsed:
            listed = role in ("", "responsible")
            if listed and lead_first and led_here:
                role = "support"
            add(role, names, lo, hi)
            led_here = led_here or (listed and lead_first and bool(agencies.lead))

    # 1. bracketed statements (top level; nested brackets stay inside)
    stack: list[int] = []
    groups: list[tuple[int, int]] = []
    for i, ch in enumerate(norm):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            o = stack.pop()
            if not stack:
                groups.append((o, i))
    taken: list[tuple[int, int]] = []
    for o, c in groups:
        content = norm[o + 1 : c]
        if len(content) > 400 or not content.strip():
            continue
        parsed = _parse_statement(content)
        if parsed is None:
            continue
        unlabelled = all(role == "" for role, _ in parsed)
        if unlabelled and not _context_ok(norm, o, c):
            continue
        if unlabelled and norm[:o].rstrip(" \t")[-1:] not in ("。", ";", "!", "?", "\n", ".", "") \
                and not all(_PLACE_RE.search(n) or n.startswith("各") or n.translate(_NORMALIZE) in _lex().lexicon
                            for _, names in parsed for n in names):
            continue  # `四级手术占比（总院）`: right after a name, a bracket without a role word names bodies by their place
        if all(role == "support" for role, _ in parsed) and not agencies.lead:
            # `国家卫生健康委医政司负责…（国家中医药局医政司配合）`: a bracket naming only who supports; the body
            # the sentence opens with as responsible leads
            sent = max(norm.rfind(ch, 0, o) for ch in "。;\n") + 1
            subj = _SUBJECT_RE.match(norm, sent)
            lead = _split_items(subj.group(1)) if subj else None
            if lead:
                add("lead", lead, sent, sent + len(subj.group(1)))
        add_statement(parsed, o, c + 1)
        spans.append((o, c + 1))
        taken.append((o, c + 1))

    # 2. unbracketed labelled phrases: 牵头单位:…;配合单位:…
    for m in _lex().phrase_re.finditer(norm):
        s, e = m.start(), m.end()
        if any(a <= s < b for a, b in taken):
            continue
        # stop at an opening bracket that is not part of a name
        phrase = norm[s:e].rstrip(" ,;")
        parsed = _parse_statement(phrase)
        if parsed is None:
            continue
        add_statement(parsed, s, e)
        e = s + len(phrase)
        spans.append((s, e))
        taken.append((s, e))
    # 3. a whole sentence that is a role statement: `市卫健委牵头,市财政局配合。`
    for m in _SENTENCE_RE.finditer(norm) if _ROLE_HINT_RE.search(norm) else ():
        s, e = m.start(), m.end()
        body = norm[s:e].strip(" \t")
        if not body or any(a < e and s < b for a, b in taken):
            continue
        s = s + (len(norm[s:e]) - len(norm[s:e].lstrip(" \t")))
        intro = _TASKS_BY_RE.match(body)
        if intro:  # `以上任务由省中医药局牵头,省卫生健康委配合,各市政府负责落实。`
            s, body = s + intro.end(), body[intro.end() :]
        e = s + len(body)
        parsed = _parse_statement(body.rstrip("。;"), strict=True)
        with_ = _LEAD_WITH_RE.match(body) if parsed is None or not _lead_and_support(parsed) else None
        if with_ and (led := _split_items(with_.group(1))) and (helpers := _split_items(with_.group(2))):
            # `由市医保局牵头,会同市卫健委、市财政局于8月底前制定…`: the lead, and the bodies it works with
            parsed, body = [("lead", led), ("support", helpers)], body[: with_.end()]
        elif parsed is None:
            # `由体改处牵头,基层处、医政处配合,委医改监测评价中心每季度发布…`: a statement of lead and support that
            # opens a sentence going on to say what is done
            cut = _statement_prefix(body)
            if cut and "会同" not in body[:cut]:  # (`A会同B负责…` in running text: a duty)
                body = body[:cut]
                parsed = _parse_statement(body, strict=True)
            elif not cut and (tail := _statement_suffix(body)) is not None and "会同" not in body[tail:]:
                s, body = s + tail, body[tail:]
                parsed = _parse_statement(body.rstrip("。;"), strict=True)
            elif not cut and "会同" not in body:
                # `县疾控中心负责制定清理标准并开展抽查指导,各乡镇卫生院具体组织实施`: 负责 and what the body does,
                # read as in a bracket when the sentence names a lead and who supports it
                loose = _parse_statement(body.rstrip("。;"), strict=False)
                if loose and all(r for r, _ in loose) and _lead_and_support(loose):
                    parsed = loose
        if parsed is None or any(role == "" for role, _ in parsed):
            continue
        for role, names in parsed:
            add(role, names, s, e)
        e = s + len(body.rstrip("。;"))
        spans.append((s, e))
        taken.append((s, e))

    # 4. table rows laid out one cell per line: cells that are agency lists
    if "\n" in norm:
        cells = [(m.start(), m.end()) for m in _LINE_RE.finditer(norm) if m.group(0).strip()]
        if len(cells) >= 2:
            roles = _header_roles(header, len(cells))
            for k, (s, e) in enumerate(cells):
                if k == 0 and roles is None:
                    continue
                if any(a < e and s < b for a, b in taken):
                    continue
                cell = norm[s:e].strip()
                role = roles[k] if roles is not None else ""
                if roles is not None and role is None:
                    continue
                dept_col = roles is not None and header is not None and any(w in (header[k] or "") for w in _DEPT_LABELS)
                s2 = s + norm[s:e].find(cell)
                # `体改处(会同省医保局)`: the body the cell names works with the one in its bracket, as `A会同B`
                # (in a 配合 column both support)
                said = _WITH_BRACKET_RE.sub(r"\1会同\2", cell) if role != "support" else cell
                parsed = _parse_statement(said) if _CELL_ROLE_RE.search(said) else None
                if parsed and any(r for r, _ in parsed):
                    # a cell that says who does what (`省级医保部门会同财政、税务部门`, `乡镇(街道),各级医保部门指导`,
                    # `税务部门负责征收,医保部门负责参保登记`): its own roles; a body named before the one that
                    # supports it leads
                    if parsed[0][0] == "" and any(r == "support" for r, _ in parsed):
                        parsed[0] = ("lead", parsed[0][1])
                    add_statement([(r or role or "", names) for r, names in parsed], s2, s2 + len(cell))
                    spans.append((s2, s2 + len(cell)))
                    taken.append((s2, s2 + len(cell)))
                    continue
                # a note in brackets after the names (`各单位（南庄镇卫生院、孙集镇卫生院为重点）`) names no one else
                bare = _remove_nested_notes(cell).strip() if "(" in cell else cell
                items = _split_items(bare, dept_col) or _shared_head(bare) or (_collective_items(bare) if role else None)
                # a 牵头科室 column of a bureau's own task list names its divisions bare
                # (`基层卫生健康科`, `规划发展与财务科（区卫生健康信息中心）`): one name, as written
                division = bool(role) and (not items or items == [cell]) and _DIVISION_CELL_RE.fullmatch(cell) is not None
                if division:
                    items = [cell]
                if not items:
                    continue
                if not division and not any(_LEVEL_RE.match(i) or i.startswith("各") for i in items) and not (
                    role and not _DIGIT_RE.search(cell) and all(i.endswith(_lex().heads) or _TOWN_RE.match(i) for i in items)
                ):
                    # outside a 牵头/配合 column a cell must look like government bodies; inside one,
                    # any list of bodies (`相关区人民政府`, `东安区、爱民区政府`)
                    continue
                if level is not None and level.startswith("各"):
                    level = None  # `各市州卫生健康委` | `应急办`: a collective's level stays in its cell
                add(role, items, s2, s2 + len(cell))
                spans.append((s2, s2 + len(cell)))
                taken.append((s2, s2 + len(cell)))
    spans.sort()
    return agencies, spans


_WITH_BRACKET_RE = re.compile(r"^([^()]{2,30})\((?:会同|联合|协同)([^()]{2,40})\)$")


def _lead_and_support(parsed: list[tuple[str, list[str]]] | None) -> bool:
    """A parsed statement that names a lead and the bodies supporting it."""
    return bool(parsed) and {"lead", "support"} <= {r for r, _ in parsed}


def _statement_suffix(body: str) -> int | None:
    """The start of a run of comma parts closing ``body`` that opens with 由 and is a whole statement naming a lead
    and the bodies supporting it (`建立价格监测机制，由国家医保局牵头，国家卫生健康委配合。`); else None."""
    pieces = _split_depth0(body.rstrip("。;"), ",")
    for p in range(1, len(pieces) - 1):
        start = pieces[p][0]
        part = body[start:].lstrip(" ")
        if not part.startswith("由"):
            continue
        parsed = _parse_statement(body[start:].rstrip("。;"), strict=True)
        if _lead_and_support(parsed):
            return start
    return None


def _statement_prefix(body: str) -> int | None:
    """The end of the longest run of comma parts opening ``body`` that is a whole statement naming a lead and
    the bodies supporting it, when the sentence goes on past it; else None."""
    pieces = _split_depth0(body, ",")
    for p in range(len(pieces) - 1, 1, -1):
        end = pieces[p - 1][1]
        parsed = _parse_statement(body[:end], strict=True)
        if _lead_and_support(parsed):
            return end
    return None


# `由A牵头,会同B…`: a lead and the bodies it works with, opening a sentence
_LEAD_WITH_RE = re.compile(r"由([^,;。由]{2,30}?)牵头,\s?会同([^,;。]{2,40}?)(?=于|在|按|共同|进行|研究|制定|做好|开展|组织|完成|[,;。]|$)")
# the bodies a sentence opens with as responsible: `国家卫生健康委医政司负责…`, `由市医保局牵头…`
_SUBJECT_RE = re.compile(r"\s*(?:由)?([\u4e00-\u9fff、()]{2,40}?)(?:负责|牵头)")
_UNNAMED_OTHERS = frozenset({"相关单位", "有关单位", "相关部门", "有关部门", "其他相关单位", "其他有关单位", "其他相关部门"})
_CELL_ROLE_RE = re.compile(r"牵头|负责|配合|会同|指导|协助|参与|支持")
_LISTED_PLACE_RE = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:自治县|区|县|市|旗|镇|乡)")
_LEVEL_WORD_RE = re.compile(r"^(?:省|市|县|区|乡|镇)级")


def _same_kind_body(place: str, after: list[str]) -> bool:
    """True when the pieces ``after`` a place go on with places of its kind up to one followed by a body's head
    (`青石镇` before `白沙镇人民政府`, `石门渡镇` before `青岗镇`, `杨家坪镇人民政府`), so the places share that head."""
    for nxt in after:
        m = _LISTED_PLACE_RE.match(nxt)
        if not m or nxt[m.end() - 1] != place[-1]:
            return False
        if m.end() < len(nxt):
            return len(nxt) - m.end() >= 2 and is_agency(place + nxt[m.end() :])
    return False


def _collective_items(cell: str) -> list[str] | None:
    """A role column's list whose collectives are named by kind (`区疾控中心、各预防接种门诊`): the bodies and
    the `各…` groups, or None when any item is neither."""
    out = []
    for a, b in _split_depth0(cell, "、,"):
        piece = _strip_item(cell[a:b])
        if not piece:
            continue
        if is_agency(piece) or (_EACH_GROUP_RE.fullmatch(piece) and not _EACH_BAD_RE.search(piece)):
            out.append(piece)
        else:
            return None
    return out or None


# a group named by its kind after 各 (`各预防接种门诊`, `各家庭医生团队`, `各定点医药机构`)
_EACH_GROUP_RE = re.compile(r"各[\u4e00-\u9fff]{2,10}")


def _shared_head(cell: str) -> list[str] | None:
    """Places listed before one body share its head: `东安区、爱民区政府` → 东安区政府, 爱民区政府; places named
    without their level before the last one's (`长沙、衡阳、怀化市卫生健康委`) share the level too."""
    items = [x.strip() for x in cell.split("、") if x.strip()]
    if len(items) < 2:
        return None
    last = _LISTED_PLACE_RE.match(items[-1])
    if not last or last.end() == len(items[-1]):
        return None
    level = items[-1][last.end() - 1 : last.end()]
    if level in ("市", "县", "区") and all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", i) and not i.endswith(("市", "县", "区")) for i in items[:-1]):
        items = [i + level for i in items[:-1]] + [items[-1]]
    head = items[-1][last.end() :]
    if not all(_LISTED_PLACE_RE.fullmatch(i) for i in items[:-1]) or not is_agency(items[-1]):
        return None
    return [i + head for i in items[:-1]] + [items[-1]]


def _header_roles(header: list[str] | None, n: int) -> list[str | None] | None:
    """Role of each column of a task table from its header (`牵头单位`, `配合单位`, `责任单位`)."""
    if not header or len(header) != n:
        return None
    lex = _lex()
    roles: list[str | None] = []
    for h in header:
        h = re.sub(r"\s", "", (h or "").translate(_NORMALIZE))  # (`配 合 单 位` printed letter-spaced)
        role = None
        for label, r in lex.labels.items():
            if len(label) > 2 and label in h:
                role = r
                break
        roles.append(role)
    if "lead" in roles and "support" not in roles:
        # 牵头单位 | 责任单位: the units under a named lead support it (as `牵头单位:…;责任单位:…` in a sentence)
        roles = ["support" if r == "responsible" else r for r in roles]
    elif "support" in roles and "lead" not in roles:
        # 责任科室 | 配合科室: the units the others support lead (as `责任科室:…;配合科室:…` in a sentence; `led`:
        # under `排在首位的为牵头股室`, the first of them)
        roles = ["led" if r == "responsible" else r for r in roles]
    return roles if any(r is not None for r in roles) else None


def _as_written(text: str, norm: str, name: str, lo: int, hi: int) -> str:
    """The name as the text writes it (full-width brackets stay full-width), without the line
    breaks a PDF wrap left inside it (`县卫生健\n康局` -> `县卫生健康局`)."""
    i = norm.find(name, lo, hi)
    out = text[i : i + len(name)] if i != -1 else name
    if i == -1 and "  " in name:
        # a note in brackets inside the name was blanked for parsing (`各市(含定州、辛集市)政府`): as written
        parts = [re.escape(p) for p in re.split(r"\s{2,}", name.strip()) if p]
        m = re.compile(r"\s*\([^()]{0,30}\)\s*".join(parts)).search(norm, lo, hi)
        out = text[m.start() : m.end()] if m else re.sub(r"\s{2,}", "", name)
    if i == -1 and "(" in out and "（" in text[lo:hi] and "(" not in text[lo:hi]:
        # a name the list made (`各市、县（市、区）人民政府` → 各县（市、区）人民政府): in the text's own brackets
        out = out.replace("(", "（").replace(")", "）")
    return _INNER_BREAK_RE.sub("", out) if "\n" in out or "\r" in out else out


_INNER_BREAK_RE = re.compile(r"\s*[\r\n]+\s*")


def _extend(dst: list[str], names: list[str]) -> None:
    for n in names:
        if n not in dst:
            dst.append(n)

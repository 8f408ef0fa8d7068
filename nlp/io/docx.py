"""Word ``.docx`` files → plain text with python-docx.

Paragraphs and tables are read **in document order** (python-docx's
``Document.paragraphs`` and ``.tables`` lose the interleaving, so the body's
XML children are walked directly). A paragraph is one line; a table row is one
line with its cells separated by a tab (cells merged across columns appear
once); nested tables are flattened into their cell. Headers, footers, comments
and text boxes are not read: on government documents they hold page numbers
and letterheads, not measures.

Legacy ``.doc``/``.wps`` files are OLE containers, not zip files; they and
corrupt or truncated ``.docx`` files raise a one-line :class:`InputError`.

Public function: :func:`load_docx`.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from nlp.doc import Document
from nlp.errors import InputError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
FIX_LEGACY = "open it in Word/WPS (or LibreOffice: soffice --headless --convert-to docx) and save as .docx, then pass that"
_FIX_CORRUPT = "the file is damaged or incomplete; open it in Word/WPS and save it again as .docx"


_CN_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五, 100 → 一百 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _chinese_number(rest) if rest < 10 else
                                     ("一" + _chinese_number(rest) if rest < 20 else _chinese_number(rest)))
        return _CN_DIGITS[n // 100] + "百" + tail
    return str(n)


def _roman(n: int) -> str:
    vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
            (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for v, r in vals:
        while n >= v:
            out += r
            n -= v
    return out


def _format_number(n: int, fmt: str) -> str | None:
    if fmt in ("decimal", "decimalZero", "decimalFullWidth", "decimalHalfWidth"):
        return str(n) if fmt != "decimalZero" or n >= 10 else f"0{n}"
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
               "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting"):
        if fmt == "ideographTraditional":
            return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
        return _chinese_number(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return None  # bullet, none, unknown: no visible number worth keeping


class _Numbering:
    """Renders Word's automatic list numbers (``一、`` ``（二）`` ``3.``), which python-docx does not.

    Government documents numbered by Word's list feature would otherwise lose the
    markers that segmenting relies on.
    """

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> (fmt, lvlText, start)
        self.counters: dict[str, dict[int, int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except Exception:  # no numbering part: nothing to render
            numbering = None
        if numbering is not None:
            abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
            for an in numbering.findall(_W + "abstractNum"):
                lv: dict[int, tuple[str, str, int]] = {}
                for lvl in an.findall(_W + "lvl"):
                    ilvl = int(lvl.get(_W + "ilvl", "0"))
                    fmt_el, text_el, start_el = lvl.find(_W + "numFmt"), lvl.find(_W + "lvlText"), lvl.find(_W + "start")
                    lv[ilvl] = (fmt_el.get(_W + "val") if fmt_el is not None else "decimal",
                                text_el.get(_W + "val") if text_el is not None else "",
                                int(start_el.get(_W + "val")) if start_el is not None else 1)
                abstract[an.get(_W + "abstractNumId")] = lv
            for num in numbering.findall(_W + "num"):
                ref = num.find(_W + "abstractNumId")
                if ref is None:
                    continue
                for ilvl, spec in abstract.get(ref.get(_W + "val"), {}).items():
                    self.levels[(num.get(_W + "numId"), ilvl)] = spec
        try:
            for st in document.styles.element.findall(_W + "style"):
                np_ = st.find(f"{_W}pPr/{_W}numPr")
                if np_ is not None:
                    nid, il = np_.find(_W + "numId"), np_.find(_W + "ilvl")
                    if nid is not None:
                        self.style_num[st.get(_W + "styleId")] = (nid.get(_W + "val"),
                                                                 int(il.get(_W + "val")) if il is not None else 0)
        except Exception:
            pass

    def label(self, p) -> str:
        """The rendered number of paragraph ``p`` (``""`` when it is not numbered), advancing the counters."""
        if not self.levels:
            return ""
        ppr = p.find(_W + "pPr")
        num_id, ilvl = None, 0
        if ppr is not None:
            np_ = ppr.find(_W + "numPr")
            if np_ is not None:
                nid, il = np_.find(_W + "numId"), np_.find(_W + "ilvl")
                num_id = nid.get(_W + "val") if nid is not None else None
                ilvl = int(il.get(_W + "val")) if il is not None else 0
            elif ppr.find(_W + "pStyle") is not None:
                sid = ppr.find(_W + "pStyle").get(_W + "val")
                if sid in self.style_num:
                    num_id, ilvl = self.style_num[sid]
        if not num_id or num_id == "0" or (num_id, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        fmt, text, start = self.levels[(num_id, ilvl)]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if _format_number(counters[ilvl], fmt) is None:
            return ""

        def repl(m: re.Match) -> str:
            lv = int(m.group(1)) - 1
            f, _, st = self.levels.get((num_id, lv), ("decimal", "", 1))
            return _format_number(counters.get(lv, st), f) or ""

        return re.sub(r"%(\d)", repl, text)


def _para_text(p) -> str:
    """Text of a ``w:p`` element: runs, tabs and line breaks."""
    parts: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == _W + "t":
            parts.append(el.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc) -> str:
    lines = []
    for child in tc:
        if child.tag == _W + "p":
            t = _para_text(child).strip()
            if t:
                lines.append(t)
        elif child.tag == _W + "tbl":
            lines.extend(_table_lines(child))
    return " ".join(" ".join(lines).split())


def _table_lines(tbl) -> list[str]:
    out = []
    for tr in tbl.iter(_W + "tr"):
        if tr.getparent() is not tbl:
            continue  # rows of nested tables are read inside their cell
        cells = []
        for tc in tr.findall(_W + "tc"):
            # vertically merged continuation cells carry no text of their own
            t = _cell_text(tc)
            if t:
                cells.append(t)
        # de-duplicate horizontally repeated merged text
        dedup = [c for i, c in enumerate(cells) if i == 0 or c != cells[i - 1]]
        if dedup:
            out.append("\t".join(dedup))
    return out


def docx_lines(path: str) -> tuple[list[str], dict]:
    """Lines of a .docx body in order, and its core properties (title, created ...)."""
    try:
        import docx  # python-docx
    except ImportError:  # pragma: no cover - declared dependency
        raise InputError("python-docx is not installed", path=path, fix="pip install python-docx") from None
    with open(path, "rb") as f:
        head = f.read(8)
    if head == OLE_MAGIC:
        from nlp.io.load import _legacy_error

        raise _legacy_error(path)
    if not zipfile.is_zipfile(path):
        raise InputError("is not a valid .docx: the zip container is damaged or truncated", path=path, fix=_FIX_CORRUPT)
    try:
        d = docx.Document(path)
    except zipfile.BadZipFile:
        raise InputError("is not a valid .docx (zip) file", path=path, fix=_FIX_CORRUPT) from None
    except KeyError:
        raise InputError("is a zip file without a Word document inside", path=path, fix=_FIX_CORRUPT) from None
    except Exception as e:  # lxml XMLSyntaxError, ValueError on bad content types ...
        raise InputError(f"cannot be read as .docx ({type(e).__name__})", path=path, fix=_FIX_CORRUPT) from None
    lines: list[str] = []
    numbering = _Numbering(d)
    for child in d.element.body.iterchildren():
        if child.tag == _W + "p":
            label = numbering.label(child)
            body = _para_text(child)
            if label and body.strip():
                # Word puts a tab after the number; keep "1. 2023年" apart, but "一、总体" needs no gap
                sep = " " if label[-1:].isascii() else ""
                body = label + sep + body.lstrip()
            for ln in body.split("\n"):
                ln = ln.strip(" \u00a0\u3000")
                if ln:
                    lines.append(ln)
        elif child.tag == _W + "tbl":
            lines.extend(_table_lines(child))
        elif child.tag == _W + "sdt":  # content controls wrap ordinary paragraphs
            for p in child.iter(_W + "p"):
                ln = _para_text(p).strip()
                if ln:
                    lines.append(ln)
    meta: dict = {}
    try:
        cp = d.core_properties
        if cp.title:
            meta["title"] = cp.title
        if cp.created:
            meta["created"] = cp.created.isoformat()
        if cp.author:
            meta["author"] = cp.author
    except Exception:  # core properties are optional and sometimes malformed
        pass
    return lines, meta


def load_docx(path: str | Path) -> Document:
    """Read a ``.docx`` into a :class:`Document` (``meta["format"] == "docx"``)."""
    from nlp.io.text import doc_id_from_path

    p = str(path)
    if not Path(p).exists():
        raise InputError("no such file", path=p, fix="check the path")
    lines, meta = docx_lines(p)
    text = "\n".join(re.sub(r"[ \t]{2,}", " ", ln) if "\t" not in ln else ln for ln in lines)
    if not text.strip():
        raise InputError("the .docx has no text", path=p,
                         fix="if it holds scanned pages as images, run OCR and save the text")
    meta["format"] = "docx"
    return Document(text=text, source=p, doc_id=doc_id_from_path(p), meta=meta)

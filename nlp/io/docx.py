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
        raise InputError("is a legacy Word/WPS binary file (.doc/.wps), not .docx", path=path, fix=FIX_LEGACY)
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
    for child in d.element.body.iterchildren():
        if child.tag == _W + "p":
            for ln in _para_text(child).split("\n"):
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

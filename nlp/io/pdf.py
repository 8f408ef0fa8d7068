"""PDF files with a text layer → plain text with pypdf.

pypdf returns each page's text with the layout's hard line breaks. Chinese
government PDFs wrap lines at the page width in mid-sentence, so lines are
re-joined: a line that fills (nearly) the page's usual width and does not end
a sentence is joined to the next one, unless the next line starts a new
numbered item (``一、`` ``（二）`` ``3.`` ``第五条``), also across page breaks.
CJK text is joined without a space, Latin words with one; spaces left between
CJK characters are removed. Page-number lines (``— 3 —``, ``- 12 -``,
``第3页``) and running headers/footers repeated on most pages are dropped.

Scanned PDFs (no text layer), PDFs locked with a password and damaged files
raise a one-line :class:`InputError` that says what to do.

Public functions: :func:`join_lines`, :func:`load_pdf`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from nlp.doc import Document
from nlp.errors import InputError

_PAGE_NO = re.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})\s*$")
_SENT_END = "。；！？：!?;:”』」）)"
_ITEM_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]\D|第[一二三四五六七八九十百零\d]+[章节条]|附件|附表)"
)
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _line_width(lengths: list[int]) -> int:
    """The page's full-line width in characters: the most common length among the longer half
    of the lines (full lines of a justified page all have the same count), ties to the longer."""
    from collections import Counter

    ordered = sorted(lengths)
    median = ordered[len(ordered) // 2]
    counts = Counter(n for n in ordered if n >= median)
    return max(counts, key=lambda n: (counts[n], n))


def join_lines(lines: list[str]) -> list[str]:
    """Re-join lines wrapped at the page width into paragraphs.

    >>> join_lines(["到2025年，基本建成覆盖城乡居民的基本医疗卫生制", "度，人民健康水平持续提升。", "二、主要任务"])
    ['到2025年，基本建成覆盖城乡居民的基本医疗卫生制度，人民健康水平持续提升。', '二、主要任务']
    """
    lines = [ln.strip() for ln in lines]
    lines = [ln for ln in lines if ln and not _PAGE_NO.match(ln)]
    if not lines:
        return []
    width = _line_width([len(ln) for ln in lines])
    out: list[str] = []
    last_len = 0  # length of the last physical line glued into out[-1]
    for ln in lines:
        if out:
            prev = out[-1]
            prev_last = prev[-1:]
            full = last_len >= max(15, int(0.85 * width))
            if full and prev_last not in _SENT_END and not _ITEM_START.match(ln):
                sep = " " if (not _CJK.search(prev_last) and not _CJK.search(ln[:1])) else ""
                out[-1] = prev + sep + ln
                last_len = len(ln)
                continue
        out.append(ln)
        last_len = len(ln)
    return out


_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff，。；：、！？（）《》“”])[ ]+(?=[\u3400-\u9fff，。；：、！？（）《》“”])")


def tidy_line(line: str) -> str:
    """Drop the spaces text extraction leaves between CJK characters (``国 务 院`` → ``国务院``).

    >>> tidy_line("国 务 院办公厅 关于")
    '国务院办公厅关于'
    """
    return _CJK_GAP.sub("", line)


def drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove running headers/footers: a first or last line repeated on at least half of 3+ pages."""
    if len(pages) < 3:
        return pages
    from collections import Counter

    edge: Counter[str] = Counter()
    for lines in pages:
        seen = {ln.strip() for ln in lines[:1] + lines[-1:] if ln.strip()}
        edge.update(seen)
    running = {ln for ln, n in edge.items() if n >= max(3, (len(pages) + 1) // 2)}
    if not running:
        return pages
    out = []
    for lines in pages:
        ls = list(lines)
        if ls and ls[0].strip() in running:
            ls = ls[1:]
        if ls and ls[-1].strip() in running:
            ls = ls[:-1]
        out.append(ls)
    return out


def load_pdf(path: str | Path) -> Document:
    """Read a PDF's text layer into a :class:`Document` (``meta["format"] == "pdf"``)."""
    from nlp.io.text import doc_id_from_path

    p = str(path)
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - declared dependency
        raise InputError("pypdf is not installed", path=p, fix="pip install pypdf") from None
    if not Path(p).exists():
        raise InputError("no such file", path=p, fix="check the path")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns loudly on harmless quirks
    fix_corrupt = "the PDF is damaged or incomplete; download or export it again"
    try:
        reader = PdfReader(p)
    except PdfReadError as e:
        raise InputError(f"cannot be read as PDF ({str(e).splitlines()[0][:80]})", path=p, fix=fix_corrupt) from None
    except Exception as e:
        raise InputError(f"cannot be read as PDF ({type(e).__name__})", path=p, fix=fix_corrupt) from None
    if reader.is_encrypted:
        ok = False
        try:
            ok = bool(reader.decrypt(""))  # owner-password-only PDFs open with an empty user password
        except Exception:
            ok = False
        if not ok:
            raise InputError("PDF is encrypted with a password", path=p,
                             fix="remove the password first (e.g. qpdf --password=PW --decrypt in.pdf out.pdf) and pass the result")
    raw_pages: list[list[str]] = []
    try:
        for page in reader.pages:
            raw = page.extract_text() or ""
            raw_pages.append([tidy_line(ln.strip()) for ln in raw.replace("\r", "\n").split("\n") if ln.strip()])
    except Exception as e:
        if "decrypt" in str(e).lower() or "crypt" in type(e).__name__.lower():
            raise InputError("PDF is encrypted", path=p,
                             fix="remove the password first (e.g. qpdf --decrypt) and pass the result") from None
        raise InputError(f"cannot extract text from the PDF ({type(e).__name__})", path=p, fix=fix_corrupt) from None
    n_pages = len(raw_pages)
    # join across page breaks too: a sentence often runs on to the next page
    lines = join_lines([ln for page_lines in drop_running_lines(raw_pages) for ln in page_lines])
    text = "\n".join(lines)
    visible = len(re.sub(r"\s+", "", text))
    if visible < max(10, 5 * n_pages) and visible < 200:
        raise InputError("scanned PDF with no text layer", path=p,
                         fix="run OCR first (e.g. ocrmypdf -l chi_sim in.pdf out.pdf) and pass the result")
    meta: dict = {"format": "pdf", "pages": n_pages}
    try:
        info = reader.metadata
        if info and info.title:
            meta["title"] = str(info.title)
    except Exception:
        pass
    return Document(text=text, source=p, doc_id=doc_id_from_path(p), meta=meta)

"""One entry point for every input file: :func:`load_path` picks the reader.

The reader is chosen by **content first, then extension**, because saved files
are often misnamed (a ``.doc`` that is really ``.docx``, an ``.htm`` served as
``.txt``):

=========================  =============================================
content / name             reader
=========================  =============================================
``%PDF-``                  :func:`nlp.io.pdf.load_pdf` (pypdf)
zip (``PK\\x03\\x04``)     :func:`nlp.io.docx.load_docx` (python-docx)
OLE (``D0 CF 11 E0``)      refused: legacy ``.doc``/``.wps``, convert first
``<html``/``<!doctype``    :func:`nlp.io.html.load_html` (bs4 + lxml)
``.txt`` / anything else   :func:`nlp.io.text.load_text`
``-``                      standard input, decoded like a text file
                           (or as HTML/PDF/DOCX when its bytes say so)
=========================  =============================================

Directory walks (batch) only pick files whose suffix is in
:data:`SUPPORTED_SUFFIXES`; a single file given by name is always tried.

Public: :data:`SUPPORTED_SUFFIXES`, :func:`sniff_format`, :func:`load_path`, :func:`load_bytes`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nlp.doc import Document
from nlp.errors import InputError

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf")
"""Suffixes (lower-case) picked up when walking directories."""

LEGACY_SUFFIXES: tuple[str, ...] = (".doc", ".wps", ".et", ".xls", ".ppt")

_OLE = bytes.fromhex("D0CF11E0A1B11AE1")


def sniff_format(head: bytes, name: str = "") -> str:
    """Guess the format from the first bytes (and the name): ``pdf | docx | ole | html | text``.

    >>> sniff_format(b"%PDF-1.7 ...")
    'pdf'
    >>> sniff_format("<!DOCTYPE html><html>".encode(), "a.txt")
    'html'
    """
    if head.startswith(b"%PDF-") or head[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx"
    if head.startswith(_OLE):
        return "ole"
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm", ".shtml", ".xhtml"):
        return "html"
    probe = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in head[:4096].lower():
        return "html"
    if probe.startswith(b"<") and (b"<body" in head.lower() or b"<head" in head.lower()):
        return "html"
    if suffix == ".docx":
        return "docx"  # not a zip: load_docx says it is damaged
    if suffix == ".pdf":
        return "pdf"
    return "text"


def _legacy_error(path: str) -> InputError:
    from nlp.io.docx import FIX_LEGACY

    if Path(path).suffix.lower() in (".docx", ".xlsx", ".pptx"):
        # Office saves password-protected .docx files as OLE containers
        return InputError("is a password-protected (encrypted) Office file", path=path,
                          fix="open it in Word/WPS, remove the password (File > Info > Protect Document) and save it again")
    return InputError("is a legacy binary Office/WPS file (.doc/.wps), which yigai cannot read", path=path,
                      fix=FIX_LEGACY)


def load_bytes(data: bytes, source: str, *, name: str = "") -> Document:
    """Load a document from bytes (used for standard input); ``source`` names it in errors."""
    import tempfile

    from nlp.io.text import decode_bytes

    fmt = sniff_format(data[:8192], name)
    if fmt == "ole":
        raise _legacy_error(source)
    if fmt == "text":
        text, enc = decode_bytes(data, source)
        return Document(text=text, source=source, doc_id="stdin", meta={"encoding": enc, "format": "text"})
    if fmt == "html":
        from nlp.io.html import load_html

        doc = load_html(source, data=data)
        doc.doc_id = "stdin"
        return doc
    # pdf / docx readers want a file
    with tempfile.TemporaryDirectory(prefix="yigai-stdin-") as tmp:
        p = Path(tmp) / f"stdin.{fmt}"
        p.write_bytes(data)
        doc = _load_file(str(p), fmt)
    doc.source = source
    doc.doc_id = "stdin"
    return doc


def _load_file(path: str, fmt: str) -> Document:
    if fmt == "pdf":
        from nlp.io.pdf import load_pdf

        return load_pdf(path)
    if fmt == "docx":
        from nlp.io.docx import load_docx

        return load_docx(path)
    if fmt == "html":
        from nlp.io.html import load_html

        return load_html(path)
    from nlp.io.text import load_text

    return load_text(path)


def load_path(path: str) -> Document:
    """Read one input (``.txt``, ``.html``/``.htm``, ``.docx``, ``.pdf``, or ``-`` for stdin)
    into a :class:`Document` whose offsets refer to the extracted text.

    Raises :class:`InputError` with one line naming the file and the fix for
    missing, empty, binary, scanned, encrypted, legacy or damaged files.
    """
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        return load_bytes(data, "<stdin>")
    p = Path(path)
    src = str(path)
    try:
        with p.open("rb") as f:
            head = f.read(8192)
    except FileNotFoundError:
        raise InputError("no such file", path=src, fix="check the path") from None
    except IsADirectoryError:
        raise InputError("is a directory", path=src, fix="give a file, or run `yigai batch` on a directory") from None
    except OSError as e:
        raise InputError(f"cannot be read ({e.strerror})", path=src, fix="check permissions") from None
    if not head:
        raise InputError("file is empty", path=src, fix="give a document with text in it")
    if p.suffix.lower() in (".jsonl", ".ndjson"):
        raise InputError("is a JSON Lines file, not a document", path=src,
                         fix="pass a records file with --records FILE.jsonl (one policy record per line)")
    fmt = sniff_format(head, p.name)
    if fmt == "ole" or (p.suffix.lower() in LEGACY_SUFFIXES and fmt == "text" and b"\x00" in head):
        raise _legacy_error(src)
    if fmt == "docx" and not head.startswith(b"PK") and p.suffix.lower() != ".docx":
        fmt = "text"
    doc = _load_file(src, fmt)
    doc.source = src
    return doc

"""Plain-text input: decode bytes in any common Chinese encoding into one ``str``.

Offsets everywhere in yigai are character offsets into the text returned here.
The only change made to the characters is line-ending normalisation
(``\\r\\n`` and lone ``\\r`` become ``\\n``) and dropping a leading byte-order
mark; full-width and half-width punctuation are kept exactly as written.

Public functions: :func:`decode_bytes`, :func:`load_text`, :func:`doc_id_from_path`.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from pathlib import Path

from nlp.doc import Document
from nlp.errors import InputError

# Share of characters that must look like text (CJK, ASCII printable, punctuation,
# whitespace) for a decoding to be accepted.
_PLAUSIBLE = 0.92

_FIX_ENCODING = "save it as UTF-8 (or GB18030/GBK, UTF-16) plain text and retry"


def _plausibility(text: str) -> float:
    """Fraction of characters that are ordinary printable text."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        o = ord(ch)
        if ch in "\n\t\r\f\u3000\u00a0" or 0x20 <= o < 0x7F:
            good += 1
            continue
        if o < 0x20 or 0x7F <= o < 0xA0 or 0xD800 <= o < 0xE000 or 0xE000 <= o < 0xF900 or o == 0xFFFD:
            continue  # control chars, surrogates, private use, replacement char
        cat = unicodedata.category(ch)
        if cat[0] in "LNPSZ" or cat == "Mn":
            good += 1
    return good / len(text)


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _chinese_or_ascii(text: str) -> float:
    """Fraction of characters that are ASCII, CJK ideographs or CJK/full-width punctuation.

    BOM-less UTF-16 is only guessed for text of this project's kind: any byte string of even
    length decodes as UTF-16, and binary patterns often land on printable but foreign letters.
    """
    if not text:
        return 0.0
    good = sum(
        1
        for ch in text
        if ch in "\n\t\r" or 0x20 <= ord(ch) < 0x7F or 0x3000 <= ord(ch) <= 0x9FFF or 0xFF00 <= ord(ch) <= 0xFFEF or 0x2000 <= ord(ch) <= 0x206F
    )
    return good / len(text)


def _utf16_guess(data: bytes) -> tuple[str, str] | None:
    """Decode BOM-less UTF-16 when the byte pattern and the result look like text."""
    if len(data) < 2 or len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        text = _try(data, enc)
        if text is None:
            continue
        score = _plausibility(text)
        # CJK text in UTF-16 or ASCII with interleaved NULs both give high scores;
        # random binary does not.
        if score >= _PLAUSIBLE and _chinese_or_ascii(text) >= _PLAUSIBLE and (best is None or score > best[0]):
            best = (score, text, enc)
    if best is None:
        return None
    return best[1], best[2]


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode a text file's bytes; return ``(text, encoding_name)``.

    Handles UTF-8 with or without BOM, UTF-16 (with BOM, or without one when the
    byte pattern makes it clear), and GB18030 (a superset of GBK/GB2312).
    Line endings are normalised to ``\\n``; nothing else is changed.

    Raises :class:`nlp.errors.InputError` (one line naming ``path``) for empty or
    whitespace-only input and for binary or undecodable bytes.
    """
    if not data:
        raise InputError("file is empty", path=path, fix="give a document with text in it")
    text: str | None = None
    enc = ""
    if data.startswith(codecs.BOM_UTF8):
        text, enc = _try(data[3:], "utf-8"), "utf-8-sig"
        if text is None:
            raise InputError("has a UTF-8 byte-order mark but is not valid UTF-8", path=path, fix=_FIX_ENCODING)
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        le = data.startswith(codecs.BOM_UTF16_LE)
        text, enc = _try(data[2:], "utf-16-le" if le else "utf-16-be"), "utf-16"
        if text is None:
            raise InputError("has a UTF-16 byte-order mark but is not valid UTF-16", path=path, fix=_FIX_ENCODING)
    else:
        text = _try(data, "utf-8")
        enc = "utf-8"
        if text is not None and "\x00" in text:
            text = None  # NULs: UTF-16 without BOM, or binary
        if text is None:
            guess = _utf16_guess(data) if b"\x00" in data else None
            if guess is not None:
                text, enc = guess
            elif b"\x00" not in data:
                text = _try(data, "gb18030")
                enc = "gb18030"
        if text is None or _plausibility(text) < _PLAUSIBLE:
            raise InputError(
                "looks binary or is in an unknown encoding (not UTF-8, GB18030/GBK or UTF-16)",
                path=path,
                fix="convert it to UTF-8 plain text (for PDF/DOCX use the matching reader)",
            )
    assert text is not None
    if _plausibility(text) < _PLAUSIBLE:
        raise InputError("looks binary, not text", path=path, fix=_FIX_ENCODING)
    if text.startswith("\ufeff"):
        text = text[1:]
        if enc == "utf-8":
            enc = "utf-8-sig"
    text = _normalize_newlines(text)
    if not text.strip():
        raise InputError("file has only whitespace, no text", path=path, fix="give a document with text in it")
    return text, enc


_SLUG_DROP = re.compile(r"[^0-9a-z\u3400-\u9fff]+")


def doc_id_from_path(path: str | Path) -> str:
    """A stable slug from the file name stem: lower-case ASCII letters, digits and
    CJK characters joined by ``-`` (``cixi-2020-sanyi-liandong.txt`` → itself)."""
    stem = Path(path).stem
    slug = _SLUG_DROP.sub("-", unicodedata.normalize("NFKC", stem).lower()).strip("-")
    if not slug:
        slug = "doc-" + hashlib.sha1(stem.encode("utf-8")).hexdigest()[:10]
    return slug


def load_text(path: str | Path) -> Document:
    """Read a plain-text document from ``path`` into a :class:`Document`.

    ``source`` is the path as given, ``meta["encoding"]`` the detected encoding,
    ``meta["format"] == "text"``.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=str(path), fix="check the path") from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=str(path), fix="give a text file") from None
    except OSError as e:
        raise InputError(f"cannot be read ({e.strerror})", path=str(path), fix="check permissions") from None
    text, enc = decode_bytes(data, str(path))
    return Document(text=text, source=str(path), doc_id=doc_id_from_path(p), meta={"encoding": enc, "format": "text"})

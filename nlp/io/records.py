"""Records files: JSON Lines catalogues of policies, one document per line.

Each line is an object with ``title`` and at least one of ``text`` /
``summary`` (``text`` wins when both are present), plus optional ``date``,
``issuer``, ``doc_number``, ``url``, ``id``. The document text is
``title + "\\n" + body``, so offsets refer to that string. Identity is
prefilled from the record: ``issued = date`` with ``issued_rule = "record"``
(the pipeline keeps a record's identity instead of guessing it from text).

A bad line (not JSON, not an object, no title and no body, a date that is not
a date) is reported as ``file:line: reason`` and skipped; the other lines go
on. Blank lines are ignored.

Public: :class:`RecordResult`, :func:`iter_record_results`, :func:`iter_records`, :func:`count_records`.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass
from datetime import date as _date
from pathlib import Path
from typing import Callable, Iterator

from nlp.doc import Document, Identity
from nlp.errors import InputError

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_SLUG_DROP = re.compile(r"[^0-9A-Za-z_\-]+")


@dataclass
class RecordResult:
    """One line of a records file: a Document, or the error that line raised."""

    line: int
    doc: Document | None = None
    error: InputError | None = None


def normalize_date(value: object) -> str | None:
    """``"2020-8-20"``, ``"2020/08/20"``, ``"2020年8月20日"``, ``"2020-08-20 10:00"`` → ``"2020-08-20"``.

    Empty/None → None. Anything else raises ``ValueError``.

    >>> normalize_date("2020年8月20日")
    '2020-08-20'
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ValueError(f"date is not a string: {value!r}")
    m = _DATE.match(value)
    if not m:
        raise ValueError(f"date {value.strip()[:40]!r} is not YYYY-MM-DD")
    y, mo, d = (int(g) for g in m.groups())
    return _date(y, mo, d).isoformat()  # raises ValueError for 2020-02-30


def _str(rec: dict, key: str) -> str | None:
    v = rec.get(key)
    if v is None:
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = str(v)
    if not isinstance(v, str):
        raise ValueError(f"field {key!r} is not text")
    v = v.strip()
    return v or None


def record_to_document(rec: object, source: str) -> Document:
    """Build the :class:`Document` of one parsed record (raises ``ValueError`` if unusable)."""
    if not isinstance(rec, dict):
        raise ValueError("line is not a JSON object")
    title = _str(rec, "title")
    body = _str(rec, "text") or _str(rec, "summary")
    if not title and not body:
        raise ValueError("record has neither title nor text/summary")
    issued = normalize_date(rec.get("date"))
    rid = _str(rec, "id")
    text = "\n".join(x for x in (title, body) if x)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if rid:
        doc_id = _SLUG_DROP.sub("-", rid).strip("-") or hashlib.sha1(rid.encode()).hexdigest()[:10]
    else:
        doc_id = "rec-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    ident = Identity(title=title, issuer=_str(rec, "issuer"), doc_number=_str(rec, "doc_number"),
                     issued=issued, issued_rule="record" if issued else None)
    meta = {"format": "record", "record_id": rid, "url": _str(rec, "url")}
    if isinstance(rec.get("keyword_tags"), list):
        meta["keyword_tags"] = list(rec["keyword_tags"])
    return Document(text=text, source=source, doc_id=doc_id, identity=ident, meta=meta)


def iter_record_results(path: str | Path) -> Iterator[RecordResult]:
    """Yield a :class:`RecordResult` for every non-blank line of a JSONL records file, streaming."""
    p = str(path)
    try:
        f = open(p, "rb")
    except FileNotFoundError:
        raise InputError("no such file", path=p, fix="check the path") from None
    except OSError as e:
        raise InputError(f"cannot be read ({e.strerror})", path=p, fix="check permissions") from None
    with f:
        for lineno, raw in enumerate(f, 1):
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            where = f"{p}:{lineno}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield RecordResult(lineno, error=InputError("line is not UTF-8", path=where,
                                                            fix="save the records file as UTF-8 JSON Lines"))
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                yield RecordResult(lineno, error=InputError(f"not valid JSON ({e.msg} at column {e.colno})", path=where,
                                                            fix="fix or remove this line (one JSON object per line)"))
                continue
            try:
                doc = record_to_document(rec, where)
            except ValueError as e:
                yield RecordResult(lineno, error=InputError(str(e), path=where, fix="fix or remove this line"))
                continue
            yield RecordResult(lineno, doc=doc)


def _warn(err: InputError) -> None:
    print(f"yigai: warning: {err}", file=sys.stderr)


def iter_records(path: str | Path, on_error: Callable[[InputError], None] | None = _warn) -> Iterator[Document]:
    """Yield one :class:`Document` per good line of a JSONL records file.

    Bad lines are passed to ``on_error`` (default: a one-line warning on stderr
    naming ``file:line``) and skipped; ``on_error=None`` ignores them silently.
    """
    for r in iter_record_results(path):
        if r.error is not None:
            if on_error is not None:
                on_error(r.error)
            continue
        assert r.doc is not None
        yield r.doc


def count_records(path: str | Path) -> int:
    """Number of non-blank lines (an upper bound for progress bars; cheap, no JSON parsing)."""
    n = 0
    with open(path, "rb") as f:
        for raw in f:
            if raw.strip():
                n += 1
    return n

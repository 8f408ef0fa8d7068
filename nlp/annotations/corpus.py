"""Reading and writing the annotated clause corpus in ``annotations/``.

Layout (see ``annotations/README.md``):

- ``docs/<doc>.txt``: the documents, verbatim (UTF-8); offsets refer to their decoded text
  (line endings normalised to ``\\n`` as :func:`nlp.io.text.decode_bytes` does);
- ``clauses.jsonl``: one clause a line, ``{"doc", "start", "end", "text", "path", "kind", "labels"}``;
- ``split.json``: ``{"train": [doc...], "dev": [...], "test": [...]}``, by document;
- ``passes/a|b/<doc>.jsonl``: the two independent labelling passes, before adjudication.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..errors import AnnotationError

SPLITS = ("train", "dev", "test")


@dataclass
class AnnotatedClause:
    doc: str
    start: int
    end: int
    text: str
    labels: list[str]
    path: list[str] = field(default_factory=list)
    kind: str = "body"
    extra: dict[str, Any] = field(default_factory=dict)  # any other fields, kept on round trips

    def to_dict(self) -> dict[str, Any]:
        d = {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text, "path": self.path, "kind": self.kind, "labels": self.labels}
        d.update(self.extra)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "AnnotatedClause":
        known = {"doc", "start", "end", "text", "path", "kind", "labels"}
        return cls(
            doc=d["doc"], start=d["start"], end=d["end"], text=d["text"], labels=list(d["labels"]),
            path=list(d.get("path") or []), kind=d.get("kind", "body"), extra={k: v for k, v in d.items() if k not in known},
        )


def read_doc_text(root: Path, doc: str) -> str:
    """The decoded text of ``docs/<doc>.txt`` exactly as offsets see it."""
    from ..io.text import decode_bytes

    path = Path(root) / "docs" / f"{doc}.txt"
    if not path.exists():
        raise AnnotationError("document file missing", path=str(path), fix="copy the document into annotations/docs/ or remove its clauses")
    text, _enc = decode_bytes(path.read_bytes(), str(path))
    return text


def iter_clause_lines(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, parsed object or None, error or None) for every non-empty line."""
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                yield i, None, f"not valid JSON ({e.msg} at column {e.colno})"
                continue
            if not isinstance(obj, dict):
                yield i, None, "a line must be a JSON object"
                continue
            yield i, obj, None


def load_clauses(root: Path) -> list[AnnotatedClause]:
    """All annotated clauses; malformed lines raise :class:`AnnotationError` (run ``yigai annotations check``)."""
    path = Path(root) / "clauses.jsonl"
    if not path.exists():
        raise AnnotationError("no clauses.jsonl", path=str(path), fix="create it (see annotations/README.md)")
    out = []
    for i, obj, err in iter_clause_lines(path):
        if err:
            raise AnnotationError(err, path=f"{path}:{i}", fix="run `yigai annotations check` and fix the line")
        try:
            out.append(AnnotatedClause.from_dict(obj))
        except (KeyError, TypeError) as e:
            raise AnnotationError(f"missing field {e}", path=f"{path}:{i}", fix="each line needs doc, start, end, text, labels") from None
    return out


def save_clauses(root: Path, clauses: list[AnnotatedClause], path: Path | None = None) -> Path:
    from ..io.atomic import write_text_atomic

    path = path or Path(root) / "clauses.jsonl"
    clauses = sorted(clauses, key=lambda c: (c.doc, c.start))
    write_text_atomic(path, "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in clauses))
    return path


def load_split(root: Path) -> dict[str, list[str]]:
    path = Path(root) / "split.json"
    if not path.exists():
        raise AnnotationError("no split.json", path=str(path), fix="run `yigai annotations split`")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise AnnotationError(f"not valid JSON (line {e.lineno})", path=str(path), fix="restore it with git or rerun `yigai annotations split`") from None
    for s in SPLITS:
        if not isinstance(data.get(s), list):
            raise AnnotationError(f"split {s!r} missing or not a list", path=str(path), fix="rerun `yigai annotations split`")
    return {s: list(data[s]) for s in SPLITS}

"""Annotated clauses for the theme classifier: loading, validation, model inputs.

Layout of an annotation directory (``annotations/``)::

    clauses.jsonl   one JSON object per line:
                    {"doc": "<file stem>", "start": int, "end": int, "text": str,
                     "path": [heading texts], "labels": [theme ids]}
    split.json      {"train": [doc, ...], "dev": [...], "test": [...]}  (split BY DOCUMENT)
    docs/<doc>.txt  the document texts (used for document titles)

Public API: :class:`Example`, :class:`Corpus`, :func:`load_corpus`,
:func:`model_inputs`, :func:`label_matrix`, :func:`tagged_mask`, :func:`as_served`,
:func:`file_sha256`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from nlp.doc import CONTENT_KINDS
from nlp.errors import AnnotationError
from nlp.themes.labels import LABEL_IDS

SPLITS = ("train", "dev", "test")
TAGGED_KINDS = CONTENT_KINDS  # clause kinds ``yigai tag`` classifies; the rest always get no theme
PATH_SEP = " > "
CONTEXT_SEP = " | "


@dataclass
class Example:
    """One annotated clause."""

    doc: str
    text: str
    labels: list[str]
    path: list[str] = field(default_factory=list)
    title: str = ""
    start: int = 0
    end: int = 0
    kind: str = "body"  # the segmenter's clause kind (body/heading/table_row/boilerplate/chrome)


@dataclass
class Corpus:
    """All annotated clauses plus the document split and the files' fingerprints."""

    root: Path
    examples: list[Example]
    split: dict[str, list[str]]
    sha256: dict[str, str]  # file name -> sha256
    skipped: int = 0  # clauses whose document is in no split
    extra_docs: list[str] = field(default_factory=list)  # training-only documents merged from other dirs (see with_extra_train)

    def part(self, name: str) -> list[Example]:
        """The examples of one split (``train``/``dev``/``test``), in file order."""
        if name not in self.split:
            raise AnnotationError(f"split {name!r} not found", path=str(self.root / "split.json"), fix=f"use one of {', '.join(self.split)}")
        docs = set(self.split[name])
        return [e for e in self.examples if e.doc in docs]

    def counts(self) -> dict[str, Any]:
        """Documents, clauses and per-label positives of every split (for training_data.json)."""
        out: dict[str, Any] = {}
        for name in self.split:
            part = self.part(name)
            per = {lab: 0 for lab in LABEL_IDS}
            for e in part:
                for lab in e.labels:
                    per[lab] += 1
            out[name] = {
                "documents": len(self.split[name]),
                "clauses": len(part),
                "clauses_without_label": sum(1 for e in part if not e.labels),
                "labels": per,
            }
        return out


def file_sha256(path: str | Path, *, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            b = f.read(chunk)
            if not b:
                break
            h.update(b)
    return h.hexdigest()


def _first_line_title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line
    return ""


def document_title(path: Path) -> str:
    """Title of a document exactly as ``yigai tag`` sees it (the clause context at prediction time).

    The document goes through the pipeline's own first steps (load, segment,
    identify) and its ``identity.title`` is returned, so a model is trained and
    evaluated on the same context it gets at run time. Only when identity finds
    no title, or the file cannot be read, is the first non-empty line used.
    """
    from nlp.identity import identify
    from nlp.io.text import load_text
    from nlp.segment import segment

    try:
        doc = load_text(path)
    except Exception:  # noqa: BLE001 - an unreadable doc just has no title
        try:
            return _first_line_title(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            return ""
    identify(segment(doc))
    return doc.identity.title or _first_line_title(doc.text)


def resolve_annotations(root: str | Path) -> Path:
    """An annotation directory: as given, or (for a relative path missing from the CWD) under the repository root."""
    p = Path(root).expanduser()
    if p.is_dir() or p.is_absolute():
        return p
    repo = Path(__file__).resolve().parents[2] / p
    return repo if repo.is_dir() else p


def load_corpus(root: str | Path, *, titles: bool = True) -> Corpus:
    """Load and validate ``clauses.jsonl`` + ``split.json`` (+ titles from ``docs/``).

    Raises AnnotationError (one line, naming file and line) for malformed input.
    """
    root = resolve_annotations(root)
    cpath, spath = root / "clauses.jsonl", root / "split.json"
    for p in (cpath, spath):
        if not p.is_file():
            raise AnnotationError("annotation file not found", path=str(p), fix="create it (see nlp/themes/data.py) or set 'annotations' in the training config")
    try:
        split_raw = json.loads(spath.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise AnnotationError(f"invalid JSON ({e})", path=str(spath), fix="write {\"train\": [...], \"dev\": [...], \"test\": [...]}") from None
    if isinstance(split_raw, dict):
        split_raw = {k: v for k, v in split_raw.items() if not k.startswith("_")}  # "_meta": how the split was made
    if not isinstance(split_raw, dict) or not all(isinstance(v, list) for v in split_raw.values()):
        raise AnnotationError("split must map split names to lists of document stems", path=str(spath), fix="write {\"train\": [...], \"dev\": [...], \"test\": [...]}")
    split = {k: [str(d) for d in v] for k, v in split_raw.items()}
    if not any(split.values()):
        raise AnnotationError("split.json lists no document", path=str(spath), fix="write {\"train\": [...], \"dev\": [...], \"test\": [...]}")
    # an evaluation-only set ({"test": [...]}) has no train or dev: they are empty, and training
    # on it is refused where it starts (no training clauses)
    for name in ("train", "dev"):
        split.setdefault(name, [])
    seen: dict[str, str] = {}
    for name, docs in split.items():
        for d in docs:
            if d in seen and seen[d] != name:
                raise AnnotationError(f"document {d!r} is in both {seen[d]!r} and {name!r}", path=str(spath), fix="put each document in exactly one split")
            seen[d] = name
    known = set(LABEL_IDS)
    examples: list[Example] = []
    skipped = 0
    with open(cpath, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{cpath}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise AnnotationError(f"invalid JSON ({e.msg})", path=where, fix="write one JSON object per line") from None
            if not isinstance(obj, dict):
                raise AnnotationError("line is not a JSON object", path=where, fix="write one JSON object per line")
            for key, typ in (("doc", str), ("text", str), ("labels", list)):
                if not isinstance(obj.get(key), typ):
                    raise AnnotationError(f"field {key!r} missing or not a {typ.__name__}", path=where, fix="see the format in nlp/themes/data.py")
            labels = obj["labels"]
            bad = [lab for lab in labels if lab not in known]
            if bad:
                raise AnnotationError(f"unknown label {bad[0]!r}", path=where, fix=f"use the ids of nlp/themes/labels.py ({', '.join(LABEL_IDS)})")
            path = obj.get("path") or []
            if not isinstance(path, list):
                raise AnnotationError("field 'path' is not a list", path=where, fix="write the heading texts as a list of strings")
            if obj["doc"] not in seen:
                skipped += 1
                continue
            examples.append(
                Example(
                    doc=obj["doc"],
                    text=obj["text"],
                    labels=list(dict.fromkeys(labels)),
                    path=[str(p) for p in path],
                    start=int(obj.get("start", 0) or 0),
                    end=int(obj.get("end", 0) or 0),
                    kind=str(obj.get("kind") or "body"),
                )
            )
    if titles:
        cache: dict[str, str] = {}
        for e in examples:
            if e.doc not in cache:
                dp = root / "docs" / f"{e.doc}.txt"
                cache[e.doc] = document_title(dp) if dp.is_file() else ""
            e.title = cache[e.doc]
    sha = {"clauses.jsonl": file_sha256(cpath), "split.json": file_sha256(spath)}
    return Corpus(root=root, examples=examples, split=split, sha256=sha, skipped=skipped)


def with_extra_train(corpus: Corpus, roots: Iterable[str | Path] | None) -> Corpus:
    """``corpus`` plus every document of the annotation dirs ``roots``, all of them in ``train``.

    Extra documents (e.g. ``annotations/synthetic``) only ever train: they are
    never in dev or test, and cross-validation keeps them out of its test folds
    (``Corpus.extra_docs`` lists them). Their files' fingerprints join
    ``corpus.sha256`` under ``<dir name>/<file>``.
    """
    for root in roots or ():
        extra = load_corpus(root)
        clash = sorted({e.doc for e in extra.examples} & {e.doc for e in corpus.examples})
        if clash:
            raise AnnotationError(f"document {clash[0]!r} is also in {corpus.root}", path=str(extra.root / "clauses.jsonl"), fix="give extra training documents their own names")
        docs = sorted({e.doc for e in extra.examples})
        corpus.examples.extend(extra.examples)
        corpus.split["train"] = list(corpus.split["train"]) + docs
        corpus.extra_docs.extend(docs)
        corpus.sha256.update({f"{extra.root.name}/{k}": v for k, v in extra.sha256.items()})
        corpus.skipped += extra.skipped
    return corpus


def context_string(title: str | None, path: Iterable[str] | None, mode: str, max_chars: int) -> str:
    """The text that precedes a clause: ``"title | heading > heading"`` (mode ``title+path``)."""
    if mode == "none":
        return ""
    parts: list[str] = []
    if mode == "title+path" and title:
        parts.append(title.strip())
    heads = [h.strip() for h in (path or []) if h and h.strip()]
    if heads:
        parts.append(PATH_SEP.join(heads))
    ctx = CONTEXT_SEP.join(parts)
    if max_chars and len(ctx) > max_chars:
        # keep the innermost headings (closest to the clause) and the start of the title
        ctx = ctx[: max_chars // 3] + "…" + ctx[-(max_chars - max_chars // 3 - 1):]
    return ctx


def model_inputs(items: Iterable[Any], mode: str, max_chars: int, *, title: str | None = None) -> list[tuple[str, str]]:
    """``(context, clause)`` text pairs for examples, Clauses, dicts or plain strings.

    ``title`` is used for items that carry none themselves (Clause objects, strings).
    """
    out: list[tuple[str, str]] = []
    for it in items:
        if isinstance(it, str):
            out.append((context_string(title, None, mode, max_chars), clause_view(it)))
        elif isinstance(it, dict):
            out.append((context_string(it.get("title", title), it.get("path"), mode, max_chars),
                        clause_view(str(it.get("text", "")), it.get("kind", "body"))))
        else:
            t = getattr(it, "title", None) or title
            out.append((context_string(t, getattr(it, "path", None), mode, max_chars),
                        clause_view(str(getattr(it, "text", "")), getattr(it, "kind", "body"))))
    return out


def clause_view(text: str, kind: str = "body") -> str:
    """The clause as the classifier reads it: prose without the line breaks and stray spaces a PDF
    or web copy wrapped it with (the extractors read it the same way); a table row unchanged."""
    if kind == "table_row":
        return text
    from nlp.segment import reflow

    return reflow(text)


def tagged_mask(examples: Iterable[Any]) -> np.ndarray:
    """True for the examples ``yigai tag`` classifies (kind body/heading/table_row).

    Boilerplate and chrome clauses always get no theme at run time, so every
    evaluation and threshold search zeroes their scores (:func:`as_served`):
    the figures describe what a user gets.
    """
    return np.array([getattr(e, "kind", "body") in TAGGED_KINDS for e in examples], dtype=bool)


def as_served(scores: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``scores`` with the rows ``yigai tag`` never classifies set to 0 (a copy)."""
    out = np.array(scores, copy=True)
    out[~np.asarray(mask, dtype=bool)] = 0.0
    return out


def label_matrix(examples: Iterable[Example]) -> np.ndarray:
    """A 0/1 float32 matrix [n_examples, n_labels] in LABEL_IDS order."""
    idx = {lab: i for i, lab in enumerate(LABEL_IDS)}
    ex = list(examples)
    y = np.zeros((len(ex), len(LABEL_IDS)), dtype=np.float32)
    for r, e in enumerate(ex):
        for lab in e.labels:
            y[r, idx[lab]] = 1.0
    return y

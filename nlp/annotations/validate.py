"""``yigai annotations check``: every problem of the corpus as one line with file and line.

Checks: JSON well-formed, required fields and types, the document exists, offsets agree
with the text, labels in the label set (no duplicates), no overlapping clauses, clauses in
a document sorted, every document of the split annotated and every annotated document in
exactly one split.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from ..errors import AnnotationError
from ..themes.labels import LABEL_IDS
from .corpus import SPLITS, iter_clause_lines, read_doc_text

REQUIRED = {"doc": str, "start": int, "end": int, "text": str, "labels": list}


def validate(root: Path) -> list[str]:
    """All problems found, one line each (empty list when the corpus is valid)."""
    root = Path(root)
    problems: list[str] = []
    path = root / "clauses.jsonl"
    if not path.exists():
        return [f"{path}: missing; create it (see annotations/README.md)"]
    texts: dict[str, str | None] = {}
    spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    labels_ok = set(LABEL_IDS)
    for i, obj, err in iter_clause_lines(path):
        where = f"{path}:{i}"
        if err:
            problems.append(f"{where}: {err}")
            continue
        bad = [f"{k} must be {t.__name__}" for k, t in REQUIRED.items() if not isinstance(obj.get(k), t) or (t is int and isinstance(obj.get(k), bool))]
        if bad:
            problems.append(f"{where}: " + "; ".join(bad))
            continue
        doc = obj["doc"]
        if doc not in texts:
            try:
                texts[doc] = read_doc_text(root, doc)
            except AnnotationError as e:
                texts[doc] = None
                problems.append(f"{where}: {e}")
        text = texts[doc]
        start, end = obj["start"], obj["end"]
        if not 0 <= start < end:
            problems.append(f"{where}: offsets start={start} end={end} are not a non-empty span")
        elif text is not None:
            if end > len(text):
                problems.append(f"{where}: end={end} is past the end of {doc} ({len(text)} chars)")
            elif text[start:end] != obj["text"]:
                problems.append(f"{where}: text does not equal docs/{doc}.txt[{start}:{end}] ({text[start:end][:20]!r}...); fix the offsets or the text")
        unknown = [lab for lab in obj["labels"] if lab not in labels_ok]
        if unknown:
            problems.append(f"{where}: unknown labels {unknown}; use ids from spec/themes.md")
        if len(set(obj["labels"])) != len(obj["labels"]):
            problems.append(f"{where}: duplicate labels {obj['labels']}")
        spans[doc].append((start, end, i))
    for doc, items in spans.items():
        if [s for s in items] != sorted(items):
            problems.append(f"{path}: clauses of {doc} are not in document order; sort them by start")
        items = sorted(items)
        for (s1, e1, l1), (s2, e2, l2) in zip(items, items[1:]):
            if s2 < e1:
                problems.append(f"{path}:{l2}: clause [{s2},{e2}) overlaps line {l1} [{s1},{e1}) in {doc}")
    split_path = root / "split.json"
    if not split_path.exists():
        problems.append(f"{split_path}: missing; run `yigai annotations split`")
        return problems
    try:
        split = json.loads(split_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        return problems + [f"{split_path}:{e.lineno}: not valid JSON"]
    seen: dict[str, str] = {}
    if not any(isinstance(split.get(s), list) and split.get(s) for s in SPLITS):
        problems.append(f"{split_path}: no split lists a document")
    for s in SPLITS:
        docs = split.get(s, [])  # a missing split is empty (an evaluation-only set has just "test")
        if not isinstance(docs, list):
            problems.append(f"{split_path}: split {s!r} is not a list")
            continue
        for d in docs:
            if d in seen:
                problems.append(f"{split_path}: document {d} is in both {seen[d]} and {s}")
            seen[d] = s
            if d not in spans:
                problems.append(f"{split_path}: document {d} ({s}) has no annotated clauses")
    for d in spans:
        if d not in seen:
            problems.append(f"{split_path}: annotated document {d} is in no split; add it to train, dev or test")
    return problems

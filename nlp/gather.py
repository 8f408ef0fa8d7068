"""Gather tagged documents for a timeline: from tag outputs on disk, or by tagging inputs.

A ``.json`` file that holds a tag output (an object with ``clauses``, or a list of them), a
``.jsonl`` file of tag outputs, and a ``yigai tag DIR -o OUT`` batch directory (read through its
manifest) are used as they are; anything else is loaded and tagged.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from .batch import MANIFEST_NAME, iter_outputs
from .errors import InputError, YigaiError


def _tag_outputs(path: Path) -> list[dict[str, Any]] | None:
    """The tag outputs stored in ``path``, or None when it is not a tag output file."""
    if path.suffix.lower() not in (".json", ".jsonl"):
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read ({e.__class__.__name__})", path=str(path), fix="pass a tag output written by `yigai tag`") from None
    try:
        if path.suffix.lower() == ".jsonl":
            items = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            data = json.loads(text)
            items = data if isinstance(data, list) else [data]
    except json.JSONDecodeError as e:
        raise InputError(f"not valid JSON (line {e.lineno})", path=str(path), fix="pass a tag output written by `yigai tag`, or the original document") from None
    if items and all(isinstance(i, dict) and "clauses" in i for i in items):
        return items
    if path.suffix.lower() == ".jsonl":
        return None  # maybe a records file: not a tag output
    raise InputError("JSON file is not a `yigai tag` output", path=str(path), fix="pass tag outputs, documents, or records with --records")


def _expand(inputs: list[str]) -> Iterator[Path | str]:
    from .io.load import SUPPORTED_SUFFIXES

    for item in inputs:
        p = Path(item)
        if item != "-" and p.is_dir() and (p / MANIFEST_NAME).exists():
            yield p  # a batch output directory: its tag outputs, read through its manifest
        elif item != "-" and p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts) and f.name != "_report.json":
                    if f.suffix.lower() in SUPPORTED_SUFFIXES or f.suffix.lower() == ".json":
                        yield f
        else:
            yield item if item == "-" else p


def collect_tagged(
    inputs: list[str],
    *,
    records: Path | None = None,
    model: str | None = None,
    no_model: bool = False,
    ref_date: str | None = None,
    precision: str | None = None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """Tagged document dicts for every input, and the inputs that failed (each reported on stderr)."""
    import sys

    from .pipeline import tag_document

    tagged: list[dict[str, Any]] = []
    failed: list[str] = []
    clf = None
    clf_loaded = False

    def classifier():
        nonlocal clf, clf_loaded
        if not clf_loaded and not no_model:
            from .themes.registry import load_default_or

            clf = load_default_or(model, precision=precision)
        clf_loaded = True
        return clf

    def tag(doc):
        return tag_document(doc, classifier=classifier(), ref_date=ref_date).to_dict()

    for item in _expand(inputs):
        try:
            if isinstance(item, Path) and item.is_dir():
                tagged.extend(iter_outputs(item))
                continue
            if isinstance(item, Path):
                outs = _tag_outputs(item)
                if outs is not None:
                    tagged.extend(outs)
                    continue
            from .io.load import load_path

            tagged.append(tag(load_path(str(item))))
        except YigaiError as e:
            print(f"yigai: error: {e}", file=sys.stderr)
            failed.append(str(item))
    if records is not None:
        from .io.records import iter_records
        from .pipeline import tag_many
        from .progress import progress_bar, records_total, ticking

        with progress_bar(desc="tagging records", unit="record", total=records_total(records)) as bar:
            for _, doc in tag_many(((None, d) for d in ticking(iter_records(str(records)), bar)), classifier=classifier(), ref_date=ref_date):
                if isinstance(doc, YigaiError):
                    print(f"yigai: error: {doc}", file=sys.stderr)
                    failed.append(str(records))
                    continue
                tagged.append(doc.to_dict())
    return tagged, failed


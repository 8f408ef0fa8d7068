"""Build ``clauses.jsonl`` + ``split.json`` from the labelled synthetic clauses.

    python annotations/synthetic/build.py

Reads ``work/<doc>.jsonl`` (segmenter output with the author's ``labels``) and
writes the corpus files ``nlp.themes.data.load_corpus`` reads, after the
project's own check (``yigai annotations check``: offsets against
``docs/<doc>.txt``, label ids, overlaps, split). Nothing is replaced when a
check fails. Every document of ``work/`` goes to ``train``: synthetic text is
never used to tune thresholds or to pick a model.

The documents of ``not_trained/`` (labelled, never trained on) become the
evaluation-only set ``annotations/unseen/`` (``{"test": [...]}``, ``docs``
a link to this directory's ``docs``): the measure of a model on documents it
has never seen, ``yigai evaluate MODEL --annotations annotations/unseen``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from nlp.annotations.validate import validate
from nlp.themes.labels import LABEL_IDS

HERE = Path(__file__).resolve().parent
FIELDS = ("start", "end", "text", "path", "kind", "labels")


UNSEEN = HERE.parent / "unseen"


def build(src: Path, dest: Path, split: dict, docs_link: str) -> int:
    """``src/<doc>.jsonl`` -> ``dest/clauses.jsonl`` + ``dest/split.json`` (``split`` gets the document list
    under its one empty-list key), checked before anything is replaced."""
    rows, docs, problems = [], [], []
    for wp in sorted(src.glob("*.jsonl")):
        for lineno, line in enumerate(wp.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            c = json.loads(line)
            if not isinstance(c.get("labels"), list):
                problems.append(f"{wp}:{lineno}: no 'labels' list; label every clause")
                continue
            row = {"doc": wp.stem, **{k: c[k] for k in FIELDS if k in c}}
            known = [lab for lab in LABEL_IDS if lab in c["labels"]]  # label-set order, duplicates merged
            row["labels"] = known + [lab for lab in dict.fromkeys(c["labels"]) if lab not in LABEL_IDS]  # unknown ids: validate() reports them
            rows.append(row)
        if rows and rows[-1]["doc"] == wp.stem:
            docs.append(wp.stem)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    split = {k: (docs if v is None else v) for k, v in split.items()}
    dest.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest) as tmp:
        out = Path(tmp)
        (out / "docs").symlink_to(HERE / "docs")
        (out / "clauses.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        (out / "split.json").write_text(json.dumps(split, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        problems = [p.replace(str(out), str(dest)) for p in validate(out)]  # name the files the user will fix
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 1
        for name in ("clauses.jsonl", "split.json"):
            os.replace(out / name, dest / name)
    link = dest / "docs"
    if dest != HERE and not link.exists():
        link.symlink_to(docs_link)  # relative, so a clone keeps it
    print(f"{len(rows)} clauses from {len(docs)} documents -> {dest / 'clauses.jsonl'}")
    return 0


def main() -> int:
    rc = build(HERE / "work", HERE, {"_meta": "synthetic documents: training only (never dev or test)", "train": None, "dev": [], "test": []}, "docs")
    if rc == 0 and any((HERE / "not_trained").glob("*.jsonl")):
        meta = "labelled synthetic documents no shipped model trained on (annotations/synthetic/not_trained): evaluation only"
        rc = build(HERE / "not_trained", UNSEEN, {"_meta": meta, "test": None}, "../synthetic/docs")
    return rc


if __name__ == "__main__":
    raise SystemExit(main())

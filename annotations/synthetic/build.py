"""Check the labelled synthetic clauses and write ``clauses.jsonl`` + ``split.json``.

    python annotations/synthetic/build.py

Reads ``work/<doc>.jsonl`` (segmenter output with the author's ``labels``),
checks every clause's offsets against ``docs/<doc>.txt`` and its labels
against the label set, and writes the corpus files ``nlp.themes.data.load_corpus``
reads. Every synthetic document goes to ``train``: synthetic text is never
used to tune thresholds or to measure the model.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from nlp.io.load import load_path
from nlp.themes.labels import LABEL_IDS

HERE = Path(__file__).resolve().parent


def main() -> int:
    rows, docs, problems = [], [], []
    for wp in sorted((HERE / "work").glob("*.jsonl")):
        doc = wp.stem
        dp = HERE / "docs" / f"{doc}.txt"
        if not dp.is_file():
            problems.append(f"{wp}: no document {dp}")
            continue
        text = load_path(str(dp)).text
        n = 0
        for lineno, line in enumerate(wp.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            c = json.loads(line)
            where = f"{wp}:{lineno}"
            if "labels" not in c or not isinstance(c["labels"], list):
                problems.append(f"{where}: no 'labels' list")
                continue
            bad = [lab for lab in c["labels"] if lab not in LABEL_IDS]
            if bad:
                problems.append(f"{where}: unknown label {bad[0]!r}")
            if text[c["start"] : c["end"]] != c["text"]:
                problems.append(f"{where}: text differs from docs/{doc}.txt[{c['start']}:{c['end']}]")
            rows.append({"doc": doc, "start": c["start"], "end": c["end"], "text": c["text"], "path": c.get("path", []), "kind": c.get("kind", "body"), "labels": sorted(set(c["labels"]), key=LABEL_IDS.index)})
            n += 1
        if n:
            docs.append(doc)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    with open(HERE / "clauses.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    split = {"_meta": "synthetic documents: training only (never dev or test)", "train": docs, "dev": [], "test": []}
    (HERE / "split.json").write_text(json.dumps(split, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(rows)} clauses from {len(docs)} documents -> {HERE / 'clauses.jsonl'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

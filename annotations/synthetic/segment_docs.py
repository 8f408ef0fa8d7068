"""Cut synthetic documents into the clauses to label (the segmenter yigai itself uses).

    python annotations/synthetic/segment_docs.py annotations/synthetic/docs/syn_a01.txt ...

writes ``annotations/synthetic/work/<stem>.jsonl``: one clause a line
(``id``, ``start``, ``end``, ``kind``, ``path``, ``text``), to which the author
adds ``labels``; ``build.py`` then checks them and writes ``clauses.jsonl``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from nlp.io.load import load_path
from nlp.segment import segment

HERE = Path(__file__).resolve().parent


def main(paths: list[str]) -> None:
    for p in paths:
        doc = segment(load_path(p))
        out = HERE / "work" / f"{Path(p).stem}.jsonl"
        with out.open("w", encoding="utf-8") as f:
            for c in doc.clauses:
                row = {"id": c.id, "start": c.start, "end": c.end, "kind": c.kind, "path": c.path, "text": c.text}
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{p}: {len(doc.clauses)} clauses -> {out}")


if __name__ == "__main__":
    main(sys.argv[1:])

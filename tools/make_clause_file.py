"""Write the clause file that annotators label: ``annotations/work/clauses/<doc>.jsonl``.

Usage: python tools/make_clause_file.py annotations/docs/<doc>.txt [...]
Refuses to replace an existing clause file (labels refer to its ids).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from nlp.io.text import load_text
from nlp.segment import segment

OUT = Path(__file__).resolve().parents[1] / "annotations" / "work" / "clauses"

if __name__ == "__main__":
    for arg in sys.argv[1:]:
        doc = segment(load_text(arg))
        out = OUT / f"{Path(arg).stem}.jsonl"
        if out.exists():
            sys.exit(f"{out}: exists; labels refer to its clause ids, remove it by hand if you mean to resegment")
        with open(out, "w", encoding="utf-8") as f:
            for c in doc.clauses:
                f.write(json.dumps({"id": c.id, "start": c.start, "end": c.end, "kind": c.kind, "path": c.path, "text": c.text}, ensure_ascii=False) + "\n")
        print(f"{out}: {len(doc.clauses)} clauses")

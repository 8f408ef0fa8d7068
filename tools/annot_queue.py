"""Work queue for the double-pass theme annotation (used by annotators, not by the package).

Tasks are (document, pass) pairs. Clause files to label are in
``annotations/work/clauses/<doc>.jsonl`` (one clause a line: id, start, end, text, path, kind).
A pass's labels go to ``annotations/passes/<pass>/<doc>.jsonl`` (one line per clause:
``{"id": "c0003", "labels": ["yibao"]}``). The two passes of one document must be done by
two different annotators, who never read each other's pass.

Usage:
    python tools/annot_queue.py claim NAME      # claim the next task; prints "<doc> <pass>" or "none"
    python tools/annot_queue.py check DOC PASS  # validate a finished pass file
    python tools/annot_queue.py status          # what is claimed / done
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "annotations"
CLAUSES = ROOT / "work" / "clauses"
PASSES = ROOT / "passes"
ORDER = ROOT / "work" / "order.txt"  # documents in queue order, one a line
LABELS = {
    "yibao", "yigongti", "fenji", "yaopin", "jiage", "gongli", "renshi", "rencai",
    "zhongyiyao", "gongwei", "xinxihua", "jianguan", "shehui", "zhongdian", "caizheng", "zuzhi",
}


def _claim_path(doc: str, p: str) -> Path:
    return PASSES / p / f"{doc}.claim"


def _claimer(doc: str, p: str) -> str | None:
    c = _claim_path(doc, p)
    return c.read_text().strip() if c.exists() else None


def claim(name: str) -> str:
    docs = [d.strip() for d in ORDER.read_text().splitlines() if d.strip()]
    for p in ("a", "b"):
        for doc in docs:
            other = "b" if p == "a" else "a"
            if _claimer(doc, other) == name:
                continue  # never label both passes of one document
            if p == "b" and _claimer(doc, "a") is None:
                continue  # pass b only after someone else has taken pass a
            c = _claim_path(doc, p)
            c.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(c, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                continue
            with os.fdopen(fd, "w") as f:
                f.write(name + "\n")
            return f"{doc} {p}"
    return "none"


def check(doc: str, p: str) -> list[str]:
    errors = []
    clauses = [json.loads(line) for line in (CLAUSES / f"{doc}.jsonl").read_text().splitlines() if line.strip()]
    want = [c["id"] for c in clauses]
    f = PASSES / p / f"{doc}.jsonl"
    if not f.exists():
        return [f"{f}: missing"]
    got = []
    for i, line in enumerate(f.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"{f}:{i}: bad JSON ({e})")
            continue
        got.append(row.get("id"))
        bad = [lab for lab in row.get("labels", []) if lab not in LABELS]
        if bad:
            errors.append(f"{f}:{i}: unknown labels {bad}")
        if not isinstance(row.get("labels"), list):
            errors.append(f"{f}:{i}: labels must be a list")
    if got != want:
        missing = sorted(set(want) - set(got))
        extra = sorted(set(got) - set(want))
        errors.append(f"{f}: ids differ from the clause file (missing {missing[:10]}, extra {extra[:10]}, order/dupes?)")
    return errors


def status() -> None:
    docs = [d.strip() for d in ORDER.read_text().splitlines() if d.strip()]
    for doc in docs:
        row = [doc]
        for p in ("a", "b"):
            done = (PASSES / p / f"{doc}.jsonl").exists()
            row.append(f"{p}:{_claimer(doc, p) or '-'}{'*' if done else ''}")
        print("  ".join(row))


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "status"
    if cmd == "claim":
        print(claim(sys.argv[2]))
    elif cmd == "check":
        errs = check(sys.argv[2], sys.argv[3])
        print("\n".join(errs) if errs else "ok")
        sys.exit(1 if errs else 0)
    else:
        status()

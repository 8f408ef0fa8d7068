"""From two independent labelling passes to the final gold labels.

``work/clauses/<doc>.jsonl`` holds the clauses that were labelled (segmenter output, one
line each with id/start/end/kind/path/text); ``passes/a|b/<doc>.jsonl`` hold the two passes
(``{"id", "labels"}`` per clause); ``adjudication.jsonl`` holds the decision for every
clause on which the passes disagree (``{"doc", "id", "labels", "why"}``);
``adjudication_overrides.jsonl`` (same form) corrects agreed clauses that a rule settled in
adjudication changed (e.g. both passes followed the rule adjudication rejected). Agreement is
measured on the raw passes; the final ``clauses.jsonl`` takes the agreed labels, or the
adjudicated ones where the passes differ.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import AnnotationError
from ..themes.labels import LABEL_IDS
from .agreement import agreement
from .corpus import AnnotatedClause


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _canon(labels: list[str]) -> list[str]:
    return [lab for lab in LABEL_IDS if lab in set(labels)]


def paired_docs(root: Path) -> list[str]:
    """Documents labelled in both passes."""
    a = {p.stem for p in (Path(root) / "passes" / "a").glob("*.jsonl")}
    b = {p.stem for p in (Path(root) / "passes" / "b").glob("*.jsonl")}
    return sorted(a & b)


def load_pass(root: Path, p: str, doc: str) -> dict[str, list[str]]:
    rows = _read_jsonl(Path(root) / "passes" / p / f"{doc}.jsonl")
    return {r["id"]: _canon(r.get("labels", [])) for r in rows}


def pass_agreement(root: Path) -> dict:
    """Agreement over every clause of every document labelled in both passes, and per document."""
    docs = paired_docs(root)
    if not docs:
        raise AnnotationError("no document has both passes", path=str(Path(root) / "passes"), fix="label each document in passes/a and passes/b")
    all_a, all_b, per_doc = [], [], {}
    for doc in docs:
        a, b = load_pass(root, "a", doc), load_pass(root, "b", doc)
        ids = [i for i in a if i in b]
        la, lb = [a[i] for i in ids], [b[i] for i in ids]
        all_a += la
        all_b += lb
        g = agreement(la, lb)
        per_doc[doc] = {"clauses": len(ids), "micro_f1": g["micro_f1"], "exact_match": g["exact_match"]}
    out = agreement(all_a, all_b)
    out["documents"] = len(docs)
    out["per_document"] = per_doc
    return out


def disagreements(root: Path) -> list[dict]:
    """Every clause whose two passes differ, with its text and path, for adjudication."""
    out = []
    for doc in paired_docs(root):
        a, b = load_pass(root, "a", doc), load_pass(root, "b", doc)
        clauses = {r["id"]: r for r in _read_jsonl(Path(root) / "work" / "clauses" / f"{doc}.jsonl")}
        for cid, la in a.items():
            lb = b.get(cid)
            if lb is not None and la != lb:
                c = clauses[cid]
                out.append({"doc": doc, "id": cid, "kind": c.get("kind"), "path": c.get("path"), "text": c["text"], "a": la, "b": lb})
    return out


def build_gold(root: Path) -> list[AnnotatedClause]:
    """Final clauses: agreed labels, adjudicated labels where the passes differ.

    A disagreement without an adjudication is an error (nothing is silently resolved).
    """
    root = Path(root)
    adj_path = root / "adjudication.jsonl"
    adj = {(r["doc"], r["id"]): _canon(r["labels"]) for r in _read_jsonl(adj_path)} if adj_path.exists() else {}
    over_path = root / "adjudication_overrides.jsonl"
    overrides = {(r["doc"], r["id"]): _canon(r["labels"]) for r in _read_jsonl(over_path)} if over_path.exists() else {}
    out: list[AnnotatedClause] = []
    missing = []
    for doc in paired_docs(root):
        a, b = load_pass(root, "a", doc), load_pass(root, "b", doc)
        for c in _read_jsonl(root / "work" / "clauses" / f"{doc}.jsonl"):
            cid = c["id"]
            la, lb = a.get(cid), b.get(cid)
            if la is None or lb is None:
                missing.append(f"{doc}:{cid} (a pass lacks it)")
                continue
            if la == lb:
                labels = la
            elif (doc, cid) in adj:
                labels = adj[(doc, cid)]
            else:
                missing.append(f"{doc}:{cid}")
                continue
            labels = overrides.get((doc, cid), labels)
            out.append(AnnotatedClause(doc=doc, start=c["start"], end=c["end"], text=c["text"], labels=labels, path=c.get("path") or [], kind=c.get("kind", "body")))
    if missing:
        raise AnnotationError(f"{len(missing)} disagreements not adjudicated (first: {missing[:3]})", path=str(adj_path), fix="adjudicate them")
    return out

"""A fixed train/dev/test split BY DOCUMENT, stratified so every label appears in dev and test.

Clauses of one document are never spread over two splits (clauses of one document share
wording, so a clause-level split would overstate every metric). The split is searched over
seeded random document assignments and scored; the best is stored in ``split.json`` and
never recomputed unless asked.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from pathlib import Path

from ..themes.labels import LABEL_IDS
from .corpus import AnnotatedClause


def _score(assign: dict[str, str], per_doc: dict[str, Counter], sizes: dict[str, int], fractions: dict[str, float], min_pos: int) -> float:
    """Higher is better: clause shares near ``fractions``; every label with at least ``min_pos``
    positives in dev and in test; and at least half of every label's positives in train (a
    theme concentrated in a few documents must still be learnable)."""
    total = sum(sizes.values())
    got = {s: sum(n for d, n in sizes.items() if assign[d] == s) / total for s in fractions}
    score = -sum(abs(got[s] - f) for s, f in fractions.items()) * 10
    counts = {s: Counter() for s in fractions}
    for d, c in per_doc.items():
        counts[assign[d]].update(c)
    for lab in LABEL_IDS:
        for s in ("dev", "test"):
            score -= max(0, min_pos - counts[s][lab]) * 1.0
        all_pos = sum(counts[s][lab] for s in fractions)
        if all_pos:
            score -= max(0.0, 0.5 - counts["train"][lab] / all_pos) * 4.0
    return score


def make_split(
    clauses: list[AnnotatedClause],
    *,
    fractions: tuple[float, float, float] = (0.7, 0.15, 0.15),
    seed: int = 13,
    tries: int = 20000,
    min_pos: int = 8,
    pinned: dict[str, str] | None = None,
) -> dict[str, list[str]]:
    """Search document assignments; return the best ``{"train", "dev", "test"}`` document lists.

    ``min_pos``: the positives each label should have in dev and in test (shortfalls are
    penalised, so the split comes as close as the data allows). ``pinned``: documents whose
    split is fixed (e.g. a long document kept in train).
    """
    per_doc: dict[str, Counter] = defaultdict(Counter)
    sizes: Counter = Counter()
    for c in clauses:
        per_doc[c.doc].update(c.labels)
        sizes[c.doc] += 1
    docs = sorted(sizes)
    fr = dict(zip(("train", "dev", "test"), fractions))
    pinned = pinned or {}
    rng = random.Random(seed)
    best, best_score = None, float("-inf")
    for _ in range(tries):
        assign = {}
        for d in docs:
            if d in pinned:
                assign[d] = pinned[d]
            else:
                r = rng.random()
                assign[d] = "train" if r < fr["train"] else ("dev" if r < fr["train"] + fr["dev"] else "test")
        s = _score(assign, per_doc, sizes, fr, min_pos)
        if s > best_score:
            best, best_score = assign, s
    assert best is not None
    return {s: sorted(d for d in docs if best[d] == s) for s in ("train", "dev", "test")}


def split_report(clauses: list[AnnotatedClause], split: dict[str, list[str]]) -> dict[str, dict]:
    """Clause and positive counts per label for each split."""
    where = {d: s for s, ds in split.items() for d in ds}
    out: dict[str, dict] = {}
    for s in split:
        cs = [c for c in clauses if where.get(c.doc) == s]
        counts = Counter(lab for c in cs for lab in c.labels)
        out[s] = {"documents": len(split[s]), "clauses": len(cs), "labels": {lab: counts[lab] for lab in LABEL_IDS}}
    return out


def write_split(path: Path, split: dict[str, list[str]], *, meta: dict | None = None) -> None:
    from ..io.atomic import write_text_atomic

    data = dict(split)
    if meta:
        data["_meta"] = meta
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")

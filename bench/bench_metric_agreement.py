"""How well do two annotators agree on a target's ``metric``, and where does yigai stand between them?

Usage::

    python bench/bench_metric_agreement.py [--out bench/results/metric_agreement.json]

The first annotator's metrics are the extraction gold (``annotations/extraction/targets.jsonl``).
The second pass (``annotations/extraction/metric_second_pass.jsonl``) was written on 2026-11-23
by another LLM helper. It saw each gold figure with its sentence and value, the spec and the
gold README's conventions, and never saw the gold metrics or any extractor output. For every
gold target, three pairs are compared: annotator 1 vs annotator 2, yigai vs annotator 1, and
yigai vs annotator 2. The yigai metric comes from the target yigai finds over the same span with
the same value and unit; pairs are also reported only over the targets yigai detects. Each pair
is scored as an exact match (after dropping punctuation and spaces) and as one metric
containing the other.

The inter-annotator exact agreement is the ceiling for a "metric exact" F1: no extractor can be
expected to agree with one annotator more often than two annotators agree with each other.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_extract import _num_eq, load_units, norm_metric  # noqa: E402

GOLD = REPO / "annotations" / "extraction"


def agree(a: str | None, b: str | None) -> tuple[bool, bool]:
    x, y = norm_metric(a), norm_metric(b)
    return (bool(x) and x == y), bool(x and y and (x in y or y in x))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "metric_agreement.json"))
    args = ap.parse_args()
    from nlp.io.atomic import write_json_atomic
    from nlp.pipeline import tag_document

    gold = [json.loads(x) for x in (GOLD / "targets.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    second = {(r["doc"], r["start"], r["end"]): r["metric"]
              for r in map(json.loads, (GOLD / "metric_second_pass.jsonl").read_text(encoding="utf-8").splitlines()) if r}
    parts = {d: p for p, ds in json.loads((GOLD / "docs.json").read_text(encoding="utf-8"))["parts"].items() for d in ds}
    preds = {}
    for d in sorted({g["doc"] for g in gold}):
        doc, _ = load_units(d, (0, 10**9))
        preds[d] = [t for c in tag_document(doc).to_dict()["clauses"] for t in c["targets"]]

    def yigai_metric(g: dict) -> tuple[bool, str | None]:
        for p in preds[g["doc"]]:
            if p["start"] < g["end"] and p["end"] > g["start"] and _num_eq(g["value"], p.get("value")) and (g["unit"] or None) == (p.get("unit") or None):
                return True, p.get("metric")
        return False, None

    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    missing = 0
    for g in gold:
        key = (g["doc"], g["start"], g["end"])
        if key not in second:
            missing += 1
            continue
        found, y = yigai_metric(g)
        pairs = {"annotator1_vs_annotator2": (g["metric"], second[key]), "yigai_vs_annotator1": (y, g["metric"]), "yigai_vs_annotator2": (y, second[key])}
        for part in (parts[g["doc"]], "all"):
            for name, (a, b) in pairs.items():
                for scope in ("all_targets",) + (("targets_yigai_detects",) if found else ()):
                    e, o = agree(a, b)
                    c = counts[part][f"{scope}/{name}"]
                    c[0] += e
                    c[1] += o
                    c[2] += 1
    result: dict = {}
    for part, d in sorted(counts.items()):
        result[part] = {}
        for k, (e, o, n) in sorted(d.items()):
            scope, name = k.split("/")
            result[part].setdefault(scope, {"targets": n})[name] = {"exact": round(e / n, 3), "one_contains_other": round(o / n, 3)}
    report = {"what": __doc__.split("\n\n")[2].replace("\n", " "), "gold_targets_without_second_pass": missing, "parts": result}
    write_json_atomic(args.out, report)
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()

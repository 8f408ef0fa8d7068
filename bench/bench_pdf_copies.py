"""The extraction gold figures on PDF copies of the gold documents, next to the originals.

Usage::

    python bench/bench_pdf_copies.py [--out bench/results/pdf_copies.json] [--parts all]

Real documents often arrive as text pulled out of a PDF: every printed line ends in a line break
(a sentence, a date or a figure cut in two), page numbers sit between pages, or the line breaks
became stray spaces (the corpus's own PDF copies have those: ``卫生行政 部门``). For every document of
the extraction gold set this makes such copies (``tests/test_pdf_copies.py``: ``wrap`` hard-wraps
every line at 36 characters, ``wrap_pages`` adds a page number every 40 printed lines, ``pdfspace``
puts a stray space every 33 characters, never between two digits; also ``flatten``, a web copy that lost
its line breaks, ``fullwidth``, digits typed full-width, and ``tabs``, tables with tab-separated cells),
runs the whole pipeline on each
(segmentation, identity, extraction), maps the offsets back to the original text and scores them
against the same gold as ``bench/bench_extract.py``: time normalization accuracy, target F1 (strict:
metric, comparator, value and unit), agency (name, role) F1 and the issue date.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import bench_extract as B  # noqa: E402


def _copies_module():
    spec = importlib.util.spec_from_file_location("pdf_copies", REPO / "tests" / "test_pdf_copies.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "pdf_copies.json"))
    ap.add_argument("--parts", nargs="*", default=["all"], help="gold parts (default: every document)")
    args = ap.parse_args()
    from tqdm import tqdm

    from nlp.doc import Document
    from nlp.io.atomic import write_json_atomic
    from nlp.io.text import load_text
    from nlp.pipeline import tag_document

    m = _copies_module()
    gold = B.load_gold()
    docs = sorted({d for p in args.parts for d in B.docs_of(gold, p)})
    by_doc: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for layer in ("times", "targets", "agencies"):
        for r in gold[layer]:
            by_doc[r["doc"]][layer].append(r)
    kinds = ["original", *m.COPIES]
    tot = {k: {"times": [0, 0], "targets": [0, 0, 0], "agencies": [0, 0, 0], "issued": [0, 0]} for k in kinds}
    per_doc: dict[str, dict[str, dict]] = {}
    for d in tqdm(docs, desc="documents", file=sys.stderr):
        text = load_text(B.doc_path(d)).text
        rng = tuple(gold["docs"][d]["range"])
        per_doc[d] = {}
        for kind in kinds:
            copied, orig = (text, list(range(len(text)))) if kind == "original" else m.COPIES[kind](text)
            out = tag_document(Document(text=copied, source=f"{d}.txt")).to_dict()
            start, end = m._mapper(orig, len(text))
            for c in out["clauses"]:
                c["start"], c["end"] = start(c["start"]), end(c["end"])
                for t in c["times"] + c["targets"]:
                    t["start"], t["end"] = start(t["start"]), end(t["end"])
                    if kind == "fullwidth" and t.get("metric"):
                        t["metric"] = m._squash(t["metric"])  # written as the copy writes it: compare its digits as ASCII
            preds = [{"start": t["start"], "end": t["end"], "text": t["text"], "type": t["type"],
                      "value": None if t["value"] is None or (t["value"]["start"] is None and t["value"]["end"] is None)
                      else (t["value"]["start"], t["value"]["end"])} for c in out["clauses"] for t in c["times"]]
            st = B.score_times(by_doc[d]["times"], preds, rng)
            tg = B.score_targets(by_doc[d]["targets"], [t for c in out["clauses"] for t in c["targets"]], rng)["strict"]
            ag = B.score_agencies(by_doc[d]["agencies"], out["clauses"], rng)
            ok = out.get("issued") == gold["identity"][d]["issued"]
            acc = tot[kind]
            acc["times"][0] += st["correct"]
            acc["times"][1] += st["gold"]
            for i in range(3):
                acc["targets"][i] += tg[i]
                acc["agencies"][i] += ag[i]
            acc["issued"][0] += ok
            acc["issued"][1] += 1
            per_doc[d][kind] = {"times_correct": st["correct"], "targets_tp": tg[0], "agencies_tp": ag[0], "issued_ok": ok}

    def f1(tp: int, npred: int, ngold: int) -> float | None:
        return round(2 * tp / (npred + ngold), 4) if npred + ngold else None

    summary = {k: {"time_normalization_accuracy": round(v["times"][0] / v["times"][1], 4) if v["times"][1] else None,
                   "targets_strict_f1": f1(*v["targets"]), "targets_tp_pred_gold": v["targets"],
                   "agencies_name_role_f1": f1(*v["agencies"]), "agencies_tp_pred_gold": v["agencies"],
                   "issued_right": f"{v['issued'][0]}/{v['issued'][1]}"} for k, v in tot.items()}
    report = {"what": " ".join(__doc__.split("\n\n")[2].split()), "parts": args.parts, "documents": len(docs),
              "summary": summary,
              "documents_worse_than_original": {d: {k: v for k, v in r.items() if k != "original" and v != r["original"]}
                                                for d, r in per_doc.items() if any(v != r["original"] for v in r.values())}}
    write_json_atomic(args.out, report)
    print(json.dumps(summary, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()

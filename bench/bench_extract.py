"""Benchmark the extractors on the hand-annotated gold set ``annotations/extraction/``.

Time expressions: yigai, jionlp and dateparser side by side in one process, on the same
clauses (the pipeline's segmentation of each gold document, every clause kind), every
system given the gold reference date of the document. Also, yigai only: quantitative
targets, responsible agencies (both from the whole pipeline, ``tag_document``) and the
document identity. Figures are reported for the ``dev`` part, the ``heldout``, ``fresh`` and
``fresh2`` parts (blind when annotated; their errors were read to improve the target rules in
sessions 6 and 7, so they are no longer blind), the blind ``fresh3`` part and all documents.

    python bench/bench_extract.py --out bench/results/extract.json [--reps 3] [--no-peers]

Metrics (times)
- span recall: share of gold expressions overlapped by at least one predicted span;
- normalization accuracy: share of ALL gold expressions that are found AND whose value
  equals the gold value at day level (an open gold side - a deadline's null start, a
  start's null end - is don't-care; a null gold value needs a null predicted value);
- span precision: share of predicted spans (inside the annotated range) overlapping a gold span;
- speed: clauses per second over the same clauses, after a warm-up pass, best of ``--reps``.
Targets: one-to-one matching of overlapping spans; ``strict`` needs metric (spaces and
punctuation stripped), comparator, value and unit equal; ``strict_either`` is strict with the
metric equal to either annotator's (the gold metric or the independent second pass of
``metric_second_pass.jsonl``; where a target has no second pass, only the gold one);
``metric_overlap`` needs one metric to contain the other; ``no_metric`` drops the metric;
``value_unit`` needs only value and unit. Agencies: (group, name, role) triples.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import logging
import os
import platform
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

GOLD = REPO / "annotations" / "extraction"
DOCS = REPO / "annotations" / "docs"
SYN_DOCS = REPO / "annotations" / "synthetic" / "docs"  # the synthetic local documents (syn_*) of the synth part


def doc_path(doc: str) -> Path:
    return (SYN_DOCS if doc.startswith("syn_") else DOCS) / f"{doc}.txt"
PARTS = ("dev", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "synth", "synth2", "synth3", "synth4", "synth5", "synth6", "synth7", "synth8", "synth9", "synth10", "synth11", "synth12", "synth13", "synth14", "synth15", "synth16", "synth17", "synth18", "synth19", "synth20", "synth21", "synth22", "synth23", "synth24", "synth25", "synth26", "synth27", "synth28", "synth29", "all")  # fresh3: annotated blind, never read by a rule writer; all: every document

# --------------------------------------------------------------------------- gold


def load_gold(root: Path = GOLD) -> dict[str, Any]:
    """Read ``docs.json`` and the four JSONL files into one dict."""
    meta = json.loads((root / "docs.json").read_text(encoding="utf-8"))

    def rows(name: str) -> list[dict]:
        return [json.loads(x) for x in (root / name).read_text(encoding="utf-8").splitlines() if x.strip()]

    second = {(r["doc"], r["start"], r["end"]): r["metric"] for r in rows("metric_second_pass.jsonl")} \
        if (root / "metric_second_pass.jsonl").exists() else {}
    targets = [{**t, "metric2": second.get((t["doc"], t["start"], t["end"]))} for t in rows("targets.jsonl")]
    return {
        "docs": {d["doc"]: d for d in meta["documents"]},
        "times": rows("times.jsonl"),
        "targets": targets,
        "agencies": rows("agencies.jsonl"),
        "identity": {r["doc"]: r for r in rows("identity.jsonl")},
    }


def docs_of(gold: dict, part: str) -> list[str]:
    return sorted(d for d, info in gold["docs"].items() if part == "all" or info["part"] == part)


def load_units(doc_id: str, rng: tuple[int, int]):
    """The loaded Document and its clauses ``(start, end, text)`` that overlap ``rng``."""
    from nlp.io.text import load_text
    from nlp.segment import segment

    doc = load_text(doc_path(doc_id))
    segment(doc)
    lo, hi = rng
    units = [(c.start, c.end, c.text) for c in doc.clauses if c.end > lo and c.start < hi]
    return doc, units


# --------------------------------------------------------------------------- systems
# Each system: f(text, ref_date_or_None, ctx) -> list of {"start","end","text","value": (s,e)|None}


def _yigai_factory(cyclic: bool, annual: bool = False) -> Callable:
    from nlp.extract.times import extract_times

    def run(text: str, ref: dt.date | None) -> list[dict]:
        out = []
        for t in extract_times(text, ref, cyclic=cyclic, annual=annual):
            val = None if t.type == "recurring" or (t.value_start is None and t.value_end is None) else (t.value_start, t.value_end)
            out.append({"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": val})
        return out

    return run


def _jio_date(s: str | None) -> str | None:
    if not s or "inf" in str(s):
        return None
    return str(s)[:10]


def _jionlp_factory() -> Callable:
    import jionlp

    def run(text: str, ref: dt.date | None) -> list[dict]:
        kw = {}
        if ref is not None:
            kw["time_base"] = time.mktime(ref.timetuple())
        try:
            res = jionlp.ner.extract_time(text, **kw)
        except Exception:  # jionlp raises on some inputs; count as nothing found
            return []
        out = []
        for r in res:
            det = (r.get("detail") or {}).get("time")
            val = None
            if isinstance(det, (list, tuple)) and len(det) == 2:
                s, e = _jio_date(det[0]), _jio_date(det[1])
                val = None if s is None and e is None else (s, e)
            a, b = r["offset"]
            out.append({"start": a, "end": b, "text": r["text"], "type": r.get("type"), "value": val})
        return out

    return run


def _dp_expand(d: dt.datetime, period: str | None) -> tuple[str, str]:
    day = d.date()
    if period == "year":
        return f"{day.year:04d}-01-01", f"{day.year:04d}-12-31"
    if period == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return f"{day.year:04d}-{day.month:02d}-01", f"{day.year:04d}-{day.month:02d}-{last:02d}"
    return day.isoformat(), day.isoformat()


def _dateparser_factory() -> tuple[Callable, Callable]:
    """(search, normalize): ``search`` is what is timed; ``normalize`` adds the period (granularity)."""
    from dateparser import DateDataParser
    from dateparser.search import search_dates

    def settings(ref: dt.date | None) -> dict:
        s: dict[str, Any] = {"PREFER_DATES_FROM": "current_period"}
        if ref is not None:
            s["RELATIVE_BASE"] = dt.datetime(ref.year, ref.month, ref.day)
        return s

    def search(text: str, ref: dt.date | None):
        try:
            return search_dates(text, languages=["zh"], settings=settings(ref)) or []
        except Exception:
            return []

    def normalize(text: str, ref: dt.date | None, found) -> list[dict]:
        out, cur = [], 0
        ddp = DateDataParser(languages=["zh"], settings=settings(ref))
        for sub, when in found:
            a = text.find(sub, cur)
            if a < 0:
                a = text.find(sub)
            if a < 0:
                continue
            cur = a + len(sub)
            try:
                period = ddp.get_date_data(sub).period
            except Exception:
                period = None
            s, e = _dp_expand(when, period)
            out.append({"start": a, "end": a + len(sub), "text": sub, "type": period, "value": (s, e)})
        return out

    return search, normalize


# --------------------------------------------------------------------------- scoring


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def value_matches(gold_value: dict | None, pred_value: tuple | None) -> bool:
    """Day-level comparison; an open gold side (null start or end next to a set one) is don't-care."""
    if gold_value is None:
        return pred_value is None
    if pred_value is None:
        return False
    gs, ge = gold_value.get("start"), gold_value.get("end")
    ps, pe = pred_value
    ok_s = gs is None and ge is not None or gs == ps
    ok_e = ge is None and gs is not None or ge == pe
    return bool(ok_s and ok_e)


def score_times(gold_rows: list[dict], preds: list[dict], rng: tuple[int, int]) -> dict[str, Any]:
    """Counts for one document: gold, found, correct, predicted (inside rng), predicted_ok."""
    lo, hi = rng
    preds = [p for p in preds if p["start"] < hi and p["end"] > lo]
    found = correct = 0
    misses, wrong = [], []
    for g in gold_rows:
        over = [p for p in preds if _overlap(g["start"], g["end"], p["start"], p["end"])]
        if over:
            found += 1
            if any(value_matches(g["value"], p["value"]) for p in over):
                correct += 1
            else:
                wrong.append({"gold": g["text"], "type": g["type"], "gold_value": g["value"], "start": g["start"],
                              "pred": [(p["text"], p["value"]) for p in over]})
        else:
            misses.append({"gold": g["text"], "type": g["type"], "start": g["start"]})
    pred_ok = sum(1 for p in preds if any(_overlap(g["start"], g["end"], p["start"], p["end"]) for g in gold_rows))
    return {"gold": len(gold_rows), "found": found, "correct": correct, "predicted": len(preds),
            "predicted_ok": pred_ok, "misses": misses, "wrong": wrong}


def summarize_times(counts: list[dict]) -> dict[str, Any]:
    g = sum(c["gold"] for c in counts)
    f = sum(c["found"] for c in counts)
    ok = sum(c["correct"] for c in counts)
    p = sum(c["predicted"] for c in counts)
    pok = sum(c["predicted_ok"] for c in counts)
    return {
        "gold": g, "predicted": p,
        "span_recall": round(f / g, 4) if g else None,
        "normalization_accuracy": round(ok / g, 4) if g else None,
        "span_precision": round(pok / p, 4) if p else None,
    }


def run_times(system: Callable, units: list, ref: dt.date | None) -> list[dict]:
    """Run one system over the clauses and shift its spans into document offsets."""
    out = []
    for start, _end, text in units:
        for p in system(text, ref):
            out.append({**p, "start": p["start"] + start, "end": p["end"] + start})
    return out


_PUNCT = re.compile(r"[\s\u3000,，.。;；:：、!！?？\"'“”‘’()（）《》〈〉<>\[\]【】〔〕{}—\-_/·…]")


def norm_metric(s: str | None) -> str:
    return _PUNCT.sub("", s or "")


def _num_eq(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-9


def target_key_match(g: dict, p: dict, mode: str) -> bool:
    if not (_num_eq(g["value"], p.get("value")) and (g["unit"] or None) == (p.get("unit") or None)):
        return False
    if mode == "value_unit":
        return True
    if g["comparator"] != p.get("comparator"):
        return False
    if mode == "strict":
        return norm_metric(g["metric"]) == norm_metric(p.get("metric"))
    if mode == "strict_either":
        return norm_metric(p.get("metric")) in {norm_metric(g["metric"]), norm_metric(g.get("metric2") or g["metric"])}
    if mode == "metric_overlap":
        # the same measured thing named with more or fewer words: one metric contains the other
        a, b = norm_metric(g["metric"]), norm_metric(p.get("metric"))
        return bool(a and b and (a in b or b in a))
    return True


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | None]:
    p = tp / n_pred if n_pred else None
    r = tp / n_gold if n_gold else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"precision": None if p is None else round(p, 4), "recall": None if r is None else round(r, 4),
            "f1": None if f is None else round(f, 4), "tp": tp, "predicted": n_pred, "gold": n_gold}


def score_targets(gold_rows: list[dict], preds: list[dict], rng: tuple[int, int]) -> dict[str, tuple[int, int, int]]:
    lo, hi = rng
    preds = [p for p in preds if p["start"] < hi and p["end"] > lo]
    out = {}
    for mode in ("strict", "strict_either", "metric_overlap", "no_metric", "value_unit"):
        used: set[int] = set()
        tp = 0
        for g in gold_rows:
            for i, p in enumerate(preds):
                if i in used or not _overlap(g["start"], g["end"], p["start"], p["end"]):
                    continue
                if target_key_match(g, p, mode):
                    used.add(i)
                    tp += 1
                    break
        out[mode] = (tp, len(preds), len(gold_rows))
    return out


def _name(s: str) -> str:
    return re.sub(r"\s+", "", s)


def score_agencies(gold_rows: list[dict], clauses: list[dict], rng: tuple[int, int], *, roles: bool = True) -> tuple[int, int, int]:
    """(tp, predicted, gold) over (gold group, name, role) triples; ``roles=False``: (group, name) pairs."""
    lo, hi = rng
    gold = Counter()
    for i, g in enumerate(gold_rows):
        for role in ("lead", "support", "responsible"):
            for n in g[role]:
                gold[(i, _name(n), role if roles else "")] += 1
    pred = Counter()
    for c in clauses:
        if not (c["start"] < hi and c["end"] > lo):
            continue
        ag = c.get("agencies") or {}
        if not any(ag.get(r) for r in ("lead", "support", "responsible")):
            continue
        groups = [i for i, g in enumerate(gold_rows) if _overlap(g["start"], g["end"], c["start"], c["end"])]
        key = groups[0] if groups else ("clause", c["start"])
        for role in ("lead", "support", "responsible"):
            for n in ag.get(role, []):
                pred[(key, _name(n), role if roles else "")] += 1
    tp = sum((gold & pred).values())
    return tp, sum(pred.values()), sum(gold.values())


IDENTITY_FIELDS = ("issued", "doc_number", "region", "title", "issuer")


def _id_norm(v: Any) -> str | None:
    if v is None:
        return None
    return re.sub(r"[\s、，,]+", "", str(v)) or None  # joint issuers: "A B" = "A、B"


# --------------------------------------------------------------------------- main


def machine_info() -> dict[str, Any]:
    info = {"platform": platform.platform(), "python": platform.python_version(),
            "cpu_count": os.cpu_count(), "processor": platform.processor() or None}
    try:
        info["cpu_affinity"] = len(os.sched_getaffinity(0))
    except Exception:  # pragma: no cover - not on every OS
        pass
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return info


def versions() -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("yigai", "jionlp", "dateparser"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = None
    if out["yigai"] is None:  # running from a checkout that is not pip-installed
        import tomllib

        out["yigai"] = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"] + " (checkout)"
    return out


def _parse_ref(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def evaluate(gold: dict, *, peers: bool = True, reps: int = 3, progress: bool = True) -> dict[str, Any]:
    """Run every system on the gold documents and return the full result dict."""
    from tqdm import tqdm

    from nlp.extract.times import is_annual_plan, is_standing_rule
    from nlp.pipeline import tag_document

    logging.getLogger().setLevel(logging.CRITICAL)  # jionlp logs tracebacks to the root logger
    docs = sorted(gold["docs"])
    by_doc: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for layer in ("times", "targets", "agencies"):
        for r in gold[layer]:
            by_doc[r["doc"]][layer].append(r)

    systems: dict[str, Callable] = {}
    dp_norm = None
    if peers:
        systems["jionlp"] = _jionlp_factory()
        dp_search, dp_norm = _dateparser_factory()
        systems["dateparser"] = dp_search

    per_doc: dict[str, dict[str, Any]] = {}
    all_units: list[tuple[str, dt.date | None, bool, tuple]] = []
    pipeline_out: dict[str, dict] = {}
    for d in tqdm(docs, desc="documents", disable=not progress, file=sys.stderr):
        info = gold["docs"][d]
        rng = tuple(info["range"])
        ref = _parse_ref(info["ref"])
        doc, units = load_units(d, rng)
        # yigai end to end: identity, its own reference date, targets, agencies
        tagged = tag_document(doc)
        out = tagged.to_dict()
        pipeline_out[d] = out
        cyclic = is_standing_rule(tagged.identity.title)
        annual = is_annual_plan(tagged.identity.title)
        sys_preds: dict[str, list[dict]] = {"yigai": run_times(_yigai_factory(cyclic, annual), units, ref)}
        if peers:
            sys_preds["jionlp"] = run_times(systems["jionlp"], units, ref)
            dp = []
            for start, _end, text in units:
                found = systems["dateparser"](text, ref)
                for p in dp_norm(text, ref, found):
                    dp.append({**p, "start": p["start"] + start, "end": p["end"] + start})
            sys_preds["dateparser"] = dp
        sys_preds["yigai_pipeline"] = [
            {"start": t["start"], "end": t["end"], "text": t["text"], "type": t["type"],
             "value": None if t["value"] is None or (t["value"]["start"] is None and t["value"]["end"] is None)
             else (t["value"]["start"], t["value"]["end"])}
            for c in out["clauses"] for t in c["times"]
        ]
        per_doc[d] = {
            "part": info["part"], "range": rng, "ref": info["ref"], "cyclic": cyclic,
            "times": {s: score_times(by_doc[d]["times"], p, rng) for s, p in sys_preds.items()},
            "targets": score_targets(by_doc[d]["targets"], [t for c in out["clauses"] for t in c["targets"]], rng),
            "agencies": score_agencies(by_doc[d]["agencies"], out["clauses"], rng),
            "agency_names": score_agencies(by_doc[d]["agencies"], out["clauses"], rng, roles=False),
            "identity": {f: (_id_norm(out.get(f)) == _id_norm(gold["identity"][d].get(f)), out.get(f), gold["identity"][d].get(f))
                         for f in IDENTITY_FIELDS},
        }
        for u in units:
            all_units.append((d, ref, (cyclic, annual), u))

    result: dict[str, Any] = {"times": {}, "targets": {}, "agencies": {}, "identity": {}}
    sys_names = list(next(iter(per_doc.values()))["times"].keys())
    for part in PARTS:
        ds = docs_of(gold, part)
        if not ds:
            continue  # a part named before its gold is written
        result["times"][part] = {s: summarize_times([per_doc[d]["times"][s] for d in ds]) for s in sys_names}
        # yigai accuracy by gold type
        by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for d in ds:
            c = per_doc[d]["times"]["yigai"]
            for g in by_doc[d]["times"]:
                by_type[g["type"]][1] += 1
            for err in c["misses"] + c["wrong"]:
                by_type[err["type"]][0] += 1
        result["times"][part]["yigai_accuracy_by_type"] = {
            t: round(1 - errs / n, 4) for t, (errs, n) in sorted(by_type.items())}
        tg = {}
        for mode in ("strict", "strict_either", "metric_overlap", "no_metric", "value_unit"):
            tp = sum(per_doc[d]["targets"][mode][0] for d in ds)
            np_ = sum(per_doc[d]["targets"][mode][1] for d in ds)
            ng = sum(per_doc[d]["targets"][mode][2] for d in ds)
            tg[mode] = prf(tp, np_, ng)
        # the same, split by document kind: local plans/task lists vs national documents
        for kind, keep in (("local", lambda d: not d.startswith("nat_")), ("national", lambda d: d.startswith("nat_"))):
            kd = [d for d in ds if keep(d)]
            if kd:
                tg[f"by_kind_{kind}"] = {"documents": len(kd), **{
                    mode: prf(sum(per_doc[d]["targets"][mode][0] for d in kd), sum(per_doc[d]["targets"][mode][1] for d in kd),
                              sum(per_doc[d]["targets"][mode][2] for d in kd))
                    for mode in ("strict", "strict_either", "metric_overlap", "no_metric", "value_unit")}}
        result["targets"][part] = tg
        result["agencies"][part] = {}
        for key, label in (("agencies", "name_role"), ("agency_names", "name_only")):
            tp = sum(per_doc[d][key][0] for d in ds)
            result["agencies"][part][label] = prf(tp, sum(per_doc[d][key][1] for d in ds), sum(per_doc[d][key][2] for d in ds))
        result["identity"][part] = {
            f: round(sum(per_doc[d]["identity"][f][0] for d in ds) / len(ds), 4) for f in IDENTITY_FIELDS}

    # ---------------------------------------------------------------- speed
    speed: dict[str, Any] = {}
    yigai_cache: dict[tuple[bool, bool], Callable] = {(c, a): _yigai_factory(c, a) for c in (True, False) for a in (True, False)}
    timed: dict[str, Callable] = {"yigai": lambda text, ref, cyc: yigai_cache[cyc](text, ref)}
    if peers:
        timed["jionlp"] = lambda text, ref, cyc: systems["jionlp"](text, ref)
        timed["dateparser"] = lambda text, ref, cyc: systems["dateparser"](text, ref)
    n_chars = sum(len(u[3][2]) for u in all_units)
    for name, fn in timed.items():
        for _d, ref, cyc, u in all_units[:50]:  # warm-up (jionlp loads its dictionaries on first use)
            fn(u[2], ref, cyc)
        best = None
        for _ in tqdm(range(reps), desc=f"timing {name}", disable=not progress, file=sys.stderr):
            t0 = time.perf_counter()
            for _d, ref, cyc, u in all_units:
                fn(u[2], ref, cyc)
            el = time.perf_counter() - t0
            best = el if best is None else min(best, el)
        speed[name] = {"clauses": len(all_units), "chars": n_chars, "reps": reps, "best_seconds": round(best, 3),
                       "clauses_per_second": round(len(all_units) / best, 1), "chars_per_second": round(n_chars / best, 1)}
    result["speed"] = speed

    # ---------------------------------------------------------------- data and errors
    data = {"documents": {}, "parts": {}}
    for part in PARTS:
        ds = docs_of(gold, part)
        if not ds:
            continue
        data["parts"][part] = {
            "documents": len(ds),
            "times": sum(len(by_doc[d]["times"]) for d in ds),
            "time_types": dict(Counter(r["type"] for d in ds for r in by_doc[d]["times"])),
            "targets": sum(len(by_doc[d]["targets"]) for d in ds),
            "target_kinds": dict(Counter(r["kind"] for d in ds for r in by_doc[d]["targets"])),
            "agency_groups": sum(len(by_doc[d]["agencies"]) for d in ds),
            "clauses": sum(1 for u in all_units if u[0] in ds),
        }
    for d in docs:
        info = gold["docs"][d]
        data["documents"][d] = {"part": info["part"], "kind": info.get("kind"), "range": info["range"],
                                "full": info["full"], "ref": info["ref"]}
    result["data"] = data
    result["yigai_errors"] = {
        d: {"misses": per_doc[d]["times"]["yigai"]["misses"], "wrong": per_doc[d]["times"]["yigai"]["wrong"],
            "identity": {f: {"pred": v[1], "gold": v[2]} for f, v in per_doc[d]["identity"].items() if not v[0]}}
        for d in docs
    }
    result["per_document_times"] = {
        d: {s: {k: v for k, v in c.items() if k not in ("misses", "wrong")} for s, c in per_doc[d]["times"].items()}
        for d in docs
    }
    result["notes"] = [
        "All systems get the gold reference date (issue date) of each document; 'yigai_pipeline' uses the date "
        "its own identity step found (end to end).",
        "Times run per clause of the pipeline's segmentation (every clause kind, so headers/signatures are included).",
        "dateparser: search_dates is timed; its granularity (year/month/day) comes from DateDataParser.get_date_data "
        "on each found string (not timed) so that a year or month can be compared as a span.",
        "jionlp: [start, end] datetimes are cut to dates; '-inf'/'inf' sides become open; time_period / time_delta "
        "results have no value (comparable to recurring / unresolved gold).",
    ]
    return result


def print_table(res: dict[str, Any]) -> None:
    print("\nTime expressions (span recall / normalization accuracy / span precision)")
    systems = [s for s in res["times"]["all"] if s != "yigai_accuracy_by_type"]
    parts = [p for p in PARTS if p in res["times"]]  # a part registered before its gold is built has no figures yet
    print(f"{'system':16s}" + "".join(f"{p:>24s}" for p in parts))
    for s in systems:
        row = f"{s:16s}"
        for p in parts:
            m = res["times"][p][s]
            row += f"{m['span_recall']:>8.3f}{m['normalization_accuracy']:>8.3f}{(m['span_precision'] or 0):>8.3f}"
        print(row)
    print("\nSpeed (clauses/s, best of reps): " + ", ".join(
        f"{k} {v['clauses_per_second']:.0f}" for k, v in res["speed"].items()))
    print("\nTargets F1 (strict / strict_either / metric_overlap / no_metric / value_unit), agencies F1, identity accuracy")
    for p in parts:
        t = res["targets"][p]
        print(f"  {p:8s} targets {t['strict']['f1']} / {t['strict_either']['f1']} / {t['metric_overlap']['f1']} / {t['no_metric']['f1']} / {t['value_unit']['f1']}"
              f"   agencies {res['agencies'][p]['name_role']['f1']} (names only {res['agencies'][p]['name_only']['f1']})"
              f"   identity {res['identity'][p]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark time/target/agency/identity extraction on the gold set.")
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "extract.json"))
    ap.add_argument("--reps", type=int, default=3, help="timing repetitions (best is reported)")
    ap.add_argument("--no-peers", action="store_true", help="yigai only (no jionlp / dateparser)")
    ap.add_argument("--quiet", action="store_true", help="no progress bars")
    args = ap.parse_args(argv)
    gold = load_gold()
    res = evaluate(gold, peers=not args.no_peers, reps=args.reps, progress=not args.quiet)
    res["machine"] = machine_info()
    res["versions"] = versions()
    res["command"] = "python bench/bench_extract.py " + " ".join(argv if argv is not None else sys.argv[1:])
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print_table(res)
    print(f"\nwritten {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

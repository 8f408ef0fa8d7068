"""The extraction gold set (``annotations/extraction/``) is well formed, and yigai stays above its floor.

One parametrized case per gold row: offsets match the decoded document text, fields are
well formed, types / comparators / kinds are in the allowed sets (spec/extraction.md).
``test_dev_normalization_floor`` runs the time extractor on the DEV documents only and fails
when its normalization accuracy drops below the floor measured when the gold set was made.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "annotations" / "extraction"
DOCS = REPO / "annotations" / "docs"
SYN_DOCS = REPO / "annotations" / "synthetic" / "docs"  # the synthetic local documents (syn_*) of the synth part


def doc_path(doc: str) -> Path:
    return (SYN_DOCS if doc.startswith("syn_") else DOCS) / f"{doc}.txt"

TIME_TYPES = {"date", "deadline", "start", "period", "recurring"}
EVERY = {"year", "quarter", "month", None}
COMPARATORS = {">=", "<=", "~", "=", "range", "increase", "decrease"}
KINDS = {"target", "actual"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LOCAL = {
    "cixi-2020-sanyi-liandong", "zhengzhou-2020-yigongti-jiedu", "chenzhou-2021-health-14th-plan",
    "harbin-2017-public-hospital-reform", "ningde-2023-key-tasks",
}

#: yigai's DEV normalization accuracy when the gold set was made (0.750) minus a small margin
DEV_NORMALIZATION_FLOOR = 0.72


def _rows(name: str) -> list[dict]:
    return [json.loads(x) for x in (GOLD / name).read_text(encoding="utf-8").splitlines() if x.strip()]


META = json.loads((GOLD / "docs.json").read_text(encoding="utf-8"))
DOC_INFO = {d["doc"]: d for d in META["documents"]}
TIMES = _rows("times.jsonl")
TARGETS = _rows("targets.jsonl")
AGENCIES = _rows("agencies.jsonl")
IDENTITY = _rows("identity.jsonl")


@lru_cache(maxsize=None)
def doc_text(doc: str) -> str:
    from nlp.io.text import load_text

    return load_text(doc_path(doc)).text


def _id(r: dict) -> str:
    return f"{r['doc']}@{r['start']}"


def _iso_or_none(v) -> bool:
    if v is None:
        return True
    if not (isinstance(v, str) and ISO.match(v)):
        return False
    dt.date.fromisoformat(v)
    return True


def _check_span(r: dict) -> None:
    assert r["doc"] in DOC_INFO, f"{r['doc']} not listed in docs.json"
    text = doc_text(r["doc"])
    assert 0 <= r["start"] < r["end"] <= len(text)
    assert text[r["start"]:r["end"]] == r["text"], f"offsets give {text[r['start']:r['end']]!r}, row says {r['text']!r}"
    lo, hi = DOC_INFO[r["doc"]]["range"]
    assert lo <= r["start"] and r["end"] <= hi, "outside the annotated range"


@pytest.mark.parametrize("row", TIMES, ids=[_id(r) for r in TIMES])
def test_time_row(row: dict) -> None:
    _check_span(row)
    assert row["type"] in TIME_TYPES
    assert row["ref"] == DOC_INFO[row["doc"]]["ref"]
    v = row["value"]
    if row["type"] == "recurring":
        assert v is None and "every" in row and row["every"] in EVERY
        return
    assert "every" not in row
    if v is None:
        return
    assert set(v) == {"start", "end"} and _iso_or_none(v["start"]) and _iso_or_none(v["end"])
    assert v["start"] is not None or v["end"] is not None, "an empty value is written as null"
    if v["start"] and v["end"]:
        assert v["start"] <= v["end"]
    if row["type"] == "deadline":
        assert v["start"] is None and v["end"] is not None, "a deadline has only an end (spec §5)"
    if row["type"] == "start":
        assert v["end"] is None and v["start"] is not None, "a start has only a start (spec §5)"
    if row["type"] == "date":
        assert v["start"] is not None and v["end"] is not None


@pytest.mark.parametrize("row", TARGETS, ids=[_id(r) for r in TARGETS])
def test_target_row(row: dict) -> None:
    _check_span(row)
    assert row["comparator"] in COMPARATORS and row["kind"] in KINDS
    assert isinstance(row["value"], (int, float)) and not isinstance(row["value"], bool)
    if row["comparator"] == "range":
        assert isinstance(row["value_max"], (int, float)) and row["value_max"] > row["value"]
    else:
        assert row["value_max"] is None
    assert row["unit"] is None or (isinstance(row["unit"], str) and row["unit"].strip() == row["unit"] != "")
    assert row["metric"] is None or (isinstance(row["metric"], str) and row["metric"])
    assert row["year"] is None or (isinstance(row["year"], int) and 1949 <= row["year"] <= 2100)


@pytest.mark.parametrize("row", AGENCIES, ids=[_id(r) for r in AGENCIES])
def test_agency_row(row: dict) -> None:
    _check_span(row)
    names = row["lead"] + row["support"] + row["responsible"]
    assert names, "an agency group names at least one agency"
    assert all(isinstance(n, str) and n.strip() == n and n for n in names)
    assert len(set(names)) == len(names), "an agency has one role per group"
    if row["responsible"] and (row["lead"] or row["support"]):
        # the README's one exception: `牵头单位:A;配合单位:C;责任单位:B` keeps B responsible beside A and C
        text = row["text"]
        assert "牵头" in text and "配合" in text and "责任" in text, \
            "responsible is used beside lead/support only under 牵头/配合/责任 labels"


@pytest.mark.parametrize("row", IDENTITY, ids=[r["doc"] for r in IDENTITY])
def test_identity_row(row: dict) -> None:
    assert row["doc"] in DOC_INFO
    assert set(row) == {"doc", "issued", "doc_number", "region", "title", "issuer"}
    assert _iso_or_none(row["issued"])
    assert row["title"], "every document has a title"
    assert row["issued"] == DOC_INFO[row["doc"]]["ref"], "the reference date is the issue date"
    if row["doc_number"] is not None:
        assert " " not in row["doc_number"], "doc_number drops stray spaces (spec §5)"
    if row["doc"].startswith("nat_"):
        assert row["region"] is None, "region is null for national issuers (spec §5)"


def test_docs_json_coverage() -> None:
    parts = META["parts"]
    names = ["dev", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "synth", "synth2", "synth3", "synth4", "synth5", "synth6", "synth7", "synth8", "synth9", "synth10", "synth11", "synth12", "synth13", "synth14", "synth15", "synth16", "synth17", "synth18", "synth19", "synth20", "synth21", "synth22", "synth23", "synth24", "synth25", "synth26", "synth27", "synth28", "synth29"]
    assert set(parts) == set(names)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not set(parts[a]) & set(parts[b]), f"{a} and {b} share documents"
    assert set().union(*(set(parts[p]) for p in names)) == set(DOC_INFO)
    assert LOCAL <= set(DOC_INFO), "all five local documents are in the gold"
    assert {"ningde-2023-key-tasks", "harbin-2017-public-hospital-reform"} <= set(parts["heldout"])
    assert sum(d.startswith("nat_") for d in parts["heldout"]) >= 3
    assert sum(d.startswith("nat_") for d in DOC_INFO) >= 5
    for d, info in DOC_INFO.items():
        assert info["part"] in names
        assert info["range"][0] == 0 and info["range"][1] <= len(doc_text(d))
        assert info["full"] == (info["range"][1] == len(doc_text(d)))
    assert len(TIMES) >= 300 and len(TARGETS) >= 100 and len(AGENCIES) >= 40


def test_gold_matches_sources() -> None:
    """The JSONL files are exactly what ``build.py`` makes from ``src/`` (nobody edited one side only)."""
    spec = importlib.util.spec_from_file_location("gold_build", GOLD / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    rebuilt: dict[str, list] = {"times": [], "targets": [], "agencies": [], "identity": []}
    for src in sorted((GOLD / "src").glob("*.txt")):
        parsed = build.parse_source(src)
        for layer in ("times", "targets", "agencies"):
            rebuilt[layer].extend(parsed[layer])
        rebuilt["identity"].append(parsed["identity"])
    assert rebuilt["times"] == TIMES
    assert rebuilt["targets"] == TARGETS
    assert rebuilt["agencies"] == AGENCIES
    assert rebuilt["identity"] == IDENTITY


def _bench():
    spec = importlib.util.spec_from_file_location("bench_extract", REPO / "bench" / "bench_extract.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_value_matching_rules() -> None:
    b = _bench()
    assert b.value_matches({"start": None, "end": "2021-03-31"}, ("2020-08-20", "2021-03-31"))  # open start = don't care
    assert not b.value_matches({"start": None, "end": "2021-03-31"}, (None, "2021-03-30"))
    assert b.value_matches(None, None) and not b.value_matches(None, ("2020-01-01", "2020-12-31"))
    assert not b.value_matches({"start": "2020-01-01", "end": "2020-12-31"}, ("2020-01-01", None))


def test_dev_normalization_floor() -> None:
    """yigai's time extractor on the DEV documents (same clauses and reference dates as the benchmark)."""
    b = _bench()
    from nlp.extract.times import extract_times, is_standing_rule
    from nlp.identity import identify

    gold = b.load_gold()
    counts = []
    for d in b.docs_of(gold, "dev"):
        info = gold["docs"][d]
        rng = tuple(info["range"])
        doc, units = b.load_units(d, rng)
        identify(doc)
        cyclic = is_standing_rule(doc.identity.title)
        ref = dt.date.fromisoformat(info["ref"]) if info["ref"] else None
        preds = []
        for start, _end, text in units:
            for t in extract_times(text, ref, cyclic=cyclic):
                val = None if t.type == "recurring" or (t.value_start is None and t.value_end is None) else (t.value_start, t.value_end)
                preds.append({"start": t.start + start, "end": t.end + start, "text": t.text, "value": val})
        counts.append(b.score_times([r for r in gold["times"] if r["doc"] == d], preds, rng))
    acc = b.summarize_times(counts)["normalization_accuracy"]
    assert acc >= DEV_NORMALIZATION_FLOOR, f"dev normalization accuracy {acc:.3f} < floor {DEV_NORMALIZATION_FLOOR}"


def test_target_match_modes() -> None:
    b = _bench()
    g = {"value": 70, "unit": "%", "comparator": ">=", "metric": "医疗机构覆盖率", "metric2": "开展DIP收付费的医疗机构覆盖率"}
    p = {"value": 70.0, "unit": "%", "comparator": ">=", "metric": "开展 DIP收付费的医疗机构覆盖率"}
    assert not b.target_key_match(g, p, "strict")
    assert b.target_key_match(g, p, "strict_either")  # the second annotator's metric, spaces dropped
    assert not b.target_key_match({**g, "metric2": None}, p, "strict_either")
    assert b.target_key_match({**g, "metric2": None}, p, "metric_overlap")
    assert not b.target_key_match(g, {**p, "comparator": "<="}, "strict_either")


def test_second_pass_covers_every_gold_target() -> None:
    """Each gold target has exactly one second-pass metric, keyed by its span, with the same text."""
    rows = [json.loads(x) for x in (GOLD / "metric_second_pass.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    keys = [(r["doc"], r["start"], r["end"]) for r in rows]
    assert len(keys) == len(set(keys))
    no_second = set(META["parts"]["synth3"]) | set(META["parts"]["fresh4"]) | set(META["parts"].get("synth4", [])) | set(META["parts"].get("synth5", [])) | set(META["parts"].get("synth6", [])) | set(META["parts"].get("synth7", [])) | set(META["parts"].get("synth8", [])) | set(META["parts"].get("synth9", [])) | set(META["parts"].get("synth10", [])) | set(META["parts"].get("synth11", [])) | set(META["parts"].get("synth12", [])) | set(META["parts"].get("synth13", [])) | set(META["parts"].get("synth14", [])) | set(META["parts"].get("synth15", [])) | set(META["parts"].get("synth16", [])) | set(META["parts"].get("synth17", [])) | set(META["parts"].get("synth18", [])) | set(META["parts"].get("synth19", [])) | set(META["parts"].get("synth20", [])) | set(META["parts"].get("synth21", [])) | set(META["parts"].get("synth22", [])) | set(META["parts"].get("synth23", [])) | set(META["parts"].get("synth24", [])) | set(META["parts"].get("synth25", [])) | set(META["parts"].get("synth26", [])) | set(META["parts"].get("synth27", [])) | set(META["parts"].get("synth28", [])) | set(META["parts"].get("synth29", []))  # never given a second pass
    gold = {(t["doc"], t["start"], t["end"]): t["text"] for t in TARGETS if t["doc"] not in no_second}
    assert set(keys) == set(gold)
    assert all(gold[k] == r["text"] and r["metric"].strip() for k, r in zip(keys, rows))

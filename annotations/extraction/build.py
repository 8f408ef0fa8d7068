"""Build the extraction gold set (``*.jsonl``, ``docs.json``) from the hand-written sources in ``src/``.

The sources are what the annotator wrote while reading each document; this script only
turns them into offset-based JSON and checks them. Run from the repository root::

    python annotations/extraction/build.py          # writes annotations/extraction/*.jsonl
    python annotations/extraction/build.py --show   # also prints every item with context

Source format (one file per document, ``src/<doc>.txt``; ``#`` starts a comment line)::

    # doc: cixi-2020-sanyi-liandong
    # part: dev                      (dev | heldout | fresh)
    # kind: local notice / plan / ... (free text)
    # range: 0-11295                 (optional: annotated character range; default whole text)
    # layers: times targets agencies  (layers exhaustively annotated inside the range)
    # issued: 2020-08-20 | doc_number: ... | region: ... | title: ... | issuer: ...   ('-' = null)
    # ref: 2020-08-20                (reference date used for relative expressions; '-' = none)
    T <span>[ ~ <context>] | <type> | <value...>
    G <span>[ ~ <context>] | <metric> | <comparator> | <value> | <value_max> | <unit> | <kind> | <year>
    A <span>[ ~ <context>] | <lead、...> | <support、...> | <responsible、...>

Each layer (T/G/A) keeps its own cursor: rows are listed in document order and a span is
searched from the end of the previous row of that layer (inside the first occurrence of
``<context>`` when one is given; ``⏎`` in a span or context stands for a line break). Time values: ``date 2020`` (the year), ``date 2020-08``
(the month), ``date 2020-08-18``; ``deadline 2021-03`` (end = last day of the month);
``start 2020-10`` (start = first day); ``period 2020 | 2022``; ``-`` for an open side;
``null`` for an unresolvable value; ``recurring year|quarter|month|null`` (``every``).
"""

from __future__ import annotations

import argparse
import calendar
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DOCS = REPO / "annotations" / "docs"
SYN_DOCS = REPO / "annotations" / "synthetic" / "docs"  # the synthetic local documents (syn_*) of the synth part


def doc_path(doc: str) -> Path:
    return (SYN_DOCS if doc.startswith("syn_") else DOCS) / f"{doc}.txt"

TIME_TYPES = {"date", "deadline", "start", "period", "recurring"}
COMPARATORS = {">=", "<=", "~", "=", "range", "increase", "decrease"}
KINDS = {"target", "actual"}
EVERY = {"year", "quarter", "month", None}
PARTS = ("dev", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "synth", "synth2", "synth3", "synth4", "synth5", "synth6", "synth7", "synth8", "synth9", "synth10", "synth11", "synth12", "synth13", "synth14", "synth15", "synth16", "synth17", "synth18", "synth19", "synth20", "synth21", "synth22", "synth23", "synth24", "synth25", "synth26", "synth27", "synth28", "synth29")  # fresh*, synth*: annotated blind; see README for which are tuning data now


class SourceError(Exception):
    pass


def _first(iso: str) -> str:
    parts = iso.split("-")
    if len(parts) == 1:
        return f"{int(parts[0]):04d}-01-01"
    if len(parts) == 2:
        return f"{int(parts[0]):04d}-{int(parts[1]):02d}-01"
    return f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"


def _last(iso: str) -> str:
    parts = iso.split("-")
    if len(parts) == 1:
        return f"{int(parts[0]):04d}-12-31"
    if len(parts) == 2:
        y, m = int(parts[0]), int(parts[1])
        return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"
    return f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"


def parse_time_value(fields: list[str]) -> tuple[str, dict | None, str | None]:
    """``['deadline', '2021-03']`` → ``('deadline', {'start': None, 'end': '2021-03-31'}, None)``."""
    typ = fields[0]
    if typ not in TIME_TYPES:
        raise SourceError(f"unknown time type {typ!r}")
    args = fields[1:]
    if typ == "recurring":
        every = args[0] if args else "null"
        every = None if every == "null" else every
        if every not in EVERY:
            raise SourceError(f"bad every {every!r}")
        return typ, None, every
    if not args or args[0] == "null":
        return typ, None, None
    if typ == "date":
        a = args[0]
        b = args[1] if len(args) > 1 else a
        return typ, {"start": _first(a), "end": _last(b)}, None
    if typ == "deadline":
        return typ, {"start": None, "end": _last(args[-1])}, None
    if typ == "start":
        return typ, {"start": _first(args[0]), "end": None}, None
    # period
    a, b = args[0], args[1]
    return typ, {"start": None if a == "-" else _first(a), "end": None if b == "-" else _last(b)}, None


def _num(s: str):
    if s in ("-", "null", ""):
        return None
    v = float(s)
    return int(v) if v.is_integer() else v


def _list(s: str) -> list[str]:
    """``A、B（市、区）`` → ``['A', 'B（市、区）']`` (no split inside brackets)."""
    s = s.strip()
    if s in ("", "-"):
        return []
    out, cur, depth = [], "", 0
    for ch in s:
        if ch in "（(〔[":
            depth += 1
        elif ch in "）)〕]":
            depth -= 1
        if ch == "、" and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    out.append(cur.strip())
    return [x for x in out if x]


def _none(s: str):
    s = s.strip()
    return None if s in ("-", "null", "") else s


def parse_source(path: Path) -> dict:
    """Read one ``src/<doc>.txt`` file and resolve every row to document offsets."""
    from nlp.io.text import load_text

    meta: dict = {}
    rows: list[tuple[int, str, str]] = []
    for ln, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("#"):
            body = line[1:].strip()
            if ":" in body and body.split(":", 1)[0].strip() in {"doc", "part", "kind", "range", "layers", "ref", "note"}:
                k, v = body.split(":", 1)
                meta[k.strip()] = v.strip()
            elif body.startswith("issued:"):
                ident = {}
                for part in body.split(" | "):
                    k, v = part.split(":", 1)
                    ident[k.strip()] = _none(v)
                meta["identity"] = ident
            continue
        rows.append((ln, line[0], line[1:].strip()))
    doc = meta["doc"]
    text = load_text(doc_path(doc)).text
    lo, hi = 0, len(text)
    if meta.get("range"):
        lo, hi = (int(x) for x in meta["range"].split("-"))
    cursors = {"T": lo, "G": lo, "A": lo}
    out = {"times": [], "targets": [], "agencies": []}
    ref = _none(meta.get("ref", "-"))
    for ln, layer, body in rows:
        where = f"{path.name}:{ln}"
        fields = [f.strip() for f in body.split(" | ")]
        head = fields[0].replace("⏎", "\n")  # ⏎ writes a line break inside a context
        if " ~ " in head:
            span, ctx = head.split(" ~ ", 1)
        else:
            span, ctx = head, head
        if span not in ctx:
            raise SourceError(f"{where}: span {span!r} not inside context {ctx!r}")
        cpos = text.find(ctx, cursors[layer], hi)
        if cpos < 0:
            raise SourceError(f"{where}: {ctx!r} not found after offset {cursors[layer]}")
        start = cpos + ctx.index(span)
        end = start + len(span)
        cursors[layer] = end
        if layer == "T":
            typ, value, every = parse_time_value(fields[1:])
            row = {"doc": doc, "start": start, "end": end, "text": span, "type": typ, "value": value}
            if typ == "recurring":
                row["every"] = every
            row["ref"] = ref
            out["times"].append(row)
        elif layer == "G":
            metric, cmp_, value, vmax, unit, kind, year = fields[1:8]
            if cmp_ not in COMPARATORS or kind not in KINDS:
                raise SourceError(f"{where}: bad comparator/kind {cmp_!r}/{kind!r}")
            out["targets"].append({
                "doc": doc, "start": start, "end": end, "text": span, "metric": _none(metric),
                "comparator": cmp_, "value": _num(value), "value_max": _num(vmax), "unit": _none(unit),
                "kind": kind, "year": None if _none(year) is None else int(year),
            })
        elif layer == "A":
            lead, support, resp = (fields[1:4] + ["", "", ""])[:3]
            out["agencies"].append({
                "doc": doc, "start": start, "end": end, "text": span,
                "lead": _list(lead), "support": _list(support), "responsible": _list(resp),
            })
        else:
            raise SourceError(f"{where}: unknown layer {layer!r}")
    ident = {"doc": doc, **{k: meta.get("identity", {}).get(k) for k in ("issued", "doc_number", "region", "title", "issuer")}}
    docinfo = {
        "doc": doc,
        "part": meta.get("part"),
        "kind": meta.get("kind"),
        "ref": ref,
        "range": [lo, hi],
        "full": (lo, hi) == (0, len(text)),
        "chars": len(text),
        "layers": meta.get("layers", "times targets agencies").split(),
        "note": meta.get("note"),
    }
    return {"doc": docinfo, "identity": ident, **out, "text": text}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print every item with its context")
    ap.add_argument("--only", help="build/show only this document")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(REPO))
    allrows = {"times": [], "targets": [], "agencies": [], "identity": []}
    docs = []
    for src in sorted((HERE / "src").glob("*.txt")):
        if args.only and src.stem != args.only:
            continue
        try:
            parsed = parse_source(src)
        except SourceError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        text = parsed.pop("text")
        docs.append(parsed["doc"])
        allrows["identity"].append(parsed["identity"])
        for layer in ("times", "targets", "agencies"):
            for r in parsed[layer]:
                assert text[r["start"]:r["end"]] == r["text"]
                allrows[layer].append(r)
                if args.show:
                    a, b = r["start"], r["end"]
                    ctx = (text[max(0, a - 12):a] + "[" + text[a:b] + "]" + text[b:b + 12]).replace("\n", "⏎")
                    extra = {k: v for k, v in r.items() if k not in ("doc", "start", "end", "text", "ref")}
                    print(f"{layer[0].upper()} {r['doc']}@{a}: {ctx}  {json.dumps(extra, ensure_ascii=False)}")
    if args.only:
        return 0
    for layer in ("times", "targets", "agencies", "identity"):
        with open(HERE / f"{layer}.jsonl", "w", encoding="utf-8") as f:
            for r in allrows[layer]:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    parts = {p: sorted(d["doc"] for d in docs if d["part"] == p) for p in PARTS}
    unknown = sorted({d["part"] for d in docs} - set(PARTS))
    if unknown:
        print(f"error: unknown part(s) {unknown}", file=sys.stderr)
        return 1
    with open(HERE / "docs.json", "w", encoding="utf-8") as f:
        json.dump({"parts": parts, "documents": docs}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(docs)} documents: " + ", ".join(f"{len(allrows[k])} {k}" for k in allrows), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

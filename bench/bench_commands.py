"""Whole-command wall times, model load included: what an analyst or a batch job waits for.

Usage::

    python bench/bench_commands.py [--reps 2] [--out bench/results/commands.json]

Runs, each in a fresh process (best of ``--reps``):

* ``yigai tag <largest local document> -o FILE`` with the shipped default model
  (issue #4 goal: under 15 s on these machines, model load included);
* ``yigai timeline --records data/catalogue/policies.jsonl -o FILE --html FILE`` with the
  default model: 1,925 catalogue records tagged and put on a timeline (issue #5 goal: under
  60 s), checking that every record with a date has its ``issued`` event.

The load average before each run is recorded: the figures are only comparable on an idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
LARGEST_LOCAL = REPO / "annotations" / "docs" / "chenzhou-2021-health-14th-plan.txt"
CATALOGUE = REPO / "data" / "catalogue" / "policies.jsonl"


def run(cmd: list[str], reps: int) -> dict:
    best, loads = None, []
    for _ in range(reps):
        loads.append(round(os.getloadavg()[0], 2))
        t = time.perf_counter()
        p = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        dt = time.perf_counter() - t
        if p.returncode != 0:
            raise SystemExit(f"bench_commands: {' '.join(cmd)} failed: {p.stderr.strip().splitlines()[-1:]}")
        best = dt if best is None else min(best, dt)
    return {"command": " ".join(cmd[2:]) if cmd[:2] == [sys.executable, "-m"] else " ".join(cmd), "best_seconds": round(best, 2), "reps": reps, "loadavg_1min_before": loads}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "commands.json"))
    args = ap.parse_args()
    yigai = [sys.executable, "-m", "nlp.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        tag = run(yigai + ["tag", str(LARGEST_LOCAL.relative_to(REPO)), "-o", str(t / "tag.json")], args.reps)
        doc = json.loads((t / "tag.json").read_text(encoding="utf-8"))
        tag.update({"characters": len(LARGEST_LOCAL.read_text(encoding="utf-8")), "clauses": len(doc["clauses"]),
                    "clauses_with_themes": sum(1 for c in doc["clauses"] if c["themes"]), "goal_seconds": 15})
        tl = run(yigai + ["timeline", "--records", str(CATALOGUE.relative_to(REPO)), "-o", str(t / "tl.json"), "--html", str(t / "tl.html")], args.reps)
        data = json.loads((t / "tl.json").read_text(encoding="utf-8"))
        records = [json.loads(x) for x in CATALOGUE.read_text(encoding="utf-8").splitlines() if x.strip()]
        dated = sum(1 for r in records if r.get("date"))
        issued = sum(1 for e in data["events"] if e.get("type") == "issued")
        tl.update({"records": len(records), "records_with_date": dated, "issued_events": issued,
                   "events": len(data["events"]), "events_with_themes": sum(1 for e in data["events"] if e.get("themes")), "goal_seconds": 60})
    report = {
        "tag_largest_local_document": tag,
        "timeline_catalogue_records": tl,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "note": "wall time of a fresh process each, model load included; default model, default precision (auto)",
    }
    from nlp.io.atomic import write_json_atomic

    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    write_json_atomic(args.out, report)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

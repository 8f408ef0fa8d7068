"""One progress bar style for long jobs (stderr; refreshed less often when stderr is a log file)."""

from __future__ import annotations

import sys
from typing import Any


def progress_bar(**kw: Any) -> Any:
    """A tqdm bar on stderr (``desc``, ``unit``, ``total`` ... as tqdm takes them)."""
    from tqdm import tqdm

    tty = sys.stderr.isatty()
    kw.setdefault("mininterval", 0.5 if tty else 15.0)
    return tqdm(file=sys.stderr, dynamic_ncols=True, **kw)

"""One progress bar style for long jobs (stderr; refreshed less often when stderr is a log file)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterable, Iterator


def progress_bar(**kw: Any) -> Any:
    """A tqdm bar on stderr (``desc``, ``unit``, ``total`` ... as tqdm takes them)."""
    from tqdm import tqdm

    tty = sys.stderr.isatty()
    kw.setdefault("mininterval", 0.5 if tty else 15.0)
    return tqdm(file=sys.stderr, dynamic_ncols=True, **kw)


def records_total(path: str | Path) -> int | None:
    """A records file's non-blank lines (a progress bar's total); None when it cannot be read
    (the reader then reports the file with its own one-line error)."""
    from nlp.io.records import count_records

    try:
        return count_records(path)
    except OSError:
        return None


def ticking(items: Iterable[Any], bar: Any) -> Iterator[Any]:
    """Yield ``items``, advancing ``bar`` by one for each."""
    for item in items:
        bar.update(1)
        yield item

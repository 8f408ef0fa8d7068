"""Time expressions of Chinese policy text (spec/extraction.md §2, §5): the public entry points.

Two separate steps, so a span can be found once and resolved against any date:

* :func:`find_times` (in :mod:`nlp.extract.timefind`) finds spans and parses them into a
  reference-free :class:`TimeSpan`;
* :func:`normalize` (in :mod:`nlp.extract.timenorm`) resolves them against an explicit
  reference date (the document's issue date, or ``--ref-date``; ``None`` = undated).

:func:`extract_times` does both.  Nothing here reads the clock.

>>> import datetime as dt
>>> [(t.text, t.type, t.value_start, t.value_end) for t in extract_times("到今年底完成", dt.date(2023, 6, 29))]
[('到今年底', 'deadline', None, '2023-12-31')]
"""

from __future__ import annotations

import datetime as dt

from nlp.doc import TimeExpr
from nlp.extract.timefind import TimePoint, TimeSpan, find_times
from nlp.extract.timenorm import is_standing_rule, normalize

__all__ = ["TimePoint", "TimeSpan", "find_times", "normalize", "extract_times", "is_standing_rule"]


def extract_times(text: str, ref: dt.date | None = None, *, cyclic: bool = False) -> list[TimeExpr]:
    """Find and resolve the time expressions of ``text`` (usually one clause).

    ``ref`` is the reference date (None: relative expressions stay unresolved); ``cyclic``
    is True inside standing rules (see :func:`is_standing_rule`).  Offsets are relative to
    ``text``.

    >>> [(t.text, t.type, t.value_start, t.value_end) for t in extract_times("2020年10月起执行")]
    [('2020年10月起', 'start', '2020-10-01', None)]
    """
    return normalize(find_times(text), ref, cyclic=cyclic)

"""Matching through the stray spaces that PDF and web extraction leave inside words.

Each extractor decides which spaces are strays (its own pattern); this module removes them
and keeps the original index of every kept character, so spans found in the compact text
map back to the text the user gave.
"""

from __future__ import annotations

import re


def drop_matches(text: str, pattern: re.Pattern[str], group: int = 0) -> tuple[str, list[int]]:
    """``text`` without the characters of ``pattern``'s matches (their ``group``), and the
    original index of each kept character.

    >>> drop_matches("不 超过5 %", re.compile(r"(?<=\\S)( )(?=\\S)"), 1)
    ('不超过5%', [0, 2, 3, 4, 6])
    """
    drop: set[int] = set()
    for m in pattern.finditer(text):
        drop.update(range(m.start(group), m.end(group)))
    pos = [i for i in range(len(text)) if i not in drop]
    return "".join(text[i] for i in pos), pos

"""Matching through the stray spaces that PDF and web extraction leave inside words.

Each extractor decides which spaces are strays (its own pattern); this module removes them
and keeps the original index of every kept character, so spans found in the compact text
map back to the text the user gave.
"""

from __future__ import annotations

import re
from typing import Iterable

# A printed page number as PDF extraction leaves it on a line of its own (`— 3 —`, `- 3 -`, `-3-`): page
# furniture between two paragraphs (nlp/segment.py), or inside a sentence wrapped across two pages, where the
# extractors read through it (times, agency brackets).
PAGE_NUMBER = r"[—–\-－]{1,2}\s*\d{1,3}\s*[—–\-－]{1,2}"
# The same, or the page counted in words (`第3页`, `第 3 页 共 12 页`)
PAGE_MARK = rf"(?:{PAGE_NUMBER}|第\s*\d{{1,3}}\s*页(?:\s*[,，]?\s*共\s*\d{{1,3}}\s*页)?)"


# Full-width digits (２０２５年, ６５％, a serial cell １) read as ASCII, one character for one so offsets hold
FULLWIDTH_DIGITS = {chr(0xFF10 + i): str(i) for i in range(10)}
ASCII_DIGITS = str.maketrans(FULLWIDTH_DIGITS)


# A single space that PDF extraction left where a printed line wrapped (`卫生行政 部门`, `2021 年`, `97. 78%`,
# `67 .49`, `（ 预期性）`): between two non-ASCII characters, or between one and a digit or %, or beside a decimal point.
# A space next to a Latin word (`DRG DIP`) or between two numbers (`2020 2025`, `２０２２-０１-０１ １５:４７`) is kept.
_D = "0-9\uff10-\uff19"  # a digit, ASCII or full-width
_STRAY_SPACE = re.compile(
    rf"(?<=[^\x00-\x7f\s{_D}])[ \xa0](?=[^\x00-\x7f\s{_D}]|[{_D}%％])|(?<=[{_D}%％])[ \xa0](?=[^\x00-\x7f\s{_D}])"
    rf"|(?<=[{_D}][.．])[ \xa0](?=[{_D}])|(?<=[{_D}])[ \xa0](?=[.．][{_D}])"
)


def stray_spaces(text: str) -> list[int]:
    """Offsets of the stray spaces in ``text`` (see ``_STRAY_SPACE``).

    >>> stray_spaces("卫生行政 部门2021 年达到97. 78%（ 预期性） DRG DIP")
    [4, 11, 18, 23]
    """
    return [m.start() for m in _STRAY_SPACE.finditer(text)]


def drop_matches(text: str, pattern: re.Pattern[str], group: int = 0) -> tuple[str, list[int]]:
    """``text`` without the characters of ``pattern``'s matches (their ``group``), and the
    original index of each kept character.

    >>> drop_matches("不 超过5 %", re.compile(r"(?<=\\S)( )(?=\\S)"), 1)
    ('不超过5%', [0, 2, 3, 4, 6])
    """
    drop: set[int] = set()
    for m in pattern.finditer(text):
        drop.update(range(m.start(group), m.end(group)))
    return drop_at(text, drop)


def drop_at(text: str, drop: Iterable[int]) -> tuple[str, list[int]]:
    """``text`` without the characters at the offsets ``drop``, and the original index of each kept
    character.

    >>> drop_at("县卫生健 康局", [4])
    ('县卫生健康局', [0, 1, 2, 3, 5, 6])
    """
    gone = set(drop)
    pos = [i for i in range(len(text)) if i not in gone]
    return "".join(text[i] for i in pos), pos

"""The one data model that flows through every stage of yigai.

text → :class:`Document` (with :class:`Identity`) → :class:`Clause` list →
themes / times / targets / agencies → JSON (``spec/output.md``).

Every ``start``/``end`` stored on any object here is a character offset into
``Document.text`` (the whole decoded document), never into a clause.
Extractors work on a clause's own text and return clause-relative offsets;
:meth:`shift` moves them into document coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass
class TimeExpr:
    """A time expression (spec/extraction.md §2).

    ``value_start``/``value_end`` are ISO dates or None. ``every`` is set for
    ``type == "recurring"`` ("year" | "quarter" | "month" | None).
    """

    text: str
    start: int
    end: int
    type: str  # date | deadline | start | period | recurring
    value_start: str | None = None
    value_end: str | None = None
    granularity: str | None = None  # day | month | quarter | halfyear | year | fiveyear | ...
    every: str | None = None

    def shift(self, offset: int) -> "TimeExpr":
        return replace(self, start=self.start + offset, end=self.end + offset)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "value": {"start": self.value_start, "end": self.value_end},
            "granularity": self.granularity,
        }
        if self.type == "recurring":
            d["value"] = None
            d["every"] = self.every
        return d


@dataclass
class Target:
    """A quantitative target or reported figure (spec/extraction.md §3)."""

    text: str
    start: int
    end: int
    metric: str | None
    comparator: str  # >= <= ~ = range increase decrease
    value: float | None
    value_max: float | None = None
    unit: str | None = None
    kind: str = "target"  # target | actual
    year: int | None = None

    def shift(self, offset: int) -> "Target":
        return replace(self, start=self.start + offset, end=self.end + offset)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "metric": self.metric,
            "comparator": self.comparator,
            "value": _num(self.value),
            "value_max": _num(self.value_max),
            "unit": self.unit,
            "kind": self.kind,
            "year": self.year,
        }


def _num(x: float | None) -> float | int | None:
    """Whole numbers are written as ints (``65`` not ``65.0``)."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


@dataclass
class Agencies:
    """Responsible agencies of a clause (spec/extraction.md §4)."""

    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.lead or self.support or self.responsible)

    def to_dict(self) -> dict[str, list[str]]:
        return {"lead": list(self.lead), "support": list(self.support), "responsible": list(self.responsible)}


@dataclass
class Theme:
    label: str
    name: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "name": self.name, "score": round(float(self.score), 4)}


#: clause kinds that carry content: only these get targets, agencies and themes
#: (chrome and boilerplate get times only)
CONTENT_KINDS = ("body", "heading", "table_row")


@dataclass
class Clause:
    """The smallest numbered or sentence-level unit that states one measure."""

    id: str
    start: int
    end: int
    text: str
    path: list[str] = field(default_factory=list)  # heading texts above this clause, outermost first
    kind: str = "body"  # body | heading | table_row | boilerplate | chrome
    themes: list[Theme] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    agencies: Agencies = field(default_factory=Agencies)
    scores: dict[str, float] | None = None  # every label's score, only with --all-scores

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "path": list(self.path),
            "kind": self.kind,
            "themes": [t.to_dict() for t in self.themes],
            "times": [t.to_dict() for t in self.times],
            "targets": [t.to_dict() for t in self.targets],
            "agencies": self.agencies.to_dict(),
        }
        if self.scores is not None:
            d["scores"] = {k: round(float(v), 4) for k, v in self.scores.items()}
        return d


@dataclass
class DateCandidate:
    """One candidate for the document's issue date, with the rule that found it."""

    date: str  # ISO YYYY-MM-DD
    rule: str  # header_written | signature | printed | header_issued | promulgated | revised | web_posted | date_line | page_meta
    start: int | None  # None for a date that is not in the text (an HTML page's <meta> date)
    end: int | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "rule": self.rule, "start": self.start, "end": self.end, "text": self.text}


@dataclass
class Identity:
    """Who issued the document, when, under which number (spec/extraction.md §1)."""

    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    region: str | None = None
    issued: str | None = None
    issued_rule: str | None = None  # which rule chose ``issued``
    candidates: list[DateCandidate] = field(default_factory=list)


@dataclass
class Document:
    """A policy document: its decoded text, where it came from, and what was found in it."""

    text: str
    source: str
    doc_id: str = ""
    identity: Identity = field(default_factory=Identity)
    clauses: list[Clause] = field(default_factory=list)
    ref_date: str | None = None  # the date relative expressions were resolved against
    model: dict[str, Any] = field(default_factory=lambda: {"name": None, "version": None})
    meta: dict[str, Any] = field(default_factory=dict)  # loader facts: encoding, format, url ...

    def to_dict(self) -> dict[str, Any]:
        ident = self.identity
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "title": ident.title,
            "issuer": ident.issuer,
            "doc_number": ident.doc_number,
            "region": ident.region,
            "issued": ident.issued,
            "issued_rule": ident.issued_rule,
            "issued_candidates": [c.to_dict() for c in ident.candidates],
            "ref_date": self.ref_date,
            "model": dict(self.model),
            "clauses": [c.to_dict() for c in self.clauses],
        }

"""Build the reform timeline (spec/output.md, ``timeline``) from tagged documents.

Input is what ``yigai tag`` writes (``Document.to_dict()``), so a timeline can be built
from tag outputs on disk without re-tagging.
"""

from __future__ import annotations

from typing import Any, Iterable

#: time types that become events of their own
EVENT_TYPES = ("deadline", "start", "period", "date")


def _theme_ids(clause: dict[str, Any]) -> list[str]:
    return [t["label"] for t in clause.get("themes", [])]


DOC_THEME_SHARE = 0.10  # a label is a document theme when it tags >= 10% of its tagged clauses


def document_themes(doc: dict[str, Any], share: float = DOC_THEME_SHARE) -> list[str]:
    """The document's themes for its ``issued`` event: every label tagged on at least ``share`` of the
    clauses that carry any theme (at least one clause), most frequent first (ties: label order of first use).

    A catalogue record (title + summary, a clause or two) gets the labels of its clauses; a long plan
    gets its main themes, not every label some clause touches.
    """
    counts: dict[str, int] = {}
    tagged = 0
    for clause in doc.get("clauses", []):
        ids = _theme_ids(clause)
        if ids:
            tagged += 1
        for i in ids:
            counts[i] = counts.get(i, 0) + 1
    if not tagged:
        return []
    need = max(1.0, share * tagged)
    # counts keeps the order of first use; sorted() is stable, so ties keep it too
    return [k for k in sorted(counts, key=lambda k: -counts[k]) if counts[k] >= need]


def document_events(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """All events of one tagged document: its issue date, every dated time expression, and
    every target (dated by its year when the clause has no date of its own)."""
    events: list[dict[str, Any]] = []
    doc_id = doc.get("doc_id")
    if doc.get("issued"):
        events.append(
            {
                "doc_id": doc_id,
                "clause_id": None,
                "type": "issued",
                "start": doc["issued"],
                "end": doc["issued"],
                "text": doc.get("title") or "",
                "themes": document_themes(doc),
                "targets": [],
                "agencies": {},
            }
        )
    for clause in doc.get("clauses", []):
        themes = _theme_ids(clause)
        agencies = {k: v for k, v in (clause.get("agencies") or {}).items() if v}
        targets = clause.get("targets", [])
        dated_target_years: set[int] = set()
        for t in clause.get("times", []):
            if t.get("type") not in EVENT_TYPES:
                continue
            value = t.get("value") or {}
            start, end = value.get("start"), value.get("end")
            # targets due by this expression's year travel with it
            year = int((end or start or "0")[:4] or 0) or None
            own = [g for g in targets if g.get("year") is not None and g.get("year") == year]
            dated_target_years.update(g["year"] for g in own)
            events.append(
                {
                    "doc_id": doc_id,
                    "clause_id": clause.get("id"),
                    "type": t["type"],
                    "start": start,
                    "end": end,
                    "text": t.get("text", ""),
                    "clause_text": clause.get("text", ""),
                    "themes": themes,
                    "targets": own,
                    "agencies": agencies,
                }
            )
        for g in targets:
            if g.get("year") in dated_target_years:
                continue
            y = g.get("year")
            events.append(
                {
                    "doc_id": doc_id,
                    "clause_id": clause.get("id"),
                    "type": "target",
                    "start": f"{y:04d}-01-01" if y else None,
                    "end": f"{y:04d}-12-31" if y else None,
                    "text": g.get("text", ""),
                    "clause_text": clause.get("text", ""),
                    "themes": themes,
                    "targets": [g],
                    "agencies": agencies,
                }
            )
    return events


def sort_key(event: dict[str, Any]) -> tuple:
    """Sorted by ``end`` (then ``start``, then ``doc_id``); events without a date come last.
    An event with only a start sorts by its start."""
    end = event.get("end") or event.get("start")
    start = event.get("start") or event.get("end")
    return (end is None, end or "", start or "", event.get("doc_id") or "", event.get("clause_id") or "")


def build_timeline(tagged: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """One timeline object for a set of tagged documents (``Document.to_dict()`` dicts)."""
    documents = []
    events = []
    for doc in tagged:
        documents.append(
            {
                "doc_id": doc.get("doc_id"),
                "title": doc.get("title"),
                "region": doc.get("region"),
                "issued": doc.get("issued"),
                "issuer": doc.get("issuer"),
                "doc_number": doc.get("doc_number"),
                "source": doc.get("source"),
            }
        )
        events.extend(document_events(doc))
    events.sort(key=sort_key)
    return {"documents": documents, "events": events}

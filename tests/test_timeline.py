"""Timeline events: the document-level themes carried by each document's ``issued`` event."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.timeline import build_timeline, document_themes

GOLDEN = Path(__file__).resolve().parent / "golden" / "document_themes.jsonl"
CASES = [json.loads(x) for x in GOLDEN.read_text(encoding="utf-8").splitlines() if x.strip() and not x.startswith("#")]


def _doc(labels_per_clause: list[list[str]], issued: str | None = "2023-06-29") -> dict:
    clauses = [
        {"id": f"c{i:04d}", "text": "x", "themes": [{"label": lab, "name": lab, "score": 0.9} for lab in labs], "times": [], "targets": [], "agencies": {}}
        for i, labs in enumerate(labels_per_clause, 1)
    ]
    return {"doc_id": "d1", "title": "t", "issued": issued, "region": None, "clauses": clauses}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["case"])
def test_document_themes(case):
    assert document_themes(_doc(case["clauses"])) == case["expect"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["case"])
def test_issued_event_carries_the_document_themes(case):
    tl = build_timeline([_doc(case["clauses"])])
    issued = [e for e in tl["events"] if e["type"] == "issued"]
    assert len(issued) == 1 and issued[0]["themes"] == case["expect"]

"""Segmenter tests: every corpus document segments cleanly; numbering, chrome, tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.doc import Document
from nlp.io.text import load_text
from nlp.segment import segment

DOCS = Path(__file__).resolve().parent.parent / "annotations" / "docs"
DOC_FILES = sorted(DOCS.glob("*.txt"))


@pytest.mark.parametrize("path", DOC_FILES, ids=[p.name for p in DOC_FILES])
def test_segment_corpus_offsets_no_overlap_no_empty(path):
    doc = segment(load_text(path))
    assert doc.clauses, "no clauses"
    prev_end = 0
    for k, c in enumerate(doc.clauses):
        assert c.id == f"c{k:04d}"
        assert c.text and c.text == c.text.strip()
        assert doc.text[c.start : c.end] == c.text
        assert c.start >= prev_end
        assert c.kind in {"body", "heading", "table_row", "boilerplate", "chrome"}
        prev_end = c.end

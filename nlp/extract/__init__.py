"""Rule-based extractors: time expressions, quantitative targets, responsible agencies.

Each extractor works on a piece of text (usually one clause) and returns objects of
:mod:`nlp.doc` with offsets relative to that text; the pipeline shifts them into
document coordinates.
"""

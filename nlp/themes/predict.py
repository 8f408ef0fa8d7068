"""Tagging clauses with themes: :class:`ThemeClassifier`, :func:`load_classifier`, :func:`classify_document`.

Prediction tokenizes ``(context, clause)`` pairs exactly as in training (see
:func:`nlp.themes.data.model_inputs`), sorts them by length, runs
length-homogeneous batches under ``torch.inference_mode`` and applies the
per-label thresholds stored in ``thresholds.json`` (or the caller's). A model
directory with a blend (``baseline.safetensors`` + ``baseline.json``, see
:mod:`nlp.themes.blend`) serves ``w * encoder + (1 - w) * TF-IDF baseline``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
import torch

from nlp.doc import Clause, Document, Theme
from nlp.errors import ModelError
from nlp.themes.data import TAGGED_KINDS, model_inputs
from nlp.themes.fast import CHECK_MARGIN
from nlp.themes.model import read_model_dir, set_threads


def encode_pairs(tokenizer: Any, pairs: Sequence[tuple[str, str]], max_length: int, prefix: str = "") -> list[list[int]]:
    """Token ids of ``(context, clause)`` pairs (single segment when the context is empty), no padding.

    ``prefix`` (a model's ``input_prefix``, e.g. e5's ``"query: "``) opens the first segment."""
    if prefix:
        pairs = prefixed(pairs, prefix)
    out: list[list[int] | None] = [None] * len(pairs)
    with_ctx = [i for i, (c, _) in enumerate(pairs) if c]
    without = [i for i, (c, _) in enumerate(pairs) if not c]
    if with_ctx:
        enc = tokenizer([pairs[i][0] for i in with_ctx], [pairs[i][1] for i in with_ctx], truncation="longest_first", max_length=max_length)
        for i, ids in zip(with_ctx, enc["input_ids"]):
            out[i] = ids
    if without:
        enc = tokenizer([pairs[i][1] for i in without], truncation=True, max_length=max_length)
        for i, ids in zip(without, enc["input_ids"]):
            out[i] = ids
    return [o if o is not None else [] for o in out]


def prefixed(pairs: Sequence[tuple[str, str]], prefix: str) -> list[tuple[str, str]]:
    """``pairs`` with ``prefix`` before the first non-empty segment (the context, else the clause)."""
    return [(prefix + c, t) if c else ("", prefix + t) for c, t in pairs]


def length_batches(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """Indices grouped into batches of similar length (longest first)."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


def pad_batch(seqs: Sequence[Sequence[int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``(input_ids, attention_mask)`` right-padded to the longest sequence."""
    n = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), n), pad_id, dtype=torch.long)
    mask = torch.zeros((len(seqs), n), dtype=torch.long)
    for r, s in enumerate(seqs):
        ids[r, : len(s)] = torch.tensor(s, dtype=torch.long)
        mask[r, : len(s)] = 1
    return ids, mask


class ThemeClassifier:
    """A loaded theme classifier. Build it with :func:`load_classifier`."""

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        labels: list[tuple[str, str]],
        thresholds: dict[str, float],
        config: dict[str, Any],
        path: Path | None = None,
        blend: Any = None,
    ):
        self.model = model.eval()
        self.blend = blend  # nlp.themes.blend.Blend or None (encoder alone)
        self.tokenizer = tokenizer
        self.labels = labels
        self.label_ids = [i for i, _ in labels]
        self.label_names = dict(labels)
        self.thresholds = dict(thresholds)
        self.config = config
        self.path = path
        self.engine = "transformers"
        self.precision = "fp32"
        self.check_model: Any = None  # float32 network re-scoring clauses near a threshold (bf16-checked)
        self.check_margin = CHECK_MARGIN
        self.rechecked = 0  # clauses re-scored by check_model so far
        tc = config.get("train_config", {})
        self.context = tc.get("context", "title+path")
        self.max_context_chars = int(tc.get("max_context_chars", 120))
        self.max_length = int(tc.get("max_length", 160))
        self.input_prefix = str(tc.get("input_prefix", "") or "")
        self.name = tc.get("name", "yigai-themes")
        self.version = tc.get("version", "0")
        pad = tokenizer.pad_token_id
        self.pad_id = int(pad) if pad is not None else 0

    # ------------------------------------------------------------------ scores
    def scores(
        self,
        items: Iterable[Any],
        *,
        title: str | None = None,
        batch_size: int = 32,
        progress: bool = False,
        thresholds: np.ndarray | None = None,
    ) -> np.ndarray:
        """The served scores, float32 [n_items, n_labels] in ``self.label_ids`` order.

        Sigmoid scores of the encoder, or with a blend ``w * encoder + (1 - w) * baseline``.
        ``items``: strings, :class:`nlp.doc.Clause` objects, annotation examples or
        dicts with ``text`` (+ optional ``path``, ``title``); ``title`` is the
        document title for items without one. With a float32 check network
        (precision ``bf16-checked``), items with a served score within ``check_margin``
        of its threshold (``thresholds``, default the stored ones) are re-scored in float32.
        """
        return self.score_parts(items, title=title, batch_size=batch_size, progress=progress, thresholds=thresholds)["model"]

    def score_parts(
        self,
        items: Iterable[Any],
        *,
        title: str | None = None,
        batch_size: int = 32,
        progress: bool = False,
        thresholds: np.ndarray | None = None,
    ) -> dict[str, np.ndarray]:
        """``{"model": served scores, "encoder": the encoder's, "baseline": the TF-IDF baseline's or None}``.

        Without a blend ``model`` and ``encoder`` are the same array. The bf16 re-check
        is decided on the served score: a bf16 error ``e`` of the encoder moves a blended
        score by ``w * e``, so the margin is ``w * check_margin`` and the float32 labels are
        kept whenever ``e < check_margin``, as without a blend (rows re-scored in float32
        have float32 ``encoder`` scores; the ``encoder`` scores of the other rows are bf16).
        """
        pairs = model_inputs(list(items), self.context, self.max_context_chars, title=title)
        n = len(pairs)
        enc = np.zeros((n, len(self.labels)), dtype=np.float32)
        base: np.ndarray | None = None
        if self.blend is not None:
            from nlp.themes.blend import pair_texts

            base = self.blend.baseline.scores(pair_texts(pairs)) if n else np.zeros_like(enc)
        if n == 0:
            return {"model": enc if base is None else enc.copy(), "encoder": enc, "baseline": base}
        seqs = encode_pairs(self.tokenizer, pairs, self.max_length, self.input_prefix)
        self._run(self.model, seqs, list(range(n)), enc, batch_size, progress)
        out = enc if base is None else self._blend(enc, base)
        if self.check_model is not None:
            th = thresholds if thresholds is not None else np.array([self.thresholds[k] for k in self.label_ids], dtype=np.float32)
            # a bf16 error e of the encoder moves a blended score by w * e: the margin scales with w
            margin = self.check_margin * (float(self.blend.weight) if self.blend is not None else 1.0)
            near = np.flatnonzero((np.abs(out - th[None, :]) < margin).any(1))
            if near.size:
                self._run(self.check_model, seqs, near.tolist(), enc, batch_size, False)
                self.rechecked += int(near.size)
                if base is not None:
                    out[near] = self._blend(enc[near], base[near])
        return {"model": out, "encoder": enc, "baseline": base}

    def _blend(self, enc: np.ndarray, base: np.ndarray) -> np.ndarray:
        from nlp.themes.blend import blend_scores

        return blend_scores(enc, base, self.blend.weight)

    def _run(self, net: Any, seqs: list[list[int]], rows: list[int], out: np.ndarray, batch_size: int, progress: bool) -> None:
        """Score ``rows`` of ``seqs`` with ``net`` into ``out`` (length-sorted batches)."""
        batches = length_batches([len(seqs[i]) for i in rows], max(1, batch_size))
        it: Iterable[list[int]] = batches
        if progress:
            from tqdm.auto import tqdm

            it = tqdm(batches, desc="tagging", unit="batch", leave=False)
        with torch.inference_mode():
            for idx in it:
                sel = [rows[i] for i in idx]
                ids, mask = pad_batch([seqs[i] for i in sel], self.pad_id)
                logits = net(ids, mask)
                out[sel] = torch.sigmoid(logits.float()).numpy()

    def _thresholds(self, threshold: float | None, thresholds: dict[str, float] | None) -> np.ndarray:
        th = dict(self.thresholds)
        if threshold is not None:
            th = {k: float(threshold) for k in self.label_ids}
        if thresholds:
            unknown = [k for k in thresholds if k not in self.label_names]
            if unknown:
                raise ModelError(f"unknown label {unknown[0]!r} in thresholds", fix=f"use the model's labels: {', '.join(self.label_ids)}")
            th.update({k: float(v) for k, v in thresholds.items()})
        return np.array([th[k] for k in self.label_ids], dtype=np.float32)

    def decide(self, scores: np.ndarray, *, threshold: float | None = None, thresholds: dict[str, float] | None = None) -> list[list[Theme]]:
        """Themes whose score reaches their label's threshold, best first."""
        th = self._thresholds(threshold, thresholds)
        res: list[list[Theme]] = []
        for row in scores:
            hits = [j for j in np.argsort(-row, kind="stable") if row[j] >= th[j]]
            res.append([Theme(label=self.label_ids[j], name=self.label_names[self.label_ids[j]], score=float(row[j])) for j in hits])
        return res

    def predict(
        self,
        texts_or_clauses: Iterable[Any],
        *,
        threshold: float | None = None,
        thresholds: dict[str, float] | None = None,
        all_scores: bool = False,
        batch_size: int = 32,
        title: str | None = None,
    ):
        """Themes per item (list of :class:`nlp.doc.Theme`, best first).

        ``threshold`` replaces every stored threshold; ``thresholds`` overrides
        some labels. With ``all_scores=True`` returns ``(themes, scores)`` where
        ``scores`` is a list of ``{label: score}`` dicts over every label.
        """
        th = self._thresholds(threshold, thresholds)
        sc = self.scores(texts_or_clauses, title=title, batch_size=batch_size, thresholds=th)
        themes = self.decide(sc, threshold=threshold, thresholds=thresholds)
        if all_scores:
            return themes, [{k: float(v) for k, v in zip(self.label_ids, row)} for row in sc]
        return themes

    def predict_labels(self, items: Iterable[Any], **kw: Any) -> list[list[str]]:
        """Label ids per item (convenience for evaluation)."""
        return [[t.label for t in ts] for ts in self.predict(items, **kw)]


ENGINES = ("auto", "fast", "transformers")


def load_classifier(
    path: str | Path,
    *,
    base: str | None = None,
    num_threads: int = 0,
    engine: str = "auto",
    precision: str | None = "fp32",
) -> ThemeClassifier:
    """Load a model directory written by :func:`nlp.themes.train.train`.

    safetensors only, no remote code, no network (unless ``base`` — or the base
    recorded in an adapter model — is a hub id). A wrong or incomplete directory
    raises :class:`nlp.errors.ModelError` naming the missing file and the fix.
    A directory with ``baseline.safetensors`` + ``baseline.json`` serves the blend of
    the encoder and that TF-IDF baseline (:mod:`nlp.themes.blend`).

    ``engine``: ``fast`` (plain torch + tokenizers, :mod:`nlp.themes.fast`),
    ``transformers`` (the training network), ``auto`` (fast when the model allows).
    ``precision`` (fast engine): ``fp32`` (default: the evaluated numbers), ``bf16``,
    ``bf16-checked``, or ``auto`` (bf16-checked on CPUs with native bf16; what ``yigai tag``
    uses; see :func:`nlp.themes.fast.resolve_precision`).
    """
    if engine not in ENGINES:
        raise ModelError(f"unknown engine {engine!r}", fix=f"use one of {', '.join(ENGINES)}")
    set_threads(num_threads)
    if engine != "transformers":
        from nlp.themes.fast import build_fast_network, fast_engine_supported, fast_tokenizer_dir, resolve_precision
        from nlp.themes.model import check_base, read_model_meta

        meta = read_model_meta(path)
        arch = meta["arch"]
        base_dir = None
        if arch["weights"] == "adapter":
            _, bd = check_base(arch, base)
            base_dir = Path(bd) if Path(bd).is_dir() else None
        why = fast_engine_supported(arch, fast_tokenizer_dir(meta["path"], arch, base_dir))
        if why is None:
            prec = resolve_precision(precision)
            net, tok, check = build_fast_network(meta, base_dir, prec)
            clf = ThemeClassifier(net, tok, meta["labels"], meta["thresholds"], meta["config"], path=meta["path"], blend=meta["blend"])
            clf.engine, clf.precision, clf.check_model = "fast", prec, check
            return clf
        if engine == "fast":
            raise ModelError(f"the fast engine cannot run this model ({why})", path=str(path), fix="load it with engine='transformers'")
    r = read_model_dir(path, base=base)
    return ThemeClassifier(r["model"], r["tokenizer"], r["labels"], r["thresholds"], r["config"], path=r["path"], blend=r["blend"])


def classify_document(
    doc: Document,
    clf: ThemeClassifier,
    *,
    threshold: float | None = None,
    thresholds: dict[str, float] | None = None,
    all_scores: bool = False,
    batch_size: int = 32,
) -> Document:
    """Fill ``clause.themes`` (and ``clause.scores`` with ``all_scores``) of a document in place.

    Clauses of kind body/heading/table_row are tagged; chrome and boilerplate get
    no themes. The document title (``doc.identity.title``) is the clause context.
    Returns the same document, with ``doc.model`` naming the classifier.
    """
    classify_documents([doc], clf, threshold=threshold, thresholds=thresholds, all_scores=all_scores, batch_size=batch_size)
    return doc


def classify_documents(
    docs: Sequence[Document],
    clf: ThemeClassifier,
    *,
    threshold: float | None = None,
    thresholds: dict[str, float] | None = None,
    all_scores: bool = False,
    batch_size: int = 32,
) -> list[Document]:
    """:func:`classify_document` for several documents at once.

    The clauses of all documents (each with its own document's title as context)
    are scored together, so short documents such as catalogue records fill whole
    length-sorted batches instead of running batches of one or two clauses.
    """
    items: list[dict[str, Any]] = []
    owners: list[Clause] = []
    for doc in docs:
        for c in doc.clauses:
            c.themes = []
            c.scores = None
            if c.kind in TAGGED_KINDS and c.text.strip():
                items.append({"text": c.text, "path": c.path, "title": doc.identity.title})
                owners.append(c)
        doc.model = {"name": clf.name, "version": clf.version}
    if owners:
        sc = clf.scores(items, batch_size=batch_size, thresholds=clf._thresholds(threshold, thresholds))
        for c, ts, row in zip(owners, clf.decide(sc, threshold=threshold, thresholds=thresholds), sc):
            c.themes = ts
            if all_scores:
                c.scores = {k: float(v) for k, v in zip(clf.label_ids, row)}
    return list(docs)

"""Theme-tagging throughput: yigai's predict vs the plain transformers pipeline, same model, same clauses.

Usage::

    python bench/bench_classifier.py [--model models/yigai-themes-e5small] [--annotations annotations]
                                     [--docs N] [--out bench/results/classifier.json]

Clauses are the annotated clauses of ``--annotations`` grouped by document
(whole documents, every clause with its heading path and the document title).
The model is loaded once. For each document we time

* ours: ``ThemeClassifier.scores`` (length-sorted batches, inference_mode);
* pipeline: ``transformers.pipeline("text-classification", function_to_apply="sigmoid",
  top_k=None)`` over the same ``(context, clause)`` pairs and the same network
  (wrapped as a PreTrainedModel), with its default batch size (1) and with
  ``batch_size=32``.

Both decisions use the model's stored thresholds; the label agreement is reported.

A blended model (``baseline.safetensors`` + ``baseline.json``: served score =
``w * encoder + (1 - w) * TF-IDF baseline``) is compared as served: the pipeline side
gets the same baseline scores (the model's own numpy baseline, ``nlp.themes.blend``)
blended in with the same formula, and the time to compute them is inside its timed
region, as it is inside ``ThemeClassifier.scores`` on our side. Both sides include
the baseline; its time alone is reported as ``baseline_seconds``.
Writes JSON to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nlp.themes.data import load_corpus, model_inputs  # noqa: E402
from nlp.themes.predict import load_classifier  # noqa: E402


def pipeline_for(clf):
    """A transformers text-classification pipeline over the classifier's own network."""
    from transformers import BertConfig, PreTrainedModel, pipeline
    from transformers.modeling_outputs import SequenceClassifierOutput

    cfg = BertConfig(**{k: v for k, v in clf.model.bert.config.to_dict().items() if k not in ("architectures", "id2label", "label2id", "num_labels")})
    cfg.id2label = dict(enumerate(clf.label_ids))
    cfg.label2id = {k: i for i, k in enumerate(clf.label_ids)}
    cfg.problem_type = "multi_label_classification"

    class Wrapped(PreTrainedModel):
        config_class = BertConfig
        base_model_prefix = "theme"

        def __init__(self, config, theme):
            super().__init__(config)
            self.theme = theme

        def forward(self, input_ids=None, attention_mask=None, token_type_ids=None, **kw):
            if attention_mask is None:
                attention_mask = torch.ones_like(input_ids)
            return SequenceClassifierOutput(logits=self.theme(input_ids, attention_mask))

    model = Wrapped(cfg, clf.model).eval()
    return pipeline("text-classification", model=model, tokenizer=clf.tokenizer, device=-1, function_to_apply="sigmoid", top_k=None)


def pipe_inputs(pairs):
    return [{"text": c, "text_pair": t} if c else t for c, t in pairs]


def run_pipeline(pipe, clf, pairs, batch_size):
    from nlp.themes.predict import prefixed

    enc_pairs = prefixed(pairs, clf.input_prefix) if clf.input_prefix else pairs
    out = pipe(pipe_inputs(enc_pairs), batch_size=batch_size, truncation="longest_first", max_length=clf.max_length)
    scores = np.zeros((len(pairs), len(clf.label_ids)), dtype=np.float32)
    col = {k: j for j, k in enumerate(clf.label_ids)}
    for i, res in enumerate(out):
        for d in res:
            scores[i, col[d["label"]]] = d["score"]
    return scores


def pipeline_served(pipe, clf, pairs, batch_size):
    """The pipeline's scores as the model serves them: blended with the model's baseline when it has one."""
    enc = run_pipeline(pipe, clf, pairs, batch_size)
    if clf.blend is None:
        return enc
    from nlp.themes.blend import blend_scores, pair_texts

    return blend_scores(enc, clf.blend.baseline.scores(pair_texts(pairs)), clf.blend.weight)


def timed_scores(clf, docs, batch_size):
    out = []
    t = time.perf_counter()
    for _, ex in docs:
        out.append(clf.scores(ex, batch_size=batch_size))
    return time.perf_counter() - t, np.concatenate(out)


def agreement(a, b, th):
    return {
        "same_labels_fraction": round(float(((a >= th) == (b >= th)).all(1).mean()), 5),
        "label_decisions_differing": int(((a >= th) != (b >= th)).sum()),
        "max_abs_score_diff": float(np.abs(a - b).max()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(REPO / "models" / "yigai-themes-e5small"))
    ap.add_argument("--annotations", default=str(REPO / "annotations"))
    ap.add_argument("--docs", type=int, default=6, help="time the first N documents (0 = all)")
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "classifier.json"))
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()

    from nlp.themes.fast import cpu_has_bf16, resolve_precision

    load = {}
    t = time.perf_counter()
    fast32 = load_classifier(args.model, engine="fast", precision="fp32")  # first: nothing of transformers imported yet
    load["fast_fp32"] = time.perf_counter() - t
    bf16 = cpu_has_bf16()
    fast16 = load_classifier(args.model, engine="fast", precision="bf16") if bf16 else None
    checked = load_classifier(args.model, engine="fast", precision="bf16-checked") if bf16 else None
    t = time.perf_counter()
    ref = load_classifier(args.model, engine="transformers")
    load["transformers"] = time.perf_counter() - t
    corpus = load_corpus(args.annotations)
    by_doc: dict[str, list] = {}
    for e in corpus.examples:
        by_doc.setdefault(e.doc, []).append(e)
    docs = list(by_doc.items())[: args.docs or None]
    n = sum(len(v) for _, v in docs)
    pipe = pipeline_for(ref)
    th = np.array([ref.thresholds[k] for k in ref.label_ids])

    # warm-up (first-call allocations) on one document, not timed
    for c in (fast32, fast16, checked, ref):
        if c is not None:
            c.scores(docs[0][1][:8])
    pipeline_served(pipe, ref, model_inputs(docs[0][1][:8], ref.context, ref.max_context_chars), 1)

    res, scores = {}, {}
    engines = [("fast_fp32", fast32), ("transformers_fp32", ref)] + ([("fast_bf16", fast16), ("fast_bf16_checked", checked)] if bf16 else [])
    for name, c in engines:
        if c is checked:
            c.rechecked = 0
        res[name], scores[name] = timed_scores(c, docs, args.batch_size)
    rechecked = checked.rechecked if checked is not None else None
    for name, bs in (("pipeline_bs1", 1), (f"pipeline_bs{args.batch_size}", args.batch_size)):
        sc = []
        t = time.perf_counter()
        for _, ex in docs:
            sc.append(pipeline_served(pipe, ref, model_inputs(ex, ref.context, ref.max_context_chars), bs))
        res[name] = time.perf_counter() - t
        scores[name] = np.concatenate(sc)
    # the tagging default (yigai tag: fast engine, precision auto)
    # the engine `yigai tag` runs here: precision auto (bf16-checked only where bf16 is measured faster)
    default = "fast_bf16_checked" if bf16 and resolve_precision("auto") == "bf16-checked" else "fast_fp32"
    agree = {f"{name}_vs_pipeline_bs1": agreement(scores[name], scores["pipeline_bs1"], th) for name, _ in engines}

    # label agreement of the bf16 path with the fp32 network on the whole dev split
    dev_agree = None
    if bf16:
        dev = corpus.part("dev")
        s32 = fast32.scores(dev)
        dev_agree = {"clauses": len(dev), "bf16": agreement(fast16.scores(dev), s32, th), "bf16_checked": agreement(checked.scores(dev), s32, th)}

    blend = None
    if ref.blend is not None:
        from nlp.themes.blend import pair_texts

        t = time.perf_counter()
        for _, ex in docs:
            ref.blend.baseline.scores(pair_texts(model_inputs(ex, ref.context, ref.max_context_chars)))
        blend = {
            "weight": ref.blend.weight,
            "served": "w * encoder + (1 - w) * TF-IDF baseline; thresholds.json applies to it",
            "fairness": "both sides compute the same numpy baseline scores inside their timed region and blend with the same formula",
            "baseline_seconds": round(time.perf_counter() - t, 2),
        }

    report = {
        "model": str(args.model),
        "blend": blend,
        "what": "theme scores of whole documents (annotated clauses with heading path + title), model loaded once",
        "documents": len(docs),
        "clauses": n,
        "threads": torch.get_num_threads(),
        "cpu_native_bf16": bf16,
        "tag_default_engine": default,
        "bf16_checked_rechecked_clauses": rechecked,
        "load_seconds": {k: round(v, 2) for k, v in load.items()},
        "seconds": {k: round(v, 2) for k, v in res.items()},
        "clauses_per_second": {k: round(n / v, 1) for k, v in res.items()},
        "speedup_of_tag_default_vs": {k: round(v / res[default], 2) for k, v in res.items() if k != default},
        "agreement": agree,
        "dev_split_vs_fp32": dev_agree,
        "loadavg_at_end": list(os.getloadavg()),
        "python": platform.python_version(),
        "torch": torch.__version__,
    }
    from nlp.io.atomic import write_json_atomic

    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    write_json_atomic(args.out, report)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

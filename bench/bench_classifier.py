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
Writes JSON to ``--out``.
"""

from __future__ import annotations

import argparse
import json
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
    out = pipe(pipe_inputs(pairs), batch_size=batch_size, truncation="longest_first", max_length=clf.max_length)
    scores = np.zeros((len(pairs), len(clf.label_ids)), dtype=np.float32)
    col = {k: j for j, k in enumerate(clf.label_ids)}
    for i, res in enumerate(out):
        for d in res:
            scores[i, col[d["label"]]] = d["score"]
    return scores


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(REPO / "models" / "yigai-themes-e5small"))
    ap.add_argument("--annotations", default=str(REPO / "annotations"))
    ap.add_argument("--docs", type=int, default=0, help="limit to the first N documents (0 = all)")
    ap.add_argument("--out", default=str(REPO / "bench" / "results" / "classifier.json"))
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()

    t = time.perf_counter()
    clf = load_classifier(args.model)
    load_s = time.perf_counter() - t
    corpus = load_corpus(args.annotations)
    by_doc: dict[str, list] = {}
    for e in corpus.examples:
        by_doc.setdefault(e.doc, []).append(e)
    docs = list(by_doc.items())[: args.docs or None]
    n = sum(len(v) for _, v in docs)
    pipe = pipeline_for(clf)
    th = np.array([clf.thresholds[k] for k in clf.label_ids])

    # warm-up (first-call allocations) on one document, not timed
    clf.scores(docs[0][1][:8])
    run_pipeline(pipe, clf, model_inputs(docs[0][1][:8], clf.context, clf.max_context_chars), 1)

    res = {}
    ours = []
    t = time.perf_counter()
    for _, ex in docs:
        ours.append(clf.scores(ex, batch_size=args.batch_size))
    res["ours"] = time.perf_counter() - t
    ours_s = np.concatenate(ours)
    agree = {}
    for name, bs in (("pipeline_bs1", 1), (f"pipeline_bs{args.batch_size}", args.batch_size)):
        sc = []
        t = time.perf_counter()
        for _, ex in docs:
            sc.append(run_pipeline(pipe, clf, model_inputs(ex, clf.context, clf.max_context_chars), bs))
        res[name] = time.perf_counter() - t
        s = np.concatenate(sc)
        agree[name] = {
            "same_labels_fraction": float(((ours_s >= th) == (s >= th)).all(1).mean()),
            "max_abs_score_diff": float(np.abs(ours_s - s).max()),
        }
    report = {
        "model": str(args.model),
        "documents": len(docs),
        "clauses": n,
        "threads": torch.get_num_threads(),
        "load_seconds": round(load_s, 2),
        "seconds": {k: round(v, 2) for k, v in res.items()},
        "clauses_per_second": {k: round(n / v, 1) for k, v in res.items()},
        "speedup_vs": {k: round(v / res["ours"], 2) for k, v in res.items() if k != "ours"},
        "agreement_with_ours": agree,
        "python": platform.python_version(),
        "torch": torch.__version__,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

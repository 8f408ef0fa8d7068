"""Model card (README.md) of a theme-classifier model directory, generated from its JSON files.

Public API: :func:`render_model_card`, :func:`write_model_card`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _load(d: Path, name: str) -> Any:
    p = d / name
    if not p.is_file():
        return None
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _f(x: Any) -> str:
    return "–" if x is None else (f"{x:.3f}" if isinstance(x, float) else str(x))


def render_model_card(model_dir: str | Path) -> str:
    """Markdown model card from config/labels/thresholds/metrics/training_data/versions JSON."""
    d = Path(model_dir)
    cfg = _load(d, "config.json") or {}
    tc, arch = cfg.get("train_config", {}), cfg.get("architecture", {})
    labels = _load(d, "labels.json") or []
    th = _load(d, "thresholds.json") or {}
    m = _load(d, "metrics.json") or {}
    td = _load(d, "training_data.json") or {}
    ver = _load(d, "versions.json") or {}
    name = tc.get("name", d.name)
    L: list[str] = [f"# {name} {tc.get('version', '')}".rstrip(), ""]
    L += [
        "Multi-label classifier that tags clauses of Chinese healthcare-reform policy documents with the",
        "16 themes of `spec/themes.md` (`nlp/themes/labels.py`). Part of yigai; load it with",
        "`nlp.themes.predict.load_classifier(path)` or use `yigai tag --model PATH`.",
        "",
        "## Model",
        "",
        f"- Base encoder: `{arch.get('base')}` ({arch.get('num_layers')} layers, hidden {arch.get('hidden_size')});"
        f" weights stored: **{arch.get('weights')}**"
        + (f" (top {arch.get('trainable_layers')} layers + head; base weights sha256 `{arch.get('base_sha256')}` checked on load)" if arch.get("weights") == "adapter" else " (complete network + tokenizer)"),
        f"- Fine-tuned: top {arch.get('trainable_layers')} encoder layers + {arch.get('pooling')}-pooled linear sigmoid head; embeddings and lower layers frozen.",
        f"- Input: text pair `({tc.get('context')} context, clause)`, e.g. `标题 | 一级标题 > 二级标题` + clause; max {tc.get('max_length')} tokens.",
        f"- Loss `{tc.get('loss')}` (pos_weight {tc.get('pos_weight')}, max {tc.get('pos_weight_max')}); {tc.get('epochs')} epochs, batch {tc.get('batch_size')}, lr {tc.get('lr')} (head {tc.get('head_lr')}), seed {tc.get('seed')}.",
        (
            f"- {m.get('selection', '')} (max F1 per label; {tc.get('default_threshold')} when a label has no positive)."
            if tc.get("thresholds_from") == "oof"
            else f"- {m.get('selection', '')}; thresholds per label tuned on dev (max F1; {tc.get('default_threshold')} when a label is absent from dev)."
        ),
        "",
        "## Training data",
        "",
    ]
    counts = td.get("counts", {})
    if counts:
        L += ["| split | documents | clauses | clauses without theme |", "|---|---|---|---|"]
        for s, c in counts.items():
            L.append(f"| {s} | {c.get('documents')} | {c.get('clauses')} | {c.get('clauses_without_label')} |")
        L.append("")
        L.append(f"Annotations `{td.get('annotations')}`: clauses.jsonl sha256 `{td.get('sha256', {}).get('clauses.jsonl')}`, split.json sha256 `{td.get('sha256', {}).get('split.json')}`. The split is by document.")
        extra = td.get("extra_training_documents") or []
        if extra:
            L.append(
                f"The train row includes {len(extra)} training-only documents from {', '.join(f'`{x}`' for x in td.get('extra_training_dirs') or [])} "
                "(never in dev or test, never a cross-validation test fold; see that directory's README)."
            )
        L.append("")
    test, base, dev, oof = m.get("test"), m.get("baseline_test"), m.get("dev"), m.get("out_of_fold")
    L += ["## Results", ""]
    if test or dev or oof:
        L += ["| split | model | micro-P | micro-R | micro-F1 | macro-F1 | macro-F1 (gold labels) |", "|---|---|---|---|---|---|---|"]
        rows = (("dev", dev, "this model"), ("train+dev, out of fold", oof, "same recipe, other folds"), ("test", test, "this model"), ("test", base, "TF-IDF char 1-3 + LR baseline"))
        for split, rep, who in rows:
            if rep:
                L.append(f"| {split} | {who} | {_f(rep.get('micro_precision'))} | {_f(rep.get('micro_recall'))} | {_f(rep.get('micro_f1'))} | {_f(rep.get('macro_f1'))} | {_f(rep.get('macro_f1_gold'))} |")
        L += ["", f"Macro-F1: {m.get('notes', '')}.", ""]
    rep = test or dev or oof
    if rep:
        L += [f"Per label ({'test' if test else 'dev' if dev else 'out-of-fold'} split; threshold as stored in thresholds.json):", ""]
        L += ["| label | 中文 | threshold | precision | recall | F1 | support | baseline F1 |", "|---|---|---|---|---|---|---|---|"]
        for lab in labels:
            i = lab.get("id")
            p = rep.get("per_label", {}).get(i, {})
            b = (base or {}).get("per_label", {}).get(i, {}) if base else {}
            if i in rep.get("absent_labels", []):
                L.append(f"| `{i}` | {lab.get('name')} | {_f(th.get(i))} | – | – | – | 0 | – |")
                continue
            L.append(f"| `{i}` | {lab.get('name')} | {_f(th.get(i))} | {_f(p.get('precision'))} | {_f(p.get('recall'))} | {_f(p.get('f1'))} | {_f(p.get('support'))} | {_f(b.get('f1'))} |")
        if rep.get("absent_labels"):
            L.append(f"\nLabels absent from this split (neither gold nor predicted): {', '.join(rep['absent_labels'])}.")
        L.append("")
    cv = m.get("cross_validation")
    if cv and "model" in cv:
        s = cv.get("setting", {})
        L += [
            "## Cross-validation",
            "",
            f"{cv.get('folds')}-fold cross-validation over the {cv.get('documents')} train+dev documents ({cv.get('clauses')} clauses), grouped by {cv.get('grouping')}.",
            f"Setting: top {s.get('trainable_layers')} layers trained for {s.get('epochs')} epochs"
            + (" (the shipped recipe)." if tc.get("thresholds_from") == "oof" else " (may be cheaper than the shipped run).")
            + (f" {cv['note']}." if cv.get("note") else ""),
            "",
            "| | micro-F1 mean ± std | macro-F1 mean ± std |",
            "|---|---|---|",
            f"| this model | {cv['model']['micro_f1']['mean']:.3f} ± {cv['model']['micro_f1']['std']:.3f} | {cv['model']['macro_f1']['mean']:.3f} ± {cv['model']['macro_f1']['std']:.3f} |",
            f"| TF-IDF baseline | {cv['baseline']['micro_f1']['mean']:.3f} ± {cv['baseline']['micro_f1']['std']:.3f} | {cv['baseline']['macro_f1']['mean']:.3f} ± {cv['baseline']['macro_f1']['std']:.3f} |",
            "",
        ]
    elif cv:
        L += ["## Cross-validation", "", f"Not run: {cv.get('skipped')}.", ""]
    L += [
        "## Intended use",
        "",
        "Tagging clauses (body text, headings, table rows) of Chinese central- and local-government",
        "healthcare-reform policy documents (plans, opinions, notices) with reform themes, to index,",
        "compare and summarise policies. Scores are sigmoid probabilities; thresholds are per label.",
        "",
        "## Limitations",
        "",
        "- Trained on a small hand-annotated corpus (see counts above); rare themes have few examples and",
        "  their per-label figures are noisy. Thresholds tuned on a small dev split can be unstable.",
        "- Domain-specific: documents outside Chinese healthcare reform (or other languages) will get",
        "  unreliable themes. Clause segmentation and heading paths come from yigai's extractor; errors",
        "  there (e.g. a missing heading path) change the input the model sees.",
        "- Input is truncated to the configured token length; very long clauses are judged on their start.",
        "- The model tags what a clause talks about; it does not check whether a measure was implemented.",
        "",
        "## Reproduce",
        "",
        "```",
        "yigai train training/default.json   # or nlp.themes.train.train(load_config(...), out_dir)",
        "```",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in ver.items()) + ".",
        "",
    ]
    timing = m.get("timing_seconds")
    if timing:
        L.insert(-1, "Training time (s, 2-core CPU): " + ", ".join(f"{k} {v}" for k, v in timing.items()) + ".")
    return "\n".join(L)


def write_model_card(model_dir: str | Path) -> Path:
    """(Re)write ``README.md`` of a model directory from its JSON files."""
    p = Path(model_dir) / "README.md"
    p.write_text(render_model_card(model_dir), encoding="utf-8")
    return p

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
    ]
    bl = m.get("blend")
    if bl:
        tr = bl.get("baseline_trained_on", {})
        grid = ", ".join(f"{r['weight']:.1f}: {r['dev_micro_f1']:.4f}/{r['dev_macro_f1']:.4f}" for r in bl.get("per_weight", []))
        w = bl.get("weight")
        L += [
            f"- **Served scores are a blend**: `score = {w:.1f} × encoder + {1 - w:.1f} × baseline` per label, where the baseline is the project's"
            f" TF-IDF character 1-3-gram + logistic-regression model (`nlp/themes/baseline.py`) fitted on the same training data as the encoder"
            f" ({tr.get('documents')} documents, {tr.get('clauses')} clauses of the train split) and stored without pickles in `baseline.safetensors` + `baseline.json`.",
            f"- The weight was chosen on the dev split only: {bl.get('rule')}. Dev micro/macro-F1 per weight (thresholds re-tuned on dev at each weight): {grid}."
            " The per-label thresholds in `thresholds.json` are tuned on the blended dev scores; the encoder's own dev-tuned thresholds are kept in `baseline.json`"
            " (`encoder_thresholds`) for the encoder-alone rows below.",
        ]
    L += [
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
    enc = m.get("encoder") or {}
    L += ["## Results", ""]
    if test or dev or oof:
        L += ["| split | model | micro-P | micro-R | micro-F1 | macro-F1 | macro-F1 (gold labels) |", "|---|---|---|---|---|---|---|"]
        if bl:
            who_model, who_base = f"**this model** (blend, w = {bl.get('weight'):.1f})", "TF-IDF char 1-3 + LR baseline alone"
            rows = (
                ("dev", dev, who_model),
                ("dev", enc.get("dev"), "encoder alone (its own dev thresholds)"),
                ("dev", m.get("baseline_dev"), who_base),
                ("test", test, who_model),
                ("test", enc.get("test"), "encoder alone (its own dev thresholds)"),
                ("test", base, who_base),
            )
        else:
            rows = (("dev", dev, "this model"), ("train+dev, out of fold", oof, "same recipe, other folds"), ("test", test, "this model"), ("test", base, "TF-IDF char 1-3 + LR baseline"))
        for split, rep, who in rows:
            if rep:
                L.append(f"| {split} | {who} | {_f(rep.get('micro_precision'))} | {_f(rep.get('micro_recall'))} | {_f(rep.get('micro_f1'))} | {_f(rep.get('macro_f1'))} | {_f(rep.get('macro_f1_gold'))} |")
        L += ["", f"Macro-F1: {m.get('notes', '')}."]
        if bl:
            L.append(
                "Dev figures are in-sample for the thresholds (and, for the blend, the weight): they were tuned on dev. "
                "Test was never used to choose anything. The baseline rows are the blend's baseline part alone (the same model, fitted on train) with thresholds tuned on dev."
            )
        L.append("")
    for ch in m.get("changes_since_training") or []:
        # a change to how inputs are served, made after these figures were measured, with its measured effect
        L += [f"**Changed since training ({ch.get('date')}):** {ch.get('change')} Measured on this model: {ch.get('measured')}", ""]
    rep = test or dev or oof
    if rep:
        L += [f"Per label ({'test' if test else 'dev' if dev else 'out-of-fold'} split; threshold as stored in thresholds.json):", ""]
        erep = (enc.get("test") if test else enc.get("dev")) if bl else None
        ecol, esep = (" encoder F1 |", "---|") if erep else ("", "")
        L += [f"| label | 中文 | threshold | precision | recall | F1 | support |{ecol} baseline F1 |", f"|---|---|---|---|---|---|---|{esep}---|"]
        for lab in labels:
            i = lab.get("id")
            p = rep.get("per_label", {}).get(i, {})
            b = (base or {}).get("per_label", {}).get(i, {}) if base else {}
            ef = f" {_f((erep or {}).get('per_label', {}).get(i, {}).get('f1'))} |" if erep else ""
            if i in rep.get("absent_labels", []):
                L.append(f"| `{i}` | {lab.get('name')} | {_f(th.get(i))} | – | – | – | 0 |{' – |' if erep else ''} – |")
                continue
            L.append(f"| `{i}` | {lab.get('name')} | {_f(th.get(i))} | {_f(p.get('precision'))} | {_f(p.get('recall'))} | {_f(p.get('f1'))} | {_f(p.get('support'))} |{ef} {_f(b.get('f1'))} |")
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
            + (
                " (the shipped recipe)."
                if tc.get("thresholds_from") == "oof"
                or (s.get("trainable_layers") == tc.get("trainable_layers") and s.get("epochs") == tc.get("epochs"))
                else " (cheaper than the shipped run)."
            )
            + (f" {cv['note']}." if cv.get("note") else ""),
            "",
        ]
        if bl and "blend" not in cv:
            L += ["These figures are for the **encoder alone**; the served blend was not cross-validated.", ""]
        elif "blend" in cv:
            L += ["The blend row chooses its weight and thresholds on each fold's inner dev fold, as the shipped blend does on dev.", ""]

        def cvrow(who: str, r: dict[str, Any]) -> str:
            return f"| {who} | {r['micro_f1']['mean']:.3f} ± {r['micro_f1']['std']:.3f} | {r['macro_f1']['mean']:.3f} ± {r['macro_f1']['std']:.3f} |"

        L += ["| | micro-F1 mean ± std | macro-F1 mean ± std |", "|---|---|---|"]
        if "blend" in cv:
            L.append(cvrow("blend (encoder + baseline)", cv["blend"]))
        L += [cvrow("encoder alone" if bl else "this model", cv["model"]), cvrow("TF-IDF baseline", cv["baseline"]), ""]
    elif cv:
        L += ["## Cross-validation", "", f"Not run: {cv.get('skipped')}.", ""]
    ks = m.get("cross_validation_threshold_shrink")
    if isinstance(ks, dict) and isinstance(ks.get("per_k"), dict):
        shipped = tc.get("threshold_shrink", 0)
        L += [
            "### Threshold shrink k, by the same cross-validation",
            "",
            f"Per-label thresholds are pulled toward the shared micro-F1 one, (n·t + k·t_all)/(n + k); this model uses k = {shipped:g}. "
            + str(ks.get("note", "")),
            "",
            "| k | blend micro / macro | encoder alone | TF-IDF baseline |",
            "|---|---|---|---|",
        ]
        for k, r in ks["per_k"].items():
            L.append(f"| {k} | {r['blend_micro']:.3f} / {r['blend_macro']:.3f} | {r['encoder_micro']:.3f} / {r['encoder_macro']:.3f} | {r['baseline_micro']:.3f} / {r['baseline_macro']:.3f} |")
        L.append("")
    L += [
        "## Intended use",
        "",
        "Tagging clauses (body text, headings, table rows) of Chinese central- and local-government",
        "healthcare-reform policy documents (plans, opinions, notices) with reform themes, to index,",
        "compare and summarise policies. Scores are sigmoid probabilities"
        + (" (here a weighted average of the encoder's and the baseline's)" if bl else "")
        + "; thresholds are per label.",
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
        *(["yigai model blend MODEL_DIR --out NEW_DIR   # add the blend to a trained encoder without retraining it"] if bl else []),
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
    from nlp.io.atomic import write_text_atomic

    p = Path(model_dir) / "README.md"
    write_text_atomic(p, render_model_card(model_dir))
    return p

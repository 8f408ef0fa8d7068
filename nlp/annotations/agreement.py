"""Inter-annotator agreement between two labelling passes of the same clauses.

Per label: F1 of pass b against pass a (symmetric) and Cohen's kappa over clauses;
overall: micro-F1 over all (clause, label) decisions and macro averages.
"""

from __future__ import annotations

from typing import Sequence

from ..themes.labels import LABEL_IDS


def cohen_kappa(a: Sequence[bool], b: Sequence[bool]) -> float | None:
    """Cohen's kappa of two binary annotations; None when undefined (both constant and equal)."""
    n = len(a)
    if n == 0:
        return None
    po = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    if pe >= 1.0:
        return None
    return (po - pe) / (1 - pe)


def agreement(labels_a: list[list[str]], labels_b: list[list[str]]) -> dict:
    """Agreement figures for two parallel lists of label lists (one entry per clause)."""
    if len(labels_a) != len(labels_b):
        raise ValueError("the two passes must label the same clauses")
    per_label = {}
    tp_all = fp_all = fn_all = 0
    for lab in LABEL_IDS:
        a = [lab in x for x in labels_a]
        b = [lab in x for x in labels_b]
        tp = sum(x and y for x, y in zip(a, b))
        fp = sum(y and not x for x, y in zip(a, b))
        fn = sum(x and not y for x, y in zip(a, b))
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        f1 = 2 * tp / (2 * tp + fp + fn) if (tp + fp + fn) else None
        per_label[lab] = {"a": sum(a), "b": sum(b), "both": tp, "f1": f1, "kappa": cohen_kappa(a, b)}
    micro = 2 * tp_all / (2 * tp_all + fp_all + fn_all) if (tp_all + fp_all + fn_all) else None
    f1s = [v["f1"] for v in per_label.values() if v["f1"] is not None]
    kappas = [v["kappa"] for v in per_label.values() if v["kappa"] is not None]
    exact = sum(sorted(x) == sorted(y) for x, y in zip(labels_a, labels_b)) / max(1, len(labels_a))
    return {
        "clauses": len(labels_a),
        "micro_f1": micro,
        "macro_f1": sum(f1s) / len(f1s) if f1s else None,
        "mean_kappa": sum(kappas) / len(kappas) if kappas else None,
        "exact_match": exact,
        "per_label": per_label,
    }

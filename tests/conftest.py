"""Shared pytest fixtures.

Theme-classifier fixtures build everything in the session, offline:

* ``tiny_base``: a randomly initialised BertModel (hidden 32, 2 layers, 2 heads)
  plus a character-level WordLevel tokenizer over the characters of the synthetic
  clauses, wrapped in ``PreTrainedTokenizerFast`` and saved as a model directory;
* ``tiny_annotations``: a synthetic annotation directory (clauses.jsonl, split.json,
  docs/) built from ``tests/golden/classifier_synthetic.jsonl``;
* ``tiny_trained``: the tiny config (``training/tiny.json``) trained once on it;
* ``label_agreement``: share of a model's label decisions that equal the gold labels.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SYNTHETIC = REPO / "tests" / "golden" / "classifier_synthetic.jsonl"


def _synthetic_rows() -> list[dict]:
    rows = []
    for line in SYNTHETIC.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(json.loads(line))
    return rows


@pytest.fixture(scope="session")
def tiny_annotations(tmp_path_factory) -> Path:
    """Annotation dir: each synthetic row is a clause; docs/<doc>.txt holds title + clauses."""
    root = tmp_path_factory.mktemp("annotations")
    rows = _synthetic_rows()
    (root / "docs").mkdir()
    by_doc: dict[str, list[dict]] = {}
    for r in rows:
        by_doc.setdefault(r["doc"], []).append(r)
    split: dict[str, list[str]] = {"train": [], "dev": [], "test": []}
    lines = []
    for doc, rs in by_doc.items():
        title = f"关于{doc}的实施方案"
        text = title + "\n"
        for r in rs:
            start = len(text)
            text += r["text"] + "\n"
            lines.append(
                json.dumps(
                    {"doc": doc, "start": start, "end": start + len(r["text"]), "text": r["text"], "path": r.get("path", []), "labels": r["labels"]},
                    ensure_ascii=False,
                )
            )
        (root / "docs" / f"{doc}.txt").write_text(text, encoding="utf-8")
        split[rs[0]["split"]].append(doc)
    (root / "clauses.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "split.json").write_text(json.dumps(split, ensure_ascii=False), encoding="utf-8")
    return root


def build_tiny_base(out: Path, texts: list[str], *, seed: int = 0) -> Path:
    """Save a random tiny BertModel + char-level fast tokenizer (XLM-R-like specials) to ``out``."""
    import torch
    from tokenizers import Regex, Tokenizer, models, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    chars = sorted({c for t in texts for c in t if not c.isspace()})
    vocab = {tok: i for i, tok in enumerate(specials + chars)}
    tk = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tk.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Split(Regex("."), behavior="isolated")])
    tk.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", vocab["<s>"]), ("</s>", vocab["</s>"])],
    )
    fast = PreTrainedTokenizerFast(tokenizer_object=tk, bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>", model_max_length=256)
    torch.manual_seed(seed)
    cfg = BertConfig(
        vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
        max_position_embeddings=256, type_vocab_size=1, pad_token_id=vocab["<pad>"],
    )  # fmt: skip
    model = BertModel(cfg, add_pooling_layer=False)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    fast.save_pretrained(str(out))
    return out


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory) -> Path:
    rows = _synthetic_rows()
    texts = [r["text"] for r in rows] + [h for r in rows for h in r.get("path", [])]
    texts += [f"关于{r['doc']}的实施方案" for r in rows] + [" | > …"]
    return build_tiny_base(tmp_path_factory.mktemp("tiny_base"), texts)


@pytest.fixture(scope="session")
def tiny_config(tiny_base, tiny_annotations):
    from nlp.themes.config import load_config

    return load_config(REPO / "training" / "tiny.json", base=str(tiny_base), annotations=str(tiny_annotations))


@pytest.fixture(scope="session")
def tiny_trained(tiny_config, tmp_path_factory):
    """(TrainResult, out_dir) of the tiny config trained once per session."""
    from nlp.themes.train import train

    out = tmp_path_factory.mktemp("tiny_run")
    return train(tiny_config, out, progress=False)


@pytest.fixture(scope="session")
def label_agreement():
    """``agree(model_dir, examples)``: the share of (clause, label) decisions of the model
    (fp32, threshold 0.5) that equal the examples' gold labels."""
    import numpy as np

    from nlp.themes.data import label_matrix
    from nlp.themes.predict import load_classifier

    def agree(model_dir, examples) -> float:
        clf = load_classifier(model_dir, precision="fp32")
        pred = clf.predict_labels(examples, threshold=0.5)
        got = np.array([[lab in p for lab in clf.label_ids] for p in pred], dtype=np.float32)
        return float((got == label_matrix(examples)).mean())

    return agree

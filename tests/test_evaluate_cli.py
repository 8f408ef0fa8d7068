"""`yigai evaluate`: the printed table, the JSON it writes, and its warnings."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nlp.cli import app
from nlp.themes.evaluate import evaluate

runner = CliRunner()


@pytest.fixture(scope="module")
def evaluated(tiny_trained, tmp_path_factory):
    out = tmp_path_factory.mktemp("eval") / "test.json"
    res = runner.invoke(app, ["evaluate", str(tiny_trained.best_dir), "--split", "test", "-o", str(out)])
    return res, out


def test_evaluate_prints_model_and_baseline_and_writes_the_same_json(evaluated, tiny_trained):
    res, out = evaluated
    assert res.exit_code == 0, res.output
    written = json.loads(out.read_text(encoding="utf-8"))
    direct = evaluate(tiny_trained.best_dir, "test")
    assert written["model"]["micro_f1"] == direct["model"]["micro_f1"]
    assert written["baseline"]["micro_f1"] == direct["baseline"]["micro_f1"]
    model_row = next(line for line in res.output.splitlines() if line.startswith("model "))
    assert f"{direct['model']['micro_f1']:.3f}" in model_row
    assert any(line.startswith("baseline ") for line in res.output.splitlines())
    assert "warning" not in res.output  # the test split is held out


def test_every_label_has_a_row(evaluated):
    from nlp.themes.labels import LABEL_IDS

    res, _ = evaluated
    starts = {line.split()[0] for line in res.output.splitlines() if line.strip()}
    assert set(LABEL_IDS) <= starts


def test_evaluating_on_the_training_split_warns(tiny_trained):
    res = runner.invoke(app, ["evaluate", str(tiny_trained.best_dir), "--split", "train"])
    assert res.exit_code == 0, res.output
    assert "warning: the model was trained on the 'train' split" in res.output


@pytest.mark.parametrize(("args", "needle"), [(["--split", "validation"], "unknown split"), ([], "")])
def test_bad_split_or_model_dir_is_one_line(tmp_path, tiny_trained, args, needle):
    model = str(tiny_trained.best_dir) if args else str(tmp_path / "missing-model")
    res = runner.invoke(app, ["evaluate", model, *args])
    assert res.exit_code == 2
    assert res.output.strip().startswith("yigai: error:") and len(res.output.strip().splitlines()) == 1
    assert needle in res.output


def test_evaluate_cv_stores_cross_validation_in_metrics_and_card(tiny_trained, tmp_path):
    """`--cv N` runs document cross-validation with the model's own training config and writes
    it into the model's metrics.json and card (atomically); the model files stay as they were."""
    import shutil

    model = tmp_path / "model"
    shutil.copytree(tiny_trained.best_dir, model)
    before = json.loads((model / "metrics.json").read_text(encoding="utf-8"))
    weights = (model / "model.safetensors").read_bytes() if (model / "model.safetensors").exists() else None
    res = runner.invoke(app, ["evaluate", str(model), "--cv", "3"])
    assert res.exit_code == 0, res.output
    after = json.loads((model / "metrics.json").read_text(encoding="utf-8"))
    cv = after["cross_validation"]
    assert cv["folds"] == 3 and len(cv["per_fold"]) == 3
    assert {k: v for k, v in after.items() if k != "cross_validation"} == {k: v for k, v in before.items() if k != "cross_validation"}
    assert "3-fold cross-validation by document" in res.output
    assert f"{cv['model']['micro_f1']['mean']:.3f}" in res.output
    assert "## Cross-validation" in (model / "README.md").read_text(encoding="utf-8")
    if weights is not None:
        assert (model / "model.safetensors").read_bytes() == weights
    assert not [p for p in model.iterdir() if p.name.startswith(".")], "no temporary file left behind"


@pytest.mark.parametrize("n", ["1", "2"])
def test_evaluate_cv_below_3_is_refused_in_one_line(tiny_trained, n):
    res = runner.invoke(app, ["evaluate", str(tiny_trained.best_dir), "--cv", n])
    assert res.exit_code == 2
    assert res.output.strip().startswith("yigai: error:") and len(res.output.strip().splitlines()) == 1

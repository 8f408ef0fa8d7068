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

"""The command line: thin layer, one-line errors, exit codes, atomic outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp.cli import app

ROOT = Path(__file__).resolve().parents[1]
NINGDE = str(ROOT / "annotations" / "docs" / "ningde-2023-key-tasks.txt")
CIXI = str(ROOT / "annotations" / "docs" / "cixi-2020-sanyi-liandong.txt")

runner = CliRunner()


def _run(args, **kw):
    return runner.invoke(app, args, catch_exceptions=False, **kw)


def test_cli_tag_writes_the_contract_to_stdout():
    r = _run(["tag", "--no-model", NINGDE])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["source"] == NINGDE
    assert d["issued"] == "2023-06-29"
    assert d["region"] == "宁德市"
    assert d["clauses"] and all(c["themes"] == [] for c in d["clauses"])


def test_cli_tag_jsonl_one_line_per_document(tmp_path):
    out = tmp_path / "o.jsonl"
    r = _run(["tag", "--no-model", "--format", "jsonl", NINGDE, CIXI, "-o", str(out)])
    assert r.exit_code == 0, r.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["doc_id"] for x in lines] == ["ningde-2023-key-tasks", "cixi-2020-sanyi-liandong"]
    assert "宁德" in lines[0]  # ensure_ascii=False


def test_cli_tag_ref_date_resolves_undated_documents(tmp_path):
    f = tmp_path / "undated.txt"
    f.write_text("一、年内完成医共体建设。\n", encoding="utf-8")
    r = _run(["tag", "--no-model", "--ref-date", "2022-05-01", str(f)])
    t = json.loads(r.stdout)["clauses"][0]["times"][0]
    assert t["type"] == "period" and t["value"] == {"start": "2022-01-01", "end": "2022-12-31"}


@pytest.mark.parametrize("content, expect", [(b"", "empty"), (b"\x00\x01\x02\xff" * 64, "binary")], ids=["empty", "binary"])
def test_cli_bad_input_is_one_line_naming_the_file(tmp_path, content, expect):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    r = _run(["tag", "--no-model", str(f)])
    assert r.exit_code != 0
    err = [x for x in r.stderr.splitlines() if x.strip()]
    assert err and str(f) in err[0] and expect in err[0].lower()
    assert "Traceback" not in r.output + r.stderr


def test_cli_tag_keeps_going_past_a_bad_file(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    out = tmp_path / "o.jsonl"
    r = _run(["tag", "--no-model", "--format", "jsonl", str(bad), NINGDE, "-o", str(out)])
    assert r.exit_code == 1
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    assert "1 of 2 inputs failed" in r.stderr


def test_cli_bad_ref_date_is_a_clear_error():
    r = _run(["tag", "--no-model", "--ref-date", "2023/13/01", NINGDE])
    assert r.exit_code == 2
    assert "YYYY-MM-DD" in r.stderr and "Traceback" not in r.stderr


def test_cli_missing_model_dir_is_a_clear_error(tmp_path):
    r = _run(["tag", "--model", str(tmp_path / "nope"), NINGDE])
    assert r.exit_code == 2
    assert "model directory not found" in r.stderr


def test_cli_timeline_from_tag_outputs(tmp_path):
    tagged = tmp_path / "t.jsonl"
    _run(["tag", "--no-model", "--format", "jsonl", NINGDE, CIXI, "-o", str(tagged)])
    out = tmp_path / "timeline.json"
    r = _run(["timeline", str(tagged), "-o", str(out)])
    assert r.exit_code == 0, r.output
    tl = json.loads(out.read_text(encoding="utf-8"))
    assert {d["doc_id"] for d in tl["documents"]} == {"ningde-2023-key-tasks", "cixi-2020-sanyi-liandong"}
    assert sum(e["type"] == "issued" for e in tl["events"]) == 2
    ends = [e["end"] or e["start"] for e in tl["events"] if e["end"] or e["start"]]
    assert ends == sorted(ends)


@pytest.mark.parametrize("command", ["tag", "timeline"])
def test_cli_bad_precision_is_a_one_line_usage_error(command, tmp_path, tiny_trained):
    out = tmp_path / "o.json"
    r = _run([command, NINGDE, "--model", str(tiny_trained.best_dir), "--precision", "fp16", "-o", str(out)])
    assert r.exit_code == 2
    assert "unknown precision 'fp16'" in r.output and len(r.output.strip().splitlines()) == 1
    assert not out.exists()


def test_cli_precision_env_sets_the_default(tmp_path, tiny_trained, monkeypatch):
    monkeypatch.setenv("YIGAI_PRECISION", "fp16")
    r = _run(["tag", NINGDE, "--model", str(tiny_trained.best_dir), "-o", str(tmp_path / "o.json")])
    assert r.exit_code == 2 and "unknown precision 'fp16'" in r.output
    r = _run(["tag", NINGDE, "--model", str(tiny_trained.best_dir), "--precision", "fp32", "-o", str(tmp_path / "o.json")])
    assert r.exit_code == 0, r.output

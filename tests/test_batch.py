"""Batch runs: bad-file matrix, resumability (incl. kill -9), path safety, records, parallel workers.

The pipeline is not needed here: a small stand-in tagger (defined in this file only)
marks each document's first line as a clause, which is enough to check what the
batch machinery writes, skips and reports.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from nlp.batch import MANIFEST_NAME, REPORT_NAME, _safe_rel, iter_outputs, plan_outputs, run_batch
from nlp.doc import Clause, Document

ROOT = Path(__file__).resolve().parents[1]
FIX = Path(__file__).parent / "fixtures" / "inputs"
CATALOGUE = ROOT / "data" / "catalogue" / "policies.jsonl"


def stand_in_tagger(doc: Document) -> Document:
    first = doc.text.split("\n", 1)[0]
    doc.clauses = [Clause(id="c0001", start=0, end=len(first), text=first)]
    doc.model = {"name": "stand-in", "version": "0"}
    return doc


class Counting:
    def __init__(self):
        self.calls = 0

    def __call__(self, doc):
        self.calls += 1
        return stand_in_tagger(doc)


def _cases():
    with open(FIX / "cases.tsv", encoding="utf-8") as f:
        return [row for row in csv.reader((ln for ln in f if not ln.startswith("#")), delimiter="\t") if row]


def _outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in (MANIFEST_NAME, REPORT_NAME, ".yigai-lock")}


@pytest.fixture()
def inputs(tmp_path):
    d = tmp_path / "in"
    shutil.copytree(FIX, d, ignore=shutil.ignore_patterns("*.py", "*.tsv", "records.jsonl", "__pycache__"))
    return d


def test_bad_file_matrix_and_rerun_does_no_work(inputs, tmp_path):
    out = tmp_path / "out"
    tagger = Counting()
    rep = run_batch([str(inputs)], out, tagger=tagger, progress=False)
    cases = _cases()
    good = [c for c in cases if c[1] == "ok"]
    bad = [c for c in cases if c[1] == "error"]
    assert rep.exit_code == 1
    assert tagger.calls == len(good) and rep.done == len(good) and rep.total == len(cases)
    reasons = {Path(f["file"]).name: f["reason"] for f in rep.failures}
    assert set(reasons) == {c[0] for c in bad}
    for name, _, phrase, *_ in bad:
        assert phrase in reasons[name] and "\n" not in reasons[name]
        assert not (out / f"{name}.json").exists()
    for name, *_ in good:
        obj = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        assert obj["source"] == str(inputs / name) and obj["clauses"][0]["id"] == "c0001"
    # nothing half-written: no temp files anywhere
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    report = json.loads((out / REPORT_NAME).read_text(encoding="utf-8"))
    assert report["failed"] == len(bad) and report["done"] == len(good)
    before = _outputs(out)
    # rerun: nothing is tagged again, failures are still reported
    tagger2 = Counting()
    rep2 = run_batch([str(inputs)], out, tagger=tagger2, progress=False)
    assert tagger2.calls == 0 and rep2.skipped == len(cases) and rep2.done == 0
    assert rep2.exit_code == 1 and len(rep2.failures) == len(bad)
    assert _outputs(out) == before


def test_changed_input_and_changed_model_are_redone(inputs, tmp_path):
    out = tmp_path / "out"
    run_batch([str(inputs)], out, tagger=stand_in_tagger, progress=False, fingerprint={"model": "a"})
    (inputs / "gbk_notice.txt").write_text("新的通知\n内容。", encoding="utf-8")
    t = Counting()
    run_batch([str(inputs)], out, tagger=t, progress=False, fingerprint={"model": "a"})
    assert t.calls == 1
    assert json.loads((out / "gbk_notice.txt.json").read_text(encoding="utf-8"))["clauses"][0]["text"] == "新的通知"
    t = Counting()
    run_batch([str(inputs)], out, tagger=t, progress=False, fingerprint={"model": "b"})
    assert t.calls == len([c for c in _cases() if c[1] == "ok"])


def test_users_file_is_not_overwritten_unless_forced(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("通知\n正文。", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt.json").write_text("mine", encoding="utf-8")
    rep = run_batch([str(src)], out, tagger=stand_in_tagger, progress=False)
    assert rep.exit_code == 1 and "not written by yigai" in rep.failures[0]["reason"]
    assert (out / "a.txt.json").read_text(encoding="utf-8") == "mine"
    rep = run_batch([str(src)], out, tagger=stand_in_tagger, progress=False, force=True)
    assert rep.exit_code == 0 and json.loads((out / "a.txt.json").read_text(encoding="utf-8"))["doc_id"]


@pytest.mark.parametrize("parts", [
    ["..", "..", "etc", "passwd"],
    ["/", "abs", "x.txt"],
    ["a\x00b", "c\\..\\d.txt"],
    ["CON:*?<>|.txt"],
    [".hidden", ".yigai-manifest.jsonl"],
    ["长" * 200 + ".txt"],
])
def test_safe_rel_never_escapes(tmp_path, parts):
    rel = _safe_rel(parts)
    target = (tmp_path / rel).resolve()
    assert str(target).startswith(str(tmp_path.resolve()) + os.sep)
    for comp in rel.split("/"):
        assert comp not in ("", ".", "..") and not comp.startswith(".")
        assert len(comp.encode("utf-8")) <= 190


def test_plan_outputs_collisions_are_deterministic(tmp_path):
    a, b = tmp_path / "x" / "docs", tmp_path / "y" / "docs"
    for d in (a, b):
        d.mkdir(parents=True)
        (d / "n.txt").write_text("通知", encoding="utf-8")
    (a / "N.txt").write_text("通知", encoding="utf-8")
    out = tmp_path / "out"
    plan = [(Path(i.path).relative_to(tmp_path).as_posix(), i.out_rel) for i in plan_outputs([str(a), str(b)], out)]
    assert plan == [("x/docs/N.txt", "docs/N.txt.json"), ("x/docs/n.txt", "docs/n.txt~2.json"),
                    ("y/docs/n.txt", "docs/n.txt~3.json")]
    assert plan == [(Path(i.path).relative_to(tmp_path).as_posix(), i.out_rel)
                    for i in plan_outputs([str(a), str(b)], out)]


def test_symlink_in_out_dir_cannot_redirect_writes(tmp_path):
    src = tmp_path / "in" / "sub"
    src.mkdir(parents=True)
    (src / "a.txt").write_text("通知\n正文。", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    rep = run_batch([str(tmp_path / "in")], out, tagger=stand_in_tagger, progress=False)
    assert rep.exit_code == 1 and "leave the output directory" in rep.failures[0]["reason"]
    assert list(elsewhere.iterdir()) == []


def test_weird_names_are_tagged_inside_out_dir(tmp_path):
    src = tmp_path / "in"
    (src / "x..").mkdir(parents=True)
    names = ["a:b*?.txt", "x\ty.txt", " 空格 .txt", "-rf.txt"]
    for n in names:
        (src / "x.." / n).write_text("通知\n正文。", encoding="utf-8")
    out = tmp_path / "out"
    rep = run_batch([str(src)], out, tagger=stand_in_tagger, progress=False)
    assert rep.exit_code == 0 and rep.done == len(names)
    written = [p for p in out.rglob("*.json") if p.name != REPORT_NAME]
    assert len(written) == len(names)
    assert all(str(p.resolve()).startswith(str(out.resolve())) for p in written)


def test_missing_input_reported_others_processed(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("通知\n正文。", encoding="utf-8")
    rep = run_batch([str(tmp_path / "nope"), str(src)], tmp_path / "out", tagger=stand_in_tagger, progress=False)
    assert rep.exit_code == 1 and rep.done == 1
    assert "no such file" in rep.failures[0]["reason"]


def test_parallel_equals_serial(inputs, tmp_path):
    run_batch([str(inputs)], tmp_path / "s", tagger=stand_in_tagger, progress=False)
    rep = run_batch([str(inputs)], tmp_path / "p", tagger_factory=lambda: stand_in_tagger, jobs=2, progress=False)
    assert rep.done == len([c for c in _cases() if c[1] == "ok"])
    assert _outputs(tmp_path / "s") == _outputs(tmp_path / "p")


def test_records_batch_one_jsonl_per_file_bad_lines_reported(tmp_path):
    out = tmp_path / "out"
    rep = run_batch([str(FIX / "records.jsonl")], out, tagger=stand_in_tagger, records=True, progress=False)
    assert rep.exit_code == 1 and rep.documents == 3
    assert rep.failures[0]["reason"].startswith(f"{FIX / 'records.jsonl'}:2:")
    lines = (out / "records.jsonl.tag.jsonl").read_text(encoding="utf-8").splitlines()
    objs = [json.loads(x) for x in lines]
    assert [o["doc_id"] for o in objs] == ["1001", "1002", "1003"]
    assert objs[0]["issued"] == "2015-09-08" and objs[0]["issued_rule"] == "record"
    assert [o["doc_id"] for o in iter_outputs(out)] == ["1001", "1002", "1003"]


def test_catalogue_batch_parallel_keeps_order(tmp_path):
    out = tmp_path / "out"
    rep = run_batch([str(CATALOGUE)], out, tagger_factory=lambda: stand_in_tagger, jobs=2, records=True,
                    progress=False)
    assert rep.exit_code == 0 and rep.documents == 1925
    ids = [o["doc_id"] for o in iter_outputs(out)]
    with open(CATALOGUE, encoding="utf-8") as f:
        assert ids == [json.loads(x)["id"] for x in f]


_SCRIPT = """
import sys, time
from pathlib import Path
from nlp.batch import run_batch
from nlp.doc import Clause

def tagger(doc):
    time.sleep(0.04)
    first = doc.text.split("\\n", 1)[0]
    doc.clauses = [Clause(id="c0001", start=0, end=len(first), text=first)]
    return doc

def factory():
    return tagger

if __name__ == "__main__":
    jobs = int(sys.argv[3])
    rep = run_batch([sys.argv[1]], Path(sys.argv[2]), tagger_factory=factory, jobs=jobs, progress=False)
    sys.exit(rep.exit_code)
"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_kill_and_resume_gives_same_outputs(tmp_path, jobs):
    src = tmp_path / "in"
    for i in range(40):
        d = src / f"g{i % 3}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"doc{i:02d}.txt").write_text(f"第{i}号通知\n" + "推进医保支付方式改革。" * (i + 1), encoding="utf-8")
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(_SCRIPT), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    full, killed = tmp_path / "full", tmp_path / "killed"
    r = subprocess.run([sys.executable, str(script), str(src), str(full), str(jobs)], env=env, capture_output=True)
    assert r.returncode == 0, r.stderr.decode()
    p = subprocess.Popen([sys.executable, str(script), str(src), str(killed), str(jobs)], env=env,
                         start_new_session=True)
    manifest = killed / MANIFEST_NAME
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if manifest.exists() and manifest.read_text(encoding="utf-8").count('"event": "done"') >= 8:
            break
        time.sleep(0.02)
    os.killpg(p.pid, signal.SIGKILL)  # the whole group: the batch and its pool workers
    p.wait()
    partial = [k for k in _outputs(killed) if not k.endswith(".tmp")]
    assert 0 < len(partial) < 40, "the run should have been killed midway"
    assert not (killed / REPORT_NAME).exists()
    r = subprocess.run([sys.executable, str(script), str(src), str(killed), str(jobs)], env=env, capture_output=True)
    assert r.returncode == 0, r.stderr.decode()
    rep = json.loads((killed / REPORT_NAME).read_text(encoding="utf-8"))
    assert rep["skipped"] >= 8 and rep["done"] + rep["skipped"] == 40
    assert _outputs(killed) == _outputs(full)
    assert not [q for q in killed.rglob("*.tmp")]


def test_record_identity_survives_the_tagger():
    from nlp.batch import tag_keeping_record_identity
    from nlp.doc import Identity
    from nlp.io.records import iter_records

    seen = {}

    def forgetful(doc, ref_date=None):  # an identify() that guesses from text only
        seen["ref_date"] = ref_date
        doc.identity = Identity(title="猜的标题", issued=None)
        return doc

    doc = next(iter_records(FIX / "records.jsonl"))
    out = tag_keeping_record_identity(forgetful, None, doc)
    assert seen["ref_date"] == "2015-09-08"
    assert (out.identity.issued, out.identity.issued_rule, out.identity.title) == (
        "2015-09-08", "record", "国务院办公厅关于推进分级诊疗制度建设的指导意见")


def test_catalogue_with_real_pipeline_every_dated_record_on_the_timeline(tmp_path):
    pytest.importorskip("nlp.pipeline")
    from nlp.timeline import build_timeline

    out = tmp_path / "out"
    rep = run_batch([], out, records=str(CATALOGUE), options={"no_model": True}, progress=False)
    assert rep.exit_code == 0 and rep.documents == 1925
    tl = build_timeline(iter_outputs(out))
    with open(CATALOGUE, encoding="utf-8") as f:
        dated = {json.loads(x)["id"]: json.loads(x)["date"] for x in f}
    issued = {e["doc_id"]: e["start"] for e in tl["events"] if e["type"] == "issued"}
    assert issued == {k: v for k, v in dated.items() if v}


def test_stale_temp_files_of_ours_are_removed_others_kept(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("通知\n正文。", encoding="utf-8")
    out = tmp_path / "out"
    run_batch([str(src)], out, tagger=stand_in_tagger, progress=False)
    ours = out / ".a.txt.json.ab12cd34.tmp"
    theirs = out / ".notes.txt.ab12cd34.tmp"
    ours.write_text("half", encoding="utf-8")
    theirs.write_text("keep", encoding="utf-8")
    run_batch([str(src)], out, tagger=stand_in_tagger, progress=False)
    assert not ours.exists() and theirs.read_text(encoding="utf-8") == "keep"


class _BrokenFactory:
    def __call__(self):
        from nlp.errors import ModelError

        raise ModelError("model.safetensors is truncated", path="models/x", fix="restore the model")


def test_worker_that_cannot_build_its_tagger_stops_the_run_with_one_line(tmp_path):
    from nlp.errors import YigaiError

    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"{i}.txt").write_text("通知\n正文。", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(YigaiError, match="truncated") as ei:
        run_batch([str(src)], out, tagger_factory=_BrokenFactory(), jobs=2, progress=False)
    assert "\n" not in str(ei.value)
    # nothing was recorded as failed, so a rerun with a good model does all the work
    rep = run_batch([str(src)], out, tagger_factory=lambda: stand_in_tagger, jobs=2, progress=False)
    assert rep.done == 3 and rep.exit_code == 0

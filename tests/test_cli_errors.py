"""Every command that takes a path answers a missing one with one `yigai: error:` line naming it (exit 2).

Runs each command for real (no mocks), so a command that crashes before it even looks at
its input (an import error, a bad option wiring) fails here.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from nlp.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    "args",
    [
        ["train", "{missing}.json"],
        ["evaluate", "{missing}"],
        ["evaluate", "{missing}", "--split", "dev"],
        ["model", "info", "{missing}"],
        ["annotations", "split", "{missing}"],
        ["annotations", "build", "{missing}"],
        ["annotations", "agreement", "{missing}"],
        ["annotations", "import", "{missing}.json"],
        ["tag", "x.txt", "--model", "{missing}"],
    ],
    ids=lambda a: " ".join(a[:2]) + (" " + " ".join(a[3:]) if len(a) > 3 else ""),
)
def test_a_missing_path_is_one_error_line(tmp_path, args):
    missing = str(tmp_path / "nowhere")
    (tmp_path / "x.txt").write_text("关于印发某某实施方案的通知\n一、总体要求\n到2025年,基层就诊率达到65%。\n", encoding="utf-8")
    argv = [a.replace("{missing}", missing) if a != "x.txt" else str(tmp_path / "x.txt") for a in args]
    res = runner.invoke(app, argv)
    assert res.exit_code == 2, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    errors = [line for line in res.output.splitlines() if line.startswith("yigai: error:")]
    assert len(errors) == 1 and missing in errors[0], res.output
    assert "Traceback" not in res.output

"""Open the HTML report in headless Chromium: the chart and the table render, with no script errors.

Skipped when /usr/bin/chromium is absent (install it with `apt-get install -y chromium`).
The page reports its own state on <body> (data-rendered-events, data-chart-bars,
data-table-rows, data-errors) and a window.onerror hook writes errors into <pre id="errors">;
`--dump-dom` after a virtual time budget gives the DOM after every script ran.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from nlp.report import write_html

CHROMIUM = "/usr/bin/chromium"
FIX = Path(__file__).parent / "fixtures" / "inputs"
ROOT = Path(__file__).resolve().parents[1]
TL = json.loads((FIX / "timeline.json").read_text(encoding="utf-8"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed (apt-get install -y chromium)"),
]


def _chromium(url: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
           f"--user-data-dir={profile}", "--virtual-time-budget=10000", *extra, url]
    try:
        return subprocess.run(cmd, capture_output=True, timeout=90, cwd=tmp_path)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _dom(path: Path, tmp_path: Path, fragment: str = "") -> str:
    r = _chromium(path.as_uri() + fragment, tmp_path, "--dump-dom")
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")[-2000:]
    return r.stdout.decode("utf-8")


def _body_attrs(dom: str) -> dict[str, str]:
    m = re.search(r"<body([^>]*)>", dom)
    assert m, dom[:500]
    return dict(re.findall(r'([\w-]+)="([^"]*)"', m.group(1)))


def test_report_renders_chart_and_table(tmp_path):
    page = write_html(TL, tmp_path / "report.html", title="测试报告")
    dom = _dom(page, tmp_path)
    attrs = _body_attrs(dom)
    assert attrs["data-errors"] == "0", re.search(r'<pre id="errors">(.*?)</pre>', dom, re.S).group(1)
    assert attrs["data-rendered-events"] == str(len(TL["events"]))
    # stacked bars: one segment per (year, primary theme): 2015 none, 2017 fenji, 2020 none+yaopin,
    # 2022 fenji, 2023 none+yigongti, 2025 gongli; the undated event is only in the table
    assert attrs["data-chart-bars"] == "8"
    assert dom.count('class="bar"') == 8
    deadlines_and_targets = [e for e in TL["events"] if e["type"] in ("deadline", "target")]
    assert attrs["data-table-rows"] == str(len(deadlines_and_targets))
    assert len(re.findall(r'<tr id="ev-\d+"', dom)) == len(deadlines_and_targets)
    # sorted by date, undated last
    dates = re.findall(r'<td class="date">([^<]*)</td>', dom)
    assert dates == ["2017-12-31", "2020-12-31", "2022-12-31", "2023-12-31", "—"]
    # the hostile clause is shown as text, and no script was injected
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert len(re.findall(r"<script\b", dom)) == 3
    assert "已显示 9 个事件" in dom


def test_anchor_opens_the_clause(tmp_path):
    page = write_html(TL, tmp_path / "report.html")
    dom = _dom(page, tmp_path, "#ev-4")
    row = re.search(r'<tr id="ev-4".*?</tr>', dom, re.S).group(0)
    assert "<details open" in row and "县域内就诊率达到90%以上" in row


def test_catalogue_scale_report_renders(tmp_path):
    docs, events = [], []
    with open(ROOT / "data" / "catalogue" / "policies.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            docs.append({"doc_id": r["id"], "title": r["title"], "region": None, "issued": r["date"]})
            events.append({"doc_id": r["id"], "clause_id": None, "type": "issued", "start": r["date"], "end": r["date"],
                           "text": r["title"], "themes": [], "targets": [], "agencies": {}})
            events.append({"doc_id": r["id"], "clause_id": "c0001", "type": "deadline", "start": None,
                           "end": r["date"], "text": r["summary"], "themes": ["yibao"], "targets": [], "agencies": {}})
    page = write_html({"documents": docs, "events": events}, tmp_path / "big.html")
    dom = _dom(page, tmp_path)
    attrs = _body_attrs(dom)
    assert attrs["data-errors"] == "0"
    assert attrs["data-rendered-events"] == str(len(events))
    assert attrs["data-table-matches"] == "1925" and attrs["data-table-rows"] == "500"  # first page of rows
    assert int(attrs["data-chart-bars"]) >= 2


def test_screenshot_is_written(tmp_path):
    page = write_html(TL, tmp_path / "report.html")
    shot = tmp_path / "shot.png"
    r = _chromium(page.as_uri(), tmp_path, f"--screenshot={shot}", "--window-size=1200,900")
    assert r.returncode == 0 and shot.exists() and shot.stat().st_size > 5000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_stack_by_region_and_query_string_view(tmp_path):
    page = write_html(TL, tmp_path / "report.html")
    # (year, region) segments: 2015 全国, 2017 全国, 2020 慈溪市, 2022 慈溪市, 2023 宁德, 2025 慈溪市
    attrs = _body_attrs(_dom(page, tmp_path, "?stack=region"))
    assert attrs["data-errors"] == "0" and attrs["data-chart-bars"] == "6"
    dom = _dom(page, tmp_path, "?type=all&q=%E5%8C%BB%E5%85%B1%E4%BD%93")  # q=医共体 (text or theme name)
    attrs = _body_attrs(dom)
    assert attrs["data-errors"] == "0" and attrs["data-table-rows"] == "2"
    assert sorted(re.findall(r'<tr id="ev-(\d+)"', dom)) == ["4", "7"]
    attrs = _body_attrs(_dom(page, tmp_path, "?region=%E6%85%88%E6%BA%AA%E5%B8%82&type=all"))  # 慈溪市
    assert attrs["data-table-rows"] == "4" and attrs["data-chart-bars"] == "4"

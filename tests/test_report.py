"""The analyst's report: filtering, CSV for Excel, the self-contained HTML page (escaping!)."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nlp.errors import YigaiError
from nlp.report import CSV_COLUMNS, filter_timeline, render_html, write_csv, write_html

FIX = Path(__file__).parent / "fixtures" / "inputs"
TL = json.loads((FIX / "timeline.json").read_text(encoding="utf-8"))


def _filter_cases():
    with open(FIX / "filter_cases.tsv", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if line.startswith("#") or not line.strip():
                continue
            themes, regions, since, until, expected = line.rstrip("\n").split("\t")
            yield pytest.param(themes, regions, since, until, expected, id=f"row{n}")


def _split(s):
    return [x for x in s.split(",") if x] or None


@pytest.mark.parametrize("themes,regions,since,until,expected", list(_filter_cases()))
def test_filter_timeline(themes, regions, since, until, expected):
    out = filter_timeline(TL, themes=_split(themes), regions=_split(regions), since=since or None, until=until or None)
    assert [e["clause_id"] for e in out["events"]] == expected.split(",")
    assert {d["doc_id"] for d in out["documents"]} == {e["doc_id"] for e in out["events"]}
    assert len(TL["events"]) == 9  # the input is not modified


def test_filter_bad_date():
    with pytest.raises(YigaiError, match="not YYYY"):
        filter_timeline(TL, since="去年")


def test_csv_has_bom_and_all_events(tmp_path):
    p = write_csv(TL, tmp_path / "t.csv")
    raw = p.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert list(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == len(TL["events"])
    r = next(r for r in rows if r["clause_id"] == "c0012")
    assert (r["date"], r["region"], r["lead"], r["theme_names"]) == ("2020-12-31", "慈溪市", "市医保局", "药品耗材 医保")
    r = next(r for r in rows if r["clause_id"] == "c0020")
    assert r["targets"] == "县域内就诊率达到90%以上"
    assert (r["expression"], r["text"]) == ("到2022年", "到2022年，县域内就诊率达到90%以上。")
    # formula injection neutralised
    assert next(r for r in rows if r["clause_id"] == "c0007")["text"].startswith("'=")


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in: dict | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "script":
            self._in, self._buf = dict(attrs), []

    def handle_data(self, data):
        if self._in is not None:
            self._buf.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in is not None:
            self.scripts.append((self._in, "".join(self._buf)))
            self._in = None


def test_html_escapes_document_text_and_round_trips_data():
    page = render_html(TL, title="报告 <img src=x onerror=alert(2)>")
    # no document text can open or close a tag
    assert "<script>alert(1)" not in page and "alert(1)</script>" not in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "尽快落实</script>" not in page and "<!-- 相关" not in page
    p = _Collect()
    p.feed(page)
    # exactly three scripts: the error hook, the data, the app; no external sources
    assert len(p.scripts) == 3 and all("src" not in a for a, _ in p.scripts)
    data_attrs, data_text = p.scripts[1]
    assert data_attrs == {"type": "application/json", "id": "yigai-data"}
    data = json.loads(data_text)
    assert len(data["events"]) == len(TL["events"])
    assert data["events"][3]["text"] == TL["events"][3]["text"]  # exact text survives escaping
    assert data["events"][8]["text"] == "尽快落实</script><!-- 相关</p>"


def test_html_is_self_contained(tmp_path):
    page = write_html(TL, tmp_path / "r.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "@import" not in page
    assert "default-src 'none'" in page  # the page may not fetch anything
    assert 'data-rendered-events=""' in page


def test_html_empty_timeline():
    page = render_html({"documents": [], "events": []})
    assert "0 份文件，0 个事件" in page


def test_writers_can_refuse_to_overwrite(tmp_path):
    from nlp.errors import InputError

    for writer, name in ((write_csv, "t.csv"), (write_html, "t.html")):
        p = tmp_path / name
        p.write_text("mine", encoding="utf-8")
        with pytest.raises(InputError, match="already exists"):
            writer(TL, p, overwrite=False)
        assert p.read_text(encoding="utf-8") == "mine"

"""Input readers: HTML (GBK gov pages), DOCX, PDF, text, stdin, records; the bad-file matrix."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nlp.errors import InputError
from nlp.io.html import html_to_text
from nlp.io.load import SUPPORTED_SUFFIXES, load_bytes, load_path, sniff_format
from nlp.io.pdf import join_lines
from nlp.io.records import iter_record_results, iter_records, normalize_date

FIX = Path(__file__).parent / "fixtures" / "inputs"
ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "data" / "catalogue" / "policies.jsonl"


def _cases():
    with open(FIX / "cases.tsv", encoding="utf-8") as f:
        for row in csv.reader((ln for ln in f if not ln.startswith("#")), delimiter="\t"):
            if row:
                yield pytest.param(row[0], row[1], row[2:], id=row[0])


@pytest.mark.parametrize("name,outcome,expected", list(_cases()))
def test_load_path_matrix(name, outcome, expected):
    path = FIX / name
    if outcome == "ok":
        doc = load_path(str(path))
        assert doc.meta["format"] == expected[0]
        assert doc.source == str(path)
        for phrase in expected[1:]:
            assert phrase in doc.text
        assert "\r" not in doc.text
    else:
        with pytest.raises(InputError) as ei:
            load_path(str(path))
        msg = str(ei.value)
        assert "\n" not in msg
        assert str(path) in msg
        assert expected[0] in msg


def test_gov_html_drops_chrome_keeps_body_and_meta():
    doc = load_path(str(FIX / "gov_gbk.html"))
    t = doc.text
    for chrome in ("首页", "当前位置", "版权所有", "分享到", "菜单脚本", "机构概况", "相关文件", "color:red"):
        assert chrome not in t, chrome
    lines = t.split("\n")
    assert lines[0] == "某市人民政府办公室关于印发深化医药卫生体制改革实施方案的通知"
    assert "发布时间：2020-08-20" in lines[1]
    assert "某政办发〔2020〕68号" in t and t.rstrip().endswith("2020年8月18日")
    assert doc.meta["published"].startswith("2020-08-20")
    assert doc.meta["encoding"] == "gb18030"
    assert doc.meta["source_name"] == "某市人民政府办公室"
    # the table row stays one line, cells in order
    assert "县域内就诊率\t85%\t≥90%" in lines


def test_html_charset_declared_but_wrong_falls_back():
    page = '<html><head><meta charset="gbk"></head><body><div class="content"><p>医保支付方式改革，到2025年全面推开。</p></div></body></html>'
    doc = load_bytes(page.encode("utf-8"), "x.html", name="x.html")
    assert "医保支付方式改革" in doc.text


def test_html_largest_text_block_without_known_ids():
    links = "".join(f'<li><a href="/{i}">栏目链接{i}</a></li>' for i in range(30))
    body = "".join(f"<p>第{i}段：推进公立医院综合改革，落实政府投入责任，加强绩效考核。</p>" for i in range(8))
    page = f"<html><body><div class=x1><ul>{links}</ul></div><div class=x2>{body}</div><div class=x3>联系我们 | 网站地图</div></body></html>"
    text, _ = html_to_text(page)
    assert "栏目链接" not in text and "网站地图" not in text
    assert text.count("推进公立医院综合改革") == 8


def test_html_script_text_never_extracted():
    page = "<html><body><div id=zoom><p>正文内容：加强医保基金监管工作。</p><script>document.write('<p>evil</p>')</script></div></body></html>"
    text, _ = html_to_text(page)
    assert "evil" not in text and "加强医保基金监管工作" in text


def test_pdf_join_lines_keeps_items_and_drops_page_numbers():
    lines = ["一、总体要求", "到2025年，基本建成覆盖城乡居民的基本医疗卫生制度，", "人民健康水平持续提升。",
             "- 3 -", "（一）深化医保支付方式改革，推进按病种付费改革工作，", "全面推开。"]
    out = join_lines(lines)
    assert out == ["一、总体要求", "到2025年，基本建成覆盖城乡居民的基本医疗卫生制度，人民健康水平持续提升。",
                   "（一）深化医保支付方式改革，推进按病种付费改革工作，全面推开。"]


def test_pdf_short_lines_not_joined():
    assert join_lines(["附件", "某市卫生健康委员会", "2021年3月1日"]) == ["附件", "某市卫生健康委员会", "2021年3月1日"]


@pytest.mark.parametrize("head,name,fmt", [
    (b"%PDF-1.4", "a.txt", "pdf"),
    (b"PK\x03\x04rest", "a.doc", "docx"),
    (bytes.fromhex("D0CF11E0A1B11AE1"), "a.docx", "ole"),
    (b"<!DOCTYPE html><html>", "a.txt", "html"),
    ("纯文本".encode(), "a.htm", "html"),
    ("纯文本".encode(), "a.txt", "text"),
])
def test_sniff_format(head, name, fmt):
    assert sniff_format(head, name) == fmt


def test_stdin_text_and_pdf(tmp_path):
    code = "from nlp.io.load import load_path; d = load_path('-'); print(d.meta['format'], d.source, d.text.splitlines()[0])"
    gbk = "关于推进分级诊疗的通知\n正文。".encode("gbk")
    r = subprocess.run([sys.executable, "-c", code], input=gbk, capture_output=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode("utf-8").split() == ["text", "<stdin>", "关于推进分级诊疗的通知"]
    pdf = (FIX / "notice.pdf").read_bytes()
    r = subprocess.run([sys.executable, "-c", code], input=pdf, capture_output=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode("utf-8").split()[:2] == ["pdf", "<stdin>"]


def test_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_path(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        load_path(str(tmp_path))


def test_supported_suffixes():
    for s in (".txt", ".html", ".htm", ".docx", ".pdf"):
        assert s in SUPPORTED_SUFFIXES


# ---- records -------------------------------------------------------------------------------------

def test_records_fixture_bad_line_reported_others_continue():
    errors = []
    docs = list(iter_records(FIX / "records.jsonl", on_error=errors.append))
    assert [d.doc_id for d in docs] == ["1001", "1002", "1003"]
    assert len(errors) == 1 and f"{FIX / 'records.jsonl'}:2:" in str(errors[0])
    d = docs[0]
    assert d.text == "国务院办公厅关于推进分级诊疗制度建设的指导意见\n到2017年，分级诊疗政策体系逐步完善。"
    assert (d.identity.issued, d.identity.issued_rule) == ("2015-09-08", "record")
    assert d.identity.doc_number == "国办发〔2015〕70号" and d.identity.issuer == "国务院办公厅"
    assert d.meta["url"] == "https://example.invalid/1"
    assert docs[1].text.endswith("2021年底前完成。")
    assert docs[2].identity.issued is None and docs[2].identity.issued_rule is None


@pytest.mark.parametrize("line,reason", [
    ('[1, 2]', "not a JSON object"),
    ('{"id": "x"}', "neither title nor text"),
    ('{"title": "t", "date": "2020-02-30"}', "day is out of range"),
    ('{"title": "t", "date": "明年"}', "is not YYYY-MM-DD"),
    ('{"title": 5.5, "summary": {"a": 1}}', "not text"),
    ('not json', "not valid JSON"),
])
def test_records_bad_lines(tmp_path, line, reason):
    p = tmp_path / "r.jsonl"
    p.write_text('{"title": "好记录", "date": "2020/8/20"}\n\n' + line + "\n", encoding="utf-8")
    results = list(iter_record_results(p))
    assert results[0].doc is not None and results[0].doc.identity.issued == "2020-08-20"
    assert results[1].line == 3 and results[1].error is not None
    assert reason in str(results[1].error) and f"{p}:3:" in str(results[1].error)


def test_catalogue_every_record_loads_with_its_date():
    n = 0
    for r in iter_record_results(CATALOGUE):
        assert r.error is None, str(r.error)
        n += 1
        assert r.doc.identity.issued and r.doc.identity.issued_rule == "record"
    assert n == 1925


def test_normalize_date_forms():
    assert normalize_date("2020-8-2") == "2020-08-02"
    assert normalize_date("2020.08.02 10:30") == "2020-08-02"
    assert normalize_date("") is None


# ---- atomic writes ------------------------------------------------------------------------------

def test_atomic_json_unescaped_and_normal_permissions(tmp_path):
    from nlp.io.atomic import write_json_atomic

    old = os.umask(0o022)
    try:
        p = write_json_atomic(tmp_path / "sub" / "a.json", {"t": "医保"})
    finally:
        os.umask(old)
    assert p.read_text(encoding="utf-8") == '{\n  "t": "医保"\n}\n'
    assert p.stat().st_mode & 0o777 == 0o644
    assert [x.name for x in p.parent.iterdir()] == ["a.json"]


def test_atomic_refuses_foreign_file_and_keeps_old_on_failure(tmp_path):
    from nlp.io.atomic import open_atomic, write_text_atomic

    p = tmp_path / "user.txt"
    p.write_text("用户的文件", encoding="utf-8")
    with pytest.raises(InputError, match="--force"):
        write_text_atomic(p, "新内容", overwrite=False)
    with pytest.raises(RuntimeError):
        with open_atomic(p) as f:
            f.write("写了一半")
            raise RuntimeError("crash")
    assert p.read_text(encoding="utf-8") == "用户的文件"
    assert [x.name for x in tmp_path.iterdir()] == ["user.txt"]


@pytest.mark.parametrize("name,chrome", [
    ("zhengceku_table_meta.html", ["首页", "相关稿件", "一图读懂", "网站地图", "京ICP备"]),
    ("table_layout_gbk.htm", ["机构设置", "通知公告", "工作动态", "备案号"]),
])
def test_html_layouts_drop_chrome(name, chrome):
    doc = load_path(str(FIX / name))
    for c in chrome:
        assert c not in doc.text, c
    assert doc.text.rstrip().splitlines()[-1] in ("（此件公开发布）", "2019年3月1日")


def test_html_identity_lines_come_before_the_body():
    lines = load_path(str(FIX / "zhengceku_table_meta.html")).text.splitlines()
    meta_row = next(i for i, ln in enumerate(lines) if ln.startswith("发文字号："))
    body = next(i for i, ln in enumerate(lines) if ln.startswith("各省、自治区"))
    assert meta_row < body
    assert "成文日期：\t2017年06月20日" in "\n".join(lines)


def _make():
    sys.path.insert(0, str(FIX))
    try:
        import make  # tests/fixtures/inputs/make.py
    finally:
        sys.path.pop(0)
    return make


def test_pdf_running_header_page_numbers_and_cross_page_sentence(tmp_path):
    make = _make()
    head = "某市卫生健康委员会文件"
    long1 = "为深入贯彻落实深化医药卫生体制改革的决策部署，进一步推"
    pages = [
        [head, "关于推进紧密型县域医共体建设的通知", "各县（市、区）卫生健康局：", long1, "— 1 —"],
        [head, "动优质医疗资源下沉，现就有关事项通知如下。", "一、总体要求", "到2025年，全面建成", "— 2 —"],
        [head, "二、保障措施", "各地要加强组织领导。", "— 3 —"],
    ]
    p = tmp_path / "n.pdf"
    p.write_bytes(make.pdf_bytes(pages))
    text = load_path(str(p)).text
    assert head not in text and "—" not in text
    assert long1 + "动优质医疗资源下沉，现就有关事项通知如下。" in text.splitlines()
    assert text.splitlines()[0] == "关于推进紧密型县域医共体建设的通知"
    assert "一、总体要求" in text.splitlines() and "二、保障措施" in text.splitlines()


def test_pdf_cjk_gaps_removed(tmp_path):
    make = _make()
    p = tmp_path / "g.pdf"
    p.write_bytes(make.pdf_bytes([["国 务 院 办 公 厅关于 印发 通知", "Health Reform 2025 plan"]]))
    lines = load_path(str(p)).text.splitlines()
    assert lines == ["国务院办公厅关于印发通知", "Health Reform 2025 plan"]


def test_encrypted_docx_is_not_called_legacy(tmp_path):
    p = tmp_path / "protected.docx"
    p.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
    with pytest.raises(InputError, match="password-protected"):
        load_path(str(p))


@pytest.mark.parametrize("page,phrase", [
    ('<html><head><title>国家卫健委</title></head><body><div id="app"></div><script>render()</script></body></html>',
     "no article text"),
    ("<html><frameset><frame src='a.html'></frameset></html>", "no article text"),
    ("", "empty"),
])
def test_html_without_article_text(tmp_path, page, phrase):
    p = tmp_path / "x.html"
    p.write_text(page, encoding="utf-8")
    with pytest.raises(InputError, match=phrase):
        load_path(str(p))


def test_xhtml_xml_declaration_charset(tmp_path):
    page = ('<?xml version="1.0" encoding="big5"?><html xmlns="http://www.w3.org/1999/xhtml"><body>'
            '<div class="content"><p>索&nbsp;&nbsp;引：加強基層醫療衛生服務能力建設。</p></div></body></html>')
    p = tmp_path / "x.xhtml"
    p.write_bytes(page.encode("big5"))
    doc = load_path(str(p))
    assert doc.meta["encoding"] == "big5" and "索 引：加強基層醫療衛生服務能力建設。" in doc.text


def test_jsonl_given_as_document_points_to_records_option():
    with pytest.raises(InputError, match="--records"):
        load_path(str(FIX / "records.jsonl"))

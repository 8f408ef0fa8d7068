"""Text loading: encodings, line endings, refusal of binary and empty files."""

from __future__ import annotations

import codecs

import pytest

from nlp.errors import InputError
from nlp.io.text import decode_bytes, doc_id_from_path, load_text

SAMPLE = "慈溪市人民政府办公室\r\n一、总体目标（试行）:到2025年,县域就诊率达到90%。\r\n“三医联动”，“六医统筹”！\r\n"
EXPECTED = SAMPLE.replace("\r\n", "\n")


@pytest.mark.parametrize(
    "encoding,prefix,expected_name",
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("gbk", b"", "gb18030"),
        ("gb18030", b"", "gb18030"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
        ("utf-16-le", b"", "utf-16-le"),
        ("utf-16-be", b"", "utf-16-be"),
    ],
)
def test_decode_encodings(tmp_path, encoding, prefix, expected_name):
    p = tmp_path / "doc.txt"
    p.write_bytes(prefix + SAMPLE.encode(encoding))
    doc = load_text(p)
    assert doc.text == EXPECTED
    assert doc.meta["encoding"] == expected_name
    assert doc.source == str(p)
    assert doc.doc_id == "doc"


def test_line_endings_normalised_only():
    text, enc = decode_bytes("a\r\nb\rc\n全角，半角,".encode("utf-8"), "x.txt")
    assert text == "a\nb\nc\n全角，半角,"
    assert enc == "utf-8"


@pytest.mark.parametrize(
    "data,needle",
    [
        (b"", "empty"),
        (b"  \n\r\n\t ", "whitespace"),
        ("   \u3000\n".encode("utf-8"), "whitespace"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20, "binary"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(128, 256)) * 3, "binary"),
    ],
)
def test_refuses_bad_input_with_one_line_error(data, needle):
    with pytest.raises(InputError) as ei:
        decode_bytes(data, "bad/file.txt")
    msg = str(ei.value)
    assert "bad/file.txt" in msg and needle in msg
    assert "\n" not in msg


def test_missing_file_is_input_error(tmp_path):
    with pytest.raises(InputError):
        load_text(tmp_path / "nope.txt")


@pytest.mark.parametrize(
    "name,slug",
    [
        ("cixi-2020-sanyi-liandong.txt", "cixi-2020-sanyi-liandong"),
        ("Nat_001.TXT", "nat_001".replace("_", "-")),
        ("关于 印发(试行).txt", "关于-印发-试行"),
        ("!!!.txt", None),
    ],
)
def test_doc_id_slug_is_stable(name, slug):
    got = doc_id_from_path("some/dir/" + name)
    assert got == doc_id_from_path(name)
    if slug is None:
        assert got.startswith("doc-") and len(got) == 14
    else:
        assert got == slug


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_decode_bytes_returns_text_or_input_error(data):
    try:
        text, enc = decode_bytes(data, "any.txt")
    except InputError as e:
        assert "any.txt" in str(e) and "\n" not in str(e)
    else:
        assert text.strip() and "\r" not in text and enc


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=200).filter(lambda s: s.strip() and "\x00" not in s))
def test_utf8_text_round_trips_up_to_newlines(s):
    try:
        text, _ = decode_bytes(s.encode("utf-8"), "t.txt")
    except InputError:
        return  # mostly control characters: refused as binary, which is allowed
    assert text == s.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")

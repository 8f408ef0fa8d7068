"""HTML pages saved from (Chinese government) web sites → the article's plain text.

Steps:

1. **Decode** with the charset the page declares (BOM, ``<meta charset>`` or
   ``http-equiv`` content type; GB2312/GBK are read as their superset GB18030),
   falling back to UTF-8 and then to ``charset_normalizer`` detection.
2. **Metadata**: ``<meta name="ArticleTitle|PubDate|ContentSource|...">`` (the
   TRS/Hanweb CMS fields almost every gov site emits), ``<title>`` and the
   first ``<h1>`` go to ``Document.meta``.
3. **Article body**: navigation, headers, footers, scripts, styles, forms and
   blocks whose id/class say ``nav|footer|share|breadcrumb...`` are dropped;
   then a readability-style score picks the article container: text-bearing
   blocks give points (length and Chinese punctuation) to their parent and
   half to their grandparent, scaled down by link density, with a bonus for
   ids/classes gov CMSs use for the article (``TRS_Editor``, ``zoom``,
   ``pages_content``, ``article``, ``content`` ...).
4. **Header lines**: the title and the short “发布时间：… 来源：…” /
   “发文字号 / 成文日期” lines that sit *outside* the body on gov pages are
   kept in front of the body, because identity extraction needs them.
5. **Text**: block elements become lines, ``<br>`` a line break, table rows
   one line with cells separated by a tab. Offsets of every later stage refer
   to this extracted text (``tag --write-text DIR`` writes it out).

Public functions: :func:`decode_html`, :func:`html_to_text`, :func:`load_html`.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from nlp.doc import Document
from nlp.errors import InputError

# Tags whose content is never article text.
_DROP_TAGS = ("script", "style", "noscript", "iframe", "nav", "footer", "form", "button",
              "select", "option", "input", "textarea", "svg", "canvas", "object", "embed", "aside",
              "map", "template", "audio", "video", "link", "meta", "head")

# id/class fragments of page chrome (matched as substrings, lower-case).
_NEGATIVE = re.compile(
    r"nav|menu|footer|foot\b|bottom|breadcrumb|crumb|banner|topbar|sidebar|side_|share|"
    r"comment|copyright|toolbar|search|login|weixin|wechat|qrcode|erweima|advert|\bad\b|ads_|"
    r"related|xgwj|xglj|links?\b|friend|print|dayin|guanbi|close|skip|position|location|dqwz|"
    r"pagination|pager|fenxiang|gotop|totop|wza|barrier|accessib",
    re.I,
)
# id/class names gov CMSs and common templates give the article container.
_POSITIVE = re.compile(
    r"trs_editor|trs_word|zoom|pages_content|pages-content|ucap-content|article|artibody|content|"
    r"zwnr|xxgk_content|detail|main-text|maintext|text_con|con_text|news_con|newscon|txt|"
    r"body|wenzhang|zhengwen|neirong|view",
    re.I,
)
# Short lines outside the body that carry document identity on gov pages.
_HEADER_LINE = re.compile(
    r"(发布时间|发布日期|成文日期|印发日期|发文日期|发文字号|文号|发文机关|发布机构|来源|索引号|"
    r"主题分类|时间[:：]|日期[:：])"
)
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "table", "tr", "ul", "ol", "li", "h1", "h2", "h3", "h4",
    "h5", "h6", "blockquote", "pre", "dl", "dt", "dd", "center", "tbody", "thead", "tfoot", "figure",
    "figcaption", "hr", "address", "caption", "body", "html", "font_block",
}
# Metadata names kept (case-insensitive) from <meta name=...>.
_META_KEYS = {
    "articletitle": "title", "title": "title", "pubdate": "published", "firstpublishedtime": "published",
    "publishdate": "published", "contentsource": "source_name", "source": "source_name",
    "columnname": "column", "sitename": "site", "keywords": "keywords", "description": "description",
    "author": "author", "url": "url",
}

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENC_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-:.]+)""", re.I)
_FIX_HTML = "save the page again from the browser (\"Webpage, complete\" or HTML only) and retry"


def _norm_charset(name: str) -> str | None:
    name = name.strip().lower()
    if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "hz-gb-2312", "euc-cn"):
        return "gb18030"
    if name in ("utf8",):
        return "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, path: str) -> tuple[str, str]:
    """Decode an HTML page's bytes; return ``(markup, encoding)``.

    The declared charset wins when the bytes decode under it; otherwise UTF-8,
    then charset detection. Raises :class:`InputError` when nothing fits.
    """
    if not data.strip():
        raise InputError("file is empty", path=path, fix="give a saved web page with text in it")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                break
    tried: list[str] = []
    m = _CHARSET_RE.search(data[:8192]) or _XML_ENC_RE.search(data[:512])
    declared = _norm_charset(m.group(1).decode("ascii", "replace")) if m else None
    for enc in ([declared] if declared else []) + ["utf-8", "gb18030"]:
        if enc in tried:
            continue
        tried.append(enc)
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if "\x00" not in text:
            return text, enc
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # pragma: no cover - detector failure is treated like no answer
        best = None
    if best is not None and best.encoding:
        return str(best), best.encoding
    raise InputError("cannot work out the page's character encoding", path=path, fix=_FIX_HTML)


def _attr_text(tag: Tag) -> str:
    parts = [tag.get("id") or ""]
    cls = tag.get("class") or []
    parts.extend(cls if isinstance(cls, list) else [cls])
    return " ".join(str(p) for p in parts if p)


def _collect_meta(soup: BeautifulSoup) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for m in soup.find_all("meta"):
        name = (m.get("name") or m.get("property") or "").strip().lower().replace("og:", "")
        content = (m.get("content") or "").strip()
        key = _META_KEYS.get(name)
        if key and content and key not in meta:
            meta[key] = content
    if soup.title and soup.title.get_text(strip=True):
        meta["page_title"] = soup.title.get_text(" ", strip=True)
    return meta


def _clean(soup: BeautifulSoup) -> None:
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    for t in soup.find_all(_DROP_TAGS):
        t.decompose()
    for t in soup.find_all(style=re.compile(r"display\s*:\s*none", re.I)):
        t.decompose()
    # Chrome by id/class, unless the block also looks like the article (some CMSs put
    # "content" and "bottom" in one class list) or holds most of the page text.
    for t in soup.find_all(True):
        if getattr(t, "decomposed", False):
            continue
        attrs = _attr_text(t)
        if attrs and _NEGATIVE.search(attrs) and not _POSITIVE.search(attrs) and t.name not in ("body", "html"):
            t.decompose()


def _text_len(s: str) -> int:
    return len(re.sub(r"\s+", "", s))


_PUNCT = re.compile(r"[，。；：、！？,;]")


def _link_density(tag: Tag, total: int) -> float:
    if total == 0:
        return 1.0
    link = sum(_text_len(a.get_text()) for a in tag.find_all("a"))
    return min(1.0, link / total)


def _pick_body(soup: BeautifulSoup) -> Tag:
    """The element that most likely holds the article (readability-style scoring)."""
    root = soup.body or soup
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}

    def add(tag: Tag | None, pts: float) -> None:
        if tag is None or not isinstance(tag, Tag):
            return
        nodes[id(tag)] = tag
        scores[id(tag)] = scores.get(id(tag), 0.0) + pts

    for el in root.find_all(["p", "div", "td", "span", "font", "li", "pre", "section"]):
        own = "".join(s for s in el.find_all(string=True, recursive=False) if isinstance(s, NavigableString))
        if el.name == "p" or el.name == "pre":
            txt = el.get_text()
        else:
            txt = own
        n = _text_len(txt)
        if n < 10:
            continue
        pts = 1.0 + len(_PUNCT.findall(txt)) + min(n / 50.0, 5.0)
        target = el if el.name not in ("p", "span", "font", "pre") else el.parent
        # <span>/<font> text belongs to the paragraph that holds it
        while isinstance(target, Tag) and target.name in ("span", "font", "strong", "b", "em", "p", "a"):
            target = target.parent
        add(target, pts)
        if isinstance(target, Tag):
            add(target.parent, pts / 2)
            if isinstance(target.parent, Tag):
                add(target.parent.parent, pts / 4)
    best: Tag | None = None
    best_score = 0.0
    for key, tag in nodes.items():
        if tag.name in ("html", "[document]"):
            continue
        total = _text_len(tag.get_text())
        s = scores[key] * (1.0 - _link_density(tag, total))
        attrs = _attr_text(tag)
        if attrs and _POSITIVE.search(attrs):
            s *= 1.5
            s += 10
        if s > best_score:
            best, best_score = tag, s
    return best if best is not None else root


def _render(node: Tag | NavigableString, out: list[str]) -> None:
    """Append text to ``out``; ``"\\n"`` marks a block boundary."""
    if isinstance(node, Comment):
        return
    if isinstance(node, NavigableString):
        out.append(re.sub(r"[ \t\r\n\f\u00a0]+", " ", str(node)))
        return
    name = node.name
    if name == "br":
        out.append("\n")
        return
    if name in ("td", "th"):
        out.append("\t")
        for ch in node.children:
            _render(ch, out)
        out.append("\t")
        return
    block = name in _BLOCK_TAGS
    if block:
        out.append("\n")
    for ch in node.children:
        _render(ch, out)
    if block:
        out.append("\n")


def _lines(node: Tag) -> list[str]:
    out: list[str] = []
    _render(node, out)
    lines = []
    for raw in "".join(out).split("\n"):
        cells = [re.sub(r" {2,}", " ", c).strip(" \u00a0\u3000") for c in raw.split("\t")]
        line = "\t".join(c for c in cells if c)
        if line:
            lines.append(line)
    return lines


def _header_lines(soup: BeautifulSoup, body: Tag) -> list[str]:
    """Short identity lines (发布时间/来源/发文字号...) found before the body, in page order."""
    found: list[str] = []
    body_text = set(_lines(body))
    for el in (soup.body or soup).find_all(["div", "p", "span", "td", "li", "tr", "h1", "h2", "h3"]):
        if el is body:
            break  # only elements that come before the body in document order
        if el in body.parents or body in el.parents:
            continue
        for line in _lines(el):
            if len(line) <= 120 and _HEADER_LINE.search(line) and line not in body_text and line not in found:
                found.append(line)
        if len(found) >= 12:
            break
    # drop lines contained in another kept line (nested elements repeat their text)
    return [ln for ln in found if not any(ln != o and ln in o for o in found)]


def html_to_text(markup: str, path: str = "<html>") -> tuple[str, dict[str, Any]]:
    """Extract ``(text, meta)`` from an HTML page: the article body (with title and
    identity header lines in front) and the page's metadata."""
    soup = BeautifulSoup(markup, "lxml")
    meta = _collect_meta(soup)
    h1 = soup.find("h1")
    if h1 is not None and h1.get_text(strip=True):
        meta["h1"] = h1.get_text(" ", strip=True)
    _clean(soup)
    body = _pick_body(soup)
    body_lines = _lines(body)
    if not body_lines:
        return "", meta
    head = _header_lines(soup, body) if body is not (soup.body or soup) else []
    title = meta.get("title") or meta.get("h1")
    if not title and meta.get("page_title"):
        # "<article title>_<column>_<site>": keep the first part
        title = re.split(r"\s*[_|｜—–-]{1,2}\s*", meta["page_title"])[0].strip() or None
    lines: list[str] = []
    first = "".join(body_lines[:3])
    if title and re.sub(r"\s+", "", title) not in re.sub(r"\s+", "", first):
        lines.append(title)
    lines.extend(head)
    lines.extend(body_lines)
    text = "\n".join(lines).strip()
    if title:
        meta["title"] = title
    return text, meta


def load_html(path: str | Path, data: bytes | None = None) -> Document:
    """Read a saved HTML page into a :class:`Document` of its article text.

    ``meta`` gets ``format="html"``, ``encoding``, and the page metadata
    (``title``, ``published`` from ``PubDate``, ``source_name``, ``url`` ...).
    """
    from nlp.io.text import doc_id_from_path

    p = str(path)
    if data is None:
        data = _read(p)
    markup, enc = decode_html(data, p)
    try:
        text, meta = html_to_text(markup, p)
    except Exception as e:  # lxml/bs4 rarely fail; treat as a bad page, not a crash
        raise InputError(f"cannot parse the HTML ({type(e).__name__})", path=p, fix=_FIX_HTML) from None
    if len(re.sub(r"\s+", "", text)) < 2:
        raise InputError("HTML page has no article text", path=p,
                         fix="save the page after it has loaded (the text may be filled in by scripts), or copy the text into a .txt file")
    meta.update({"format": "html", "encoding": enc})
    return Document(text=text, source=p, doc_id=doc_id_from_path(p), meta=meta)


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=path, fix="check the path") from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=path, fix="give a file") from None
    except OSError as e:
        raise InputError(f"cannot be read ({e.strerror})", path=path, fix="check permissions") from None

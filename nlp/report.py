"""The timeline for people: filter it, open it in Excel (CSV), or read it in a browser (one HTML file).

Input is the ``timeline`` object of spec/output.md (``documents`` + ``events``),
as built by :func:`nlp.timeline.build_timeline`.

* :func:`filter_timeline` keeps events by theme, region and date range.
* :func:`write_csv` writes one row per event, UTF-8 **with BOM** so Excel shows
  the Chinese correctly.
* :func:`write_html` writes ONE self-contained file (styles and script inline,
  no network: a Content-Security-Policy forbids every fetch) with a stacked bar
  chart of events per year by theme (region selectable; click a bar to filter
  the table) and a searchable, sortable table of deadlines and targets (or any
  event type) whose rows expand to the clause text and have ``#ev-N`` anchors.

Documents are untrusted: every piece of document text reaches the page only as
JSON inside ``<script type="application/json">`` with ``<``, ``>`` and ``&``
written as ``\\u003c`` ``\\u003e`` ``\\u0026``, and is put into the page with
``textContent`` (never ``innerHTML``). The page records its own state for tests
and scripts: ``<body data-rendered-events="N" data-table-rows="M"
data-chart-bars="K" data-errors="E">``; a ``window.onerror`` hook writes script
errors into ``<pre id="errors">``.

Public: :func:`filter_timeline`, :func:`event_date`, :func:`write_csv`, :func:`render_html`, :func:`write_html`.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path
from typing import Any, Iterable

from nlp.errors import YigaiError
from nlp.io.atomic import write_text_atomic
from nlp.themes.labels import LABEL_NAMES, LABELS

NATIONAL = "全国/未注明"  # region shown for documents without one (national catalogue records)

_DATE_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def event_date(ev: dict[str, Any]) -> str | None:
    """The date an event is placed at: its ``end`` (a deadline's due date), else its ``start``."""
    return ev.get("end") or ev.get("start") or None


def _bound(value: str | None, *, upper: bool) -> str | None:
    """``"2021"`` → ``"2021-01-01"`` (or ``"2021-12-31"`` as an upper bound); ISO dates pass through."""
    if value is None or value == "":
        return None
    v = str(value).strip()
    if not _DATE_PREFIX.match(v):
        raise YigaiError(f"date {v!r} is not YYYY, YYYY-MM or YYYY-MM-DD", fix="e.g. --since 2021 or --until 2025-06-30")
    if len(v) == 4:
        return v + ("-12-31" if upper else "-01-01")
    if len(v) == 7:
        return v + ("-31" if upper else "-01")  # string comparison: "-31" sorts after every day
    return v


def _theme_ids(themes: Iterable[str]) -> set[str]:
    by_name = {name: lid for lid, name in LABELS}
    out = set()
    for t in themes:
        t = t.strip()
        out.add(by_name.get(t, t))
    return out


def _region_match(region: str | None, wanted: set[str]) -> bool:
    if region is None or region == "":
        return bool(wanted & {NATIONAL, "全国", "national", ""})
    return any(w and (w == region or w in region) for w in wanted)


def filter_timeline(tl: dict[str, Any], themes: Iterable[str] | None = None, regions: Iterable[str] | None = None,
                    since: str | None = None, until: str | None = None) -> dict[str, Any]:
    """A new timeline with only the events that match every given filter.

    ``themes``: label ids or names (an event matches if it has any of them);
    an ``issued`` event is kept when its document keeps any other event.
    ``regions``: a document's region equal to or containing a given name
    (``"全国"`` matches documents without a region). ``since``/``until``:
    ``YYYY[-MM[-DD]]``, inclusive, compared with the event's span; undated
    events are dropped when either is given. Documents without remaining
    events are dropped too. Event order is kept.

    >>> tl = {"documents": [{"doc_id": "a", "region": "慈溪市"}],
    ...       "events": [{"doc_id": "a", "type": "deadline", "start": None, "end": "2021-12-31", "themes": ["yibao"]},
    ...                  {"doc_id": "a", "type": "deadline", "start": None, "end": "2030-12-31", "themes": ["gongwei"]}]}
    >>> [e["end"] for e in filter_timeline(tl, themes=["医保"], until="2025")["events"]]
    ['2021-12-31']
    """
    lo, hi = _bound(since, upper=False), _bound(until, upper=True)
    theme_set = _theme_ids(themes) if themes else None
    region_set = {r.strip() for r in regions} if regions else None
    docs = {d["doc_id"]: d for d in tl.get("documents", [])}
    keep_docs = set(docs) if region_set is None else {
        k for k, d in docs.items() if _region_match(d.get("region"), region_set)}

    def in_range(ev: dict[str, Any]) -> bool:
        if lo is None and hi is None:
            return True
        s = ev.get("start") or ev.get("end")
        e = ev.get("end") or ev.get("start")
        if s is None or e is None:
            return False
        return (lo is None or e >= lo) and (hi is None or s <= hi)

    kept: list[dict[str, Any]] = []
    pending_issued: list[tuple[int, dict[str, Any]]] = []
    with_events: set[str] = set()
    for ev in tl.get("events", []):
        did = ev.get("doc_id")
        if did in docs and did not in keep_docs:
            continue
        if did not in docs and region_set is not None:
            continue
        if not in_range(ev):
            continue
        if theme_set is not None and not (set(ev.get("themes") or []) & theme_set):
            if ev.get("type") == "issued":
                pending_issued.append((len(kept), ev))
                kept.append(None)  # placeholder keeps the original order
            continue
        kept.append(ev)
        if ev.get("type") != "issued":
            with_events.add(did)
    for i, ev in pending_issued:
        if ev.get("doc_id") in with_events:
            kept[i] = ev
    events = [e for e in kept if e is not None]
    live = {e.get("doc_id") for e in events}
    documents = [d for d in tl.get("documents", []) if d["doc_id"] in live]
    out = {k: v for k, v in tl.items() if k not in ("documents", "events")}
    out.update(documents=documents, events=events)
    return out


# ---- CSV ---------------------------------------------------------------------------------------------

CSV_COLUMNS = ["date", "type", "start", "end", "region", "doc_id", "title", "issued", "clause_id", "themes",
               "theme_names", "targets", "lead", "support", "responsible", "expression", "text"]
"""``expression`` is the dated phrase (``2021年底前``), ``text`` the whole clause it came from."""


def _targets_text(targets: list[Any] | None) -> str:
    out = []
    for t in targets or []:
        if isinstance(t, dict):
            out.append(str(t.get("text") or t.get("metric") or ""))
        else:
            out.append(str(t))
    return "；".join(x for x in out if x)


def _csv_safe(value: str) -> str:
    """Stop spreadsheet formula injection (a cell starting with = + - @ is run by Excel)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def write_csv(tl: dict[str, Any], path: str | Path, *, overwrite: bool = True) -> Path:
    """Write one row per event (columns :data:`CSV_COLUMNS`) as UTF-8 with BOM, atomically.

    ``overwrite=False`` refuses to replace an existing file (one-line :class:`InputError`)."""
    docs = {d["doc_id"]: d for d in tl.get("documents", [])}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for ev in tl.get("events", []):
        d = docs.get(ev.get("doc_id"), {})
        ag = ev.get("agencies") or {}
        themes = list(ev.get("themes") or [])
        row = [
            event_date(ev) or "", ev.get("type") or "", ev.get("start") or "", ev.get("end") or "",
            d.get("region") or "", ev.get("doc_id") or "", d.get("title") or "", d.get("issued") or "",
            ev.get("clause_id") or "", " ".join(themes), " ".join(LABEL_NAMES.get(t, t) for t in themes),
            _targets_text(ev.get("targets")), "、".join(ag.get("lead", []) or []),
            "、".join(ag.get("support", []) or []), "、".join(ag.get("responsible", []) or []),
            " ".join(str(ev.get("text") or "").split()),
            " ".join(str(ev.get("clause_text") or ev.get("text") or "").split()),
        ]
        w.writerow([_csv_safe(str(c)) for c in row])
    return write_text_atomic(path, "\ufeff" + buf.getvalue(), encoding="utf-8", overwrite=overwrite)


# ---- HTML ---------------------------------------------------------------------------------------------

def _json_for_script(obj: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&`` or line separators."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _page_data(tl: dict[str, Any], title: str) -> dict[str, Any]:
    docs = [{"doc_id": d.get("doc_id"), "title": d.get("title"), "region": d.get("region"),
             "issued": d.get("issued")} for d in tl.get("documents", [])]
    events = []
    for ev in tl.get("events", []):
        events.append({
            "doc_id": ev.get("doc_id"), "clause_id": ev.get("clause_id"), "type": ev.get("type"),
            "start": ev.get("start"), "end": ev.get("end"), "text": ev.get("text") or "",
            "clause": ev.get("clause_text") or "",
            "themes": list(ev.get("themes") or []), "targets": _targets_text(ev.get("targets")),
            "agencies": ev.get("agencies") or {},
        })
    return {"title": title, "labels": [[k, v] for k, v in LABELS], "national": NATIONAL,
            "documents": docs, "events": events}


_CSS = """
*{box-sizing:border-box}body{font-family:-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:0;padding:16px 24px;color:#1f2328;background:#fff}
h1{font-size:20px;margin:0 0 4px}#summary{color:#57606a;margin:0 0 12px}
.controls{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:8px 0}
.controls label{font-size:13px;color:#57606a}select,input[type=search]{font:inherit;padding:3px 6px}
#legend{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0 10px}
#legend button{font:inherit;font-size:12px;border:1px solid #d0d7de;background:#f6f8fa;border-radius:12px;padding:2px 8px;cursor:pointer}
#legend button.off{opacity:.35}#legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
#chart svg{width:100%;height:auto;max-height:320px}#chart rect.bar{cursor:pointer}#chart rect.bar:hover{opacity:.8}
#chart text{font-size:11px;fill:#57606a}#rlegend{font-size:12px;margin:4px 0}.rkey{margin-right:10px}.rkey i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px}
#filterchip{display:none;background:#ddf4ff;border-radius:12px;padding:2px 10px;font-size:13px}
#filterchip button{border:0;background:none;cursor:pointer;font-size:14px}
table{border-collapse:collapse;width:100%;font-size:13px;margin-top:8px}
th,td{border-bottom:1px solid #eaeef2;padding:4px 6px;text-align:left;vertical-align:top}
th{position:sticky;top:0;background:#f6f8fa;cursor:pointer;user-select:none;white-space:nowrap}
th.asc::after{content:" ▲"}th.desc::after{content:" ▼"}
td.date{white-space:nowrap;font-variant-numeric:tabular-nums}td.type span{border-radius:3px;padding:0 4px;background:#eaeef2}
tr:target{background:#fff8c5}details summary{cursor:pointer;color:#0969da}details .clause{white-space:pre-wrap;margin:4px 0;padding:6px;background:#f6f8fa;border-left:3px solid #0969da}
.tag{display:inline-block;font-size:11px;border-radius:3px;padding:0 4px;margin:1px;color:#fff}
#more{margin:8px 0}#errors{color:#cf222e;white-space:pre-wrap}#errors:empty{display:none}
"""

# Written for old and new browsers alike (no modules, no build step). Only textContent is used for data.
_JS = r"""
(function(){
"use strict";
var DATA = JSON.parse(document.getElementById("yigai-data").textContent);
var PALETTE = ["#1f77b4","#ff7f0e","#2ca02c","#d62728","#9467bd","#8c564b","#e377c2","#7f7f7f","#bcbd22","#17becf",
               "#393b79","#ad494a","#637939","#8c6d31","#7b4173","#3182bd"];
var NONE = "_none";
var TYPE_NAMES = {issued:"发布", deadline:"截止", start:"起始", period:"期间", date:"日期", target:"目标"};
var labels = DATA.labels.map(function(l){return l[0];});
var names = {}; DATA.labels.forEach(function(l){names[l[0]] = l[1];}); names[NONE] = "未分类";
var color = {}; labels.forEach(function(l, i){color[l] = PALETTE[i % PALETTE.length];}); color[NONE] = "#afb8c1";
var docs = {}; DATA.documents.forEach(function(d){docs[d.doc_id] = d;});
var state = {region: "", type: "deadline+target", q: "", sort: "date", dir: 1, year: null, bar: null, stack: "theme",
             hidden: {}, limit: 500};

// Initial view from the query string (?stack=region&type=all&region=…&q=…), so a view can be shared.
(function(){
  location.search.slice(1).split("&").forEach(function(kv){
    var i = kv.indexOf("="); if (i < 0) return;
    var k, v;
    try { k = decodeURIComponent(kv.slice(0, i)); v = decodeURIComponent(kv.slice(i + 1).replace(/\+/g, " ")); } catch (e) { return; }
    if (k === "stack" && (v === "theme" || v === "region")) state.stack = v;
    else if (k === "type") state.type = v === "all" ? "" : v;
    else if (k === "q") state.q = v.trim().toLowerCase();
    else if (k === "region") state.region = v;
  });
})();

function el(tag, attrs, text){
  var e = document.createElement(tag);
  if (attrs) for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function svg(tag, attrs){
  var e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
  return e;
}
function evDate(ev){ return ev.end || ev.start || null; }
function regionOf(ev){ var d = docs[ev.doc_id]; return (d && d.region) ? d.region : DATA.national; }
function primary(r){ var ts = r.ev.themes; return (ts && ts.length) ? ts[0] : NONE; }

var events = DATA.events.map(function(ev, i){
  var d = docs[ev.doc_id] || {};
  var ag = ev.agencies || {};
  var agText = [].concat(ag.lead || [], ag.support || [], ag.responsible || []).join("、");
  return {i: i, ev: ev, date: evDate(ev), region: regionOf(ev), title: d.title || ev.doc_id || "",
          agencies: agText, hay: [ev.text, ev.clause, d.title, ev.doc_id, ev.targets, agText, (ev.themes || []).map(function(t){return names[t] || t;}).join(" ")].join("\n").toLowerCase()};
});

function regionOk(r){ return !state.region || r.region === state.region; }
function themeOk(r){
  var ts = (r.ev.themes && r.ev.themes.length) ? r.ev.themes : [NONE];
  for (var k = 0; k < ts.length; k++) if (!state.hidden[ts[k]]) return true;
  return false;
}

function buildControls(){
  var counts = {};
  events.forEach(function(r){ counts[r.region] = (counts[r.region] || 0) + 1; });
  var sel = document.getElementById("region");
  sel.appendChild(el("option", {value: ""}, "全部地区 (" + events.length + ")"));
  Object.keys(counts).sort(function(a, b){ return counts[b] - counts[a] || (a < b ? -1 : 1); }).forEach(function(r){
    sel.appendChild(el("option", {value: r}, r + " (" + counts[r] + ")"));
  });
  sel.value = state.region; if (sel.value !== state.region) state.region = "";
  sel.addEventListener("change", function(){ state.region = sel.value; render(); });
  regionOrder = Object.keys(counts).sort(function(a, b){ return counts[b] - counts[a] || (a < b ? -1 : 1); }).slice(0, REGION_PALETTE.length);
  regionOrder.forEach(function(r, i){ regionColor[r] = REGION_PALETTE[i]; });
  var stack = document.getElementById("stack");
  stack.value = state.stack;
  stack.addEventListener("change", function(){ state.stack = stack.value; state.year = null; state.bar = null; render(); });
  var tsel = document.getElementById("type");
  [["deadline+target", "截止日期与目标"], ["", "全部类型"]].concat(Object.keys(TYPE_NAMES).map(function(t){ return [t, TYPE_NAMES[t]]; }))
    .forEach(function(o){ tsel.appendChild(el("option", {value: o[0]}, o[1])); });
  tsel.value = state.type; if (tsel.value !== state.type) { state.type = "deadline+target"; tsel.value = state.type; }
  tsel.addEventListener("change", function(){ state.type = tsel.value; state.limit = 500; renderTable(); });
  var q = document.getElementById("q");
  q.value = state.q;
  q.addEventListener("input", function(){ state.q = q.value.trim().toLowerCase(); state.limit = 500; renderTable(); });
  var legend = document.getElementById("legend");
  labels.concat([NONE]).forEach(function(l){
    var b = el("button", {type: "button", "data-theme": l});
    var sw = el("i"); sw.style.background = color[l]; b.appendChild(sw);
    b.appendChild(document.createTextNode(names[l]));
    b.addEventListener("click", function(){ state.hidden[l] = !state.hidden[l]; b.className = state.hidden[l] ? "off" : ""; render(); });
    legend.appendChild(b);
  });
  document.querySelector("#filterchip button").addEventListener("click", function(){ state.year = null; state.bar = null; renderTable(); });
  document.getElementById("more").addEventListener("click", function(){ state.limit += 2000; renderTable(); });
  Array.prototype.forEach.call(document.querySelectorAll("th[data-key]"), function(th){
    th.addEventListener("click", function(){
      var k = th.getAttribute("data-key");
      if (state.sort === k) state.dir = -state.dir; else { state.sort = k; state.dir = 1; }
      renderTable();
    });
  });
}

var REGION_PALETTE = ["#4e79a7","#f28e2b","#e15759","#76b7b2","#59a14f","#edc948","#b07aa1","#ff9da7","#9c755f",
                      "#86bcb6","#d37295"];
var OTHER = "其他地区";
var regionColor = {}, regionOrder = [];
function regionKey(r){ return Object.prototype.hasOwnProperty.call(regionColor, r.region) ? r.region : OTHER; }
function stackKey(r){
  if (state.stack === "region") return regionKey(r);
  var t = primary(r);
  if (state.hidden[t]) { var alt = (r.ev.themes || []).filter(function(x){ return !state.hidden[x]; }); t = alt.length ? alt[0] : t; }
  return t;
}
function keyName(k){ return state.stack === "region" ? k : names[k]; }
function keyColor(k){ return state.stack === "region" ? (regionColor[k] || "#afb8c1") : color[k]; }
function stackKeys(){ return state.stack === "region" ? regionOrder.concat([OTHER]) : labels.concat([NONE]); }

function renderChart(){
  var box = document.getElementById("chart");
  while (box.firstChild) box.removeChild(box.firstChild);
  var years = {}, minY = null, maxY = null, undated = 0;
  events.forEach(function(r){
    if (!regionOk(r) || !themeOk(r)) return;
    if (!r.date) { undated++; return; }
    var y = parseInt(r.date.slice(0, 4), 10), t = stackKey(r);
    years[y] = years[y] || {}; years[y][t] = (years[y][t] || 0) + 1;
    if (minY === null || y < minY) minY = y; if (maxY === null || y > maxY) maxY = y;
  });
  var bars = 0;
  if (minY === null) { box.appendChild(el("p", null, "没有可显示的有日期事件。")); document.body.setAttribute("data-chart-bars", "0"); return; }
  var n = maxY - minY + 1, W = 960, H = 280, L = 40, B = 24, T = 10, bw = Math.max(2, (W - L - 10) / n);
  var maxC = 1;
  for (var y = minY; y <= maxY; y++) { var s = 0, row = years[y] || {}; for (var k in row) s += row[k]; if (s > maxC) maxC = s; }
  var root = svg("svg", {viewBox: "0 0 " + W + " " + (H + B + T), role: "img",
                         "aria-label": "events per year by " + state.stack});
  root.appendChild(svg("line", {x1: L, y1: T + H, x2: W, y2: T + H, stroke: "#8c959f"}));
  [0, 0.5, 1].forEach(function(f){
    var c = Math.round(maxC * f), yy = T + H - H * c / maxC;
    var t = svg("text", {x: L - 4, y: yy + 4, "text-anchor": "end"}); t.textContent = String(c); root.appendChild(t);
  });
  var step = Math.max(1, Math.ceil(n / 20)), keys = stackKeys(), used = {};
  for (var yr = minY; yr <= maxY; yr++) {
    var x = L + (yr - minY) * bw, acc = 0, row2 = years[yr] || {};
    keys.forEach(function(l){
      var c = row2[l]; if (!c) return;
      used[l] = true;
      var h = H * c / maxC, rect = svg("rect", {x: x + 1, y: T + H - acc - h, width: Math.max(1, bw - 2), height: h,
        fill: keyColor(l), "class": "bar", "data-year": yr, "data-key": l, "data-count": c});
      var tip = svg("title", {}); tip.textContent = yr + " · " + keyName(l) + ": " + c; rect.appendChild(tip);
      rect.addEventListener("click", (function(year, key, stack){ return function(){
        state.year = year; state.bar = {stack: stack, key: key}; state.limit = 500; renderTable(); }; })(yr, l, state.stack));
      root.appendChild(rect); acc += h; bars++;
    });
    if ((yr - minY) % step === 0) { var lt = svg("text", {x: x + bw / 2, y: T + H + 16, "text-anchor": "middle"}); lt.textContent = String(yr); root.appendChild(lt); }
  }
  box.appendChild(root);
  if (state.stack === "region") {
    var lg = el("div", {id: "rlegend"});
    keys.filter(function(k){ return used[k]; }).forEach(function(k){
      var item = el("span", {"class": "rkey"}), sw = el("i"); sw.style.background = keyColor(k);
      item.appendChild(sw); item.appendChild(document.createTextNode(k)); lg.appendChild(item);
    });
    box.appendChild(lg);
  }
  if (undated) box.appendChild(el("p", {"class": "note"}, undated + " 个事件没有可解析的日期，只列在表格末尾。"));
  document.body.setAttribute("data-chart-bars", String(bars));
}

function rowMatches(r){
  if (!regionOk(r) || !themeOk(r)) return false;
  var t = r.ev.type;
  if (state.type === "deadline+target") { if (t !== "deadline" && t !== "target") return false; }
  else if (state.type && t !== state.type) return false;
  if (state.year !== null) {
    if (!r.date || parseInt(r.date.slice(0, 4), 10) !== state.year) return false;
    var bar = state.bar;
    if (bar && bar.stack === "region" && regionKey(r) !== bar.key) return false;
    if (bar && bar.stack === "theme" && bar.key !== NONE && (r.ev.themes || []).indexOf(bar.key) < 0) return false;
    if (bar && bar.stack === "theme" && bar.key === NONE && (r.ev.themes || []).length) return false;
  }
  if (state.q && r.hay.indexOf(state.q) < 0) return false;
  return true;
}

function cmp(a, b){
  var k = state.sort, va, vb;
  if (k === "date") { va = a.date; vb = b.date;
    if (!va && !vb) return a.i - b.i; if (!va) return 1; if (!vb) return -1; }
  else if (k === "type") { va = a.ev.type || ""; vb = b.ev.type || ""; }
  else if (k === "region") { va = a.region; vb = b.region; }
  else if (k === "doc") { va = a.title; vb = b.title; }
  else if (k === "themes") { va = primary(a); vb = primary(b); }
  else { va = a.i; vb = b.i; }
  if (va < vb) return -state.dir; if (va > vb) return state.dir; return a.i - b.i;
}

function renderTable(){
  var rows = events.filter(rowMatches).sort(cmp);
  Array.prototype.forEach.call(document.querySelectorAll("th[data-key]"), function(th){
    th.className = th.getAttribute("data-key") === state.sort ? (state.dir > 0 ? "asc" : "desc") : "";
  });
  var chip = document.getElementById("filterchip");
  if (state.year !== null) { chip.style.display = "inline-block"; chip.firstChild.textContent = "筛选：" + state.year + (state.bar ? " · " + (state.bar.stack === "region" ? state.bar.key : names[state.bar.key]) : "") + " "; }
  else chip.style.display = "none";
  var tb = document.getElementById("rows");
  while (tb.firstChild) tb.removeChild(tb.firstChild);
  var shown = rows.slice(0, state.limit), frag = document.createDocumentFragment();
  shown.forEach(function(r){
    var ev = r.ev, tr = el("tr", {id: "ev-" + r.i, "data-type": ev.type || ""});
    var dtd = el("td", {"class": "date"}, r.date || "—");
    if (ev.start && ev.end && ev.start !== ev.end) dtd.title = ev.start + " — " + ev.end;
    tr.appendChild(dtd);
    var ttd = el("td", {"class": "type"}); ttd.appendChild(el("span", null, TYPE_NAMES[ev.type] || ev.type)); tr.appendChild(ttd);
    tr.appendChild(el("td", null, r.region));
    var doc = el("td"); doc.appendChild(el("div", null, r.title));
    var a = el("a", {href: "#ev-" + r.i, title: "链接到此事件"}, (ev.doc_id || "") + (ev.clause_id ? " · " + ev.clause_id : "")); doc.appendChild(a);
    tr.appendChild(doc);
    var th = el("td");
    (ev.themes || []).forEach(function(t){ var s = el("span", {"class": "tag"}, names[t] || t); s.style.background = color[t] || "#57606a"; th.appendChild(s); });
    tr.appendChild(th);
    tr.appendChild(el("td", null, ev.targets || ""));
    tr.appendChild(el("td", null, r.agencies));
    var ctd = el("td"), det = el("details"), txt = ev.text || "", full = ev.clause || txt;
    det.appendChild(el("summary", null, txt.length > 60 ? txt.slice(0, 60) + "…" : (txt || "（无文本）")));
    det.appendChild(el("div", {"class": "clause"}, full));
    ctd.appendChild(det); tr.appendChild(ctd);
    frag.appendChild(tr);
  });
  tb.appendChild(frag);
  document.getElementById("more").style.display = rows.length > shown.length ? "inline-block" : "none";
  document.getElementById("more").textContent = "再显示 " + Math.min(2000, rows.length - shown.length) + " 条（共 " + rows.length + " 条）";
  document.getElementById("count").textContent = "表格：" + rows.length + " 个事件";
  document.body.setAttribute("data-table-rows", String(shown.length));
  document.body.setAttribute("data-table-matches", String(rows.length));
  openHash();
}

function openHash(){
  var id = location.hash ? location.hash.slice(1) : "";
  if (!/^ev-\d+$/.test(id)) return;
  var tr = document.getElementById(id); if (!tr) return;
  var det = tr.querySelector("details"); if (det) det.open = true;
}

function render(){ renderChart(); renderTable(); }

buildControls();
render();
window.addEventListener("hashchange", openHash);
var st = document.getElementById("status");
st.textContent = "已显示 " + events.length + " 个事件（" + DATA.documents.length + " 份文件）";
document.body.setAttribute("data-rendered-events", String(events.length));
})();
"""

_ERROR_HOOK = r"""
(function(){
  var errs = [];
  function note(msg){
    errs.push(String(msg));
    document.documentElement.setAttribute("data-errors", String(errs.length));
    var box = document.getElementById("errors");
    if (box) box.textContent = errs.join("\n");
    if (document.body) document.body.setAttribute("data-errors", String(errs.length));
  }
  window.onerror = function(msg, src, line, col){ note(msg + " (" + line + ":" + col + ")"); return false; };
  window.addEventListener("unhandledrejection", function(e){ note("unhandled rejection: " + (e && e.reason)); });
  var ce = console.error;
  console.error = function(){ note(Array.prototype.join.call(arguments, " ")); if (ce) ce.apply(console, arguments); };
})();
"""


def render_html(tl: dict[str, Any], title: str = "yigai 政策时间线") -> str:
    """The report page as one string (see :func:`write_html`)."""
    data = _page_data(tl, title)
    t = html.escape(title)
    n_docs, n_events = len(data["documents"]), len(data["events"])
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="yigai">
<title>{t}</title>
<script>{_ERROR_HOOK}</script>
<style>{_CSS}</style>
</head>
<body data-rendered-events="" data-errors="0">
<h1>{t}</h1>
<p id="summary">{n_docs} 份文件，{n_events} 个事件。 <span id="status">正在绘制…（需要启用 JavaScript）</span></p>
<div class="controls">
<label>地区 <select id="region"></select></label>
<label>类型 <select id="type"></select></label>
<label>图表堆叠 <select id="stack"><option value="theme">按主题</option><option value="region">按地区</option></select></label>
<label>搜索 <input id="q" type="search" placeholder="条款、文件、指标、部门…"></label>
<span id="filterchip"><span></span><button type="button" title="清除">×</button></span>
</div>
<div id="legend"></div>
<div id="chart"></div>
<p id="count"></p>
<table id="events"><thead><tr>
<th data-key="date">日期</th><th data-key="type">类型</th><th data-key="region">地区</th><th data-key="doc">文件 · 条款</th>
<th data-key="themes">主题</th><th>指标/目标</th><th>责任单位</th><th>表述 · 条款原文</th>
</tr></thead><tbody id="rows"></tbody></table>
<button id="more" type="button" style="display:none"></button>
<pre id="errors"></pre>
<script type="application/json" id="yigai-data">{_json_for_script(data)}</script>
<script>{_JS}</script>
</body></html>
"""


def write_html(tl: dict[str, Any], path: str | Path, title: str = "yigai 政策时间线", *, overwrite: bool = True) -> Path:
    """Write the self-contained HTML report (chart + searchable table) atomically; return its path.

    ``overwrite=False`` refuses to replace an existing file (one-line :class:`InputError`)."""
    return write_text_atomic(path, render_html(tl, title), overwrite=overwrite)

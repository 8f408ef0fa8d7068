"""Tag many documents: recursive, resumable, parallel, with one report of what failed.

:func:`run_batch` walks the inputs (files, directories, recursively), tags every
supported file (:data:`nlp.io.load.SUPPORTED_SUFFIXES`) and writes **one output
per input** under ``out_dir``:

* a document ``<root>/sub/a.pdf`` → ``out_dir/sub/a.pdf.json`` (``fmt="json"``,
  the ``tag`` object of spec/output.md) or ``a.pdf.jsonl`` (``fmt="jsonl"``,
  the same object on one line). Keeping the input's suffix in the name means
  ``a.txt`` and ``a.pdf`` never collide.
* a records file (``records=True``, JSON Lines, see :mod:`nlp.io.records`)
  ``cat/policies.jsonl`` → ``out_dir/cat/policies.jsonl.tag.jsonl``: **one
  JSONL output per records file**, one tag object per good record, in input
  order. Bad lines are listed in the report as ``file:line``.

Directory walks skip hidden files and folders (``.git`` …) and ``out_dir``
itself; legacy ``.doc``/``.wps`` files are listed so the report says why they
were not tagged.

Output paths never leave ``out_dir``: each path component is sanitised
(``..``, absolute paths, control characters, ``/\\:*?"<>|``, over-long names),
several input arguments get their own sub-folder named after the argument,
and remaining collisions get ``~2``, ``~3`` … in input order (deterministic).

Resumable: ``out_dir/.yigai-manifest.jsonl`` records, per output, the input's
sha256, size and mtime, and a fingerprint of the model version and options.
An input that is unchanged since it was done is skipped (a failed one keeps
its failure, without being retried). Every output is written atomically
(temp file + fsync + rename), so a run killed at any point (even ``kill -9``)
leaves only complete outputs, and rerunning finishes the rest with the same
result as an uninterrupted run. Files in ``out_dir`` that the manifest does
not know are never overwritten (the input fails with a reason instead) unless
``force=True``.

Every run writes ``out_dir/_report.json``: counts and ``failures``
(``file``, ``reason``). :attr:`BatchReport.exit_code` is 1 when anything
failed; every other input is still processed.

Parallel: ``jobs > 1`` runs a process pool; each worker calls
``tagger_factory()`` once (so loads the model once) and then tags many
documents. Memory stays flat: inputs are streamed, a bounded number of
documents is in flight, and results are written as they arrive.

Public: :class:`BatchReport`, :func:`run_batch`, :func:`plan_outputs`, :func:`iter_outputs`,
:class:`PipelineTaggerFactory`, :func:`tag_keeping_record_identity`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
import unicodedata
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from nlp.doc import Document
from nlp.errors import InputError, YigaiError
from nlp.io.atomic import dumps_json, open_atomic, write_json_atomic, write_text_atomic
from nlp.io.load import SUPPORTED_SUFFIXES

MANIFEST_NAME = ".yigai-manifest.jsonl"
REPORT_NAME = "_report.json"
_RESERVED = {MANIFEST_NAME.casefold(), REPORT_NAME.casefold()}
RECORD_SUFFIXES = (".jsonl", ".ndjson")
MANIFEST_VERSION = 1

Tagger = Callable[[Document], Document]


# ---- planning: which inputs, which outputs ----------------------------------------------------------

@dataclass
class Item:
    """One input file and where its output goes (``out_rel`` is relative to ``out_dir``)."""

    path: str  # as found (argument joined with the walked relative path)
    out_rel: str
    kind: str  # "doc" | "records"


_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_MAX_COMPONENT = 180  # bytes; leaves room for suffixes under the usual 255-byte limit


def _safe_component(name: str) -> str:
    """One path component that cannot escape or misbehave: no separators, no ``..``, bounded length."""
    name = unicodedata.normalize("NFC", name)
    name = _BAD_CHARS.sub("_", name).strip().rstrip(".")
    if name in ("", ".", ".."):
        name = "_"
    if name.startswith("."):
        name = "_" + name  # no hidden outputs; also keeps clear of our manifest
    if len(name.encode("utf-8")) > _MAX_COMPONENT:
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
        raw = name.encode("utf-8")[: _MAX_COMPONENT - 9]
        name = raw.decode("utf-8", "ignore") + "~" + digest
    return name


def _safe_rel(parts: Iterable[str]) -> str:
    comps = [_safe_component(p) for p in parts if p not in ("", "/")]
    return "/".join(comps) if comps else "_"


def _walk(arg: str, out_dir: Path, records: bool) -> Iterator[tuple[str, list[str]]]:
    """Yield ``(path, relative parts)`` for the files of one input argument, sorted."""
    p = Path(arg)
    # legacy .doc/.wps are listed too, so the report says why they were not tagged
    suffixes = RECORD_SUFFIXES if records else SUPPORTED_SUFFIXES + (".doc", ".wps")
    out_real = os.path.realpath(out_dir)
    if p.is_dir():
        for dirpath, dirnames, filenames in os.walk(p):
            real = os.path.realpath(dirpath)
            if real == out_real or real.startswith(out_real + os.sep):
                dirnames[:] = []
                continue
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            rel_dir = os.path.relpath(dirpath, p)
            for fn in sorted(filenames):
                if fn.startswith(".") or Path(fn).suffix.lower() not in suffixes:
                    continue
                parts = [] if rel_dir == "." else rel_dir.split(os.sep)
                yield os.path.join(dirpath, fn), parts + [fn]
    else:
        yield arg, [p.name or "_"]


def plan_outputs(inputs: list[str], out_dir: Path, *, fmt: str = "json", records: bool = False,
                 records_inputs: Iterable[str] = ()) -> list[Item]:
    """Map every input file to its output path under ``out_dir`` (see module doc).

    ``records=True`` reads every input as a records file; ``records_inputs`` are
    records files added to document ``inputs``. Deterministic for given
    arguments; never yields a path outside ``out_dir``; missing inputs are left out.
    """
    if fmt not in ("json", "jsonl"):
        raise YigaiError(f"unknown output format {fmt!r}", fix="use json or jsonl")
    args = [(a, bool(records)) for a in inputs] + [(str(a), True) for a in records_inputs]
    items: list[Item] = []
    used: set[str] = set()
    several = len(args) > 1
    for arg, is_rec in args:
        if not os.path.exists(arg):
            continue  # run_batch reports it; planning stays stable for the others
        is_dir = Path(arg).is_dir()
        prefix: list[str] = []
        if several and is_dir:
            base = Path(os.path.abspath(arg)).name
            prefix = [base or "root"]
        ext = ".tag.jsonl" if is_rec else (".json" if fmt == "json" else ".jsonl")
        for path, parts in _walk(arg, out_dir, is_rec):
            rel = _safe_rel(prefix + parts)
            cand = rel + ext
            n = 1
            while cand.casefold() in used or cand.casefold() in _RESERVED:
                n += 1
                cand = f"{rel}~{n}{ext}"
            used.add(cand.casefold())
            items.append(Item(path=path, out_rel=cand, kind="records" if is_rec else "doc"))
    return items


def _inside(out_dir: Path, rel: str) -> Path:
    """``out_dir/rel``, refusing anything (symlinks included) that resolves outside ``out_dir``."""
    root = os.path.realpath(out_dir)
    target = os.path.realpath(os.path.join(root, rel))
    if os.path.commonpath([root, target]) != root or target == root:
        raise InputError("output path would leave the output directory", path=rel,
                         fix="rename the input file or remove the symlink in the output directory")
    return Path(target)


# ---- manifest ------------------------------------------------------------------------------------------

def _file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class _Manifest:
    """Append-only JSONL of ``claim`` and ``done`` entries, keyed by output path."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / MANIFEST_NAME
        self.claimed: set[str] = set()
        self.done: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            with open(self.path, encoding="utf-8") as f:
                for line in f:
                    try:
                        e = json.loads(line)
                    except json.JSONDecodeError:
                        continue  # a line cut short by a crash
                    if not isinstance(e, dict) or "output" not in e:
                        continue
                    self.claimed.add(e["output"])
                    if e.get("event") == "done":
                        self.done[e["output"]] = e
        self._f = open(self.path, "a", encoding="utf-8")
        self._synced = 0.0

    def append(self, entries: list[dict[str, Any]], *, sync: bool = False) -> None:
        """Append entries. Every entry reaches the OS at once (so ``kill -9`` loses nothing);
        the disk is synced at most once a second, or when ``sync`` is set."""
        if not entries:
            return
        self._f.write("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries))
        self._f.flush()
        now = time.monotonic()
        if sync or now - self._synced > 1.0:
            os.fsync(self._f.fileno())
            self._synced = now
        for e in entries:
            self.claimed.add(e["output"])
            if e.get("event") == "done":
                self.done[e["output"]] = e

    def close(self) -> None:
        if not self._f.closed:
            self._f.flush()
            os.fsync(self._f.fileno())
            self._f.close()

    def compact(self) -> None:
        """Rewrite with one line per output (claims of finished outputs folded into ``done``)."""
        self.close()
        lines = [json.dumps(self.done[k], ensure_ascii=False) for k in sorted(self.done)]
        lines += [json.dumps({"event": "claim", "output": k}, ensure_ascii=False)
                  for k in sorted(self.claimed - set(self.done))]
        write_text_atomic(self.path, "".join(ln + "\n" for ln in lines))


# ---- the report ---------------------------------------------------------------------------------------

@dataclass
class BatchReport:
    """What a batch run did. ``exit_code`` is 1 when any input (or record line) failed."""

    out_dir: Path
    total: int = 0  # input files considered
    done: int = 0  # files tagged in this run
    skipped: int = 0  # files unchanged since an earlier run (ok or failed)
    documents: int = 0  # documents written in this run (a records file holds many)
    failures: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def failed(self) -> int:
        """Failures (files or record lines), including ones carried over from earlier runs."""
        return len(self.failures)

    @property
    def report_path(self) -> Path:
        return self.out_dir / REPORT_NAME

    @property
    def exit_code(self) -> int:
        return 1 if (self.failures or self.interrupted) else 0

    def summary(self) -> str:
        """One line for the terminal."""
        s = (f"{self.total} inputs: {self.done} tagged, {self.skipped} unchanged (skipped), "
             f"{len(self.failures)} failed; {self.documents} documents written in {self.seconds:.1f}s")
        if self.failures:
            s += f"; see {self.report_path}"
        return s

    def describe(self, limit: int = 20) -> str:
        """The summary line followed by up to ``limit`` failures, one line each (for the terminal)."""
        lines = [self.summary()]
        for f in self.failures[:limit]:
            lines.append(f"  failed: {f['reason']}")
        if len(self.failures) > limit:
            lines.append(f"  … and {len(self.failures) - limit} more in {self.report_path}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"out_dir": str(self.out_dir), "total": self.total, "done": self.done, "skipped": self.skipped,
                "failed": len(self.failures), "documents": self.documents, "seconds": round(self.seconds, 3),
                "interrupted": self.interrupted, "failures": self.failures}


# ---- workers ---------------------------------------------------------------------------------------------

_WORKER_TAGGER: Tagger | None = None
_WORKER_INIT_ERROR: str | None = None


class _InitFailed(Exception):
    """A worker could not build its tagger (e.g. a damaged model): stop the run, don't fail every file."""


def _init_worker(factory: Callable[[], Tagger]) -> None:
    global _WORKER_TAGGER, _WORKER_INIT_ERROR
    try:
        _WORKER_TAGGER = factory()
    except Exception as e:  # noqa: BLE001 - reported to the parent with the first task
        _WORKER_INIT_ERROR = _reason(e)
        return
    if "torch" in sys.modules:  # one thread per worker: the pool is the parallelism
        try:
            sys.modules["torch"].set_num_threads(1)
        except Exception:
            pass


def _reason(e: BaseException) -> str:
    if isinstance(e, YigaiError):
        return str(e)
    return f"internal error: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}".rstrip(": ")


def _tag_to_json(tagger: Tagger, doc: Document, indent: int | None) -> str:
    out = tagger(doc)
    if not isinstance(out, Document):
        raise TypeError(f"tagger returned {type(out).__name__}, not Document")
    return dumps_json(out.to_dict(), indent=indent)


def _work_doc(task: tuple[str, int | None]) -> tuple[str | None, str | None]:
    """Worker: load and tag one file; return ``(json_text, None)`` or ``(None, reason)``."""
    from nlp.io.load import load_path

    path, indent = task
    if _WORKER_INIT_ERROR is not None:
        raise _InitFailed(_WORKER_INIT_ERROR)
    try:
        assert _WORKER_TAGGER is not None
        return _tag_to_json(_WORKER_TAGGER, load_path(path), indent), None
    except Exception as e:  # noqa: BLE001 - one bad file must not stop the batch
        return None, _reason(e) if isinstance(e, YigaiError) else f"{path}: {_reason(e)}"


def _work_record(doc: Document) -> tuple[str | None, str | None]:
    if _WORKER_INIT_ERROR is not None:
        raise _InitFailed(_WORKER_INIT_ERROR)
    try:
        assert _WORKER_TAGGER is not None
        return _tag_to_json(_WORKER_TAGGER, doc, None), None
    except Exception as e:  # noqa: BLE001
        return None, _reason(e) if isinstance(e, YigaiError) else f"{doc.source}: {_reason(e)}"


def _ordered_map(fn: Callable, tasks: Iterable, executor, window: int) -> Iterator:
    """``map`` over a process pool with at most ``window`` tasks in flight, results in order."""
    if executor is None:
        for t in tasks:
            yield fn(t)
        return
    pending: deque = deque()
    for t in tasks:
        pending.append(executor.submit(fn, t))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


# ---- the run ---------------------------------------------------------------------------------------------

def _fingerprint(fingerprint: dict[str, Any] | None, fmt: str) -> str:
    blob = json.dumps({"v": MANIFEST_VERSION, "fp": fingerprint or {}, "fmt": fmt},
                      sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def run_batch(
    inputs: list[str],
    out_dir: Path | str,
    *,
    jobs: int = 1,
    fmt: str = "json",
    tagger: Tagger | None = None,
    tagger_factory: Callable[[], Tagger] | None = None,
    fingerprint: dict[str, Any] | None = None,
    records: bool | str | list[str] | None = False,
    options: dict[str, Any] | None = None,
    force: bool = False,
    progress: bool = True,
) -> BatchReport:
    """Tag every input file into ``out_dir`` (see the module doc for layout and guarantees).

    ``tagger`` tags one :class:`Document` in this process; ``tagger_factory``
    builds a tagger (called once per worker when ``jobs > 1``, once here
    otherwise). ``fingerprint`` (model name/version and options) decides
    whether earlier outputs are still valid. Without either, ``options``
    (the CLI's ``model``, ``no_model``, ``ref_date``, ``threshold``,
    ``all_scores``) build the real pipeline through :class:`PipelineTaggerFactory`,
    whose fingerprint covers the model files and the options.

    ``records=True`` treats every input as a JSONL records file; a path (or
    list of paths) adds those records files to the document ``inputs``.
    Returns a :class:`BatchReport`; ``_report.json`` is written even when the
    run is interrupted.
    """
    if tagger is None and tagger_factory is None and options is not None:
        factory = PipelineTaggerFactory(options)
        tagger_factory = factory
        if fingerprint is None:
            fingerprint = factory.fingerprint()  # also fails early on a missing model
    if tagger is None and tagger_factory is None:
        raise YigaiError("run_batch needs a tagger or a tagger_factory")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError("output path exists and is not a directory", path=str(out), fix="give a directory for --out")
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    fp = _fingerprint(fingerprint, fmt)
    if isinstance(records, (str, os.PathLike)):
        records_inputs, records = [str(records)], False
    elif isinstance(records, (list, tuple)):
        records_inputs, records = [str(r) for r in records], False
    else:
        records_inputs, records = [], bool(records)
    indent = 2 if fmt == "json" else None
    report = BatchReport(out_dir=out)
    lock = _Lock(out)
    try:
        return _run_locked(inputs, out, lock=lock, report=report, jobs=jobs, fmt=fmt, tagger=tagger,
                           tagger_factory=tagger_factory, fp=fp, records=records,
                           records_inputs=records_inputs, force=force, progress=progress,
                           indent=indent, t0=t0)
    finally:
        lock.release()


def _run_locked(inputs, out, *, lock, report, jobs, fmt, tagger, tagger_factory, fp, records, records_inputs, force,
                progress, indent, t0) -> BatchReport:
    from tqdm import tqdm

    manifest = _Manifest(out)
    _remove_stale_temps(out, manifest.claimed)

    # 1. plan; missing inputs are failures, not crashes
    for arg in list(inputs) + records_inputs:
        if not os.path.exists(arg):
            report.failures.append({"file": arg, "reason": f"{arg}: no such file or directory; check the path"})
    items = plan_outputs(inputs, out, fmt=fmt, records=records, records_inputs=records_inputs)
    report.total = len(items) + len(report.failures)

    # 2. decide what to skip; claim outputs we are about to write
    todo: list[tuple[Item, dict[str, Any]]] = []
    claims: list[dict[str, Any]] = []
    for it in items:
        try:
            target = _inside(out, it.out_rel)
            st = os.stat(it.path)
            prev = manifest.done.get(it.out_rel)
            same_stat = (prev is not None and prev.get("input") == os.path.abspath(it.path)
                         and prev.get("size") == st.st_size and prev.get("mtime_ns") == st.st_mtime_ns)
            sha = prev["sha256"] if same_stat else _file_sha256(it.path)
            info = {"input": os.path.abspath(it.path), "sha256": sha, "size": st.st_size,
                    "mtime_ns": st.st_mtime_ns, "fingerprint": fp}
        except (OSError, InputError) as e:
            report.failures.append({"file": it.path, "reason": str(e) if isinstance(e, InputError) else
                                    f"{it.path}: cannot be read ({e.strerror}); check permissions"})
            continue
        if (prev is not None and prev.get("sha256") == sha and prev.get("fingerprint") == fp
                and prev.get("input") == info["input"]):
            if prev.get("status") == "ok" and target.exists():
                report.skipped += 1
                for r in prev.get("errors", []):
                    report.failures.append({"file": it.path, "reason": r})
                continue
            if prev.get("status") == "failed":
                report.skipped += 1
                report.failures.append({"file": it.path, "reason": prev.get("reason", "failed")})
                continue
        if target.exists() and it.out_rel not in manifest.claimed and not force:
            report.failures.append({"file": it.path, "reason": f"{target}: exists and was not written by yigai; "
                                    "move it away, choose another --out, or pass --force"})
            continue
        if it.out_rel not in manifest.claimed:
            claims.append({"event": "claim", "output": it.out_rel, "input": info["input"]})
        todo.append((it, info))
    manifest.append(claims, sync=True)

    # 3. tag
    n_docs = sum(1 for it, _ in todo if it.kind == "doc")
    n_recs = 0
    if any(it.kind == "records" for it, _ in todo):
        from nlp.io.records import count_records

        n_recs = sum(count_records(it.path) for it, _ in todo if it.kind == "records")
    bar = tqdm(total=n_docs + n_recs, unit="doc", file=sys.stderr, disable=not progress or not todo, dynamic_ncols=True,
               desc="tagging", smoothing=0.1, mininterval=0.1 if sys.stderr.isatty() else 15.0)
    executor = None
    local_tagger: Tagger | None = None
    try:
        if jobs > 1 and todo:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            factory = tagger_factory if tagger_factory is not None else _Const(tagger)
            executor = ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("fork"),
                                           initializer=_init_worker, initargs=(factory,))
        else:
            local_tagger = tagger if tagger is not None else (tagger_factory() if todo else None)
            global _WORKER_TAGGER
            _WORKER_TAGGER = local_tagger
        window = max(2, 4 * jobs)

        doc_items = [(it, info) for it, info in todo if it.kind == "doc"]
        results = _ordered_map(_work_doc, ((it.path, indent) for it, _ in doc_items), executor, window)
        for (it, info), (text, err) in zip(doc_items, results):
            entry = dict(info, event="done", output=it.out_rel)
            if err is None:
                try:
                    write_text_atomic(_inside(out, it.out_rel), text, sync_dir=False)
                    entry["status"] = "ok"
                    report.done += 1
                    report.documents += 1
                except (OSError, InputError) as e:
                    err = str(e)
            if err is not None:
                entry.update(status="failed", reason=err)
                report.failures.append({"file": it.path, "reason": err})
            manifest.append([entry])
            bar.update(1)

        for it, info in ((it, info) for it, info in todo if it.kind == "records"):
            _run_records(it, info, out, manifest, report, executor, window, bar)
    except KeyboardInterrupt:
        report.interrupted = True
        raise
    except _InitFailed as e:
        report.interrupted = True
        raise YigaiError(f"the tagger could not be built in a worker process: {e}",
                         fix="fix the model (try `yigai model info`) or run with --jobs 1") from None
    except BrokenProcessPool as e:
        report.interrupted = True
        raise YigaiError(f"a worker process died ({e}); finished outputs are kept",
                         fix="rerun the same command to continue, or use --jobs 1 to see the error") from None
    finally:
        bar.close()
        if executor is not None:
            executor.shutdown(wait=not report.interrupted, cancel_futures=True)
        report.seconds = time.monotonic() - t0
        if not report.interrupted:
            manifest.compact()
        else:
            manifest.close()
        write_json_atomic(report.report_path, report.to_dict())
    return report


_TEMP = re.compile(r"^\.(.+)\.[A-Za-z0-9_]{8}\.tmp$")


def _remove_stale_temps(out: Path, claimed: set[str]) -> None:
    """Delete temp files a killed run left behind (only ours: named after a claimed output)."""
    ours = {rel.rsplit("/", 1)[-1][:80]: rel for rel in claimed}
    ours.update({MANIFEST_NAME[:80]: MANIFEST_NAME, REPORT_NAME[:80]: REPORT_NAME})
    for dirpath, _dirs, files in os.walk(out):
        for fn in files:
            m = _TEMP.match(fn)
            if not m or m.group(1) not in ours:
                continue
            try:
                os.unlink(os.path.join(dirpath, fn))
            except OSError:
                pass


def _run_records(it: Item, info: dict[str, Any], out: Path, manifest: _Manifest, report: BatchReport,
                 executor, window: int, bar) -> None:
    from nlp.io.records import iter_record_results

    errors: list[str] = []
    written = 0

    def docs() -> Iterator[Document]:
        for r in iter_record_results(it.path):
            if r.error is not None:
                errors.append(str(r.error))
                bar.update(1)
                continue
            yield r.doc

    entry = dict(info, event="done", output=it.out_rel)
    try:
        with open_atomic(_inside(out, it.out_rel), sync_dir=False) as f:
            for text, err in _ordered_map(_work_record, docs(), executor, window):
                if err is None:
                    f.write(text)
                    written += 1
                else:
                    errors.append(err)
                bar.update(1)
    except (OSError, InputError) as e:
        entry.update(status="failed", reason=str(e))
        report.failures.append({"file": it.path, "reason": str(e)})
        manifest.append([entry])
        return
    entry.update(status="ok", documents=written, errors=errors)
    report.done += 1
    report.documents += written
    for r in errors:
        report.failures.append({"file": it.path, "reason": r})
    manifest.append([entry])


class PipelineTaggerFactory:
    """Builds the real tagger (:func:`nlp.pipeline.tag_document` with the theme model) from CLI options.

    Picklable and cheap to create; calling it loads the model (once per worker).
    ``options`` keys: ``model`` (directory or None for the shipped one),
    ``no_model``, ``ref_date``, ``threshold``, ``all_scores``, ``precision``.
    """

    def __init__(self, options: dict[str, Any] | None = None):
        self.options = dict(options or {})

    def fingerprint(self) -> dict[str, Any]:
        """Model identity (file hashes, without loading weights) plus every option that changes outputs."""
        import nlp

        o = self.options
        fp: dict[str, Any] = {"yigai": nlp.__version__, "ref_date": o.get("ref_date"), "threshold": o.get("threshold"),
                              "all_scores": bool(o.get("all_scores")), "no_model": bool(o.get("no_model"))}
        if not o.get("no_model"):
            from nlp.themes.fast import resolve_precision
            from nlp.themes.registry import resolve_model_path

            fp["precision"] = resolve_precision(o.get("precision"))

            path = resolve_model_path(o.get("model"))  # ModelError (one line) when missing
            h = hashlib.sha256()
            for f in sorted(path.iterdir()):
                if f.is_file() and f.suffix in (".json", ".txt", ".safetensors", ".model"):
                    st = f.stat()
                    h.update(f"{f.name}:{st.st_size}".encode())
                    if f.suffix != ".safetensors" and st.st_size < (4 << 20):
                        h.update(f.read_bytes())
                    else:
                        h.update(str(st.st_mtime_ns).encode())
            fp["model"] = {"path": str(path), "files": h.hexdigest()[:16]}
        return fp

    def __call__(self) -> Tagger:
        import functools

        from nlp.pipeline import tag_document

        o = self.options
        clf = None
        if not o.get("no_model"):
            from nlp.themes.registry import load_default_or

            clf = load_default_or(o.get("model"), precision=o.get("precision"))
        tag = functools.partial(tag_document, classifier=clf, all_scores=bool(o.get("all_scores")),
                                threshold=o.get("threshold"))
        return functools.partial(tag_keeping_record_identity, tag, o.get("ref_date"))


def tag_keeping_record_identity(tag: Callable[..., Document], ref_date: str | None, doc: Document) -> Document:
    """Tag ``doc``; a records file's identity (title, issuer, number, date) wins over what the text suggests.

    The record's date is also the reference date for relative expressions.
    """
    if doc.identity.issued_rule != "record":
        return tag(doc, ref_date=ref_date)
    import copy

    given = copy.copy(doc.identity)
    doc = tag(doc, ref_date=ref_date or given.issued)
    ident = doc.identity
    for f in ("title", "issuer", "doc_number", "issued", "issued_rule"):
        if getattr(given, f):
            setattr(ident, f, getattr(given, f))
    if given.issued and not doc.ref_date:
        doc.ref_date = given.issued
    return doc


class _Lock:
    """``out_dir/.yigai-lock``: one batch per output directory at a time (stale locks of dead runs are taken over)."""

    def __init__(self, out: Path):
        self.path = out / ".yigai-lock"
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                try:
                    pid = int(self.path.read_text().strip() or 0)
                except (OSError, ValueError):
                    pid = 0
                if pid and _alive(pid) and pid != os.getpid():
                    raise YigaiError(f"another yigai batch (pid {pid}) is writing to this directory", path=str(out),
                                     fix="wait for it to finish, or use another --out") from None
                try:
                    self.path.unlink()
                except FileNotFoundError:
                    pass
                continue
            with os.fdopen(fd, "w") as f:
                f.write(str(os.getpid()))
            return
        raise YigaiError("cannot take the batch lock", path=str(self.path), fix="remove the file and retry")

    def release(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Const:
    """A picklable factory that returns an already built tagger (fork shares it with workers)."""

    def __init__(self, tagger: Tagger | None):
        self.tagger = tagger

    def __call__(self) -> Tagger:
        assert self.tagger is not None
        return self.tagger


def iter_outputs(out_dir: Path | str) -> Iterator[dict[str, Any]]:
    """Stream the tag objects of every successful output in ``out_dir`` (manifest order).

    Use it to build a timeline from a batch without holding every document:
    ``build_timeline(list(iter_outputs(out)))`` or feed the events as they come.
    """
    out = Path(out_dir)
    m = out / MANIFEST_NAME
    if not m.exists():
        raise InputError("is not a yigai batch output directory (no manifest)", path=str(out),
                         fix="run `yigai batch ... --out DIR` first")
    done: dict[str, dict] = {}
    with open(m, encoding="utf-8") as f:
        for line in f:
            try:
                e = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(e, dict) and e.get("event") == "done":
                done[e["output"]] = e
    for rel in sorted(done):
        if done[rel].get("status") != "ok":
            continue
        p = _inside(out, rel)
        if not p.exists():
            continue
        if rel.endswith(".jsonl"):
            with open(p, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        yield json.loads(line)
        else:
            with open(p, encoding="utf-8") as f:
                yield json.load(f)

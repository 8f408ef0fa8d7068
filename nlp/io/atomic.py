"""Atomic file writes: a reader (or a crash) never sees a half-written output.

Every writer goes through a temporary file in the *same directory* as the target,
flushes and ``fsync``s it, then ``os.replace``s it over the target, so the target
is either the old file or the complete new one. JSON is written UTF-8 with
Chinese unescaped (``ensure_ascii=False``).

Files that are not ours are protected: with ``overwrite=False`` an existing
target raises :class:`nlp.errors.InputError` instead of being replaced (the CLI
passes ``overwrite=True`` only when the user asked, e.g. ``--force``; batch
outputs recorded in the batch manifest are ours and are replaced freely).

Public functions: :func:`write_text_atomic`, :func:`write_json_atomic`, :func:`open_atomic`.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterator, TextIO

from nlp.errors import InputError


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (best effort: not every OS/filesystem allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _mode_for(target: Path) -> int:
    """Keep an existing file's permissions; new files get ``0666 & ~umask`` like ``open()`` gives."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _check_overwrite(path: Path, overwrite: bool) -> None:
    if not overwrite and path.exists():
        raise InputError("already exists and was not written by this run", path=str(path),
                         fix="choose another output path or pass --force to replace it")


@contextlib.contextmanager
def open_atomic(path: str | os.PathLike[str], *, overwrite: bool = True, encoding: str = "utf-8",
                newline: str | None = "\n", sync_dir: bool = True) -> Iterator[TextIO]:
    """Open a text file for streaming writes that appear at ``path`` only when complete.

    On a clean exit of the ``with`` block the temporary file is fsynced and renamed
    over ``path``; on an exception it is removed and ``path`` is left untouched.
    ``sync_dir=False`` skips fsyncing the directory after the rename (batch runs
    write thousands of files; a rename lost in a power cut only means that file
    is redone, never that a half-written one is seen).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with open_atomic(d / "a.txt") as f:
    ...     _ = f.write("医保")
    >>> (d / "a.txt").read_text(encoding="utf-8")
    '医保'
    """
    target = Path(path)
    _check_overwrite(target, overwrite)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:80]}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, _mode_for(target))  # mkstemp makes 0600; outputs get the usual permissions
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if sync_dir:
        _fsync_dir(target.parent)


def write_text_atomic(path: str | os.PathLike[str], text: str, *, overwrite: bool = True,
                      encoding: str = "utf-8", sync_dir: bool = True) -> Path:
    """Write ``text`` to ``path`` atomically (temp file + fsync + ``os.replace``); return the path."""
    with open_atomic(path, overwrite=overwrite, encoding=encoding, sync_dir=sync_dir) as f:
        f.write(text)
    return Path(path)


def dumps_json(obj: Any, *, indent: int | None = 2) -> str:
    """JSON text as yigai writes it: UTF-8 friendly (``ensure_ascii=False``), trailing newline."""
    return json.dumps(obj, ensure_ascii=False, indent=indent) + "\n"


def write_json_atomic(path: str | os.PathLike[str], obj: Any, *, overwrite: bool = True,
                      indent: int | None = 2) -> Path:
    """Write ``obj`` as JSON (``ensure_ascii=False``) to ``path`` atomically; return the path."""
    return write_text_atomic(path, dumps_json(obj, indent=indent), overwrite=overwrite)

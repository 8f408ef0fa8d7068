"""All user-facing errors of yigai, each a one-line message naming the file and the fix.

The command line catches :class:`YigaiError` and prints ``yigai: error: <message>``
without a traceback; library callers can catch it (or its subclasses) directly.
"""

from __future__ import annotations


class YigaiError(Exception):
    """A problem the user can fix. ``str(err)`` is one line: what, where, and what to do."""

    code = "E000"

    def __init__(self, message: str, *, path: str | None = None, fix: str | None = None):
        self.path = path
        self.fix = fix
        parts = []
        if path:
            parts.append(f"{path}:")
        parts.append(message.rstrip("."))
        msg = " ".join(parts)
        if fix:
            msg += f"; {fix}"
        super().__init__(msg.replace("\n", " "))


class InputError(YigaiError):
    """An input document cannot be read (binary, empty, wrong encoding, unsupported format)."""

    code = "E100"


class ModelError(YigaiError):
    """A model directory is missing, incomplete or incompatible."""

    code = "E200"


class AnnotationError(YigaiError):
    """An annotation file is malformed."""

    code = "E300"


class ConfigError(YigaiError):
    """A training configuration is invalid."""

    code = "E400"

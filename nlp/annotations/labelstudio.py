"""Interchange with Label Studio (JSON task format), losslessly.

Export writes one task per clause: ``data`` holds the clause text, its heading path and
everything needed to put it back (``doc``, ``start``, ``end``, ``kind`` and any extra
fields); the current labels become a pre-filled annotation (``choices`` over the 16 theme
ids), so corrections start from them. A labelling config (XML) for the project is written
beside the tasks file. Import reads a Label Studio export (JSON list of tasks): for every
task the most recent non-cancelled annotation wins; tasks without one keep their labels.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import AnnotationError
from ..themes.labels import LABEL_IDS, LABEL_NAMES
from .corpus import AnnotatedClause, load_clauses, save_clauses

FROM_NAME = "themes"
TO_NAME = "text"


def labeling_config() -> str:
    """The Label Studio labelling interface for theme annotation."""
    choices = "\n".join(f'    <Choice value="{lab}" hint="{LABEL_NAMES[lab]}"/>' for lab in LABEL_IDS)
    return (
        "<View>\n"
        '  <Header value="$path"/>\n'
        f'  <Text name="{TO_NAME}" value="$text"/>\n'
        f'  <Choices name="{FROM_NAME}" toName="{TO_NAME}" choice="multiple" showInline="true">\n'
        f"{choices}\n"
        "  </Choices>\n"
        "</View>\n"
    )


def clause_to_task(c: AnnotatedClause, task_id: int) -> dict:
    data = {"text": c.text, "path": " > ".join(c.path), "path_list": c.path, "doc": c.doc, "start": c.start, "end": c.end, "kind": c.kind, "extra": c.extra}
    result = [{"from_name": FROM_NAME, "to_name": TO_NAME, "type": "choices", "value": {"choices": list(c.labels)}}]
    return {"id": task_id, "data": data, "annotations": [{"id": task_id, "result": result, "was_cancelled": False}]}


def export_tasks(root: Path, output: Path, *, docs: list[str] | None = None, fmt: str = "label-studio") -> int:
    """Write ``output`` (tasks) and ``output`` with suffix ``.config.xml``; return the task count."""
    if fmt != "label-studio":
        raise AnnotationError(f"unknown export format {fmt!r}", fix="use --format label-studio")
    from ..io.atomic import write_text_atomic

    clauses = [c for c in load_clauses(root) if docs is None or c.doc in docs]
    tasks = [clause_to_task(c, i + 1) for i, c in enumerate(clauses)]
    output = Path(output)
    write_text_atomic(output, json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")
    write_text_atomic(output.with_suffix(".config.xml"), labeling_config())
    return len(tasks)


def _choices(annotation: dict) -> list[str] | None:
    for r in annotation.get("result") or []:
        if r.get("from_name") == FROM_NAME and r.get("type") == "choices":
            return list((r.get("value") or {}).get("choices") or [])
    return []  # an annotation that selected nothing means "no theme"


def task_to_clause(task: dict, where: str) -> AnnotatedClause:
    data = task.get("data") or {}
    try:
        c = AnnotatedClause(
            doc=data["doc"], start=int(data["start"]), end=int(data["end"]), text=data["text"],
            labels=[], path=list(data.get("path_list") or []), kind=data.get("kind", "body"), extra=dict(data.get("extra") or {}),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise AnnotationError(f"task lacks {e}", path=where, fix="import tasks exported by `yigai annotations export`") from None
    anns = [a for a in (task.get("annotations") or []) if not a.get("was_cancelled")]
    if anns:
        latest = max(anns, key=lambda a: (a.get("updated_at") or a.get("created_at") or "", a.get("id") or 0))
        labels = _choices(latest)
    else:
        labels = None
    if labels is None:
        raise AnnotationError("task has no annotation", path=where, fix="annotate it in Label Studio or remove it from the export")
    unknown = [lab for lab in labels if lab not in LABEL_IDS]
    if unknown:
        raise AnnotationError(f"unknown labels {unknown}", path=where, fix="use the labelling config written by export")
    c.labels = [lab for lab in LABEL_IDS if lab in labels]  # canonical order
    return c


def import_tasks(tasks_path: Path, root: Path, *, output: Path | None = None) -> int:
    """Merge labels from a Label Studio export into ``clauses.jsonl`` (or ``output``)."""
    tasks_path = Path(tasks_path)
    try:
        tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise AnnotationError(f"cannot read tasks ({e.__class__.__name__})", path=str(tasks_path), fix="pass the JSON export of Label Studio") from None
    if not isinstance(tasks, list):
        raise AnnotationError("expected a JSON list of tasks", path=str(tasks_path), fix="export from Label Studio as JSON")
    incoming = {}
    for i, t in enumerate(tasks):
        c = task_to_clause(t, f"{tasks_path}[{i}]")
        incoming[(c.doc, c.start, c.end)] = c
    try:
        current = load_clauses(root)
    except AnnotationError:
        current = []
    merged = {(c.doc, c.start, c.end): c for c in current}
    for key, c in incoming.items():
        old = merged.get(key)
        if old is not None and old.text != c.text:
            raise AnnotationError(f"clause {key} text differs from the corpus", path=str(tasks_path), fix="re-export; the document changed since")
        merged[key] = c
    save_clauses(root, list(merged.values()), path=output)
    return len(incoming)

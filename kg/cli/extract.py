"""`kg extract` and `kg eval`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg.cli import app
from kg.cli.output import Format, FormatOption, emit_rows, print_error, print_note
from kg.pipeline import DEFAULT_MAX_CHARS
from kg.records import dumps

_err = Console(stderr=True, highlight=False)


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


class IdFrom(str, Enum):
    """How a file's document id is made (kg.sources.document_ids)."""

    auto = "auto"
    stem = "stem"
    path = "path"


IdFromOption = Annotated[
    IdFrom,
    typer.Option(
        "--id-from",
        help="Document ids of files: stem (file name), path (relative to the folder given: "
        "2009-05-20/article), auto (stem unless two files share it). JSON Lines ids win.",
    ),
]


class Tagger(str, Enum):
    """The statistical taggers (kg.recognize.ensemble): the CRF pair, the neural tagger with
    the CRFs where it is unsure, or the neural tagger alone."""

    crf = "crf"
    ensemble = "ensemble"
    neural = "neural"


TaggerOption = Annotated[
    Tagger | None,
    typer.Option(
        "--tagger",
        help="Statistical name tagger: ensemble (default: the neural tagger, and the CRFs "
        "vote where it is unsure), crf (the CRF pair alone: fewer names found) or neural "
        "(alone: the fastest). Default: $KG_NER, else ensemble.",
    ),
]


def use_tagger(tagger: Tagger | None) -> None:
    """Choose the tagger for this run: through ``KG_NER``, which worker processes inherit."""
    if tagger is not None:
        os.environ["KG_NER"] = tagger.value


def report_error(message: str) -> None:
    """One line on stderr that names the input and the problem."""
    print_error(message, _err)


def _open_output(path: Path) -> TextIO:
    """``-o`` opened for writing (missing parent folders created), or a clean error."""
    from kg.cli.output import os_problem, output_file

    try:
        output_file(path)
        return path.open("w", encoding="utf-8")
    except ValueError as err:
        report_error(str(err))
    except OSError as err:
        report_error(os_problem(path, err))
    raise typer.Exit(code=1)


@app.command()
def extract(
    paths: Annotated[
        list[str], typer.Argument(help="Files, folders or '-' (JSON Lines on stdin).")
    ],
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="jsonl (KG_RECORDS.md) or table.")
    ] = ExtractFormat.jsonl,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Processes to use (default: all cores for large inputs).")
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="Year for dates written without one, when the text has none.")
    ] = None,
    id_from: IdFromOption = IdFrom.auto,
    max_chars: Annotated[
        int,
        typer.Option("--max-chars", help="Refuse documents longer than this many characters "
                     "(0: no limit)."),
    ] = DEFAULT_MAX_CHARS,
    tagger: TaggerOption = None,
) -> None:
    """Extract entities and facts from Chinese news articles."""
    from kg.pipeline import iter_results
    from kg.sources import SourceError

    use_tagger(tagger)
    failures = 0
    documents = undated = 0
    out: TextIO = _open_output(output) if output else sys.stdout
    rows: list[dict] = []
    try:
        with _progress() as progress:
            task = progress.add_task("extracting", total=None)
            results = iter_results(paths, workers=workers, default_year=year,
                                   id_from=id_from.value, max_chars=max_chars or None,
                                   on_skipped=lambda skipped: print_note(str(skipped), _err))
            for result in results:
                progress.advance(task)
                if isinstance(result, SourceError):
                    failures += 1
                    report_error(str(result))
                    continue
                if result.error:
                    failures += 1
                    report_error(f"{result.path}: extraction failed: {result.error}")
                    continue
                documents += 1
                undated += not any(r["kind"] == "document" and r.get("date")
                                   for r in result.records[:1])
                if fmt is ExtractFormat.jsonl:
                    out.write("".join(dumps(r) + "\n" for r in result.records))
                else:
                    rows.extend(_table_rows(result.records))
        if fmt is ExtractFormat.table:
            emit_rows(
                rows,
                Format.table,
                columns=["doc", "subject", "predicate", "object", "attrs"],
                file=out,
            )
    finally:
        if output:
            out.close()
    if undated:
        _err.print(undated_note(undated, documents, year), soft_wrap=True)
    if failures:
        raise typer.Exit(code=1)


def undated_note(undated: int, documents: int, year: int | None) -> str:
    """What ``kg extract`` says on stderr when documents had no publication date."""
    what = f"{undated} of {documents} document{'s' if documents != 1 else ''} had no date"
    if year is not None:
        return (f"kg extract: {what}; dates written without a year took {year} (--year); "
                "今天/昨天 stay unresolved without a \"date\" field.")
    return (f"kg extract: {what}: dates they write with a year are kept, those without one "
            "(2月14日) were left out. Give the year with --year YYYY, or a \"date\" field in "
            "JSON Lines input.")


def _table_rows(records: list[dict]) -> list[dict]:
    return [
        {
            "doc": r["doc"],
            "subject": r["subject"]["name"],
            "predicate": r["predicate"],
            "object": r["object"]["name"][:60],
            "attrs": r["attrs"] or None,
        }
        for r in records
        if r["kind"] == "triple"
    ]


def _progress() -> Progress:
    # Only on a terminal: piped or CI runs get clean stderr.
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_err,
        transient=True,
        disable=not _err.is_terminal,
    )


@app.command(name="eval")
def evaluate(
    pred: Annotated[Path, typer.Argument(help="Records from `kg extract` (JSON Lines), or '-'.")],
    gold: Annotated[list[Path], typer.Argument(help="Gold files or folders (gold/GUIDELINES.md).")],
    fmt: Format = FormatOption,
    misses: Annotated[bool, typer.Option(help="List the gold items that were not found.")] = False,
    attrs: Annotated[
        bool,
        typer.Option(help="Also score the attributes of the matched triples (date, title, to, "
                     "count, quantity, mode, role), as kg_score.py --attrs."),
    ] = False,
) -> None:
    """Score extracted records against gold annotations: P/R/F1 per type and predicate."""
    from kg.evaluate import attr_rows, load_gold, score, score_attrs

    failures = 0

    def report(error: Exception) -> None:
        nonlocal failures
        failures += 1
        report_error(str(error))

    records = _read_predictions(pred, report)
    gold_docs = load_gold(gold, on_error=report)
    if records is None or not gold_docs:
        # Nothing to score against: a table of zeros would read as a real result.
        raise typer.Exit(code=1)
    result = score(records, gold_docs)
    extra = attr_rows(score_attrs(records, gold_docs)) if attrs else []
    if extra and fmt is Format.table:
        emit_rows(result.rows(), fmt, title="kg eval")
        emit_rows(extra, fmt, title="attributes of the matched triples")
    else:
        emit_rows(result.rows() + extra, fmt, title="kg eval")
    if misses:
        for key, items in result.missed.items():
            print(f"\nmissed {key}:")
            for item in items:
                print(f"  {item}")
    if failures:
        raise typer.Exit(code=1)


def _read_predictions(pred: Path, report: Callable[[Exception], None]) -> list[dict] | None:
    """The records of ``pred`` ('-': stdin); a bad line is reported and skipped, a file that
    cannot be read at all is reported and gives None."""
    from kg.records import iter_read_records

    name = str(pred)
    source = sys.stdin if name == "-" else pred
    try:
        return list(iter_read_records(
            source, on_error=lambda error: report(ValueError(f"{name}: {error}"))))
    except FileNotFoundError:
        report(ValueError(f"{name}: no such file"))
    except OSError as exc:
        report(ValueError(f"{name}: cannot read: {exc.strerror or exc}"))
    except ValueError as exc:  # not UTF-8: what follows cannot be trusted to be lines
        report(ValueError(f"{name}: {exc}"))
    return None

"""One shared set of output options for every command that prints rows, and error lines.

``--format json`` (a JSON array), ``jsonl`` (one object a line), ``csv``, ``tsv`` and
``table`` (the default). Machine formats carry full values and a header; a table cuts long
cells with ``…``. Chinese text stays readable: ``ensure_ascii=False``.

Values are data, never Rich markup: tables and messages are built from ``rich.text.Text``
objects, so ``[/]``, ``[bold]`` or backslashes in an article, id or file name print as written.
"""

from __future__ import annotations

import csv
import json
import pathlib
import sys
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any, TextIO

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

ERRORS = Console(stderr=True, highlight=False)


def print_error(message: str, console: Console | None = None) -> None:
    """``error: MESSAGE`` on stderr, the message printed literally."""
    line = Text.assemble(("error", "bold red"), ": ", message)
    (console or ERRORS).print(line, soft_wrap=True, highlight=False)


def print_note(message: str, console: Console | None = None) -> None:
    """A plain line on stderr, printed literally."""
    (console or ERRORS).print(Text(message), soft_wrap=True, highlight=False)


def counted(n: int, noun: str) -> str:
    """``1 document``, ``3 documents``: a count with its noun (English plural in -s)."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def output_file(path: pathlib.Path) -> None:
    """Make ``path`` (an ``-o`` file) writable: missing parent folders are created, as ``kg build
    --store`` creates its store's; raises ValueError naming ``path`` when it cannot be."""
    if path.is_dir():
        raise ValueError(f"{path}: is a folder; give a file name")
    _make_folder(path.parent, path)


def output_folder(path: pathlib.Path) -> None:
    """Make ``path`` (an ``-o`` folder) exist, with its parents; ValueError when it cannot."""
    _make_folder(path, path)


def _make_folder(folder: pathlib.Path, path: pathlib.Path) -> None:
    # The nearest existing ancestor being a file is the common mistake; mkdir's own errno
    # ("File exists", "Not a directory") would not say which part of the path is wrong.
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        what = "" if existing == path else f" {existing}"
        raise ValueError(f"{path}:{what} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ValueError(f"{path}: cannot create the folder {folder} "
                         f"({err.strerror or err})") from err


def os_problem(path: pathlib.Path, err: OSError) -> str:
    """``PATH: Permission denied``: the reason without Python's ``[Errno 13] ... 'PATH'``
    (PATH is the file the error names, e.g. ``out/nodes.csv``, else ``path``)."""
    return f"{err.filename or path}: {err.strerror or err}"


TABLE_CELL_WIDTH = 40  # a free-text cell shows this many columns, then "…"
# Columns of running text (a quote, its sentence, a headline) are cut in a table (the formats
# give them whole); every other cell — a name, a document id, a path's walk, a date — is the
# answer itself and wraps instead of losing its end.
FREE_TEXT_COLUMNS = frozenset({"text", "evidence", "title", "statement", "quote"})


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"


FormatOption = typer.Option(
    Format.table,
    "--format",
    "-f",
    help="Output format: table, json, jsonl, csv or tsv.",
    case_sensitive=False,
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def emit_rows(
    rows: Sequence[Mapping[str, Any]],
    fmt: Format | str = Format.table,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    file: TextIO | None = None,
) -> None:
    """Print ``rows`` (dicts) in the chosen format; columns default to the keys seen, in order."""
    out = file or sys.stdout
    fmt = Format(fmt)
    if columns is None:
        columns = list(dict.fromkeys(k for row in rows for k in row))
    if fmt is Format.json:
        out.write(json.dumps([dict(r) for r in rows], ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.jsonl:
        for row in rows:
            out.write(json.dumps(dict(row), ensure_ascii=False) + "\n")
    elif fmt in (Format.csv, Format.tsv):
        writer = csv.writer(out, dialect="excel-tab" if fmt is Format.tsv else "excel")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
    else:
        table = Table(title=Text(title) if title is not None else None, show_lines=False)
        for column in columns:
            cut = column in FREE_TEXT_COLUMNS
            table.add_column(Text(column), overflow="ellipsis" if cut else "fold",
                             max_width=TABLE_CELL_WIDTH if cut else None,
                             min_width=min(len(column), 10), no_wrap=cut)
        for row in rows:
            table.add_row(*(Text(_cell(row.get(c))) for c in columns))
        Console(file=out, soft_wrap=False, highlight=False).print(table)

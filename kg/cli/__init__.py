"""The `kg` command line: a thin layer over the library.

Each command family lives in its own module and registers itself on ``app``.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="kg",
    help="Turn Chinese news into a knowledge graph of actors, places and events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def main() -> None:
    # Importing registers the commands; done here so `import kg.cli` stays cheap.
    from kg.cli import ask, cluster, export, extract, graph, query  # noqa: F401

    app()

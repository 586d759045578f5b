"""`kg ask ...`: the question functions of :mod:`kg.questions` on the embedded store's graph."""

from __future__ import annotations

import pathlib
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from rich.console import Console

from kg.cli import app
from kg.cli.output import Format, FormatOption, emit_rows, print_error

ask_app = typer.Typer(
    help="Ask the graph: who said what, who sent whom where, who holds which post, ...",
    no_args_is_help=True,
)
app.add_typer(ask_app, name="ask")

_err = Console(stderr=True, highlight=False)

StoreOption = Annotated[
    pathlib.Path,
    typer.Option("--store", "-s", envvar="KG_STORE", help="Embedded store folder."),
]
WhoOption = Annotated[
    str | None, typer.Option("--who", help="Person or organization (aliases and short forms ok).")
]


def _graph(store: pathlib.Path) -> Any:
    """The store's graph; a missing store is a user error with a hint, not an empty answer."""
    from kg.store import StoreError
    from kg.store.embedded import EmbeddedStore

    try:
        if not EmbeddedStore(store).exists():
            raise _fail(f"no graph store at {store} (create one with `kg build PATHS --store DIR`)")
        return EmbeddedStore(store).graph()
    except StoreError as err:
        raise _fail(str(err)) from err


def _fail(message: str) -> typer.Exit:
    print_error(message, _err)
    return typer.Exit(code=1)


def _check_names(graph: Any, **names: str | None) -> None:
    """An unknown name is reported as such, so an empty answer means "none found"."""
    from kg.questions import find_nodes

    for option, name in names.items():
        if name is not None and not find_nodes(graph, name):
            raise _fail(f"nothing in the graph is called {name!r} (--{option})")


# A table shows what fits a terminal; --format json/jsonl/csv give every field, evidence included.
_TABLE_COLUMNS: dict[str, list[str]] = {
    "said": ["speaker", "text", "mode", "date", "doc"],
    "aid": ["source", "source_province", "item", "amount", "destination", "destination_province",
            "date", "doc"],
    "posts": ["person", "title", "body", "date", "doc"],
    "visits": ["person", "place", "province", "date", "doc"],
    "meetings": ["actor", "relation", "role", "other", "place", "date", "doc"],
    "path": ["path", "step", "source", "relation", "target", "doc"],
    "facts": ["direction", "relation", "other", "detail", "doc"],
}


def _emit(rows: Sequence[Any], fmt: Format, title: str, kind: str) -> None:
    from kg.questions import as_dicts

    if not rows:
        _err.print(f"no answers: {title}", markup=False)
    columns = _TABLE_COLUMNS[kind] if Format(fmt) is Format.table else None
    emit_rows(as_dicts(rows), fmt, columns=columns, title=title)


@ask_app.command("said")
def said(
    who: WhoOption = None,
    contains: Annotated[str | None, typer.Option(help="Words the statement contains.")] = None,
    store: StoreOption = pathlib.Path("kg-data"),
    fmt: Format = FormatOption,
) -> None:
    """Who said what, when (direct or indirect speech), with the evidence sentence."""
    from kg.questions import statements

    graph = _graph(store)
    _check_names(graph, who=who)
    _emit(statements(graph, speaker=who, contains=contains), fmt, "Who said what", "said")


@ask_app.command("sent")
def sent(
    to: Annotated[str | None, typer.Option("--to", help="Destination (and places in it).")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Sender (covers places in it).")] = None,
    store: StoreOption = pathlib.Path("kg-data"),
    fmt: Format = FormatOption,
) -> None:
    """Which provinces, cities and organizations sent which teams where."""
    from kg.questions import dispatches

    graph = _graph(store)
    _check_names(graph, to=to, by=by)
    _emit(dispatches(graph, destination=to, sender=by), fmt, "Who sent which teams where", "aid")


@ask_app.command("donated")
def donated(
    to: Annotated[str | None, typer.Option("--to", help="Recipient (covers places in it).")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Donor (covers places in it).")] = None,
    store: StoreOption = pathlib.Path("kg-data"),
    fmt: Format = FormatOption,
) -> None:
    """Who donated what, how much, to whom."""
    from kg.questions import donations

    graph = _graph(store)
    _check_names(graph, to=to, by=by)
    _emit(donations(graph, donor=by, recipient=to), fmt, "Who donated what to whom", "aid")


@ask_app.command("posts")
def posts(
    who: WhoOption = None,
    at: Annotated[str | None, typer.Option("--at", help="Organization or place.")] = None,
    store: StoreOption = pathlib.Path("kg-data"),
    fmt: Format = FormatOption,
) -> None:
    """Who holds which post (title) at which body."""
    from kg.questions import positions

    graph = _graph(store)
    _check_names(graph, who=who, at=at)
    _emit(positions(graph, person=who, body=at), fmt, "Who holds which post", "posts")


@ask_app.command("visits")
def visits(
    who: WhoOption = None,
    where: Annotated[str | None, typer.Option(help="Place (covers places in it).")] = None,
    store: StoreOption = pathlib.Path("kg-data"),
    fmt: Format = FormatOption,
) -> None:
    """Who visited which place or organization."""
    from kg.questions import visits as visit_rows

    graph = _graph(store)
    _check_names(graph, who=who, where=where)
    _emit(visit_rows(graph, person=who, place=where), fmt, "Who visited where", "visits")


@ask_app.command("meetings")
def meetings(
    who: WhoOption = None,
    store: StoreOption = pathlib.Path("kg-data"),
    fmt: Format = FormatOption,
) -> None:
    """Who met whom, and who chaired or attended which meeting."""
    from kg.questions import meetings as meeting_rows

    graph = _graph(store)
    _check_names(graph, who=who)
    _emit(meeting_rows(graph, actor=who), fmt, "Who met whom", "meetings")


@ask_app.command("path")
def path(
    a: Annotated[str, typer.Argument(help="First actor.")],
    b: Annotated[str, typer.Argument(help="Second actor.")],
    max_hops: Annotated[int, typer.Option(min=1, help="Longest path, in steps.")] = 4,
    limit: Annotated[int, typer.Option(min=1, help="Most paths to show.")] = 3,
    store: StoreOption = pathlib.Path("kg-data"),
    fmt: Format = FormatOption,
) -> None:
    """How two actors are connected, hop by hop, through facts, places and documents."""
    from kg.questions import connection

    graph = _graph(store)
    _check_names(graph, a=a, b=b)
    hops = connection(graph, a, b, max_hops=max_hops, limit=limit)
    _emit(hops, fmt, f"How {a} and {b} are connected", "path")


@ask_app.command("who")
def who(
    name: Annotated[str, typer.Argument(help="A person, organization or place.")],
    store: StoreOption = pathlib.Path("kg-data"),
    fmt: Format = FormatOption,
) -> None:
    """A profile: type, aliases, documents, and every fact in and out."""
    from kg.questions import actor, as_dicts

    graph = _graph(store)
    _check_names(graph, name=name)
    profiles = actor(graph, name)
    if fmt in (Format.json, Format.jsonl):
        emit_rows(as_dicts(profiles), fmt)
        return
    if fmt is Format.csv:  # one sheet: the entity's name leads every fact row
        emit_rows([{"name": p.name, **row} for p in profiles for row in as_dicts(p.facts)], fmt)
        return
    out = Console(highlight=False, soft_wrap=True)
    for profile in profiles:
        aliases = "、".join(profile.aliases) or "-"
        props = "".join(f"; {k}={v}" for k, v in profile.props.items())
        out.print(f"{profile.name} ({profile.type}) aliases: {aliases}; "
                  f"{len(profile.docs)} documents: {', '.join(profile.docs)}{props}", markup=False)
        emit_rows(as_dicts(profile.facts), fmt, columns=_TABLE_COLUMNS["facts"],
                  title=f"Facts of {profile.name}")

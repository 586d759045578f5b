"""`kg ask QUESTION ...`: every question of the registry, on the embedded store or Neo4j.

One command per :data:`kg.questions.registry.QUESTIONS` entry, its options made from the
question's parameters, plus the options every question shares: the engine (``--neo4j``), the
filters (``--since/--until``, ``--doc``, ``--source``, ``--min-confidence``, ``--sort``,
``--limit``) and ``--format``. ``kg ask who NAME`` prints an actor's profile.
"""

from __future__ import annotations

import inspect
import pathlib
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console

from kg.cli import app
from kg.cli.output import Format, FormatOption, counted, emit_rows, print_error
from kg.questions.registry import QUESTIONS, Question, QuestionError, get

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
# Table cells worth a terminal's width; json/jsonl/csv/tsv give every column, evidence included.
_TABLE_HIDDEN = frozenset({"evidence"})


def _fail(message: str) -> typer.Exit:
    print_error(message, _err)
    return typer.Exit(code=1)


def _graph(store: pathlib.Path) -> Any:
    """The store's graph; a missing store is a user error with a hint, not an empty answer."""
    from kg.store import StoreError
    from kg.store.embedded import EmbeddedStore

    embedded = EmbeddedStore(store)
    try:
        if not embedded.exists():
            raise _fail(f"no graph store at {store} (create one with `kg build PATHS --store DIR`)")
        return embedded.graph()
    except StoreError as err:
        raise _fail(str(err)) from err


def neo4j_driver(uri: str, user: str, password: str) -> Any:
    """A connected driver, or a one-line error (shared with `kg query`)."""
    from kg.store import StoreError
    from kg.store.neo4j import connect

    try:
        return connect(uri, user, password)
    except StoreError as err:
        raise _fail(str(err)) from err


# Options every question takes: (name, annotation, default).
_COMMON: list[tuple[str, Any, Any]] = [
    ("since", Annotated[str | None, typer.Option(help="Facts on or after this date (2020-02).",
                                                 rich_help_panel="Filters")], None),
    ("until", Annotated[str | None, typer.Option(help="Facts on or before this date.",
                                                 rich_help_panel="Filters")], None),
    ("doc", Annotated[str | None, typer.Option(help="Only facts from this document id.",
                                               rich_help_panel="Filters")], None),
    ("source", Annotated[str | None, typer.Option(help="Only documents of this source (新华社).",
                                                  rich_help_panel="Filters")], None),
    ("min_confidence", Annotated[float | None, typer.Option(
        min=0.0, max=1.0, help="Only facts at least this confident.",
        rich_help_panel="Filters")], None),
    ("sort", Annotated[str | None, typer.Option(
        help="Sort by a column (-column: descending), e.g. -source_count.",
        rich_help_panel="Filters")], None),
    ("limit", Annotated[int | None, typer.Option(min=0, help="At most this many rows.",
                                                 rich_help_panel="Filters")], None),
    ("store", StoreOption, pathlib.Path("kg-data")),
    ("neo4j", Annotated[bool, typer.Option("--neo4j", help="Ask Neo4j instead of the store.",
                                           rich_help_panel="Neo4j")], False),
    ("uri", Annotated[str, typer.Option(envvar="NEO4J_URI", help="Neo4j Bolt URI.",
                                        rich_help_panel="Neo4j")], "bolt://127.0.0.1:7687"),
    ("user", Annotated[str, typer.Option(envvar="NEO4J_USER", rich_help_panel="Neo4j")],
     "neo4j"),
    ("password", Annotated[str, typer.Option(envvar="NEO4J_PASSWORD", rich_help_panel="Neo4j")],
     "kg-dev-password"),
    ("database", Annotated[str | None, typer.Option(envvar="NEO4J_DATABASE",
                                                    rich_help_panel="Neo4j")], None),
    ("fmt", Format, FormatOption),
]


def _param_annotation(param: Any) -> Any:
    kind = int if param.type is int else str
    if param.argument:
        return Annotated[kind, typer.Argument(help=param.help)]
    flag = param.flag or f"--{param.name.replace('_', '-')}"
    return Annotated[kind | None, typer.Option(flag, help=param.help)]


def _run(question: Question, values: dict[str, Any]) -> None:
    from kg.questions.filters import Refinement, date_bound, refine

    given = {p.name: values[p.name] for p in question.params}
    fmt = Format(values["fmt"])
    try:
        date_bound(values["since"], "--since")  # before the store is opened
        date_bound(values["until"], "--until")
    except ValueError as err:
        raise _fail(str(err)) from err
    try:
        bound = question.bind(given)
        if values["neo4j"]:
            driver = neo4j_driver(values["uri"], values["user"], values["password"])
            with driver:
                _check_names_neo4j(question, driver, values["database"], bound)
                rows = _neo4j_rows(question, driver, values["database"], bound)
                docs = _filter_docs(values, lambda: get("documents").ask_neo4j(
                    driver, values["database"]))
        else:
            graph = _graph(values["store"])
            _check_names(question, graph, bound)
            rows = question.ask(graph, **bound)
            docs = _filter_docs(values, lambda: get("documents").ask(graph))
        how = Refinement(values["since"], values["until"], values.get("doc"), docs,
                         values["min_confidence"], values["sort"], values["limit"])
        how.check(question.columns, question.name)
        rows = refine(question.settle(rows), how)
    except QuestionError as err:
        raise _fail(str(err)) from err
    if not rows:
        _err.print(f"no answers: {question.title_en}", markup=False)
        if fmt is Format.table:  # an empty table says nothing more; the formats stay parseable
            return
    columns = list(question.columns)
    if fmt is Format.table:
        columns = [c for c in columns if c not in _TABLE_HIDDEN
                   and (not rows or any(r.get(c) is not None for r in rows))]
    emit_rows(rows, fmt, columns=columns, title=f"{question.title_en} ({question.title_zh})")


def _neo4j_rows(question: Question, driver: Any, database: str | None,
                bound: dict[str, Any]) -> list[dict[str, Any]]:
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        return question.ask_neo4j(driver, database, **bound)
    except (Neo4jError, DriverError) as err:
        raise _fail(f"Neo4j failed on {question.name}: {err}") from err


def _filter_docs(values: dict[str, Any],
                 documents: Callable[[], list[dict[str, Any]]]) -> set[str] | None:
    """The documents of ``--source`` (``None``: no such filter). A ``--doc`` or ``--source``
    the store has no document of is an error: it would filter every answer away."""
    doc, source = values.get("doc"), values["source"]
    if doc is None and source is None:
        return None
    stored = documents()
    if doc is not None and doc not in {d["doc"] for d in stored}:
        raise QuestionError(f"no document {doc!r} in the graph "
                            "(list them with `kg ask documents`)")
    if source is None:
        return None
    docs = {d["doc"] for d in stored if d.get("source") == source}
    if not docs:
        raise QuestionError(f"no document of source {source!r} in the graph "
                            "(list documents and sources with `kg ask documents`)")
    return docs


def _named(question: Question, bound: dict[str, Any]) -> list[tuple[Any, Any]]:
    return [(p, bound[p.name]) for p in question.params
            if p.entity and p.type is str and bound[p.name] is not None]


def _unknown(param: Any, value: Any) -> typer.Exit:
    flag = param.name if not param.argument else param.name.upper()
    return _fail(f"nothing in the graph is called {value!r} ({flag})")


def _check_names_neo4j(question: Question, driver: Any, database: str | None,
                       bound: dict[str, Any]) -> None:
    """As :func:`_check_names`, with the name resolution of the Cypher files."""
    from kg.questions.registry import resolve_query

    for param, value in _named(question, bound):
        with driver.session(database=database, notifications_min_severity="OFF") as session:
            ids = session.execute_read(
                lambda tx, v=value: tx.run(resolve_query(), name=v).single()["ids"])
        if not ids:
            raise _unknown(param, value)


def _check_names(question: Question, graph: Any, bound: dict[str, Any]) -> None:
    """An unknown name is reported as such, so an empty answer means "none found"."""
    from kg.questions import find_nodes

    for param, value in _named(question, bound):
        if not find_nodes(graph, value):
            raise _unknown(param, value)


def _command(question: Question) -> Callable[..., None]:
    def command(**values: Any) -> None:
        _run(question, values)

    params = [
        inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, annotation=_param_annotation(p),
                          default=inspect.Parameter.empty if p.argument else None)
        for p in question.params
    ]
    own = {p.name for p in question.params}  # document_facts DOC is its own --doc
    params += [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation,
                                 default=default)
               for name, annotation, default in _COMMON if name not in own]
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in params}
    command.__doc__ = (f"{question.title_en} ({question.title_zh}). "
                       f"Cypher: cypher/{question.name}.cypher")
    return command


for _question in QUESTIONS:
    ask_app.command(_question.name)(_command(_question))


@ask_app.command("who")
def who(
    name: Annotated[str, typer.Argument(help="A person, organization or place.")],
    store: StoreOption = pathlib.Path("kg-data"),
    fmt: Format = FormatOption,
) -> None:
    """A profile: type, aliases, documents, and every fact in and out."""
    from kg.questions import actor, as_dicts, find_nodes

    graph = _graph(store)
    if not find_nodes(graph, name):
        raise _fail(f"nothing in the graph is called {name!r} (NAME)")
    profiles = actor(graph, name)
    if fmt in (Format.json, Format.jsonl):
        emit_rows(as_dicts(profiles), fmt)
        return
    if fmt in (Format.csv, Format.tsv):  # one sheet: the entity's name leads every fact row
        emit_rows([{"name": p.name, **row} for p in profiles for row in as_dicts(p.facts)], fmt)
        return
    out = Console(highlight=False, soft_wrap=True)
    for profile in profiles:
        aliases = "、".join(profile.aliases) or "-"
        props = "".join(f"; {k}={v}" for k, v in profile.props.items())
        docs = f"{counted(len(profile.docs), 'document')}: {', '.join(profile.docs)}"
        out.print(f"{profile.name} ({profile.type}) aliases: {aliases}; {docs}{props}",
                  markup=False)
        emit_rows(as_dicts(profile.facts), fmt,
                  columns=["direction", "relation", "other", "detail", "doc"],
                  title=f"Facts of {profile.name}")

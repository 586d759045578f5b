"""`kg query NAME|FILE|-- "CYPHER" [--param k=v ...]`: Cypher against Neo4j, read-only.

The statement runs in a managed *read* transaction (``execute_read``, access mode READ), so
the server itself refuses writes; ``--write`` runs it in a write transaction instead. NAME is a
registry question (its ``cypher/NAME.cypher``), FILE a ``.cypher`` file (its ``:param`` lines
give default values), anything else the Cypher text itself. Parameters always travel as
parameters: ``--param k=v`` gives ``$k``; a library question converts ``v`` to the
parameter's type, otherwise ``v`` is read as JSON when it is JSON (``3``, ``null``,
``["a"]``, ``"quoted"``) and is the text ``v`` otherwise.
"""

from __future__ import annotations

import json
import pathlib
from collections.abc import Mapping
from typing import Annotated, Any

import typer

from kg.cli import app
from kg.cli.ask import _fail, neo4j_driver
from kg.cli.output import Format, FormatOption, emit_rows


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["k=v", ...]`` → ``{"k": "v"}``; a pair without ``=`` is an error."""
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise _fail(f"--param {pair!r}: expected NAME=VALUE")
        params[name.strip()] = value
    return params


def plain(value: Any) -> Any:
    """Driver values as JSON-friendly data: nodes and relationships as their properties.

    kg's ownership markers (the ``Kg`` label, the ``_kg`` relationship flag) are bookkeeping for
    prune, not data: they are left out, so a node reads as its type and properties.
    """
    from neo4j.graph import Node, Path, Relationship

    from kg.store.neo4j_rows import KG_LABEL, KG_REL_MARKER

    if isinstance(value, Node):
        return {"_labels": sorted(set(value.labels) - {KG_LABEL}), **dict(value)}
    if isinstance(value, Relationship):
        props = {k: v for k, v in value.items() if k != KG_REL_MARKER}
        return {"_type": value.type, **props}
    if isinstance(value, Path):
        return [plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    return value


def _statement(target: str, given: dict[str, str], session: Any) -> tuple[str, dict[str, Any]]:
    """(Cypher, parameters) for a question name, a .cypher file, or inline Cypher."""
    from kg.questions import registry
    from kg.questions.registry import QuestionError, split_cypher_file

    if target in registry.names():
        question = registry.get(target)
        try:
            return question.cypher()[1], question.bind(given)
        except QuestionError as err:
            raise _fail(str(err)) from err
    path = pathlib.Path(target)
    if target.endswith(".cypher") and path.is_file():
        try:
            expressions, statement = split_cypher_file(path)
        except (OSError, QuestionError) as err:
            raise _fail(f"{path}: {err}") from err
        # Defaults from the file's `:param` lines, evaluated by the server as Browser does.
        params = {name: session.execute_read(
            lambda tx, e=expr: tx.run(f"RETURN {e} AS v").single()["v"])
            for name, expr in expressions.items() if name not in given}
        return statement, {**params, **{k: _value(v) for k, v in given.items()}}
    if target.endswith(".cypher"):
        raise _fail(f"no such file {target}")
    return target, {k: _value(v) for k, v in given.items()}


@app.command()
def query(
    target: Annotated[str, typer.Argument(
        metavar="NAME|FILE|CYPHER", help="A registry question, a .cypher file or Cypher text.")],
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="NAME=VALUE for $NAME (repeat for more).")] = None,
    write: Annotated[bool, typer.Option(
        "--write", help="Allow writes (a write transaction instead of a read one).")] = False,
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many rows.")] = None,
    uri: Annotated[str, typer.Option(envvar="NEO4J_URI", help="Neo4j Bolt URI.")] = (
        "bolt://127.0.0.1:7687"),
    user: Annotated[str, typer.Option(envvar="NEO4J_USER")] = "neo4j",
    password: Annotated[str, typer.Option(envvar="NEO4J_PASSWORD")] = "kg-dev-password",
    database: Annotated[str | None, typer.Option(envvar="NEO4J_DATABASE")] = None,
    fmt: Format = FormatOption,
) -> None:
    """Run a question, a .cypher file or Cypher text against Neo4j, read-only unless --write."""
    from neo4j.exceptions import DriverError, Neo4jError

    given = parse_params(param or [])
    driver = neo4j_driver(uri, user, password)
    with driver, driver.session(database=database, notifications_min_severity="OFF") as session:
        statement, params = _statement(target, given, session)

        def work(tx: Any) -> tuple[list[str], list[dict[str, Any]]]:
            result = tx.run(statement, params)
            keys = list(result.keys())
            return keys, [{k: plain(v) for k, v in record.items()} for record in result]

        try:
            keys, rows = (session.execute_write if write else session.execute_read)(work)
        except (Neo4jError, DriverError) as err:
            message = getattr(err, "message", None) or str(err)
            refused_write = "AccessMode" in str(getattr(err, "code", "")) or "read" in message
            hint = " (a read transaction: --write allows writes)" if refused_write else ""
            raise _fail(f"Neo4j refused the query{hint}: {message}") from err
    title = target if "\n" not in target and len(target) < 60 else None
    emit_rows(rows[:limit] if limit is not None else rows, fmt, columns=keys, title=title)

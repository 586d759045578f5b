"""The question registry: each question defined once, answered by two engines that agree.

A :class:`Question` has a name, a description in Chinese and English, typed parameters with
examples, and output columns (the fields of its row dataclass). Its two implementations are a
networkx function (the embedded store) and ``cypher/<name>.cypher`` (Neo4j; the file starts with
``:param name => value;`` lines that Neo4j Browser runs, then one statement). Both read the
derived properties of :mod:`kg.graph_props`, so they return the same rows.

>>> [q.name for q in QUESTIONS][:3]
['said', 'said_over_time', 'sent']
>>> get("sent").columns[:3]
('source', 'source_province', 'item')
"""

from __future__ import annotations

import dataclasses
import json
import pathlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.graph import normalize_name
from kg.questions import facts as f
from kg.questions import network as n
from kg.questions.names import sort_rows

CYPHER_DIR = pathlib.Path(__file__).resolve().parents[2] / "cypher"
PARAM_LINE = re.compile(r"^:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*(.+?);\s*$")


class QuestionError(ValueError):
    """A question asked wrongly (unknown name, missing or bad parameter); one line."""


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter: ``$name`` in Cypher, ``--name`` (or ``flag``) for ``kg ask``."""

    name: str
    help: str
    example: Any
    type: type = str
    required: bool = False
    flag: str | None = None
    argument: bool = False  # positional in `kg ask`
    name_like: bool = True  # a name or text: simplified (陳 → 陈) before either engine runs
    entity: bool = True  # names an actor or place (`kg ask` reports an unknown one)
    default: Any = None

    def convert(self, value: Any) -> Any:
        if value is None:
            return self.default
        if self.type is int:
            try:
                return int(value)
            except (TypeError, ValueError) as err:
                raise QuestionError(f"parameter {self.name!r} must be a whole number, "
                                    f"not {value!r}") from err
        text = str(value)
        return normalize_name(text) if self.name_like else text


@dataclass(frozen=True, slots=True)
class Question:
    name: str
    title_en: str
    title_zh: str
    params: tuple[Param, ...]
    row: type
    order: tuple[str, ...]  # the order both engines return rows in (``-col``: descending)
    embedded: Callable[..., list[Any]]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(field.name for field in dataclasses.fields(self.row))

    @property
    def cypher_path(self) -> pathlib.Path:
        return CYPHER_DIR / f"{self.name}.cypher"

    def cypher(self) -> tuple[dict[str, str], str]:
        """(the file's ``:param`` expressions by name, its one statement)."""
        return split_cypher_file(self.cypher_path)

    def example_params(self) -> dict[str, Any]:
        return {p.name: p.example for p in self.params}

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Every parameter, converted; the absent ones null. Unknown or missing → error."""
        unknown = set(given) - {p.name for p in self.params}
        if unknown:
            raise QuestionError(f"{self.name} has no parameter {sorted(unknown)[0]!r} "
                                f"(it takes: {', '.join(p.name for p in self.params) or 'none'})")
        bound = {p.name: p.convert(given.get(p.name)) for p in self.params}
        for param in self.params:
            if param.required and bound[param.name] in (None, ""):
                raise QuestionError(f"{self.name} needs {param.name!r} ({param.help})")
        return bound

    def settle(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Rows in the question's order, ties broken by the whole row: both engines' rows
        then come out identical, and ``--limit`` cuts them at the same place."""
        canonical = sorted(rows, key=lambda r: json.dumps(r, ensure_ascii=False, sort_keys=True,
                                                          default=str))
        return sort_rows(canonical, self.order)

    def ask(self, graph: nx.MultiDiGraph, **params: Any) -> list[dict[str, Any]]:
        """The answer from the embedded store's graph, as dicts in column order."""
        rows = self.embedded(graph, **self.bind(params))
        return [dataclasses.asdict(row) for row in rows]

    def ask_neo4j(self, driver: Any, database: str | None = None,
                  **params: Any) -> list[dict[str, Any]]:
        """The answer from Neo4j, in a read transaction, columns in the registry's order."""
        _, statement = self.cypher()
        bound = self.bind(params)
        # Missing-property notices are expected: absent means unknown in this model.
        with driver.session(database=database, notifications_min_severity="OFF") as session:
            records = session.execute_read(
                lambda tx: [r.data() for r in tx.run(statement, bound)])
        return [{c: record.get(c) for c in self.columns} for record in records]


# How every cypher/ file turns a name parameter into node ids, as kg.questions.names does:
# tier 0 the name or an alias, 1 a short form or a fuller place name ending in one, 2 a name
# containing it; the best tier's nodes by (name length, name, id). Files are self-contained
# for Browser, so each holds copies of this block; a test checks every copy against it.
_RESOLVE = """CALL () {{
  MATCH (n:Person|Organization|Place)
  WITH n, [n.name] + coalesce(n.aliases, []) AS names
  WITH n, CASE
      WHEN ${p} IN names THEN 0
      WHEN size(${p}) >= 2 AND (${p} IN coalesce(n.short_names, [])
           OR (n:Place AND any(k IN names WHERE size(k) >= 2 AND ${p} ENDS WITH k))) THEN 1
      WHEN size(${p}) >= 2 AND any(k IN names WHERE k CONTAINS ${p}) THEN 2
    END AS tier
  WHERE tier IS NOT NULL
  WITH tier, n ORDER BY tier, size(n.name), n.name, n.id
  WITH tier, collect(n.id) AS ids ORDER BY tier
  RETURN head(collect(ids)) AS {var}
}}"""
RESOLVE_BLOCK = re.compile(r"CALL \(\) \{\n  MATCH \(n:Person\|Organization\|Place\).*?\n\}",
                           re.DOTALL)


def resolve_block(param: str, var: str) -> str:
    """The block binding ``var`` to the ids of the nodes ``$param`` names."""
    return _RESOLVE.format(p=param, var=var)


def resolve_query(param: str = "name") -> str:
    """A statement returning ``ids``: the nodes ``$param`` names (null when none)."""
    return resolve_block(param, "ids") + "\nRETURN ids"


def split_cypher_file(path: pathlib.Path) -> tuple[dict[str, str], str]:
    """A question file's leading ``:param name => expression;`` lines, and its statement."""
    params: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    while lines and (match := PARAM_LINE.match(lines[0].strip())):
        params[match.group(1)] = match.group(2)
        lines.pop(0)
    statement = "\n".join(lines).strip()
    if not statement.endswith(";") or ";" in _without_strings(statement[:-1]):
        raise QuestionError(f"{path}: expected one statement ending with ';' after the :param "
                            "lines")
    return params, statement[:-1].strip()


def _without_strings(text: str) -> str:
    return re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*", "", text)


# ---------------------------------------------------------------- the questions
def _p(name: str, help_: str, example: Any, **kwargs: Any) -> Param:
    return Param(name, help_, example, **kwargs)


WHO = _p("who", "Person or organization (aliases and short forms ok).", "冯玉臻")
FACT_ORDER = f.FACT_ORDER

QUESTIONS: tuple[Question, ...] = (
    Question("said", "Who said what, when", "谁说了什么", (
        WHO, _p("contains", "Words the statement contains.", None, entity=False),
    ), f.StatementRow, FACT_ORDER,
        lambda g, who, contains: f.statements(g, speaker=who, contains=contains)),
    Question("said_over_time", "Everything one actor said, over time", "某人说过的所有话", (
        _p("actor", "The speaker.", "习近平", required=True, argument=True),
    ), f.StatementRow, FACT_ORDER, lambda g, actor: f.statements(g, speaker=actor)),
    Question("sent", "Who sent which teams where", "谁向哪里派出了什么队伍", (
        _p("to", "Destination (covers the places in it).", "湖北省"),
        _p("by", "Sender (covers the places in it).", None),
    ), f.AidRow, FACT_ORDER, lambda g, to, by: f.dispatches(g, destination=to, sender=by)),
    Question("donated", "Who donated what to whom", "谁向谁捐赠了什么", (
        _p("to", "Recipient (covers the places in it).", None),
        _p("by", "Donor (covers the places in it).", "海南"),
    ), f.AidRow, FACT_ORDER, lambda g, to, by: f.donations(g, donor=by, recipient=to)),
    Question("posts", "Who holds which post", "谁担任什么职务", (
        WHO, _p("at", "Organization or place (covers bodies under it).", None),
    ), f.PositionRow, FACT_ORDER, lambda g, who, at: f.positions(g, person=who, body=at)),
    Question("officials", "All officials of one place or body", "某地或某机构的所有官员", (
        _p("of", "Place or body (covers the bodies under it).", "黑龙江", required=True,
           argument=True),
    ), f.PositionRow, FACT_ORDER, lambda g, of: f.positions(g, body=of)),
    Question("post_holders", "Who held post X (optionally on date D)", "谁担任过某职务", (
        _p("title", "Title, or part of it (书记).", "书记", required=True, argument=True,
           entity=False),
        _p("body", "Organization or place (covers bodies under it).", None),
        _p("on", "A date or its prefix (2020, 2020-02): tenure covering it.", None,
           name_like=False, entity=False),
    ), f.PositionRow, FACT_ORDER,
        lambda g, title, body, on: f.positions(g, title=title, body=body, at=on)),
    Question("posts_of", "Which posts one person held", "某人担任过哪些职务", (
        _p("person", "The person.", "鲁翔", required=True, argument=True),
    ), f.PostRow, ("first_seen", "title", "body"), lambda g, person: f.posts_of(g, person=person)),
    Question("visits", "Who visited which places", "谁去过哪里", (
        _p("who", WHO.help, "习近平"), _p("where", "Place (covers the places in it).", None),
    ), f.VisitRow, FACT_ORDER, lambda g, who, where: f.visits(g, person=who, place=where)),
    Question("meetings", "Who met whom; who chaired and attended what", "会见、主持与出席", (
        WHO,
    ), f.MeetingRow, FACT_ORDER, lambda g, who: f.meetings(g, actor=who)),
    Question("timeline", "An actor's timeline: every fact in and out", "某人的时间线", (
        _p("actor", "Person, organization or place.", "鲁翔", required=True, argument=True),
    ), n.TimelineRow, ("date", "doc", "relation", "direction", "other"),
        lambda g, actor: n.timeline(g, actor=actor)),
    Question("path", "Shortest connections between two actors", "两者之间的最短联系", (
        _p("a", "First actor.", "习近平", required=True, argument=True),
        _p("b", "Second actor.", "湖北省", required=True, argument=True),
        _p("max_hops", f"Longest path, in steps (at most {n.MAX_PATH_HOPS}).", 4, type=int,
           default=4, entity=False),
    ), n.PathRow, ("walk", "relations"),
        lambda g, a, b, max_hops: n.shortest_paths(g, a=a, b=b, max_hops=max_hops)),
    Question("central", "Most connected actors (PageRank, degree)", "联系最多的行为者", (
        _p("label", "Person, Organization or Place (default: all).", None, name_like=False,
           entity=False),
    ), n.CentralRow, ("-pagerank", "-degree", "name", "type"),
        lambda g, label: n.central(g, label=label)),
    Question("co_mentioned", "Actors named in the same documents", "同篇报道中出现的行为者", (
        _p("actor", "Person, organization or place.", "习近平", required=True, argument=True),
    ), n.CoMentionRow, ("-documents", "other", "actor"),
        lambda g, actor: n.co_mentioned(g, actor=actor)),
    Question("place", "What the graph says about a place", "关于某地的所有事实", (
        _p("place", "The place (covers the places and bodies in it).", "湖北", required=True,
           argument=True),
    ), n.PlaceFactRow, ("date", "doc", "relation", "subject", "object"),
        lambda g, place: n.place_facts(g, place=place)),
    Question("document_facts", "Every fact drawn from one document", "某篇文章中的所有事实", (
        _p("doc", "Document id, as `kg ask documents` lists it.", "002_f44656cb4efbb886",
           required=True, argument=True, name_like=False, entity=False),
    ), n.DocumentFactRow, ("start", "relation", "subject", "object"),
        lambda g, doc: n.document_facts(g, doc=doc)),
    Question("documents", "The documents: title, date, source, counts", "文章列表", (),
             n.DocumentRow, ("doc",), lambda g: n.documents(g)),
)

_BY_NAME = {q.name: q for q in QUESTIONS}


def get(name: str) -> Question:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise QuestionError(f"no question {name!r} (questions: {', '.join(_BY_NAME)})") from None


def names() -> Sequence[str]:
    return tuple(_BY_NAME)

"""Every registry question answers the same on both engines over the dev corpus, and the
cypher/ files run as Neo4j Browser runs them (`:param` lines, then one statement).

The dev corpus is built with `kg build` into an embedded store and put into Neo4j with
`kg load`, once per session (tests/integration/_dev_corpus.py).
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest
from neo4j import Driver

from kg.questions import registry
from kg.questions.names import sort_rows
from kg.questions.registry import CYPHER_DIR, QUESTIONS, split_cypher_file
from kg.store.embedded import EmbeddedStore
from tests.integration._dev_corpus import dev_store, kg_load

QUESTION_FILES = sorted(p for p in CYPHER_DIR.glob("*.cypher") if p.name != "schema.cypher")

# Several values for each question: examples, no filter, short forms, traditional script,
# places that cover others, unknown names, and text that looks like Cypher.
PARAMS: dict[str, list[dict[str, Any]]] = {
    "said": [{}, {"who": "冯玉臻"}, {"who": "習近平"}, {"contains": "疫情"},
             {"who": "鲁翔", "contains": "战斗"}, {"who": "诸葛亮"}],
    "said_over_time": [{"actor": "习近平"}, {"actor": "李德平"}, {"actor": "中央组织部"}],
    "sent": [{}, {"to": "湖北省"}, {"to": "湖北"}, {"to": "社区"}, {"by": "海南"},
             {"by": "武汉", "to": "东湖新城社区"}, {"to": "' OR 1=1 //"}],
    "donated": [{}, {"by": "海南"}, {"to": "湖北"}, {"by": "桂林"}],
    "posts": [{}, {"who": "鲁翔"}, {"at": "江苏"}, {"at": "黑龙江省"}, {"who": "魏新刚",
                                                                        "at": "黑龙江"}],
    "officials": [{"of": "黑龙江"}, {"of": "湖北"}, {"of": "武汉市"}, {"of": "社区"}],
    "post_holders": [{"title": "书记"}, {"title": "党委书记", "body": "武汉"},
                     {"title": "主任", "on": "2020"}, {"title": "院长"}],
    "posts_of": [{"person": "鲁翔"}, {"person": "魏新刚"}, {"person": "习近平"}],
    "visits": [{}, {"who": "习近平"}, {"where": "武汉"}, {"where": "火神山医院"}],
    "meetings": [{}, {"who": "习近平"}, {"who": "张又侠"}],
    "timeline": [{"actor": "鲁翔"}, {"actor": "习近平"}, {"actor": "湖北"}],
    "path": [{"a": "习近平", "b": "湖北省"}, {"a": "鲁翔", "b": "习近平", "max_hops": 6},
             {"a": "海南", "b": "党中央"}, {"a": "冯玉臻", "b": "湖北", "max_hops": 2}],
    "central": [{}, {"label": "Person"}, {"label": "Place"}],
    "co_mentioned": [{"actor": "冯玉臻"}, {"actor": "习近平"}, {"actor": "湖北"}],
    "place": [{"place": "湖北"}, {"place": "武汉"}, {"place": "海南省"}, {"place": "黑龙江"}],
    "document_facts": [{"doc": "000_02ee7a6de4186c41"}, {"doc": "002_f44656cb4efbb886"},
                       {"doc": "no-such-doc"}],
    "documents": [{}],
}
CASES = [(q.name, p) for q in QUESTIONS for p in PARAMS[q.name]]


@pytest.fixture(scope="module")
def store(shared: pathlib.Path) -> pathlib.Path:
    return dev_store(shared)


@pytest.fixture(scope="module")
def engines(store: pathlib.Path, neo4j_driver: Driver, neo4j_database: str) -> tuple[Any, Driver]:
    kg_load(store, neo4j_database)
    return EmbeddedStore(store).graph(), neo4j_driver


def _key(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def test_every_question_has_a_file_and_parameter_values() -> None:
    assert {p.stem for p in QUESTION_FILES} == {q.name for q in QUESTIONS}
    assert all(len(PARAMS[q.name]) >= (3 if q.params else 1) for q in QUESTIONS)


@pytest.mark.parametrize(("name", "params"), CASES,
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_both_engines_give_the_same_rows(
    engines: tuple[Any, Driver], neo4j_database: str, name: str, params: dict[str, Any]
) -> None:
    graph, driver = engines
    question = registry.get(name)
    embedded = question.ask(graph, **params)
    neo4j = question.ask_neo4j(driver, neo4j_database, **params)
    assert sorted(map(_key, embedded)) == sorted(map(_key, neo4j))
    for rows in (embedded, neo4j):  # both in the order the question defines
        assert [_key(r) for r in sort_rows(list(rows), question.order)] == [_key(r) for r in rows]
    assert all(list(row) == list(question.columns) for row in neo4j)


def test_the_agreement_is_not_empty(engines: tuple[Any, Driver]) -> None:
    graph, _ = engines
    answered = {name for name, params in CASES if registry.get(name).ask(graph, **params)}
    assert answered == {q.name for q in QUESTIONS}


# Answers a person checked against the articles in ../shared/corpus (short fragments only).
CHECKED = [
    # 000: 内蒙古通辽市委书记冯玉臻 is quoted directly, then reported on the team sent on 2月4日.
    ("said", {"who": "冯玉臻"}, ("speaker", "mode"),
     {("冯玉臻", "direct"), ("冯玉臻", "indirect")}),
    # 000: 海南 sent three batches of medical staff to 湖北; 002: 党中央 sent a 指导组 to 湖北.
    ("sent", {"to": "湖北省"}, ("source", "item", "amount", "destination"),
     {("海南省", "医护人员", "三批", "湖北省"), ("党中央", "指导组", None, "湖北省")}),
    # 000: 海南 plans to donate 价值1000万元共计500吨 of winter vegetables to 湖北.
    ("donated", {"by": "海南"}, ("source", "item", "amount", "destination_province"),
     {("海南省", "冬季蔬菜", "价值1000万元共计500吨", "湖北省")}),
    # 001: 习近平 visited 火神山医院, then went to 东湖新城社区.
    ("visits", {"who": "习近平"}, ("person", "place"),
     {("习近平", "火神山医院"), ("习近平", "东湖新城社区")}),
    # 001: 鲁翔 holds three posts, listed before his quote.
    ("posts_of", {"person": "鲁翔"}, ("title", "body"),
     {("副校长", "南京医科大学"), ("总指挥", "黄石医疗队前方指挥部"),
      ("院长", "南医大附属逸夫医院")}),
    # 000: 黑龙江省卫健委主任魏新刚 (the officials of 黑龙江 include its bodies).
    ("officials", {"of": "黑龙江"}, ("person", "title", "body"),
     {("魏新刚", "主任", "黑龙江省卫健委")}),
    # 002: 习近平 chaired the meeting of the 中共中央政治局常务委员会.
    ("meetings", {"who": "习近平"}, ("relation", "other", "doc"),
     {("CHAIRED", "中共中央政治局常务委员会会议", "002_f44656cb4efbb886")}),
]


@pytest.mark.parametrize(("name", "params", "columns", "expected"), CHECKED,
                         ids=[c[0] for c in CHECKED])
def test_answers_checked_against_the_articles(
    engines: tuple[Any, Driver], neo4j_database: str, shared: pathlib.Path, name: str,
    params: dict[str, Any], columns: tuple[str, ...], expected: set[tuple[Any, ...]],
) -> None:
    _, driver = engines
    rows = registry.get(name).ask_neo4j(driver, neo4j_database, **params)
    assert expected <= {tuple(row[c] for c in columns) for row in rows}
    for row in rows:  # the evidence sentence is the article's own text
        if row.get("evidence"):
            article = (shared / "corpus" / f"{row['doc']}.txt").read_text(encoding="utf-8")
            assert row["evidence"] in article


# ---------------------------------------------------------------- the files, as Browser runs them
@pytest.mark.parametrize("path", QUESTION_FILES, ids=lambda p: p.stem)
def test_file_is_param_lines_then_one_statement(path: pathlib.Path) -> None:
    params, statement = split_cypher_file(path)
    question = registry.get(path.stem)
    assert set(params) == {p.name for p in question.params}
    assert not statement.startswith(":") and statement.count(";") == 0
    comments = [line for line in statement.splitlines() if line.lstrip().startswith("//")]
    assert comments and not any(";" in line for line in comments)  # Browser splits on ';'


@pytest.mark.parametrize("path", QUESTION_FILES, ids=lambda p: p.stem)
def test_file_runs_with_its_param_values(
    engines: tuple[Any, Driver], neo4j_database: str, path: pathlib.Path
) -> None:
    graph, driver = engines
    expressions, statement = split_cypher_file(path)
    with driver.session(database=neo4j_database, notifications_min_severity="OFF") as session:
        # `:param x => expr` makes Browser evaluate expr on the server, as here.
        values = {name: session.run(f"RETURN {expr} AS v").single()["v"]
                  for name, expr in expressions.items()}
        rows = session.execute_read(lambda tx: [r.data() for r in tx.run(statement, values)])
    question = registry.get(path.stem)
    assert rows, f"{path.name} answers nothing with its :param values"
    assert sorted(map(_key, rows)) == sorted(map(_key, question.ask(graph, **values)))

"""`kg ask ...` end to end on a store built from examples/ by the real pipeline."""

from __future__ import annotations

import csv
import io
import json
import pathlib
from typing import Any

import pytest
from typer.testing import CliRunner

import kg.cli.ask  # noqa: F401  (registers `ask`)
from kg.cli import app
from kg.pipeline import iter_records
from kg.store.embedded import EmbeddedStore

EXAMPLES = pathlib.Path(__file__).resolve().parents[3] / "examples"
runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    root = tmp_path_factory.mktemp("ask") / "kg-data"
    EmbeddedStore(root).add_records(iter_records([str(EXAMPLES)]))
    return root


def _json(store: pathlib.Path, *args: str) -> list[dict]:
    result = runner.invoke(app, ["ask", *args, "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["said", "--who", "李振华"], {"speaker": "李振华", "mode": "direct"}),
        (["said", "--contains", "合作社"], {"speaker": "赵立群", "doc": "02_donation"}),
        (["sent", "--to", "湖北"], {"source": "江苏省", "item": "医疗队", "destination": "湖北省"}),
        (["sent", "--by", "江苏省"], {"source": "江苏省", "destination_province": "湖北省"}),
        (["donated", "--to", "黄冈"], {"source": "山东省红十字会", "amount": "20万只"}),
        (["posts", "--who", "古特雷斯"], {"title": "秘书长", "body": "联合国"}),
        (["posts", "--at", "江苏"], {"person": "张明远", "body": "江苏省卫生健康委员会"}),
        (["visits", "--where", "广东"], {"person": "林志远", "place": "深圳市"}),
        (["meetings", "--who", "古特雷斯"], {"actor": "古特雷斯", "relation": "MET",
                                             "other": "周国强"}),
        (["path", "周国强", "古特雷斯"], {"path": 1, "hops": 1, "walk": "周国强 → 古特雷斯"}),
    ],
)
def test_ask_answers_as_json(store: pathlib.Path, args: list[str], expected: dict) -> None:
    rows = _json(store, *args)
    assert any(expected.items() <= row.items() for row in rows), rows


def test_json_rows_carry_evidence(store: pathlib.Path) -> None:
    rows = _json(store, "said", "--who", "李振华")
    assert all(row["evidence"] and row["doc"] == "01_medical_team" for row in rows)


def test_who_profiles_as_json(store: pathlib.Path) -> None:
    (profile,) = _json(store, "who", "湖北")
    assert (profile["name"], profile["type"]) == ("湖北省", "Place")
    assert "湖北" in profile["aliases"]
    assert any(f["relation"] == "SENT_TO" for f in profile["facts"])


@pytest.mark.parametrize(
    ("args", "header", "cell"),
    [
        (["posts", "--who", "李振华"], "person", "江苏省委"),
        (["who", "林志远"], "name", "深圳市"),
    ],
)
def test_csv_output_has_a_header_and_rows(
    store: pathlib.Path, args: list[str], header: str, cell: str
) -> None:
    result = runner.invoke(app, ["ask", *args, "--store", str(store), "--format", "csv"])
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0][0] == header
    assert any(cell in row for row in table[1:])


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["sent", "--to", "湖北省"], "医疗队"),
        (["who", "李振华"], "HOLDS_POSITION"),
        (["path", "江苏", "湖北"], "SENT_TO"),
    ],
)
def test_tables_are_the_default(store: pathlib.Path, args: list[str], shown: str) -> None:
    result = runner.invoke(app, ["ask", *args, "--store", str(store)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert shown in result.stdout and "┃" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["said", "--who", "诸葛亮"], "nothing in the graph is called '诸葛亮'"),
        (["path", "李振华", "诸葛亮"], "nothing in the graph is called '诸葛亮'"),
        (["who", "诸葛亮"], "nothing in the graph is called"),
    ],
)
def test_unknown_names_are_errors(store: pathlib.Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["ask", *args, "--store", str(store)])
    assert result.exit_code == 1
    assert message in result.output


def test_a_known_name_without_answers_is_an_empty_answer(store: pathlib.Path) -> None:
    assert _json(store, "visits", "--where", "湖北") == []


def test_missing_store_is_an_error(tmp_path: pathlib.Path) -> None:
    result = runner.invoke(app, ["ask", "said", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "no graph store" in result.output


# ---------------------------------------------------------------- every registry question
REGISTRY_CASES = [
    (["said_over_time", "李振华"], {"speaker": "李振华"}),
    (["officials", "江苏"], {"person": "张明远", "body": "江苏省卫生健康委员会"}),
    (["post_holders", "书记", "--on", "2020-02"], {"person": "李振华", "title": "省委书记"}),
    (["post_holders", "书记", "--body", "浙江"], {"person": "陈国华"}),
    (["posts_of", "李振华"], {"title": "省委书记", "body": "江苏省委", "reports": 1}),
    (["timeline", "古特雷斯"], {"relation": "MET", "other": "周国强", "direction": "in"}),
    (["central", "--label", "Person"], {"name": "林志远", "type": "Person"}),
    (["co_mentioned", "古特雷斯"], {"other": "周国强", "documents": 1}),
    (["place", "广东"], {"relation": "VISITED", "subject": "林志远", "object": "深圳市"}),
    (["document_facts", "02_donation"], {"relation": "DONATED", "subject": "山东省红十字会"}),
    (["documents"], {"doc": "02_donation", "source": "大众日报", "date": "2020-02-11"}),
]


@pytest.mark.parametrize(("args", "expected"), REGISTRY_CASES, ids=lambda a: str(a)[:30])
def test_every_question_answers(store: pathlib.Path, args: list[str], expected: dict) -> None:
    rows = _json(store, *args)
    assert any(expected.items() <= row.items() for row in rows), rows


def test_every_registry_question_is_a_command(store: pathlib.Path) -> None:
    from kg.questions.registry import QUESTIONS

    asked = {args[0] for args, _ in REGISTRY_CASES} | {"said", "sent", "donated", "posts",
                                                       "visits", "meetings", "path"}
    assert asked == {q.name for q in QUESTIONS}


@pytest.mark.parametrize(
    ("options", "check"),
    [
        (["--since", "2020-03"], lambda rows: {r["doc"] for r in rows} == {"03_meeting",
                                                                            "04_visit"}),
        (["--until", "2020-02-10"], lambda rows: {r["doc"] for r in rows} == {"01_medical_team"}),
        (["--since", "2020-02-11", "--until", "2020-02"],
         lambda rows: {r["doc"] for r in rows} == {"02_donation", "05_traditional"}),
        (["--doc", "04_visit"], lambda rows: {r["doc"] for r in rows} == {"04_visit"}),
        (["--source", "大众日报"], lambda rows: {r["doc"] for r in rows} == {"02_donation"}),
        (["--limit", "2"], lambda rows: len(rows) == 2),
        (["--min-confidence", "0.86"], lambda rows: rows and all(r["confidence"] >= 0.86
                                                                 for r in rows)),
        (["--sort", "-confidence"],
         lambda rows: [r["confidence"] for r in rows] == sorted((r["confidence"] for r in rows),
                                                                reverse=True)),
    ],
)
def test_common_filters(store: pathlib.Path, options: list[str], check: Any) -> None:
    rows = _json(store, "said", *options)
    assert check(rows), rows


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["central", "--since", "2020"], "--since/--until does not apply to central"),
        (["documents", "--sort", "nonsense"], "documents has no such column"),
        (["path", "李振华", "周国强", "--max-hops", "x"], "Invalid value"),
    ],
)
def test_filters_that_do_not_apply_are_errors(
    store: pathlib.Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["ask", *args, "--store", str(store)])
    assert result.exit_code != 0
    assert message in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["said", "--since", "2020/02"], '--since: "2020/02" is not a date (use 2020, 2020-02'),
        (["said", "--since", "20200201"], '--since: "20200201" is not a date'),
        (["said", "--since", "2020年2月"], '--since: "2020年2月" is not a date'),
        (["said", "--until", "2020-13"], '--until: "2020-13" is not a date'),
        (["sent", "--until", "2020-02-30"], '--until: "2020-02-30" is not a date'),
        (["said", "--doc", "无此文"], "no document '无此文' in the graph (list them with "
                                       "`kg ask documents`)"),
        (["document_facts", "无此文"], "no document '无此文' in the graph"),
        (["said", "--source", "无此报"], "no document of source '无此报'"),
    ],
)
def test_filter_values_that_match_nothing_by_mistake_are_errors(
    store: pathlib.Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["ask", *args, "--store", str(store)])
    assert result.exit_code == 1
    assert message in result.output and "no answers" not in result.output


def test_a_bad_date_is_refused_before_the_store_is_opened(tmp_path: pathlib.Path) -> None:
    result = runner.invoke(app, ["ask", "said", "--since", "2020/02", "--store",
                                 str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "is not a date" in result.output and "no graph store" not in result.output


def test_a_fair_date_that_matches_nothing_is_an_empty_answer(store: pathlib.Path) -> None:
    assert _json(store, "said", "--since", "2031-01-01") == []


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_delimited_output_has_full_values_and_a_header(store: pathlib.Path, fmt: str) -> None:
    result = runner.invoke(app, ["ask", "said", "--store", str(store), "--format", fmt])
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(result.stdout), dialect="excel-tab" if fmt == "tsv"
                            else "excel"))
    header, rows = table[0], table[1:]
    assert header[:3] == ["speaker", "text", "mode"] and "evidence" in header
    full = {row["text"] for row in _json(store, "said")}
    assert {row[1] for row in rows} == full


def test_jsonl_is_one_object_a_line(store: pathlib.Path) -> None:
    result = runner.invoke(app, ["ask", "documents", "--store", str(store), "--format", "jsonl"])
    lines = result.stdout.splitlines()
    assert [json.loads(line)["doc"] for line in lines] == sorted(json.loads(x)["doc"]
                                                                 for x in lines)
    assert len(lines) == 5


def test_a_table_cuts_long_cells_with_an_ellipsis(store: pathlib.Path) -> None:
    result = runner.invoke(app, ["ask", "said", "--who", "李振华", "--store", str(store)],
                           env={"COLUMNS": "250"})
    assert "…" in result.stdout
    assert "做好医疗队员家属的服务保障工作" not in result.stdout  # longer than a cell

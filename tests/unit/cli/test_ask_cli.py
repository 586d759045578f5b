"""`kg ask ...` end to end on a store built from examples/ by the real pipeline."""

from __future__ import annotations

import csv
import io
import json
import pathlib

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
        (["path", "周国强", "古特雷斯"], {"path": 1, "step": 1, "relation": "MET"}),
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
    result = runner.invoke(app, ["ask", *args, "--store", str(store)])
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

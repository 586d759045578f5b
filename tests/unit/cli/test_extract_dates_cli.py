"""`kg extract` and dates: where a document's date comes from, and what stderr says when none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.cli.extract  # noqa: F401  (registers `extract`)
from kg.cli import app

runner = CliRunner()
# Written for these tests: a meeting whose day is given without a year, then a statement.
BODY = "市长赵一鸣3月9日在市政府会见来访的客商钱多多。\n赵一鸣表示，欢迎客商来投资。\n"


def _records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def _dates(records: list[dict]) -> tuple[str | None, list[str | None]]:
    doc = next(r for r in records if r["kind"] == "document")
    said = [r["attrs"].get("date") for r in records
            if r["kind"] == "triple" and r["predicate"] == "SAID"]
    return doc["date"], said


@pytest.mark.parametrize(
    ("relative", "text", "doc_date"),
    [
        ("news/2011-03-10/article.txt", BODY, "2011-03-10"),  # a date-partitioned folder
        ("rmrb-20110310-01-05.txt", BODY, "2011-03-10"),  # a dated file name
        ("a.txt", "标题\n2011年3月10日　来源：示例日报\n" + BODY, "2011-03-10"),
        ("b.txt", "标题\n2011-03-10　来源：示例日报\n" + BODY, "2011-03-10"),
        ("c.txt", "标题\n来源：示例日报 2011年3月10日\n" + BODY, "2011-03-10"),
        ("d.html", "<html><head><meta property='article:published_time' "
         "content='2011-03-10T08:00:00+08:00'></head><body><p>" + BODY + "</p></body></html>",
         "2011-03-10"),
    ],
)
def test_document_date_sources_date_the_facts(
    tmp_path: Path, relative: str, text: str, doc_date: str
) -> None:
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    assert _dates(_records(result.stdout)) == (doc_date, ["2011-03-09"])
    assert "had no date" not in result.stderr


def test_undated_documents_are_counted_on_stderr(tmp_path: Path) -> None:
    dated = tmp_path / "dated.txt"
    dated.write_text("发布时间：2011-03-10 09:00\n" + BODY, encoding="utf-8")
    undated = tmp_path / "undated.txt"
    undated.write_text(BODY, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(dated), str(undated)])
    assert result.exit_code == 0, result.output
    assert "1 of 2 documents had no date" in result.stderr
    assert "--year" in result.stderr and '"date" field' in result.stderr
    records = [r for r in _records(result.stdout) if r["doc"] == "undated"]
    assert _dates(records) == (None, [None])  # no year: no date is guessed


def test_year_option_gives_the_year(tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text(BODY, encoding="utf-8")
    result = runner.invoke(app, ["extract", "--year", "2011", str(path)])
    assert result.exit_code == 0, result.output
    assert _dates(_records(result.stdout)) == (None, ["2011-03-09"])
    assert "1 of 1 document had no date" in result.stderr and "2011" in result.stderr


def test_jsonl_date_field(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    rows = [{"id": "n1", "text": BODY, "date": "2011-03-10"}, {"id": "n2", "text": BODY}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    records = _records(result.stdout)
    assert _dates([r for r in records if r["doc"] == "n1"]) == ("2011-03-10", ["2011-03-09"])
    assert "1 of 2 documents had no date" in result.stderr

"""`kg extract` end to end through the CLI: formats, encodings and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.cli.extract  # noqa: F401  (registers `extract` and `eval`)
from kg.cli import app, main  # noqa: F401 - main() registers the commands

runner = CliRunner()
ARTICLE = (
    "新华社北京2月5日电（记者 张伟）2月4日，湖北省委书记王建国说：“我们一定能打赢这场战役。”\n"
)


def _run(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def _records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


@pytest.mark.parametrize(
    ("name", "payload"),
    [
        ("utf8.txt", ARTICLE.encode("utf-8")),
        ("utf8bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode("utf-8")),
        ("gbk.txt", ARTICLE.encode("gbk")),
        ("gb18030.txt", ARTICLE.encode("gb18030")),
        (
            "big5.txt",
            ARTICLE.replace("书记", "書記")
            .replace("湖北省委", "湖北省委")
            .encode("big5", "replace"),
        ),
        ("utf16.txt", ARTICLE.encode("utf-16")),
    ],
)
def test_encodings_are_detected(tmp_path: Path, name: str, payload: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(payload)
    result = _run("extract", str(path))
    assert result.exit_code == 0, result.output
    records = _records(result.stdout)
    doc = records[0]
    assert doc["kind"] == "document" and doc["doc"] == path.stem
    names = {r["name"] for r in records if r["kind"] == "entity"}
    assert "湖北省" in names
    original = path.read_bytes()
    assert doc["sha256"] and len(doc["sha256"]) == 64 and original


@pytest.mark.parametrize(
    ("name", "payload", "problem"),
    [
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
    ],
)
def test_bad_file_is_reported_and_others_go_on(
    tmp_path: Path, name: str, payload: bytes, problem: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(payload)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    result = _run("extract", str(bad), str(good))
    assert result.exit_code == 1
    assert name in result.stderr and problem in result.stderr.lower()
    assert "Traceback" not in result.stderr + result.stdout
    assert {r["doc"] for r in _records(result.stdout)} == {"good"}


def test_malformed_jsonl_line_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": ARTICLE}, ensure_ascii=False)
        + "\n"
        + "{not json\n"
        + json.dumps({"id": "b", "text": ARTICLE, "date": "2020-02-05"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    result = _run("extract", str(path))
    assert result.exit_code == 1
    assert "batch.jsonl" in result.stderr and "2" in result.stderr
    docs = [r for r in _records(result.stdout) if r["kind"] == "document"]
    assert [d["doc"] for d in docs] == ["a", "b"]
    assert docs[1]["date"] == "2020-02-05"


def test_stdin_jsonl() -> None:
    line = json.dumps({"id": "s1", "text": ARTICLE}, ensure_ascii=False)
    result = _run("extract", "-", stdin=line + "\n")
    assert result.exit_code == 0, result.stderr
    assert _records(result.stdout)[0]["doc"] == "s1"


def test_html_page_text_only(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>湖北动态</title><script>var x='李四说';</script></head><body>"
        "<nav>首页 关于我们 联系我们</nav><p>"
        + ARTICLE
        + "</p><footer>版权所有 京ICP备12345678号</footer>"
        "</body></html>",
        encoding="utf-8",
    )
    result = _run("extract", str(page))
    assert result.exit_code == 0, result.stderr
    records = _records(result.stdout)
    assert records[0]["title"] == "湖北动态"
    names = {r["name"] for r in records if r["kind"] != "document" and "name" in r}
    assert "李四" not in names


@pytest.mark.parametrize(
    ("id_from", "exit_code", "ids"),
    [("auto", 0, ["a/x", "b/x"]), ("path", 0, ["a/x", "b/x"]), ("stem", 1, ["x"])],
)
def test_same_file_names_in_two_folders(tmp_path: Path, id_from: str, exit_code: int,
                                        ids: list[str]) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    result = _run("extract", str(tmp_path), "--id-from", id_from)
    assert result.exit_code == exit_code
    assert [r["doc"] for r in _records(result.stdout) if r["kind"] == "document"] == ids
    if exit_code:  # stems collide: the second is reported, not merged
        assert "duplicate document id 'x'" in result.stderr


def test_output_file_and_table(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert _run("extract", str(src), "-o", str(out)).exit_code == 0
    assert _records(out.read_text(encoding="utf-8"))[0]["doc"] == "a"
    table = _run("extract", str(src), "--format", "table")
    assert table.exit_code == 0 and "SAID" in table.stdout


@pytest.mark.parametrize(
    ("output", "exit_code", "message"),
    [
        ("新建/二月/out.jsonl", 0, None),  # missing folders are made, as `kg build --store` does
        ("文件夹", 1, "error: 文件夹: is a folder; give a file name"),
        ("a.txt/out.jsonl", 1, "error: a.txt/out.jsonl: a.txt is a file, not a folder"),
    ],
)
def test_output_path_problems_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        output: str, exit_code: int,
                                        message: str | None) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "文件夹").mkdir()
    result = _run("extract", "a.txt", "-o", output)
    assert result.exit_code == exit_code, result.output
    if message is None:
        assert _records((tmp_path / output).read_text(encoding="utf-8"))[0]["doc"] == "a"
    else:
        assert message in result.stderr and "Errno" not in result.output


def test_eval_command_scores(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "d.json").write_text(
        json.dumps(
            {
                "doc": "d",
                "entities": [{"name": "湖北省", "type": "Place", "aliases": ["湖北"]}],
                "triples": [],
            }
        ),
        encoding="utf-8",
    )
    pred = tmp_path / "pred.jsonl"
    pred.write_text(
        json.dumps({"kind": "entity", "doc": "d", "name": "湖北", "type": "Place"}) + "\n",
        encoding="utf-8",
    )
    result = _run("eval", str(pred), str(gold), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["item"]: r for r in json.loads(result.stdout)}
    assert rows["entity:ALL"]["F1"] == 1.0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), {"华为公司", "小米公司"}),  # the default is the ensemble
        (("--tagger", "crf"), {"华为公司"}),
        # The neural tagger knows the second company; the CRFs do not.
        (("--tagger", "ensemble"), {"华为公司", "小米公司"}),
    ],
)
def test_tagger_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], expected: set[str]
) -> None:
    # Empty means the default; monkeypatch then undoes what --tagger sets in this process.
    monkeypatch.setenv("KG_NER", "")
    path = tmp_path / "a.txt"
    path.write_text("华为公司和小米公司发布了新手机。\n", encoding="utf-8")
    result = _run("extract", str(path), "--workers", "1", *args)
    assert result.exit_code == 0, result.output
    names = {r["name"] for r in _records(result.stdout) if r["kind"] == "entity"}
    assert names == expected


def test_an_unknown_tagger_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = _run("extract", str(path), "--tagger", "bert")
    assert result.exit_code == 2 and "--tagger" in result.output


PAGE = "<p>湖北省长王一2020年3月1日到武汉市调研。</p>"


@pytest.mark.parametrize(
    ("names", "read", "note"),
    [
        (["a.shtml", "b.md", "c.text", "d"], {"a", "c"},
         "skipped 2 files not read as articles (.md 1, no suffix 1)"),
        (["a.shtm", "x.pdf", "y.pdf", ".DS_Store"], {"a"},
         "skipped 3 files not read as articles (.pdf 2, hidden 1)"),
        (["a.html", "b.txt"], {"a", "b"}, None),
    ],
)
def test_folder_reads_html_and_text_suffixes_and_notes_the_rest(
    tmp_path: Path, names: list[str], read: set[str], note: str | None
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for name in names:
        (folder / name).write_text(PAGE, encoding="utf-8")
    result = _run("extract", str(folder), "--workers", "1")
    assert result.exit_code == 0, result.output
    records = _records(result.stdout)
    assert {r["doc"] for r in records} == read
    assert all("<p>" not in r["name"] for r in records if r["kind"] == "entity")
    notes = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert notes == ([f"{folder}: {note}"] if note else [])


def test_an_empty_folder_is_an_error_and_the_other_inputs_go_on(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    result = _run("extract", str(empty), str(good), "--workers", "1")
    assert result.exit_code == 1
    assert f"error: {empty}: no articles found (files ending in .txt" in result.stderr
    assert {r["doc"] for r in _records(result.stdout)} == {"good"}

"""`kg build` twice: unchanged documents are not extracted again, changed ones are."""

from __future__ import annotations

import pathlib

import pytest
from typer.testing import CliRunner

import kg.cli.graph  # registers the graph commands
import kg.pipeline
from kg.cli import app
from kg.store.embedded import EmbeddedStore

ARTICLES = {
    "2021-03-01/report.txt": "新华社北京3月1日电 3月1日，江苏省委书记周文华在南京市调研。",
    "2021-03-02/report.txt": "新华社北京3月2日电 3月2日，浙江省省长陈立平来到杭州市考察。",
    "2021-03-02/notice.txt": "新华社北京3月2日电 3月2日，安徽省副省长刘建国会见了来访的客人。",
}


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the documents the pipeline actually extracts."""
    seen: list[str] = []
    real = kg.pipeline._safe_extract

    def counting(src, default_year, norm=None):  # type: ignore[no-untyped-def]
        seen.append(src.id)
        return real(src, default_year, norm)

    monkeypatch.setattr(kg.pipeline, "_safe_extract", counting)
    return seen


def build(folder: pathlib.Path, store: pathlib.Path, *options: str) -> str:
    result = CliRunner().invoke(
        app, ["build", str(folder), "--store", str(store), "--workers", "1", *options]
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_second_build_extracts_nothing_and_changed_documents_are_re_extracted(
    tmp_path: pathlib.Path, extracted: list[str]
) -> None:
    folder, store = tmp_path / "news", tmp_path / "kg"
    for name, text in ARTICLES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    first = build(folder, store)
    assert sorted(extracted) == ["2021-03-01/report", "2021-03-02/report", "notice"]
    assert "3 documents added" in first
    extracted.clear()
    second = build(folder, store)
    assert extracted == []
    assert "0 documents added" in second and "3 unchanged skipped" in second
    (folder / "2021-03-02/notice.txt").write_text(
        ARTICLES["2021-03-02/notice.txt"].replace("刘建国", "刘建军"), encoding="utf-8"
    )
    third = build(folder, store)
    assert extracted == ["notice"]
    assert "1 changed re-extracted (notice)" in third and "2 unchanged skipped" in third
    people = {
        d["name"]
        for _, d in EmbeddedStore(store).graph().nodes(data=True)
        if d["label"] == "Person"
    }
    assert "刘建军" in people and "刘建国" not in people


def test_build_reports_folded_reprints(tmp_path: pathlib.Path, extracted: list[str]) -> None:
    folder, store = tmp_path / "news", tmp_path / "kg"
    folder.mkdir()
    text = ARTICLES["2021-03-01/report.txt"]
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text("（来源：新华网）\n" + text, encoding="utf-8")
    output = build(folder, store)
    assert "(1 reprints folded into their originals)" in output


@pytest.mark.parametrize(
    ("options", "limit", "expected"),
    [
        ((), 20_000, "the graph has 1 document"),
        ((), 0, "the store holds 1 document (`kg stats` counts the graph)"),  # a large store
        (("--summary",), 0, "the graph has 1 document"),
        (("--no-summary",), 20_000, "the store holds 1 document"),
    ],
)
def test_build_summary_builds_the_graph_only_for_small_stores(
    tmp_path: pathlib.Path, extracted: list[str], monkeypatch: pytest.MonkeyPatch,
    options: tuple[str, ...], limit: int, expected: str,
) -> None:
    import kg.store.embedded

    built: list[int] = []
    real = kg.store.embedded.EmbeddedStore.graph
    monkeypatch.setattr(kg.store.embedded.EmbeddedStore, "graph",
                        lambda self: built.append(1) or real(self))
    monkeypatch.setattr("kg.cli.graph.SUMMARY_MAX_DOCUMENTS", limit)
    folder, store = tmp_path / "news", tmp_path / "kg"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLES["2021-03-01/report.txt"], encoding="utf-8")
    assert expected in build(folder, store, *options)
    assert bool(built) == ("graph has" in expected)


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--workers", "1"] if args[0] == "build" else args)
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("second", "moved_first", "exit_code", "people"),
    [
        # Another file under the stored id, the first still there: refused, both kept apart.
        ("y/same.txt", False, 1, {"王东"}),
        # The same file, edited: re-extracted in place.
        ("x/same.txt", False, 0, {"刘强"}),
        # The stored file is gone (moved or deleted): the new file takes the id over.
        ("y/same.txt", True, 0, {"刘强"}),
    ],
)
def test_a_file_never_silently_replaces_another_files_document(
    tmp_path: pathlib.Path, second: str, moved_first: bool, exit_code: int, people: set[str]
) -> None:
    store = tmp_path / "kg"
    first = tmp_path / "x" / "same.txt"
    first.parent.mkdir()
    first.write_text("新华社合肥3月1日电 安徽省省长王东3月1日到合肥市调研。", encoding="utf-8")
    assert _invoke("build", str(first.parent), "--store", str(store), "--id-from", "path")[0] == 0
    target = tmp_path / second
    target.parent.mkdir(exist_ok=True)
    if moved_first:
        first.unlink()
    target.write_text("新华社长沙3月2日电 湖南省省长刘强3月2日到长沙市调研。", encoding="utf-8")
    code, output = _invoke("build", str(target.parent), "--store", str(store),
                           "--id-from", "path")
    assert code == exit_code, output
    assert ("already stored from" in output) == (exit_code == 1)
    found = {r["name"] for r in EmbeddedStore(store).iter_records()
             if r["kind"] == "entity" and r["type"] == "Person"}
    assert found == people


def test_records_with_a_broken_line_keep_the_rest(tmp_path: pathlib.Path) -> None:
    lines = [
        '{"kind": "document", "doc": "a", "title": "甲"}',
        '{"kind": "triple", broken',
        '{"kind": "document", "doc": "b", "title": "乙"}',
        '{"title": "no kind, no doc"}',
        '["not", "an", "object"]',
        '{"kind": "document", "doc": "c", "title": "丙"}',
    ]
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = tmp_path / "kg"
    code, output = _invoke("build", "--records", str(records), "--store", str(store))
    assert code == 1
    for problem in ("line 2: not JSON", "line 4: not a KG record (needs 'kind' and 'doc')",
                    "line 5: a record must"):
        assert f"{records}: {problem}" in output.replace("\n", " "), output
    assert sorted({r["doc"] for r in EmbeddedStore(store).iter_records()}) == ["a", "b", "c"]


def test_build_of_an_empty_folder_is_an_error(tmp_path: pathlib.Path) -> None:
    empty, news = tmp_path / "empty", tmp_path / "news"
    empty.mkdir()
    news.mkdir()
    (news / "a.text").write_text(ARTICLES["2021-03-01/report.txt"], encoding="utf-8")
    code, output = _invoke("build", str(empty), str(news), "--store", str(tmp_path / "kg"))
    assert code == 1
    assert f"{empty}: no articles found" in output.replace("\n", " ")
    assert {r["doc"] for r in EmbeddedStore(tmp_path / "kg").iter_records()} == {"a"}

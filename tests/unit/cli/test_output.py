"""Tables cut running text, never the answer itself (a walk, a document id, a name)."""

from __future__ import annotations

import io
import pathlib

import pytest

from kg.cli.output import emit_rows, os_problem, output_file, output_folder

WALK = " → ".join(["江苏省", "医疗队", "湖北省", "武汉市", "新鲜蔬菜", "寿光市", "山东省"] * 3)
SENTENCE = ("要把生态保护放在更加突出的位置，坚决打好蓝天保卫战，"
            "持续改善环境质量，让群众享受更多蓝天白云。")


@pytest.mark.parametrize(
    ("column", "value", "whole"),
    [("walk", WALK, True), ("doc", "2021-03-02/a-very-long-document-id-0001", True),
     ("text", SENTENCE, False), ("evidence", SENTENCE, False)],
)
def test_only_free_text_is_cut(column: str, value: str, whole: bool) -> None:
    out = io.StringIO()
    emit_rows([{"n": 1, column: value}], "table", file=out)
    printed = "".join(ch for line in out.getvalue().splitlines()
                      for ch in line.strip("│┃ ").replace("│", "").replace(" ", ""))
    assert (value.replace(" ", "") in printed) is whole
    assert ("…" in out.getvalue()) is not whole


@pytest.mark.parametrize(
    ("path", "made", "error"),
    [
        ("新闻/二月/图.graphml", "新闻/二月", None),  # missing parents are made, as by kg build
        ("图.graphml", ".", None),
        ("文件夹", None, "文件夹: is a folder; give a file name"),
        ("旧稿.txt/图.graphml", None, "旧稿.txt/图.graphml: 旧稿.txt is a file, not a folder"),
        ("旧稿.txt/甲/图.graphml", None,
         "旧稿.txt/甲/图.graphml: 旧稿.txt is a file, not a folder"),
    ],
)
def test_output_file_makes_parents_or_names_the_problem(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, path: str, made: str | None,
    error: str | None,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "文件夹").mkdir()
    (tmp_path / "旧稿.txt").write_text("旧稿", encoding="utf-8")
    if error is None:
        output_file(pathlib.Path(path))
        assert (tmp_path / made).is_dir() and not (tmp_path / path).exists()
    else:
        with pytest.raises(ValueError) as caught:
            output_file(pathlib.Path(path))
        assert str(caught.value) == error


@pytest.mark.parametrize(
    ("path", "error"),
    [("导出/表格", None), ("文件夹", None), ("旧稿.txt", "旧稿.txt: is a file, not a folder"),
     ("旧稿.txt/表格", "旧稿.txt/表格: 旧稿.txt is a file, not a folder")],
)
def test_output_folder_makes_it_or_names_the_problem(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, path: str, error: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "文件夹").mkdir()
    (tmp_path / "旧稿.txt").write_text("旧稿", encoding="utf-8")
    if error is None:
        output_folder(pathlib.Path(path))
        assert (tmp_path / path).is_dir()
    else:
        with pytest.raises(ValueError) as caught:
            output_folder(pathlib.Path(path))
        assert str(caught.value) == error


@pytest.mark.parametrize(
    ("err", "message"),
    [(PermissionError(13, "Permission denied", "导出/nodes.csv"),
      "导出/nodes.csv: Permission denied"),
     (OSError(28, "No space left on device"), "图.graphml: No space left on device")],
)
def test_os_problem_drops_the_errno(err: OSError, message: str) -> None:
    assert os_problem(pathlib.Path("图.graphml"), err) == message

"""kg.sources on folders: which suffixes are read, how the others and empty folders are told."""

from __future__ import annotations

import pathlib

import pytest

from kg.sources import (
    _SUFFIX_ORDER,
    SUFFIXES,
    SkippedFiles,
    SkippedFilesWarning,
    SourceDoc,
    SourceError,
    iter_sources,
)

PAGE = "<p>湖北省长王一2020年3月1日到武汉市调研。</p>"
VISIBLE = "湖北省长王一2020年3月1日到武汉市调研。"


def _read(folder: pathlib.Path) -> tuple[list[SourceDoc | SourceError], list[SkippedFiles]]:
    skipped: list[SkippedFiles] = []
    items = list(iter_sources([str(folder)], id_from="path", on_skipped=skipped.append))
    return items, skipped


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.shtml", VISIBLE),  # HTML: the tags are gone
        ("a.SHTM", VISIBLE),
        ("a.htm", VISIBLE),
        ("a.text", f"{VISIBLE}\n"),  # plain text: pasted tags go, each block ends its line
        ("a.txt", f"{VISIBLE}\n"),
    ],
)
def test_each_suffix_is_read_as_html_or_text(tmp_path: pathlib.Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(PAGE, encoding="utf-8")
    items, skipped = _read(tmp_path)
    assert [(type(i), getattr(i, "text", None)) for i in items] == [(SourceDoc, text)]
    assert skipped == []


@pytest.mark.parametrize(
    ("names", "note"),
    [
        (["x.pdf", "y.pdf", "README"],
         "skipped 3 files not read as articles (.pdf 2, no suffix 1)"),
        ([".DS_Store"], "skipped 1 file not read as articles (hidden 1)"),
        # a tool's folder and a macOS fork are no articles, whatever their suffix
        ([".git/HEAD.txt", "._a.txt", "b.pdf"], "skipped 3 files not read as articles "
         "(hidden 2, .pdf 1)"),
        (["a.PDF", "b.doc", "sub/c.doc"], "skipped 3 files not read as articles (.doc 2, .pdf 1)"),
    ],
)
def test_other_files_are_summed_up_once_per_folder(
    tmp_path: pathlib.Path, names: list[str], note: str
) -> None:
    (tmp_path / "keep.txt").write_text("湖北省长王一到武汉市调研。", encoding="utf-8")
    for name in names:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("不读", encoding="utf-8")
    items, skipped = _read(tmp_path)
    assert [i.id for i in items if isinstance(i, SourceDoc)] == ["keep"]
    assert [str(s) for s in skipped] == [f"{tmp_path}: {note}"]


@pytest.mark.parametrize(
    ("names", "skipped_total"),
    [
        ([], 0),  # an empty folder
        (["a.pdf", "b"], 2),  # nothing with a suffix that is read
    ],
)
def test_a_folder_with_nothing_to_read_is_an_error(
    tmp_path: pathlib.Path, names: list[str], skipped_total: int
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for name in names:
        (folder / name).write_text("不读", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("湖北省长王一到武汉市调研。", encoding="utf-8")
    skipped: list[SkippedFiles] = []
    items = list(iter_sources([str(folder), str(good)], on_skipped=skipped.append))
    assert isinstance(items[0], SourceError) and items[0].path == str(folder)
    assert items[0].message.startswith("no articles found (files ending in .txt, .text, .html,")
    assert [i.id for i in items[1:]] == ["good"]  # the other input is still read
    assert sum(s.total for s in skipped) == skipped_total


def test_without_a_callback_the_skipped_files_are_a_warning(tmp_path: pathlib.Path) -> None:
    (tmp_path / "a.txt").write_text("湖北省长王一到武汉市调研。", encoding="utf-8")
    (tmp_path / "b.pdf").write_text("不读", encoding="utf-8")
    with pytest.warns(SkippedFilesWarning, match=r"skipped 1 file not read as articles \(.pdf 1\)"):
        docs = list(iter_sources([str(tmp_path)]))
    assert [d.id for d in docs] == ["a"]


def test_the_listed_suffixes_are_the_ones_read() -> None:
    assert frozenset(_SUFFIX_ORDER) == SUFFIXES and len(_SUFFIX_ORDER) == len(SUFFIXES)

"""Tables cut running text, never the answer itself (a walk, a document id, a name)."""

from __future__ import annotations

import io

import pytest

from kg.cli.output import emit_rows

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

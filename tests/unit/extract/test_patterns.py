"""Shared pattern helpers of the extractors."""

from __future__ import annotations

import pytest

from kg.extract.patterns import organ_word_after


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("省卫健委派出", True),  # a one-character suffix (委) after other characters
        ("市消防救援总队赶赴", True),  # 队 inside the run
        ("新华社记者", True),  # 社
        ("大学生志愿者", True),  # a two-character suffix (大学) at the very start
        ("委员", False),  # a one-character suffix alone at the start is no organ name
        ("人民群众", False),
        ("人民的医院", False),  # the word ends at 的: 人民
        ("abc", False),  # no Han run at all
    ],
)
def test_organ_word_after(text: str, expected: bool) -> None:
    assert organ_word_after(text, 0, len(text)) is expected


def test_organ_word_after_reads_only_the_span() -> None:
    # The organ word lies beyond the limit: it does not count.
    assert organ_word_after("人民群众卫健委", 0, 4) is False
    assert organ_word_after("人民群众卫健委", 4, 7) is True

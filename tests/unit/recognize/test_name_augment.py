"""Mention replacement of scripts/name_augment.py, on hand-written sentences."""

from __future__ import annotations

import pathlib
import random
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3] / "scripts"))

import name_augment

TRAINING = [
    ("王小明和李华来到会场。", [(0, 3, "PER"), (4, 6, "PER")]),
    ("张建国说，李华也来了。", [(0, 3, "PER"), (5, 7, "PER")]),
    ("北京市的刘伟表示支持。", [(0, 3, "LOC"), (4, 6, "PER")]),
    ("奥巴马访问中国。", [(0, 3, "PER"), (5, 7, "LOC")]),  # a transliteration: kept
]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("王小明", True),
        ("李华", True),
        ("奥巴马", False),  # all transliteration characters
        ("江", False),  # a surname alone
        ("欧阳修文", False),  # compound surnames are left alone
        ("Smith", False),
    ],
)
def test_replaceable(name: str, expected: bool) -> None:
    assert name_augment.replaceable(name) is expected


@pytest.mark.parametrize("whole_given", [False, True])
def test_replaced_names_keep_the_sentence_and_the_other_spans(whole_given: bool) -> None:
    stats = name_augment.NameStatistics.of(TRAINING)
    for seed in range(20):
        text, spans = name_augment.replace_names(
            TRAINING[2], stats, random.Random(seed), whole_given=whole_given)
        (loc_start, loc_end, loc), (start, end, per) = spans
        assert (text[loc_start:loc_end], loc, per) == ("北京市", "LOC", "PER")
        assert text[:start] == "北京市的" and text[end:] == "表示支持。"
        name = text[start:end]
        assert name[0] in stats.surnames and name_augment.replaceable(name)
        if whole_given:
            assert name[1:] in stats.given_names


def test_the_same_name_is_replaced_the_same_way() -> None:
    stats = name_augment.NameStatistics.of(TRAINING)
    example = ("李华说，李华会来。", [(0, 2, "PER"), (4, 6, "PER")])
    text, spans = name_augment.replace_names(example, stats, random.Random(3))
    first, second = (text[s:e] for s, e, _ in spans)
    assert first == second


def test_a_foreign_name_is_not_replaced() -> None:
    stats = name_augment.NameStatistics.of(TRAINING)
    assert name_augment.replace_names(TRAINING[3], stats, random.Random(0)) == TRAINING[3]


@pytest.mark.parametrize(("fraction", "copies"), [(0.0, 0), (0.5, 2), (1.0, 3), (2.0, 6)])
def test_augmented_copies_the_fraction_of_sentences_with_names(
    fraction: float, copies: int
) -> None:
    # Three of the four sentences hold a replaceable name.
    assert len(name_augment.augmented(TRAINING, fraction, seed=1)) == copies

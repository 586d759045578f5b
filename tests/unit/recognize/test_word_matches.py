"""Every dictionary word over a character: the soft-lexicon inputs of the neural tagger."""

from __future__ import annotations

import pathlib
import sys

import pytest

from kg.recognize.word_matches import CODES, NONE, code, word_match_codes

# (text, position, (tag, length) of the longest dictionary word beginning / running through /
# ending there, None for no such word). Tags are those of jieba's dictionary.
CASES = [
    # 北京大学 (nt) begins at 北 and is longer than 北京 (ns); 京 and 大 lie inside it.
    ("他在北京大学读书", 2, (("nt", 4), None, None)),
    ("他在北京大学读书", 3, (None, ("nt", 4), ("ns", 2))),
    ("他在北京大学读书", 5, (None, None, ("nt", 4))),
    # A word the segmentation does not choose still counts: 李德 (nr) before 平.
    ("李德平说", 0, (("nr", 2), None, None)),
    ("李德平说", 2, (None, None, None)),
    # Seven characters are "four or more"; a single character is no word here.
    ("中华人民共和国", 3, (None, ("ns", 7), ("ns", 4))),  # 中华人民 is an entry too
    ("中华人民共和国", 4, (("ns", 3), ("ns", 7), None)),
    ("的", 0, (None, None, None)),
]


def _expected(entry: tuple[str, int] | None) -> int:
    return NONE if entry is None else code(*entry)


@pytest.mark.parametrize(("text", "position", "expected"), CASES)
def test_longest_word_beginning_inside_and_ending(
    text: str, position: int, expected: tuple
) -> None:
    begins, inside, ends = word_match_codes(text)
    got = (begins[position], inside[position], ends[position])
    assert got == tuple(_expected(e) for e in expected)


@pytest.mark.parametrize(
    ("first", "second"),
    [(("nr", 2), ("nr", 3)), (("nr", 3), ("ns", 3)), (("nt", 4), ("nt", 9)), (("n", 2), ("x", 2))],
)
def test_codes_tell_length_and_class_apart(first: tuple[str, int], second: tuple[str, int]) -> None:
    same = first[0][:2] == second[0][:2] and min(first[1], 4) == min(second[1], 4)
    assert (code(*first) == code(*second)) == same
    assert 2 <= code(*first) < CODES


def test_empty_text() -> None:
    assert word_match_codes("") == ([], [], [])


@pytest.mark.parametrize(
    ("option", "accepted"),
    [("place,world,org,orgword,sur", True), ("place,wbegin,winside,wend", True),
     ("place,wrld", False), ("", False)],
)
def test_training_script_refuses_unknown_lexicon_inputs(
    option: str, accepted: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3] / "scripts"))
    import train_neural_ner

    if accepted:
        args = train_neural_ner.parse_args(["--lexicon", option])
        assert set(args.lexicon) == set(option.split(","))
    else:
        with pytest.raises(SystemExit):
            train_neural_ner.parse_args(["--lexicon", option])
        assert "unknown input" in capsys.readouterr().err

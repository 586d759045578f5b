"""Calibration table: fitted by the documented rules, applied with the documented fallbacks."""

from __future__ import annotations

import pytest

from kg.calibration import CEILING, TABLE, calibrate, fit_table, raw_confidence


@pytest.mark.parametrize(
    ("extractor", "raw", "expected"),
    [
        ("quotes.indirect", 0.75, TABLE["quotes.indirect"][0]),  # own row
        ("quotes.follow", 0.6, TABLE["quotes"][0]),  # too few facts: its family's
        ("brand_new.rule", 0.42, 0.42),  # never judged: the extractor's own score
    ],
)
def test_calibrate(extractor: str, raw: float, expected: float) -> None:
    assert calibrate(extractor, raw) == expected


def test_fit_table_shrinks_small_samples_and_caps_certainty() -> None:
    judged = (
        [("a.one", True)] * 12 + [("a.two", False)] * 4 + [("b.x", True)] * 2 + [("b.x", False)] * 2
    )
    table = fit_table(judged)
    overall = 14 / 20
    family_a = (12 + 4 * overall) / (16 + 4)
    assert table["a"] == (round(family_a, 3), 16)
    assert table["a.one"] == (round((12 + 4 * family_a) / (12 + 4), 3), 12)
    assert "a.two" not in table and "b.x" not in table  # below MIN_FACTS: the family decides
    assert table["b"] == (round((2 + 4 * overall) / 8, 3), 4)


def test_records_keep_the_raw_score() -> None:
    assert raw_confidence({"confidence": 0.9, "raw_confidence": 0.6}) == 0.6
    assert raw_confidence({"confidence": 0.9}) == 0.9


def test_no_sample_claims_certainty() -> None:
    assert fit_table([("a.one", True)] * 200) == {"a": (CEILING, 200), "a.one": (CEILING, 200)}

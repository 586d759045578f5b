"""What makes two reports one fact, and how merged facts combine their sources."""

from __future__ import annotations

from typing import Any

import pytest

from kg.provenance import (
    Source,
    StatementClusters,
    combine_confidence,
    fact_properties,
    identity_attrs,
)


@pytest.mark.parametrize(
    ("predicate", "attrs", "expected"),
    [
        ("SAID", {"mode": "direct"}, {}),  # how it was reported is not what was reported
        ("SAID", {"mode": "indirect", "date": "2020-01-02"}, {"date": "2020-01-02"}),
        ("HOLDS_POSITION", {"title": "省長", "date": "2020-01-02"}, {"title": "省长"}),
        ("SENT", {"to": "湖北省", "count": 12, "note": None}, {"to": "湖北省", "count": 12}),
    ],
)
def test_identity_attrs(predicate: str, attrs: dict[str, Any], expected: dict[str, Any]) -> None:
    assert identity_attrs(predicate, attrs) == expected


@pytest.mark.parametrize(
    ("confidences", "combined"),
    [
        ([], 0.0),
        ([0.8], 0.8),
        ([0.5, 0.5], 0.75),
        ([0.9, 0.9], 0.99),
        ([0.9, 0.9, 0.9], 0.99),  # many sources: very likely, never certain
        ([1.2, -1], 1.0),  # one report that alone claims certainty keeps it
    ],
)
def test_noisy_or_over_documents(confidences: list[float], combined: float) -> None:
    assert combine_confidence(confidences) == combined


def source(
    doc: str, confidence: float, reported: str | None, seen: str | None, rank: int
) -> Source:
    return Source(doc, f"{doc} sentence", 0, 5, confidence, "test", reported, seen, (rank,))


def test_fact_properties_count_documents_not_sentences() -> None:
    props = fact_properties(
        [
            source("b", 0.6, "2020-02-01", "2020-01-30", 1),
            source("a", 0.5, "2020-01-31", "2020-01-31", 0),
            source("a", 0.7, "2020-01-31", "2020-01-31", 2),  # a second sentence of document a
            source("c", 0.5, None, None, 3),
        ]
    )
    assert props == {
        "doc": "a",
        "evidence": "a sentence",
        "start": 0,
        "end": 5,
        "extractor": "test",
        "confidence": combine_confidence([0.7, 0.6, 0.5]),
        "source_count": 3,
        "evidence_count": 4,
        "first_reported": "2020-01-31",
        "last_reported": "2020-02-01",
        "first_seen": "2020-01-30",
        "last_seen": "2020-01-31",
    }


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("我们将全力支持湖北。", "我们将全力支持湖北！", True),  # punctuation only
        ("我们将全力支持湖北抗击疫情。", "我们将全力支持湖北省抗击疫情。", True),  # one character
        ("今年粮食产量将增长百分之五。", "今年粮食产量将下降百分之五。", False),  # the opposite
        ("我们将全力支持湖北。", "大家辛苦了，谢谢大家。", False),
    ],
)
def test_near_identical_statements_share_a_representative(
    first: str, second: str, same: bool
) -> None:
    clusters = StatementClusters()
    assert clusters.representative("speaker", None, first) == first
    assert (clusters.representative("speaker", None, second) == first) is same
    # another speaker, or another date, never shares
    assert clusters.representative("other", None, second) == second
    assert clusters.representative("speaker", "2020-01-01", second) == second

"""Reprint detection: canonical text, MinHash estimates, LSH matching, folding order."""

from __future__ import annotations

import pathlib
from itertools import combinations

import pytest

from kg.reprints import (
    DOCUMENT_THRESHOLD,
    NearDuplicateIndex,
    canonical_text,
    fingerprint,
    fold_reprints,
    reports_only_in_copies,
    shingles,
    signature,
    similarity,
    text_sha256,
)

ARTICLE = (
    "本报记者 陈晓\n"
    "10月12日，第三届长江流域生态论坛在江城开幕。来自沿江各省的两百余名代表参加了开幕式。"
    "论坛主席在致辞中表示，保护长江是沿江各地的共同责任，各方要加强协作，"
    "推动上下游、左右岸协同治理。论坛期间，代表们将围绕湿地修复、水质监测和渔业资源保护等议题"
    "展开讨论，并将发布一份关于流域治理的共同倡议。主办方介绍，本届论坛还设立了青年分论坛，"
    "邀请高校学生分享他们在基层开展生态调查的经历。据悉，下一届论坛将于两年后在下游城市举行。"
)
REPRINT = "来源：江城日报\n" + ARTICLE.replace("本报记者 陈晓\n", "") + "\n（责任编辑：王芳）"
CORRECTED = ARTICLE.replace("两百余名代表", "三百余名代表")
REWRAPPED = ARTICLE.replace("。", "。\n\n").replace("，", ", ")
# Another outlet's article about the same event: shares one sentence, otherwise its own text.
OTHER_REPORT = (
    "江城消息 长江流域生态论坛12日开幕。论坛主席在致辞中表示，保护长江是沿江各地的共同责任。"
    "记者在现场看到，不少代表带来了本地湿地保护的照片和数据，一些企业展示了新的污水处理设备。"
    "一位来自上游的代表说，希望通过论坛找到更多合作伙伴，共同解决跨省水污染问题。"
)


def test_canonical_text_drops_whitespace_and_punctuation() -> None:
    assert canonical_text(" 他说：“好！”\n\n再见。 ") == "他说好再见"
    assert text_sha256(ARTICLE) == text_sha256(REWRAPPED)
    assert text_sha256(ARTICLE) != text_sha256(CORRECTED)


@pytest.mark.parametrize(
    ("other", "low", "high"),
    [
        (REWRAPPED, 1.0, 1.0),
        (CORRECTED, 0.8, 1.0),
        (REPRINT, DOCUMENT_THRESHOLD, 1.0),
        (OTHER_REPORT, 0.0, 0.3),
    ],
)
def test_minhash_estimates_the_shingle_jaccard(other: str, low: float, high: float) -> None:
    estimate = similarity(signature(ARTICLE), signature(other))
    left, right = shingles(ARTICLE, 5), shingles(other, 5)
    exact = len(left & right) / len(left | right)
    assert low <= estimate <= high
    assert abs(estimate - exact) < 0.2


def test_sampled_signatures_are_identical_for_identical_text() -> None:
    assert fingerprint(ARTICLE) == fingerprint(REWRAPPED)
    assert len(fingerprint(ARTICLE)["minhash"]) == 64


def test_index_finds_the_near_duplicate_and_not_the_other_report() -> None:
    index = NearDuplicateIndex()
    index.add("article", signature(ARTICLE))
    index.add("other", signature(OTHER_REPORT))
    assert index.match(signature(REPRINT)) == "article"
    assert index.match(signature("完全不同的一段文字，讲的是城市交通和地铁线路规划。")) is None
    assert index.match(None, exact="missing") is None


def doc(doc_id: str, text: str, date: str | None) -> dict:
    return {"kind": "document", "doc": doc_id, "date": date, **fingerprint(text)}


@pytest.mark.parametrize(
    ("docs", "expected"),
    [
        # the earliest document is the original, whatever the order given
        ([doc("b", REPRINT, "2021-10-13"), doc("a", ARTICLE, "2021-10-12")], {"b": "a"}),
        ([doc("z", ARTICLE, "2021-10-12"), doc("y", CORRECTED, "2021-10-12")], {"z": "y"}),
        ([doc("a", ARTICLE, None), doc("b", REWRAPPED, "2021-10-20")], {"a": "b"}),
        ([doc("a", ARTICLE, "2021-10-12"), doc("c", OTHER_REPORT, "2021-10-12")], {}),
        ([{"kind": "document", "doc": "old", "date": None}, doc("a", ARTICLE, None)], {}),
        # the same text a year later is a new announcement, within the window a reprint
        ([doc("a", ARTICLE, "2021-10-12"), doc("b", ARTICLE, "2022-10-12")], {}),
        ([doc("a", ARTICLE, "2021-10-12"), doc("b", ARTICLE, "2021-11-10")], {"b": "a"}),
        (
            [doc("a", ARTICLE, "2021-10-12"), doc("b", ARTICLE, "2022-10-12"),
             doc("c", REPRINT, "2022-10-13")],
            {"c": "b"},  # the copy of the later announcement folds into that one
        ),
    ],
)
def test_fold_reprints(docs: list[dict], expected: dict[str, str]) -> None:
    assert fold_reprints(docs) == expected


def test_distinct_real_articles_are_never_folded(shared: pathlib.Path) -> None:
    """The dev corpora's articles are all different reports: no pair reaches the threshold."""
    texts = [
        p.read_text(encoding="utf-8")
        for folder in ("corpus", "corpus-news2009", "cctv-corpus")
        for p in sorted((shared / folder).glob("*.txt"))
    ]
    prints = [fingerprint(t) for t in texts]
    worst = max(similarity(a["minhash"], b["minhash"]) for a, b in combinations(prints, 2))
    assert worst < DOCUMENT_THRESHOLD / 2
    docs = [{"kind": "document", "doc": str(i), "date": None, **p} for i, p in enumerate(prints)]
    assert fold_reprints(docs) == {}


def _big_int_signature(text: str, size: int, sample: int) -> list[int]:
    """The defining arithmetic in Python integers: what stored signatures were made with."""
    import hashlib

    from kg.reprints import _MAX_HASH, _PERMUTATIONS, _PRIME, NUM_PERM

    base = [h for h in (int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8)
                                       .digest(), "little") for s in shingles(text, size))
            if h % sample == 0]
    if not base:
        return [_MAX_HASH] * NUM_PERM
    return [min((a * x + b) % _PRIME for x in base) & _MAX_HASH for a, b in _PERMUTATIONS]


@pytest.mark.parametrize(("text", "size", "sample"), [
    (ARTICLE, 5, 4), (REPRINT, 5, 4), (ARTICLE, 3, 1), ("短句", 3, 1), ("", 5, 1),
    ("李强表示，中方愿同各方加强合作。", 3, 1),
])
def test_vectorized_signature_equals_the_big_integer_arithmetic(
    text: str, size: int, sample: int
) -> None:
    assert signature(text, size, sample) == _big_int_signature(text, size, sample)


def test_permutation_is_exact_at_the_edges_of_64_bits() -> None:
    import random

    import numpy as np

    from kg.reprints import _PERMUTATIONS, _PRIME, _permute

    rng = random.Random(5)
    values = [0, 1, _PRIME - 1, _PRIME, _PRIME + 1, 2**61, 2**62 - 1, 2**63, 2**64 - 1,
              *(rng.getrandbits(64) for _ in range(500))]
    got = _permute(np.array(values, dtype=np.uint64))
    expected = [[(a * x + b) % _PRIME for x in values] for a, b in _PERMUTATIONS]
    assert got.tolist() == expected


def _report(doc: str, said: object) -> dict:
    return {"doc": doc, "predicate": "SAID", "said": said}


@pytest.mark.parametrize(
    ("triples", "added"),
    [
        # The copy's own quote is added, the shared one is its original's.
        ([_report("a", "x"), _report("b", "x"), _report("b", "y")], [("b", "y")]),
        # An exact copy adds nothing.
        ([_report("a", "x"), _report("b", "x")], []),
        # A record the key cannot read adds nothing.
        ([_report("a", "x"), {"doc": "b", "predicate": "SAID"}], []),
        # Documents that are no copy are not looked at.
        ([_report("a", "x"), _report("c", "z")], []),
    ],
)
def test_reports_only_in_copies(triples: list[dict], added: list[tuple[str, str]]) -> None:
    found = reports_only_in_copies(triples, {"b": "a"}, key=lambda r: r["said"])
    assert [(r["doc"], r["said"]) for r in found] == added

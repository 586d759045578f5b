"""`kg eval` must agree with the reference scorer in ../shared/tools on the dev gold."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest

from kg.evaluate import GoldDoc, canon, load_gold, same_statement, score


def _reference(shared: Path):
    spec = importlib.util.spec_from_file_location("kg_score", shared / "tools" / "kg_score.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _records_from_gold(gold_dir: Path, *, seed: int) -> list[dict]:
    """Gold turned into prediction records, with deterministic damage (drops, edits, noise)."""
    rng = random.Random(seed)
    records: list[dict] = []
    for path in sorted(gold_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for e in data["entities"]:
            if rng.random() < 0.15:
                continue
            name = (
                rng.choice([e["name"], *e.get("aliases", [])]) if rng.random() < 0.3 else e["name"]
            )
            records.append(
                {
                    "kind": "entity",
                    "doc": data["doc"],
                    "name": name,
                    "type": e["type"],
                    "aliases": e.get("aliases", [])[:1],
                }
            )
        for t in data["triples"]:
            if rng.random() < 0.15:
                continue
            obj = t["o"] if rng.random() < 0.7 else t["o"][: max(2, len(t["o"]) // 3)]
            records.append(
                {
                    "kind": "triple",
                    "doc": data["doc"],
                    "predicate": t["p"],
                    "subject": {"name": t["s"], "type": "Person"},
                    "object": {"name": obj, "type": t.get("o_type", "")},
                    "attrs": {},
                }
            )
        records.append(
            {"kind": "entity", "doc": data["doc"], "name": "噪声机构", "type": "Organization"}
        )
    return records


@pytest.mark.parametrize("gold_name", ["gold", "gold-news2009"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_agrees_with_reference_scorer(shared: Path, gold_name: str, seed: int) -> None:
    ref = _reference(shared)
    records = _records_from_gold(shared / gold_name, seed=seed)
    expected = ref.score(records, ref.load_gold([str(shared / gold_name)], None))
    ours = {row["item"]: row for row in score(records, load_gold([shared / gold_name])).rows()}
    for key, value in expected.items():
        if key == "missed":
            continue
        assert (ours[key]["tp"], ours[key]["pred"], ours[key]["gold"]) == (
            value["tp"],
            value["pred"],
            value["gold"],
        ), key
        assert ours[key]["F1"] == pytest.approx(value["f1"], abs=1e-4)


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ("要坚持全国一盘棋。", "要坚持全国一盘棋", True),
        ("要坚持全国一盘棋，做到令行禁止。", "做到令行禁止", False),  # too short a part
        ("“统一指挥”", "统一指挥", True),
        ("完全不同的话", "另一句毫不相干", False),
    ],
)
def test_statement_matching(gold: str, pred: str, expected: bool) -> None:
    assert same_statement(gold, pred) is expected


def test_alias_counts_as_the_entity() -> None:
    doc = GoldDoc.from_json(
        {
            "doc": "d",
            "entities": [
                {"name": "湖北省", "type": "Place", "aliases": ["湖北"]},
                {"name": "李四", "type": "Person", "aliases": []},
            ],
            "triples": [],
        }
    )
    result = score(
        [
            {"kind": "entity", "doc": "d", "name": "湖北", "type": "Place"},
            {"kind": "entity", "doc": "d", "name": "王五", "type": "Person"},
        ],
        [doc],
    )
    totals = result.totals("entity")
    assert (totals.tp, totals.pred, totals.gold) == (1, 2, 2)
    assert result.missed["entity:Person"] == ["d: 李四"]
    assert canon(" 湖 北“") == "湖北"

"""`kg eval` must agree with the reference scorer in ../shared/tools on the dev gold."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest

from kg.evaluate import GoldDoc, canon, load_gold, same_statement, score, score_attrs


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
            attrs = _damaged_attrs(t.get("attrs") or {}, rng)
            records.append(
                {
                    "kind": "triple",
                    "doc": data["doc"],
                    "predicate": t["p"],
                    "subject": {"name": t["s"], "type": "Person"},
                    "object": {"name": obj, "type": t.get("o_type", "")},
                    "attrs": attrs,
                }
            )
        records.append(
            {"kind": "entity", "doc": data["doc"], "name": "噪声机构", "type": "Organization"}
        )
    return records


def _damaged_attrs(attrs: dict, rng: random.Random) -> dict:
    """Gold attributes with some dropped, changed (a day off, a shorter title) or wrapped."""
    out: dict = {}
    for key, value in attrs.items():
        roll = rng.random()
        if roll < 0.15:
            continue
        if roll < 0.3:
            value = f"{value}X" if key != "to" else str(value)[:1]
        elif roll < 0.4:
            value = f" “{value}” "  # white space and quote marks do not count
        out[key] = value
    return out


GOLD_SETS = ["gold", "gold-news2009", "cctv-gold"]


@pytest.mark.parametrize("gold_name", GOLD_SETS)
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


@pytest.mark.parametrize("gold_name", GOLD_SETS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_attrs_agree_with_reference_scorer(shared: Path, gold_name: str, seed: int) -> None:
    """`kg eval --attrs` gives kg_score.py --attrs's figures, attribute by attribute."""
    ref = _reference(shared)
    records = _records_from_gold(shared / gold_name, seed=seed)
    expected = ref.score_attrs(records, ref.load_gold([str(shared / gold_name)], None))
    ours = score_attrs(records, load_gold([shared / gold_name]))
    assert set(ours) == set(expected)
    for attr, value in expected.items():
        assert (ours[attr].right, ours[attr].gold) == (value["right"], value["gold"]), attr
        assert round(ours[attr].accuracy, 4) == value["accuracy"], attr
    assert 0 < ours["ALL"].right < ours["ALL"].gold  # the damage is seen, not everything


def test_cli_eval_attrs_rows(shared: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    import kg.cli.extract  # noqa: F401  (registers `eval`)
    from kg.cli import app

    ref = _reference(shared)
    records = _records_from_gold(shared / "cctv-gold", seed=0)
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    result = CliRunner().invoke(
        app, ["eval", str(pred), str(shared / "cctv-gold"), "--attrs", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = {r["item"]: r for r in json.loads(result.stdout)}
    expected = ref.score_attrs(records, ref.load_gold([str(shared / "cctv-gold")], None))
    for attr, value in expected.items():
        row = rows[f"attr:{attr}"]
        assert (row["right"], row["gold"], row["accuracy"]) == (
            value["right"], value["gold"], value["accuracy"]), attr
    assert "triple:ALL" in rows


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

"""The CRF tagger on the fixed MSRA measurement split, scored by the shared scorer."""

from __future__ import annotations

import importlib.util
import json
import pathlib
from types import ModuleType

import pytest

from kg.recognize.crf import crf_mentions

# The last 4,500 sentences of msra.train.bio: never trained on (scripts/train_ner.py).
SPLIT_SIZE = 4_500
# Floors just under the measured scores (see scripts/train_ner.py); a regression fails here.
# Measured with the shipped pair: ALL 0.816, Person 0.868, Place 0.826, Organization 0.720.
F1_FLOOR = {"ALL": 0.81, "Person": 0.86, "Place": 0.82, "Organization": 0.71}
LABELS = {"Person": "PER", "Place": "LOC", "Organization": "ORG"}


def _scorer(shared: pathlib.Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "kg_ner_eval", shared / "tools" / "kg_ner_eval.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_msra_split_f1_floor(shared: pathlib.Path, tmp_path: pathlib.Path) -> None:
    scorer = _scorer(shared)
    sentences = scorer.read_corpus(str(shared / "benchmarks/ner/msra.train.bio"))
    heldout = sentences[-SPLIT_SIZE:]

    # Gold of the split, in the scorer's own BIO format.
    gold_lines = []
    for text, spans in heldout:
        tags = ["O"] * len(text)
        for start, end, kind in spans:
            tags[start : end] = ["B-" + LABELS[kind]] + ["I-" + LABELS[kind]] * (end - start - 1)
        gold_lines += [f"{c if c.strip() else '_'}\t{t}" for c, t in zip(text, tags, strict=True)]
        gold_lines.append("")
    gold = tmp_path / "split.bio"
    gold.write_text("\n".join(gold_lines) + "\n", encoding="utf-8")

    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as handle:
        for i, (text, _) in enumerate(heldout):
            for m in crf_mentions(text):
                record = {"kind": "entity", "doc": f"s{i:06d}", "name": m.text, "type": m.type,
                          "mentions": [{"start": m.start, "end": m.end}]}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    result = scorer.score(str(gold), str(pred))
    assert result["sentences"] == len(heldout)
    for kind, floor in F1_FLOOR.items():
        assert result[kind]["f1"] >= floor, (kind, result[kind])

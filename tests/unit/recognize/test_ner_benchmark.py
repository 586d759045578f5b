"""The CRF tagger on the held-out half of People's Daily test, scored by the shared scorer."""

from __future__ import annotations

import importlib.util
import json
import pathlib
from types import ModuleType

import pytest

from kg.recognize.crf import crf_mentions

# Floors just under the measured scores (see scripts/train_ner.py); a regression fails here.
# Measured with the pooled pair: ALL 0.828, Person 0.864, Place 0.861, Organization 0.732.
F1_FLOOR = {"ALL": 0.82, "Person": 0.855, "Place": 0.85, "Organization": 0.72}
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
def test_heldout_half_f1_floor(shared: pathlib.Path, tmp_path: pathlib.Path) -> None:
    scorer = _scorer(shared)
    sentences = scorer.read_corpus(str(shared / "benchmarks/ner/peoples_daily.test.bio"))
    heldout = sentences[len(sentences) // 2 :]  # [0, n//2) is training data

    # Gold of the held-out half, in the scorer's own BIO format.
    gold_lines = []
    for text, spans in heldout:
        tags = ["O"] * len(text)
        for start, end, kind in spans:
            tags[start : end] = ["B-" + LABELS[kind]] + ["I-" + LABELS[kind]] * (end - start - 1)
        gold_lines += [f"{c if c.strip() else '_'}\t{t}" for c, t in zip(text, tags, strict=True)]
        gold_lines.append("")
    gold = tmp_path / "heldout.bio"
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

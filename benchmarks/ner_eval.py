"""Score a statistical tagger on the held-out half of People's Daily test with the shared scorer.

    python benchmarks/ner_eval.py                      # shipped models, held-out half
    python benchmarks/ner_eval.py --model /tmp/a.crfsuite:/tmp/b.crfsuite   # a pooled pair
    python benchmarks/ner_eval.py --model /tmp/m.crfsuite --corpus cluener.train.json
    python benchmarks/ner_eval.py --tagger ensemble        # the neural tagger and the CRF pair

The held-out half is sentences [n//2, n) of ``peoples_daily.test.bio`` in file order; the first
half is training data (``scripts/train_ner.py``). ``../shared/tools/kg_ner_eval.py`` is imported
at run time and does the reading and the scoring, through its own prepare/score file formats.
The held-out half is no independent test of the MSRA-trained models: 2,274 of its 2,318
sentences share more than a fifth of their 10-character substrings with ``msra.train.bio`` or
PD1998 (the CRF pair scores 0.915 there, the ensemble 0.971); the MSRA split is the measure.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import pathlib
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from types import ModuleType

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = pathlib.Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
HELDOUT_CORPUS = "peoples_daily.test.bio"
LABELS = {"Person": "PER", "Place": "LOC", "Organization": "ORG"}

Sentence = tuple[str, set[tuple[int, int, str]]]


def load_scorer(shared: pathlib.Path = SHARED) -> ModuleType:
    """Import ``tools/kg_ner_eval.py`` from the shared folder."""
    path = shared / "tools" / "kg_ner_eval.py"
    spec = importlib.util.spec_from_file_location("kg_ner_eval", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def heldout_half(scorer: ModuleType, shared: pathlib.Path = SHARED) -> list[Sentence]:
    """Sentences [n//2, n) of People's Daily test: the fixed evaluation split."""
    sentences = scorer.read_corpus(str(shared / "benchmarks" / "ner" / HELDOUT_CORPUS))
    return sentences[len(sentences) // 2 :]


def write_bio(sentences: Sequence[Sentence], path: pathlib.Path) -> None:
    """A character-per-line BIO file the scorer can read back (gold of ``sentences``)."""
    lines: list[str] = []
    for text, spans in sentences:
        tags = ["O"] * len(text)
        for start, end, kind in spans:
            tags[start] = "B-" + LABELS[kind]
            for i in range(start + 1, end):
                tags[i] = "I-" + LABELS[kind]
        for char, tag in zip(text, tags, strict=True):
            lines.append(f"{char if char.strip() else '_'}\t{tag}")
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_predictions(
    sentences: Sequence[Sentence], tag: Callable[[str], list], path: pathlib.Path
) -> None:
    """Entity records (KG_RECORDS.md shape, one per mention) with ids as the scorer numbers them."""
    with path.open("w", encoding="utf-8") as handle:
        for i, (text, _) in enumerate(sentences):
            for m in tag(text):
                record = {
                    "kind": "entity",
                    "doc": f"s{i:06d}",
                    "name": m.text,
                    "type": m.type,
                    "mentions": [{"start": m.start, "end": m.end}],
                }
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def evaluate(
    sentences: Sequence[Sentence], tag: Callable[[str], list], scorer: ModuleType
) -> dict:
    """Official scorer result (per type P/R/F1 and ALL) plus tagging seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        gold, pred = pathlib.Path(tmp) / "gold.bio", pathlib.Path(tmp) / "pred.jsonl"
        write_bio(sentences, gold)
        started = time.perf_counter()
        write_predictions(sentences, tag, pred)
        seconds = time.perf_counter() - started
        result = scorer.score(str(gold), str(pred))
    result["seconds"] = round(seconds, 2)
    return result


def format_result(result: dict) -> str:
    rows = []
    for kind in ("Person", "Place", "Organization", "ALL"):
        v = result[kind]
        rows.append(
            f"{kind:13} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}"
            f"  ({v['tp']}/{v['pred']}/{v['gold']})"
        )
    rows.append(f"sentences: {result['sentences']}  tagging: {result['seconds']} s")
    return "\n".join(rows)


def _statistical_tagger(choice: str) -> Callable[[str], list]:
    """The taggers of ``KG_NER=choice`` (kg.recognize.ensemble) on one sentence."""
    os.environ["KG_NER"] = choice
    from kg.recognize import ensemble

    return ensemble.statistical_mentions


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model", help="model file, or several joined by os.pathsep (default: the shipped pair)"
    )
    parser.add_argument("--corpus", help="another corpus under benchmarks/ner, scored whole")
    parser.add_argument("--tagger", choices=("crf", "neural", "ensemble"), default="crf",
                        help="the statistical taggers to score (kg.recognize.ensemble)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.model:
        os.environ["KG_NER_MODEL"] = args.model
    sys.path.insert(0, str(ROOT))

    scorer = load_scorer()
    if args.corpus:
        sentences = scorer.read_corpus(str(SHARED / "benchmarks" / "ner" / args.corpus))
    else:
        sentences = heldout_half(scorer)
    result = evaluate(sentences, _statistical_tagger(args.tagger), scorer)
    print(json.dumps(result, ensure_ascii=False) if args.json else format_result(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The whole recognizer on MSRA's fixed split, as `kg extract` gives it, for each tagger.

    python benchmarks/recognizer_split.py                      # crf and ensemble, side by side
    python benchmarks/recognizer_split.py --tagger neural --json

The split is the last 4,500 sentences of ``../shared/benchmarks/ner/msra.train.bio`` (its
README fixes it; no model is trained on it). Each sentence is one document: it is extracted by
the `kg extract` pipeline (one process, ``KG_NER`` set per tagger in a subprocess so that each
run loads its own models) and the entity records are scored by ``../shared/tools/kg_ner_eval.py
score --flat``, as in ``benchmarks/ner_notes.md``. Run on demand, never as a test.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.ner_eval import SHARED, format_result, load_scorer  # noqa: E402

SPLIT_SIZE = 4_500
TAGGERS = ("crf", "ensemble", "neural")


def write_split(scorer, corpus: pathlib.Path, out_dir: pathlib.Path) -> tuple[str, str]:
    """The split as a BIO file (for the scorer) and as `kg extract` JSON Lines input."""
    sentences = scorer.read_corpus(str(corpus))[-SPLIT_SIZE:]
    bio, jsonl = out_dir / "split.bio", out_dir / "split.jsonl"
    with bio.open("w", encoding="utf-8") as b, jsonl.open("w", encoding="utf-8") as j:
        for i, (text, spans) in enumerate(sentences):
            tags = ["O"] * len(text)
            for start, end, kind in spans:
                label = {"Person": "PER", "Place": "LOC", "Organization": "ORG"}[kind]
                tags[start] = f"B-{label}"
                for k in range(start + 1, end):
                    tags[k] = f"I-{label}"
            b.write("".join(f"{c}\t{t}\n" for c, t in zip(text, tags, strict=True)) + "\n")
            j.write(json.dumps({"id": f"s{i:06d}", "text": text}, ensure_ascii=False) + "\n")
    return str(bio), str(jsonl)


def extract(jsonl: str, out: pathlib.Path, tagger: str) -> None:
    env = {**os.environ, "KG_NER": tagger, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-c", "from kg.cli import main; main()", "extract", "--workers", "1",
         jsonl, "--format", "jsonl", "-o", str(out)],
        check=True, env=env, stderr=subprocess.DEVNULL,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tagger", action="append", choices=TAGGERS,
                        help="repeatable; default: crf and ensemble")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    scorer = load_scorer(SHARED)
    corpus = SHARED / "benchmarks" / "ner" / "msra.train.bio"
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        bio, jsonl = write_split(scorer, corpus, pathlib.Path(tmp))
        for tagger in args.tagger or ["crf", "ensemble"]:
            out = pathlib.Path(tmp) / f"{tagger}.jsonl"
            started = time.perf_counter()
            extract(jsonl, out, tagger)
            results[tagger] = scorer.score(bio, str(out), flat=True)
            # Wall time of the whole extraction, models loading included: a rough guide only
            # (benchmarks/throughput.py measures speed side by side).
            results[tagger]["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        for tagger, result in results.items():
            print(f"== --tagger {tagger}")
            print(format_result(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

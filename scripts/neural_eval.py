"""Scoring, averaging and timing helpers of ``scripts/train_neural_ner.py`` (kept apart so that
the training script stays short)."""

from __future__ import annotations

import json
import os
import pathlib
import tempfile
import time
from collections.abc import Sequence

import numpy as np

from benchmarks.ner_eval import evaluate, load_scorer
from kg.recognize import neural
from kg.recognize.crf import chunks
from kg.records import Mention

Span = tuple[int, int, str]
Example = tuple[str, list[Span]]
SCORER_TO_LABEL = {"Person": "PER", "Place": "LOC", "Organization": "ORG"}


def dev_slice(train_set: Sequence[Example], size: int) -> tuple[list[Example], list[Example]]:
    """(training sentences, dev sentences): the last ``size`` training sentences are held out
    for choosing epochs and averaging, so the fixed split is not used for model selection.
    A contiguous tail, like the split itself (MSRA's sentences run in document order)."""
    if size <= 0:
        return list(train_set), []
    return list(train_set[:-size]), list(train_set[-size:])


def epoch_path(out: pathlib.Path, epoch: int) -> pathlib.Path:
    """Where one epoch's weights are kept (the temporary folder, not the package's data)."""
    return pathlib.Path(tempfile.gettempdir()) / f"{out.stem}.e{epoch}.npz"


def average(out: pathlib.Path, paths: Sequence[pathlib.Path]) -> None:
    """Write the mean of the weights of ``paths`` (same vocabularies) to ``out``."""
    loaded = [dict(np.load(p)) for p in paths]
    arrays = dict(loaded[0])
    for k, w in arrays.items():
        if w.dtype.kind == "f":
            mean = sum(d[k].astype(np.float32) for d in loaded) / len(loaded)
            arrays[k] = mean.astype(w.dtype)
    np.savez_compressed(out, **arrays)


def score_split(path: pathlib.Path, split: Sequence[Example]) -> dict:
    """The shared scorer's result for the model at ``path`` on ``split`` (runtime code)."""
    model = neural.Model(path)
    cache: dict[str, list] = {}
    texts = list(dict.fromkeys(t for t, _ in split))
    flat = [(ti, off, p) for ti, t in enumerate(texts) for off, p in chunks(t)]
    tagged = neural.tag_pieces([p for _, _, p in flat], model)
    for (ti, off, _), mentions in zip(flat, tagged, strict=True):
        cache.setdefault(texts[ti], []).extend(
            Mention(m.start + off, m.end + off, m.type, m.text, m.source, m.score)
            for m in mentions)
    heldout = [(t, {(s, e, k) for s, e, k in _to_types(spans)}) for t, spans in split]
    return evaluate(heldout, lambda text: cache.get(text, []), load_scorer())


def _to_types(spans: Sequence[Span]) -> list[tuple[int, int, str]]:
    types = {v: k for k, v in SCORER_TO_LABEL.items()}
    return [(s, e, types[k]) for s, e, k in spans]


def speed(path: pathlib.Path, limit: int, model: pathlib.Path) -> None:
    """chars/s of neural_mentions vs crf_mentions on the first ``limit`` characters of the
    ``text`` fields of a JSON Lines file, in one run (each warmed up on the first article)."""
    from kg.recognize.crf import crf_mentions

    texts: list[str] = []
    total = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"][: limit - total])
            total += len(texts[-1])
            if total >= limit:
                break
    os.environ["KG_NEURAL_MODEL"] = str(model)
    rates = {}
    for name, tag in (("neural", neural.neural_mentions), ("crf", crf_mentions)):
        tag(texts[0])
        started, cpu = time.perf_counter(), time.process_time()
        found = sum(len(tag(t)) for t in texts)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        rates[name] = total / cpu
        print(f"{name}: {total} characters in {seconds:.1f} s wall, {cpu:.1f} s CPU = "
              f"{rates[name]:.0f} chars per CPU second, {found} mentions", flush=True)
    print(f"neural / crf speed (CPU time): {rates['neural'] / rates['crf']:.2f}x")

"""Train the CRF entity tagger shipped as ``kg/recognize/data/ner.crfsuite``.

    python scripts/train_ner.py                       # the shipped model + split scores
    python scripts/train_ner.py --sample 8000 --drop c-4=,c+4= --out /tmp/a.crfsuite  # ablation
    python scripts/train_ner.py --data legacy         # the former PD + CLUENER pair
    python scripts/train_ner.py --out /tmp/g.crfsuite --grid 0.02:0.005,0.1:0.01   # c1:c2 grid
    python scripts/train_ner.py --cv-cluener 3 --out /tmp/cv.crfsuite   # CLUENER-only 3-fold CV

Training is single-threaded (crfsuite); expect 5-15 minutes per model on one core.

Training data (read from ``../shared/benchmarks/ner`` at run time, never copied), by default
(``--data msra-pd``, see ``scripts/ner_corpora.py``): ``msra.train.bio`` less its last 4,500
sentences, which are the fixed measurement split, plus People's Daily January 1998
(``pd1998-01.pos.txt``, entities derived from its nr/ns/nt tags and bracketed compounds, one
place per ns token as in the PD convention below), less every sentence equal to one of the split.
One model is trained on all features and scored on the split.

``--data legacy``: ``peoples_daily.dev.bio``, ``cluener.train.json`` and sentences [0, n//2) of
``peoples_daily.test.bio``; sentences [n//2, n) are held out for measurement.

People's Daily (PD) is the target convention: PER full names, LOC one place name per span
(湖北省, 武汉), ORG named bodies. CLUENER is reconciled to it:

* ``name`` -> PER; ``organization``, ``company``, ``government`` -> ORG;
* ``address`` spans are multi-level (北京市海淀区…路…号): they are cut into administrative
  components ending in a division suffix (省/市/县/区/镇/乡/村/街道…) or found in the cpca
  table, which become LOC; the street/number rest is O. A short suffix-less address (美国,
  南京) stays one LOC. A sentence whose address cannot be cut that way is dropped, because
  labelling it O would teach the model that places are not places;
* ``scene``, ``position``, ``book``, ``game``, ``movie`` are not entities of our types -> O;
* CLUENER marks places only where they are addresses, PD marks every place: unlabeled
  unambiguous place names (countries, continents, full cpca names, province/prefecture short
  names) outside any CLUENER span are labelled LOC;
* PD sentences are appended ``--pd-repeat`` times so that its convention dominates.

Two models are shipped and their mentions pooled by ``kg.recognize.crf``: ``ner_msra.crfsuite``
(the default run: a 50,000-sentence even sample of MSRA + PD1998, all features, 60 iterations)
and ``ner.crfsuite`` (``--data legacy --pd-out ''``: PD + CLUENER, base features: better on
names). The former second model ``ner_pd.crfsuite`` (PD alone, extended features; ``--data
legacy``) no longer improves the pool enough for its cost.

Measured on the MSRA split (CRF alone, ``--eval-only``; F1 ALL / Person / Place / Organization):
the legacy pair 0.804 / 0.842 / 0.824 / 0.718; a 12,000-sentence sample of MSRA + PD1998 (80
iterations) alone 0.737; 50,000 sentences (60 iterations) alone 0.785 / 0.834 / 0.806 / 0.676;
that model pooled with ner.crfsuite (shipped) 0.816 / 0.868 / 0.826 / 0.720; with both legacy
models 0.828 / 0.872 / 0.841 / 0.744, but kg extract is then about 1.6x slower.

MSRA alone (``--no-pd1998``) does better per sentence: an 8,000-sentence even sample (60
iterations) alone scores 0.782 / 0.822 / 0.800 / 0.699, as good as the 50,000-sentence mixed
model (ORG recall 0.673 vs 0.566): the PD1998-derived labels conflict with MSRA's conventions
(whole ORG spans, nested places). See benchmarks/ner_notes.md for the learning curve.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import os
import pathlib
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence

import pycrfsuite

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import ner_corpora  # noqa: E402

from benchmarks.ner_eval import (  # noqa: E402
    SHARED,
    evaluate,
    format_result,
    heldout_half,
    load_scorer,
)
from kg.recognize.features import (  # noqa: E402
    WORLD_PLACES,
    base_features,
    cpca_table_path,
    place_lexicon,
    sentence_features,
    short_place_name,
)

Span = tuple[int, int, str]  # start, end (exclusive), label PER/LOC/ORG
Example = tuple[str, list[Span]]

SCORER_TO_LABEL = {"Person": "PER", "Place": "LOC", "Organization": "ORG"}
CLUENER_LABELS = {"name": "PER", "organization": "ORG", "company": "ORG", "government": "ORG"}
# Division suffixes that end an administrative component of an address, longest first.
ADDRESS_SUFFIXES = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "开发区", "街道", "社区", "地区", "新区",
    "省", "市", "县", "区", "镇", "乡", "村", "州", "旗", "盟",
)
_MAX_COMPONENT = 8
_MAX_SHORT_ADDRESS = 4


def _is_cjk(text: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in text)


def _component_end(address: str, i: int) -> int:
    """End of the administrative component starting at ``i`` (0 when there is none).

    A cpca name (longest) wins; otherwise the shortest CJK piece of 3+ characters ending in a
    division suffix, so that one component never swallows two levels.
    """
    lexicon = place_lexicon()
    longest = min(_MAX_COMPONENT, len(address) - i)
    for length in range(longest, 1, -1):
        piece = address[i : i + length]
        if piece in lexicon and _is_cjk(piece):
            return i + length
    for length in range(3, longest + 1):
        piece = address[i : i + length]
        if not _is_cjk(piece):
            return 0
        if piece.endswith(ADDRESS_SUFFIXES):
            return i + length
    return 0


def split_address(address: str) -> list[tuple[int, int]] | None:
    """Administrative components of a CLUENER address, or None when it cannot be reconciled."""
    parts: list[tuple[int, int]] = []
    i = 0
    while i < len(address):
        end = _component_end(address, i)
        if end == 0:
            break  # the rest is a street, a number, a building: not a place of our kind
        parts.append((i, end))
        i = end
    if parts:
        return parts
    if len(address) <= _MAX_SHORT_ADDRESS and _is_cjk(address):
        return [(0, len(address))]
    return None


@functools.lru_cache(maxsize=1)
def unambiguous_places() -> frozenset[str]:
    """Place names that PD always labels LOC: countries/continents, full cpca names (湖北省,
    黔西县) and the short names of provinces and prefecture-level cities (湖北, 武汉)."""
    names = set(WORLD_PLACES)
    path = cpca_table_path()
    if path is not None:
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                name, adcode = row["name"], row["adcode"]
                if len(name) >= 3:
                    names.add(name)
                if adcode[4:] == "0" * (len(adcode) - 4) and len(short_place_name(name)) >= 2:
                    names.add(short_place_name(name))
    return frozenset(names)


def label_unmarked_places(text: str, spans: list[Span], occupied: list[tuple[int, int]]) -> int:
    """Add LOC spans for unambiguous place names CLUENER left unlabeled (it labels places only
    as addresses, PD labels every place); returns how many were added."""
    lexicon = unambiguous_places()
    taken = [False] * len(text)
    for start, end in occupied:
        for k in range(start, end):
            taken[k] = True
    added, i = 0, 0
    while i < len(text):
        for length in range(min(8, len(text) - i), 1, -1):
            if text[i : i + length] in lexicon:
                if not any(taken[i : i + length]):
                    spans.append((i, i + length, "LOC"))
                    added += 1
                i += length - 1
                break
        i += 1
    return added


def read_cluener(path: pathlib.Path, stats: Counter, augment: bool = True) -> list[Example]:
    """CLUENER sentences with labels mapped to the PD convention (see the module docstring)."""
    examples: list[Example] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        text: str = record["text"]
        spans: list[Span] = []
        occupied: list[tuple[int, int]] = []
        keep = True
        for label, mentions in (record.get("label") or {}).items():
            for ranges in mentions.values():
                for start, last in ranges:
                    occupied.append((start, last + 1))
                    if label in CLUENER_LABELS:
                        spans.append((start, last + 1, CLUENER_LABELS[label]))
                    elif label == "address":
                        parts = split_address(text[start : last + 1])
                        if parts is None:
                            keep = False
                        else:
                            spans += [(start + s, start + e, "LOC") for s, e in parts]
        if not keep:
            stats["cluener_dropped"] += 1
            continue
        if augment:
            stats["cluener_places_added"] += label_unmarked_places(text, spans, occupied)
        examples.append((text, _without_overlaps(spans, stats)))
    return examples


def _without_overlaps(spans: list[Span], stats: Counter) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and span[0] < kept[-1][1]:
            stats["overlap_dropped"] += 1
            continue
        kept.append(span)
    return kept


def from_scorer(sentences: Sequence[tuple[str, set]]) -> list[Example]:
    return [(t, sorted((s, e, SCORER_TO_LABEL[k]) for s, e, k in spans)) for t, spans in sentences]


def parse_grid(grid: str) -> list[tuple[float, float]]:
    """``"0.05:0.01,0.1:0.005"`` -> [(c1, c2), ...]."""
    pairs = []
    for item in grid.split(","):
        c1, _, c2 = item.partition(":")
        pairs.append((float(c1), float(c2)))
    return pairs


def train(
    examples: Sequence[Example],
    out: pathlib.Path,
    args: argparse.Namespace,
    repeats: Sequence[int] | None = None,
) -> list[pathlib.Path]:
    """Train one model per (c1, c2) of ``args.grid`` (or ``args.c1/c2``) on one feature pass.

    ``repeats[i]`` is how many times example i is appended (oversampling without recomputing
    its features). Returns the model paths; with a grid they are ``out`` + ``.c1_c2``.
    """
    trainer = pycrfsuite.Trainer(verbose=False)
    started = time.perf_counter()
    for index, (text, spans) in enumerate(examples):
        features, tags = sentence_features(text), ner_corpora.bioes_tags(len(text), spans)
        if args.base_features:
            features = base_features(features)
        if args.drop:
            dropped = tuple(args.drop.split(","))
            features = [[f for f in feats if not f.startswith(dropped)] for feats in features]
        for _ in range(repeats[index] if repeats else 1):
            trainer.append(features, tags)
    print(f"features: {time.perf_counter() - started:.0f} s for {len(examples)} sentences")
    grid = parse_grid(args.grid) if args.grid else [(args.c1, args.c2)]
    models = []
    for c1, c2 in grid:
        trainer.set_params(
            {
                "c1": c1,
                "c2": c2,
                "max_iterations": args.max_iter,
                "feature.minfreq": args.minfreq,
                "feature.possible_transitions": True,
            }
        )
        model = out if len(grid) == 1 else out.with_suffix(f".{c1}_{c2}")
        started = time.perf_counter()
        model.parent.mkdir(parents=True, exist_ok=True)
        trainer.train(str(model))
        # kg.recognize.crf.wide_features reads this: a base model's features cost a third less.
        features = "base" if args.base_features and not args.drop else "wide"
        model.with_name(model.name + ".json").write_text(
            json.dumps({"features": features, "trained_by": " ".join(sys.argv)}) + "\n",
            encoding="utf-8")
        size = model.stat().st_size / 1e6
        print(f"c1={c1} c2={c2}: trained in {time.perf_counter() - started:.0f} s -> {model} "
              f"({size:.1f} MB)", flush=True)
        models.append(model)
    return models


def _tagger_for(*models: pathlib.Path):
    """A sentence tagger over one model or the pooled mentions of several."""
    from kg.recognize.crf import tag_sentence

    taggers = []
    for model in models:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(model))
        taggers.append(tagger)
    return lambda text: tag_sentence(text, taggers)


def cross_validate(examples: list[Example], folds: int, args: argparse.Namespace) -> None:
    """K-fold CV (CLUENER only, mapped labels), scored by the shared scorer per fold."""
    scorer = load_scorer()
    order = list(range(len(examples)))
    random.Random(13).shuffle(order)
    totals: Counter = Counter()
    for fold in range(folds):
        test_ids = set(order[fold::folds])
        train_set = [ex for i, ex in enumerate(examples) if i not in test_ids]
        test_set = [
            (t, {(s, e, k) for s, e, k in _to_types(spans)})
            for i, (t, spans) in enumerate(examples)
            if i in test_ids
        ]
        model = pathlib.Path(args.out).with_suffix(f".fold{fold}")
        model = train(train_set, model, args)[0]
        result = evaluate(test_set, _tagger_for(model), scorer)
        print(f"fold {fold}\n{format_result(result)}")
        for kind in ("Person", "Place", "Organization", "ALL"):
            for key in ("tp", "pred", "gold"):
                totals[kind, key] += result[kind][key]
    for kind in ("Person", "Place", "Organization", "ALL"):
        tp, pred, gold = (totals[kind, k] for k in ("tp", "pred", "gold"))
        p, r = tp / max(pred, 1), tp / max(gold, 1)
        print(f"CV {kind:13} P {p:.3f}  R {r:.3f}  F1 {2 * p * r / max(p + r, 1e-9):.3f}")


def _to_types(spans: Sequence[Span]) -> list[tuple[int, int, str]]:
    types = {v: k for k, v in SCORER_TO_LABEL.items()}
    return [(s, e, types[k]) for s, e, k in spans]


def train_msra_pd(args: argparse.Namespace) -> int:
    """The default: one model on MSRA (less the split) + PD1998, scored on the split."""
    scorer = load_scorer()
    train_set, split = ner_corpora.msra(args.corpus_dir)
    if not args.no_pd1998:
        train_set += ner_corpora.pd1998(args.corpus_dir)
    train_set = ner_corpora.without(train_set, split)
    if args.sample and args.sample < len(train_set):
        step = len(train_set) / args.sample
        train_set = [train_set[int(k * step)] for k in range(args.sample)]
    heldout = [(t, set(_to_types(spans))) for t, spans in split]
    if args.out is None:
        args.out = ROOT / "kg" / "recognize" / "data" / "ner_msra.crfsuite"
    if args.eval_only:
        models = [pathlib.Path(p) for p in str(args.out).split(os.pathsep)]
    else:
        args.c1 = 0.1 if args.c1 is None else args.c1
        args.max_iter = args.max_iter or 60
        args.base_features = False
        print(f"training sentences: {len(train_set)} (split: {len(split)})", flush=True)
        models = [[m] for m in train(train_set, args.out, args)]
    for pair in models if not args.eval_only else [models]:
        result = evaluate(heldout, _tagger_for(*pair), scorer)
        print(f"{':'.join(map(str, pair))}: the MSRA split\n{format_result(result)}", flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-dir", type=pathlib.Path, default=SHARED / "benchmarks" / "ner")
    parser.add_argument(
        "--out", type=pathlib.Path, default=None,
        help="default data/ner_msra.crfsuite (legacy: data/ner.crfsuite)",
    )
    parser.add_argument(
        "--pd-out",
        default=str(ROOT / "kg" / "recognize" / "data" / "ner_pd.crfsuite"),
        help="also train the PD-only model here ('' to skip)",
    )
    parser.add_argument("--c1", type=float, default=None, help="default 0.1 (legacy 0.15)")
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--max-iter", type=int, default=None, help="default 60 (legacy 150)")
    parser.add_argument(
        "--extended-features", dest="base_features", action="store_false",
        help="train the main model on all features (it is shipped trained on the base set)",
    )
    parser.add_argument("--pd-c1", type=float, default=0.1)
    parser.add_argument("--pd-c2", type=float, default=0.01)
    parser.add_argument("--pd-max-iter", type=int, default=200)
    parser.add_argument("--minfreq", type=float, default=1)
    parser.add_argument("--grid", default="", help="c1:c2 pairs, comma-separated")
    parser.add_argument("--no-cluener", action="store_true", help="PD only (ablation)")
    parser.add_argument(
        "--pd-repeat", type=int, default=5, help="times each PD sentence is seen"
    )
    parser.add_argument("--no-augment", action="store_true", help="keep CLUENER places unlabeled")
    parser.add_argument(
        "--cluener-persons-only", action="store_true",
        help="only CLUENER sentences with a person: its names help, its unmarked places hurt",
    )
    parser.add_argument(
        "--cluener-fraction", type=float, default=1.0,
        help="use this evenly spaced fraction of the CLUENER sentences (lighter CLUENER weight)",
    )
    parser.add_argument("--cv-cluener", type=int, default=0, help="K-fold CV on CLUENER only")
    parser.add_argument("--data", choices=("msra-pd", "legacy"), default="msra-pd")
    parser.add_argument("--sample", type=int, default=50_000,
                        help="train on this many evenly spaced sentences (feature selection)")
    parser.add_argument("--no-pd1998", action="store_true", help="MSRA only (ablation)")
    parser.add_argument("--drop", default="", help="feature prefixes to leave out, comma-separated")
    parser.add_argument("--eval-only", action="store_true",
                        help="score the --out model(s) (os.pathsep-joined) on the split")
    args = parser.parse_args(argv)
    if args.data == "msra-pd":
        return train_msra_pd(args)

    scorer = load_scorer()
    stats: Counter = Counter()
    args.c1 = 0.15 if args.c1 is None else args.c1
    args.max_iter = args.max_iter or 150
    args.out = args.out or ROOT / "kg" / "recognize" / "data" / "ner.crfsuite"
    cluener = [] if args.no_cluener else read_cluener(
        args.corpus_dir / "cluener.train.json", stats, augment=not args.no_augment
    )
    if args.cv_cluener:
        cross_validate(cluener, args.cv_cluener, args)
        return 0
    if args.cluener_persons_only:
        cluener = [ex for ex in cluener if any(label == "PER" for _, _, label in ex[1])]
    if args.cluener_fraction < 1.0:
        step = 1 / max(args.cluener_fraction, 1e-6)
        cluener = [cluener[int(k * step)] for k in range(int(len(cluener) / step))]
    pd_dev = from_scorer(scorer.read_corpus(str(args.corpus_dir / "peoples_daily.dev.bio")))
    pd_test = scorer.read_corpus(str(args.corpus_dir / "peoples_daily.test.bio"))
    pd_train = from_scorer(pd_test[: len(pd_test) // 2])
    examples = pd_dev + pd_train + cluener
    repeats = [args.pd_repeat] * (len(pd_dev) + len(pd_train)) + [1] * len(cluener)
    print(f"training sentences: PD dev {len(pd_dev)}, PD test first half {len(pd_train)} "
          f"(each x{args.pd_repeat}), CLUENER {len(cluener)}; {dict(stats)}", flush=True)
    heldout = heldout_half(scorer)
    models = train(examples, args.out, args, repeats)
    for model in models:
        result = evaluate(heldout, _tagger_for(model), scorer)
        print(f"{model}: held-out half of peoples_daily.test.bio\n{format_result(result)}",
              flush=True)
    if args.pd_out and len(models) == 1 and not args.no_cluener:
        # The second shipped model: PD alone, pooled with the first by kg.recognize.crf.
        pd_args = argparse.Namespace(**{**vars(args), "base_features": False, "grid": "",
                                        "c1": args.pd_c1, "c2": args.pd_c2,
                                        "max_iter": args.pd_max_iter})
        pd_model = train(pd_dev + pd_train, pathlib.Path(args.pd_out), pd_args)[0]
        for label, pair in (("PD-only model", (pd_model,)), ("pooled pair", (models[0], pd_model))):
            result = evaluate(heldout, _tagger_for(*pair), scorer)
            print(f"{label}: held-out half\n{format_result(result)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

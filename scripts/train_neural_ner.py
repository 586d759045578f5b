"""Train the neural character tagger shipped as ``kg/recognize/data/ner_neural.npz``.

    pip install -e '.[train]'                              # JAX (CPU), training only
    nice -n 10 python scripts/train_neural_ner.py          # the shipped model + split scores
    python scripts/train_neural_ner.py --epochs 3 --sample 8000 --out /tmp/n.npz   # a quick one
    python scripts/train_neural_ner.py --no-bigrams --out /tmp/nb.npz              # an ablation
    python scripts/train_neural_ner.py --dev 2000 --average 1 --out /tmp/d.npz     # dev slice
    python scripts/train_neural_ner.py --speed ../shared/raw/cctv-2022-2023.jsonl  # vs the CRF
    python scripts/train_neural_ner.py --augment-names 1 --out /tmp/a.npz  # copies, new names

Training data (read from ``../shared/benchmarks/ner`` at run time, never copied): ``msra.train.bio``
less its last 4,500 sentences (the fixed measurement split) and less every sentence equal to one
of the split (``scripts/ner_corpora.py``). Sentences are cut into the pieces the runtime tags
(:func:`kg.recognize.crf.chunks`); a piece an entity crosses is dropped. PD1998 labels are not
used (they hurt on this split, see benchmarks/ner_notes.md).

The model (see :mod:`kg.recognize.neural`): character, bigram, jieba word-position/POS and
lexicon-membership (place, world place, organization suffix, surname) embeddings -> one-layer
BiLSTM -> CRF over BIOES tags with illegal transitions forbidden, trained with Adam on the CRF
log-likelihood. After every epoch the weights are exported and the numpy
forward pass of ``kg.recognize.neural`` scores the split with the shared scorer, so the numbers
printed are those of the runtime code. ``--out`` gets the mean of the last ``--average`` epochs'
weights (the defaults reproduce the shipped model: lexicon inputs of 8, 4 epochs, dropout 0.5,
mean of epochs 2-4 as chosen on a 2,000-sentence dev slice (``--dev``), float16; see
benchmarks/ner_notes.md for its split scores).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import sys
import time
from collections import Counter
from collections.abc import Sequence

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import name_augment  # noqa: E402
import ner_corpora  # noqa: E402
import neural_eval  # noqa: E402

from benchmarks.ner_eval import SHARED, format_result  # noqa: E402
from kg.recognize import neural  # noqa: E402
from kg.recognize.crf import chunks  # noqa: E402

Span = tuple[int, int, str]
Example = tuple[str, list[Span]]
TAG_INDEX = {t: i for i, t in enumerate(neural.TAGS)}
# The sentence of the forward-pass reference (written for the test, from no corpus).
REFERENCE_TEXT = "王小明昨天在杭州见到了2位来自美国绿叶公司的朋友。"
BUCKETS = (16, 32, 48, 64, 96, 128, 160, 256, 640)
# The lexicon inputs of the shipped model (the neural.LEXICON_SIZES keys before the
# dictionary-word inputs, which measured no gain).
SHIPPED_LEXICON = ("place", "world", "org", "orgword", "sur")


def pieces(examples: Sequence[Example]) -> list[Example]:
    """The runtime's pieces of each sentence, with the spans inside them."""
    out: list[Example] = []
    for text, spans in examples:
        for offset, piece in chunks(text):
            end = offset + len(piece)
            if any(s < offset < e or s < end < e for s, e, _ in spans):
                continue
            inside = [(s - offset, e - offset, k) for s, e, k in spans if offset <= s and e <= end]
            out.append((piece, inside))
    return out


def bioes(n: int, spans: Sequence[Span]) -> list[int]:
    return [TAG_INDEX[t] for t in ner_corpora.bioes_tags(n, spans)]


def vocabularies(examples: Sequence[Example], args: argparse.Namespace) -> dict[str, list[str]]:
    chars: Counter = Counter()
    bigrams: Counter = Counter()
    pos: Counter = Counter()
    for text, _ in examples:
        norm = [neural.BOS, *(neural.normalize(c) for c in text), neural.EOS]
        chars.update(norm[1:-1])
        bigrams.update(norm[i] + norm[i + 1] for i in range(len(norm) - 1))
        pos.update(neural.seg_pos(text)[1])
    head = ["<pad>", "<unk>"]
    return {
        "char_vocab": head + [c for c, n in chars.most_common() if n >= args.min_char],
        "bigram_vocab": head + [b for b, n in bigrams.most_common(args.max_bigrams)
                                if n >= args.min_bigram],
        "pos_vocab": head + [p for p, _ in pos.most_common()],
    }


def encode_all(examples: Sequence[Example], model: neural.Model) -> list[tuple[np.ndarray, ...]]:
    return [(*model.encode(text), np.array(bioes(len(text), spans))) for text, spans in examples]


def batches(
    encoded: Sequence[tuple[np.ndarray, ...]], budget: int, rng: np.random.Generator
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(ids (inputs + tags, B, T), lengths (B,), weights (B,)) batches of similar length,
    shuffled; the gold tags are the last row of ids."""
    by_bucket: dict[int, list[int]] = {}
    for i, e in enumerate(encoded):
        size = next((b for b in BUCKETS if b >= len(e[0])), BUCKETS[-1])
        by_bucket.setdefault(size, []).append(i)
    out = []
    rows = len(encoded[0])
    for size, members in by_bucket.items():
        rng.shuffle(members)
        per = max(1, budget // size)
        for k in range(0, len(members), per):
            group = members[k : k + per]
            ids = np.zeros((rows, per, size), dtype=np.int32)
            lengths = np.zeros(per, dtype=np.int32)
            weights = np.zeros(per, dtype=np.float32)
            for row, i in enumerate(group):
                n = min(len(encoded[i][0]), size)
                for f in range(rows):
                    ids[f, row, :n] = encoded[i][f][:n]
                lengths[row], weights[row] = n, 1.0
            out.append((ids, lengths, weights))
    order = rng.permutation(len(out))
    return [out[i] for i in order]


def allowed_transitions() -> np.ndarray:
    """(from, to) legality of BIOES tag pairs, plus start/end legality."""
    n = len(neural.TAGS)
    ok = np.zeros((n, n), dtype=bool)
    for a, ta in enumerate(neural.TAGS):
        for b, tb in enumerate(neural.TAGS):
            ha, _, ka = ta.partition("-")
            hb, _, kb = tb.partition("-")
            if ha in ("O", "E", "S"):
                ok[a, b] = hb in ("O", "B", "S")
            else:  # B or I: must continue the same type
                ok[a, b] = hb in ("I", "E") and ka == kb
    start = np.array([t.partition("-")[0] in ("O", "B", "S") for t in neural.TAGS])
    end = np.array([t.partition("-")[0] in ("O", "E", "S") for t in neural.TAGS])
    return ok, start, end


def build(args: argparse.Namespace, sizes: dict[str, int]):
    import jax
    import jax.numpy as jnp

    ok, ok_start, ok_end = allowed_transitions()
    forbid = jnp.asarray(np.where(ok, 0.0, -1e4), dtype=jnp.float32)
    forbid_start = jnp.asarray(np.where(ok_start, 0.0, -1e4), dtype=jnp.float32)
    forbid_end = jnp.asarray(np.where(ok_end, 0.0, -1e4), dtype=jnp.float32)
    ntags = len(neural.TAGS)
    hidden = args.hidden
    dims = {"char_emb": args.char_dim, "bigram_emb": args.bigram_dim,
            "seg_emb": args.seg_dim, "pos_emb": args.pos_dim}
    # The runtime's input order (neural.Model.tables): lexicon tables only when enabled.
    tables = list(neural.BASE_TABLES)
    if args.lex_dim:
        for name in neural.LEXICON_SIZES:
            if name not in args.lexicon:
                continue
            dims[f"lex_{name}_emb"] = args.lex_dim
            tables.append(f"lex_{name}_emb")
    din = sum(dims[t] for t in tables)

    def init(key):
        # 16 keys as before the lexicon tables existed (the same init without them); the
        # lexicon tables draw from keys folded from the seed.
        keys = iter(jax.random.split(key, 16))
        p = {}
        for n, (name, dim) in enumerate(dims.items()):
            vocab = sizes[name]
            sub = next(keys) if n < 4 else jax.random.fold_in(key, 100 + n)
            table = jax.random.normal(sub, (vocab, dim)) * 0.1
            p[name] = table.at[0].set(0.0)
        for d in ("fw", "bw"):
            scale = 1.0 / np.sqrt(hidden)
            p[f"{d}_wx"] = jax.random.uniform(next(keys), (din, 4 * hidden), minval=-scale,
                                              maxval=scale)
            p[f"{d}_wh"] = jax.random.uniform(next(keys), (hidden, 4 * hidden), minval=-scale,
                                              maxval=scale)
            # Gate order i, f, o, g; forget bias 1.
            p[f"{d}_b"] = jnp.zeros(4 * hidden).at[hidden : 2 * hidden].set(1.0)
        p["out_w"] = jax.random.normal(next(keys), (2 * hidden, ntags)) * 0.05
        p["out_b"] = jnp.zeros(ntags)
        p["trans"] = jnp.zeros((ntags, ntags))
        p["start"] = jnp.zeros(ntags)
        p["end"] = jnp.zeros(ntags)
        return p

    def lstm(p, d, x):
        gx = x @ p[f"{d}_wx"] + p[f"{d}_b"]
        batch = x.shape[0]

        def step(carry, g):
            h, c = carry
            g = g + h @ p[f"{d}_wh"]
            i = jax.nn.sigmoid(g[:, :hidden])
            f = jax.nn.sigmoid(g[:, hidden : 2 * hidden])
            o = jax.nn.sigmoid(g[:, 2 * hidden : 3 * hidden])
            c = f * c + i * jnp.tanh(g[:, 3 * hidden :])
            h = o * jnp.tanh(c)
            return (h, c), h

        zeros = jnp.zeros((batch, hidden))
        _, hs = jax.lax.scan(step, (zeros, zeros), jnp.swapaxes(gx, 0, 1))
        return jnp.swapaxes(hs, 0, 1)

    frozen = set(getattr(args, "freeze", ()))

    def emissions(p, ids, lengths, key, train):
        k1, k2, k3 = jax.random.split(key, 3)
        if train and getattr(args, "unk_dropout", 0.0) > 0:
            # Character and bigram ids (rows 0-2) replaced by "unknown" at random, so that the
            # tagger cannot lean on memorized strings alone (names of the test are often new).
            drop = jax.random.bernoulli(k3, args.unk_dropout, ids[:3].shape) & (ids[:3] > 0)
            ids = ids.at[:3].set(jnp.where(drop, 1, ids[:3]))
        # Frozen tables (--freeze) keep their pretrained values: no gradient flows into them.
        x = jnp.concatenate(
            [jax.lax.stop_gradient(p[t][ids[k]]) if t in frozen else p[t][ids[k]]
             for k, t in enumerate(tables)], axis=-1)
        if train:
            x = x * jax.random.bernoulli(k1, 1 - args.dropout, x.shape) / (1 - args.dropout)
        steps = ids.shape[2]
        t = jnp.arange(steps)[None, :]
        n = lengths[:, None]
        rev = jnp.where(t < n, n - 1 - t, t)
        rows = jnp.arange(ids.shape[1])[:, None]
        fw = lstm(p, "fw", x)
        bw = lstm(p, "bw", x[rows, rev])[rows, rev]
        h = jnp.concatenate([fw, bw], axis=-1)
        if train:
            h = h * jax.random.bernoulli(k2, 1 - args.dropout_out, h.shape) / (
                1 - args.dropout_out)
        return h @ p["out_w"] + p["out_b"]

    def crf_nll(p, e, tags, lengths):
        trans = p["trans"] + forbid
        start = p["start"] + forbid_start
        end = p["end"] + forbid_end
        steps = e.shape[1]
        mask = (jnp.arange(steps)[None, :] < lengths[:, None]).astype(jnp.float32)
        gold_e = jnp.take_along_axis(e, tags[..., None], axis=2)[..., 0]
        gold_t = trans[tags[:, :-1], tags[:, 1:]]
        last = jnp.take_along_axis(tags, jnp.maximum(lengths - 1, 0)[:, None], axis=1)[:, 0]
        gold = (start[tags[:, 0]] + (gold_e * mask).sum(1) + (gold_t * mask[:, 1:]).sum(1)
                + end[last])
        alpha0 = start[None, :] + e[:, 0]

        def step(alpha, inputs):
            et, mt = inputs
            new = jax.nn.logsumexp(alpha[:, :, None] + trans[None], axis=1) + et
            return jnp.where(mt[:, None] > 0, new, alpha), None

        alpha, _ = jax.lax.scan(
            step, alpha0, (jnp.swapaxes(e[:, 1:], 0, 1), jnp.swapaxes(mask[:, 1:], 0, 1)))
        logz = jax.nn.logsumexp(alpha + end[None, :], axis=1)
        return logz - gold

    def loss(p, ids, lengths, weights, key):
        e = emissions(p, ids, lengths, key, True)
        nll = crf_nll(p, e, ids[-1], lengths)
        return (nll * weights).sum() / jnp.maximum(weights.sum(), 1.0)

    grad = jax.value_and_grad(loss)

    @jax.jit
    def update(p, m, v, step, ids, lengths, weights, key, lr):
        value, g = grad(p, ids, lengths, weights, key)
        norm = jnp.sqrt(sum(jnp.sum(x * x) for x in jax.tree_util.tree_leaves(g)))
        scale = jnp.minimum(1.0, args.clip / (norm + 1e-6))
        g = jax.tree_util.tree_map(lambda x: x * scale, g)
        b1, b2 = 0.9, 0.999
        m = jax.tree_util.tree_map(lambda a, b: b1 * a + (1 - b1) * b, m, g)
        v = jax.tree_util.tree_map(lambda a, b: b2 * a + (1 - b2) * b * b, v, g)
        corr = jnp.sqrt(1 - b2**step) / (1 - b1**step)
        p = jax.tree_util.tree_map(
            lambda w, a, b: w - lr * corr * a / (jnp.sqrt(b) + 1e-8), p, m, v)
        return p, m, v, value

    def export(p) -> dict[str, np.ndarray]:
        out = {k: np.asarray(v, dtype=np.float32) for k, v in p.items()}
        out["trans"] = out["trans"] + np.asarray(forbid)
        out["start"] = out["start"] + np.asarray(forbid_start)
        out["end"] = out["end"] + np.asarray(forbid_end)
        return out

    return init, update, export, emissions


def write_reference(path: pathlib.Path, text: str) -> None:
    """A tiny random model plus the JAX emissions and Viterbi tags of ``text`` under it: the
    fixture of tests/unit/recognize/test_neural.py (numpy forward pass == JAX forward pass)."""
    import jax

    args = argparse.Namespace(hidden=5, char_dim=4, bigram_dim=3, seg_dim=2, pos_dim=2,
                              lex_dim=2, lexicon=tuple(neural.LEXICON_SIZES), dropout=0.0,
                              dropout_out=0.0, clip=5.0)
    vocab = vocabularies([(text[: len(text) // 2], [])],
                         argparse.Namespace(min_char=1, min_bigram=1, max_bigrams=100))
    init, _, export, emissions = build(args, table_sizes(vocab))
    key = jax.random.PRNGKey(7)
    params = init(key)
    # Non-trivial biases, output and transitions (they start at zero).
    for name in ("fw_b", "bw_b", "out_b", "trans", "start", "end"):
        key, sub = jax.random.split(key)
        params[name] = params[name] + jax.random.normal(sub, params[name].shape)
    save(path, export(params), vocab, False)
    model = neural.Model(path)
    encoded = model.encode(text)
    assert len(encoded) == len(model.tables) == 5 + len(neural.LEXICON_SIZES)
    ids = np.zeros((len(encoded) + 1, 1, len(text)), dtype=np.int32)
    for f, row in enumerate(encoded):
        ids[f, 0] = row
    e = np.asarray(emissions(params, ids, np.array([len(text)]), key, False))[0]
    weights = export(params)
    tags = neural.viterbi(e, weights["trans"], weights["start"], weights["end"])
    arrays = dict(np.load(path))
    arrays["ref_text"] = np.array(text)
    arrays["ref_emissions"] = e.astype(np.float32)
    arrays["ref_tags"] = np.array(tags)
    np.savez_compressed(path, **arrays)
    print(f"reference of {len(text)} characters -> {path}")


def table_sizes(vocab: dict[str, list[str]]) -> dict[str, int]:
    sizes = {"char_emb": len(vocab["char_vocab"]), "bigram_emb": len(vocab["bigram_vocab"]),
             "seg_emb": 5, "pos_emb": len(vocab["pos_vocab"])}
    sizes.update({f"lex_{k}_emb": n for k, n in neural.LEXICON_SIZES.items()})
    return sizes


def save(path: pathlib.Path, weights: dict[str, np.ndarray], vocab: dict[str, list[str]],
         float16: bool) -> None:
    arrays: dict[str, np.ndarray] = {}
    for k, w in weights.items():
        arrays[k] = w.astype(np.float16) if float16 and w.ndim == 2 and k != "trans" else w
    for k, words in vocab.items():
        arrays[k] = np.array(words)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)


def report(path: pathlib.Path, what: str, split: Sequence[Example],
           dev: Sequence[Example]) -> None:
    """Print the scores of the model at ``path`` on the dev slice (if any) and the split."""
    for name, sentences in (("the dev slice", dev), ("the MSRA split", split)):
        if sentences:
            result = neural_eval.score_split(path, sentences)
            print(f"{what} on {name}\n{format_result(result)}", flush=True)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-dir", type=pathlib.Path, default=SHARED / "benchmarks" / "ner")
    parser.add_argument("--out", type=pathlib.Path, default=neural.MODEL_PATH)
    parser.add_argument("--sample", type=int, default=0, help="evenly spaced training sentences")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--lr-decay", type=float, default=0.8, help="per epoch")
    parser.add_argument("--budget", type=int, default=2048, help="characters per batch")
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--char-dim", type=int, default=100)
    parser.add_argument("--bigram-dim", type=int, default=50)
    parser.add_argument("--seg-dim", type=int, default=16)
    parser.add_argument("--pos-dim", type=int, default=16)
    parser.add_argument("--no-bigrams", action="store_true")
    parser.add_argument("--no-seg", action="store_true", help="no jieba position/POS embeddings")
    parser.add_argument("--lex-dim", type=int, default=8,
                        help="size of each lexicon-membership embedding (neural.lexicon_codes;"
                             " 0: none, the model before 2026-12-04)")
    parser.add_argument("--lexicon", type=lambda v: tuple(v.split(",")),
                        default=SHIPPED_LEXICON,
                        help="comma-separated lexicon inputs of neural.LEXICON_SIZES (default: "
                             + ",".join(SHIPPED_LEXICON) + "; the dictionary-word inputs"
                             " wbegin,winside,wend did not gain, benchmarks/ner_notes.md)")
    parser.add_argument("--freeze", nargs="*", default=[], choices=["char_emb", "bigram_emb"],
                        help="keep these (pretrained) tables fixed while training")
    parser.add_argument("--unk-dropout", type=float, default=0.0,
                        help="replace character/bigram ids by unknown with this probability")
    parser.add_argument("--dev", type=int, default=0,
                        help="hold out the last N training sentences as a dev set, scored too")
    parser.add_argument("--min-char", type=int, default=2)
    parser.add_argument("--min-bigram", type=int, default=3)
    parser.add_argument("--max-bigrams", type=int, default=80_000)
    parser.add_argument("--augment-names", type=float, default=0.0,
                        help="add copies of this fraction of the sentences with person names, "
                        "the names replaced by new ones (scripts/name_augment.py)")
    parser.add_argument("--whole-given-names", action="store_true",
                        help="new names recombine a surname with a whole training given name")
    parser.add_argument("--dropout", type=float, default=0.5)
    parser.add_argument("--dropout-out", type=float, default=0.5)
    parser.add_argument("--clip", type=float, default=5.0)
    parser.add_argument("--no-pretrain", dest="pretrain", action="store_false",
                        help="random char/bigram tables (default: PPMI-SVD pretrained on ../shared"
                             " unlabeled text, scripts/pretrain_embeddings.py)")
    parser.add_argument("--pretrain-scale", type=float, default=0.1,
                        help="standard deviation of the pretrained tables")
    parser.add_argument("--float32", dest="float16", action="store_false",
                        help="store matrices as float32 (default float16: the same F1)")
    parser.add_argument("--eval-every", type=int, default=1, help="score the split every N epochs")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--average", type=int, default=3,
                        help="ship the mean weights of the last N epochs (implies --keep-epochs)")
    parser.add_argument("--keep-epochs", action="store_true",
                        help="also keep each epoch's weights as TMPDIR/OUTSTEM.eN.npz")
    parser.add_argument("--write-reference", type=pathlib.Path, default=None,
                        help="only write the tiny reference model of the unit tests here")
    parser.add_argument("--speed", type=pathlib.Path, default=None,
                        help="only time neural vs CRF tagging of this JSON Lines file's texts")
    parser.add_argument("--speed-chars", type=int, default=200_000)
    args = parser.parse_args(argv)
    unknown = sorted(set(args.lexicon) - set(neural.LEXICON_SIZES))
    if unknown:
        parser.error(f"--lexicon: unknown input(s) {', '.join(unknown)}; known: "
                     + ",".join(neural.LEXICON_SIZES))
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.speed:
        neural_eval.speed(args.speed, args.speed_chars, args.out)
        return 0
    if args.write_reference:
        write_reference(args.write_reference, REFERENCE_TEXT)
        return 0
    if args.no_bigrams:
        args.bigram_dim = 0
    args.keep_epochs = args.keep_epochs or args.average > 1
    if args.no_seg:
        args.seg_dim = args.pos_dim = 0

    started = time.perf_counter()
    train_set, split = ner_corpora.msra(args.corpus_dir)
    train_set = ner_corpora.without(train_set, split)
    train_set, dev = neural_eval.dev_slice(train_set, args.dev)
    if args.sample and args.sample < len(train_set):
        step = len(train_set) / args.sample
        train_set = [train_set[int(k * step)] for k in range(args.sample)]
    train_pieces = [ex for ex in pieces(train_set) if ex[0].strip()]
    vocab = vocabularies(train_pieces, args)
    if args.augment_names:
        # After the vocabularies: the new names' characters and bigrams must not enter them
        # (at run time an unseen name's bigrams are unknown too).
        extra = name_augment.augmented(train_set, args.augment_names, seed=args.seed,
                                       whole_given=args.whole_given_names)
        train_pieces += [ex for ex in pieces(extra) if ex[0].strip()]
        print(f"name replacement: {len(extra)} sentence copies with new names", flush=True)
    print(f"kg from {neural.__file__}; dev sentences: {len(dev)}", flush=True)
    print(f"training sentences: {len(train_set)} ({len(train_pieces)} pieces); vocab "
          + ", ".join(f"{k} {len(v)}" for k, v in vocab.items()), flush=True)

    import jax

    init, update, export, _ = build(args, table_sizes(vocab))
    params = init(jax.random.PRNGKey(args.seed))
    if args.pretrain:
        import jax.numpy as jnp
        import pretrain_embeddings

        t0 = time.perf_counter()
        # The dev slice is left out of the unlabeled text too, like the split.
        texts = pretrain_embeddings.unlabeled_texts(args.corpus_dir, train_set, [*split, *dev])
        chars, bigrams = pretrain_embeddings.pretrained_tables(
            texts, vocab["char_vocab"], vocab["bigram_vocab"], args.char_dim, args.bigram_dim,
            args.pretrain_scale)
        params["char_emb"] = jnp.asarray(chars)
        if bigrams is not None:
            params["bigram_emb"] = jnp.asarray(bigrams)
        print(f"pretrained embeddings on {len(texts)} lines "
              f"({sum(map(len, texts))} characters) in {time.perf_counter() - t0:.0f} s",
              flush=True)
    # The encoder of the runtime module, on a file holding the vocabularies.
    save(args.out, export(params), vocab, False)
    encoded = encode_all(train_pieces, neural.Model(args.out))
    print(f"encoded in {time.perf_counter() - started:.0f} s", flush=True)
    m = jax.tree_util.tree_map(lambda x: x * 0, params)
    v = jax.tree_util.tree_map(lambda x: x * 0, params)
    rng = np.random.default_rng(args.seed)
    key = jax.random.PRNGKey(args.seed + 1)
    step = 0
    for epoch in range(1, args.epochs + 1):
        epoch_start = time.perf_counter()
        lr = args.lr * args.lr_decay ** (epoch - 1)
        total, count = 0.0, 0
        for ids, lengths, weights in batches(encoded, args.budget, rng):
            step += 1
            key, sub = jax.random.split(key)
            params, m, v, value = update(params, m, v, step, ids, lengths, weights, sub, lr)
            total += float(value) * float(weights.sum())
            count += int(weights.sum())
        train_s = time.perf_counter() - epoch_start
        print(f"epoch {epoch}: loss {total / max(count, 1):.3f}, {train_s:.0f} s "
              f"(lr {lr:.5f})", flush=True)
        save(args.out, export(params), vocab, args.float16)
        if args.keep_epochs:
            shutil.copyfile(args.out, neural_eval.epoch_path(args.out, epoch))
        if epoch % args.eval_every == 0 or epoch == args.epochs:
            report(args.out, f"epoch {epoch}", split, dev)
    if args.average > 1:
        neural_eval.average(args.out, [
            neural_eval.epoch_path(args.out, e)
            for e in range(args.epochs - args.average + 1, args.epochs + 1)])
        report(args.out, f"average of the last {args.average} epochs", split, dev)
    size = args.out.stat().st_size / 1e6
    print(f"total {time.perf_counter() - started:.0f} s -> {args.out} ({size:.1f} MB)")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    sys.exit(main())

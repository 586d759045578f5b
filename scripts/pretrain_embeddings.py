"""Character and bigram embeddings pretrained on unlabeled ../shared text (train_neural_ner.py).

PPMI + truncated SVD (the count-based equivalent of skip-gram with negative sampling, Levy &
Goldberg 2014): co-occurrence counts of each character (and each bigram) with the characters
around it (window 2, weights 1 and 1/2), positive PMI with context-distribution smoothing 0.75,
then the top singular vectors scaled by the square root of their singular values. Deterministic
and a few seconds on ~8M characters, no training library needed.

Unlabeled text (read at run time from ../shared, never copied): the ``text`` of
``raw/cctv-2022-2023.jsonl``, the PD1998 January text without its tags, the CLUENER train texts
without labels, and the MSRA training sentences; every sentence equal to one of the fixed split's
sentences is removed (``peoples_daily.{dev,test}.bio`` are not used: they overlap the split).
"""

from __future__ import annotations

import json
import pathlib
from collections.abc import Sequence

import ner_corpora
import numpy as np

from kg.recognize import neural

Example = tuple[str, list[tuple[int, int, str]]]


def unlabeled_texts(corpus_dir: pathlib.Path, train_set: Sequence[Example],
                    split: Sequence[Example]) -> list[str]:
    """The pretraining lines (see the module docstring), minus the split's sentences."""
    shared = corpus_dir.parents[1]
    held = {text for text, _ in split}
    texts = [text for text, _ in train_set]
    texts += [t for t, _ in ner_corpora.without(ner_corpora.pd1998(corpus_dir), split)]
    for name in (shared / "raw" / "cctv-2022-2023.jsonl", corpus_dir / "cluener.train.json"):
        with name.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    texts.extend(t for t in json.loads(line)["text"].splitlines() if t.strip())
    return [t for t in texts if t not in held]


def _ppmi(rows: np.ndarray, cols: np.ndarray, weights: np.ndarray, shape: tuple[int, int]):
    from scipy import sparse

    counts = sparse.coo_matrix((weights, (rows, cols)), shape=shape).tocsr()
    counts.sum_duplicates()
    row_sum = np.asarray(counts.sum(1)).ravel()
    col = np.asarray(counts.sum(0)).ravel() ** 0.75
    coo = counts.tocoo()
    pmi = np.log(coo.data * col.sum() / (row_sum[coo.row] * col[coo.col]))
    keep = pmi > 0
    return sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=shape)


def _svd(matrix, dim: int, scale: float) -> np.ndarray:
    from scipy.sparse.linalg import svds

    u, s, _ = svds(matrix, k=dim, random_state=0)
    emb = u * np.sqrt(s)[None, :]
    return (emb / (emb.std() + 1e-12) * scale).astype(np.float32)


def pretrained_tables(texts: Sequence[str], char_vocab: Sequence[str],
                      bigram_vocab: Sequence[str], char_dim: int, bigram_dim: int,
                      scale: float = 0.1) -> tuple[np.ndarray, np.ndarray | None]:
    """(char table, bigram table) aligned with the vocabularies (rows 0-1, pad/unk, zero)."""
    char_id = {c: i for i, c in enumerate(char_vocab) if i >= 2}
    bigram_id = {b: i for i, b in enumerate(bigram_vocab) if i >= 2}
    ctx_id = dict(char_id)
    ctx_id[neural.BOS] = len(char_vocab)
    ctx_id[neural.EOS] = len(char_vocab) + 1
    seq: list[str] = []
    for text in texts:
        seq += [neural.BOS, neural.BOS, *(neural.normalize(c) for c in text), neural.EOS,
                neural.EOS]
    ctx = np.array([ctx_id.get(c, -1) for c in seq], dtype=np.int64)
    tgt = np.array([char_id.get(c, -1) for c in seq], dtype=np.int64)
    n = len(seq)
    rows, cols, weights = [], [], []
    for d, w in ((1, 1.0), (2, 0.5)):
        for a, b in ((slice(0, n - d), slice(d, n)), (slice(d, n), slice(0, n - d))):
            ok = (tgt[a] >= 0) & (ctx[b] >= 0)
            rows.append(tgt[a][ok])
            cols.append(ctx[b][ok])
            weights.append(np.full(int(ok.sum()), w, dtype=np.float64))
    shape = (len(char_vocab), len(char_vocab) + 2)
    chars = _svd(_ppmi(np.concatenate(rows), np.concatenate(cols), np.concatenate(weights),
                       shape), char_dim, scale)
    chars[:2] = 0.0
    if not bigram_dim:
        return chars, None
    big = np.array([bigram_id.get(seq[i] + seq[i + 1], -1) for i in range(n - 1)] + [-1],
                   dtype=np.int64)
    rows, cols, weights = [], [], []
    # Bigram at (i, i+1): contexts i-2, i-1 (before) and i+2, i+3 (after), offset-specific.
    for d, w, side in ((1, 1.0, 0), (2, 0.5, 1), (2, 1.0, 2), (3, 0.5, 3)):
        if side < 2:
            a, b = slice(d, n), slice(0, n - d)
        else:
            a, b = slice(0, n - d), slice(d, n)
        ok = (big[a] >= 0) & (ctx[b] >= 0)
        rows.append(big[a][ok])
        cols.append(ctx[b][ok] + (0 if side in (0, 1) else shape[1]))
        weights.append(np.full(int(ok.sum()), w, dtype=np.float64))
    bshape = (len(bigram_vocab), 2 * shape[1])
    bigrams = _svd(_ppmi(np.concatenate(rows), np.concatenate(cols), np.concatenate(weights),
                         bshape), bigram_dim, scale)
    bigrams[:2] = 0.0
    return chars, bigrams

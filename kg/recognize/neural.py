"""Neural character tagger: embeddings -> BiLSTM -> CRF, forward pass in numpy.

The model is trained by ``scripts/train_neural_ner.py`` (JAX, a training-time extra only) on
MSRA less the fixed measurement split and exported to ``data/ner_neural.npz``: no training library
is needed here. Each character is represented by

* its own embedding (digits folded to ``0``, full-width ASCII to half-width),
* the embeddings of the bigrams it ends and begins (``\\x02``/``\\x03`` mark the sentence ends),
* its position (B/M/E/S) in the jieba word that holds it and that word's dictionary POS
  (``kg.recognize.features``' private tokenizer, ``new`` for HMM-discovered words);
* in models trained with them (``lex_*_emb`` tables), lexicon-membership codes computed by the
  CRF's own lexicon functions (:func:`lexicon_codes`) and, in models with ``lex_w*_emb``
  tables, the longest dictionary words over it that the segmentation passed over
  (:mod:`kg.recognize.word_matches`);

a one-layer BiLSTM reads them and a linear-chain CRF over BIOES tags (illegal transitions
forbidden) decodes. A span's score is the lowest per-character marginal of its tags, as in
:mod:`kg.recognize.crf`. Sentences of a text are tagged in length-sorted batches.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import pathlib
import threading
from collections.abc import Callable, Collection, Iterator, Sequence

import numpy as np

from kg.recognize import word_matches
from kg.recognize.crf import chunks, span_mention, spans_from_tags
from kg.recognize.features import (
    COMPOUND_SURNAMES,
    SINGLE_SURNAMES,
    _indexed,
    _lexicon_positions,
    _words,
    is_org_word,
    org_suffix_ends,
)
from kg.records import Mention

MODEL_PATH = pathlib.Path(__file__).with_name("data") / "ner_neural.npz"
TAGS = ("O", *(f"{h}-{k}" for k in ("PER", "LOC", "ORG") for h in "BIES"))
BOS, EOS = "\x02", "\x03"
SEG = {"B": 1, "M": 2, "E": 3, "S": 4}  # 0 is padding
_BATCH_CHARS = 4096
# Lexicon-membership inputs and their code counts (0 padding, 1 none): place and world-place
# B/I/E of the longest match, length (1, 2, 3+) of the longest organization-suffix word ending
# at the character, whether its jieba word reads as a body, surname start; the longest
# dictionary word beginning, running through and ending at it (``word_matches``).
LEXICON_SIZES = {"place": 5, "world": 5, "org": 5, "orgword": 3, "sur": 5,
                 "wbegin": word_matches.CODES, "winside": word_matches.CODES,
                 "wend": word_matches.CODES}
BASE_TABLES = ("char_emb", "bigram_emb", "bigram_emb", "seg_emb", "pos_emb")
_BIE = {"": 1, "B": 2, "I": 3, "E": 4}


def normalize(char: str) -> str:
    """The character as the model sees it: digits -> 0, full-width ASCII -> half-width."""
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:
        char = chr(code - 0xFEE0)
    return "0" if char.isdigit() else char


def seg_pos(
    text: str, words: Sequence[tuple[str, str]] | None = None
) -> tuple[list[int], list[str]]:
    """Per character: B/M/E/S code in its jieba word, and that word's POS (``words``: the
    jieba words of ``text`` when the caller has them already)."""
    segs: list[int] = []
    tags: list[str] = []
    for word, pos in _words(text) if words is None else words:
        n = len(word)
        if n == 1:
            segs.append(SEG["S"])
        else:
            segs += [SEG["B"], *[SEG["M"]] * (n - 2), SEG["E"]]
        tags += [pos] * n
    return segs, tags


def lexicon_codes(
    text: str, words: Sequence[tuple[str, str]] | None = None,
    names: Collection[str] = tuple(LEXICON_SIZES),
) -> dict[str, list[int]]:
    """Per character, the codes of the lexicon-membership inputs (see ``LEXICON_SIZES``): the
    cues the CRF gets from the same lexicons (``kg.recognize.features``), as small embeddings,
    so that names the training text never showed (cpca's counties, rare countries) still light up.
    Only the inputs in ``names`` (those of the model at hand) are computed.
    """
    n = len(text)
    orgword: list[int] = []
    for word, pos in _words(text) if words is None else words:
        orgword += [2 if is_org_word(word, pos) else 1] * len(word)
    # Surnames: 2 single, 3/4 first/second character of a compound one.
    sur = [2 if c in SINGLE_SURNAMES else 1 for c in text]
    for i in range(n - 1):
        if text[i : i + 2] in COMPOUND_SURNAMES:
            sur[i], sur[i + 1] = 3, 4
    codes = {
        "place": [_BIE[t] for t in _lexicon_positions(text, _indexed("place"))],
        "world": [_BIE[t] for t in _lexicon_positions(text, _indexed("world"))],
        "org": [1 + min(length, 3) for length in org_suffix_ends(text)],
        "orgword": orgword,
        "sur": sur,
    }
    if {"wbegin", "winside", "wend"} & set(names):
        codes["wbegin"], codes["winside"], codes["wend"] = word_matches.word_match_codes(text)
    return codes


class Model:
    """The exported weights plus the vocabularies, with a batched numpy forward pass."""

    def __init__(self, path: pathlib.Path | str) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.w = {k: data[k].astype(np.float32) for k in data.files
                      if data[k].dtype.kind == "f"}
            self.chars = {c: i for i, c in enumerate(data["char_vocab"].tolist())}
            self.bigrams = {b: i for i, b in enumerate(data["bigram_vocab"].tolist())}
            self.pos = {p: i for i, p in enumerate(data["pos_vocab"].tolist())}
        self.hidden = self.w["fw_wh"].shape[0]
        self.lexicon = [k for k in LEXICON_SIZES if f"lex_{k}_emb" in self.w]
        self.tables = [*BASE_TABLES, *(f"lex_{k}_emb" for k in self.lexicon)]
        self.gates = {d: _GateInputs(self.w, self.tables, d) for d in ("fw", "bw")}
        # Per raw character, memoized: its normalized form and that form's vocabulary id.
        self._normalized = _Memo(normalize)
        self._char_ids = _Memo(lambda c: self.chars.get(self._normalized[c], 1))
        self.recurrent = np.stack([self.w["fw_wh"], self.w["bw_wh"]])

    # Index 0 of every vocabulary is padding, 1 unknown.
    def encode(self, text: str) -> tuple[np.ndarray, ...]:
        chars = [self._normalized[c] for c in text]
        padded = [BOS, *chars, EOS]
        # The bigram ending at each position of the padded text: character i ends bigram i
        # and begins bigram i + 1.
        bigram = self.bigrams.get
        ends = [bigram(a + b, 1) for a, b in itertools.pairwise(padded)]
        words = _words(text)
        segs, pos = seg_pos(text, words)
        lexicon = lexicon_codes(text, words, self.lexicon) if self.lexicon else {}
        return (
            np.array([self._char_ids[c] for c in text], dtype=np.int64),
            np.array(ends[:-1], dtype=np.int64),
            np.array(ends[1:], dtype=np.int64),
            np.array(segs, dtype=np.int64),
            np.array([self.pos.get(p, 1) for p in pos], dtype=np.int64),
            *(np.array(lexicon[k], dtype=np.int64) for k in self.lexicon),
        )

    def emissions(self, encoded: Sequence[tuple[np.ndarray, ...]]) -> np.ndarray:
        """Tag scores (batch, time, tags) of encoded sentences (right-padded; the scores of
        padding positions are meaningless)."""
        # Longest first: at step t the sentences still running are a prefix of the batch, and
        # the recurrence computes only those (padding costs nothing, as in packed sequences).
        order = sorted(range(len(encoded)), key=lambda b: -len(encoded[b][0]))
        scores = self._emissions([encoded[b] for b in order])
        unsorted = np.empty_like(scores)
        unsorted[order] = scores
        return unsorted

    def _emissions(self, encoded: Sequence[tuple[np.ndarray, ...]]) -> np.ndarray:
        lengths = np.array([len(e[0]) for e in encoded])
        batch, steps = len(encoded), int(lengths.max())
        # Time-major ids; the backward direction reads each sentence reversed (padding after).
        ids = np.zeros((len(self.tables), steps, batch), dtype=np.int64)
        for b, e in enumerate(encoded):
            for k in range(len(self.tables)):
                ids[k, : lengths[b], b] = e[k]
        rev = reverse_index(lengths, steps)
        rows = np.arange(batch)[:, None]
        reversed_ids = ids[:, rev.T, rows.T]
        hsize = self.hidden
        # Work arrays come from per-thread buffers: fresh arrays of this size cost a page fault
        # per 4 KB touched, a fifth of the tagger's time when allocated per batch.
        buffers = _buffers()
        x = buffers.get("x", (2, steps, batch, 4 * hsize))
        self.gates["fw"](ids, out=x[0], scratch=buffers)
        self.gates["bw"](reversed_ids, out=x[1], scratch=buffers)
        # Both directions step together: one stacked matrix product per time step.
        c = buffers.get("c", (2, batch, hsize))
        c.fill(0.0)
        out = buffers.get("out", (2, steps + 1, batch, hsize))
        out.fill(0.0)  # h before the first step; step t writes h into out[:, t + 1]
        g_all = buffers.get("g", (2, batch, 4 * hsize))
        cell_all = buffers.get("cell", (2, batch, hsize))
        # Per step, how many sentences are longer than it (lengths descend).
        running = batch - np.searchsorted(lengths[::-1], np.arange(steps), side="right")
        for t in range(steps):
            a = int(running[t])  # sentences longer than t: the first a rows
            g, cell, state = g_all[:, :a], cell_all[:, :a], c[:, :a]
            gates, candidate = g[..., : 3 * hsize], g[..., 3 * hsize :]
            # The same operations, in the same order, as the training code's LSTM step.
            np.matmul(out[:, t, :a], self.recurrent, out=g)
            g += x[:, t, :a]
            _sigmoid_inplace(gates)  # input, forget, output gates
            np.tanh(candidate, out=candidate)
            state *= g[..., hsize : 2 * hsize]
            np.multiply(g[..., :hsize], candidate, out=candidate)
            state += candidate
            np.tanh(state, out=cell)
            np.multiply(g[..., 2 * hsize : 3 * hsize], cell, out=out[:, t + 1, :a])
        out = out[:, 1:]
        w = self.w["out_w"]
        forward = (out[0].reshape(-1, hsize) @ w[:hsize]).reshape(steps, batch, -1)
        backward = (out[1].reshape(-1, hsize) @ w[hsize:]).reshape(steps, batch, -1)
        return (forward.transpose(1, 0, 2) + backward.transpose(1, 0, 2)[rows, rev]
                + self.w["out_b"])

    def tag(self, texts: Sequence[str]) -> list[tuple[list[str], list[float]]]:
        """Viterbi tags and their marginals for each (non-empty) text."""
        encoded = [self.encode(t) for t in texts]
        scores = self.emissions(encoded)
        w = self.w
        lengths = np.array([len(t) for t in texts])
        paths = viterbi_batch(scores, lengths, w["trans"], w["start"], w["end"])
        marg = marginals_batch(scores, lengths, w["trans"], w["start"], w["end"])
        chosen = np.take_along_axis(marg, paths[:, :, None], axis=2)[:, :, 0]
        return [([TAGS[k] for k in paths[b, :n]], chosen[b, :n].tolist())
                for b, n in enumerate(lengths)]


class _Memo(dict):
    """A dict that computes (once) the value of a missing key."""

    def __init__(self, compute: Callable[[str], object]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str) -> object:
        value = self[key] = self.compute(key)
        return value


class _GateInputs:
    """One direction's input-to-gate projection (plus bias) of the concatenated embeddings,
    folded per table: ``emb @ wx`` of a table with a small vocabulary is a table of gate
    inputs, looked up instead of multiplied (the bigram tables, 80k rows, stay a product).
    Small tables are multiplied out into joint tables (segment x POS x ...) so that one lookup
    serves several inputs. Equal to ``concat(embeddings) @ wx + b`` up to float rounding."""

    _JOINT_ROWS = 4096

    def __init__(self, w: dict[str, np.ndarray], tables: Sequence[str], direction: str) -> None:
        wx = w[f"{direction}_wx"]
        offsets = np.cumsum([0, *(w[name].shape[1] for name in tables)])
        self.dense = [k for k, name in enumerate(tables) if name == "bigram_emb"]
        self.dense_tables = [w[tables[k]] for k in self.dense]
        self.dense_w = np.concatenate([wx[offsets[k] : offsets[k + 1]] for k in self.dense])
        groups: list[tuple[list[int], list[int], np.ndarray]] = []
        for k, name in enumerate(tables):
            if k in self.dense:
                continue
            table = w[name] @ wx[offsets[k] : offsets[k + 1]]
            if groups and len(groups[-1][2]) * len(table) <= self._JOINT_ROWS:
                keys, sizes, joint = groups[-1]
                joint = (joint[:, None, :] + table[None, :, :]).reshape(-1, joint.shape[1])
                groups[-1] = ([*keys, k], [*sizes, len(table)], joint)
            else:
                groups.append(([k], [len(table)], table))
        keys, sizes, first = groups[0]
        groups[0] = (keys, sizes, first + w[f"{direction}_b"])  # the bias rides along
        self.groups = groups

    def __call__(self, ids: np.ndarray, *, out: np.ndarray, scratch: _Buffers) -> None:
        """Gate inputs (*ids.shape[1:], 4H) of the ids (tables, ...), written into ``out``."""
        dense = np.concatenate([t[ids[k]] for k, t in zip(self.dense, self.dense_tables,
                                                           strict=True)], axis=-1)
        np.matmul(dense, self.dense_w, out=out)
        looked_up = scratch.get("lookup", out.shape)
        for keys, sizes, table in self.groups:
            index = ids[keys[0]]
            for k, size in zip(keys[1:], sizes[1:], strict=True):
                index = index * size + ids[k]
            np.take(table, index, axis=0, out=looked_up)
            out += looked_up


def reverse_index(lengths: np.ndarray, steps: int) -> np.ndarray:
    """Per row, the gather index that reverses its first ``length`` positions (padding stays)."""
    t = np.arange(steps)[None, :]
    n = lengths[:, None]
    return np.where(t < n, n - 1 - t, t)


def _sigmoid_inplace(x: np.ndarray) -> None:
    """``x`` becomes ``0.5 * (tanh(0.5 * x) + 1)``, step by step as written."""
    x *= 0.5
    np.tanh(x, out=x)
    x += 1.0
    x *= 0.5


class _Buffers:
    """Float32 work arrays by name, grown as needed and reused (one set per thread)."""

    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}

    def get(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        size = int(np.prod(shape))
        array = self.arrays.get(name)
        if array is None or array.size < size:
            array = self.arrays[name] = np.empty(size, dtype=np.float32)
        return array[:size].reshape(shape)


_thread_buffers = threading.local()


def _buffers() -> _Buffers:
    if not hasattr(_thread_buffers, "value"):
        _thread_buffers.value = _Buffers()
    return _thread_buffers.value


def _logsumexp(x: np.ndarray, axis: int) -> np.ndarray:
    m = x.max(axis=axis, keepdims=True)
    return np.squeeze(m, axis) + np.log(np.exp(x - m).sum(axis=axis))


def viterbi_batch(
    e: np.ndarray, lengths: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray
) -> np.ndarray:
    """Best tag paths (batch, time) of right-padded emissions (batch, time, tags)."""
    batch, steps, _ = e.shape
    score = start + e[:, 0]
    back = np.zeros(e.shape, dtype=np.int64)
    for t in range(1, steps):
        cand = score[:, :, None] + trans[None]
        back[:, t] = cand.argmax(axis=1)
        score = np.where((t < lengths)[:, None], cand.max(axis=1) + e[:, t], score)
    cur = (score + end).argmax(axis=1)
    rows = np.arange(batch)
    paths = np.zeros((batch, steps), dtype=np.int64)
    for t in range(steps - 1, -1, -1):
        inside = t < lengths
        paths[:, t] = np.where(inside, cur, 0)
        if t:
            cur = np.where(inside, back[rows, t, cur], cur)
    return paths


def marginals_batch(
    e: np.ndarray, lengths: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray
) -> np.ndarray:
    """Per-position tag marginals (batch, time, tags) by forward-backward (padding: 0).

    In probability space with every step rescaled to sum 1 (the scale of each position cancels
    when its marginals are normalized): one small matrix product per step instead of a
    log-sum-exp over (batch, tags, tags), several times faster."""
    batch, steps, _ = e.shape
    e = e.astype(np.float64)
    emit = np.exp(e - e.max(axis=2, keepdims=True))
    step = np.exp(trans.astype(np.float64) - trans.max())
    inside = np.arange(steps)[None, :] < lengths[:, None]
    alpha = np.zeros_like(emit)
    beta = np.zeros_like(emit)
    a = np.exp(start - start.max()) * emit[:, 0]
    alpha[:, 0] = a / a.sum(axis=1, keepdims=True)
    for t in range(1, steps):
        a = (alpha[:, t - 1] @ step) * emit[:, t]
        alpha[:, t] = a / a.sum(axis=1, keepdims=True)
    last = np.exp(end - end.max())
    b = np.broadcast_to(last, (batch, last.shape[0]))
    for t in range(steps - 1, -1, -1):
        if t < steps - 1:
            b = (emit[:, t + 1] * beta[:, t + 1]) @ step.T
            b = b / b.sum(axis=1, keepdims=True)
        # A sentence's last position takes the end scores, whatever follows in the padding.
        beta[:, t] = np.where((t == lengths - 1)[:, None], last, b)
    marg = alpha * beta
    total = marg.sum(axis=2, keepdims=True)
    return np.where(inside[:, :, None], marg / np.where(total > 0, total, 1.0), 0.0)


def viterbi(e: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[int]:
    """Best tag path of one sentence's emissions (time, tags)."""
    return viterbi_batch(e[None], np.array([len(e)]), trans, start, end)[0].tolist()


def marginals(e: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Per-position tag marginals (time, tags) of one sentence."""
    return marginals_batch(e[None], np.array([len(e)]), trans, start, end)[0]


@functools.lru_cache(maxsize=4)
def load(path: str) -> Model:
    return Model(path)


def model_path() -> pathlib.Path:
    """The model file; ``KG_NEURAL_MODEL`` overrides it."""
    override = os.environ.get("KG_NEURAL_MODEL")
    return pathlib.Path(override) if override else MODEL_PATH


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    """One BLAS thread while tagging, when threadpoolctl is installed: the LSTM's matrices are
    small, and OpenBLAS threads spinning on a busy machine cost 4x the CPU for no gain."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(1, user_api="blas"):
        yield


def tag_pieces(pieces: Sequence[str], model: Model | None = None) -> list[list[Mention]]:
    """Mentions of each piece (offsets relative to the piece), in length-sorted batches."""
    return [mentions for mentions, _ in tag_pieces_with_certainty(pieces, model)]


def tag_pieces_with_certainty(
    pieces: Sequence[str], model: Model | None = None
) -> list[tuple[list[Mention], float]]:
    """Per piece, its mentions and how sure the tagger is of the whole piece: the least
    marginal of any character's tag (O included), 1.0 for a blank piece."""
    model = model or load(str(model_path()))
    with _one_blas_thread():
        return _tag_pieces(pieces, model)


def _tag_pieces(pieces: Sequence[str], model: Model) -> list[tuple[list[Mention], float]]:
    found: list[tuple[list[Mention], float]] = [([], 1.0) for _ in pieces]
    order = sorted((i for i, p in enumerate(pieces) if p.strip()), key=lambda i: len(pieces[i]))
    batch: list[int] = []
    for index in [*order, -1]:
        if index >= 0 and (not batch or len(pieces[index]) * (len(batch) + 1) <= _BATCH_CHARS):
            batch.append(index)
            continue
        if batch:
            tagged = model.tag([pieces[i] for i in batch])
            for i, (tags, marg) in zip(batch, tagged, strict=True):
                found[i] = (_mentions(pieces[i], tags, marg), min(marg))
        batch = [index]
    return found


def _mentions(text: str, tags: list[str], marg: list[float]) -> list[Mention]:
    mentions = []
    for start, end, label in spans_from_tags(tags):
        mention = span_mention(text, start, end, label, "neural", min(marg[start:end]))
        if mention is not None:
            mentions.append(mention)
    return mentions


def neural_mentions(text: str) -> list[Mention]:
    """Person/Place/Organization mentions found by the neural tagger, in ``text`` offsets."""
    pieces = list(chunks(text))
    found: list[Mention] = []
    for (offset, _), mentions in zip(pieces, tag_pieces([p for _, p in pieces]), strict=True):
        for m in mentions:
            found.append(
                Mention(m.start + offset, m.end + offset, m.type, m.text, m.source, m.score)
            )
    return found

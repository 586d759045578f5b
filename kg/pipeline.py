"""The extraction pipeline: source documents in, JSON Lines records out.

Stages, one module each: ``sources`` (decode) → ``normalize`` (clean text + offset map) →
``metadata`` → ``segment`` (sentences) → ``recognize`` (mentions) → ``resolve`` (entities) →
``extract`` (facts) → records (``records``), with every offset mapped back to the original text.

>>> from kg.sources import SourceDoc
>>> doc = SourceDoc(id="d1", path="d1.txt", text="记者王小明报道。", sha256="0", hints={})
>>> [r["kind"] for r in extract_document(doc)][:1]
['document']
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.records import (
    DocContext,
    ResolvedMention,
    Sentence,
    document_record,
    entity_record,
    triple_record,
)
from kg.sources import SkippedFiles, SourceDoc, SourceError, iter_sources

if TYPE_CHECKING:
    from kg.normalize import NormalizedText

Record = dict[str, Any]
ErrorHandler = Callable[[SourceError], None]

# Below this much text the process pool costs more than it saves.
_PARALLEL_MIN_CHARS = 200_000
# A chunk of documents (one task of the pool, one batch of the neural tagger) closes at this
# much text or this many documents: the tagger's cost per character falls with its batch,
# bounded memory and even load across workers want no more.
_CHUNK_CHARS = 64_000
_CHUNK_DOCS = 256
# Chunks queued per worker: keeps every worker busy while bounding what is held in memory.
_CHUNKS_PER_WORKER = 4
# Longest document accepted by default: 15x the longest of 6,413 real CCTV items (13k chars).
# Worst case measured: 200k characters without punctuation, ~1 min and ~330 MB; the cap keeps
# one pathological input from taking the run.
DEFAULT_MAX_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """The records of one document, or the error that stopped it."""

    doc: str
    path: str
    records: list[Record]
    error: str | None = None


def extract_document(src: SourceDoc, *, default_year: int | None = None) -> list[Record]:
    """Run every stage on one document and return its records (document first)."""
    from kg.normalize import normalize

    return _extract(src, normalize(src.text), default_year)


def extract_documents(
    docs: Sequence[SourceDoc], *, default_year: int | None = None
) -> list[DocumentResult]:
    """The results of several documents, in order: as :func:`extract_document` on each (a
    failure is that document's error, not the batch's), with the statistical taggers reading
    all of them in one batch (``kg.recognize.prepare``), which is faster."""
    from kg.normalize import normalize
    from kg.recognize import prepare

    normalized: list[NormalizedText | None] = []
    for doc in docs:
        try:
            normalized.append(normalize(doc.text))
        except Exception:  # reported by the document's own run below
            normalized.append(None)
    try:
        prepare([norm.text for norm in normalized if norm is not None])
    except Exception as error:  # the taggers then run document by document
        warnings.warn(f"batched tagging failed ({error!r}); tagging document by document",
                      stacklevel=2)
    return [_safe_extract(doc, default_year, norm)
            for doc, norm in zip(docs, normalized, strict=True)]


def _extract(src: SourceDoc, norm: NormalizedText, default_year: int | None) -> list[Record]:
    from kg.extract import extract_facts
    from kg.metadata import extract_metadata
    from kg.recognize import recognize
    from kg.reprints import fingerprint
    from kg.resolve import resolve
    from kg.segment import split_sentences

    meta = extract_metadata(norm, hints=src.hints, default_year=default_year)
    text = norm.text
    entities, resolved = resolve(text, recognize(text))
    sentences = _sentences(text, split_sentences(text), resolved)
    year = int(meta.date[:4]) if meta.date else default_year
    ctx = DocContext(src.id, text, meta.date, sentences, tuple(entities), year)
    facts = extract_facts(ctx)

    original = norm.original
    records: list[Record] = [
        document_record(
            doc=src.id,
            path=src.path,
            chars=len(original),
            script=norm.script,
            sha256=src.sha256,
            title=meta.title,
            date=meta.date,
            source=meta.source,
            **fingerprint(text),  # reprint detection (kg.reprints): text_sha256, minhash
        )
    ]
    for entity in entities:
        spans = sorted({norm.to_original(s, e) for s, e in entity.mentions})
        references = sorted({norm.to_original(s, e) for s, e in entity.references})
        records.append(entity_record(src.id, entity, spans, references))
    for fact in facts:
        start, end = norm.to_original(*fact.evidence)
        rec = triple_record(src.id, fact, original[start:end], (start, end))
        rec["evidence"]["clean"] = text[fact.evidence[0] : fact.evidence[1]]
        records.append(rec)
    return records


def _sentences(
    text: str, spans: Sequence[tuple[int, int]], mentions: Sequence[ResolvedMention]
) -> tuple[Sentence, ...]:
    ordered = sorted(mentions, key=lambda m: m.start)
    out: list[Sentence] = []
    i = 0
    for start, end in spans:
        while i < len(ordered) and ordered[i].start < start:
            i += 1
        j = i
        inside: list[ResolvedMention] = []
        while j < len(ordered) and ordered[j].start < end:
            if ordered[j].end <= end:
                inside.append(ordered[j])
            j += 1
        out.append(Sentence(start, end, text[start:end], tuple(inside)))
    return tuple(out)


def _safe_extract(
    src: SourceDoc, default_year: int | None, norm: NormalizedText | None = None
) -> DocumentResult:
    try:
        if norm is None:
            records = extract_document(src, default_year=default_year)
        else:
            records = _extract(src, norm, default_year)
        return DocumentResult(src.id, src.path, records)
    except Exception as exc:
        return DocumentResult(src.id, src.path, [], f"{type(exc).__name__}: {exc}")


def _warm_up() -> None:
    """Load dictionaries and models once, before worker processes fork from us."""
    extract_document(
        SourceDoc(id="warm", path="", text="新华社北京1月1日电 记者张三报道。", sha256="", hints={})
    )


def iter_results(
    paths: Sequence[str],
    *,
    workers: int | None = None,
    default_year: int | None = None,
    id_from: str = "auto",
    skip: Callable[[SourceDoc], bool] | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    on_skipped: Callable[[SkippedFiles], None] | None = None,
) -> Iterator[DocumentResult | SourceError]:
    """Yield one result per input document, in input order, and every input error.

    Documents stream: at most a bounded window of them is in memory or in the pool at once,
    whatever the size of the corpus. ``workers=None`` picks one process for small inputs and
    all cores for large ones (decided on the first ``_PARALLEL_MIN_CHARS`` of text); a given
    number of workers is used whatever the input size.
    Documents whose id repeats an earlier one, or longer than ``max_chars`` characters, are
    reported as errors, not merged or processed silently. ``id_from`` chooses file ids
    (``kg.sources.document_ids``); documents for which ``skip`` is true (already stored,
    unchanged) are not extracted and yield nothing. Files of a folder that are not read
    (other suffixes) go to ``on_skipped`` (``kg.sources.iter_sources``).
    """
    sources = iter_sources(paths, id_from=id_from, on_skipped=on_skipped)
    items = _checked_items(sources, max_chars, skip)
    n = workers if workers is not None else (os.cpu_count() or 1)
    head: list[SourceDoc | SourceError] = []
    if n > 1 and workers is None:  # an explicit number of workers is used as given
        # Look ahead only as far as needed to know whether the pool pays for itself.
        chars = 0
        for item in items:
            head.append(item)
            chars += len(item.text) if isinstance(item, SourceDoc) else 0
            if chars >= _PARALLEL_MIN_CHARS:
                break
        else:
            n = 1
    stream = itertools.chain(head, items)
    if n <= 1:
        for chunk in _chunks(stream):
            docs = [i for i in chunk if isinstance(i, SourceDoc)]
            yield from _merged(chunk, extract_documents(docs, default_year=default_year))
        return
    yield from _pooled(stream, n, default_year)


def _checked_items(
    items: Iterable[SourceDoc | SourceError],
    max_chars: int | None,
    skip: Callable[[SourceDoc], bool] | None = None,
) -> Iterator[SourceDoc | SourceError]:
    seen: dict[str, str] = {}  # ids only: memory grows with the id count, not the text
    for item in items:
        if isinstance(item, SourceDoc):
            if item.id in seen:
                why = f"duplicate document id {item.id!r} (first read from {seen[item.id]})"
                yield SourceError(item.path, why)
                continue
            seen[item.id] = item.path
            if max_chars is not None and len(item.text) > max_chars:
                yield SourceError(
                    item.path,
                    f"document has {len(item.text):,} characters, more than the limit of "
                    f"{max_chars:,} (raise it with --max-chars)",
                )
                continue
            if skip is not None and skip(item):
                continue
        yield item


def _pooled(
    stream: Iterable[SourceDoc | SourceError], n: int, default_year: int | None
) -> Iterator[DocumentResult | SourceError]:
    """Chunks of documents go to ``n`` processes; at most ``n * _CHUNKS_PER_WORKER`` chunks
    are in flight, and results come back in input order."""
    _warm_up()
    # fork shares the models loaded by _warm_up copy-on-write; spawn would reload them per worker.
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    in_flight: collections.deque[tuple[list[SourceDoc | SourceError], Future[Any]]]
    in_flight = collections.deque()
    with ProcessPoolExecutor(max_workers=n, mp_context=context) as pool:
        for chunk in _chunks(stream):
            docs = [i for i in chunk if isinstance(i, SourceDoc)]
            in_flight.append((chunk, pool.submit(_extract_chunk, docs, default_year)))
            while len(in_flight) >= n * _CHUNKS_PER_WORKER:
                done, future = in_flight.popleft()
                yield from _merged(done, future.result())
        while in_flight:
            done, future = in_flight.popleft()
            yield from _merged(done, future.result())


def _chunks(
    stream: Iterable[SourceDoc | SourceError],
) -> Iterator[list[SourceDoc | SourceError]]:
    chunk: list[SourceDoc | SourceError] = []
    docs = chars = 0
    for item in stream:
        chunk.append(item)
        if isinstance(item, SourceDoc):
            docs += 1
            chars += len(item.text)
        if docs >= _CHUNK_DOCS or chars >= _CHUNK_CHARS:
            yield chunk
            chunk, docs, chars = [], 0, 0
    if chunk:
        yield chunk


def _extract_chunk(docs: list[SourceDoc], default_year: int | None) -> list[DocumentResult]:
    return extract_documents(docs, default_year=default_year)


def _merged(
    chunk: list[SourceDoc | SourceError], done: list[DocumentResult]
) -> Iterator[DocumentResult | SourceError]:
    results = iter(done)
    for item in chunk:
        yield item if isinstance(item, SourceError) else next(results)


def iter_records(
    paths: Sequence[str],
    *,
    workers: int | None = None,
    on_error: ErrorHandler | None = None,
    default_year: int | None = None,
    id_from: str = "auto",
    max_chars: int | None = DEFAULT_MAX_CHARS,
) -> Iterator[Record]:
    """Yield the JSON Lines records of all inputs; errors go to ``on_error`` (else raised)."""
    results = iter_results(paths, workers=workers, default_year=default_year,
                           id_from=id_from, max_chars=max_chars)
    for result in results:
        if isinstance(result, SourceError):
            _report(result, on_error)
        elif result.error:
            _report(SourceError(result.path, f"extraction failed: {result.error}"), on_error)
        else:
            yield from result.records


def _report(error: SourceError, on_error: ErrorHandler | None) -> None:
    if on_error is None:
        raise error
    on_error(error)

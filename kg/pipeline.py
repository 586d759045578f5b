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

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from kg.records import (
    DocContext,
    ResolvedMention,
    Sentence,
    document_record,
    entity_record,
    triple_record,
)
from kg.sources import SourceDoc, SourceError, iter_sources

Record = dict[str, Any]
ErrorHandler = Callable[[SourceError], None]

# Below this much text the process pool costs more than it saves.
_PARALLEL_MIN_CHARS = 200_000
_CHUNK_DOCS = 8


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """The records of one document, or the error that stopped it."""

    doc: str
    path: str
    records: list[Record]
    error: str | None = None


def extract_document(src: SourceDoc, *, default_year: int | None = None) -> list[Record]:
    """Run every stage on one document and return its records (document first)."""
    from kg.extract import extract_facts
    from kg.metadata import extract_metadata
    from kg.normalize import normalize
    from kg.recognize import recognize
    from kg.reprints import fingerprint
    from kg.resolve import resolve
    from kg.segment import split_sentences

    norm = normalize(src.text)
    meta = extract_metadata(norm, hints=src.hints, default_year=default_year)
    text = norm.text
    entities, resolved = resolve(text, recognize(text))
    sentences = _sentences(text, split_sentences(text), resolved)
    ctx = DocContext(src.id, text, meta.date, sentences, tuple(entities))
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
        records.append(entity_record(src.id, entity, spans))
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


def _safe_extract(src: SourceDoc, default_year: int | None) -> DocumentResult:
    try:
        return DocumentResult(src.id, src.path, extract_document(src, default_year=default_year))
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
) -> Iterator[DocumentResult | SourceError]:
    """Yield one result per input document, in input order, and every input error.

    ``workers=None`` picks: one process for small inputs, all cores for large ones.
    Documents whose id repeats an earlier one are reported as errors, not merged silently.
    ``id_from`` chooses file ids (``kg.sources.document_ids``); documents for which ``skip``
    is true (already stored, unchanged) are not extracted and yield nothing.
    """
    seen: dict[str, str] = {}

    def unique(items: Iterable[SourceDoc | SourceError]) -> Iterator[SourceDoc | SourceError]:
        for item in items:
            if isinstance(item, SourceDoc):
                if item.id in seen:
                    yield SourceError(
                        item.path,
                        f"duplicate document id {item.id!r} (first read from {seen[item.id]})",
                    )
                    continue
                seen[item.id] = item.path
                if skip is not None and skip(item):
                    continue
            yield item

    items = list(unique(iter_sources(paths, id_from=id_from)))
    total = sum(len(i.text) for i in items if isinstance(i, SourceDoc))
    n = workers if workers is not None else (os.cpu_count() or 1)
    if n <= 1 or total < _PARALLEL_MIN_CHARS or workers == 1:
        for item in items:
            yield item if isinstance(item, SourceError) else _safe_extract(item, default_year)
        return
    _warm_up()
    docs = [i for i in items if isinstance(i, SourceDoc)]
    # fork shares the models loaded by _warm_up copy-on-write; spawn would reload them per worker.
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=n, mp_context=context) as pool:
        results = pool.map(_safe_extract, docs, [default_year] * len(docs), chunksize=_CHUNK_DOCS)
        by_doc = iter(results)
        for item in items:
            yield item if isinstance(item, SourceError) else next(by_doc)


def iter_records(
    paths: Sequence[str],
    *,
    workers: int | None = None,
    on_error: ErrorHandler | None = None,
    default_year: int | None = None,
    id_from: str = "auto",
) -> Iterator[Record]:
    """Yield the JSON Lines records of all inputs; errors go to ``on_error`` (else raised)."""
    for result in iter_results(paths, workers=workers, default_year=default_year,
                               id_from=id_from):
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

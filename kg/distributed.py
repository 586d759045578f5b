"""Extraction on a Dask distributed cluster: the same records as one process, written as shards.

The client reads the inputs (decoding is cheap and keeps document ids and duplicate checks
exactly those of :func:`kg.pipeline.iter_results`); batches of documents go to the workers,
which run the CPU-heavy stages and write one JSON Lines shard per batch into a folder that
every machine sees (``part-00000.jsonl``, ``part-00001.jsonl``, … in input order). ``kg build
--records OUT/part-*.jsonl`` and the loaders read them like any ``kg extract`` output.

Why Dask and not Spark: kg is pure Python with process-local models, Dask workers are Python
processes that keep imported modules (and so the loaded jieba dictionary and CRF models) from
one task to the next, and a cluster is ``pip install`` plus ``dask scheduler`` / ``dask
worker`` — no JVM, no Hadoop paths.

At most ``2 × workers`` batches are in flight at a time, so the client's memory does not grow
with the corpus. A shard is written to a temporary name and renamed, so a folder never holds a
half-written shard under its final name; ``_SUCCESS`` (a JSON manifest) is written last.

>>> import tempfile, pathlib
>>> from kg.sources import SourceDoc
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> doc = SourceDoc(id="d1", path="d1.txt", text="记者王小明报道。", sha256="0", hints={})
>>> result = extract_shard(0, [doc], str(out))
>>> (result.documents, pathlib.Path(result.path).name)
(1, 'part-00000.jsonl')
"""

from __future__ import annotations

import json
import os
import pathlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from kg.sources import SkippedFiles, SourceDoc, SourceError, iter_sources

if TYPE_CHECKING:  # dask is an optional extra: imported only where a cluster is used
    from distributed import Client

MANIFEST = "_SUCCESS"
SHARD_PATTERN = "part-*.jsonl"
DEFAULT_BATCH_DOCS = 32


@dataclass(frozen=True, slots=True)
class ShardResult:
    """What one worker task wrote: its shard, how many documents, and the per-input errors."""

    index: int
    path: str
    documents: int
    records: int
    errors: list[tuple[str, str]] = field(default_factory=list)  # (input path, message)


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    """The outcome of :func:`extract_on_cluster`."""

    out_dir: str
    shards: list[str]
    documents: int
    records: int
    errors: int


def shard_name(index: int) -> str:
    """The file name of shard ``index``: ordered by name as they are by input."""
    return f"part-{index:05d}.jsonl"


def extract_shard(
    index: int, docs: Sequence[SourceDoc], out_dir: str, default_year: int | None = None
) -> ShardResult:
    """Run the pipeline on ``docs`` and write their records to shard ``index`` of ``out_dir``.

    This is the task a worker runs. A document whose extraction fails is reported in
    ``errors`` and left out; the others are written.
    """
    from kg.pipeline import extract_document
    from kg.records import dumps

    target = pathlib.Path(out_dir) / shard_name(index)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    errors: list[tuple[str, str]] = []
    documents = records = 0
    with temporary.open("w", encoding="utf-8") as out:
        for doc in docs:
            try:
                recs = extract_document(doc, default_year=default_year)
            except Exception as exc:  # one bad document must not lose the batch
                errors.append((doc.path, f"extraction failed: {type(exc).__name__}: {exc}"))
                continue
            out.write("".join(dumps(r) + "\n" for r in recs))
            documents += 1
            records += len(recs)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, target)
    return ShardResult(index, str(target), documents, records, errors)


def _unique_documents(
    items: Iterable[SourceDoc | SourceError],
) -> Iterator[SourceDoc | SourceError]:
    """Documents whose id repeats an earlier one become errors, as in the single process."""
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, SourceDoc):
            if item.id in seen:
                yield SourceError(
                    item.path,
                    f"duplicate document id {item.id!r} (first read from {seen[item.id]})",
                )
                continue
            seen[item.id] = item.path
        yield item


def _batches(
    items: Iterable[SourceDoc | SourceError],
    size: int,
    on_error: Callable[[SourceError], None],
) -> Iterator[list[SourceDoc]]:
    batch: list[SourceDoc] = []
    for item in items:
        if isinstance(item, SourceError):
            on_error(item)
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _warm_up_plugin(tagger: str | None = None) -> Any:
    """A worker plugin that loads dictionaries and models once, when each worker starts, after
    choosing the statistical tagger (``KG_NER``) there: remote workers do not share the
    client's environment."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class WarmUp(WorkerPlugin):
        name = "kg-warm-up"

        def setup(self, worker: Any) -> None:
            from kg.pipeline import _warm_up

            if tagger:
                os.environ["KG_NER"] = tagger
            _warm_up()

    return WarmUp()


def extract_on_cluster(
    paths: Sequence[str],
    out_dir: str | os.PathLike[str],
    *,
    client: Client,
    batch_docs: int = DEFAULT_BATCH_DOCS,
    default_year: int | None = None,
    on_error: Callable[[SourceError], None] | None = None,
    tagger: str | None = None,
    on_skipped: Callable[[SkippedFiles], None] | None = None,
) -> ClusterSummary:
    """Extract every document of ``paths`` on the cluster of ``client`` into shards of ``out_dir``.

    Errors (unreadable inputs, duplicate ids, failed extractions) go to ``on_error`` and the
    rest of the work goes on. Old shards in ``out_dir`` are removed first, so the folder holds
    exactly this run's output. ``tagger`` (``crf``, ``ensemble``, ``neural``) is set as
    ``KG_NER`` on every worker (:mod:`kg.recognize.ensemble`). Files of a folder that are
    not read (other suffixes) go to ``on_skipped`` (``kg.sources.iter_sources``).
    """
    from distributed import as_completed

    errors = 0

    def report(error: SourceError) -> None:
        nonlocal errors
        errors += 1
        if on_error is not None:
            on_error(error)

    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob(SHARD_PATTERN), out / MANIFEST]:
        old.unlink(missing_ok=True)
    client.register_plugin(_warm_up_plugin(tagger))
    window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    sources = iter_sources(paths, on_skipped=on_skipped)
    batches = enumerate(_batches(_unique_documents(sources), batch_docs, report))
    results: dict[int, ShardResult] = {}
    pending = as_completed()
    for index, batch in batches:
        pending.add(client.submit(extract_shard, index, batch, str(out), default_year, pure=False))
        if pending.count() >= window:
            _collect(next(pending), results)
    for future in pending:
        _collect(future, results)
    for index in sorted(results):  # errors in input order, whatever order the shards finished
        for path, message in results[index].errors:
            report(SourceError(path, message))
    ordered = [results[i] for i in sorted(results)]
    summary = ClusterSummary(
        out_dir=str(out),
        shards=[r.path for r in ordered],
        documents=sum(r.documents for r in ordered),
        records=sum(r.records for r in ordered),
        errors=errors,
    )
    manifest = {**asdict(summary), "shards": [pathlib.Path(p).name for p in summary.shards]}
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return summary


def _collect(future: Any, results: dict[int, ShardResult]) -> None:
    result: ShardResult = future.result()
    results[result.index] = result
    future.release()


def local_client(workers: int) -> Client:
    """A client on a fresh local cluster of ``workers`` single-threaded worker processes."""
    from distributed import Client, LocalCluster

    # One thread per process: the pipeline is CPU-bound Python, threads would share one GIL.
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    return Client(cluster)

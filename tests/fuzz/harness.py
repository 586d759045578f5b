"""One fuzz case: write the inputs, run the whole pipeline (sources → records → store →
graph), and count what went wrong instead of stopping at the first problem.

* crash: an exception escaped the pipeline, the store or the graph builder;
* offset wrong: an entity mention or evidence span that is not its surface text in the
  original document;
* fact lost: an input (file, or JSON Lines line) with neither records nor an error, or a
  document whose records differ when extracted alone, or records the store did not give back;
* fact duplicated: an input answered twice, or the same record twice in one document.
"""

from __future__ import annotations

import pathlib
import traceback
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kg.graph import build_graph
from kg.normalize import normalize
from kg.pipeline import DocumentResult, extract_document, iter_results
from kg.records import dumps
from kg.sources import SourceDoc, SourceError, iter_sources
from kg.store.embedded import EmbeddedStore
from tests.fuzz.inputs import InputFile

COUNTERS = ("cases", "inputs", "documents", "errors", "crashes", "hangs", "offsets wrong",
            "facts lost", "facts duplicated")


# Every n-th document is also extracted on its own: its records must not depend on the others.
ALONE_EVERY = 3


@dataclass
class Tally:
    counts: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def problem(self, kind: str, detail: str) -> None:
        self.counts[kind] += 1
        if len(self.examples) < 20:
            self.examples.append(f"{kind}: {detail}")

    @property
    def problems(self) -> int:
        return sum(self.counts[k] for k in ("crashes", "hangs", "offsets wrong", "facts lost",
                                            "facts duplicated"))


def run_case(files: list[InputFile], folder: pathlib.Path, tally: Tally) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for item in files:
        path = folder / item.name
        path.write_bytes(item.data)
        paths.append(str(path))
    tally.counts["cases"] += 1
    tally.counts["inputs"] += sum(f.records or 1 for f in files)
    try:
        results = list(iter_results(paths, workers=1))
        originals: dict[str, SourceDoc] = {}
        for source in iter_sources(paths):  # the first of a repeated id is the one extracted
            if isinstance(source, SourceDoc):
                originals.setdefault(source.id, source)
        _check_accounting(files, folder, results, tally)
        records: list[dict[str, Any]] = []
        for result in results:
            if isinstance(result, SourceError) or result.error:
                tally.counts["errors"] += 1
                if isinstance(result, DocumentResult):  # extraction itself failed: a crash
                    tally.problem("crashes", f"{result.path}: {result.error}")
                continue
            tally.counts["documents"] += 1
            _check_document(result, originals[result.doc], tally,
                            alone=tally.counts["documents"] % ALONE_EVERY == 1)
            records += result.records
        store = EmbeddedStore(folder / "store")
        store.add_records(records)
        stored = list(store.iter_records())
        if sorted(map(dumps, stored)) != sorted(map(dumps, records)):
            tally.problem("facts lost", f"{folder}: the store did not give back its records")
        build_graph(stored)
    except Exception as exc:  # the one thing a fuzz case must never do
        tally.problem("crashes", "".join(traceback.format_exception_only(exc)).strip()
                      + " | " + traceback.format_exc(limit=-3).replace("\n", " "))


def _check_accounting(files: list[InputFile], folder: pathlib.Path,
                      results: list[DocumentResult | SourceError], tally: Tally) -> None:
    answered: Counter[str] = Counter()
    for result in results:
        answered[pathlib.Path(result.path.split("#L")[0]).name] += 1
    for item in files:
        expected, got = item.records or 1, answered[item.name]
        if item.records is not None and got < expected:
            # JSON Lines: every non-blank line is one document or one error.
            tally.problem("facts lost", f"{folder / item.name}: {got} answers for {expected} lines")
        elif item.records is None and got != 1:
            kind = "facts lost" if got < 1 else "facts duplicated"
            tally.problem(kind, f"{folder / item.name}: {got} answers")
        elif got > expected:
            tally.problem("facts duplicated", f"{folder / item.name}: {got} for {expected}")


def _check_document(result: DocumentResult, source: SourceDoc, tally: Tally, *,
                    alone: bool) -> None:
    original = source.text
    seen: set[str] = set()
    for rec in result.records:
        key = dumps(rec)
        if key in seen and rec["kind"] != "document":
            tally.problem("facts duplicated", f"{result.path}: {key[:100]}")
        seen.add(key)
        if rec["kind"] == "entity":
            forms = {rec["name"], *rec["aliases"]}
            for m in rec["mentions"]:
                start, end = m["start"], m["end"]
                surface = original[start:end]
                if not (0 <= start < end <= len(original)) or normalize(surface).text not in forms:
                    tally.problem("offsets wrong", f"{result.path}: {rec['name']!r} at "
                                  f"{start}:{end} is {surface!r}")
        elif rec["kind"] == "triple":
            ev = rec["evidence"]
            if original[ev["start"] : ev["end"]] != ev["text"]:
                tally.problem("offsets wrong", f"{result.path}: evidence {ev['start']}:{ev['end']}")
    if alone and extract_document(source) != result.records:
        tally.problem("facts lost", f"{result.path}: records differ from the document alone")

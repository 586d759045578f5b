"""Input documents: files, folders and JSON Lines (also on stdin), decoded to text.

``iter_sources`` never raises for a bad input: an unreadable, binary, empty or malformed input
becomes a ``SourceError`` in the stream and the other inputs keep flowing.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import pathlib
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.dates import path_date
from kg.decode import decode_bytes
from kg.html_text import html_document, html_to_text, without_pasted_markup

# Ordered, so messages list them the same way every time. .shtml/.shtm are the server-side
# include pages many Chinese news sites publish; .text is plain text. Not .md: a corpus
# folder's README.md is no article (it is counted among the skipped files).
_SUFFIX_ORDER = (".txt", ".text", ".html", ".htm", ".shtml", ".shtm", ".jsonl", ".json")
TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".shtm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".json"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
STDIN = "-"
HIDDEN = "hidden"  # the SkippedFiles key of files whose path below the folder has a .name
HINT_KEYS = ("title", "date", "source")
# Re-exported: callers read a page or bytes through kg.sources.
__all__ = ["HINT_KEYS", "STDIN", "SUFFIXES", "SkippedFiles", "SkippedFilesWarning", "SourceDoc",
           "SourceError", "decode_bytes", "document_ids", "html_document", "html_to_text",
           "iter_sources", "path_date"]


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """One input document as decoded text."""

    id: str  # see document_ids (stem or relative path), or the "id" of a JSON Lines record
    path: str  # file path ("-" for stdin; "file.jsonl#L12" for a JSON Lines record)
    text: str  # the original decoded text (for HTML: the visible text)
    sha256: str  # of the raw bytes (for a JSON Lines record: of its text encoded UTF-8)
    # "title", "date", "source" (given by a JSON Lines record or an HTML page); "path_date"
    hints: dict[str, str] = field(default_factory=dict)


class SourceError(Exception):
    """An input that cannot be read; ``str()`` is ``"PATH: message"``."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True, slots=True)
class SkippedFiles:
    """The files under a folder argument that were not read because of their suffix.

    ``counts`` pairs a lower-case suffix (``""``: none, as ``README``; :data:`HIDDEN`: a file
    under a hidden folder or itself hidden, as ``.git/…`` or ``.DS_Store``) with how many files
    have it, most frequent first; ``str()`` is the note the CLI prints.
    """

    folder: str
    counts: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    def __str__(self) -> str:
        kinds = ", ".join(f"{suffix or 'no suffix'} {n}" for suffix, n in self.counts)
        files = "file" if self.total == 1 else "files"
        return f"{self.folder}: skipped {self.total} {files} not read as articles ({kinds})"


class SkippedFilesWarning(UserWarning):
    """Issued by ``iter_sources`` for ``SkippedFiles`` when no ``on_skipped`` is given."""


def _warn_skipped(skipped: SkippedFiles) -> None:
    # A caller that gave no on_skipped still hears of the files it did not get.
    warnings.warn(str(skipped), SkippedFilesWarning, stacklevel=4)


# ---------------------------------------------------------------------------------------------
# Inputs


ID_FROM = ("auto", "stem", "path")


@dataclass(frozen=True, slots=True)
class _Input:
    path: str
    root: str | None  # the folder argument this file was found under, None for a file argument


def _expand(
    paths: Sequence[str], on_skipped: Callable[[SkippedFiles], None]
) -> Iterator[_Input | SourceError]:
    """Files in the order given; folders recursively, sorted, only known suffixes.

    The other files of a folder go to ``on_skipped`` (one summary per folder argument); a
    folder without any file to read is a ``SourceError``.
    """
    for path in paths:
        if path == STDIN:
            yield _Input(path, None)
        elif os.path.isdir(path):
            found: list[str] = []
            other: Counter[str] = Counter()
            root = pathlib.Path(path)
            for p in root.rglob("*"):
                if not p.is_file():
                    continue
                suffix = p.suffix.lower()
                if any(part.startswith(".") for part in p.relative_to(root).parts):
                    # .git/…, macOS ._x.txt forks, .DS_Store: a tool's files, not articles
                    other[HIDDEN] += 1
                elif suffix in SUFFIXES:
                    found.append(str(p))
                else:
                    other[suffix] += 1
            if other:
                counts = sorted(other.items(), key=lambda kv: (-kv[1], kv[0] == "", kv[0]))
                on_skipped(SkippedFiles(path, tuple(counts)))
            if not found:
                yield SourceError(path, "no articles found (files ending in "
                                  f"{', '.join(_SUFFIX_ORDER)})")
            yield from (_Input(p, path) for p in sorted(found))
        elif os.path.exists(path):
            yield _Input(path, None)
        else:
            yield SourceError(path, "no such file or folder")


def _path_id(item: _Input) -> str:
    """The path relative to the folder argument, without the suffix: ``2009-05-20/article``."""
    path = pathlib.Path(item.path)
    if item.root is None:
        return path.stem
    return path.relative_to(item.root).with_suffix("").as_posix()


def document_ids(inputs: Sequence[_Input], id_from: str = "auto") -> dict[str, str]:
    """Each input file's document id.

    ``stem``: the file name without its suffix (``article``); ``path``: the path relative to
    the folder argument it was found under (``2009-05-20/article``; a file argument: its stem);
    ``auto`` (default): the stem when no other input file of this run has the same stem, else
    the path, so date-partitioned folders (``news/2009-05-20/article.txt``,
    ``news/2009-06-03/article.txt``) keep every article. Ids stay stable as long as stems stay
    unique; a folder that will grow name clashes later should use ``path`` from the start.
    JSON Lines records name themselves (their ``id`` field) and never use these ids.
    """
    if id_from not in ID_FROM:
        raise ValueError(f"id_from must be one of {', '.join(ID_FROM)}, not {id_from!r}")
    files = [i for i in inputs if i.path != STDIN]
    stems = Counter(pathlib.Path(i.path).stem for i in files)
    ids = {}
    for item in files:
        stem = pathlib.Path(item.path).stem
        use_path = id_from == "path" or (id_from == "auto" and stems[stem] > 1)
        ids[item.path] = _path_id(item) if use_path else stem
    return ids


# How much of a JSON Lines file is looked at to decide it can be read line by line as UTF-8.
_STREAM_PROBE = 1 << 16
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _streamable_jsonl(path: str) -> bool:
    """A ``.jsonl`` file in UTF-8 (the usual case) is read line by line, so a corpus of any
    size costs the memory of one record; UTF-16/32 or NUL bytes take the whole-file path."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_STREAM_PROBE)
    except OSError:
        return False
    return bool(head.strip()) and not head.startswith(_WIDE_BOMS) and b"\x00" not in head


def _stream_jsonl(path: str, stem: str) -> Iterator[SourceDoc | SourceError]:
    seen_text = False
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):  # binary lines end at b"\n" only
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if not raw.strip():
                continue
            seen_text = True
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                try:  # one line in a legacy encoding, or with a broken byte
                    line = decode_bytes(raw)
                except ValueError as exc:
                    yield SourceError(path, f"line {number}: {exc}")
                    continue
            try:
                yield _jsonl_record(line.rstrip("\r\n"), number, path, stem)
            except _BadRecord as exc:
                yield SourceError(path, f"line {number}: {exc}")
    if not seen_text:
        yield SourceError(path, "empty document (only whitespace)")


def _read_file(path: str, doc_id: str) -> Iterator[SourceDoc | SourceError]:
    if pathlib.Path(path).suffix.lower() == ".jsonl" and _streamable_jsonl(path):
        try:
            yield from _stream_jsonl(path, doc_id)
        except OSError as exc:
            yield SourceError(path, f"cannot read: {exc.strerror or exc}")
        return
    try:
        raw = pathlib.Path(path).read_bytes()
    except OSError as exc:
        yield SourceError(path, f"cannot read: {exc.strerror or exc}")
        return
    suffix = pathlib.Path(path).suffix.lower()
    try:
        text = decode_bytes(raw)
    except ValueError as exc:
        yield SourceError(path, str(exc))
        return
    if suffix in JSONL_SUFFIXES:
        whole = _whole_json(text) if suffix == ".json" else None
        if whole is not None:  # a pretty-printed object or an array of them
            yield from _jsonl_records(whole, path, doc_id)
        else:
            yield from _jsonl_records(_json_lines(text), path, doc_id)
        return
    digest = hashlib.sha256(raw).hexdigest()
    stem = doc_id
    hints = {"path_date": when} if (when := path_date(path)) else {}
    if suffix in HTML_SUFFIXES:
        visible, page_hints = html_document(text)
        if not visible:
            yield SourceError(path, "empty document (no visible text in the HTML)")
            return
        yield SourceDoc(stem, path, visible, digest, {**hints, **page_hints})
        return
    # Web copy pasted into a .txt keeps its tags and &nbsp;: read the text, not the markup.
    yield SourceDoc(stem, path, without_pasted_markup(text), digest, hints)


def _json_lines(text: str) -> list[str]:
    """Lines of a JSON Lines text: split at \\n only. ``str.splitlines`` would also split at
    U+2028, U+0085 or \\x1c, which JSON allows raw inside strings, cutting one record in two."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def _whole_json(text: str) -> list[str] | None:
    """A ``.json`` file that is one JSON document: its records as JSON Lines, else None."""
    if "\n" not in text.strip():
        return None  # a single line is already JSON Lines
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    items = value if isinstance(value, list) else [value]
    return [json.dumps(item, ensure_ascii=False) for item in items]


def _jsonl_records(
    lines: Sequence[str], path: str, stem: str = "stdin"
) -> Iterator[SourceDoc | SourceError]:
    """One document per JSON object line (its ``id``, else ``STEM-LINE``); blank lines are
    skipped; a bad line is an error for that line only."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield _jsonl_record(line, number, path, stem)
        except _BadRecord as exc:
            yield SourceError(path, f"line {number}: {exc}")


class _BadRecord(ValueError):
    pass


def _surrogate_free(value: str, name: str) -> str:
    # json.loads accepts "\ud800" escapes; such text cannot be stored, hashed or printed.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(value[exc.start])
        raise _BadRecord(f"{name!r} has a lone surrogate (\\u{code:04x}) at {exc.start}") from exc
    return value


def _jsonl_record(line: str, number: int, path: str, stem: str) -> SourceDoc:
    try:
        record: Any = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        if isinstance(exc, json.JSONDecodeError):
            msg = f"{exc.msg} at column {exc.colno}"
            if path == STDIN and number == 1 and not line.lstrip().startswith(("{", "[")):
                msg += '; standard input is read as JSON Lines ({"id": ..., "text": ...} a ' \
                       "line): give a plain-text article as a file"
        else:
            msg = "nested too deeply"
        raise _BadRecord(f"malformed JSON ({msg})") from exc
    if not isinstance(record, dict):
        raise _BadRecord("expected a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _BadRecord('missing or empty "text"')
    text = _surrogate_free(text, "text")
    doc_id = record.get("id")
    if doc_id in (None, ""):
        doc_id = f"{stem}-{number}"
    elif isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)):
        # 1 and "1" both become "1" (a duplicate in one run is reported); true, 1.0, lists
        # would silently become other text, so they are refused.
        raise _BadRecord(f'"id" must be a string or an integer, not {type(doc_id).__name__}')
    doc_id = _surrogate_free(str(doc_id), "id")
    hints = {k: _surrogate_free(str(record[k]), k) for k in HINT_KEYS
             if record.get(k) not in (None, "")}
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SourceDoc(doc_id, f"{path}#L{number}", text, digest, hints)


def _read_stdin() -> Iterator[SourceDoc | SourceError]:
    try:
        stream = getattr(sys.stdin, "buffer", None)
        raw = stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
    except (OSError, ValueError, AttributeError) as exc:
        yield SourceError(STDIN, f"cannot read stdin: {exc}")
        return
    if not raw.strip():
        yield SourceError(STDIN, "empty input on stdin")
        return
    try:
        text = decode_bytes(raw)
    except ValueError as exc:
        yield SourceError(STDIN, str(exc))
        return
    yield from _jsonl_records(_json_lines(text), STDIN)


def iter_sources(
    paths: Sequence[str],
    *,
    id_from: str = "auto",
    on_skipped: Callable[[SkippedFiles], None] | None = None,
) -> Iterator[SourceDoc | SourceError]:
    """Every document of ``paths`` in order, or a ``SourceError`` in its place.

    ``id_from`` chooses file document ids (:func:`document_ids`). Files of a folder whose
    suffix is not one of ``SUFFIXES`` are not read: each folder's summary goes to
    ``on_skipped``, or without one is issued as a ``SkippedFilesWarning``. A folder with
    nothing to read is a ``SourceError``.
    """
    if isinstance(paths, str):  # one path given bare: not a sequence of characters
        paths = [paths]
    # Names only: the ids need every stem of the run.
    items = list(_expand(paths, on_skipped or _warn_skipped))
    ids = document_ids([i for i in items if isinstance(i, _Input)], id_from)
    for item in items:
        if isinstance(item, SourceError):
            yield item
        else:
            try:
                if item.path == STDIN:
                    yield from _read_stdin()
                else:
                    yield from _read_file(item.path, ids[item.path])
            except Exception as exc:  # one odd input must not stop the others
                yield SourceError(item.path, f"cannot read: {type(exc).__name__}: {exc}")

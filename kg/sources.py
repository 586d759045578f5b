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
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

from kg.dates import path_date, written_date

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".json"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
STDIN = "-"
HINT_KEYS = ("title", "date", "source")


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


# ---------------------------------------------------------------------------------------------
# Decoding

# How many of jieba's most frequent characters count as "common" when judging a decoding.
_COMMON_HANZI_COUNT = 2500
_MIN_WORD_FREQ = 50
# Legacy Chinese codecs we accept; GB18030 is the superset of GB2312/GBK, so those map to it.
_CHINESE_CODECS = ("gb18030", "big5hkscs")
_CODEC_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "hz": "gb18030", "big5": "big5hkscs",
                  "cp950": "big5hkscs"}
# Real Chinese scores 0.7-1.0, random bytes read as GB18030 below 0.1.
_MIN_PLAUSIBILITY = 0.3
_MIN_FOREIGN_TO_JUDGE = 20
_PLAUSIBILITY_SAMPLE = 20_000
_CJK_RUN = re.compile("[\u4e00-\u9fff]")
_CN_PUNCTUATION = frozenset("，。、；：！？“”‘’（）《》…—　【】")
_JUNK = re.compile("[\ue000-\uf8ff\u2500-\u257f\u3040-\u30ff\u0370-\u04ff\ufffd]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@lru_cache(maxsize=1)
def _common_hanzi() -> frozenset[str]:
    """The most frequent characters of jieba's dictionary, simplified and traditional.

    Mis-decoded Chinese (Big5 read as GBK and vice versa) is a uniform scatter over
    thousands of characters, symbols and private-use code points, so it hits this set far less
    often than real text.  Built only when a non-UTF-8 file shows up (~0.3 s).
    """
    import jieba

    from kg.normalize import to_traditional

    counts: Counter[str] = Counter()
    dictionary = pathlib.Path(jieba.__file__).with_name("dict.txt")
    with dictionary.open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.split(" ", 2)
            weight = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
            if weight >= _MIN_WORD_FREQ:  # rare words change nothing; skipping them is 5x faster
                for ch in parts[0]:
                    counts[ch] += weight
    top = "".join(ch for ch, _ in counts.most_common(_COMMON_HANZI_COUNT) if _CJK_RUN.match(ch))
    return frozenset(top) | frozenset(to_traditional(top))


def _hanzi_plausibility(text: str) -> float:
    """Common characters minus junk (private use, odd symbols), per non-ASCII character."""
    text = text[:_PLAUSIBILITY_SAMPLE]  # a sample decides as well as the whole file
    foreign = [ch for ch in text if ord(ch) > 0x7F]
    if not foreign:
        return 0.0
    common = _common_hanzi()
    good = sum(1 for ch in foreign if ch in common or ch in _CN_PUNCTUATION)
    junk = len(_JUNK.findall(text))
    return (good - junk) / len(foreign)


def _strict(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(raw: bytes) -> str:
    """Decode ``raw`` as Chinese text or raise ``ValueError`` with a readable reason.

    Order: BOM (UTF-8, UTF-16, UTF-32), strict UTF-8 (the fast path for almost all input),
    then the legacy Chinese codecs, chosen by how plausible the decoded characters are, with
    charset-normalizer (restricted to those codecs) breaking ties and covering non-Chinese
    single-byte text.
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            text = _strict(raw, codec)
            if text is None:
                raise ValueError(f"invalid {codec.upper()} despite its byte-order mark")
            return _checked(text)
    if not raw:
        raise ValueError("empty file")
    if b"\x00" in raw:
        utf16 = _utf16_without_bom(raw)
        if utf16 is None:
            raise ValueError("binary file (contains NUL bytes), not text")
        return _checked(utf16)
    text = _strict(raw, "utf-8")
    if text is not None:
        return _checked(text)
    # UTF-8 with a few broken bytes (a truncated download, one bad character) stays UTF-8;
    # legacy Chinese read as UTF-8 breaks on nearly every character instead.
    lenient = raw.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    if broken <= max(1, len(lenient) // 1000) and broken * 20 <= len(lenient):
        return _checked(lenient)

    candidates = {codec: t for codec in _CHINESE_CODECS if (t := _strict(raw, codec)) is not None}
    if (utf16 := _utf16_without_bom(raw)) is not None:  # all-CJK UTF-16 has no NUL bytes
        candidates["utf-16"] = utf16
    guessed = _charset_normalizer_guess(raw)
    if guessed is not None:
        codec = _CODEC_ALIASES.get(guessed, guessed)
        if codec not in candidates and (t := _strict(raw, codec)) is not None:
            candidates[codec] = t
    if not candidates:
        raise ValueError("undecodable: not UTF-8, GB18030, Big5 or UTF-16")

    def score(item: tuple[str, str]) -> tuple[float, bool]:
        codec, text = item
        return (_hanzi_plausibility(text), codec == _CODEC_ALIASES.get(guessed or "", guessed))

    _, best = max(candidates.items(), key=score)
    sample = best[:_PLAUSIBILITY_SAMPLE]
    if (
        _hanzi_plausibility(sample) < _MIN_PLAUSIBILITY
        and sum(1 for ch in sample if ord(ch) > 0x7F) > _MIN_FOREIGN_TO_JUDGE
    ):
        raise ValueError("undecodable: no supported encoding gives readable Chinese")
    return _checked(best)


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 (LE or BE) without a byte-order mark, when one reading is plausible text.

    ASCII in UTF-16 has a NUL in every other byte, Chinese in UTF-16 decodes to common
    characters; random bytes give neither (scattered code points, control characters).
    """
    if len(raw) % 2:
        return None
    best: tuple[float, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        text = _strict(raw, codec)
        if text is None or "\x00" in text:
            continue
        sample = text[:_PLAUSIBILITY_SAMPLE]
        if len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
            continue
        foreign = sum(1 for ch in sample if ord(ch) > 0x7F)
        score = _hanzi_plausibility(sample) if foreign else 1.0
        if foreign > _MIN_FOREIGN_TO_JUDGE and score < _MIN_PLAUSIBILITY:
            continue
        if best is None or score > best[0]:
            best = (score, text)
    return best[1] if best else None


def _charset_normalizer_guess(raw: bytes) -> str | None:
    from charset_normalizer import from_bytes

    match = from_bytes(raw, cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    return match.encoding if match is not None else None


def _checked(text: str) -> str:
    """Reject text that decoded but is not prose: empty, blank, or full of control codes."""
    if not text:
        raise ValueError("empty file")
    if not text.strip():
        raise ValueError("empty document (only whitespace)")
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise ValueError("binary file (control characters), not text")
    return text


# ---------------------------------------------------------------------------------------------
# HTML

_SKIP_TAGS = frozenset({"script", "style", "nav", "header", "footer", "noscript", "template",
                        "svg", "iframe", "select", "button", "aside"})
# A page's header/footer is chrome; an <article>'s own header holds its headline and byline.
_PAGE_CHROME_TAGS = frozenset({"header", "footer"})
_BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "table",
    "tbody", "td", "th", "thead", "tr", "ul", "title", "body", "html",
})
_HTML_BLANKS = re.compile(r"[ \t\r\f\v]*\n[\s]*")
_HTML_SPACES = re.compile(r"[ \t\r\f\v]+")


class _VisibleText(HTMLParser):
    """Collects the visible text; block elements become line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self._skipping: list[str] = []  # open elements whose content is hidden
        self._article_depth = 0
        self._in_title = False
        self.meta_date: str | None = None  # from a publication-date meta tag
        self.time_date: str | None = None  # from the first <time datetime="…">

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "time"):
            self._date_tag(tag, dict(attrs))
        if tag == "title":
            self._in_title = True
        elif tag == "article":
            self._article_depth += 1
        if tag in _SKIP_TAGS and not (tag in _PAGE_CHROME_TAGS and self._article_depth):
            self._skipping.append(tag)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def _date_tag(self, tag: str, attrs: dict[str, str | None]) -> None:
        """``<meta name="publishdate" content="…">`` and the like; ``<time datetime>`` only
        when no meta tag names the date."""
        if tag == "meta":
            key = next((attrs[k] for k in ("name", "property", "itemprop", "http-equiv")
                        if attrs.get(k)), None)
            if key and key.strip().lower() in _META_DATE_KEYS and not self.meta_date:
                self.meta_date = written_date(attrs.get("content") or "")
        elif not self.time_date and attrs.get("datetime"):
            self.time_date = written_date(attrs.get("datetime") or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("meta", "time"):
            self._date_tag(tag, dict(attrs))
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "article":
            self._article_depth = max(0, self._article_depth - 1)
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        elif not self._skipping:
            self.parts.append(data)


# Meta tags that carry the publication date (name, property or itemprop; compared lowercased).
_META_DATE_KEYS = frozenset({
    "article:published_time", "og:published_time", "og:release_date", "datepublished",
    "publishdate", "publish_date", "publish-date", "publishtime", "publish_time", "pubdate",
    "publicationdate", "publication_date", "date", "dc.date", "dc.date.issued",
    "dcterms.date", "dcterms.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
    "firstpublishedtime", "weibo:article:create_at", "createdate", "releasedate",
})

# A numeric character reference beyond U+10FFFF is invalid whatever its length; browsers show
# U+FFFD. Caught here because html.unescape would convert thousands of digits to an int.
_OVERLONG_CHARREF = re.compile(r"&#(?:[xX]0*[0-9a-fA-F]{7,}|0*[0-9]{8,});?")


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Visible text of an HTML page (blocks on their own lines) and its ``<title>``."""
    text, hints = html_document(markup)
    return text, hints.get("title")


def html_document(markup: str) -> tuple[str, dict[str, str]]:
    """Visible text of an HTML page and its hints: ``title`` (of ``<title>``) and ``date``
    (of a publication-date meta tag, else the first ``<time datetime>``)."""
    parser = _VisibleText()
    parser.feed(_OVERLONG_CHARREF.sub("\ufffd", markup))
    parser.close()
    text = _HTML_SPACES.sub(" ", "".join(parser.parts))
    text = _HTML_BLANKS.sub("\n", text).strip()
    title = _without_site_name(_HTML_SPACES.sub(" ", "".join(parser.title_parts)).strip())
    hints = {"title": title} if title else {}
    if date := parser.meta_date or parser.time_date:
        hints["date"] = date
    return text, hints


# 县里新建一座图书馆_新闻中心_某某网 / 标题 - 某某网 / 标题|某某网: the headline comes first.
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\s[-–—|｜]\s|[|｜])\s*")
_MIN_HEADLINE_CHARS = 4


def _without_site_name(title: str) -> str:
    head = _TITLE_SEPARATORS.split(title, maxsplit=1)[0].strip()
    return head if len(head) >= _MIN_HEADLINE_CHARS else title


# ---------------------------------------------------------------------------------------------
# Inputs


ID_FROM = ("auto", "stem", "path")


@dataclass(frozen=True, slots=True)
class _Input:
    path: str
    root: str | None  # the folder argument this file was found under, None for a file argument


def _expand(paths: Sequence[str]) -> Iterator[_Input | SourceError]:
    """Files in the order given; folders recursively, sorted, only known suffixes."""
    for path in paths:
        if path == STDIN:
            yield _Input(path, None)
        elif os.path.isdir(path):
            found = sorted(
                str(p) for p in pathlib.Path(path).rglob("*")
                if p.suffix.lower() in SUFFIXES and p.is_file()
            )
            yield from (_Input(p, path) for p in found)
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
    yield SourceDoc(stem, path, text, digest, hints)


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
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
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
    paths: Sequence[str], *, id_from: str = "auto"
) -> Iterator[SourceDoc | SourceError]:
    """Every document of ``paths`` in order, or a ``SourceError`` in its place.

    ``id_from`` chooses file document ids (:func:`document_ids`).
    """
    if isinstance(paths, str):  # one path given bare: not a sequence of characters
        paths = [paths]
    items = list(_expand(paths))  # names only: the ids need every stem of the run
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

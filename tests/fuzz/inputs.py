"""Hypothesis strategies for hostile inputs: every kind of file ``kg`` reads, made wrong.

Text is built from fragments written for these tests (news-like Chinese, datelines, quotes,
pinyin in parentheses) mixed with the characters that break text tools: zero-width and bidi
marks, emoji, unpaired quotes and brackets, line separators, control codes and long runs
without punctuation. Files are then encoded as UTF-8, GB18030, Big5, UTF-16 with or without a
byte-order mark, truncated, or replaced by random bytes; HTML gets deep nesting, scripts,
entities (also absurd ones) and huge or unclosed attributes; JSON Lines gets wrong types, lone
surrogates, duplicate ids and broken lines.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass

from hypothesis import strategies as st

FRAGMENTS = [
    "新华社北京3月5日电", "（记者王小明）", "记者李华报道：", "湖北省武汉市", "广东省",
    "李强说：“我们一定能打赢这场仗。”", "张伟会见了来访的代表团。", "他表示，", "。", "，",
    "、", "；", "！", "？", "“", "”", "《人民日报》", "（Zhōngguó）", "(Běijīng)", "国务院",
    "中国红十字会向灾区捐赠了100万元。", "医疗队奔赴湖北。", "2022年1月2日", "昨天", "\n",
    "\n\n", " ", "\u3000", "【", "】", "《", "）", "（", "‘", "’", "「", "」",
]
ODD_CHARS = [
    "\u200b", "\u200c", "\u200d", "\ufeff", "\u202e", "\u202d", "\u2066", "\u2069", "\u2028",
    "\u2029", "\u0085", "\x1c", "\x0b", "\t", "\r", "😀", "👨‍👩‍👧", "🇨🇳", "\U00020000", "\ufffd",
    "[/]", "[bold]", "\\", "&", "<", ">", '"', "'", "`", "{", "}",
]
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "utf-16-le", "utf-16-be",
             "utf-32"]


@dataclass(frozen=True)
class InputFile:
    name: str  # file name inside the run's folder
    data: bytes
    records: int | None = None  # JSON Lines: non-blank lines, each one document or one error


def texts(max_pieces: int = 30) -> st.SearchStrategy[str]:
    piece = st.one_of(
        st.sampled_from(FRAGMENTS),
        st.sampled_from(ODD_CHARS),
        st.text(min_size=1, max_size=8),
    )
    # Now and then a long run without punctuation (the quadratic-time inputs of the past).
    long_run = st.builds(lambda ch, n: ch * n, st.sampled_from("国王甲a中"), st.integers(200, 3000))
    pieces = st.lists(piece, min_size=1, max_size=max_pieces)
    with_run = st.tuples(pieces, long_run, pieces).map(lambda t: [*t[0], t[1], *t[2]])
    return st.one_of(pieces, pieces, pieces, with_run).map("".join)


@st.composite
def encoded(draw: st.DrawFn, text: str) -> bytes:
    codec = draw(st.sampled_from(ENCODINGS))
    raw = text.encode(codec, errors="replace" if codec in ("gb18030", "big5") else "surrogatepass")
    if codec == "utf-16-le" and draw(st.booleans()):
        raw = codecs.BOM_UTF16_LE + raw
    mangle = draw(st.sampled_from(["none", "none", "truncate", "flip", "random"]))
    if mangle == "truncate" and raw:
        raw = raw[: draw(st.integers(0, len(raw) - 1))]
    elif mangle == "flip" and raw:
        at = draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + bytes([raw[at] ^ 0x80]) + raw[at + 1 :]
    elif mangle == "random":
        raw = draw(st.binary(max_size=300))
    return raw


@st.composite
def text_files(draw: st.DrawFn, index: int) -> InputFile:
    return InputFile(f"t{index}.txt", draw(encoded(draw(texts()))))


@st.composite
def html_files(draw: st.DrawFn, index: int) -> InputFile:
    body = draw(texts(20))
    depth = draw(st.sampled_from([0, 1, 5, 50, 2000]))
    tag = draw(st.sampled_from(["div", "p", "span", "b", "article", "section"]))
    extras = draw(st.lists(st.sampled_from([
        "<script>var a = '</p>';</script>", "<style>p{}</style>", "&amp;", "&#x4e2d;",
        "&#20013;", "&#" + "9" * 5000 + ";", "&#x" + "f" * 300 + ";", "&nbsp;", "&bogus;",
        "<br/>", "<!-- c -->", '<a href="' + "x" * 20000 + '">链接</a>', '<img alt="unclosed>',
        "<title>标题_某某网</title>", "<![CDATA[x]]>", "</div></div>", "<p", "<",
    ]), max_size=4))
    markup = "<html><body>" + f"<{tag}>" * depth + body + "".join(extras) + f"</{tag}>" * depth
    return InputFile(f"h{index}.html", draw(encoded(markup)) if draw(st.booleans())
                     else markup.encode("utf-8", "surrogatepass"))


@st.composite
def jsonl_files(draw: st.DrawFn, index: int, ids: list[str]) -> InputFile:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["good", "good", "surrogate", "types", "broken", "dup"]))
        text = draw(texts(12))
        record: dict[str, object] = {"id": f"j{index}-{len(lines)}", "text": text}
        if kind == "surrogate":
            field = draw(st.sampled_from(["text", "id", "title"]))
            line = json.dumps({**record, field: "坏\ud800字"})  # ensure_ascii keeps the escape
        elif kind == "types":
            record[draw(st.sampled_from(["id", "text", "title", "date"]))] = draw(st.sampled_from(
                [1, 1.5, True, None, [], {"a": 1}, "1"]))
            line = json.dumps(record, ensure_ascii=False)
        elif kind == "broken":
            line = json.dumps(record, ensure_ascii=False)[: draw(st.integers(1, 20))] + "\u2028"
        else:
            if kind == "dup" and ids:
                record["id"] = draw(st.sampled_from(ids))
            ids.append(str(record["id"]))
            line = json.dumps(record, ensure_ascii=draw(st.booleans()))
        lines.append(line)
    blank = draw(st.sampled_from(["", "\n", "\n\n  \n"]))
    data = (blank + "\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    return InputFile(f"j{index}.jsonl", data, records=len(lines))


@st.composite
def input_sets(draw: st.DrawFn) -> list[InputFile]:
    """One run's inputs: a few files of mixed kinds."""
    ids: list[str] = []
    files: list[InputFile] = []
    for index in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["txt", "html", "jsonl"]))
        if kind == "txt":
            files.append(draw(text_files(index)))
        elif kind == "html":
            files.append(draw(html_files(index)))
        else:
            files.append(draw(jsonl_files(index, ids)))
    return files

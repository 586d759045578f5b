"""kg.sources: decoding, HTML, JSON Lines, folders, stdin and error reporting."""

from __future__ import annotations

import codecs
import hashlib
import io
import pathlib

import pytest

from kg.sources import (
    SourceDoc,
    SourceError,
    decode_bytes,
    html_document,
    html_to_text,
    iter_sources,
    path_date,
)

FIXTURES = pathlib.Path(__file__).parent / "fixtures"


def _one(path: pathlib.Path) -> SourceDoc | SourceError:
    items = list(iter_sources([str(path)]))
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize(
    ("name", "expected_text"),
    [
        ("gbk_article.txt", "市政府今天召开会议，研究部署春季农业生产工作。"),
        ("big5_article.txt", "市政府今天召開會議，研究部署春季農業生產工作。"),
        ("utf16_bom_article.txt", "记者从省卫生健康委获悉，全省新增病例为零。"),
        ("utf8_bom_article.txt", "图书馆将于下月起延长开放时间。"),
    ],
)
def test_encodings_decode_to_the_written_text(name: str, expected_text: str) -> None:
    doc = _one(FIXTURES / name)
    assert isinstance(doc, SourceDoc)
    assert doc.text == expected_text
    assert doc.id == pathlib.Path(name).stem
    assert doc.sha256 == hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("name", "message_part"),
    [
        ("binary_blob.txt", "binary"),
        ("empty.txt", "empty file"),
        ("whitespace_only.txt", "only whitespace"),
    ],
)
def test_unusable_files_become_errors(name: str, message_part: str) -> None:
    err = _one(FIXTURES / name)
    assert isinstance(err, SourceError)
    assert message_part in err.message
    assert str(err) == f"{FIXTURES / name}: {err.message}"


def test_missing_path_is_an_error_not_an_exception() -> None:
    err = _one(FIXTURES / "does-not-exist.txt")
    assert isinstance(err, SourceError)
    assert "no such file" in err.message


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("省长今天在会上讲话。", "gb18030"),
        ("省長今天在會上講話。", "big5"),
        ("他说", "gbk"),
        ("新冠肺炎疫情防控工作", "big5"),
        ("新冠肺炎疫情防控工作", "gb2312"),
        ("國務院總理今天會見外賓", "gb18030"),  # traditional characters in a GB file
        ("Plain ASCII text.", "ascii"),
        ("记者王明报道", "utf-16"),  # Python's utf-16 codec writes a BOM
    ],
)
def test_decode_bytes_prefers_the_plausible_chinese_reading(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec)) == text


def test_utf8_with_a_broken_byte_stays_utf8() -> None:
    first, second = "第一段正文写了一些内容。" * 2, "第二段正文也写了一些内容。" * 2
    raw = first.encode() + b"\xe4\xb8" + second.encode()
    assert decode_bytes(raw) == first + "\ufffd" + second


@pytest.mark.parametrize(
    ("raw", "message_part"),
    [
        (b"", "empty file"),
        (b"abc\x00def", "binary"),
        (codecs.BOM_UTF8 + b" \n\t", "only whitespace"),
        (bytes([0x01, 0x02, 0x03, 0x04, 0x05]) * 10, "control characters"),
        (bytes(range(0x81, 0xFF)) * 8, "undecodable"),
    ],
)
def test_decode_bytes_rejects_non_text(raw: bytes, message_part: str) -> None:
    with pytest.raises(ValueError, match=message_part):
        decode_bytes(raw)


def test_html_keeps_visible_text_and_title() -> None:
    doc = _one(FIXTURES / "page.html")
    assert isinstance(doc, SourceDoc)
    assert doc.hints == {"title": "县里新建一座图书馆"}
    lines = doc.text.split("\n")
    assert lines[0] == "县里新建一座图书馆"
    assert "馆长王小明说，欢迎大家来读书。" in lines
    for hidden in ("不可见的脚本", "color", "网站首页", "首页", "版权所有"):
        assert hidden not in doc.text


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>第一段</p><p>第二段</p>", "第一段\n第二段"),
        ("<div>一<br>二</div>", "一\n二"),
        ("<p>A &amp; B&#x4e2d;</p>", "A & B中"),
        ("<ul><li>甲</li><li>乙</li></ul><aside>广告</aside>", "甲\n乙"),
        (
            "<header>站名</header><article><header><h1>标题</h1></header><p>正文</p>"
            "<footer>作者</footer></article><footer>版权</footer>",
            "标题\n正文\n作者",
        ),
        ("<nav><ul><li>首页</li></ul></nav><p>正文</p>", "正文"),
        ("<form id='aspnet'><p>整页都在表单里</p></form>", "整页都在表单里"),
    ],
)
def test_html_blocks_become_lines(markup: str, expected: str) -> None:
    assert html_to_text(markup)[0] == expected


@pytest.mark.parametrize(
    ("markup", "title"),
    [
        ("<title>区里新开一所学校_教育频道_示例网</title>", "区里新开一所学校"),
        ("<title>区里新开一所学校 - 示例网</title>", "区里新开一所学校"),
        ("<title>新闻|示例网</title>", "新闻|示例网"),  # too short a head: keep all
        ("<title> </title>", None),
    ],
)
def test_html_title_drops_the_site_name(markup: str, title: str | None) -> None:
    assert html_to_text(markup + "<p>正文</p>")[1] == title


def test_html_without_closing_head_still_has_text() -> None:
    text, title = html_to_text("<html><head><title>标题</title><p>正文一句。</p>")
    assert (text, title) == ("正文一句。", "标题")


def test_pretty_printed_json_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text(
        '[\n  {"id": "p1", "text": "第一篇。"},\n  {"id": "p2", "text": "第二篇。"}\n]\n',
        encoding="utf-8",
    )
    docs = list(iter_sources([str(path)]))
    assert [(d.id, d.text) for d in docs] == [("p1", "第一篇。"), ("p2", "第二篇。")]


def test_jsonl_records_and_bad_lines_keep_flowing() -> None:
    items = list(iter_sources([str(FIXTURES / "records.jsonl")]))
    docs = [i for i in items if isinstance(i, SourceDoc)]
    errors = [i for i in items if isinstance(i, SourceError)]
    assert [d.id for d in docs] == ["a1", "a5"]
    assert docs[0].hints == {"title": "区长视察学校", "date": "2021-03-04", "source": "示例日报"}
    assert docs[0].path.endswith("records.jsonl#L1")
    assert docs[0].sha256 == hashlib.sha256(docs[0].text.encode("utf-8")).hexdigest()
    assert [e.message.split(":")[0] for e in errors] == ["line 2", "line 4", "line 5"]
    assert all(e.path.endswith("records.jsonl") for e in errors)


def test_folder_is_recursive_sorted_and_filtered(tmp_path: pathlib.Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("乙文", encoding="utf-8")
    (tmp_path / "a.txt").write_text("甲文", encoding="utf-8")
    (tmp_path / "notes.pdf").write_text("不读", encoding="utf-8")
    (tmp_path / "c.htm").write_text("<p>丙文</p>", encoding="utf-8")
    docs = list(iter_sources([str(tmp_path)], on_skipped=lambda skipped: None))
    assert [pathlib.Path(d.path).relative_to(tmp_path).as_posix() for d in docs] == [
        "a.txt",
        "b/z.txt",
        "c.htm",
    ]
    assert [(d.id, d.text) for d in docs] == [("a", "甲文"), ("z", "乙文"), ("c", "丙文")]


def test_stdin_is_json_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    data = '{"id": "x", "text": "第一篇"}\n{oops\n{"text": "第二篇"}\n'.encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    items = list(iter_sources(["-"]))
    assert [type(i).__name__ for i in items] == ["SourceDoc", "SourceError", "SourceDoc"]
    assert items[0].id == "x" and items[0].path == "-#L1"
    assert items[2].id == "stdin-3"
    assert str(items[1]).startswith("-: line 2: malformed JSON")


def test_dev_articles_survive_legacy_encodings(shared: pathlib.Path) -> None:
    """Every dev article re-encoded as GB18030 (and Big5 when it fits) decodes back."""
    paths = sorted((shared / "corpus").glob("*.txt")) + sorted(
        (shared / "corpus-news2009").glob("*.txt")
    )
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert decode_bytes(text.encode("gb18030")) == text, path
        try:
            big5 = text.encode("big5hkscs")
        except UnicodeEncodeError:
            continue
        assert decode_bytes(big5) == text, path


# ---------------------------------------------------------------------------------------------
# Document ids


def _partitioned_copy(shared: pathlib.Path, root: pathlib.Path) -> list[pathlib.Path]:
    """The examples and dev corpora twice, under two date folders (news/DATE/STEM.txt)."""
    sources = [p for folder in (shared / "corpus", shared / "corpus-news2009",
                                shared / "cctv-corpus", pathlib.Path("examples"))
               for p in sorted(folder.glob("*.txt"))]
    written = []
    for date in ("2009-05-20", "2009-06-03"):
        for src in sources:
            target = root / "news" / date / src.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(src.read_bytes())
            written.append(target)
    return written


@pytest.mark.parametrize("id_from", ["auto", "path"])
def test_date_partitioned_corpus_has_no_id_collisions(
    shared: pathlib.Path, tmp_path: pathlib.Path, id_from: str
) -> None:
    written = _partitioned_copy(shared, tmp_path)
    docs = [d for d in iter_sources([str(tmp_path / "news")], id_from=id_from)
            if isinstance(d, SourceDoc)]
    ids = [d.id for d in docs]
    assert len(ids) == len(set(ids)) == len(written)
    first = docs[0]
    assert first.id == pathlib.Path(first.path).relative_to(tmp_path / "news").with_suffix(
        "").as_posix()
    assert first.id.startswith("2009-05-20/")


@pytest.mark.parametrize(
    ("files", "id_from", "ids"),
    [
        (["2009-05-20/article.txt", "2009-06-03/article.txt", "2009-06-03/other.txt"], "auto",
         ["2009-05-20/article", "2009-06-03/article", "other"]),
        (["a/x.txt", "b/y.txt"], "auto", ["x", "y"]),  # stems unique: ids stay the stems
        (["a/x.txt", "b/y.txt"], "path", ["a/x", "b/y"]),
        (["a/x.txt", "b/x.txt"], "stem", ["x", "x"]),  # the pipeline reports the duplicate
        (["a/x.txt", "feed.jsonl"], "path", ["a/x", "one", "feed-2"]),  # JSON Lines id wins
    ],
)
def test_document_ids(tmp_path: pathlib.Path, files: list[str], id_from: str,
                      ids: list[str]) -> None:
    for name in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".jsonl":
            path.write_text('{"id": "one", "text": "第一篇。"}\n{"text": "第二篇。"}\n',
                            encoding="utf-8")
        else:
            path.write_text("湖北省卫健委主任说。", encoding="utf-8")
    docs = [d for d in iter_sources([str(tmp_path)], id_from=id_from)
            if isinstance(d, SourceDoc)]
    assert [d.id for d in docs] == ids


def test_unknown_id_scheme_is_refused(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="id_from must be one of"):
        list(iter_sources([str(tmp_path)], id_from="hash"))


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    ["记者从省卫生健康委获悉，全省新增病例为零。", "2022年3月5日 新华社电 记者王小明报道 ABC"],
)
def test_utf16_without_a_byte_order_mark_decodes(codec: str, text: str) -> None:
    assert decode_bytes(text.encode(codec)) == text


def test_an_absurd_numeric_entity_costs_one_character_not_the_page() -> None:
    text, _ = html_to_text("<p>会议&#" + "9" * 5000 + ";召开&#x4e2d;&#20013;</p>")
    assert text == "会议\ufffd召开中中"


def jsonl_items(tmp_path: pathlib.Path, lines: list[str]) -> list[SourceDoc | SourceError]:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return list(iter_sources([str(path)]))


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ('{"id": "a", "text": "坏\\ud800字"}', "'text' has a lone surrogate (\\ud800)"),
        ('{"id": "\\udc00", "text": "好"}', "'id' has a lone surrogate"),
        ('{"id": "a", "title": "\\ud83d", "text": "好"}', "'title' has a lone surrogate"),
        ('{"id": true, "text": "好"}', '"id" must be a string or an integer, not bool'),
        ('{"id": 1.5, "text": "好"}', "not float"),
        ('{"id": ["x"], "text": "好"}', "not list"),
        ("[" * 100_000, "nested too deeply"),
    ],
)
def test_a_bad_json_lines_record_is_reported_and_later_records_survive(
    tmp_path: pathlib.Path, bad_line: str, message: str
) -> None:
    items = jsonl_items(tmp_path, ['{"id": "first", "text": "一。"}', bad_line,
                                   '{"id": "last", "text": "三。"}'])
    assert [i.id for i in items if isinstance(i, SourceDoc)] == ["first", "last"]
    (error,) = [i for i in items if isinstance(i, SourceError)]
    assert error.message.startswith("line 2: ") and message in error.message


def test_integer_ids_become_text_and_a_clash_with_the_same_string_is_reported(
    tmp_path: pathlib.Path,
) -> None:
    from kg.pipeline import iter_results

    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 1, "text": "一。"}\n{"id": "1", "text": "二。"}\n', encoding="utf-8")
    results = list(iter_results([str(path)], workers=1))
    assert results[0].doc == "1"
    assert isinstance(results[1], SourceError) and "duplicate document id '1'" in str(results[1])


def test_a_line_separator_inside_a_json_string_does_not_split_the_record(
    tmp_path: pathlib.Path,
) -> None:
    items = jsonl_items(tmp_path, ['{"id": "a", "text": "甲\u2028乙\u2029丙\u0085丁"}'])
    assert [(i.id, i.text) for i in items] == [("a", "甲\u2028乙\u2029丙\u0085丁")]


def test_json_lines_stream_line_by_line_each_line_decoded_on_its_own(
    tmp_path: pathlib.Path,
) -> None:
    path = tmp_path / "mixed.jsonl"
    gbk = '{"id": "g", "text": "市政府今天召开会议，研究部署春季农业生产工作。"}'.encode("gb18030")
    lines = [codecs.BOM_UTF8 + '{"id": "u", "text": "一。"}\r'.encode(), gbk,
             b'{"id": "x", "text": "\xff\xfe\xfa"}', b'{"id": "v", "text": "\xe4\xba\x8c"}']
    path.write_bytes(b"\n".join(lines))
    items = list(iter_sources([str(path)]))
    assert [(i.id, i.text) for i in items if isinstance(i, SourceDoc)] == [
        ("u", "一。"), ("g", "市政府今天召开会议，研究部署春季农业生产工作。"), ("v", "二")]
    (error,) = [i for i in items if isinstance(i, SourceError)]
    assert error.message.startswith("line 3: ")


@pytest.mark.parametrize(
    ("path", "date"),
    [
        ("news/2009-05-20/article.txt", "2009-05-20"),  # a date-partitioned folder
        ("rmrb-20200210-01-05.txt", "2020-02-10"),  # a dated file name
        ("archive/2009/05/20/story.html", "2009-05-20"),
        ("2019-01-01/copy-2009-05-20.txt", "2009-05-20"),  # the one nearest the name wins
        ("rmrb20200210.txt", "2020-02-10"),
        ("corpus/001_4ea96290340b9324.txt", None),  # digits inside a hash
        ("a20200210b.txt", None),
        ("report-20201340.txt", None),  # no 40th of the 13th month
        ("item-123456789.txt", None),
    ],
)
def test_path_date(path: str, date: str | None) -> None:
    assert path_date(path) == date


@pytest.mark.parametrize(
    ("head", "date"),
    [
        ('<meta property="article:published_time" content="2021-06-18T09:30:00+08:00">',
         "2021-06-18"),
        ('<meta name="PubDate" content="2021/6/8 09:30">', "2021-06-08"),
        ('<meta name="publishdate" content="2021年6月8日">', "2021-06-08"),
        ('<meta itemprop="datePublished" content="20210608">', "2021-06-08"),
        ('<meta name="keywords" content="2021-06-18">', None),  # not a date tag
        ('<meta name="description" content="会议">', None),
    ],
)
def test_html_meta_date(head: str, date: str | None) -> None:
    text, hints = html_document(f"<html><head>{head}</head><body><p>正文一句。</p></body></html>")
    assert text == "正文一句。"
    assert hints.get("date") == date


def test_html_time_element_when_no_meta_tag() -> None:
    markup = '<article><time datetime="2021-06-18">6月18日</time><p>正文。</p></article>'
    assert html_document(markup)[1] == {"date": "2021-06-18"}
    with_meta = '<meta name="pubdate" content="2021-06-17">' + markup
    assert html_document(with_meta)[1] == {"date": "2021-06-17"}


def test_files_carry_their_path_date_jsonl_records_do_not(tmp_path: pathlib.Path) -> None:
    folder = tmp_path / "2009-05-20"
    folder.mkdir()
    (folder / "article.txt").write_text("正文一句。", encoding="utf-8")
    (folder / "items.jsonl").write_text('{"id": "a", "text": "正文。"}\n', encoding="utf-8")
    docs = {d.id: d for d in iter_sources([str(tmp_path)]) if isinstance(d, SourceDoc)}
    assert docs["article"].hints == {"path_date": "2009-05-20"}
    assert docs["a"].hints == {}


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("<b>浙江省长</b>周海涛到杭州市考察&nbsp;&amp;调研", "浙江省长周海涛到杭州市考察 &调研"),
        ("标题一行\n<p>正文第一段。</p><p>第二段。</p>", "标题一行\n\n正文第一段。\n\n第二段。\n"),
        ("《<政府工作报告>》指出，a<b 时成立。", "《<政府工作报告>》指出，a<b 时成立。"),
    ],
)
def test_web_copy_pasted_into_a_text_file_is_read_as_text(
    tmp_path: pathlib.Path, raw: str, text: str
) -> None:
    path = tmp_path / "pasted.txt"
    path.write_text(raw, encoding="utf-8")
    (doc,) = list(iter_sources([str(path)]))
    assert doc.text == text

"""HTML pages to their visible text, headline and publication date (meta tags or <time>)."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from kg.dates import written_date

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


# Tags and character references pasted into plain text with web copy (<b>省长</b>, &nbsp;):
# a fixed set of common HTML element names, so that "a<b" or "<政府工作报告>" stay text.
_ELEMENTS = ("|".join(sorted(_BLOCK_TAGS | {"a", "b", "i", "u", "em", "strong", "span", "font",
                                           "img", "small", "sup", "sub", "center"}, key=len,
                             reverse=True)))
_PASTED_TAG = re.compile(rf"</?(?P<name>{_ELEMENTS})(?:\s[^<>\n]*)?/?>", re.IGNORECASE)
_PASTED_REF = re.compile(r"&(?:[a-zA-Z]{2,8}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


def without_pasted_markup(text: str) -> str:
    """Plain text with the HTML a web copy left in it removed: a block tag (<p>, <br>) ends its
    line, an inline tag (<b>) goes, a character reference (&nbsp;, &amp;) becomes its character.
    Line breaks of the text stay (they are its structure: the headline is the first line), so
    this is not :func:`html_document`, which reads newlines as spaces.

    >>> without_pasted_markup("<b>浙江省长</b>周海涛到杭州市考察&nbsp;&amp;调研<br>次日返回")
    '浙江省长周海涛到杭州市考察 &调研\\n次日返回'
    >>> without_pasted_markup("<政府工作报告>指出 a<b")
    '<政府工作报告>指出 a<b'
    """
    if "<" not in text and "&" not in text:
        return text

    def tag(match: re.Match[str]) -> str:
        name = match.group("name").lower()
        return "\n" if name in _BLOCK_TAGS and name not in ("title", "body", "html") else ""

    text = _PASTED_TAG.sub(tag, text).lstrip("\n")  # an opening <p> starts no empty line
    return _PASTED_REF.sub(lambda m: unescape(m.group()).replace("\xa0", " "), text)

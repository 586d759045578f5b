"""The Neo4j Browser guide of the question library: ``cypher/guide.html``.

One slide per registry question: its description in English and Chinese, its parameters, and
its ``cypher/<name>.cypher`` file as a click-to-run block (the ``:param`` lines and the
statement; Browser's multi-statement editor runs them in order). Regenerate the file with
``python -m kg.questions.guide > cypher/guide.html``; a test keeps it in step with the files.

Browser fetches a guide cross-origin, so the server must send a CORS header: ``python -m
kg.questions.guide --serve 8001`` serves the guide that way, for ``:play
http://localhost:8001/guide.html``.

>>> "said.cypher" in render_guide()
True
"""

from __future__ import annotations

import html
import http.server
import sys

from kg.questions.registry import QUESTIONS, Question

_SLIDE = """  <slide class="row-fluid">
    <div class="col-sm-12">
      <h3>{title}</h3>
      <p>{title_zh} &mdash; <code>kg ask {name}</code>, <code>cypher/{name}.cypher</code></p>
{params}
      <pre class="pre-scrollable code runnable">{code}</pre>
    </div>
  </slide>
"""


def _params(question: Question) -> str:
    if not question.params:
        return "      <p>No parameters.</p>"
    items = "".join(
        f"<li><code>${html.escape(p.name)}</code> &mdash; {html.escape(p.help)}</li>"
        for p in question.params
    )
    return f"      <ul>{items}</ul>"


def render_guide() -> str:
    """The guide's HTML; every text from the files and the registry is escaped."""
    slides = [_SLIDE.format(
        title=html.escape(q.title_en), title_zh=html.escape(q.title_zh),
        name=html.escape(q.name), params=_params(q),
        code=html.escape(q.cypher_path.read_text(encoding="utf-8").strip()),
    ) for q in QUESTIONS]
    index = "".join(f"<li>{html.escape(q.title_en)} ({html.escape(q.title_zh)})</li>"
                    for q in QUESTIONS)
    intro = _SLIDE.format(
        title="kg question library", title_zh="问题库", name="QUESTION",
        params=f"      <p>Load the graph with <code>kg load</code>; each next slide is one "
               f"question: click its block, then run it.</p>\n      <ol>{index}</ol>",
        code=html.escape(":param who => '冯玉臻';\nMATCH (n:Person {name: $who}) RETURN n;"))
    return ('<article class="guide">\n<carousel class="deck container-fluid">\n'
            + intro + "".join(slides) + "</carousel>\n</article>\n")


class GuideHandler(http.server.BaseHTTPRequestHandler):
    """Serves the guide (rendered afresh) at ``/guide.html``, with the CORS header Browser needs."""

    def do_GET(self) -> None:
        if self.path.split("?")[0] not in ("/", "/guide.html"):
            self.send_error(404, "only /guide.html is here")
            return
        body = render_guide().encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write(f"guide: {format % args}\n")


def serve(port: int, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    """A server of the guide on ``host:port`` (call ``serve_forever`` on it)."""
    return http.server.ThreadingHTTPServer((host, port), GuideHandler)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        port = int(sys.argv[2]) if len(sys.argv) > 2 else 8001
        print(f"Neo4j Browser: :play http://localhost:{port}/guide.html", file=sys.stderr)
        serve(port).serve_forever()
    else:
        print(render_guide(), end="")

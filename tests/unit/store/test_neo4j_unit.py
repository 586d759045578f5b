"""The Neo4j writer without a server: allow-lists, generated Cypher, schema file, errors."""

from __future__ import annotations

import pathlib

import pytest
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from kg.graph import NODE_LABELS, STRUCTURAL_TYPES
from kg.records import PREDICATES
from kg.store import StoreError
from kg.store.neo4j import Neo4jStore, _translate, connect, schema_statements
from kg.store.neo4j_admin import import_arguments, write_import_files
from kg.store.neo4j_connect import scrub, split_credentials
from kg.store.neo4j_rows import neo4j_props, neo4j_value

ROOT = pathlib.Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("label", ["Person) DETACH DELETE (x", "person", "Leftover", ""])
def test_unknown_labels_never_reach_a_query(label: str) -> None:
    with pytest.raises(StoreError, match="unknown node label"):
        Neo4jStore.node_query(label)


@pytest.mark.parametrize("rel_type", ["SAID]->() DELETE r //", "said", "", "A" * 80, "1ABC"])
def test_bad_relationship_types_never_reach_a_query(rel_type: str) -> None:
    with pytest.raises(StoreError, match="not UPPER_SNAKE"):
        Neo4jStore.rel_query(rel_type, "Person", "Statement")


def test_batched_queries_merge_by_id_with_parameters_only() -> None:
    assert Neo4jStore.node_query("Place") == (
        "UNWIND $rows AS row MERGE (n:`Place` {id: row.id}) SET n = row.props, n:Kg"
    )
    query = Neo4jStore.rel_query("SENT_TO", "Group", "Place")
    assert query.startswith("UNWIND $rows AS row MATCH (a:`Group` {id: row.src})")
    assert "MERGE (a)-[r:`SENT_TO` {id: row.id}]->(b) SET r = row.props" in query


def test_schema_has_an_idempotent_id_constraint_per_label_and_type() -> None:
    statements = schema_statements()
    assert all("IF NOT EXISTS" in s for s in statements)
    constrained = {s.split("(n:")[1].split(")")[0] for s in statements if "FOR (n:" in s}
    assert constrained == set(NODE_LABELS)
    rel_types = {
        s.split("[r:")[1].split("]")[0] for s in statements if "CONSTRAINT" in s and "[r:" in s
    }
    assert rel_types >= {*PREDICATES, *STRUCTURAL_TYPES}


def test_repository_schema_is_the_shipped_one() -> None:
    shipped = ROOT / "kg" / "store" / "schema.cypher"
    assert (ROOT / "cypher" / "schema.cypher").read_text() == shipped.read_text()


@pytest.mark.parametrize(
    ("error", "progress", "message"),
    [
        (AuthError("bad"), "", "refused the credentials for user 'neo4j': wrong password?"),
        (ServiceUnavailable("gone"), "", "is unreachable: is it running?"),
        (SessionExpired("gone"), "10 of 20 written", "went away during the load (10 of 20"),
        (ServiceUnavailable("gone"), "1 of 2 written", "re-run the load"),
    ],
)
def test_driver_errors_become_one_line_messages(
    error: Exception, progress: str, message: str
) -> None:
    translated = _translate(error, uri="bolt://h:1", user="neo4j", progress=progress)
    assert isinstance(translated, StoreError)
    assert message in str(translated) and "\n" not in str(translated)


def test_connect_to_a_closed_port_fails_clearly() -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on: bind, then release it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(StoreError, match=f"127.0.0.1:{port} is unreachable after 2 attempts"):
        connect(
            f"bolt://127.0.0.1:{port}", "neo4j", "x", connection_timeout=2, attempts=2, backoff=0.01
        )


def test_connect_rejects_a_malformed_uri() -> None:
    with pytest.raises(StoreError, match="bad Neo4j URI"):
        connect("nonsense://127.0.0.1:7687", "neo4j", "x")


def test_first_load_queries_create_by_element_id() -> None:
    assert Neo4jStore.create_node_query("Person") == (
        "UNWIND $rows AS row CREATE (n:`Person`:Kg) SET n = row.props "
        "RETURN collect(row.id) AS ids, collect(elementId(n)) AS elements"
    )
    query = Neo4jStore.create_rel_query("SAID")
    assert "MATCH (a) WHERE elementId(a) = row.a" in query
    assert query.endswith("CREATE (a)-[r:`SAID`]->(b) SET r = row.props")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("文本", "文本"),
        ("", ""),
        (3, 3),
        (True, True),
        (None, None),
        ([], None),
        ({"b", "a"}, ["a", "b"]),
        ([1, 2], [1, 2]),
        ([1, "a"], '[1, "a"]'),
        ([1, True], "[1, true]"),
        ({"k": [1]}, '{"k": [1]}'),
        (float("nan"), "NaN"),
    ],
)
def test_property_values_become_what_neo4j_stores(value: object, expected: object) -> None:
    assert neo4j_value(value) == expected


def test_props_keep_the_id_and_mark_relationships() -> None:
    assert neo4j_props("n1", {"label": "Person", "name": "甲", "x": None}, "label") == {
        "name": "甲",
        "id": "n1",
    }
    assert neo4j_props("r1", {"type": "SAID", "id": "other"}, "type", True) == {
        "id": "r1",
        "_kg": True,
    }


@pytest.mark.parametrize(
    ("uri", "user", "password", "expected"),
    [
        ("bolt://127.0.0.1:7687", "neo4j", "pw", ("bolt://127.0.0.1:7687", "neo4j", "pw")),
        ("bolt://bob:s%40cret@h:1", "neo4j", "pw", ("bolt://h:1", "bob", "s@cret")),
        ("neo4j://bob@h:1", "neo4j", "pw", ("neo4j://h:1", "bob", "pw")),
    ],
)
def test_credentials_come_off_the_uri(
    uri: str, user: str, password: str, expected: tuple[str, str, str]
) -> None:
    target = split_credentials(uri, user, password)
    assert (target.uri, target.user, target.password) == expected


def test_scrub_hides_the_password_and_its_quoted_form() -> None:
    assert scrub("at bolt://u:p%40ss@h and p@ss", "p@ss") == "at bolt://u:***@h and ***"


def test_password_in_the_uri_is_never_shown() -> None:
    with pytest.raises(StoreError) as error:
        connect(
            "bolt://neo4j:Top-Secret-9@127.0.0.1:1", "neo4j", "x", attempts=1, connection_timeout=1
        )
    assert "Top-Secret-9" not in str(error.value)
    assert "bolt://127.0.0.1:1 is unreachable" in str(error.value)


def test_import_files_keep_types_and_absent_properties(tmp_path: pathlib.Path) -> None:
    nodes = [
        ("a", {"label": "Person", "name": '甲,"乙"', "aliases": ["x", "y"]}),
        ("b", {"label": "Person", "name": "", "count": 2}),
    ]
    edges = [("a", "b", "r1", {"type": "MET", "confidence": 0.5, "note": "多\n行"})]
    files = write_import_files(tmp_path, nodes, edges)
    assert (files.node_count, files.relationship_count) == (2, 1)
    written = {
        h.read_text(encoding="utf-8").strip(): d.read_text(encoding="utf-8")
        for _, h, d in files.nodes + files.relationships
    }
    assert written == {
        ":ID,id:string,aliases:string[],name:string": '0,"a","x\x1fy","甲,""乙"""\n',
        ":ID,id:string,count:long,name:string": '1,"b",2,""\n',
        ":START_ID,:END_ID,_kg:boolean,confidence:double,id:string,note:string": (
            '0,1,true,0.5,"r1","多\n行"\n'
        ),
    }
    args = import_arguments(files, "neo4j")
    assert args[-1] == "neo4j" and "--array-delimiter=U+001F" in args
    assert sum(a.startswith("--nodes=Person:Kg=") for a in args) == 2


@pytest.mark.parametrize(
    ("nodes", "edges", "error"),
    [
        ([("a", {"label": "Person"})], [("a", "z", "r1", {"type": "MET"})],
         "relationship r1: its endpoint z is not a node"),
        ([("a", {"label": "Person"})], [("y", "a", "r2", {"type": "MET"})],
         "relationship r2: its endpoint y is not a node"),
        ([("a", {"label": "Person"}), ("a", {"label": "Place"})], [],
         "node a: its id is given twice"),
    ],
    ids=["missing-target", "missing-source", "duplicate-node"],
)
def test_import_files_refuse_what_neo4j_admin_would_drop(
    tmp_path: pathlib.Path, nodes: list, edges: list, error: str
) -> None:
    with pytest.raises(StoreError, match=error):
        write_import_files(tmp_path, nodes, edges)


def test_import_files_refuse_a_label_outside_the_allow_list(tmp_path: pathlib.Path) -> None:
    with pytest.raises(StoreError, match="unknown node label"):
        write_import_files(tmp_path, [("a", {"label": "Evil`) DELETE"})], [])


def test_kg_export_neo4j_admin_writes_the_import_files(tmp_path: pathlib.Path) -> None:
    from typer.testing import CliRunner

    import kg.cli.export
    import kg.cli.graph  # noqa: F401  (registers the commands)
    from kg.cli import app
    from kg.store.embedded import EmbeddedStore

    EmbeddedStore(tmp_path / "kg").add_records(
        [
            {
                "kind": "entity",
                "doc": "a",
                "name": "湖北省",
                "type": "Place",
                "aliases": [],
                "mentions": [{"start": 0, "end": 3}],
            },
        ]
    )
    graph = EmbeddedStore(tmp_path / "kg").graph()
    out = tmp_path / "import"
    result = CliRunner().invoke(
        app, ["export", "--store", str(tmp_path / "kg"), "-f", "neo4j-admin", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    args = (out / "import.args").read_text(encoding="utf-8")
    assert "--nodes=Place:Kg=" in args and "--relationships=MENTIONED_IN=" in args
    data_rows = sum(
        len(p.read_text(encoding="utf-8").splitlines())
        for p in out.glob("*.csv")
        if not p.name.endswith(".header.csv")
    )
    assert data_rows == graph.number_of_nodes() + graph.number_of_edges()
    missing = CliRunner().invoke(
        app, ["export", "--store", str(tmp_path / "kg"), "-f", "neo4j-admin"]
    )
    assert missing.exit_code == 1 and "give a folder" in missing.output


@pytest.mark.parametrize(
    ("value", "header", "field"),
    [
        ('引"号"', "v:string", '"引""号"""'),
        ("行\r\n末", "v:string", '"行\r\n末"'),
        ("\x00", "v:string", '"\x00"'),
        ("", "v:string", '""'),
        (True, "v:boolean", "true"),
        (False, "v:boolean", "false"),
        (10**20, "v:long", "100000000000000000000"),
        (-0.1, "v:double", "-0.1"),
        (float("nan"), "v:string", '"NaN"'),  # non-finite floats are stored as JSON text
        ([1.5, 2.0], "v:double[]", '"1.5\x1f2.0"'),
        ([True, False], "v:boolean[]", '"true\x1ffalse"'),
        ([3, 4], "v:long[]", '"3\x1f4"'),
        ({"k": 1}, "v:string", '"{""k"": 1}"'),
    ],
    ids=[
        "quotes", "newlines", "nul", "empty", "true", "false", "big-int", "float", "nan",
        "float-list", "bool-list", "int-list", "dict",
    ],
)
def test_import_fields_are_written_as_neo4j_admin_reads_them(
    tmp_path: pathlib.Path, value: object, header: str, field: str
) -> None:
    files = write_import_files(tmp_path, [("a", {"label": "Person", "v": value})], [])
    (_, head, data), = files.nodes
    assert head.read_text(encoding="utf-8") == f":ID,id:string,{header}\n"
    assert data.read_bytes().decode("utf-8") == f'0,"a",{field}\n'


def test_import_files_replace_their_own_files_only(tmp_path: pathlib.Path) -> None:
    nodes = [("a", {"label": "Person", "name": "甲"}), ("b", {"label": "Place", "name": "乙"})]
    write_import_files(tmp_path, nodes, [])
    (tmp_path / "我的表格.csv").write_text("名称\n", encoding="utf-8")  # the user's own file
    files = write_import_files(tmp_path, nodes[:1], [])
    ours = {p.name for _, h, d in files.nodes for p in (h, d)}
    assert {p.name for p in tmp_path.glob("*.csv")} == ours | {"我的表格.csv"}

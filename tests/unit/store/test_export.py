"""Every export format read back by a real reader: networkx GraphML/GEXF/node-link, csv, JSON."""

from __future__ import annotations

import csv
import doctest
import importlib
import json
import pathlib
import re
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner

import kg.cli.export
import kg.cli.graph  # noqa: F401
from kg.cli import app
from kg.export import export, select
from kg.export.cypher import cypher_string, to_cypher
from kg.graph import build_graph

EVIL = "O'Brien \\ `x` \"q\" '); MATCH (n) DETACH DELETE n //"


def _entity(name: str, etype: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "entity", "doc": "a", "name": name, "type": etype, "mentions": [
        {"start": 0, "end": 2}], **extra}


def _triple(subj: tuple[str, str], pred: str, obj: tuple[str, str], doc: str = "a",
            **attrs: Any) -> dict[str, Any]:
    return {"kind": "triple", "doc": doc, "subject": {"name": subj[0], "type": subj[1]},
            "predicate": pred, "object": {"name": obj[0], "type": obj[1]}, "attrs": attrs,
            "evidence": {"text": "湖北派出医疗队", "start": 0, "end": 7}, "confidence": 0.8,
            "extractor": "test"}


RECORDS = [
    {"kind": "document", "doc": "a", "date": "2020-02-08", "title": "测试"},
    {"kind": "document", "doc": "b", "date": "2021-05-01"},
    _entity("湖北省", "Place", aliases=["湖北"], adcode="420000"),
    _entity("江苏省", "Place", aliases=["江苏"], adcode="320000"),
    _entity("武汉市", "Place", adcode="420100"),
    _entity(EVIL, "Person"),
    _triple(("江苏省", "Place"), "SENT", ("医疗队", "Group"), to="武汉市", count="3批"),
    _triple((EVIL, "Person"), "SAID", ("一句\n话 'quoted' \\ end", "Statement"), mode="direct"),
    _triple((EVIL, "Person"), "VISITED", ("湖北省", "Place"), doc="b"),
]


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(RECORDS)


@pytest.mark.parametrize("module", ["graphml", "gexf", "nodelink", "tables", "cypher",
                                    "geojson"])
def test_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"kg.export.{module}"))
    assert result.attempted >= 2 and result.failed == 0


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml),
                                             ("gexf", nx.read_gexf)])
def test_gephi_formats_read_back_with_names_as_labels(
    graph: nx.MultiDiGraph, tmp_path: pathlib.Path, fmt: str, reader: Any
) -> None:
    path = tmp_path / f"g.{fmt}"
    export(graph, fmt, path)
    text = path.read_text(encoding="utf-8")
    assert "湖北省" in text  # UTF-8 characters: no &#28246; for 湖 (&#10; for a newline is XML)
    assert not re.search(r"&#(x[0-9a-fA-F]{3,}|[0-9]{3,});", text)
    back = reader(path)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    labels = {d["label"]: d for _, d in back.nodes(data=True)}
    assert {"湖北省", "医疗队", "武汉市", EVIL} <= set(labels)  # the name, not the type
    assert labels["湖北省"]["type"] == "Place" and labels[EVIL]["type"] == "Person"
    assert json.loads(labels["湖北省"]["aliases"]) == ["湖北"]  # lists as JSON text
    assert {d.get("type") or d.get("label") for *_, d in back.edges(data=True)} >= {"SENT",
                                                                                    "SAID"}


def test_json_keeps_lists(graph: nx.MultiDiGraph) -> None:
    data = json.loads(export(graph, "json", None) or "")
    back = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    assert back.number_of_edges() == graph.number_of_edges()
    hubei = next(n for n in data["nodes"] if n["name"] == "湖北省")
    assert hubei["aliases"] == ["湖北"] and hubei["scope"] == [hubei["id"]]  # lists stay lists
    assert export(graph, "nodelink", None) == export(graph, "json", None)


@pytest.mark.parametrize(("excel", "encoding"), [(False, "utf-8"), (True, "utf-8-sig")])
def test_csv_has_flat_columns_and_names(graph: nx.MultiDiGraph, tmp_path: pathlib.Path,
                                        excel: bool, encoding: str) -> None:
    export(graph, "csv", tmp_path, excel=excel)
    raw = (tmp_path / "nodes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") is excel
    with (tmp_path / "nodes.csv").open(encoding=encoding, newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with (tmp_path / "relationships.csv").open(encoding=encoding, newline="") as handle:
        rels = list(csv.DictReader(handle))
    assert list(nodes[0])[:3] == ["id", "label", "name"] and "adcode" in nodes[0]
    assert len(nodes) == graph.number_of_nodes() and len(rels) == graph.number_of_edges()
    sent = next(r for r in rels if r["type"] == "SENT")
    assert (sent["source_name"], sent["target_name"], sent["count"]) == ("江苏省", "医疗队", "3批")
    said = next(r for r in rels if r["type"] == "SAID")
    assert said["source_name"] == EVIL and said["target_name"] == "一句\n话 'quoted' \\ end"


def test_geojson_points_and_flows(graph: nx.MultiDiGraph) -> None:
    data = json.loads(export(graph, "geojson", None) or "")
    points = {f["properties"]["name"]: f["geometry"]["coordinates"]
              for f in data["features"] if f["geometry"]["type"] == "Point"}
    lon, lat = points["武汉市"]
    assert 113 < lon < 116 and 29 < lat < 32  # [lon, lat], Wuhan
    (flow,) = [f for f in data["features"] if f["geometry"]["type"] == "LineString"]
    assert flow["geometry"]["coordinates"] == [points["江苏省"], points["武汉市"]]
    assert flow["properties"]["item"] == "医疗队" and flow["properties"]["amount"] == "3批"


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("plain", "'plain'"),
        ("it's", "'it\\'s'"),
        ("back\\slash", "'back\\\\slash'"),
        ("line\nbreak\ttab", "'line\\nbreak\\ttab'"),
        ("`tick` \"dq\"", "'`tick` \"dq\"'"),
        ("\x00\x1f", "'\\u0000\\u001f'"),
    ],
)
def test_cypher_strings_are_escaped(text: str, literal: str) -> None:
    assert cypher_string(text) == literal


def test_cypher_script_is_one_statement_a_line(graph: nx.MultiDiGraph) -> None:
    lines = [line for line in to_cypher(graph).splitlines() if not line.startswith("//")]
    assert all(line.endswith(";") or line in (":begin", ":commit") for line in lines)
    assert lines.count(":begin") == lines.count(":commit") == 1
    merges = [line for line in lines if "MERGE" in line]
    assert len(merges) == graph.number_of_nodes() + graph.number_of_edges()


@pytest.mark.parametrize(
    ("options", "types"),
    [
        ({"predicates": ["SENT"]}, {"SENT", "SENT_TO", "LOCATED_IN"}),
        ({"doc": "b"}, {"VISITED"}),
        ({"since": "2021"}, {"VISITED"}),
        ({"until": "2020"}, {"SENT", "SENT_TO", "SAID", "MENTIONED_IN", "LOCATED_IN"}),
        ({"until": "2020-12", "predicates": ["SAID", "SENT"]}, {"SAID", "SENT", "SENT_TO",
                                                               "LOCATED_IN"}),
        ({}, None),  # nothing asked: the whole graph
    ],
)
def test_select_cuts_the_graph(graph: nx.MultiDiGraph, options: dict[str, Any],
                               types: set[str] | None) -> None:
    part = select(graph, **options)
    types = types or {t for *_, t in graph.edges(data="type")}
    assert {t for *_, t in part.edges(data="type")} == types
    assert all(n in part for s, d in part.edges() for n in (s, d))


@pytest.mark.parametrize(("fmt", "output", "message"), [
    ("csv", None, "folder"), ("dot", None, "unknown export format"),
    ("graphml", None, "writes a file"), ("neo4j-admin", "x", "not there yet"),
])
def test_bad_export_requests(graph: nx.MultiDiGraph, tmp_path: pathlib.Path, fmt: str,
                             output: str | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        export(graph, fmt, tmp_path / output if output else None)


def test_export_command_filters(tmp_path: pathlib.Path) -> None:
    from kg.store.embedded import EmbeddedStore

    store = tmp_path / "kg-data"
    EmbeddedStore(store).add_records(RECORDS)
    result = CliRunner().invoke(app, ["export", "--store", str(store), "--format", "json",
                                      "--predicate", "VISITED"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {e["type"] for e in data["edges"]} == {"VISITED"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"since": "2020/02"}, '--since: "2020/02" is not a date'),
        ({"until": "2020-02-30"}, '--until: "2020-02-30" is not a date'),
        ({"predicates": ["SENTT"]}, "no relationship type SENTT \\(valid: ATTENDED, AUTHORED"),
        ({"predicates": ["SAID", "LOCATED_IN"]}, "LOCATED_IN cannot be selected alone"),
        ({"predicates": ["SENT_TO"]}, "SENT_TO cannot be selected alone"),
        ({"doc": "无此文"}, "no document '无此文' in the graph"),
    ],
)
def test_select_refuses_what_would_match_nothing_by_mistake(
    graph: nx.MultiDiGraph, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        select(graph, **options)


@pytest.mark.parametrize(
    ("options", "edges"),
    [
        ({"predicates": ["MET"]}, 0),  # a predicate of the product, absent from this graph
        ({"since": "2030"}, 0),
        ({"doc": "b", "predicates": ["SAID"]}, 0),
        ({"doc": "b"}, 1),
    ],
)
def test_select_with_fair_filters_may_match_nothing(
    graph: nx.MultiDiGraph, options: dict[str, Any], edges: int
) -> None:
    assert select(graph, **options).number_of_edges() == edges


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    from kg.store.embedded import EmbeddedStore

    root = tmp_path_factory.mktemp("export") / "kg-data"
    EmbeddedStore(root).add_records(RECORDS)
    return root


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--since", "2020/02"], '--since: "2020/02" is not a date (use 2020, 2020-02 or'),
        (["--until", "2020年2月"], '--until: "2020年2月" is not a date'),
        (["--predicate", "SENTT"], "--predicate: no relationship type SENTT (valid: "),
        (["--doc", "无此文"], "no document '无此文' in the graph (list them with `kg ask"),
        (["--format", "neo4j-admin", "--doc", "a"], "neo4j-admin exports the whole graph; "
                                                    "drop --doc a"),
    ],
)
def test_export_command_refuses_bad_filters(store: pathlib.Path, tmp_path: pathlib.Path,
                                            options: list[str], message: str) -> None:
    out = tmp_path / "x.graphml"
    result = CliRunner().invoke(app, ["export", "--store", str(store), "-o", str(out),
                                      *options])
    assert result.exit_code == 1
    assert message in result.output and not out.exists()


@pytest.mark.parametrize(
    ("options", "note"),
    [
        (["--since", "2030"], "0 relationships match --since 2030; the export is an empty graph"),
        (["--predicate", "MET", "--predicate", "SAID", "--doc", "b"],
         "0 relationships match --predicate MET --predicate SAID --doc b"),
        (["--predicate", "VISITED"], None),
    ],
)
def test_export_command_says_when_fair_filters_match_nothing(
    store: pathlib.Path, tmp_path: pathlib.Path, options: list[str], note: str | None
) -> None:
    out = tmp_path / "x.graphml"
    result = CliRunner().invoke(app, ["export", "--store", str(store), "-o", str(out),
                                      *options])
    assert result.exit_code == 0, result.output
    assert out.exists()  # the (maybe empty) file is still written, as asked
    if note is None:
        assert "0 relationships" not in result.output
        assert nx.read_graphml(out).number_of_edges() > 0
    else:
        assert note in result.output
        assert nx.read_graphml(out).number_of_edges() == 0


# The note counts what was written: the graph of RECORDS, built the way `kg export` builds it.
@pytest.mark.parametrize(
    ("options", "written", "note"),
    [
        (["-o", "g.graphml"], ["g.graphml"], "wrote g.graphml: {counts}"),
        (["-f", "gexf", "-o", "新建/图.gexf"], ["新建/图.gexf"], "wrote 新建/图.gexf: {counts}"),
        (["-f", "csv", "-o", "表格/"], ["表格/nodes.csv", "表格/relationships.csv"],
         "wrote nodes.csv and relationships.csv to 表格: {counts}"),
        (["-f", "json"], [], None),  # to stdout: the export alone, nothing else
    ],
)
def test_export_command_says_what_it_wrote(store: pathlib.Path, tmp_path: pathlib.Path,
                                          monkeypatch: pytest.MonkeyPatch, options: list[str],
                                          written: list[str], note: str | None) -> None:
    monkeypatch.chdir(tmp_path)
    graph = build_graph(RECORDS)
    counts = f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships"
    result = CliRunner().invoke(app, ["export", "--store", str(store), *options])
    assert result.exit_code == 0, result.output
    assert all((tmp_path / name).is_file() for name in written)
    if note is None:
        assert json.loads(result.stdout)["nodes"] and result.stderr == ""
    else:
        assert result.stderr.strip() == note.format(counts=counts) and result.stdout == ""


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["-f", "csv", "-o", "out.csv"], "out.csv: csv export writes a folder of files "
         "(nodes.csv and relationships.csv), not one file: give a folder, e.g. -o out/"),
        (["-f", "csv", "-o", "表.CSV"], "表.CSV: csv export writes a folder of files"),
        (["-f", "csv", "-o", "已有.txt"], "give a folder, e.g. -o 已有/"),
        (["-o", "已有.txt/图.graphml"], "已有.txt/图.graphml: 已有.txt is a file, not a folder"),
        (["-o", "文件夹"], "文件夹: is a folder; give a file name"),
        (["-f", "neo4j-admin", "-o", "已有.txt"], "已有.txt: is a file, not a folder"),
    ],
)
def test_export_command_refuses_bad_output_paths(store: pathlib.Path, tmp_path: pathlib.Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 options: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "已有.txt").write_text("旧内容", encoding="utf-8")
    (tmp_path / "文件夹").mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(app, ["export", "--store", str(store), *options])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert "Errno" not in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing made by mistake
    assert (tmp_path / "已有.txt").read_text(encoding="utf-8") == "旧内容"


@pytest.mark.parametrize(("output", "message"), [
    ("图表.csv", "图表.csv: csv export writes a folder of files"), ("图表.Csv", "e.g. -o 图表/"),
])
def test_csv_export_refuses_a_file_name(graph: nx.MultiDiGraph, tmp_path: pathlib.Path,
                                        monkeypatch: pytest.MonkeyPatch, output: str,
                                        message: str) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=re.escape(message)):
        export(graph, "csv", pathlib.Path(output))
    assert not (tmp_path / output).exists()

"""Fixtures of the kg.explore tests: the store of examples/, and synthetic graphs of any size."""

from __future__ import annotations

import pathlib
import random

import networkx as nx
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
PROVINCES = [("湖北省", 114.34, 30.55), ("江苏省", 118.76, 32.06), ("广东省", 113.27, 23.13),
             ("山东省", 117.02, 36.67), ("浙江省", 120.15, 30.27), ("四川省", 104.07, 30.57)]
PREDICATES = ("SAID", "VISITED", "MET", "HOLDS_POSITION")


@pytest.fixture(scope="session")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """A store built from examples/ once per session, as make demo builds kg-data-demo."""
    from kg.demo import build_store

    path = tmp_path_factory.mktemp("explore") / "store"
    build_store([str(ROOT / "examples")], path)
    return path


@pytest.fixture(scope="session")
def example_graph(example_store: pathlib.Path) -> nx.MultiDiGraph:
    from kg.store.embedded import EmbeddedStore

    return EmbeddedStore(example_store).graph()


def synthetic_graph(documents: int, *, seed: int = 3, undated_every: int = 7) -> nx.MultiDiGraph:
    """A graph shaped like kg's (labels, names, coordinates, dated facts, SENT flows through a
    Group and SENT_TO), with about three facts per document; every ``undated_every``-th fact
    has no date."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    for i, (name, lon, lat) in enumerate(PROVINCES):
        g.add_node(f"prov{i}", label="Place", name=name, level="province", lon=lon, lat=lat,
                   doc_count=1 + i, province=name, pagerank=0.01, degree=0)
    cities = max(10, documents // 30)
    for i in range(cities):
        _, lon, lat = PROVINCES[i % len(PROVINCES)]
        g.add_node(f"city{i}", label="Place", name=f"城{i}市", level="city",
                   lon=lon + rnd.uniform(-2, 2), lat=lat + rnd.uniform(-2, 2),
                   doc_count=rnd.randint(1, 50), province=PROVINCES[i % len(PROVINCES)][0])
        g.add_edge(f"city{i}", f"prov{i % len(PROVINCES)}", type="LOCATED_IN")
    g.add_node("nowhere", label="Place", name="某街道", doc_count=3)  # no coordinates
    people = max(5, documents // 5)
    for i in range(people):
        g.add_node(f"p{i}", label="Person", name=f"人物{i}", doc_count=rnd.randint(1, 9),
                   pagerank=rnd.random() / 100, degree=rnd.randint(0, 9))
    fact = 0
    for d in range(documents):
        month = 1 + d % 12
        for _ in range(3):
            person = f"p{rnd.randrange(people)}"
            kind = PREDICATES[fact % len(PREDICATES)]
            day = f"2020-{month:02d}-{1 + fact % 28:02d}"
            date = None if fact % undated_every == 0 else day
            other = (f"city{rnd.randrange(cities)}" if kind == "VISITED"
                     else f"p{rnd.randrange(people)}")
            if kind == "SAID":
                other = f"s{fact}"
                g.add_node(other, label="Statement", name=f"言论{fact}")
            g.add_edge(person, other, type=kind, id=f"f{fact}", effective_date=date,
                       doc=f"d{d}", confidence=0.9, source_count=1)
            fact += 1
        if d % 10 == 0:  # a province sends a team to a city
            team = f"team{d}"
            g.add_node(team, label="Group", name="医疗队")
            dest = f"city{rnd.randrange(cities)}"
            g.add_edge(f"prov{d % len(PROVINCES)}", team, type="SENT", id=f"sent{d}",
                       effective_date=f"2020-{month:02d}-01", destination_id=dest, doc=f"d{d}")
            g.add_edge(team, dest, type="SENT_TO")
            fact += 1
    return g


@pytest.fixture(scope="session")
def big_graph() -> nx.MultiDiGraph:
    return synthetic_graph(10_000)

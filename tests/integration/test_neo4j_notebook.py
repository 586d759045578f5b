"""notebooks/03_questions.ipynb on a real Neo4j: its Neo4j cells run and agree with the store."""

from __future__ import annotations

import pathlib

import pytest
from neo4j import Driver

from tests.integration.conftest import neo4j_settings

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_questions_notebook_on_neo4j(clean_neo4j: Driver, neo4j_database: str,
                                     tmp_path: pathlib.Path) -> None:
    pytest.importorskip("nbclient", reason="the notebook runner needs the dev extra")
    from kg.demo import build_store
    from kg.store.neo4j import Neo4jStore
    from tests.unit.explore.notebook_runner import execute, problems, text_of

    _, store = build_store([str(ROOT / "examples")], tmp_path / "store")
    Neo4jStore(clean_neo4j, neo4j_database).load(store.graph())
    uri, user, password = neo4j_settings()
    book = execute("03_questions", {
        "KG_STORE": str(tmp_path / "store"), "KG_FIGURES_DIR": str(tmp_path / "figures"),
        "NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password,
        "NEO4J_DATABASE": neo4j_database,
    })
    text = text_of(book)
    assert problems(book) == []
    assert f"connected to {uri}" in text
    assert "engines agree: True" in text
    assert "sent (Neo4j)" in text and "skipped" not in text

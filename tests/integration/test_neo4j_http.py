"""The HTTP side of the Neo4j that `make neo4j-up` starts: discovery, Browser, transactional API.

Neo4j Browser first reads the discovery document to find Bolt, then talks Bolt; the HTTP
transaction API is the other way scripts and the Browser's sysinfo reach the database.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from neo4j import Driver

from tests.integration.conftest import (
    CONNECTION_TIMEOUT_SECONDS,
    free_local_port,
    neo4j_settings,
    run_ready_probe,
)


def _request(
    url: str, body: object | None = None, auth: tuple[str, str] | None = None
) -> tuple[int, str, bytes]:
    """(status, content type, body) of a GET, or of a JSON POST when body is given."""
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        headers["Content-Type"] = "application/json"
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=CONNECTION_TIMEOUT_SECONDS) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def _commit(
    base_url: str, database: str, statement: str, parameters: dict[str, Any], auth: tuple[str, str]
) -> tuple[int, dict[str, Any]]:
    """Run one statement through POST /db/<database>/tx/commit; (status, JSON reply)."""
    body = {"statements": [{"statement": statement, "parameters": parameters}]}
    status, _, reply = _request(f"{base_url}/db/{database}/tx/commit", body, auth)
    return status, json.loads(reply)


def _login() -> tuple[str, str]:
    _, user, password = neo4j_settings()
    return user, password


def test_discovery_document_points_at_this_server(neo4j_http_url: str) -> None:
    uri, _, _ = neo4j_settings()
    status, content_type, body = _request(f"{neo4j_http_url}/")
    document = json.loads(body)
    assert (status, content_type.split(";")[0]) == (200, "application/json")
    # The Browser connects to bolt_direct, so it must be the Bolt server the tests use.
    assert document["bolt_direct"] == uri
    assert document["neo4j_version"].startswith("5."), document
    assert document["transaction"] == f"{neo4j_http_url}/db/{{databaseName}}/tx"


@pytest.mark.parametrize(
    ("path", "expected_type", "expected_text"),
    [
        ("/browser/", "text/html", "<title>Neo4j Browser</title>"),
        ("/browser/manifest.json", "application/json", "Neo4j Browser"),
    ],
    ids=["page", "manifest"],
)
def test_neo4j_browser_is_served(
    neo4j_http_url: str, path: str, expected_type: str, expected_text: str
) -> None:
    status, content_type, body = _request(f"{neo4j_http_url}{path}")
    assert (status, content_type.split(";")[0]) == (200, expected_type)
    assert expected_text in body.decode("utf-8")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("世界卫生组织", "世界卫生组织"),
        (2020, 2020),
        (["武汉", "北京"], ["武汉", "北京"]),
        (None, None),
    ],
    ids=["chinese-text", "int", "list", "null"],
)
def test_transactional_api_runs_cypher_with_parameters(
    neo4j_http_url: str, neo4j_database: str, value: object, expected: object
) -> None:
    status, reply = _commit(
        neo4j_http_url, neo4j_database, "RETURN $value AS value", {"value": value}, _login()
    )
    assert status == 200
    assert reply["errors"] == []
    assert reply["results"][0]["columns"] == ["value"]
    assert [row["row"] for row in reply["results"][0]["data"]] == [[expected]]


def test_http_writes_are_seen_over_bolt(
    clean_neo4j: Driver, neo4j_http_url: str, neo4j_database: str
) -> None:
    # What the Browser shows and what `kg load` writes over Bolt is one and the same graph.
    status, reply = _commit(
        neo4j_http_url,
        neo4j_database,
        "CREATE (:HttpWrite {name: $name})",
        {"name": "上海市"},
        _login(),
    )
    assert (status, reply["errors"]) == (200, [])
    records, _, _ = clean_neo4j.execute_query(
        "MATCH (n:HttpWrite) RETURN n.name AS name", database_=neo4j_database
    )
    assert [record["name"] for record in records] == ["上海市"]


@pytest.mark.parametrize(
    "auth",
    [
        # One wrong password only: Neo4j locks a user for a few seconds after 3 in a row.
        ("neo4j", "not-the-password"),
        ("no-such-user", None),
        None,
    ],
    ids=["wrong-password", "unknown-user", "no-credentials"],
)
def test_transactional_api_refuses_bad_credentials(
    neo4j_http_url: str, neo4j_database: str, auth: tuple[str, str | None] | None
) -> None:
    credentials = None if auth is None else (auth[0], auth[1] or _login()[1])
    body = {"statements": [{"statement": "RETURN 1"}]}
    status, _, reply = _request(
        f"{neo4j_http_url}/db/{neo4j_database}/tx/commit", body, credentials
    )
    errors = json.loads(reply)["errors"]
    assert (status, [error["code"] for error in errors]) == (
        401,
        ["Neo.ClientError.Security.Unauthorized"],
    )


@pytest.mark.parametrize(("target", "expected_exit"), [("server", 0), ("closed-port", 1)])
def test_http_probe_used_by_neo4j_sh(neo4j_http_url: str, target: str, expected_exit: int) -> None:
    url = neo4j_http_url if target == "server" else f"http://127.0.0.1:{free_local_port()}"
    probe = run_ready_probe("--http-only", "--http-url", f"{url}/")
    assert probe.returncode == expected_exit, probe.stderr
    if expected_exit == 0:
        assert probe.stdout.startswith("HTTP Neo4j/5."), probe.stdout

"""Is a Neo4j answering on Bolt (and HTTP)? neo4j.sh waits on this for start-up (0 = ready).

Runs with any python3: the Bolt handshake and the HTTP check need only the standard library.
When the neo4j driver is importable (the project venv) it also logs in with
NEO4J_USER/NEO4J_PASSWORD and runs ``RETURN 1``, because Bolt starts answering before the
password is set and the databases are up. With ``--http-url`` it also fetches Neo4j's HTTP
discovery document (what Neo4j Browser reads first to find Bolt).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import struct
import sys
import urllib.request

BOLT_MAGIC = b"\x60\x60\xb0\x17"
# Four proposals, newest first: 5.0-5.4 (range form), 4.1-4.4, 4.0, 3.0.
BOLT_PROPOSALS = (
    bytes((0, 4, 4, 5)),
    bytes((0, 3, 4, 4)),
    bytes((0, 0, 0, 4)),
    bytes((0, 0, 0, 3)),
)


def bolt_handshake(host: str, port: int, timeout: float) -> str:
    """Return the agreed Bolt version as 'major.minor'; raise OSError if nobody speaks Bolt."""
    with socket.create_connection((host, port), timeout=timeout) as connection:
        connection.sendall(BOLT_MAGIC + b"".join(BOLT_PROPOSALS))
        reply = b""
        while len(reply) < 4:
            chunk = connection.recv(4 - len(reply))
            if not chunk:
                raise OSError("connection closed during the Bolt handshake")
            reply += chunk
    (agreed,) = struct.unpack(">I", reply)
    if agreed == 0:
        raise OSError("the server speaks none of the proposed Bolt versions")
    return f"{reply[3]}.{reply[2]}"


def driver_check(host: str, port: int, timeout: float) -> str | None:
    """Log in and run a query; return the server agent, or None if the driver is missing."""
    try:
        from neo4j import GraphDatabase
    except ImportError:
        return None
    user = os.environ.get("NEO4J_USER", "neo4j")
    password = os.environ.get("NEO4J_PASSWORD", "kg-dev-password")
    with GraphDatabase.driver(
        f"bolt://{host}:{port}", auth=(user, password), connection_timeout=timeout
    ) as driver:
        driver.execute_query("RETURN 1")
        return driver.get_server_info().agent


def http_discovery(url: str, timeout: float) -> str:
    """Return the Neo4j version named by the discovery document at url; raise if there is none."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        document = json.load(response)
    if not isinstance(document, dict) or "bolt_direct" not in document:
        raise ValueError(f"{url} answered, but not with Neo4j's discovery document")
    return str(document.get("neo4j_version", "?"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7687)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument(
        "--handshake-only", action="store_true", help="do not log in, only check Bolt"
    )
    parser.add_argument(
        "--http-url", help="also check the HTTP discovery document, e.g. http://127.0.0.1:7474/"
    )
    parser.add_argument("--http-only", action="store_true", help="check only --http-url")
    args = parser.parse_args(argv)
    if args.http_only and not args.http_url:
        parser.error("--http-only needs --http-url")
    findings = []
    try:
        if not args.http_only:
            version = bolt_handshake(args.host, args.port, args.timeout)
            if not args.handshake_only:
                agent = driver_check(args.host, args.port, args.timeout)
                version += f", {agent}" if agent else ""
            findings.append(f"Bolt {version}")
        if args.http_url:
            findings.append(f"HTTP Neo4j/{http_discovery(args.http_url, args.timeout)}")
    except Exception as error:  # any failure just means "not ready"; say why
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print("; ".join(findings))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Connecting to Neo4j: credentials out of the URI, bounded retries, one-line errors.

* A password never reaches a message: credentials written into the URI
  (``bolt://user:pass@host``, which the driver refuses for direct URIs and then echoes back) are
  taken out and used as the login, the URI is shown without them, and every message is scrubbed
  of the password as a last guard.
* An unreachable server is tried a bounded number of times with exponential backoff, then
  reported in one line naming the URI.
* The driver's own log lines (a warning per retried transaction) are silenced: the caller gets
  one ``StoreError`` instead.
"""

from __future__ import annotations

import logging
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from kg.store import StoreError

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "kg-dev-password"
CONNECT_ATTEMPTS = 4
BACKOFF_SECONDS = 0.5
# How long the driver retries a transaction that failed transiently (deadlock, leader switch,
# lost connection) before the load reports the failure; its default is 30 s.
TRANSACTION_RETRY_SECONDS = 15.0


@dataclass(frozen=True, slots=True)
class Target:
    """Where to connect, with the credentials split off the URI."""

    uri: str  # no userinfo: safe to show
    user: str
    password: str


def split_credentials(uri: str, user: str, password: str) -> Target:
    """The URI without ``user:password@``; credentials in the URI win over the arguments."""
    parts = urllib.parse.urlsplit(uri)
    if "@" not in parts.netloc:
        return Target(uri, user, password)
    userinfo, _, hostport = parts.netloc.rpartition("@")
    in_user, has_password, in_password = userinfo.partition(":")
    clean = urllib.parse.urlunsplit(parts._replace(netloc=hostport))
    return Target(
        clean,
        urllib.parse.unquote(in_user) or user,
        urllib.parse.unquote(in_password) if has_password else password,
    )


def scrub(text: str, *secrets: str) -> str:
    """``text`` with every secret (and its URL-quoted form) replaced by ``***``."""
    for secret in secrets:
        if secret:
            for form in {secret, urllib.parse.quote(secret, safe="")}:
                text = text.replace(form, "***")
    return text


def quiet_driver_logs() -> None:
    """No driver log lines on stderr (Python's last-resort handler would print its warnings)."""
    logger = logging.getLogger("neo4j")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False


def first_line(err: BaseException) -> str:
    text = str(getattr(err, "message", None) or err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def last_line(err: BaseException) -> str:
    """The driver's connection errors end with the reason (``[Errno 111] Connection refused``)."""
    lines = [line for line in str(err).strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else type(err).__name__


def translate(
    err: Exception, *, uri: str = "", user: str = "", progress: str = "", secret: str = ""
) -> Exception:
    """A driver error as a one-line StoreError (password scrubbed); anything else unchanged."""
    where = f"Neo4j at {uri}" if uri else "Neo4j"
    if isinstance(err, AuthError):
        who = f" for user {user!r}" if user else ""
        message = (
            f"{where} refused the credentials{who}: wrong password? "
            "(--password, NEO4J_PASSWORD or NEO4J_PASSWORD_FILE)"
        )
    elif isinstance(err, (ServiceUnavailable, SessionExpired)):
        if progress:
            message = (
                f"{where} went away during the load ({progress}); start it again and re-run "
                "the load: it is idempotent and completes the same graph"
            )
        else:
            message = f"{where} is unreachable: is it running? (make neo4j-up) [{first_line(err)}]"
    elif isinstance(err, ClientError) and "DatabaseNotFound" in (err.code or ""):
        message = f"{where}: no such database ({first_line(err)})"
    elif isinstance(err, (Neo4jError, DriverError)):
        message = f"{where} failed: {first_line(err)}"
    else:
        return err
    return StoreError(scrub(message, secret))


def connect(
    uri: str,
    user: str,
    password: str,
    *,
    attempts: int = CONNECT_ATTEMPTS,
    backoff: float = BACKOFF_SECONDS,
    **config: Any,
) -> Driver:
    """A driver that has answered once.

    Unreachable: ``attempts`` tries, waiting ``backoff``, 2×, 4×… seconds between them, then
    one ``StoreError`` naming the URI (never the password). Wrong credentials fail at once.
    """
    quiet_driver_logs()
    target = split_credentials(uri, user, password)
    config.setdefault("max_transaction_retry_time", TRANSACTION_RETRY_SECONDS)
    config.setdefault("connection_timeout", 5.0)
    started = time.monotonic()
    last: Exception | None = None
    for attempt in range(max(1, attempts)):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        try:
            driver = GraphDatabase.driver(target.uri, auth=(target.user, target.password), **config)
        except (ValueError, DriverError) as err:
            reason = scrub(first_line(err), target.password, uri)
            raise StoreError(f"bad Neo4j URI {target.uri!r}: {reason}") from None
        try:
            driver.verify_connectivity()
            return driver
        except (ServiceUnavailable, SessionExpired, OSError) as err:
            driver.close()
            last = err
        except Exception as err:
            driver.close()
            raise translate(err, uri=target.uri, user=target.user, secret=target.password) from None
    seconds = time.monotonic() - started
    reason = scrub(last_line(last), target.password) if last else "no answer"
    raise StoreError(
        f"Neo4j at {target.uri} is unreachable after {attempts} attempts in {seconds:.0f}s: "
        f"is it running? (make neo4j-up) [{reason}]"
    )

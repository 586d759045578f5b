"""The node labels and relationship types of the graph model (:mod:`kg.graph`), apart from the
builder so that the modules that read a built graph (``kg.graph_props``) import them without
importing the builder."""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.provenance import EVIDENCE, FROM_DOCUMENT
from kg.records import (
    DOCUMENT,
    EVENT,
    GROUP,
    ORGANIZATION,
    PERSON,
    PLACE,
    RESOURCE,
    STATEMENT,
)

NODE_LABELS: tuple[str, ...] = (
    PERSON, PLACE, ORGANIZATION, STATEMENT, GROUP, RESOURCE, EVENT, DOCUMENT, EVIDENCE
)
ENTITY_LABELS = frozenset({PERSON, PLACE, ORGANIZATION})
MENTIONED_IN, LOCATED_IN = "MENTIONED_IN", "LOCATED_IN"
SENT_TO, DONATED_TO, COPY_OF = "SENT_TO", "DONATED_TO", "COPY_OF"
STRUCTURAL_TYPES: tuple[str, ...] = (
    MENTIONED_IN, LOCATED_IN, SENT_TO, DONATED_TO, FROM_DOCUMENT, COPY_OF
)
# Facts whose object is a per-fact node that can point on to the destination named in ``to``.
DESTINATION_TYPES: Mapping[str, str] = {"SENT": SENT_TO, "DONATED": DONATED_TO}
# Relationship types are identifiers, never free text: predicates must look like UPPER_SNAKE.
REL_TYPE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")

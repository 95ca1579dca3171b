"""The abstract base of every node: an id and provenance."""

from __future__ import annotations

from neomodel import StructuredNode

from graph.models.base import Identified


class Record(StructuredNode, Identified):
    """A node with `id` (Python `uid`) and provenance; its label is the class name."""

    __abstract_node__ = True

"""The camera dialog's Recording node, without widgets: which names the choice offers,
whether a typed name is one the server takes, and whether Save must send a pin.

The field's text is the node's name; empty means any node (the fleet balances it). A
name may be typed that no node runs under yet: a node being set up takes its pinned
cameras the moment it first comes up."""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.api.admin import AdminCamera, NodePin

# The server's rule for a node name (PUT /admin/cameras/{id}/node), as for a camera id
NODE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def wanted_node(text: str) -> str | None:
    """The node the field names; None: any node."""
    return text.strip() or None


def node_valid(text: str) -> bool:
    node = wanted_node(text)
    return node is None or NODE_NAME.match(node) is not None


def node_choices(known: Iterable[str], pinned: str | None) -> tuple[str, ...]:
    """The names to choose from, sorted: the nodes the server knows, and the camera's
    own pin even when no node of that name is known (one not started yet)."""
    names = {name for name in known if name}
    if pinned:
        names.add(pinned)
    return tuple(sorted(names, key=str.casefold))


def pin_change(text: str, editing: AdminCamera | None) -> NodePin | None:
    """What Save sends to PUT .../node: None when the pin stays as it is (a new camera
    starts balanced, so only a named node is sent for one)."""
    node = wanted_node(text)
    before = editing.pinned_node if editing is not None else None
    return None if node == before else NodePin(node)

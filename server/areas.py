"""The area catalog: kota → kecamatan → kelurahan → RW → RT, and who may see what.

Kota and kecamatan are the real ones from ``resources/city/jakarta_areas.json``;
kelurahan, RW and RT are created as camera imports name them.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Connection, select

from server.schema import areas


class AreaKind(StrEnum):
    KOTA = "kota"
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    RW = "rw"
    RT = "rt"


LEVELS = (AreaKind.KOTA, AreaKind.KECAMATAN, AreaKind.KELURAHAN, AreaKind.RW, AreaKind.RT)
CITY_FILE_ENV = "PANTAU_CITY_FILE"


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "x"


def child_id(parent_id: str | None, name: str) -> str:
    return slug(name) if parent_id is None else f"{parent_id}.{slug(name)}"


def in_subtree(area_id: str, root_id: str) -> bool:
    return area_id == root_id or area_id.startswith(root_id + ".")


def in_scope(area_id: str, scope: frozenset[str]) -> bool:
    return any(in_subtree(area_id, root) for root in scope)


def find_city_file() -> Path:
    """The city file, found from the environment, the source tree or the working
    directory (a PyInstaller build or a server run from elsewhere)."""
    candidates = []
    if os.environ.get(CITY_FILE_ENV):
        candidates.append(Path(os.environ[CITY_FILE_ENV]))
    here = Path(__file__).resolve().parent
    candidates += [
        here.parent / "resources" / "city" / "jakarta_areas.json",
        here / "resources" / "city" / "jakarta_areas.json",
        Path.cwd() / "resources" / "city" / "jakarta_areas.json",
    ]
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError("resources/city/jakarta_areas.json not found; set " + CITY_FILE_ENV)


def _upsert_area(conn: Connection, area_id, parent_id, name, kind, lat=None, lon=None) -> None:
    existing = conn.execute(select(areas.c.id).where(areas.c.id == area_id)).first()
    if existing is None:
        conn.execute(
            areas.insert().values(
                id=area_id, parent_id=parent_id, name=name, kind=kind.value, lat=lat, lon=lon
            )
        )
    elif lat is not None:
        conn.execute(
            areas.update().where(areas.c.id == area_id).values(name=name, lat=lat, lon=lon)
        )


def load_city(conn: Connection, city_file: Path) -> list[str]:
    """Insert the real kota and kecamatan; returns the kota ids (all of Jakarta)."""
    data = json.loads(city_file.read_text(encoding="utf-8"))
    kota_ids = []
    for kota in data["kota"]:
        kota_id = child_id(None, kota["name"])
        lat, lon = (kota.get("centroid") or (None, None))[:2]
        _upsert_area(conn, kota_id, None, kota["name"], AreaKind.KOTA, lat, lon)
        for kec in kota["kecamatan"]:
            name = kec if isinstance(kec, str) else kec["name"]
            _upsert_area(conn, child_id(kota_id, name), kota_id, name, AreaKind.KECAMATAN)
        kota_ids.append(kota_id)
    return kota_ids


def resolve_known(conn: Connection, kind: AreaKind, parent_id: str | None, name: str):
    """The id of a real kota/kecamatan matching ``name`` (case and accents ignored)."""
    wanted = slug(name)
    query = select(areas.c.id).where(areas.c.kind == kind.value)
    query = query.where(
        areas.c.parent_id.is_(None) if parent_id is None else areas.c.parent_id == parent_id
    )
    for (area_id,) in conn.execute(query):
        if area_id.rsplit(".", 1)[-1] == wanted:
            return area_id
    return None


def ensure_path(conn: Connection, kota: str, kecamatan: str, below: list[str]) -> str | None:
    """The id of the deepest area of a camera's path, creating kelurahan/RW/RT as needed.

    Returns None when the kota or kecamatan is not a real one (an import must not invent
    cities).
    """
    kota_id = resolve_known(conn, AreaKind.KOTA, None, kota)
    if kota_id is None:
        return None
    kec_id = resolve_known(conn, AreaKind.KECAMATAN, kota_id, kecamatan)
    if kec_id is None:
        return None
    parent = kec_id
    for kind, name in zip(LEVELS[2:], below, strict=False):
        if not name:
            break
        area_id = child_id(parent, name)
        _upsert_area(conn, area_id, parent, name, kind)
        parent = area_id
    return parent


@dataclass
class AreaNode:
    id: str
    name: str
    kind: str
    children: list[AreaNode] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "children": [c.to_json() for c in self.children],
        }


def area_names(conn: Connection) -> dict[str, tuple[str, str | None]]:
    """id → (name, parent id), for building paths."""
    return {
        r.id: (r.name, r.parent_id)
        for r in conn.execute(select(areas.c.id, areas.c.name, areas.c.parent_id))
    }


def path_names(area_id: str, names: dict[str, tuple[str, str | None]]) -> list[str]:
    out: list[str] = []
    current: str | None = area_id
    while current is not None and current in names:
        name, current = names[current]
        out.append(name)
    return out[::-1]


def scoped_tree(conn: Connection, scope: frozenset[str]) -> list[AreaNode]:
    """The area forest visible to a user: each scope root with its whole subtree."""
    return AreaDirectory.load(conn).tree(scope)


class AreaDirectory:
    """The whole area table in memory, read in one query: names, paths and children in
    name order. The catalog keeps one per database and reloads it when the areas change
    (server.catalog_cache), so a request never reads 34,000 areas to name a path."""

    def __init__(self, rows) -> None:
        self.names: dict[str, tuple[str, str | None]] = {}
        self.kinds: dict[str, str] = {}
        self._children: dict[str | None, list[str]] = {}
        for area_id, name, parent_id, kind in sorted(rows, key=lambda r: (r[1], r[0])):
            self.names[area_id] = (name, parent_id)
            self.kinds[area_id] = kind
            self._children.setdefault(parent_id, []).append(area_id)
        self._paths: dict[str, tuple[str, ...]] = {}

    @classmethod
    def load(cls, conn: Connection) -> AreaDirectory:
        query = select(areas.c.id, areas.c.name, areas.c.parent_id, areas.c.kind)
        return cls(tuple(r) for r in conn.execute(query))

    def __contains__(self, area_id: str) -> bool:
        return area_id in self.names

    def path_of(self, area_id: str) -> tuple[str, ...]:
        found = self._paths.get(area_id)
        if found is None:
            found = self._paths[area_id] = tuple(path_names(area_id, self.names))
        return found

    def _roots(self, scope: frozenset[str]) -> list[str]:
        # A scope area under another scope area shows inside it, not as a root of its own.
        roots = [a for a in scope if a in self.names and not self._has_scope_ancestor(a, scope)]
        return sorted(roots, key=lambda a: (self.names[a][0], a))

    def _has_scope_ancestor(self, area_id: str, scope: frozenset[str]) -> bool:
        parent = self.names[area_id][1]
        while parent is not None:
            if parent in scope:
                return True
            parent = self.names.get(parent, (None, None))[1]
        return False

    def tree(self, scope: frozenset[str]) -> list[AreaNode]:
        def node(area_id: str) -> AreaNode:
            children = [node(c) for c in self._children.get(area_id, ())]
            return AreaNode(area_id, self.names[area_id][0], self.kinds[area_id], children)

        return [node(root) for root in self._roots(scope)]

    def tree_json(self, scope: frozenset[str]) -> list[dict]:
        """tree(scope) as the API's JSON, without the nodes in between."""
        children, names, kinds = self._children, self.names, self.kinds

        def node(area_id: str) -> dict:
            return {
                "id": area_id,
                "name": names[area_id][0],
                "kind": kinds[area_id],
                "children": [node(c) for c in children.get(area_id, ())],
            }

        return [node(root) for root in self._roots(scope)]

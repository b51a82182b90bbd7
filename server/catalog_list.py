"""A camera list kept as encoded pieces, so a change costs the pieces it touches.

Each camera is encoded to JSON once (its fragment: the object without its status and
closing brace) and cameras are held in id order in chunks of about CHUNK. A chunk
compresses itself to a raw deflate segment ended by a sync flush: such segments, each
from a fresh compressor, concatenate into one valid deflate stream, so the gzipped body
is a gzip header, the chunks' segments, an empty final block and a trailer (the CRC and
length of the whole). One gzip member: every HTTP client decodes it (httpx, used by
Starlette's TestClient, reads only the first member of a multi-member stream).

What this saves at city scale (30,418 cameras, an admin's 9 MB): a camera edit re-encodes
and re-compresses one chunk, not 30,000 cameras and 9 MB; a recorder status change
re-compresses the chunks holding the cameras whose status changed.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import struct
import threading
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Connection, select

from server.cameras import Camera, Profile, StreamFormat, list_cameras
from server.schema import cameras

CHUNK = 256  # cameras per chunk: about 80 KB of JSON, a few ms to compress
GZIP_LEVEL = 5
# Rows written this long before the newest one seen are read again at the next patch: a
# transaction that took its updated_at just before another's and committed just after.
SLACK = timedelta(seconds=2)
REBUILD_AT = 2_000  # more rows written than this (a bulk import): build the list again
UNKNOWN = "unknown"

_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # gzip, deflate, no name, mtime 0
_FINAL = b"\x03\x00"  # an empty final block (fixed Huffman, end of block)


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def encode(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def camera_fields(cam: Camera) -> dict:
    """A camera as the API answers it, less its status (always the last field)."""
    return {
        "id": cam.id,
        "name": cam.name,
        "area_id": cam.area_id,
        "area_path": list(cam.area_path),
        "tags": list(cam.tags),
        "ptz": cam.ptz,
        "lat": cam.lat,
        "lon": cam.lon,
        "profiles": [p.value for p in Profile if p.value in cam.streams],
        # Each stream's picture, so a client can pick the one that fits a tile.
        "streams": [_stream_json(p, cam.formats.get(p.value))
                    for p in Profile if p.value in cam.streams],
    }


def _stream_json(profile: Profile, found: StreamFormat | None) -> dict:
    if found is None:
        return {"profile": profile.value, "width": None, "height": None, "fps": None}
    return {"profile": profile.value, "width": found.width, "height": found.height,
            "fps": found.fps}


def fragment(cam: Camera) -> bytes:
    return encode(camera_fields(cam))[:-1]  # the closing brace goes after the status


_STATUS_ENDS = {s: f',"status":"{s}"}}'.encode() for s in ("online", "offline", UNKNOWN)}


@dataclass(frozen=True)
class Packed:
    plain: bytes
    deflated: bytes


_OPEN, _SEP, _CLOSE = (Packed(b, _deflate(b)) for b in (b"[", b",", b"]"))


class Chunk:
    """Consecutive cameras by id; immutable (a patch makes a new one), with its packed
    forms kept for the last few status sets."""

    __slots__ = ("ids", "frags", "digest", "_packed", "_lock")

    def __init__(self, ids: list[str], frags: list[bytes]) -> None:
        self.ids, self.frags = ids, frags
        self.digest = hashlib.sha256(b"\x00".join(frags)).hexdigest()[:24]
        self._packed: dict[object, Packed] = {}
        self._lock = threading.Lock()

    def packed(self, statuses: Mapping[str, str] | None) -> Packed:
        """Its cameras joined by commas; with ``statuses`` (id → status, unknown where
        missing) each carries its status, without them none does."""
        key = None if statuses is None else tuple(
            (i, statuses[i]) for i in self.ids if i in statuses)
        with self._lock:
            found = self._packed.get(key)
        if found is not None:
            return found
        if statuses is None:
            plain = b"},".join(self.frags) + b"}"
        else:
            ends = _STATUS_ENDS
            plain = b",".join(f + ends[statuses.get(i, UNKNOWN)]
                              for i, f in zip(self.ids, self.frags, strict=True))
        made = Packed(plain, _deflate(plain))
        with self._lock:
            if len(self._packed) >= 3:  # the status-less form and the latest statuses
                for old in [k for k in self._packed if k is not None][:-1]:
                    del self._packed[old]
            self._packed[key] = made
        return made


def chunked(ids: list[str], frags: list[bytes]) -> list[Chunk]:
    return [Chunk(ids[i:i + CHUNK], frags[i:i + CHUNK]) for i in range(0, len(ids), CHUNK)]


@dataclass(frozen=True)
class Snapshot:
    """A camera list as it stood at one revision; shares unchanged chunks with the next."""

    chunks: tuple[Chunk, ...]
    revision: str  # the catalog revision it reflects (read before it was made)

    @classmethod
    def of(cls, found: Iterable[Camera], revision: str = "") -> Snapshot:
        cams = list(found)
        return cls(tuple(chunked([c.id for c in cams], [fragment(c) for c in cams])),
                   revision)

    def content_tag(self) -> str:
        """Changes exactly when the answer's cameras (less statuses) change."""
        return hashlib.sha256(" ".join(c.digest for c in self.chunks).encode()).hexdigest()

    def __len__(self) -> int:
        return sum(len(c.ids) for c in self.chunks)

    def __contains__(self, camera_id: str) -> bool:
        chunk = self._chunk_for(camera_id)
        if chunk is None:
            return False
        at = bisect.bisect_left(chunk.ids, camera_id)
        return at < len(chunk.ids) and chunk.ids[at] == camera_id

    def _chunk_for(self, camera_id: str) -> Chunk | None:
        at = bisect.bisect_right([c.ids[0] for c in self.chunks], camera_id) - 1
        return self.chunks[at] if at >= 0 else None

    def render(self, statuses: Mapping[str, str] | None) -> tuple[bytes, int]:
        """The answer gzipped (one member) and its plain length."""
        pieces = [_OPEN]
        for i, chunk in enumerate(self.chunks):
            if i:
                pieces.append(_SEP)
            pieces.append(chunk.packed(statuses))
        pieces.append(_CLOSE)
        crc, size = 0, 0
        for piece in pieces:
            crc = zlib.crc32(piece.plain, crc)
            size += len(piece.plain)
        body = b"".join([_HEADER, *(p.deflated for p in pieces), _FINAL,
                         struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF)])
        return body, size

    def patched(self, upserts: Mapping[str, bytes], removed: Iterable[str],
                revision: str) -> Snapshot:
        """This list with ``upserts`` (id → fragment) put in and ``removed`` taken out;
        chunks no change reaches are shared, and keep what they packed."""
        chunks = list(self.chunks)
        firsts = [c.ids[0] for c in chunks]
        touched: dict[int, dict[str, bytes | None]] = {}
        for cam_id, frag in [*upserts.items(), *((r, None) for r in removed)]:
            at = max(0, bisect.bisect_right(firsts, cam_id) - 1)
            touched.setdefault(at, {})[cam_id] = frag
        if not chunks:  # an empty list: one new chunk holds whatever came
            chunks, touched = [Chunk([], [])], {0: touched.get(0, {})}
        for at in sorted(touched, reverse=True):  # from the end: indexes stay valid
            old = chunks[at]
            rows = dict(zip(old.ids, old.frags, strict=True))
            before = dict(rows)
            for cam_id, frag in touched[at].items():
                if frag is None:
                    rows.pop(cam_id, None)
                else:
                    rows[cam_id] = frag
            if rows == before:
                continue  # written, but it reads the same (the chunk keeps its packing)
            ids = sorted(rows)
            new = chunked(ids, [rows[i] for i in ids]) if len(ids) > 2 * CHUNK else (
                [Chunk(ids, [rows[i] for i in ids])] if ids else [])
            chunks[at:at + 1] = new
        return Snapshot(tuple(c for c in chunks if c.ids), revision)


class ScopeList:
    """One scope's whole list (no filter), brought to each new revision by a patch: the
    rows written since the newest updated_at it saw, read through cameras.updated_at's
    index, re-encoded; rows that left the scope (disabled, removed, moved) taken out."""

    def __init__(self, scope: frozenset[str]) -> None:
        self.scope = scope
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._newest = None  # the newest updated_at the snapshot reflects
        self._rows = 0  # camera rows in the table then (fewer later: a row was deleted)
        self._areas_seen: object = None  # the area directory's names it was built with
        self.patches = 0  # how many revisions were patched in, not built (tests read it)

    def current(self, conn: Connection, revision, path_of, areas_key: object) -> Snapshot:
        """The list at ``revision`` (server.catalog_cache.Revision); ``path_of`` names an
        area; ``areas_key`` changes when an area is renamed (every path built again)."""
        token = revision.token()
        with self._lock:
            snap = self._snapshot
            if snap is not None and snap.revision == token and areas_key == self._areas_seen:
                return snap
            total = revision.cameras[0]
            if (snap is None or areas_key != self._areas_seen or total < self._rows
                    or self._newest is None or revision.newest is None):
                snap = self._build(conn, token, path_of)
            else:
                snap = self._patch(conn, snap, token, path_of) or self._build(
                    conn, token, path_of)
            self._snapshot, self._newest, self._rows = snap, revision.newest, total
            self._areas_seen = areas_key
            return snap

    def _build(self, conn: Connection, token: str, path_of) -> Snapshot:
        return Snapshot.of(list_cameras(conn, self.scope, path_of=path_of), token)

    def _patch(self, conn: Connection, snap: Snapshot, token: str, path_of
               ) -> Snapshot | None:
        query = select(cameras.c.id).where(cameras.c.updated_at >= self._newest - SLACK)
        written = list(conn.execute(query.limit(REBUILD_AT + 1)).scalars())
        if len(written) > REBUILD_AT:
            return None
        listed = list_cameras(conn, self.scope, ids=written, path_of=path_of) if written else []
        upserts = {c.id: fragment(c) for c in listed}
        self.patches += 1
        return snap.patched(upserts, [i for i in written if i not in upserts], token)

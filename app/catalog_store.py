"""The last catalog each user got from each server, kept on disk with its ETags, so the
next sign-in revalidates it (a 304 each for areas and cameras while nothing changed)
instead of downloading 30,000 cameras again.

It holds what the server answered to that user (area and camera names, tags, places):
no URL, password or token. One gzipped JSON file per server, user and part (areas,
cameras: a camera edited leaves the areas' file alone), written whole to
a temporary name and renamed, so a crash never leaves half a catalog behind."""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT = 1


class CatalogPart(StrEnum):
    AREAS = "areas"  # GET /areas
    CAMERAS = "cameras"  # GET /cameras?status=false
    STATUSES = "camera-statuses"  # GET /camera-statuses: changes without the list


@dataclass(frozen=True)
class Stored:
    """The server's JSON for one part and the ETag it came with."""

    data: Any
    etag: str | None


class CatalogStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, server_url: str, username: str, part: CatalogPart) -> Path:
        key = hashlib.sha256(f"{server_url}\n{username}".encode()).hexdigest()[:24]
        return self.directory / f"{key}.{part.value}.json.gz"

    def load(self, server_url: str, username: str, part: CatalogPart) -> Stored | None:
        path = self._path(server_url, username, part)
        try:
            data = json.loads(gzip.decompress(path.read_bytes()))
            if (data.get("format"), data.get("server"), data.get("user")) != (
                FORMAT, server_url, username
            ):
                return None
            return Stored(data["data"], data.get("etag"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.info("catalog cache %s unreadable (%s): loading from the server", path.name,
                     type(exc).__name__)
            return None

    def save(self, server_url: str, username: str, part: CatalogPart, stored: Stored) -> None:
        path = self._path(server_url, username, part)
        data = {"format": FORMAT, "server": server_url, "user": username,
                "etag": stored.etag, "data": stored.data}
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(path.name + ".part")
            temp.write_bytes(gzip.compress(json.dumps(data, separators=(",", ":")).encode(),
                                           compresslevel=5))
            os.replace(temp, path)
        except OSError as exc:  # a full disk costs the next sign-in a download, no more
            log.warning("catalog cache not written: %s", exc)

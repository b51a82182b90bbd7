"""Discovery import of a camera fleet from camsim's control endpoint (GET /cameras),
as an administrator would import a site survey: cameras are upserted, kelurahan/RW/RT
created as their paths name them."""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import urllib.error
import urllib.request

from sqlalchemy import Engine

from server.areas import ensure_path
from server.cameras import CameraSpec, upsert_camera
from server.logmask import mask_url

log = logging.getLogger(__name__)


class ImportFailed(Exception):
    pass


def fetch_fleet(control_url: str, timeout_s: float = 5.0) -> list[dict]:
    url = control_url.rstrip("/") + "/cameras"
    if not url.startswith(("http://", "https://")):
        raise ImportFailed(f"not an HTTP URL: {mask_url(url)}")
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as resp:  # noqa: S310 (http only)
            data = json.loads(resp.read())
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ImportFailed(f"{mask_url(url)}: {exc}") from exc
    if not isinstance(data, list):
        raise ImportFailed(f"{mask_url(url)} did not answer a list of cameras")
    return data


def _spec(conn, item: dict) -> CameraSpec | None:
    area_id = ensure_path(
        conn,
        str(item.get("kota", "")),
        str(item.get("kecamatan", "")),
        [str(item.get(k) or "") for k in ("kelurahan", "rw", "rt")],
    )
    if area_id is None:
        return None
    rtsp = item.get("rtsp") or {}
    return CameraSpec(
        id=str(item["id"]),
        name=str(item.get("name") or item["id"]),
        area_id=area_id,
        lat=float(item["lat"]) if item.get("lat") is not None else None,
        lon=float(item["lon"]) if item.get("lon") is not None else None,
        ptz=bool(item.get("ptz")),
        tags=tuple(str(t) for t in item.get("tags") or ()),
        streams={str(p): str(u) for p, u in rtsp.items() if u},
        onvif_url=item.get("onvif"),
    )


def import_fleet(engine: Engine, fleet: list[dict]) -> int:
    imported = 0
    with engine.begin() as conn:
        for item in fleet:
            if not isinstance(item, dict) or not item.get("id"):
                continue
            spec = _spec(conn, item)
            if spec is None:
                log.warning(
                    "camera %s skipped: %r/%r is not a known kota/kecamatan",
                    item.get("id"),
                    item.get("kota"),
                    item.get("kecamatan"),
                )
                continue
            upsert_camera(conn, spec)
            imported += 1
    return imported


def import_with_retry(
    engine: Engine, control_url: str, stop: threading.Event, deadline_s: float | None = None
) -> int | None:
    """Retry (backoff with jitter) until camsim answers, ``stop`` is set, or
    ``deadline_s`` passes; returns the number imported, or None if it never answered."""
    started = time.monotonic()
    delay = 0.2
    while not stop.is_set():
        try:
            count = import_fleet(engine, fetch_fleet(control_url))
            log.info("imported %d cameras from %s", count, mask_url(control_url))
            return count
        except ImportFailed as exc:
            log.warning("camera import not yet possible: %s", exc)
        if deadline_s is not None and time.monotonic() - started > deadline_s:
            return None
        stop.wait(delay * random.uniform(0.8, 1.2))
        delay = min(delay * 2, 5.0)
    return None

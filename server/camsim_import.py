"""The ``--camsim-url`` shortcut: camsim's GET /cameras (its site survey sheet: each
camera's place, stream URLs and account) onboarded through the same import code an
administrator's CSV goes through (server/camera_import.py), passwords sealed in the
vault. A camera the import refuses (a place outside Jakarta's kota and kecamatan) is
logged and left out; the others land."""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import urllib.error
import urllib.request

from server.camera_import import Outcome, import_rows
from server.context import ServerContext
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


def import_row(item: dict) -> dict:
    """One camsim camera as a row of the import's JSON form."""
    place = [item.get(k) or "" for k in ("kota", "kecamatan", "kelurahan", "rw", "rt")]
    rtsp = item.get("rtsp") or {}
    account = item.get("credentials") or {}
    row = {
        "id": str(item.get("id") or ""),
        "name": str(item.get("name") or item.get("id") or ""),
        "area": "/".join(str(p) for p in place if p),
        "tags": ";".join(str(t) for t in item.get("tags") or ()),
        "lat": item.get("lat"),
        "lon": item.get("lon"),
        "onvif": item.get("onvif") or "",
        "ptz": bool(item.get("ptz")),
    }
    for profile in ("main", "sub", "third"):
        if rtsp.get(profile):
            row[f"{profile}_url"] = str(rtsp[profile])
    if account.get("username"):
        row["username"] = str(account["username"])
        row["password"] = str(account.get("password") or "")
    return row


def import_fleet(ctx: ServerContext, fleet: list[dict]) -> int:
    """Onboard ``fleet``; returns how many cameras are now in the catalog from it."""
    rows = [import_row(item) for item in fleet if isinstance(item, dict) and item.get("id")]
    with ctx.engine.begin() as conn:
        checked = import_rows(conn, ctx.vault, rows, dry_run=True)
        refused = {line.camera_id for line in checked.lines if line.outcome is Outcome.ERROR}
        for line in checked.lines:
            if line.outcome is Outcome.ERROR:
                log.warning("camera %s left out: %s", line.camera_id, line.message)
        accepted = [row for row in rows if row["id"] not in refused]
        report = import_rows(conn, ctx.vault, accepted, dry_run=False)
    for line in report.lines:
        if line.outcome in (Outcome.CREATE, Outcome.UPDATE):
            ctx.camera_changed(line.camera_id)
    return len(accepted)


def import_with_retry(
    ctx: ServerContext, control_url: str, stop: threading.Event, deadline_s: float | None = None
) -> int | None:
    """Retry (backoff with jitter) until camsim answers, ``stop`` is set, or
    ``deadline_s`` passes; returns the number imported, or None if it never answered."""
    started = time.monotonic()
    delay = 0.2
    while not stop.is_set():
        try:
            count = import_fleet(ctx, fetch_fleet(control_url))
            log.info("imported %d cameras from %s", count, mask_url(control_url))
            return count
        except ImportFailed as exc:
            log.warning("camera import not yet possible: %s", exc)
        if deadline_s is not None and time.monotonic() - started > deadline_s:
            return None
        stop.wait(delay * random.uniform(0.8, 1.2))
        delay = min(delay * 2, 5.0)
    return None

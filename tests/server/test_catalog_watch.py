"""Cameras written by another process (a console import) reach this server's recorder
and relay through the catalog watch."""

from __future__ import annotations

from server.camera_import import import_rows
from server.catalog_watch import CatalogWatch
from server.vault import Vault
from tests.server.conftest import make_api


def _row(camera_id: str, name: str) -> dict:
    return {"id": camera_id, "name": name, "area": "Jakarta Selatan/Tebet",
            "main_url": f"rtsp://127.0.0.1:8554/{camera_id}/main"}


def test_cameras_written_elsewhere_are_announced_once(tmp_path):
    api, client = make_api(tmp_path / "data")
    heard: list[str] = []
    api.ctx.camera_listeners.append(heard.append)
    watch = CatalogWatch(api.ctx)
    watch.start()  # remembers the newest write; the thread's first look is seconds away
    try:
        assert watch.look() == [] and heard == []
        # Another process: its own engine and vault on the same data directory.
        from server.db import open_engine

        other = open_engine(str(api.ctx.engine.url))
        with other.begin() as conn:
            report = import_rows(conn, Vault.open(tmp_path / "data"),
                                 [_row("kons-1", "Dari konsol"), _row("kons-2", "Juga")],
                                 dry_run=False)
        other.dispose()
        assert report.failed == 0
        assert watch.look() == ["kons-1", "kons-2"]
        assert sorted(heard) == ["kons-1", "kons-2"]
        assert watch.look() == []  # nothing new: nothing announced again
        assert sorted(heard) == ["kons-1", "kons-2"]
    finally:
        watch.stop()
        client.close()

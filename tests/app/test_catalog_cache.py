"""The client keeps the catalog it loaded and revalidates it with the server's ETags: an
unchanged catalog costs three 304s, in the same session and at the next sign-in (from the
catalog store); the list is asked without statuses and the statuses apart (so a
camera going offline re-fetches only them); a camera renamed on the server reaches the
tree at the next load. Against the real server process."""

from __future__ import annotations

import requests

from app.api.http import ApiClient
from app.catalog_store import CatalogStore
from app.services.cameras import CameraService
from app.services.session import SessionService
from tests.support.server_proc import run_server

PASSWORD = "pantau-demo"


class Answers:
    """Records what each conditional GET of the client came back with (the real call
    runs; this only looks)."""

    def __init__(self, api: ApiClient) -> None:
        self.seen: list[tuple[str, bool]] = []
        real = api.get_if_changed

        def looking(path, etag, params=None):
            answer = real(path, etag, params)
            self.seen.append((path, answer.not_modified))
            return answer

        api.get_if_changed = looking


def _admin_call(srv, method, path, json=None):
    token = srv.login("admin")
    resp = requests.request(method, f"{srv.api}{path}", json=json, timeout=10,
                            headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code < 300, resp.text


def _camera(cam_id, name):
    return {"id": cam_id, "name": name, "area_id": "jakarta-selatan.tebet",
            "tags": ["taman"], "streams": {"main": {"url": f"rtsp://127.0.0.1:9/{cam_id}"}}}


def _signed_in(qtbot, runner, url, store):
    session = SessionService(runner)
    cameras = CameraService(session, runner, store=store)
    with qtbot.waitSignal(session.logged_in, timeout=10000):
        session.login(url, "operator", PASSWORD)
    return session, cameras, Answers(session.api)


def _load(qtbot, cameras, changes: bool):
    """load(), waited for until it finished; whether catalog_changed came is asserted
    (it would come before loading ends)."""
    changed = []
    cameras.catalog_changed.connect(lambda: changed.append(True))
    with qtbot.waitSignal(cameras.loading_changed, timeout=15000,
                          check_params_cb=lambda loading: not loading):
        cameras.load()
    assert bool(changed) is changes


def test_unchanged_catalog_costs_304s_now_and_at_the_next_sign_in(qtbot, runner, tmp_path):
    store = CatalogStore(tmp_path / "catalog")
    with run_server(tmp_path, record=False, extra_args=["--no-relay"]) as srv:
        _admin_call(srv, "POST", "/admin/cameras", _camera("cam101", "Taman Tebet"))
        _admin_call(srv, "POST", "/admin/cameras", _camera("cam102", "Pos Kamling Tebet"))
        url = srv.url

        session, cameras, answers = _signed_in(qtbot, runner, url, store)
        _load(qtbot, cameras, changes=True)
        assert [c.id for c in cameras.search("tebet")] == ["cam101", "cam102"]
        assert answers.seen == [("/areas", False), ("/cameras", False),
                                ("/camera-statuses", False)]

        _load(qtbot, cameras, changes=False)  # the same session, nothing changed
        assert answers.seen[3:] == [("/areas", True), ("/cameras", True),
                                    ("/camera-statuses", True)]
        assert [c.id for c in cameras.search("tebet")] == ["cam101", "cam102"]

        # The next sign-in (a new client process): the stored catalog, revalidated.
        _, again, answers = _signed_in(qtbot, runner, url, store)
        _load(qtbot, again, changes=True)
        assert answers.seen == [("/areas", True), ("/cameras", True),
                                ("/camera-statuses", True)]
        assert [c.name for c in again.search("tebet")] == ["Taman Tebet", "Pos Kamling Tebet"]
        assert [a.name for a in again.areas()][:1] == ["Jakarta Barat"]

        _admin_call(srv, "PUT", "/admin/cameras/cam102", {"name": "Pos Ronda Tebet"})
        _load(qtbot, again, changes=True)
        # A patched list on the server, the statuses unchanged.
        assert answers.seen[3:] == [("/areas", True), ("/cameras", False),
                                    ("/camera-statuses", True)]
        assert again.camera("cam102").name == "Pos Ronda Tebet"

        # And the store now holds the new name for the sign-in after that.
        _, third, answers = _signed_in(qtbot, runner, url, store)
        _load(qtbot, third, changes=True)
        assert answers.seen == [("/areas", True), ("/cameras", True),
                                ("/camera-statuses", True)]
        assert third.camera("cam102").name == "Pos Ronda Tebet"

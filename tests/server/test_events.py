"""The event stream on a real uvicorn server: a push reaches the subscribed workstation,
only that one, and only when its user may see the camera."""

from __future__ import annotations

import queue
import threading

import pytest

from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient
from tests.server.conftest import DEMO_PASSWORD, FLEET
from tests.support.live_app import serve_app


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_app(tmp_path_factory.mktemp("events"), FLEET) as (url, app):
        yield url, app


def client(url: str, user: str) -> ApiClient:
    api = ApiClient(url, timeout_s=5)
    api.login(user, DEMO_PASSWORD)
    return api


class Listener:
    """Reads one workstation's events on a thread into a queue."""

    def __init__(self, api: ApiClient, workstation: str) -> None:
        self.events: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(api, workstation), daemon=True)
        self.thread.start()
        hello = self.events.get(timeout=10)
        assert hello == {"type": "hello", "workstation": workstation}

    def _run(self, api, workstation) -> None:
        for event in api.events(workstation, self.stop):
            self.events.put(event)

    def next(self, timeout: float = 5.0) -> dict | None:
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        self.stop.set()


def test_push_reaches_only_the_subscribed_workstation(server):
    url, _ = server
    operator = client(url, "operator")
    for name in ("wallpc", "otherpc"):
        operator.register_workstation(name, [{"index": 0, "name": "S0"}])
    wall = Listener(client(url, "operator"), "wallpc")
    other = Listener(client(url, "operator"), "otherpc")
    try:
        operator.push("wallpc", 0, camera_id="cam002")
        event = wall.next()
        assert event is not None and event["camera_id"] == "cam002"
        assert (event["workstation"], event["monitor"], event["from"]) == ("wallpc", 0,
                                                                          "operator")
        operator.push("wallpc", 0, view="Gambir")
        assert wall.next()["view"] == "Gambir"
        assert other.next(timeout=0.5) is None
        online = {s["name"]: s["online"] for s in operator.workstations()}
        assert online["wallpc"] is True and online["otherpc"] is True
    finally:
        wall.close()
        other.close()
    operator.register_workstation("quietpc", [{"index": 0}])  # registered, not listening
    assert {s["name"]: s["online"] for s in operator.workstations()}["quietpc"] is False


def test_stream_filters_cameras_the_receiving_user_may_not_see(server):
    url, _ = server
    police = client(url, "police")
    police.register_workstation("polsek", [{"index": 0}])
    police_wall = Listener(police, "polsek")
    supervisor = client(url, "supervisor")  # all of Jakarta: sees the police post's PC
    try:
        supervisor.push("polsek", 0, camera_id="cam003")  # Jakarta Pusat: not police's
        supervisor.push("polsek", 0, camera_id="cam001")  # Jakarta Selatan
        event = police_wall.next()
        assert event is not None and event["camera_id"] == "cam001"
    finally:
        police_wall.close()


def test_stream_needs_a_valid_token(server):
    url, _ = server
    api = ApiClient(url, timeout_s=5)
    api.set_token("not-a-token")
    with pytest.raises(ApiError) as info:
        next(api.events("wallpc", threading.Event()))
    assert info.value.kind is ApiErrorKind.UNAUTHORIZED

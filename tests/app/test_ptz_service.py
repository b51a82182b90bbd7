"""PtzService with a fake PtzApi: sequence numbers rise, a held move is repeated until
stop_move (which carries a newer number than every move), a 409 ptz_locked becomes a
message naming the holder and ends the repetition, watching polls the lock."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from app.api.errors import ApiError, ApiErrorKind
from app.api.ptz import Preset, PtzLock, PtzStatus
from app.services.ptz import PtzService
from app.services.session import SessionService
from app.tasks import TaskRunner


class FakePtzApi:
    def __init__(self):
        self.commands = []  # (camera, what, seq, values)
        self.lock = threading.Lock()
        self.locked_by = None  # display name: every command answers 409
        self.preset_list = [Preset("p1", "Gate")]
        self.status_calls = 0

    def command(self, camera_id, what, seq, **values):
        with self.lock:
            self.commands.append((camera_id, what, seq, values))
        if self.locked_by:
            raise ApiError(ApiErrorKind.BAD_REQUEST,
                           f"{self.locked_by} (police) controls this camera.", 409,
                           "ptz_locked")
        return True

    def status(self, camera_id):
        self.status_calls += 1
        lock = (PtzLock("police", self.locked_by, 2, datetime(2030, 1, 1, tzinfo=UTC))
                if self.locked_by else None)
        return PtzStatus(camera_id, lock, (0.1, 0.0, 0.0))

    def presets(self, camera_id):
        return list(self.preset_list)

    def sorted_commands(self):
        with self.lock:
            return sorted(self.commands, key=lambda c: c[2])


@pytest.fixture
def ptz(qtbot):
    runner = TaskRunner()
    api = FakePtzApi()
    service = PtzService(SessionService(runner), runner, api=lambda: api)
    yield service, api
    service.stop_all()
    runner.shutdown()


def test_a_held_move_repeats_with_rising_numbers_until_the_newer_stop(qtbot, ptz):
    service, api = ptz
    service.start_move("cam004", 0.5, 0.0)
    service.start_move("cam004", 0.5, 0.0)  # key auto-repeat: not a new command
    qtbot.waitUntil(lambda: len(api.commands) >= 3, timeout=5000)  # first + 2 keep-alives
    service.stop_move("cam004")
    assert not service.moving("cam004")
    qtbot.waitUntil(lambda: any(c[1] == "stop" for c in api.commands), timeout=3000)
    qtbot.wait(1200)  # two keep-alive periods: nothing more may be sent
    commands = api.sorted_commands()
    seqs = [c[2] for c in commands]
    assert seqs == sorted(set(seqs))  # unique and rising
    assert [c[1] for c in commands[:-1]] == ["move"] * (len(commands) - 1)
    assert commands[-1][1] == "stop"  # the stop is newer than every move
    assert all(c[3] == {"pan": 0.5, "tilt": 0.0, "zoom": 0.0} for c in commands[:-1])


def test_center_and_late_answers_leave_nothing_moving(qtbot, ptz):
    service, api = ptz
    service.center("cam004", 0.25, -2.0)  # clamped to the picture
    qtbot.waitUntil(lambda: len(api.commands) == 1, timeout=3000)
    assert api.commands[0][1:] == ("center", 1, {"x": 0.25, "y": -1.0})
    assert not service.moving("cam004")


def test_a_locked_camera_names_its_holder_and_stops_repeating(qtbot, ptz):
    service, api = ptz
    api.locked_by = "Polres Metro Jakarta Selatan"
    with qtbot.waitSignal(service.failed, timeout=3000) as failed:
        service.start_move("cam004", 0.0, -0.5)
    camera_id, kind, message = failed.args
    assert camera_id == "cam004" and isinstance(kind, ApiErrorKind)
    assert "Polres Metro Jakarta Selatan" in message
    assert not service.moving("cam004")  # nothing keeps hammering a held camera
    qtbot.waitUntil(lambda: "cam004" in service.statuses, timeout=3000)
    assert service.statuses["cam004"].lock.display_name == "Polres Metro Jakarta Selatan"


def test_watching_polls_the_lock_and_presets_load(qtbot, ptz):
    service, api = ptz
    with qtbot.waitSignal(service.status_changed, timeout=3000) as changed:
        service.watch("cam004")
    assert changed.args[0] == "cam004" and changed.args[1].position == (0.1, 0.0, 0.0)
    with qtbot.waitSignal(service.presets_changed, timeout=3000) as loaded:
        service.load_presets("cam004")
    assert loaded.args == ["cam004", [Preset("p1", "Gate")]]
    service.unwatch("cam004")
    assert not service._poll.isActive()


def test_a_late_status_answer_does_not_replace_a_newer_one(qtbot, ptz):
    service, api = ptz
    first_entered = threading.Event()
    first_may_answer = threading.Event()
    calls = []

    def status(camera_id):
        calls.append(camera_id)
        name = "first" if len(calls) == 1 else "second"
        if name == "first":
            first_entered.set()
            first_may_answer.wait(5)  # overtaken by the second request
        holder = PtzLock(name, name.title(), 1, datetime(2030, 1, 1, tzinfo=UTC))
        return PtzStatus(camera_id, holder, None)

    api.status = status
    service.refresh("cam004")
    qtbot.waitUntil(first_entered.is_set, timeout=3000)
    with qtbot.waitSignal(service.status_changed, timeout=3000):
        service.refresh("cam004")
    assert service.statuses["cam004"].lock.holder == "second"
    first_may_answer.set()
    qtbot.waitUntil(lambda: service._runner.pending() == 0, timeout=3000)  # answered
    assert service.statuses["cam004"].lock.holder == "second"


def test_a_slow_camera_does_not_pile_up_status_polls(qtbot):
    import threading

    from app.api.ptz import PtzStatus
    from app.services.ptz import PtzService
    from app.tasks import TaskRunner

    release = threading.Event()
    calls = []

    class SlowApi:
        def status(self, camera_id):
            calls.append(camera_id)
            release.wait(5)
            return PtzStatus(camera_id, None, None)

    class NoSession:
        api = None
        user = None

    runner = TaskRunner()
    ptz = PtzService(NoSession(), runner, api=SlowApi)
    ptz._poll.setInterval(50)
    ptz.watch("cam001")
    qtbot.wait(600)  # a dozen poll ticks while the first answer is still out
    assert calls == ["cam001"]
    release.set()
    qtbot.waitUntil(lambda: len(calls) >= 2, timeout=3000)  # polling resumes
    ptz.unwatch("cam001")
    runner.shutdown()

"""Widgets offscreen with fakes for the engine; a real server where the test says so."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest  # noqa: E402

from app.domain import Area, AreaKind, Camera  # noqa: E402
from app.services.cameras import CameraService  # noqa: E402
from app.services.playback import PlaybackService  # noqa: E402
from app.services.session import SessionService  # noqa: E402
from app.services.wall import WallService  # noqa: E402
from app.streams.service import StreamService  # noqa: E402
from app.tasks import TaskRunner  # noqa: E402
from app.wall import Layout, WallModel  # noqa: E402
from tests.app.fakes import FakeEngineFactory, fake_live_url  # noqa: E402
from ui.tile.services import TileServices  # noqa: E402


def _area(id_, name, kind, *children):
    return Area(id_, name, kind, tuple(children))


AREAS = [
    _area("jp", "Jakarta Pusat", AreaKind.KOTA,
          _area("menteng", "Menteng", AreaKind.KECAMATAN,
                _area("gondangdia", "Gondangdia", AreaKind.KELURAHAN,
                      _area("rw02", "RW 02", AreaKind.RW,
                            _area("rt05", "RT 05", AreaKind.RT)))),
          _area("gambir", "Gambir", AreaKind.KECAMATAN)),
    _area("js", "Jakarta Selatan", AreaKind.KOTA,
          _area("tebet", "Tebet", AreaKind.KECAMATAN),
          _area("cilandak", "Cilandak", AreaKind.KECAMATAN)),  # no camera: hidden
]
CAMERAS = [
    Camera("cam001", "Taman Suropati", "menteng", ("Jakarta Pusat", "Menteng"), ("park",)),
    Camera("cam002", "Gang Kelinci RT 05", "rt05",
           ("Jakarta Pusat", "Menteng", "Gondangdia", "RW 02", "RT 05"), ("kampung",)),
    Camera("cam003", "Stasiun Gambir", "gambir", ("Jakarta Pusat", "Gambir"), ("station",)),
    Camera("cam004", "Taman Tebet Eco Park", "tebet", ("Jakarta Selatan", "Tebet"),
           ("park", "flood"), ptz=True),
]


class UiServices:
    def __init__(self, layout: Layout = Layout.L2X2) -> None:
        self.runner = TaskRunner()
        self.session = SessionService(self.runner)
        self.cameras = CameraService(self.session, self.runner)
        self.cameras.set_catalog(AREAS, CAMERAS)
        self.factory = FakeEngineFactory()
        self.streams = StreamService(self.runner, fake_live_url, self.factory)
        self.wall = WallService(WallModel(layout=layout))
        self.playback = PlaybackService(self.session, self.streams, self.runner)
        self.tiles = TileServices(self.streams, self.cameras, self.playback)

    def close(self) -> None:
        self.streams.shutdown()
        self.runner.shutdown()


@pytest.fixture
def services(qtbot):
    bundle = UiServices()
    yield bundle
    bundle.close()

"""One tile's live stream: which of its camera's streams, through which engine, into
which output, and when to switch (issue 16, a stream for every tile size).

The tile's widget says what it is (``TileView``: its camera, the device pixels it has
for the picture, maximised or zoomed, whether anyone can see it) and paints; this
controller decides. A tile takes the smallest stream at least as large as what it
paints (app.streams.ladder), the largest when maximised or zoomed in; a resize is
followed once it settles, and a tile nobody can see lets its stream go after a moment.
On a switch between streams of one camera the old stream stays (``held``) and is
painted until the new one's first picture, then let go.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.domain import Camera, Profile, StreamInfo
from app.services.cameras import CameraService
from app.streams.ladder import Ladder, Rung
from app.streams.service import StreamKey, StreamService

# Resizes come in bursts (a splitter dragged, a layout rebuilt): the stream follows
# once the size has stood still this long.
RESIZE_SETTLE_MS = 250
# Hide events come and go while layouts are rebuilt; only a tile that stays hidden
# this long lets its stream go.
HIDDEN_RELEASE_MS = 1000
# What a stream of unknown size is taken for: the sizes cameras ship with (Hikvision
# and Dahua sub streams 640x360/704x576, third streams 320x180/352x288), so a camera
# onboarded without a probe still gets its small streams on small tiles. An unprobed
# main stream counts as larger than every other.
_NOMINAL = {Profile.SUB: (640, 360), Profile.THIRD: (320, 180)}
_ASPECT = 16 / 9  # of a picture whose size nobody knows yet


class Switch(enum.Enum):
    """What a decision changed."""

    NONE = "none"  # the same stream goes on (its display width may have changed)
    STREAM = "stream"  # another stream of the same camera; the old one is held
    CAMERA = "camera"  # another camera, or no stream at all


@dataclass(frozen=True)
class TileView:
    """What the widget tells of itself when the controller decides."""

    camera_id: str | None
    width: float  # device pixels the picture may fill (letterboxed inside)
    height: float
    shown_width: int | None  # device pixels the picture is painted at now (None: unknown)
    largest: bool  # maximised, or zoomed in far: the camera's largest stream
    zoomed: bool  # zoomed in: pictures at native size, cropped by the GUI
    visible: bool  # the tile is on the wall (not behind a maximised tile, not released)


class TileLiveStream(QObject):
    """The live stream policy of one tile. ``view`` is asked for the tile's facts at
    each decision; ``window_for`` returns the native window for a stream drawn into the
    tile (libVLC), made on first use."""

    sync_requested = Signal()  # a resize settled or the tile stayed hidden: decide again

    def __init__(self, tile_index: int, streams: StreamService, cameras: CameraService,
                 view: Callable[[], TileView], window_for: Callable[[], int],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tile = tile_index
        self._streams = streams
        self._cameras = cameras
        self._view = view
        self._window_for = window_for
        self.key: StreamKey | None = None
        self.held: StreamKey | None = None  # still painted until key's first picture
        self.viewer = object()  # who this tile is to the stream service (display width)
        self._hidden = False
        self._forced = False  # the stream was taken as the largest, whatever the size
        self._resize_timer = _single_shot(self, RESIZE_SETTLE_MS, self.sync_requested.emit)
        self._hide_timer = _single_shot(self, HIDDEN_RELEASE_MS, self._on_hide_timer_timeout)

    # -- what the widget reports --------------------------------------------------------
    def resized(self) -> None:
        self._resize_timer.start()

    def shown(self) -> None:
        """The tile is on screen again (the widget decides anew)."""
        self._hide_timer.stop()
        self._hidden = False

    def hidden(self) -> None:
        """Hidden, minimised or unmapped (maybe only for a moment)."""
        self._hide_timer.start()

    def stop_timers(self) -> None:
        self._hide_timer.stop()
        self._resize_timer.stop()

    # -- decisions ------------------------------------------------------------------------
    def engine(self) -> str:
        return self._streams.engine_for_tile(self._tile)

    def wanted(self, view: TileView | None = None) -> StreamKey | None:
        """The live stream the tile should show now (None: none)."""
        view = view or self._view()
        if not view.camera_id or not view.visible or self._hidden:
            return None
        profile = self.choose(view)
        engine = self.engine()
        window = 0
        if not view.zoomed and self._streams.wants_window(engine):
            window = self._window_for()
        return StreamKey(view.camera_id, profile.value, engine=engine, window=window)

    def choose(self, view: TileView) -> Profile:
        camera = self._cameras.camera(view.camera_id or "")
        # Hysteresis is against a size at a rung's edge; a stream taken because the
        # tile was maximised or zoomed is no size to stick to.
        current = _profile(self.key) if self.key is not None and not self._forced \
            and self.key.camera_id == view.camera_id else None
        if camera is None:
            return Profile.MAIN if view.largest else Profile.SUB
        if not self._streams.ladder:
            wanted = Profile.MAIN if view.largest or view.width >= _OLD_MAIN_WIDTH \
                else Profile.SUB
            return camera.best_profile(wanted)
        ladder = self.ladder(camera)
        width, height = _fit(ladder, view.width, view.height)
        return ladder.choose(width, height, current=current, largest=view.largest)

    def ladder(self, camera: Camera) -> Ladder:
        rungs = []
        for info in camera.stream_infos():
            size = _known(info)
            rungs.append(Rung(info.profile, *size) if size else Rung(info.profile))
        return Ladder.of(rungs) if rungs else Ladder.of([Rung(Profile.MAIN)])

    def sync(self, painting: Callable[[StreamKey], bool]) -> Switch:
        """Follow the view: keep, switch or let go of the stream. ``painting(new)``:
        whether the tile has a picture worth holding until ``new``'s first one (a frame,
        or a native surface that is showing and that ``new`` will draw into)."""
        view = self._view()
        wanted = self.wanted(view)
        self._forced = view.largest
        if wanted == self.key:
            self.report_width(view)
            return Switch.NONE
        old = self.key
        self.key = self._streams.acquire(wanted.camera_id, wanted.profile, wanted.engine,
                                         wanted.window) if wanted else None
        self.let_go_of_held()  # a switch in the middle of a switch: the oldest goes
        same_camera = self.key is not None and old is not None \
            and old.camera_id == self.key.camera_id
        if old is not None:
            if same_camera and self._streams.latest_frame(self.key) is None \
                    and painting(self.key):
                self.held = old  # no black gap: painted until the new first picture
            else:
                self._streams.release(old, self.viewer)
        self.report_width(view)
        return Switch.STREAM if same_camera else Switch.CAMERA

    def report_width(self, view: TileView | None = None) -> None:
        """Tell the stream how wide its picture is shown here, so the engine scales it
        in its own thread and painting is a plain copy; zoomed in: native pixels."""
        if self.key is None:
            return
        view = view or self._view()
        width = None if view.zoomed else max(1, round(view.shown_width or view.width))
        self._streams.set_display_width(self.key, self.viewer, width)

    def picture_arrived(self) -> bool:
        """The current stream has a picture: the held one goes. True if one went."""
        if self.held is None:
            return False
        self.let_go_of_held()
        return True

    def let_go_of_held(self) -> None:
        if self.held is not None:
            held, self.held = self.held, None
            self._streams.release(held, self.viewer)

    def release(self) -> None:
        """Let go of every stream (the tile plays back, or goes)."""
        self.let_go_of_held()
        if self.key is not None:
            key, self.key = self.key, None
            self._streams.release(key, self.viewer)

    @Slot()
    def _on_hide_timer_timeout(self) -> None:
        self._hidden = True
        self.sync_requested.emit()


# The fixed rule without a ladder (the bench's "ladder off"): main from this wide on.
_OLD_MAIN_WIDTH = 1280


def _profile(key: StreamKey) -> Profile | None:
    try:
        return Profile(key.profile)
    except ValueError:
        return None


def _known(info: StreamInfo) -> tuple[int, int] | None:
    if info.width and info.height:
        return info.width, info.height
    return _NOMINAL.get(info.profile)


def _fit(ladder: Ladder, width: float, height: float) -> tuple[float, float]:
    """The size the picture is painted at inside ``width`` x ``height``: letterboxed to
    the camera's aspect (its largest known stream's), so a tall tile does not ask for a
    stream as tall as the tile."""
    sized = [r for r in ladder.rungs if r.width and r.height]
    aspect = sized[-1].width / sized[-1].height if sized else _ASPECT
    if width <= 0 or height <= 0:
        return 0.0, 0.0
    if width / height > aspect:
        return height * aspect, height
    return width, width / aspect


def _single_shot(parent: QObject, interval_ms: int, slot) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer

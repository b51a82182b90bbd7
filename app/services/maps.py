"""Maps from the client: the list of the server's maps (pictures with cameras placed on
them) and their pictures, the administrators' changes to them, and how each camera is to
be drawn on a map (live, stale, offline).

Pictures are fetched once per map and kept: a map is a few hundred kB to a few MB and
does not change while it is shown (an administrator's new picture is a new map).
"""

from __future__ import annotations

import enum
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from app.api.errors import ApiError, ApiErrorKind
from app.api.maps import IMAGE_TYPES, MAX_IMAGE_BYTES, MapInfo, MapsApi, Placement
from app.domain import Camera, CameraStatus
from app.services.camera_status import CameraStatusService, Trouble
from app.services.cameras import CameraService
from app.services.session import SessionService
from app.streams.engine import StreamState
from app.streams.service import PLAYBACK, StreamKey, StreamService
from app.tasks import TaskRunner

log = logging.getLogger(__name__)


class MapAction(enum.Enum):
    LOAD = "load"
    IMAGE = "image"
    ADD = "add"
    RENAME = "rename"
    REMOVE = "remove"
    PLACE = "place"
    UNPLACE = "unplace"


class MapService(QObject):
    maps_changed = Signal()  # maps() has news (or the first list arrived)
    image_ready = Signal(int)  # map id: image() has its picture
    added = Signal(object)  # MapInfo an administrator just put up
    failed = Signal(object, object, str)  # MapAction, ApiErrorKind, message

    def __init__(self, session: SessionService, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._maps: dict[int, MapInfo] = {}
        self._images: dict[int, bytes] = {}
        self._asked: set[int] = set()
        self._loaded = False  # the first list since sign-in arrived
        session.logged_out.connect(self._on_session_logged_out)

    def _api(self, action: MapAction) -> MapsApi | None:
        client = self._session.api
        if client is None:
            self.failed.emit(action, ApiErrorKind.UNAUTHORIZED, "not logged in")
            return None
        return MapsApi(client)

    # -- what views read -----------------------------------------------------------------

    def maps(self) -> list[MapInfo]:
        return list(self._maps.values())

    def map(self, map_id: int) -> MapInfo | None:
        return self._maps.get(map_id)

    def image(self, map_id: int) -> bytes | None:
        return self._images.get(map_id)

    # -- reading -------------------------------------------------------------------------

    def load(self) -> None:
        api = self._api(MapAction.LOAD)
        if api is not None:
            self._runner.submit(api.list, self._on_listed, self._failure(MapAction.LOAD))

    def request_image(self, map_id: int) -> None:
        """Fetch the map's picture unless it is held or on its way; image_ready then."""
        if map_id in self._images:
            self.image_ready.emit(map_id)
            return
        if map_id in self._asked:
            return
        api = self._api(MapAction.IMAGE)
        if api is None:
            return
        self._asked.add(map_id)

        def failed(exc: BaseException) -> None:
            self._asked.discard(map_id)
            self._failure(MapAction.IMAGE)(exc)

        self._runner.submit(lambda: api.image(map_id),
                            lambda data: self._on_image(map_id, data), failed)

    # -- administration ------------------------------------------------------------------

    def add(self, name: str, area_id: str, path: Path) -> None:
        """Upload a PNG or JPEG file as a new map; added (and maps_changed) or failed."""
        api = self._api(MapAction.ADD)
        if api is None:
            return
        kind = IMAGE_TYPES.get(path.suffix.lower())
        if kind is None:
            self.failed.emit(MapAction.ADD, ApiErrorKind.BAD_REQUEST,
                             "not a .png, .jpg or .jpeg file")
            return

        def work() -> MapInfo:
            if path.stat().st_size > MAX_IMAGE_BYTES:
                raise ApiError(ApiErrorKind.BAD_REQUEST,
                               f"The picture is larger than {MAX_IMAGE_BYTES >> 20} MB.")
            return api.add(name, area_id, path.read_bytes(), kind)

        self._runner.submit(work, self._on_added, self._failure(MapAction.ADD))

    def rename(self, map_id: int, name: str) -> None:
        api = self._api(MapAction.RENAME)
        if api is not None:
            self._runner.submit(lambda: api.rename(map_id, name), self._on_changed,
                                self._failure(MapAction.RENAME))

    def remove(self, map_id: int) -> None:
        api = self._api(MapAction.REMOVE)
        if api is not None:
            self._runner.submit(lambda: api.remove(map_id), lambda _: self.load(),
                                self._failure(MapAction.REMOVE))

    def place(self, map_id: int, placement: Placement) -> None:
        """Put a camera on a map or move it; the list is reloaded when the server has it."""
        api = self._api(MapAction.PLACE)
        if api is not None:
            self._runner.submit(lambda: api.place(map_id, placement), lambda _: self.load(),
                                self._failure(MapAction.PLACE))

    def unplace(self, map_id: int, camera_id: str) -> None:
        api = self._api(MapAction.UNPLACE)
        if api is not None:
            self._runner.submit(lambda: api.unplace(map_id, camera_id), lambda _: self.load(),
                                self._failure(MapAction.UNPLACE))

    # -- answers -------------------------------------------------------------------------

    def _on_listed(self, found: list[MapInfo]) -> None:
        if self._session.api is None:
            return  # signed out meanwhile
        fresh = {m.id: m for m in found}
        if fresh != self._maps or not self._loaded:
            self._maps, self._loaded = fresh, True
            for gone in set(self._images) - set(fresh):
                del self._images[gone]
            self.maps_changed.emit()

    def _on_image(self, map_id: int, data: bytes) -> None:
        self._asked.discard(map_id)
        if self._session.api is None:
            return
        self._images[map_id] = data
        self.image_ready.emit(map_id)

    def _on_added(self, made: MapInfo) -> None:
        self._maps[made.id] = made
        self.maps_changed.emit()
        self.added.emit(made)

    def _on_changed(self, made: MapInfo) -> None:
        self._maps[made.id] = made
        self.maps_changed.emit()

    def _failure(self, action: MapAction):
        def failed(exc: BaseException) -> None:
            kind = exc.kind if isinstance(exc, ApiError) else ApiErrorKind.BAD_RESPONSE
            message = exc.message if isinstance(exc, ApiError) else str(exc)
            log.info("maps: %s failed: %s %s", action.value, kind.value, message)
            self.failed.emit(action, kind, message)
        return failed

    @Slot()
    def _on_session_logged_out(self) -> None:
        self._maps, self._images, self._asked, self._loaded = {}, {}, set(), False
        self.maps_changed.emit()


# --- how a camera is drawn -----------------------------------------------------------


class CameraLook(enum.Enum):
    """A camera's colour on a map."""
    LIVE = "live"  # pictures come (or nobody says otherwise: the server records it)
    STALE = "stale"  # a stream of ours shows an old picture
    OFFLINE = "offline"  # no picture: our stream lost it, or the server's recorder did
    UNKNOWN = "unknown"  # nobody has said yet


_STREAM_LOOK = {StreamState.LIVE: CameraLook.LIVE, StreamState.STALE: CameraLook.STALE,
                StreamState.OFFLINE: CameraLook.OFFLINE,
                StreamState.RECONNECTING: CameraLook.OFFLINE}
_TROUBLE_LOOK = {Trouble.OFFLINE: CameraLook.OFFLINE, Trouble.STALE: CameraLook.STALE}
_RANK = {CameraLook.LIVE: 3, CameraLook.STALE: 2, CameraLook.OFFLINE: 1}
_CATALOG_LOOK = {CameraStatus.ONLINE: CameraLook.LIVE, CameraStatus.OFFLINE: CameraLook.OFFLINE,
                 CameraStatus.UNKNOWN: CameraLook.UNKNOWN}


class MapCameraStates(QObject):
    """Each camera's look, from the client's camera-status service when the shell has
    one (its verdict joins our streams and the server's recorder); otherwise from our
    live streams' states, and the catalog's status for cameras nobody watches."""

    changed = Signal()

    def __init__(self, cameras: CameraService, streams: StreamService,
                 status: CameraStatusService | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cameras = cameras
        self._status = status
        self._streams: dict[StreamKey, CameraLook] = {}
        cameras.catalog_changed.connect(self.changed)
        if status is not None:
            status.changed.connect(self.changed)
        else:
            streams.state_changed.connect(self._on_streams_state_changed)

    def look(self, camera_id: str) -> CameraLook:
        camera = self._cameras.camera(camera_id)
        if self._status is not None:
            trouble = self._status.trouble(camera_id)
            if trouble is not None and trouble.trouble in _TROUBLE_LOOK:
                return _TROUBLE_LOOK[trouble.trouble]
            return CameraLook.LIVE if camera is not None else CameraLook.UNKNOWN
        ours = [look for key, look in self._streams.items() if key.camera_id == camera_id]
        if ours:
            return max(ours, key=_RANK.__getitem__)
        return _CATALOG_LOOK[camera.status] if camera is not None else CameraLook.UNKNOWN

    @Slot(object, object, object, str)
    def _on_streams_state_changed(self, key: StreamKey, state: StreamState, _error,
                                  _message: str) -> None:
        if key.profile == PLAYBACK:
            return  # footage from the past says nothing about the camera now
        look = _STREAM_LOOK.get(state)
        before = self._streams.get(key)
        if look is None and state is not StreamState.CONNECTING:
            self._streams.pop(key, None)  # stopped: nobody of ours watches it
        elif look is not None:
            self._streams[key] = look
        if self._streams.get(key) != before:
            self.changed.emit()


# --- the city overview ---------------------------------------------------------------

# Scene units per degree: about a metre at Jakarta's latitude, so distances read true.
UNITS_PER_DEGREE = 111_000.0


@dataclass(frozen=True)
class OverviewPoint:
    camera_id: str
    x: float  # east of the cameras' middle, in UNITS_PER_DEGREE's units
    y: float  # south of it (a picture's y grows downwards)


@dataclass(frozen=True)
class OverviewLabel:
    text: str
    x: float
    y: float
    level: int  # 0: kota, 1: kecamatan
    # Kota only: the outline around its cameras (a convex hull), so a kota reads as one.
    outline: tuple[tuple[float, float], ...] = ()


def convex_hull(points: Iterable[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """The hull counter-clockwise (Andrew's monotone chain); fewer than 3 distinct
    points come back as they are."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return tuple(pts)

    def cross(o, a, b) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return tuple(lower[:-1] + upper[:-1])


def overview(cameras: Iterable[Camera]) -> tuple[list[OverviewPoint], list[OverviewLabel]]:
    """The cameras with coordinates in a plain projection (equirectangular around their
    middle: no map tiles are at hand in a command center's closed network), and a label
    for each kota and kecamatan at the middle of its cameras (a kota's with its
    outline)."""
    placed = [c for c in cameras if c.lat is not None and c.lon is not None]
    if not placed:
        return [], []
    lat0 = sum(c.lat for c in placed) / len(placed)
    lon0 = sum(c.lon for c in placed) / len(placed)
    shrink = math.cos(math.radians(lat0))

    def at(lat: float, lon: float) -> tuple[float, float]:
        return ((lon - lon0) * shrink * UNITS_PER_DEGREE, (lat0 - lat) * UNITS_PER_DEGREE)

    points = [OverviewPoint(c.id, *at(c.lat, c.lon)) for c in placed]
    groups: dict[tuple[str, ...], list[OverviewPoint]] = {}
    for camera, point in zip(placed, points, strict=True):
        for level in (1, 2):
            if len(camera.area_path) >= level:
                groups.setdefault(camera.area_path[:level], []).append(point)
    labels = [OverviewLabel(path[-1], sum(p.x for p in members) / len(members),
                            sum(p.y for p in members) / len(members), len(path) - 1,
                            convex_hull((p.x, p.y) for p in members) if len(path) == 1
                            else ())
              for path, members in sorted(groups.items())]
    return points, labels

"""Motion search on a wall's playback tiles: a rectangle drawn on a tile is searched over
the range the timeline shows (at most 31 days); the timeline marks the hits on that
camera, the tile keeps the region outlined, and a dock lists the hits. Activating one
plays that tile from the hit's start. One per window with a wall and a timeline (the
main window, the investigation window); a new search or "clear" ends the last one."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QDockWidget, QMainWindow

from app.api.errors import ApiErrorKind
from app.motion.service import MotionSearchService
from app.motion.types import MAX_RANGE, MotionHit, MotionQuery, MotionRegion, MotionSearchResult
from ui.motion.results import MotionResultsWidget
from ui.shell.i18n import language_notifier
from ui.tile.services import TileServices
from ui.tile.widget import TileWidget
from ui.timeline.widget import TimelineWidget
from ui.wall.widget import WallWidget


def _utc_now() -> datetime:
    return datetime.now(UTC)


class MotionSearchBinding(QObject):
    def __init__(self, window: QMainWindow, wall_widget: WallWidget, timeline: TimelineWidget,
                 tiles: TileServices, service: MotionSearchService, clock=_utc_now) -> None:
        super().__init__(window)
        self._wall_widget = wall_widget
        self._timeline = timeline
        self._service = service
        self._clock = clock
        self._owner = f"tiles-{id(self):x}"
        self._request: int | None = None
        self.tile_index: int | None = None  # the tile searched
        self.camera_id: str | None = None
        self.query: MotionQuery | None = None
        self.results = MotionResultsWidget(tiles.cameras, tiles.thumbnails, window)
        self.dock = QDockWidget(window)
        self.dock.setObjectName("motion-dock-frame")
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.dock.setWidget(self.results)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        wall_widget.tile_motion_drawn.connect(self._on_wall_widget_tile_motion_drawn)
        wall_widget.tile_motion_clear_requested.connect(self.clear)
        wall_widget.wall.tile_changed.connect(self._on_wall_tile_changed)
        timeline.motion.cleared.connect(self.clear)
        service.search_finished.connect(self._on_service_search_finished)
        service.search_failed.connect(self._on_service_search_failed)
        self.results.hit_activated.connect(self.play_hit)
        language_notifier().language_changed.connect(self._retranslate)
        self._retranslate()

    # -- searching ----------------------------------------------------------------------
    def search(self, tile_index: int, region: MotionRegion) -> int | None:
        """Search the tile's camera in ``region`` over the range the timeline shows (up
        to now, at most 31 days); answers in the dock and on the timeline."""
        tile = self._tile(tile_index)
        camera_id = tile.camera_id if tile is not None else None
        if tile is None or not camera_id:
            return None
        model = self._timeline.model
        end = min(model.end, self._clock())
        start = max(model.start, end - MAX_RANGE)
        if end <= start:
            return None
        self.clear()
        # The timeline follows the selected tile: it shows this camera's hits.
        self._wall_widget.wall.select(tile_index)
        self.tile_index, self.camera_id = tile_index, camera_id
        self.query = MotionQuery(start, end, camera_ids=(camera_id,), region=region)
        tile.motion.show_region(camera_id, region)
        self.results.set_searching(self.query, [camera_id])
        self.dock.show()
        self.dock.raise_()
        self._request = self._service.search(self.query, self._owner)
        return self._request

    @Slot()
    def clear(self, *_args) -> None:
        """The search's marks, outline and list go (a search in flight is dropped)."""
        self._service.clear(self._owner)
        self._request = None
        self._timeline.motion.set_result(None)
        self._timeline.update()
        tile = self._tile(self.tile_index) if self.tile_index is not None else None
        if tile is not None:
            tile.motion.clear()
        self.tile_index = self.camera_id = self.query = None
        self.results.clear()
        self.dock.hide()

    def play_hit(self, hit: MotionHit) -> None:
        """Play the searched tile from the hit's start (its clock: the wall's, unless the
        tile plays on its own)."""
        tile = self._tile(self.tile_index) if self.tile_index is not None else None
        if tile is None or tile.camera_id != hit.camera_id:
            return
        self._wall_widget.wall.select(tile.tile_index)
        tile.sync.play_from(hit.start)
        self._timeline.set_position(hit.start)

    @property
    def result(self) -> MotionSearchResult | None:
        return self.results.result

    # -- slots --------------------------------------------------------------------------
    def _tile(self, index: int | None) -> TileWidget | None:
        tiles = self._wall_widget.tiles()
        return tiles[index] if index is not None and 0 <= index < len(tiles) else None

    @Slot(int, object)
    def _on_wall_widget_tile_motion_drawn(self, index: int, region: MotionRegion) -> None:
        self.search(index, region)

    @Slot(int)
    def _on_wall_tile_changed(self, index: int) -> None:
        tile = self._tile(index)
        if index == self.tile_index and (tile is None or tile.camera_id != self.camera_id):
            self.clear()  # another camera on the tile: the search was of the old one

    @Slot(int, object)
    def _on_service_search_finished(self, request_id: int, result: MotionSearchResult) -> None:
        if request_id != self._request:
            return
        self._request = None
        self._timeline.motion.set_result(result)
        self._timeline.update()
        self.results.set_result(result)

    @Slot(int, object, str)
    def _on_service_search_failed(self, request_id: int, kind: ApiErrorKind,
                                  message: str) -> None:
        if request_id != self._request:
            return
        self._request = None
        self.results.set_failed(kind, message)

    @Slot()
    def _retranslate(self, *_args) -> None:
        self.dock.setWindowTitle(self.tr("Motion search"))
        with contextlib.suppress(RuntimeError):
            if self.results.result is not None:
                self.results.set_result(self.results.result)

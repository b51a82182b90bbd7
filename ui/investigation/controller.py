"""What the investigation workspace does: its own wall on its own clock, opened on some
cameras at a moment; its timeline follows the selected tile, clicks on it move that
clock, and Ctrl+E takes the timeline's selection or the playhead. The live wall's
WallService and clock are never touched here: only this wall's.

QtCore only; the window hands over its wall widget, timeline and transport bar, and
shows what this asks for (an export dialog, a message)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.services.playback_sync import PlaybackSync
from app.services.wall import WallService
from app.timeline import Mark
from app.wall import Layout
from ui.investigation.export_range import export_range
from ui.tile.services import TileServices
from ui.timeline.transport_bar import TransportBar
from ui.timeline.transport_binding import TransportBinding
from ui.timeline.widget import TimelineWidget
from ui.wall.widget import WallWidget

# The grids an investigation uses, smallest first: as many tiles as cameras, no more.
LAYOUTS = (Layout.L1X1, Layout.L2X2, Layout.L3X3, Layout.L4X4)
SPANS_SETTLE_MS = 300  # a drag of the timeline asks for spans once it settles


def layout_for(count: int) -> Layout:
    """The smallest grid that holds ``count`` cameras (16 at most: an investigation
    looks at a few cameras closely, not at a whole city)."""
    return next((layout for layout in LAYOUTS if layout.count >= count), LAYOUTS[-1])


class InvestigationController(QObject):
    export_requested = Signal(str, object, object)  # camera id, start, end (UTC)
    bookmark_requested = Signal(str, object)  # camera id, at (UTC)
    message = Signal(str)  # for the status bar

    def __init__(self, wall: WallService, wall_widget: WallWidget, timeline: TimelineWidget,
                 transport: TransportBar, tiles: TileServices,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.wall = wall
        self._wall_widget = wall_widget
        self._timeline = timeline
        self._tiles = tiles
        self._spans_timer = QTimer(self)
        self._spans_timer.setSingleShot(True)
        self._spans_timer.setInterval(SPANS_SETTLE_MS)
        self._spans_timer.timeout.connect(self.load_spans)
        timeline.seek_requested.connect(self._on_timeline_seek_requested)
        timeline.export_requested.connect(self.export_requested)
        timeline.bookmark_requested.connect(self.bookmark_requested)
        timeline.bookmark_activated.connect(self._on_timeline_bookmark_activated)
        timeline.range_changed.connect(self._on_timeline_range_changed)
        tiles.playback.spans_loaded.connect(timeline.set_spans)
        tiles.playback.gaps_loaded.connect(timeline.set_gaps)
        if tiles.bookmarks is not None:
            tiles.bookmarks.bookmarks_changed.connect(self._on_bookmarks_changed)
        wall.selected_changed.connect(self._follow_selected_tile)
        wall.tile_changed.connect(self._follow_selected_tile)
        transport.start_requested.connect(self._on_transport_start_requested)
        self._binding = TransportBinding(wall, wall_widget, transport, self)
        self._binding.position_changed.connect(self._on_steered_position_changed)

    # -- opening ------------------------------------------------------------------------
    def open_cameras(self, camera_ids: list[str | None], at: datetime) -> None:
        """Investigate these cameras (the empty places left out) from ``at``, playing."""
        cameras = [c for c in dict.fromkeys(camera_ids) if c][:LAYOUTS[-1].count]
        for tile in self._wall_widget.tiles():
            if not tile.linked:
                tile.relink()  # one clock again: the new investigation's
        # The clock first: tiles given a camera then open its recording, not live video.
        sync = self.wall.sync
        sync.play_from(at)
        sync.set_paused(False)  # a second investigation plays too, whatever the first did
        self.wall.set_layout(layout_for(len(cameras)))
        self.wall.fill(cameras)
        self.wall.select(0 if cameras else None)
        self._follow_selected_tile()
        self._binding.rebind()

    # -- reading ------------------------------------------------------------------------
    def steered_sync(self) -> PlaybackSync:
        """The selected tile's clock: this wall's, unless that tile plays on its own."""
        return self._binding.steered_sync()

    def selected_camera(self) -> str | None:
        index = self.wall.selected if self.wall.selected is not None else self.wall.maximised
        return self.wall.camera_at(index) if index is not None else None

    # -- actions ------------------------------------------------------------------------
    def export(self, live_minutes: int = 5) -> None:
        """Ctrl+E: the selected tile's camera, over the timeline's selection or around
        the playhead."""
        camera_id = self.selected_camera()
        if not camera_id:
            self.message.emit(self.tr("Select a tile with a camera to export."))
            return
        selection = self._timeline.model.selection if self._timeline.camera_id == camera_id \
            else None
        start, end = export_range(datetime.now(UTC), selection=selection,
                                  playhead=self.steered_sync().position(),
                                  live_minutes=live_minutes)
        self.export_requested.emit(camera_id, start, end)

    def bookmark(self) -> None:
        """Ctrl+B: bookmark the selected tile's camera at the playhead."""
        camera_id = self.selected_camera()
        at = self.steered_sync().position()
        if not camera_id or at is None:
            self.message.emit(self.tr("Select a tile with a camera to bookmark."))
            return
        self.bookmark_requested.emit(camera_id, at)

    # -- the timeline -------------------------------------------------------------------
    @Slot(object)
    def _on_timeline_seek_requested(self, at: datetime) -> None:
        self.steered_sync().play_from(at)
        self._timeline.set_position(at)

    @Slot(int)
    def _on_timeline_bookmark_activated(self, bookmark_id: int) -> None:
        bookmarks = self._tiles.bookmarks
        mark = bookmarks.find(bookmark_id) if bookmarks is not None else None
        if mark is not None:
            self._on_timeline_seek_requested(mark.start)

    @Slot(object, object)
    def _on_timeline_range_changed(self, _start: datetime, _end: datetime) -> None:
        self._spans_timer.start()

    def load_spans(self) -> None:
        camera_id = self._timeline.camera_id
        if camera_id:
            model = self._timeline.model
            self._tiles.playback.load_spans(camera_id, model.start, model.end)
            if self._tiles.bookmarks is not None:
                self._tiles.bookmarks.refresh(camera_id, model.start, model.end)

    @Slot(str)
    def _on_bookmarks_changed(self, camera_id: str) -> None:
        if camera_id == self._timeline.camera_id:
            marks = [Mark(b.id, b.start, b.end, b.title, b.protected)
                     for b in self._tiles.bookmarks.cached(camera_id)]
            self._timeline.set_marks(camera_id, marks)

    def _follow_selected_tile(self, *_args) -> None:
        camera_id = self.selected_camera()
        if camera_id != self._timeline.camera_id:
            self._timeline.set_camera(camera_id)
            self.load_spans()
        self._on_steered_position_changed(self._binding.position())

    # -- the transport bar --------------------------------------------------------------
    @Slot(object)
    def _on_steered_position_changed(self, position: datetime | None) -> None:
        timeline = self._timeline
        if position is not None and datetime.now(UTC) - position > timeline.model.visible * 0.9:
            # Far back: the playhead stays in view, not now (near now, both are).
            timeline.following_now = False
        if position is not None or self._timeline.model.position is not None:
            self._timeline.set_position(position)

    @Slot(object, bool)
    def _on_transport_start_requested(self, at: datetime | None, paused: bool) -> None:
        """The clock was stopped (a tile's menu sent it live): start again at ``at`` or
        at the latest moment the selected camera has recorded."""
        if at is None:
            latest = self._timeline.model.latest_recorded()
            if latest is None:
                self.message.emit(
                    self.tr("Nothing recorded to play back on the selected tile."))
                return
            at = min(latest, datetime.now(UTC)) - timedelta(seconds=1)
        self.steered_sync().play_from(at, paused=paused)

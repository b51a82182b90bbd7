"""One tile of the wall: the newest frame of its camera, its name and its state.

Which live stream it shows, and when it switches, is its controller's
(app.tile.live_stream.TileLiveStream): the smallest of the camera's streams that fills
the tile, the largest when maximised or zoomed, the old stream painted until the new
one's first frame, nothing decoded while nobody can see the tile. The widget tells the
controller its size and visibility and paints what it is given.
"""

from __future__ import annotations

import enum
import functools
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHideEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QSizePolicy, QWidget

from app.api.errors import ApiErrorKind
from app.services.camera_status import Trouble
from app.services.playback_sync import PlaybackSync, SyncState
from app.services.wall import WallService
from app.streams.engine import DecoderKind, StreamError, StreamState, StreamStats, VideoFrame
from app.streams.service import StreamKey
from app.tile.live_stream import Switch, TileLiveStream, TileView
from app.timefmt import format_wib
from app.wall import Layout
from ui.alarms.tile_flash import TileAlarmFlash
from ui.cameras.tree import CAMERA_IDS_MIME, decode_camera_ids
from ui.motion.tile_region import TileMotionRegion
from ui.shell.i18n import language_notifier
from ui.tile.header import TileHeader, bar_height, tile_font
from ui.tile.overlay import info_box_height, paint_info_box
from ui.tile.ptz import TilePtz
from ui.tile.services import TileServices
from ui.tile.video_surface import VideoSurface
from ui.tile.zoom import MAIN_STREAM_FACTOR, ZoomState

PLAYBACK_MINUTES = 5
_TICK_MS = 500  # repaint of ages (stale picture, overlay) while they matter
_NOTICE_MS = 2500  # how long "Snapshot saved" stays on the tile
# A new playback stream whose footage starts more than this after the clock (a gap in
# the camera's recording) does not keep the old picture meanwhile.
_HOLD_ACROSS_S = 2.0


class TileMode(enum.Enum):
    LIVE = "live"
    PLAYBACK = "playback"


# Badge colours: what an operator reads from across the room.
_BADGE = {
    StreamState.IDLE: ("#f9a825", "#000000"),
    StreamState.CONNECTING: ("#f9a825", "#000000"),
    StreamState.LIVE: ("#2e7d32", "#ffffff"),
    StreamState.STALE: ("#ef6c00", "#ffffff"),
    StreamState.RECONNECTING: ("#f9a825", "#000000"),
    StreamState.OFFLINE: ("#c62828", "#ffffff"),
    StreamState.ENDED: ("#546e7a", "#ffffff"),
    StreamState.STOPPED: ("#546e7a", "#ffffff"),
}
_PLAYBACK_BADGE = ("#1565c0", "#ffffff")
_ERROR_BADGE = ("#c62828", "#ffffff")


class TileWidget(QWidget):
    mode_changed = Signal(object)  # TileMode
    sync_changed = Signal()  # linked to the wall's clock, or unlinked to its own
    zoom_changed = Signal(object)  # ZoomState

    def __init__(self, tile_index: int, wall: WallService, services: TileServices,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tile_index = tile_index
        self._wall = wall
        self._services = services
        self._streams = streams = services.streams
        self._cameras = cameras = services.cameras
        self._playback = playback = services.playback
        self._playback_key: StreamKey | None = None
        self._mode = TileMode.LIVE
        self._active = True  # False while another tile fills the wall: stop decoding
        self._frame: VideoFrame | None = None
        self._image: QImage | None = None
        self._image_of: VideoFrame | None = None
        self._picture_rect: tuple[tuple, QRect] = ((), QRect())
        self._playback_request: int | None = None
        self._abandoned_requests: set[int] = set()
        self._playback_error = ""
        self._playback_from: datetime | None = None  # where the clock stood, for messages
        self._own_sync: PlaybackSync | None = None  # unlinked: this tile's own clock
        self._following = False  # the playback shown follows a clock (synchronised)
        # A change of time, speed or direction is under way: the last picture stays on
        # screen, undimmed, until the new stream's first one (as a live switch does).
        self._awaiting = False
        # Frozen from live before the recorder has the moment: the live picture of that
        # moment stays, and the tile asks again once the clock runs.
        self._held_frozen = False
        self._drop_hover = False
        self._header = TileHeader()
        # Native windows libVLC draws into, by window id: one per stream (a new size
        # gets a new window and stream: libVLC 3 does not follow a window's resize).
        self._surfaces: dict[int, VideoSurface] = {}
        self._state_texts: dict[tuple[StreamState, bool], str] = {}
        self._zoom = ZoomState()
        self._drag_from: QPoint | None = None
        self._overlay = False
        self._notice = ""
        self.last_snapshot: Path | None = None
        # PTZ on the video for PTZ cameras (None when PTZ is not offered).
        self.ptz = TilePtz(services.ptz, self) if services.ptz is not None else None
        if self.ptz is not None:
            self.ptz.changed.connect(self.update)
            self._sync_ptz()
        self._live = TileLiveStream(tile_index, streams, cameras, self._tile_view,
                                    self._window_for, parent=self)
        self._live.sync_requested.connect(self._sync_stream)
        # Motion search: the rectangle drawn over the playback picture, and its outline.
        self.motion = TileMotionRegion(self, self.picture_rect, self._zoom_source)
        self.motion.changed.connect(self.update)
        # A red border that blinks while the camera has an unacknowledged alarm.
        self.alarm_flash = TileAlarmFlash(self, services.alarms, lambda: self.camera_id)
        self._notice_timer = _single_shot(self, _NOTICE_MS, self._on_notice_timer_timeout)
        self._tick = QTimer(self)
        self._tick.setInterval(_TICK_MS)
        self._tick.timeout.connect(self.update)

        self.setObjectName(f"tile-{tile_index}")
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # S: snapshot, I: overlay
        self.setAcceptDrops(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(80, 45)

        wall.tile_changed.connect(self._on_wall_tile_changed)
        wall.maximised_changed.connect(self._on_wall_maximised_changed)
        wall.layout_changed.connect(self._on_wall_layout_changed)
        wall.selected_changed.connect(self._on_wall_selected_changed)
        streams.state_changed.connect(self._on_streams_state_changed)
        streams.stats_changed.connect(self._on_streams_stats_changed)
        streams.snapshot_saved.connect(self._on_streams_snapshot_saved)
        streams.snapshot_failed.connect(self._on_streams_snapshot_failed)
        cameras.catalog_changed.connect(self._on_cameras_catalog_changed)
        if services.status is not None:  # "offline since" comes and goes with it
            services.status.changed.connect(self.update)
        playback.opened.connect(self._on_playback_opened)
        playback.failed.connect(self._on_playback_failed)
        wall.sync.reopen_requested.connect(self._on_sync_reopen_requested)
        wall.sync.live_requested.connect(self._on_sync_live_requested)
        wall.sync.changed.connect(self._on_sync_changed)
        language_notifier().language_changed.connect(self._on_language_changed)
        # The first stream is chosen when the tile is shown, laid out at its size (a
        # tile chosen for before would start a stream to drop it a moment later).
        if wall.sync.clock is not None:
            QTimer.singleShot(0, self.follow_sync)  # a tile added to a wall in playback

    # -- what the wall and tests read --------------------------------------------------
    @property
    def camera_id(self) -> str | None:
        return self._wall.camera_at(self.tile_index)

    @property
    def _key(self) -> StreamKey | None:
        """The stream the tile shows: its playback, or its live stream."""
        return self._playback_key if self._mode is TileMode.PLAYBACK else self._live.key

    @property
    def _old_key(self) -> StreamKey | None:
        return self._live.held

    @property
    def stream_key(self) -> StreamKey | None:
        return self._key

    @property
    def mode(self) -> TileMode:
        return self._mode

    @property
    def shown_key(self) -> StreamKey | None:
        """The stream whose picture the tile paints: during a switch, the old one."""
        return self._old_key if self._old_key is not None else self._key

    @property
    def stream_state(self) -> StreamState:
        key = self.shown_key
        if key is None:
            return StreamState.IDLE if self.camera_id and self._active else StreamState.STOPPED
        return self._streams.state(key)[0]

    @property
    def zoom(self) -> ZoomState:
        return self._zoom

    @property
    def overlay_visible(self) -> bool:
        return self._overlay

    def shown_frame(self) -> VideoFrame | None:
        """The picture the tile paints (None: a black tile, or libVLC draws it)."""
        return self._frame

    def frame_age_s(self) -> float | None:
        """Seconds since the shown picture arrived."""
        if self._frame is not None:
            arrived = self._frame.received_monotonic
        elif self.draws_into_window() and self._key is not None:
            arrived = self._streams.stats(self._key).last_frame_monotonic
        else:
            arrived = None
        return None if arrived is None else max(0.0, time.monotonic() - arrived)

    def draws_into_window(self) -> bool:
        """True while libVLC draws the tile's picture into its native surface."""
        surface = self._surface
        return surface is not None and not surface.isHidden()

    @property
    def _surface(self) -> VideoSurface | None:
        """The native surface of the stream shown now, if it has one."""
        key = self.shown_key
        return self._surfaces.get(key.window) if key is not None and key.window else None

    def camera_name(self) -> str:
        camera_id = self.camera_id
        if not camera_id:
            return ""
        camera = self._cameras.camera(camera_id)
        return camera.name if camera else camera_id

    def status_text(self) -> str:
        """The state as the overlay's badge shows it."""
        if not self.camera_id:
            return self.tr("No camera")
        if self._playback_error:
            return self.tr("Playback failed")
        if self._held_frozen:
            return self.tr("Paused")
        if self._awaiting:
            return self.tr("Loading…")
        key = self.shown_key
        if key is None:
            return self.tr("Paused") if not self._active else self.tr("Connecting…")
        state, error, _ = self._streams.state(key)
        text = self._state_text(state)
        age = self.frame_age_s()
        if self.picture_is_stale() and age is not None:
            return self.tr("Stale: picture {0} s old").format(int(age))
        if error is not StreamError.NONE and state in (
                StreamState.OFFLINE, StreamState.RECONNECTING, StreamState.STOPPED,
                StreamState.ENDED) and self._offline_since() is None:
            text = self.tr("{0}: {1}").format(text, self._error_text(error))
        return text

    def _offline_since(self) -> str | None:
        """"09:14 WIB" while the camera itself is known to be offline (the camera, not
        the server: a server out of reach is said as such); else None."""
        status, camera_id = self._services.status, self.camera_id
        trouble = status.trouble(camera_id) if status is not None and camera_id else None
        if trouble is None or trouble.trouble is not Trouble.OFFLINE or self._mode is not \
                TileMode.LIVE or self.stream_state is StreamState.LIVE:
            return None
        key = self.shown_key
        if key is not None and self._streams.state(key)[1] is StreamError.SERVER_UNREACHABLE:
            return None
        return status.since_text(trouble)

    def detail_text(self) -> str:
        """The longer sentence shown in the middle of a tile without a picture, in the
        operator's language; the engine's own (English) words go to the tooltip."""
        if self._playback_error:
            return self._playback_error
        if self._awaiting or self._held_frozen:
            return ""
        key = self.shown_key
        if key is None:
            return ""
        since = self._offline_since()
        if since is not None:
            return self.tr("Camera offline since {0}").format(since)
        return self._error_detail(self._streams.state(key)[1])

    def set_active(self, active: bool) -> None:
        """Inactive tiles (hidden behind a maximised one) release their stream."""
        if active != self._active:
            self._active = active
            self._sync_stream()
            if active and self.sync.clock is not None:
                self.follow_sync()  # the clock may have moved while it was hidden

    def release(self) -> None:
        """Let go of the stream for good: the wall is removing this tile."""
        self._active = False
        if self.ptz is not None:
            self.ptz.set_active(False)
        self._live.stop_timers()
        self._abandon_playback_request()
        self._drop_stream()

    # -- actions ------------------------------------------------------------------------
    def search_motion(self) -> bool:
        """Let the operator draw the region to search for motion (playback only)."""
        camera_id = self.camera_id
        if not camera_id or self._mode is not TileMode.PLAYBACK:
            self._show_notice(self.tr("Motion search works on a tile in playback"))
            return False
        self.motion.arm(camera_id)
        return True

    def _zoom_source(self) -> tuple[float, float, float, float]:
        return self._zoom.source()

    def start_playback(self, minutes: int = PLAYBACK_MINUTES) -> None:
        """Instant replay of this tile alone: the last minutes, on a clock of its own."""
        if not self.camera_id:
            return
        self.unlink()
        self.sync.play_from(datetime.now(UTC) - timedelta(minutes=minutes))

    # -- synchronised playback ----------------------------------------------------------
    @property
    def sync(self) -> PlaybackSync:
        """The clock this tile follows: the wall's, or its own when unlinked."""
        return self._own_sync or self._wall.sync

    @property
    def linked(self) -> bool:
        return self._own_sync is None

    def follow_sync(self) -> None:
        """Play this tile's camera along its clock, from where the clock stands."""
        sync, camera_id = self.sync, self.camera_id
        if not camera_id or sync.clock is None or not self._active:
            return
        self._playback_error = ""
        self._abandon_playback_request()
        self._playback_from = sync.position()
        self._following = True
        self._held_frozen = False
        self._awaiting = self._frame is not None
        if self._mode is TileMode.LIVE and self._key is not None:
            # From live, the wall stops at once on the picture of this moment: the live
            # stream goes, its last picture stays until the recording's.
            self._live.release()
            self._place_surface()
        self._playback_request = self._playback.open_synced(camera_id, sync.clock,
                                                            sync.keyframes_only())
        self.update()

    def unlink(self) -> None:
        """Play on a clock of its own, from where the wall's clock is (if it runs)."""
        if self._own_sync is not None:
            return
        own = self._own_sync = PlaybackSync(self)
        own.adopt(self._wall.sync)
        own.reopen_requested.connect(self._on_sync_reopen_requested)
        own.live_requested.connect(self._on_sync_live_requested)
        own.changed.connect(self._on_sync_changed)
        self.sync_changed.emit()
        self.follow_sync()

    def relink(self) -> None:
        """Follow the wall's clock again (or live video when the wall is live)."""
        own = self._own_sync
        if own is None:
            return
        self._own_sync = None
        own.deleteLater()
        self.sync_changed.emit()
        if self._wall.sync.clock is not None:
            self.follow_sync()
        else:
            self.back_to_live()

    def back_to_live(self) -> None:
        self._abandon_playback_request()
        self._playback_error = ""
        self._following = False
        self._awaiting = self._held_frozen = False
        if self._own_sync is not None and self._own_sync.clock is not None:
            self._own_sync.go_live()  # its own clock stops; the tile stays unlinked
        if self._mode is TileMode.PLAYBACK:
            self._set_mode(TileMode.LIVE)
        self._sync_stream()

    def set_zoom(self, zoom: ZoomState) -> None:
        if zoom == self._zoom:
            return
        crossed = (zoom.factor >= MAIN_STREAM_FACTOR) != (self._zoom.factor >= MAIN_STREAM_FACTOR)
        scaled = zoom.zoomed != self._zoom.zoomed  # zoomed: decode at native size
        self._zoom = zoom
        self.zoom_changed.emit(zoom)
        if crossed or scaled:
            self._sync_stream()  # zoomed in far enough: the main stream's pixels
        self.update()

    def reset_zoom(self) -> None:
        self.set_zoom(ZoomState())

    def set_ptz_mode(self, on: bool) -> None:
        """PTZ mode: keys, wheel and clicks drive the camera (PTZ cameras only)."""
        if self.ptz is not None:
            self._sync_ptz()
            self.ptz.set_active(on)
            if on:
                self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _sync_ptz(self) -> None:
        if self.ptz is not None:
            camera = self._cameras.camera(self.camera_id) if self.camera_id else None
            self.ptz.set_camera(self.camera_id, bool(camera and camera.ptz))

    def set_overlay_visible(self, visible: bool) -> None:
        self._overlay = visible
        self._place_surface()  # its info box goes below a native surface
        if self.draws_into_window():
            self._live.resized()  # a new surface size wants a stream drawn to it
        self._update_tick()
        self.update()

    def save_snapshot(self) -> bool:
        """Save the newest picture as a PNG (in the background); False if there is none."""
        key = self.shown_key
        grabbed = None
        if self.draws_into_window():
            picture = self.picture_rect()
            grabbed = self._surface.grab_picture(
                picture.translated(-self._surface.pos()) if picture is not None else None)
        if key is None or not self._streams.save_snapshot(key, self.camera_name(), grabbed):
            self._show_notice(self.tr("No picture to save"))
            return False
        return True

    def overlay_lines(self) -> list[str]:
        """What the stream-info overlay says."""
        return self._info_lines()

    def _info_lines(self) -> list[str]:
        key = self.shown_key
        stats = self._streams.stats(key) if key is not None else StreamStats()
        width, height = stats.width, stats.height
        if not width and self._frame is not None:
            width, height = self._frame.width, self._frame.height
        decoder = (self.tr("hardware") if stats.decoder is DecoderKind.HARDWARE
                   else self.tr("software"))
        age = self.frame_age_s()
        lines = [
            self.tr("{0}×{1} · {2} fps").format(width, height, f"{stats.fps:.1f}"),
            self.tr("{0} kbit/s · {1}").format(f"{stats.bitrate_kbps:.0f}", stats.codec or "-"),
            self.tr("Decoder: {0}").format(decoder),
            self.tr("Frame age: {0} s").format("-" if age is None else f"{age:.1f}"),
        ]
        if self._zoom.zoomed:
            lines.append(self.tr("Zoom: {0}×").format(f"{self._zoom.factor:.1f}"))
        return lines

    # -- stream bookkeeping -------------------------------------------------------------
    def _tile_view(self) -> TileView:
        """What the live stream's controller decides on."""
        ratio = self.devicePixelRatioF()
        area = self._surface_rect()
        shown = self.picture_rect()
        return TileView(
            camera_id=self.camera_id,
            width=area.width() * ratio,
            height=area.height() * ratio,
            shown_width=None if shown is None else round(shown.width() * ratio),
            # One camera filling the wall (maximised, or a 1x1 layout) or zoomed in far.
            largest=self._wall.maximised == self.tile_index
            or self._wall.layout is Layout.L1X1 or self._zoom.factor >= MAIN_STREAM_FACTOR,
            zoomed=self._zoom.zoomed,
            visible=self._active,
        )

    def _sync_stream(self) -> None:
        if self._mode is TileMode.PLAYBACK:
            key = self._playback_key
            if self.camera_id and key and key.camera_id == self.camera_id:
                return  # playback goes on, whatever the layout does
            self._set_mode(TileMode.LIVE)
        switch = self._live.sync(painting=self._painting_for)
        if switch is Switch.NONE:
            return
        if switch is Switch.CAMERA:
            self._awaiting = self._held_frozen = False
            self._set_frame(None)  # never show another camera's last picture
            self._zoom = ZoomState()
        else:
            self._set_frame(self._streams.latest_frame(self._live.key) or self._frame)
        self._update_tick()
        self._place_surface()
        self.update()

    def _painting_for(self, new: StreamKey) -> bool:
        """Whether a picture stays on screen until ``new``'s first: a frame, or the
        native surface ``new`` draws into, already showing (a new surface is hidden:
        libVLC's old window goes with its stream)."""
        surface = self._surfaces.get(new.window) if new.window else None
        return self._frame is not None or (surface is not None and not surface.isHidden())

    def _window_for(self) -> int:
        """The native window a live stream drawn by libVLC gets, made the first time
        (the controller asks only when libVLC is to draw, not zoomed in)."""
        rect = self._surface_rect()
        key = self._live.key
        current = self._surfaces.get(key.window) if key is not None else None
        if current is not None and current.made_for == rect.size():
            return key.window
        surface = VideoSurface(self)
        surface.setGeometry(rect)  # libVLC sizes its picture to it once, at start
        surface.made_for = rect.size()
        self._surfaces[surface.window_id()] = surface
        return surface.window_id()

    def _drop_surfaces(self) -> None:
        """Delete the surfaces no stream of the tile draws into any more."""
        used = {key.window for key in (self._key, self._old_key) if key is not None}
        for window in [w for w in self._surfaces if w not in used]:
            self._surfaces.pop(window).deleteLater()

    def _surface_rect(self) -> QRect:
        """Below the header; above the info box while that is shown."""
        top = bar_height(self.font(), self.height())
        bottom = info_box_height(self._info_lines(), self._font(0.038)) if self._overlay else 0
        return self.rect().adjusted(1, top, -1, -1 - bottom)

    def _place_surface(self) -> None:
        """Show the native surface of the shown stream, below the header, while libVLC
        draws into it; hide the others (and delete those nothing draws into)."""
        self._drop_surfaces()
        key = self.shown_key
        surface = self._surface
        shown = surface is not None and self._streams.draws_into_window(key) \
            and self._streams.state(key)[0] in (StreamState.LIVE, StreamState.STALE)
        for other in self._surfaces.values():
            if other is not surface and not other.isHidden():
                other.hide()
        if surface is None:
            return
        surface.setGeometry(self._surface_rect())  # until a stream of the new size plays
        if shown == surface.isHidden():
            surface.setVisible(shown)

    def _release_old(self) -> None:
        self._live.let_go_of_held()

    def _report_width(self) -> None:
        if self._mode is TileMode.LIVE:
            self._live.report_width()

    def _drop_stream(self) -> None:
        self._live.release()
        if self._playback_key is not None:
            self._streams.release(self._playback_key, self._live.viewer)
            self._playback_key = None
        if self._mode is TileMode.PLAYBACK:
            self._set_mode(TileMode.LIVE)
        self._set_frame(None)
        self._place_surface()
        self.update()

    def _settle(self) -> None:
        """The held picture goes once the new stream both has a picture and says it
        plays (its picture and its state come by different ways from a decoder
        process: either may be first)."""
        key = self._key
        if (self._awaiting or self._held_frozen) and self._playback_request is None \
                and key is not None and self._streams.state(key)[0] is StreamState.LIVE \
                and self._streams.latest_frame(key) is not None:
            self._awaiting = self._held_frozen = False

    def _abandon_playback_request(self) -> None:
        if self._playback_request is not None:
            self._abandoned_requests.add(self._playback_request)
            self._playback_request = None

    def _set_mode(self, mode: TileMode) -> None:
        if mode is not self._mode:
            if self._mode is TileMode.PLAYBACK and self._playback_key is not None:
                self._playback.close(self._playback_key)
                self._playback_key = None
            self._mode = mode
            self.mode_changed.emit(mode)

    def _set_frame(self, frame: VideoFrame | None) -> None:
        self._frame = frame
        if frame is None:
            self._image, self._image_of = None, None

    # -- slots --------------------------------------------------------------------------
    @Slot(int)
    def _on_wall_tile_changed(self, index: int) -> None:
        if index == self.tile_index:
            self._sync_ptz()
            self._abandon_playback_request()
            self._playback_error = ""
            self._sync_stream()
            if self.sync.clock is not None:
                self.follow_sync()  # a camera dropped on a wall in playback plays along

    @Slot(object)
    def _on_wall_maximised_changed(self, maximised: int | None) -> None:
        self._sync_stream()  # main profile when maximised, sub otherwise

    @Slot(object)
    def _on_wall_layout_changed(self, layout: Layout) -> None:
        self._sync_stream()

    @Slot(object)
    def _on_wall_selected_changed(self, selected: int | None) -> None:
        self.update()

    @Slot(object, object, object, str)
    def _on_streams_state_changed(self, key: StreamKey, state: StreamState,
                                  error: StreamError, message: str) -> None:
        if key == self._key and self._old_key is not None and state in (
                StreamState.OFFLINE, StreamState.ENDED, StreamState.STOPPED):
            self._release_old()  # the new stream failed: say so rather than hide it
        if key == self._key and state is StreamState.LIVE and self._old_key is not None \
                and self._streams.draws_into_window(key):
            self._release_old()  # libVLC draws the new picture: no frame will tell us
            self._set_frame(None)
        if key == self._key and self._following and state is StreamState.ENDED \
                and self.sync.reopen_pending:
            self._awaiting = self._frame is not None  # the clock moved: the next comes
        elif key == self._key and self._awaiting and self._playback_request is None \
                and state in (StreamState.OFFLINE, StreamState.STOPPED, StreamState.ENDED):
            self._awaiting = False  # the new stream ends before its first picture: say so
        if key == self._key and state is StreamState.LIVE:
            self._settle()
        if key == self._key and state is StreamState.ENDED and self._following \
                and self.sync.state is SyncState.PLAYING and self._playback_request is None:
            self.follow_sync()  # the window played out while the clock runs on: the next
        if key in (self._key, self._old_key):
            self.setToolTip(message)  # the engine's technical detail, URL masked
            self._place_surface()
            self._update_tick()
            self.update()

    def show_new_frames(self, keys: frozenset[StreamKey]) -> None:
        """Take the new picture if one of ``keys`` is the tile's. The wall calls this
        for its tiles at each display tick (one signal for the wall, not one per tile:
        64 tiles hearing every tick cost more than painting)."""
        if self._mode is TileMode.LIVE and self.sync.clock is not None:
            return  # K was pressed: the picture stays, even before the tile reopens
        if self._key in keys:
            self._settle()
            if self._mode is TileMode.LIVE and self._live.picture_arrived():
                self._place_surface()  # the new stream's first frame: the old one went
            before = self._frame
            frame = self._streams.latest_frame(self._key)
            self._set_frame(frame)
            if frame is not None and (before is None or before.bgrx.shape != frame.bgrx.shape):
                self._report_width()  # the picture's aspect is known (anew) now
            self.update()
        elif self._old_key in keys:
            self._set_frame(self._streams.latest_frame(self._old_key))
            self.update()

    @Slot(object)
    def _on_streams_stats_changed(self, key: StreamKey) -> None:
        if self._overlay and key == self.shown_key:
            self.update()

    @Slot(object, str)
    def _on_streams_snapshot_saved(self, key: StreamKey, path: str) -> None:
        if key in (self._key, self._old_key):
            self.last_snapshot = Path(path)
            self._show_notice(self.tr("Snapshot saved: {0}").format(os.path.basename(path)))

    @Slot(object, str)
    def _on_streams_snapshot_failed(self, key: StreamKey, message: str) -> None:
        if key in (self._key, self._old_key):
            self.setToolTip(message)
            self._show_notice(self.tr("Snapshot failed"))

    @Slot()
    def _on_notice_timer_timeout(self) -> None:
        self._notice = ""
        self.update()

    def _show_notice(self, text: str) -> None:
        self._notice = text
        self._notice_timer.start()
        self.update()

    def _update_tick(self) -> None:
        """Repaint every half second while an age is on screen."""
        needed = self._overlay or (self._frame is not None
                                   and self.stream_state is not StreamState.LIVE)
        if needed and not self._tick.isActive():
            self._tick.start()
        elif not needed:
            self._tick.stop()

    @Slot()
    def _on_cameras_catalog_changed(self) -> None:
        self._sync_ptz()  # whether the camera is PTZ may be known only now
        self._sync_stream()  # the profile list may differ now that we know the camera
        self.update()

    @Slot(int, object, object)
    def _on_playback_opened(self, request: int, key: StreamKey, span) -> None:
        if request in self._abandoned_requests:
            self._abandoned_requests.discard(request)
            self._playback.close(key)  # asked for, then the operator moved on
            return
        if request != self._playback_request:
            return  # another tile's playback
        self._playback_request = None
        self._live.release()
        old = self._playback_key
        self._playback_key, self._mode = key, TileMode.PLAYBACK
        if old is not None:
            self._playback.close(old)
        position = self.sync.position()
        if self._awaiting and position is not None and not self.sync.reverse() \
                and span.start > position + timedelta(seconds=_HOLD_ACROSS_S):
            self._awaiting = False  # its footage starts later: the old moment is no stand-in
        if not self._awaiting:
            self._set_frame(None)  # nothing of this camera held: black until the first
        if self._following and not self.linked and not self.sync.reverse():
            # On its own clock a tile plays its recording back to back: over a gap to
            # where the footage goes on (a wall's clock waits: other tiles may have some).
            self.sync.skip_to(span.start)
        self.mode_changed.emit(TileMode.PLAYBACK)
        self._place_surface()
        self.update()

    @Slot()
    def _on_sync_reopen_requested(self) -> None:
        if self.sender() is self.sync:
            self.follow_sync()

    @Slot()
    def _on_sync_changed(self) -> None:
        if self._held_frozen and self.sender() is self.sync \
                and self.sync.state is SyncState.PLAYING:
            self.follow_sync()  # the recorder has the moment by now

    @Slot()
    def _on_sync_live_requested(self) -> None:
        if self.sender() is self.sync and (self._mode is TileMode.PLAYBACK
                                           or self._playback_request is not None
                                           or self._playback_error or self._held_frozen):
            self.back_to_live()

    @Slot(int, object, str)
    def _on_playback_failed(self, request: int, kind: ApiErrorKind, message: str) -> None:
        self._abandoned_requests.discard(request)
        if request != self._playback_request:
            return
        self._playback_request = None
        if kind is ApiErrorKind.NO_RECORDING and self._awaiting and self._mode is TileMode.LIVE \
                and self.sync.state is SyncState.PAUSED:
            # Frozen from live ahead of the recorder: the live picture is the moment.
            self._awaiting, self._held_frozen = False, True
            self.update()
            return
        self._awaiting = False
        if kind is ApiErrorKind.NO_RECORDING and self._playback_from is not None:
            self._playback_error = self.tr("No recording at {0}.").format(
                format_wib(self._playback_from))
        elif kind is ApiErrorKind.NO_RECORDING:
            self._playback_error = self.tr("No recording at this time.")
        elif kind is ApiErrorKind.UNREACHABLE:
            self._playback_error = self.tr("The server cannot be reached.")
        elif kind in (ApiErrorKind.FORBIDDEN, ApiErrorKind.UNAUTHORIZED):
            self._playback_error = self.tr("You may not play back this camera.")
        else:
            self._playback_error = self.tr("Playback failed: {0}").format(message)
        self.update()

    # -- texts --------------------------------------------------------------------------
    def _state_text(self, state: StreamState) -> str:
        # Asked for at every picture: the translated texts are made once per language.
        playback = self._mode is TileMode.PLAYBACK
        cached = self._state_texts.get((state, playback))
        if cached is None:
            cached = self._state_texts[(state, playback)] = self._translate_state(state,
                                                                                  playback)
        return cached

    def _translate_state(self, state: StreamState, playback: bool) -> str:
        texts = {
            StreamState.IDLE: self.tr("Connecting…"),
            StreamState.CONNECTING: self.tr("Connecting…"),
            StreamState.LIVE: self.tr("Playback") if playback else self.tr("Live"),
            StreamState.STALE: self.tr("Stale: no new picture"),
            StreamState.RECONNECTING: self.tr("Reconnecting…"),
            StreamState.OFFLINE: self.tr("Offline"),
            StreamState.ENDED: self.tr("Playback ended"),
            StreamState.STOPPED: self.tr("Stopped"),
        }
        return texts[state]

    def _error_text(self, error: StreamError) -> str:
        texts = {
            StreamError.NONE: "",
            StreamError.UNREACHABLE: self.tr("camera unreachable"),
            StreamError.SERVER_UNREACHABLE: self.tr("server unreachable"),
            StreamError.NOT_FOUND: self.tr("stream not found"),
            StreamError.UNAUTHORIZED: self.tr("access denied"),
            StreamError.BAD_STREAM: self.tr("unreadable video"),
            StreamError.NO_FRAMES: self.tr("no picture"),
            StreamError.ENGINE_UNSUPPORTED: self.tr("no engine can play it"),
            StreamError.INTERNAL: self.tr("internal error"),
        }
        return texts[error]

    def _error_detail(self, error: StreamError) -> str:
        texts = {
            StreamError.NONE: "",
            StreamError.UNREACHABLE: self.tr("The camera does not answer. Pantau keeps trying."),
            StreamError.SERVER_UNREACHABLE: self.tr(
                "Pantau's server does not answer. Pantau keeps trying."),
            StreamError.NOT_FOUND: self.tr("The camera has no such stream. Pantau keeps trying."),
            StreamError.UNAUTHORIZED: self.tr("The camera refused the credentials."),
            StreamError.BAD_STREAM: self.tr("The camera sends video Pantau cannot read."),
            StreamError.NO_FRAMES: self.tr("The camera sends no picture."),
            StreamError.ENGINE_UNSUPPORTED: self.tr("No video engine here can play this stream."),
            StreamError.INTERNAL: self.tr("Internal error: see the log."),
        }
        return texts[error]

    def picture_is_stale(self) -> bool:
        """A frozen camera: it stopped sending pictures while its connection (or the
        reconnection right after) still answers. The operator sees an old picture and
        is told its age, until the engine gives up (OFFLINE) or pictures come back."""
        key = self.shown_key
        if key is None or (self._frame is None and not self.draws_into_window()):
            return False
        state, error, _ = self._streams.state(key)
        return state is StreamState.STALE or (
            state is StreamState.RECONNECTING and error is StreamError.NO_FRAMES)

    def _badge_colours(self) -> tuple[str, str]:
        if self._playback_error:
            return _ERROR_BADGE
        if self._awaiting or self._held_frozen:
            return _PLAYBACK_BADGE
        if self.picture_is_stale():
            return _BADGE[StreamState.STALE]
        state = self.stream_state
        if self._mode is TileMode.PLAYBACK and state is StreamState.LIVE:
            return _PLAYBACK_BADGE
        return _BADGE[state]

    # -- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if not self.camera_id:
            self._paint_empty(painter)
        else:
            has_picture = self._paint_frame(painter)
            held = has_picture and (self._awaiting or self._held_frozen)
            if not held and (not has_picture or self.stream_state is not StreamState.LIVE):
                self._paint_centre_message(painter, has_picture)
            self._paint_header(painter)
            if self._overlay:
                # On the picture itself, not on a letterbox bar below it; under a
                # native surface, in the band left free for it.
                area = self.rect() if self.draws_into_window() else (
                    self.picture_rect() or self.rect())
                paint_info_box(painter, area.intersected(self.rect()), self.overlay_lines(),
                               self._font(0.038), bottom=True)
        if self.ptz is not None and self.ptz.active:
            paint_info_box(painter, (self.picture_rect() or self.rect()).intersected(self.rect()),
                           [self.ptz.lock_line()], self._font(0.038), bottom=True)
        if self._notice:
            paint_info_box(painter, self.rect(), [self._notice], self._font(0.042),
                           bottom=False)
        self.motion.paint(painter, self.camera_id)
        self._paint_border(painter)
        self.alarm_flash.paint(painter)
        painter.end()

    def _frame_image(self) -> QImage | None:
        frame = self._frame
        if frame is None:
            return None
        if self._image_of is not frame:
            pixels = frame.bgrx
            # QImage borrows the array's memory; self._frame keeps the array alive.
            self._image = QImage(pixels.data, frame.width, frame.height, pixels.strides[0],
                                 QImage.Format.Format_RGB32)
            self._image_of = frame
        return self._image

    def picture_rect(self) -> QRect | None:
        """Where the picture lies in the tile (letterboxed), None without a picture."""
        frame = self._frame
        if frame is not None:
            size, area = (frame.width, frame.height), self.rect()
        elif self.draws_into_window() and self._key is not None:
            stats = self._streams.stats(self._key)  # libVLC fits it into the surface
            size, area = (stats.width, stats.height), self._surface.geometry()
            if not stats.width or not stats.height:
                return None
        else:
            return None
        # Asked at every paint; it changes only with the picture's or the tile's size.
        sizes = (size, area.x(), area.y(), area.width(), area.height())
        if self._picture_rect[0] != sizes:
            target = QRect(0, 0, *size).size().scaled(area.size(),
                                                      Qt.AspectRatioMode.KeepAspectRatio)
            self._picture_rect = (sizes, QRect(
                area.x() + (area.width() - target.width()) // 2,
                area.y() + (area.height() - target.height()) // 2,
                target.width(), target.height()))
        return QRect(self._picture_rect[1])

    def _paint_frame(self, painter: QPainter) -> bool:
        """The picture, and black around it (only there: the tile is opaque)."""
        image = self._frame_image()
        target = self.picture_rect()
        if image is None or image.isNull() or target is None:
            painter.fillRect(self.rect(), Qt.GlobalColor.black)
            return False
        if target != self.rect():
            painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if not self._zoom.zoomed and target.size() == image.size():
            painter.drawImage(target.topLeft(), image)  # scaled by the engine: a copy
            return True
        x, y, w, h = self._zoom.source()
        source = QRectF(x * image.width(), y * image.height(), w * image.width(),
                        h * image.height())
        painter.drawImage(QRectF(target), image, source)
        return True

    def _font(self, scale: float, bold: bool = False) -> QFont:
        return tile_font(self.font(), self.height(), scale, bold)

    def _paint_header(self, painter: QPainter) -> None:
        text, colours = self._badge()
        self._header.paint(painter, self.font(), (self.width(), self.height()),
                           self.devicePixelRatioF(), self.camera_name(), text, colours)

    def _badge(self) -> tuple[str, tuple[str, str]]:
        """The badge's text and colours. A live picture, what a wall shows at nearly
        every paint, is told from one look at the stream's state."""
        key = self.shown_key
        if key is not None and self._mode is TileMode.LIVE and not self._playback_error:
            state = self._streams.state(key)[0]
            if state is StreamState.LIVE:
                return self._state_text(state), _BADGE[state]
        return self.status_text(), self._badge_colours()

    def _paint_centre_message(self, painter: QPainter, over_picture: bool) -> None:
        detail = self.detail_text()
        if self._playback_error:
            lines = [detail]
        elif self.stream_state is StreamState.LIVE:
            return
        else:
            lines = [self.status_text()] + ([detail] if detail else [])
            age = self.frame_age_s()
            if over_picture and age is not None and not self.picture_is_stale():
                lines.append(self.tr("Last picture {0} s ago").format(int(age)))
        font = self._font(0.045)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        box = self.rect().adjusted(12, metrics.height() + 16, -12, -8)
        if over_picture:
            # Dim an old picture so nobody takes it for live, and give the words a
            # nearly opaque band so they stay readable over any picture.
            painter.fillRect(self.rect(), QColor(0, 0, 0, 110))
            band_h = metrics.height() * (len(lines) + 1)
            band = QRect(0, self.height() // 2 - band_h // 2, self.width(), band_h)
            painter.fillRect(band, QColor(0, 0, 0, 215))
        painter.setPen(QColor("#e0e0e0"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         "\n".join(lines))

    def _paint_empty(self, painter: QPainter) -> None:
        painter.fillRect(self.rect(), QColor("#101418"))
        painter.setPen(QColor("#6b7a86"))
        painter.setFont(self._font(0.045))
        painter.drawText(self.rect().adjusted(8, 8, -8, -8),
                         Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         self.tr("Tile {0}\nDrop a camera here").format(self.tile_index + 1))

    def _paint_border(self, painter: QPainter) -> None:
        if self._drop_hover:
            colour, width = "#4fc3f7", 3
        elif self._wall.selected == self.tile_index:
            colour, width = "#ffca28", 2
        else:
            colour, width = "#263238", 1
        painter.setPen(_border_pen(colour, width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = width / 2
        painter.drawRect(QRectF(half, half, self.width() - width, self.height() - width))

    # -- visibility and size -------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._live.shown()
        self._sync_stream()

    def hideEvent(self, event: QHideEvent) -> None:
        # Also sent (spontaneously) when the window is minimised or unmapped.
        super().hideEvent(event)
        self._live.hidden()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_surface()
        self._live.resized()  # the stream follows the size once it settles

    # -- input --------------------------------------------------------------------------
    def _picture_fraction(self, point: QPoint) -> tuple[float, float] | None:
        rect = self.picture_rect()
        if rect is None or rect.isEmpty():
            return None
        fx = (point.x() - rect.x()) / rect.width()
        fy = (point.y() - rect.y()) / rect.height()
        return min(1.0, max(0.0, fx)), min(1.0, max(0.0, fy))

    def wheelEvent(self, event: QWheelEvent) -> None:
        fraction = self._picture_fraction(event.position().toPoint())
        delta = event.angleDelta().y()
        if self.ptz is not None and fraction is not None and self.ptz.wheel(delta):
            event.accept()  # in PTZ mode the wheel zooms the camera, not the picture
            return
        if fraction is None or delta == 0:
            event.ignore()
            return
        self.set_zoom(self._zoom.wheel(*fraction, delta))
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            self._wall.select(self.tile_index)
        point = event.position().toPoint()
        # The header band selects the tile (and starts a drag); only the picture below it
        # is a point to turn the camera to.
        in_header = point.y() < bar_height(self.font(), self.height())
        fraction = None if in_header else self._picture_fraction(point)
        if (event.button() is Qt.MouseButton.LeftButton and self.ptz is not None
                and fraction is not None and self.ptz.click(*fraction)):
            event.accept()  # PTZ mode: the camera turns to the clicked point
            return
        if event.button() is Qt.MouseButton.LeftButton and self._zoom.zoomed:
            self._drag_from = event.position().toPoint()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        rect = self.picture_rect()
        if self._drag_from is None or rect is None or rect.isEmpty():
            super().mouseMoveEvent(event)
            return
        point = event.position().toPoint()
        delta = point - self._drag_from
        self._drag_from = point
        self.set_zoom(self._zoom.pan(delta.x() / rect.width(), delta.y() / rect.height()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            self.unsetCursor()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.ptz is not None and self.ptz.key_press(key, event.isAutoRepeat()):
            event.accept()
            return
        if key == Qt.Key.Key_P and self.ptz is not None and self.ptz.camera_id:
            self.set_ptz_mode(not self.ptz.active)
        elif key == Qt.Key.Key_S and self.camera_id:
            self.save_snapshot()
        elif key == Qt.Key.Key_I:
            self.set_overlay_visible(not self._overlay)
        elif key == Qt.Key.Key_0:
            self.reset_zoom()
        elif key == Qt.Key.Key_M and self.camera_id:
            self.search_motion()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if self.ptz is not None and self.ptz.key_release(event.key(), event.isAutoRepeat()):
            event.accept()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self.ptz is not None:
            self.ptz.focus_lost()
        super().focusOutEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() is Qt.MouseButton.LeftButton:
            self._wall.toggle_maximised(self.tile_index)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.build_context_menu().exec(event.globalPos())

    def build_context_menu(self) -> QMenu:
        menu = QMenu(self)
        has_camera = bool(self.camera_id)
        playback = menu.addAction(self.tr("Playback: last {0} minutes").format(PLAYBACK_MINUTES))
        playback.setObjectName("action-playback")
        playback.setEnabled(has_camera)
        playback.triggered.connect(lambda: self.start_playback())
        live = menu.addAction(self.tr("Back to live"))
        live.setObjectName("action-live")
        live.setEnabled(self._mode is TileMode.PLAYBACK or bool(self._playback_error))
        live.triggered.connect(self.back_to_live)
        unlink = menu.addAction(self.tr("Play on its own clock"))
        unlink.setObjectName("action-unlink")
        unlink.setCheckable(True)
        unlink.setChecked(not self.linked)
        unlink.setEnabled(has_camera)
        unlink.toggled.connect(lambda on: self.unlink() if on else self.relink())
        menu.addSeparator()
        snapshot = menu.addAction(self.tr("Save snapshot") + "\tS")
        snapshot.setObjectName("action-snapshot")
        snapshot.setEnabled(self._frame is not None)
        snapshot.triggered.connect(self.save_snapshot)
        folder = menu.addAction(self.tr("Open snapshot folder"))
        folder.setObjectName("action-snapshot-folder")
        folder.triggered.connect(self._open_snapshot_folder)
        overlay = menu.addAction(self.tr("Stream information") + "\tI")
        overlay.setObjectName("action-overlay")
        overlay.setCheckable(True)
        overlay.setChecked(self._overlay)
        overlay.toggled.connect(self.set_overlay_visible)
        if self.ptz is not None:
            ptz = menu.addAction(self.tr("PTZ control") + "\tP")
            ptz.setObjectName("action-ptz")
            ptz.setCheckable(True)
            ptz.setChecked(self.ptz.active)
            ptz.setEnabled(self.ptz.camera_id is not None)
            ptz.toggled.connect(self.set_ptz_mode)
        zoom = menu.addAction(self.tr("Reset zoom") + "\t0")
        zoom.setObjectName("action-reset-zoom")
        zoom.setEnabled(self._zoom.zoomed)
        zoom.triggered.connect(self.reset_zoom)
        if has_camera and self._mode is TileMode.PLAYBACK:  # searches the recording
            motion = menu.addAction(self.tr("Search motion…") + "\tM")
            motion.setObjectName("action-search-motion")
            motion.triggered.connect(self.search_motion)
        if self.motion.region is not None:
            clear_motion = menu.addAction(self.tr("Clear motion search"))
            clear_motion.setObjectName("action-clear-motion")
            clear_motion.triggered.connect(self.motion.clear_requested)
        menu.addSeparator()
        maximise = menu.addAction(self.tr("Restore") if self._wall.maximised == self.tile_index
                                  else self.tr("Fill the wall"))
        maximise.triggered.connect(lambda: self._wall.toggle_maximised(self.tile_index))
        close = menu.addAction(self.tr("Close"))
        close.setObjectName("action-close")
        close.setEnabled(has_camera)
        close.triggered.connect(lambda: self._wall.clear(self.tile_index))
        return menu

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(CAMERA_IDS_MIME):
            event.acceptProposedAction()
            self._drop_hover = True
            self.update()

    def dragLeaveEvent(self, event: QEvent) -> None:
        self._drop_hover = False
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:
        self._drop_hover = False
        ids = decode_camera_ids(event.mimeData().data(CAMERA_IDS_MIME).data())
        if ids:
            self._wall.drop(self.tile_index, ids)
            self._wall.select(self.tile_index)
            event.acceptProposedAction()
        self.update()

    def _open_snapshot_folder(self) -> None:
        folder = self._streams.snapshot_dir
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    @Slot(object)
    def _on_language_changed(self, _language) -> None:
        self._state_texts.clear()
        self.update()  # texts are translated at paint time


@functools.cache
def _border_pen(colour: str, width: int) -> QPen:
    pen = QPen(QColor(colour), width)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    return pen


def _single_shot(parent: QWidget, interval_ms: int, slot) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer


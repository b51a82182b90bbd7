"""The results of a motion search as a list, newest first: for each hit a still picture
at its start (from the thumbnail service, fetched for the rows in view), the camera's
name, the WIB time and how long it lasted. Above it, in plain words: how many hits,
none at all, a result cut at the limit, and the stretches the analysis did not cover.
Activating a row (double-click, Enter) asks to play from the hit's start."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.api.errors import ApiErrorKind
from app.api.thumbnails import Thumbnail
from app.motion.types import MotionHit, MotionQuery, MotionSearchResult
from app.services.cameras import CameraService
from app.services.thumbnails import ThumbnailService
from app.timefmt import format_wib, to_wib

THUMB_WIDTH = 160
THUMB_SIZE = QSize(THUMB_WIDTH, THUMB_WIDTH * 9 // 16)
MAX_GAP_LINES = 6  # cameras named in the "not analysed" words; the rest are counted
MAX_SPANS = 3  # stretches named per camera
_HIT = Qt.ItemDataRole.UserRole


def duration_text(widget: QWidget, length: timedelta) -> str:
    seconds = max(1, round(length.total_seconds()))
    if seconds < 60:
        return widget.tr("{0} s").format(seconds)
    if seconds < 3600:
        return widget.tr("{0} min {1} s").format(seconds // 60, seconds % 60)
    return widget.tr("{0} h {1} min").format(seconds // 3600, seconds % 3600 // 60)


def _placeholder() -> QIcon:
    picture = QPixmap(THUMB_SIZE)
    picture.fill(QColor("#1f2328"))
    return QIcon(picture)


class MotionResultsWidget(QWidget):
    hit_activated = Signal(object)  # MotionHit: play from its start

    def __init__(self, cameras: CameraService, thumbnails: ThumbnailService | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("motion-results")
        self._cameras = cameras
        self._thumbnails = thumbnails
        self.result: MotionSearchResult | None = None
        self._searched: list[str] = []  # the cameras searched, for "not analysed"
        self._rows_by_request: dict[int, int] = {}
        self._asked: set[int] = set()  # rows whose picture was asked for
        self._placeholder = _placeholder()
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("motion-summary")
        self.summary_label.setWordWrap(True)
        self.warning_label = QLabel(self)
        self.warning_label.setObjectName("motion-warning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #e8590c;")  # readable on dark and light
        self.warning_label.hide()
        self.list = QListWidget(self)
        self.list.setObjectName("motion-hits")
        self.list.setIconSize(THUMB_SIZE)
        self.list.setUniformItemSizes(True)
        self.list.setSpacing(2)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.list.verticalScrollBar().valueChanged.connect(self._request_visible)
        self.setMinimumWidth(THUMB_WIDTH + 240)  # the picture and a row's words beside it
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.list, 1)
        if thumbnails is not None:
            thumbnails.thumbnail_ready.connect(self._on_thumbnails_thumbnail_ready)
            thumbnails.thumbnail_failed.connect(self._on_thumbnails_thumbnail_failed)

    # -- what it shows ------------------------------------------------------------------
    def set_searching(self, query: MotionQuery, searched: list[str]) -> None:
        self.clear()
        self._searched = list(searched)
        self.summary_label.setText(self.tr("Searching for motion from {0} to {1}…").format(
            format_wib(query.start, seconds=False), format_wib(query.end, seconds=False)))

    def set_failed(self, kind: ApiErrorKind, message: str) -> None:
        self.clear()
        texts = {
            ApiErrorKind.UNREACHABLE: self.tr("The server cannot be reached."),
            ApiErrorKind.FORBIDDEN: self.tr("You may not search this area."),
            ApiErrorKind.NOT_FOUND: self.tr("No such camera or area among yours."),
            ApiErrorKind.UNAUTHORIZED: self.tr("Not signed in."),
            ApiErrorKind.BAD_REQUEST: self.tr("The server refused the search: {0}").format(
                message),
        }
        self.summary_label.setText(self.tr("Motion search failed. {0}").format(
            texts.get(kind, message or kind.value)))

    def set_result(self, result: MotionSearchResult, searched: list[str] | None = None
                   ) -> None:
        searched = list(searched) if searched is not None else self._searched
        self.clear()
        self.result, self._searched = result, searched
        query = result.query
        span = self.tr("from {0} to {1}").format(format_wib(query.start, seconds=False),
                                                 format_wib(query.end, seconds=False))
        if not result.hits:
            self.summary_label.setText(self.tr("No motion in the region {0}.").format(span))
        else:
            self.summary_label.setText(self.tr("{0} stretches with motion {1}; newest first. "
                                               "Double-click one to play it.").format(
                len(result.hits), span))
        warnings = []
        if result.truncated:
            warnings.append(self.tr(
                "More stretches matched than the {0} listed: only the oldest {0} are here. "
                "Narrow the time range or the region to see the rest.").format(query.limit))
        warnings.extend(self._not_analysed_lines(result))
        self.warning_label.setText("\n".join(warnings))
        self.warning_label.setVisible(bool(warnings))
        for hit in sorted(result.hits, key=lambda h: h.start, reverse=True):
            item = QListWidgetItem(self._placeholder, self._row_text(hit))
            item.setData(_HIT, hit)
            item.setToolTip(self.tr("{0}: motion in {1} cells at most").format(
                self._camera_name(hit.camera_id), hit.cells))
            self.list.addItem(item)
        self._request_visible()

    def clear(self) -> None:
        self.result = None
        self.list.clear()
        self._rows_by_request.clear()
        self._asked.clear()
        self.summary_label.clear()
        self.warning_label.clear()
        self.warning_label.hide()

    def hits(self) -> list[MotionHit]:
        """The hits in the order listed."""
        return [self.list.item(row).data(_HIT) for row in range(self.list.count())]

    def activate_row(self, row: int) -> None:
        item = self.list.item(row)
        if item is not None:
            self.list.setCurrentItem(item)
            self._on_list_item_activated(item)

    # -- texts --------------------------------------------------------------------------
    def _camera_name(self, camera_id: str) -> str:
        camera = self._cameras.camera(camera_id)
        return camera.name if camera else camera_id

    def _row_text(self, hit: MotionHit) -> str:
        return self.tr("{0}\n{1} · {2}").format(self._camera_name(hit.camera_id),
                                                 format_wib(hit.start),
                                                 duration_text(self, hit.duration))

    def _not_analysed_lines(self, result: MotionSearchResult) -> list[str]:
        cameras = list(dict.fromkeys(self._searched + [s.camera_id for s in result.analysed]))
        query, lines, whole = result.query, [], []
        for camera_id in cameras:
            gaps = result.not_analysed(camera_id)
            if not gaps:
                continue
            if gaps == [(query.start, query.end)]:
                whole.append(self._camera_name(camera_id))
                continue
            spans = ", ".join(self._span_text(start, end) for start, end in gaps[:MAX_SPANS])
            if len(gaps) > MAX_SPANS:
                spans = self.tr("{0} and {1} more").format(spans, len(gaps) - MAX_SPANS)
            lines.append(self.tr("{0}: not analysed {1}").format(
                self._camera_name(camera_id), spans))
        out = []
        if whole:
            names = ", ".join(whole[:MAX_GAP_LINES])
            if len(whole) > MAX_GAP_LINES:
                names = self.tr("{0} and {1} more").format(names, len(whole) - MAX_GAP_LINES)
            out.append(self.tr("Not analysed at all, so the search cannot say: {0}").format(
                names))
        if lines:
            out.append(self.tr("Not analysed there, so the search cannot say:"))
            out.extend(lines[:MAX_GAP_LINES])
            if len(lines) > MAX_GAP_LINES:
                out.append(self.tr("… and {0} more cameras").format(
                    len(lines) - MAX_GAP_LINES))
        return out

    @staticmethod
    def _span_text(start: datetime, end: datetime) -> str:
        same_day = to_wib(start).date() == to_wib(end).date()
        return f"{format_wib(start, seconds=False)} – " \
               f"{format_wib(end, seconds=False, date=not same_day)}"

    # -- pictures -----------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._request_visible()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._request_visible()

    @Slot()
    def _request_visible(self, *_args) -> None:
        """Ask for the pictures of the rows in view (2,000 hits are not 2,000 requests)."""
        if self._thumbnails is None or not self.list.count():
            return
        viewport = self.list.viewport().rect()
        first = self.list.indexAt(viewport.topLeft()).row()
        last = self.list.indexAt(viewport.bottomLeft()).row()
        first = max(0, first)
        last = self.list.count() - 1 if last < 0 else last
        for row in range(first, min(self.list.count(), last + 2)):
            if row in self._asked:
                continue
            self._asked.add(row)
            hit: MotionHit = self.list.item(row).data(_HIT)
            # The keyframe at or before the hit's middle: one inside the motion, where a
            # keyframe at or before its start would show the moment before it.
            request = self._thumbnails.request(hit.camera_id, hit.start + hit.duration / 2,
                                               THUMB_WIDTH)
            self._rows_by_request[request] = row

    @property
    def pictures_pending(self) -> int:
        """Thumbnails asked for and not yet answered."""
        return len(self._rows_by_request)

    @Slot(int, object)
    def _on_thumbnails_thumbnail_ready(self, request_id: int, thumb: Thumbnail) -> None:
        row = self._rows_by_request.pop(request_id, None)
        item = self.list.item(row) if row is not None else None
        if item is None:
            return
        picture = QImage.fromData(thumb.jpeg)
        if not picture.isNull():
            item.setIcon(QIcon(QPixmap.fromImage(picture.scaled(
                THUMB_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))))

    @Slot(int, object, str)
    def _on_thumbnails_thumbnail_failed(self, request_id: int, _kind: ApiErrorKind,
                                        _message: str) -> None:
        self._rows_by_request.pop(request_id, None)  # the grey stand-in stays

    @Slot(QListWidgetItem)
    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        hit = item.data(_HIT)
        if isinstance(hit, MotionHit):
            self.hit_activated.emit(hit)

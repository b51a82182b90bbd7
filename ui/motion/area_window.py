"""Search every camera of an area for motion over a time range (by default the last 24
hours, the whole picture): the area from the tree the server lists, the range in WIB.
The hits are listed as on a tile's search; activating one asks to play that camera from
the hit's start (the main window opens it in the investigation window)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiErrorKind
from app.domain import Area
from app.motion.service import MotionSearchService
from app.motion.types import MAX_RANGE, WHOLE_PICTURE, MotionHit, MotionQuery, MotionSearchResult
from app.services.cameras import CameraService
from app.services.thumbnails import ThumbnailService
from app.timefmt import WIB
from ui.motion.results import MotionResultsWidget
from ui.shell.i18n import language_notifier

DEFAULT_RANGE = timedelta(hours=24)
OWNER = "area"


def area_cameras(areas: list[Area], area_id: str, cameras) -> list[str]:
    """The ids of the cameras in the area's subtree."""
    def find(nodes) -> Area | None:
        for node in nodes:
            if node.id == area_id:
                return node
            found = find(node.children)
            if found is not None:
                return found
        return None

    def ids(node: Area) -> set[str]:
        out = {node.id}
        for child in node.children:
            out |= ids(child)
        return out

    top = find(areas)
    inside = ids(top) if top is not None else set()
    return [camera.id for camera in cameras if camera.area_id in inside]


def _to_edit(value: datetime) -> QDateTime:
    local = value.astimezone(WIB)
    return QDateTime(QDate(local.year, local.month, local.day),
                     QTime(local.hour, local.minute, local.second))


def _from_edit(edit: QDateTimeEdit) -> datetime:
    date, time = edit.dateTime().date(), edit.dateTime().time()
    return datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(),
                    time.second(), tzinfo=WIB).astimezone(UTC)


class MotionAreaSearchDialog(QDialog):
    play_requested = Signal(str, object)  # camera id, UTC start of the hit

    def __init__(self, service: MotionSearchService, cameras: CameraService,
                 thumbnails: ThumbnailService | None, parent: QWidget | None = None,
                 clock=lambda: datetime.now(UTC)) -> None:
        super().__init__(parent)
        self.setObjectName("motion-area-search")
        self._service = service
        self._cameras = cameras
        self._clock = clock
        self._request: int | None = None
        self.area_combo = QComboBox(self)
        self.area_combo.setObjectName("motion-area")
        self.start_edit = QDateTimeEdit(self)
        self.end_edit = QDateTimeEdit(self)
        for edit in (self.start_edit, self.end_edit):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
        self.region_label = QLabel(self)
        self.search_button = QPushButton(self)
        self.search_button.setObjectName("motion-area-search-button")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.results = MotionResultsWidget(cameras, thumbnails, self)
        self.results.hit_activated.connect(self._on_results_hit_activated)
        self._form = QFormLayout()
        self._labels = [QLabel(self) for _ in range(4)]
        for label, field in zip(self._labels, (self.area_combo, self.start_edit,
                                               self.end_edit, self.region_label), strict=True):
            self._form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addWidget(self.search_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.results, 1)
        service.search_finished.connect(self._on_service_search_finished)
        service.search_failed.connect(self._on_service_search_failed)
        cameras.catalog_changed.connect(self._fill_areas)
        language_notifier().language_changed.connect(self._retranslate)
        self._fill_areas()
        self.reset_range()
        self._retranslate()
        self.resize(560, 640)

    def reset_range(self) -> None:
        """The last 24 hours."""
        now = self._clock()
        self.start_edit.setDateTime(_to_edit(now - DEFAULT_RANGE))
        self.end_edit.setDateTime(_to_edit(now))

    def set_area(self, area_id: str) -> None:
        self.area_combo.setCurrentIndex(max(0, self.area_combo.findData(area_id)))

    def search(self) -> int | None:
        area_id = self.area_combo.currentData() or ""
        start, end = _from_edit(self.start_edit), _from_edit(self.end_edit)
        if not area_id:
            self.results.clear()
            self.results.summary_label.setText(self.tr("Choose an area to search."))
            return None
        if end <= start:
            self.results.clear()
            self.results.summary_label.setText(self.tr("The end must be after the start."))
            return None
        if end - start > MAX_RANGE:
            start = end - MAX_RANGE
            self.start_edit.setDateTime(_to_edit(start))
        query = MotionQuery(start, end, area_id=area_id, region=WHOLE_PICTURE)
        searched = area_cameras(self._cameras.areas(), area_id, self._cameras.cameras())
        self.results.set_searching(query, searched)
        self._request = self._service.search(query, OWNER)
        return self._request

    @property
    def result(self) -> MotionSearchResult | None:
        return self.results.result

    # -- slots --------------------------------------------------------------------------
    @Slot()
    def _fill_areas(self, *_args) -> None:
        chosen = self.area_combo.currentData()
        self.area_combo.clear()

        def add(node: Area, depth: int) -> None:
            self.area_combo.addItem("  " * depth + node.name, node.id)
            for child in node.children:
                add(child, depth + 1)

        for top in self._cameras.areas():
            add(top, 0)
        if chosen:
            self.set_area(chosen)

    @Slot(int, object)
    def _on_service_search_finished(self, request_id: int, result: MotionSearchResult) -> None:
        if request_id == self._request:
            self._request = None
            self.results.set_result(result)

    @Slot(int, object, str)
    def _on_service_search_failed(self, request_id: int, kind: ApiErrorKind,
                                  message: str) -> None:
        if request_id == self._request:
            self._request = None
            self.results.set_failed(kind, message)

    @Slot(object)
    def _on_results_hit_activated(self, hit: MotionHit) -> None:
        self.play_requested.emit(hit.camera_id, hit.start)

    @Slot()
    def _retranslate(self, *_args) -> None:
        self.setWindowTitle(self.tr("Motion search in an area"))
        for label, text in zip(self._labels, (self.tr("Area"), self.tr("From (WIB)"),
                                              self.tr("To (WIB)"), self.tr("Region")),
                               strict=True):
            label.setText(text)
        self.region_label.setText(self.tr("The whole picture of every camera"))
        self.search_button.setText(self.tr("Search"))
        if self.results.result is not None:
            self.results.set_result(self.results.result)

    def closeEvent(self, event) -> None:
        self._service.cancel(OWNER)
        self._request = None
        super().closeEvent(event)

"""The faces a scan found, for the supervisor to correct before the export is cut: a list
of the tracks (when each face is seen, a "blur" tick each) and the camera's picture at
the selected track's middle with the boxes blurred then. Unticked tracks are no face
(sent as ``dropped``); boxes dragged over the picture are pixelated for the whole export
(sent as the supervisor's tracks) — pixelated like the faces, unlike a privacy mask,
which is black. The faces show clear for the supervisor to judge, or pixelated as the
server will pixelate them ("Show the faces pixelated"); drawn boxes are always shown
pixelated."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Slot
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiErrorKind
from app.api.keyframes import KeyframePicture
from app.faces import FaceReview, FaceTrack
from app.masks import MAX_MASKS, Mask
from app.services.face_scans import FaceScanService
from app.timefmt import format_wib
from ui.evidence.mask_editor import PICTURE_WIDTH, MaskEditorWidget

FACE_EDGE = QColor("#40c057")  # a face that is blurred
DROPPED_EDGE = QColor("#fa5252")  # a detection the supervisor said is no face
DRAWN_EDGE = QColor("#22b8cf")  # a box the supervisor drew
SELECTED_EDGE = QColor("#fab005")
BLOCKS = 8  # the server's pixelation: blocks of 1/8 of the box, at least 8 px
MIN_BLOCK_PX = 8


class FaceEditorWidget(MaskEditorWidget):
    """The mask editor's picture and drawing; what is drawn is pixelated, and the
    tracks' boxes at ``at`` are shown beneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("face-editor")
        self.tracks: tuple[FaceTrack, ...] = ()
        self.dropped: frozenset[int] = frozenset()
        self.at: datetime | None = None
        self.current_track: int | None = None
        # Off: the faces show, for the supervisor to judge; on: as the export will be.
        self.preview_blur = False

    def show_tracks(self, tracks: tuple[FaceTrack, ...], dropped: set[int],
                    at: datetime | None, current: int | None) -> None:
        self.tracks, self.dropped = tuple(tracks), frozenset(dropped)
        self.at, self.current_track = at, current
        self.update()

    def boxes_shown(self) -> list[tuple[int, Mask, bool]]:
        """(track id, padded box, blurred) of each track seen at ``at``."""
        if self.at is None:
            return []
        return [(t.id, box, t.id not in self.dropped) for t in self.tracks
                if (box := t.box_at(self.at)) is not None]

    def current_elsewhere(self) -> Mask | None:
        """The current track's box nearest the picture's moment when it is not seen
        then (no keyframe falls within a short track): drawn dotted."""
        track = next((t for t in self.tracks if t.id == self.current_track), None)
        if track is None or self.at is None or track.box_at(self.at) is not None:
            return None
        return track.box_at(min(max(self.at, track.start), track.end))

    def _pixelate(self, painter: QPainter, rect: QRectF) -> None:
        """``rect`` of the widget as the server pixelates it: blocks of the picture's
        own colours (a hatched stand-in while there is no picture)."""
        if self.picture is None:
            painter.fillRect(rect, QBrush(QColor(0, 0, 0, 120), Qt.BrushStyle.Dense4Pattern))
            return
        shown = self.picture_rect()
        sx, sy = self.picture.width() / shown.width(), self.picture.height() / shown.height()
        source = QRect(int((rect.left() - shown.left()) * sx),
                       int((rect.top() - shown.top()) * sy),
                       max(1, math.ceil(rect.width() * sx)),
                       max(1, math.ceil(rect.height() * sy))).intersected(self.picture.rect())
        if source.isEmpty():
            return
        block = max(MIN_BLOCK_PX, source.width() // BLOCKS)
        small = self.picture.copy(source).scaled(
            max(1, math.ceil(source.width() / block)), max(1, math.ceil(source.height() / block)),
            Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
        target = QRectF(shown.left() + source.left() / sx, shown.top() + source.top() / sy,
                        source.width() / sx, source.height() / sy)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(target, small)
        painter.restore()

    def paint_under_masks(self, painter: QPainter) -> None:
        for track_id, box, blurred in self.boxes_shown():
            rect = self._rect_of(box)
            current = track_id == self.current_track
            if blurred:
                if self.preview_blur:
                    self._pixelate(painter, rect)
                pen = QPen(SELECTED_EDGE if current else FACE_EDGE, 3 if current else 2)
            else:
                pen = QPen(DROPPED_EDGE, 3 if current else 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(rect)
            painter.drawText(rect.bottomLeft() + QPointF(2, 14),
                             f"#{track_id}" if blurred else
                             self.tr("#{0} not blurred").format(track_id))
        elsewhere = self.current_elsewhere()
        if elsewhere is not None:
            rect = self._rect_of(elsewhere)
            painter.setPen(QPen(SELECTED_EDGE, 2, Qt.PenStyle.DotLine))
            painter.drawRect(rect)
            painter.drawText(rect.bottomLeft() + QPointF(2, 14),
                             self.tr("#{0} (not in this picture)").format(self.current_track))

    def paint_mask(self, painter: QPainter, rect: QRectF, selected: bool) -> None:
        self._pixelate(painter, rect)
        painter.setPen(QPen(SELECTED_EDGE if selected else DRAWN_EDGE, 2, Qt.PenStyle.DashLine))
        painter.drawRect(rect)
        painter.drawText(rect.topLeft() + QPointF(2, -4), self.tr("drawn"))


def _span_text(track: FaceTrack) -> str:
    start = format_wib(track.start, millis=True, date=False).removesuffix(" WIB")
    end = format_wib(track.end, millis=True, date=False).removesuffix(" WIB")
    return f"{start[:-2]} – {end[:-2]}"  # tenths of a second are what a look is worth


class FaceEditorDialog(QDialog):
    """Corrects a copy of ``review``; the export dialog takes ``review`` on accept."""

    def __init__(self, scans: FaceScanService | None, camera_id: str,
                 review: FaceReview, start: datetime, end: datetime,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("face-editor-dialog")
        self.setWindowTitle(self.tr("Faces to blur — {0}").format(camera_id))
        self.review = replace(review, dropped=set(review.dropped))
        self._scans = scans
        self._camera_id = camera_id
        self._start, self._end = start, end
        self._request: int | None = None
        self._at: datetime | None = None

        hint = QLabel(self.tr(
            "Ticked faces are pixelated in every picture they are in. Untick a track that "
            "is no face. Drag over the picture to add a box the detector missed: it is "
            "pixelated for the whole export (a privacy mask is black instead). Click a "
            "drawn box and press Del to remove it."), self)
        hint.setWordWrap(True)
        legend = QLabel(self.tr(
            "<span style='color:{0}'>▭</span> a face, pixelated in the export \u2003"
            "<span style='color:{1}'>▭</span> not blurred (no face) \u2003"
            "<span style='color:{2}'>▭</span> a drawn box, pixelated in every picture"
        ).format(FACE_EDGE.name(), DROPPED_EDGE.name(), DRAWN_EDGE.name()), self)
        legend.setObjectName("face-editor-legend")
        self.tracks_list = QTreeWidget(self)
        self.tracks_list.setObjectName("face-tracks")
        self.tracks_list.setHeaderLabels(
            [self.tr("Blur"), self.tr("Face"), self.tr("Seen (WIB)"), self.tr("Length")])
        self.tracks_list.setRootIsDecorated(False)
        self.tracks_list.setMinimumWidth(300)
        for track in self.review.tracks:
            item = QTreeWidgetItem(["", f"#{track.id}", _span_text(track),
                                    self.tr("{0:.1f} s").format(
                                        (track.end - track.start).total_seconds())])
            item.setData(0, Qt.ItemDataRole.UserRole, track.id)
            item.setCheckState(0, Qt.CheckState.Checked if self.review.blurred(track.id)
                               else Qt.CheckState.Unchecked)
            self.tracks_list.addTopLevelItem(item)
        for column in range(4):
            self.tracks_list.resizeColumnToContents(column)
        self.editor = FaceEditorWidget(self)
        self.editor.set_masks(self.review.drawn)
        self.when_label = QLabel(self)
        self.when_label.setObjectName("face-editor-when")
        self.preview_box = QCheckBox(self.tr("Show the faces pixelated, as exported"), self)
        self.preview_box.setObjectName("face-editor-preview")
        self.preview_box.toggled.connect(self._on_preview_box_toggled)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("face-editor-count")
        self.clear_button = QPushButton(self.tr("Remove drawn boxes"), self)
        self.clear_button.clicked.connect(self.editor.clear)

        splitter = QSplitter(self)
        splitter.addWidget(self.tracks_list)
        right = QWidget(splitter)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.editor, 1)
        column.addWidget(self.when_label)
        column.addWidget(self.preview_box)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(legend)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self.tracks_list.itemChanged.connect(self._on_tracks_list_item_changed)
        self.tracks_list.currentItemChanged.connect(self._on_tracks_list_current_item_changed)
        self.editor.masks_changed.connect(self._on_editor_masks_changed)
        # The server's pictures are keyframes: the service says when the one shown was
        # taken, and the boxes are drawn for that moment.
        if scans is not None:
            scans.picture_found.connect(self._on_scans_picture_found)
            scans.picture_failed.connect(self._on_scans_picture_failed)
        self.resize(1040, 560)
        self._on_editor_masks_changed()
        if self.tracks_list.topLevelItemCount():
            self.tracks_list.setCurrentItem(self.tracks_list.topLevelItem(0))
        else:
            self._show_moment(start + (end - start) / 2, None)

    # -- the supervisor's input ----------------------------------------------------------
    def track_item(self, track_id: int) -> QTreeWidgetItem | None:
        for row in range(self.tracks_list.topLevelItemCount()):
            item = self.tracks_list.topLevelItem(row)
            if item.data(0, Qt.ItemDataRole.UserRole) == track_id:
                return item
        return None

    @Slot(QTreeWidgetItem, int)
    def _on_tracks_list_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column != 0:
            return
        self.review.set_blurred(item.data(0, Qt.ItemDataRole.UserRole),
                                item.checkState(0) is Qt.CheckState.Checked)
        self._refresh()

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_tracks_list_current_item_changed(self, item: QTreeWidgetItem | None,
                                             _previous: QTreeWidgetItem | None) -> None:
        track_id = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        track = next((t for t in self.review.tracks if t.id == track_id), None)
        if track is not None:
            # The latest keyframe at or before the track's end: the face is most likely
            # in it (a keyframe a second or more apart, a track may be shorter).
            self._show_moment(track.end, track.id)

    @Slot(bool)
    def _on_preview_box_toggled(self, checked: bool) -> None:
        self.editor.preview_blur = checked
        self.editor.update()

    @Slot()
    def _on_editor_masks_changed(self) -> None:
        self.review.drawn = tuple(self.editor.masks)
        self._refresh()

    def _refresh(self) -> None:
        self.editor.show_tracks(self.review.tracks, self.review.dropped, self._at,
                                self.editor.current_track)
        kept = sum(1 for t in self.review.tracks if self.review.blurred(t.id))
        self.count_label.setText(self.tr(
            "{0} of {1} faces blurred, {2} dropped as no face; {3} drawn box(es) "
            "(at most {4})").format(kept, len(self.review.tracks),
                                    len(self.review.tracks) - kept, len(self.review.drawn),
                                    MAX_MASKS))
        self.clear_button.setEnabled(bool(self.review.drawn))

    # -- the picture ---------------------------------------------------------------------
    def _show_moment(self, at: datetime, track_id: int | None) -> None:
        self._at = at
        self.editor.show_tracks(self.review.tracks, self.review.dropped, None, track_id)
        if self._scans is None:
            self.editor.show_tracks(self.review.tracks, self.review.dropped, at, track_id)
            self._say_when(at, track_id)
            self.editor.set_picture(None, self.tr("No picture of this camera is available; "
                                                  "the boxes are drawn on the grey area."))
            return
        self.when_label.setText(self.tr("Loading the picture…"))
        self._request = self._scans.picture(self._camera_id, at, PICTURE_WIDTH)

    def _say_when(self, at: datetime, track_id: int | None) -> None:
        track = next((t for t in self.review.tracks if t.id == track_id), None)
        if track is None:
            text = self.tr("The picture at {0}").format(format_wib(at, millis=True))
        elif track.box_at(at) is not None:
            text = self.tr("The picture at {0}, with face #{1}'s box then").format(
                format_wib(at, millis=True), track_id)
        else:
            text = self.tr("The nearest picture ({0}) is {1:.1f} s before face #{2} is "
                           "seen: its first box is dotted.").format(
                format_wib(at, millis=True), (track.start - at).total_seconds(), track_id)
        self.when_label.setText(text)

    @Slot(int, object)
    def _on_scans_picture_found(self, request_id: int, found: KeyframePicture) -> None:
        if request_id != self._request:
            return
        self._request = None
        shown_at = self._at = found.shown_at
        track_id = self.editor.current_track
        self.editor.show_tracks(self.review.tracks, self.review.dropped, shown_at, track_id)
        self._say_when(shown_at, track_id)
        picture = QImage.fromData(found.jpeg)
        self.editor.set_picture(picture if not picture.isNull() else None,
                                self.tr("The server's picture could not be read."))

    @Slot(int, object, str)
    def _on_scans_picture_failed(self, request_id: int, kind: ApiErrorKind,
                                 message: str) -> None:
        if request_id != self._request:
            return
        self._request = None
        self.editor.show_tracks(self.review.tracks, self.review.dropped, self._at,
                                self.editor.current_track)
        self._say_when(self._at, self.editor.current_track)
        if kind in (ApiErrorKind.NO_RECORDING, ApiErrorKind.NOT_FOUND):
            text = self.tr("Nothing of this camera is recorded at {0}.").format(
                format_wib(self._at))
        else:
            text = self.tr("The picture could not be fetched ({0}).").format(
                message or kind.value)
        self.editor.set_picture(None, text)

"""Privacy masks drawn over a still picture of the camera: drag to draw a rectangle, click
one to select it, Del removes it, "Clear all" removes every one. The masks are kept as
fractions of the picture; the server blacks them out when it re-encodes the export."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.api.errors import ApiErrorKind
from app.api.thumbnails import Thumbnail
from app.masks import MAX_MASKS, Mask, mask_between
from app.services.thumbnails import ThumbnailService
from app.timefmt import format_wib

PICTURE_WIDTH = 640  # the largest the server sends
MASK_FILL = QColor(0, 0, 0, 170)  # the picture still shows through while drawing
MASK_EDGE = QColor("#f8f9fa")
SELECTED_EDGE = QColor("#fab005")
NO_PICTURE = QColor("#495057")
NO_PICTURE_ASPECT = 16 / 9


class MaskEditorWidget(QWidget):
    masks_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mask-editor")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(320, 180)
        self.picture: QImage | None = None
        self.message = ""  # shown over the grey area while there is no picture
        self.masks: list[Mask] = []
        self.selected: int | None = None
        self._press: QPointF | None = None
        self._drag: QPointF | None = None

    # -- what it shows -------------------------------------------------------------------
    def set_picture(self, picture: QImage | None, message: str = "") -> None:
        self.picture = picture if picture is not None and not picture.isNull() else None
        self.message = message
        self.update()

    def set_masks(self, masks: list[Mask] | tuple[Mask, ...]) -> None:
        self.masks = list(masks)[:MAX_MASKS]
        self.selected = None
        self.update()
        self.masks_changed.emit()

    def clear(self) -> None:
        self.set_masks([])

    def picture_rect(self) -> QRectF:
        """Where the picture (or the grey stand-in) is drawn: as large as fits, centred."""
        aspect = (self.picture.width() / self.picture.height() if self.picture is not None
                  else NO_PICTURE_ASPECT)
        w, h = float(self.width()), float(self.height())
        if w / h > aspect:
            w = h * aspect
        else:
            h = w / aspect
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def _fraction(self, point: QPointF) -> tuple[float, float]:
        rect = self.picture_rect()
        return ((point.x() - rect.left()) / rect.width(),
                (point.y() - rect.top()) / rect.height())

    def _rect_of(self, mask: Mask) -> QRectF:
        rect = self.picture_rect()
        return QRectF(rect.left() + mask.x * rect.width(), rect.top() + mask.y * rect.height(),
                      mask.w * rect.width(), mask.h * rect.height())

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        # Around the picture: the dialog's own colour, so no bar looks like part of it.
        painter.fillRect(self.rect(), self.palette().window())
        rect = self.picture_rect()
        if self.picture is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(rect, self.picture)
        else:
            painter.fillRect(rect, NO_PICTURE)
            painter.setPen(QColor("#e9ecef"))
            painter.drawText(rect.adjusted(12, 12, -12, -12),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.message)
        self.paint_under_masks(painter)
        for index, mask in enumerate(self.masks):
            self.paint_mask(painter, self._rect_of(mask), index == self.selected)
        if self._press is not None and self._drag is not None:
            self.paint_mask(painter, QRectF(self._press, self._drag).normalized(), True)
        painter.end()

    # A face editor (ui/evidence/face_editor.py) draws boxes its own way: pixelated, not
    # black, with the detector's boxes beneath.
    def paint_under_masks(self, painter: QPainter) -> None:
        """Drawn over the picture, under the masks; nothing here."""

    def paint_mask(self, painter: QPainter, rect: QRectF, selected: bool) -> None:
        painter.fillRect(rect, MASK_FILL)
        painter.setPen(QPen(SELECTED_EDGE if selected else MASK_EDGE, 2 if selected else 1))
        painter.drawRect(rect)

    # -- drawing -------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() is not Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        fx, fy = self._fraction(event.position())
        # The topmost (last drawn) mask under the click is selected; elsewhere a new one
        # is drawn.
        for index in range(len(self.masks) - 1, -1, -1):
            if self.masks[index].contains(fx, fy):
                self.selected = index
                self.update()
                return
        self.selected = None
        self._press = self._drag = event.position()
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None:
            self._drag = event.position()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() is not Qt.MouseButton.LeftButton or self._press is None:
            super().mouseReleaseEvent(event)
            return
        mask = mask_between(*self._fraction(self._press), *self._fraction(event.position()))
        self._press = self._drag = None
        if mask is not None and len(self.masks) < MAX_MASKS:
            self.masks.append(mask)
            self.selected = len(self.masks) - 1
            self.masks_changed.emit()
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                and self.selected is not None):
            del self.masks[self.selected]
            self.selected = None
            self.update()
            self.masks_changed.emit()
            return
        super().keyPressEvent(event)


class MaskEditorDialog(QDialog):
    """The editor over the camera's picture at ``at`` (fetched through ``thumbnails``;
    without one, or when the server has none, a grey area that is still editable)."""

    def __init__(self, thumbnails: ThumbnailService | None, camera_id: str, at: datetime,
                 masks: tuple[Mask, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mask-editor-dialog")
        self.setWindowTitle(self.tr("Privacy masks — {0}").format(camera_id))
        self._thumbnails = thumbnails
        self._at = at
        self._request: int | None = None
        self.editor = MaskEditorWidget(self)
        self.editor.set_masks(masks)
        hint = QLabel(self.tr("Drag over the picture to black out a part of it. Click a mask "
                              "to select it; Del removes it. At most {0}.").format(MAX_MASKS),
                      self)
        hint.setWordWrap(True)
        self.when_label = QLabel(self.tr("The picture at {0}").format(format_wib(at)), self)
        self.count_label = QLabel(self)
        self.clear_button = QPushButton(self.tr("Clear all"), self)
        self.clear_button.clicked.connect(self.editor.clear)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.when_label)
        layout.addWidget(self.count_label)
        layout.addWidget(buttons)
        self.editor.masks_changed.connect(self._on_editor_masks_changed)
        self._on_editor_masks_changed()
        self.resize(700, 520)
        if thumbnails is None:
            self.editor.set_picture(None, self.tr("No picture of this camera is available; "
                                                  "draw the masks on the grey area."))
        else:
            self.editor.set_picture(None, self.tr("Loading the picture…"))
            thumbnails.thumbnail_ready.connect(self._on_thumbnails_thumbnail_ready)
            thumbnails.thumbnail_failed.connect(self._on_thumbnails_thumbnail_failed)
            self._request = thumbnails.request(camera_id, at, PICTURE_WIDTH)

    @property
    def masks(self) -> tuple[Mask, ...]:
        return tuple(self.editor.masks)

    @Slot()
    def _on_editor_masks_changed(self) -> None:
        self.count_label.setText(mask_count_text(len(self.editor.masks)))
        self.clear_button.setEnabled(bool(self.editor.masks))

    @Slot(int, object)
    def _on_thumbnails_thumbnail_ready(self, request_id: int, thumb: Thumbnail) -> None:
        if request_id != self._request:
            return
        self._request = None
        picture = QImage.fromData(thumb.jpeg)
        if picture.isNull():
            self.editor.set_picture(None, self.tr("The server's picture could not be read; "
                                                  "draw the masks on the grey area."))
        else:
            self.editor.set_picture(picture)

    @Slot(int, object, str)
    def _on_thumbnails_thumbnail_failed(self, request_id: int, kind: ApiErrorKind,
                                        message: str) -> None:
        if request_id != self._request:
            return
        self._request = None
        if kind in (ApiErrorKind.NO_RECORDING, ApiErrorKind.NOT_FOUND):
            text = self.tr("Nothing of this camera is recorded at {0}; draw the masks on "
                           "the grey area.").format(format_wib(self._at))
        else:
            text = self.tr("The picture could not be fetched ({0}); draw the masks on the "
                           "grey area.").format(message or kind.value)
        self.editor.set_picture(None, text)


def mask_count_text(count: int) -> str:
    """"No privacy masks", "1 mask", "3 masks" in the language shown (the export dialog
    uses it too)."""
    if count == 0:
        return QCoreApplication.translate("MaskEditorDialog", "No privacy masks")
    if count == 1:
        return QCoreApplication.translate("MaskEditorDialog", "1 mask")
    return QCoreApplication.translate("MaskEditorDialog", "{0} masks").format(count)

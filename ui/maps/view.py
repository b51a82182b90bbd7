"""A map drawn in a QGraphicsView: the city overview (the cameras' coordinates in a plain
projection, kota and kecamatan named at their cameras' middle) or a map picture with its
placed cameras; each camera a dot in its state's colour, with its field of view as a
wedge where the map says where it looks.

Input only goes out as signals: a click selects a camera, a double click asks to watch
it, a drag carries it to the wall (the camera tree's MIME type, so a tile takes it as it
takes one from the tree). Editable (the administrators' page): cameras dropped on the
picture or moved on it are reported as fractions of the picture.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from app.api.maps import MapInfo, Placement
from app.services.cameras import CameraService
from app.services.maps import CameraLook, MapCameraStates, overview
from ui.cameras.tree import CAMERA_IDS_MIME, decode_camera_ids, encode_camera_ids

LOOK_COLOURS = {
    CameraLook.LIVE: QColor("#43a047"),
    CameraLook.STALE: QColor("#ffb300"),
    CameraLook.OFFLINE: QColor("#e53935"),
    CameraLook.UNKNOWN: QColor("#9e9e9e"),
}
SELECTED_COLOUR = QColor("#4fc3f7")
# A kota's outline on the overview: one hue each, faint, padded around its cameras.
OUTLINE_HUES = (200, 30, 120, 280, 340, 60)
OUTLINE_PAD = 16.0  # screen pixels around the outermost cameras
DOT_RADIUS = 7.0  # screen pixels, whatever the zoom
WEDGE_RADIUS = 46.0
BACKGROUND = QColor("#1e1f22")
ZOOM_STEP = 1.15
# Room around the overview's outermost cameras for their area names (centred on them).
OVERVIEW_MARGIN = 76
MAX_NAMES = 60  # more names on one picture are a blur: the selected one is still named
# Kecamatan names only where they can be read: few of them, or zoomed in this far.
MAX_DETAIL_LABELS = 12
DETAIL_ZOOM = 2.5


class CameraMark(QGraphicsItem):
    """One camera: a dot, a wedge when it has a heading, its name when asked."""

    def __init__(self, camera_id: str, name: str, placement: Placement | None) -> None:
        super().__init__()
        self.camera_id = camera_id
        self.name = name
        self.look = CameraLook.UNKNOWN
        self.heading = placement.heading if placement is not None else None
        self.fov = placement.fov if placement is not None else None
        self.selected = False
        self.show_name = False
        # Sized in screen pixels: a dot stays a dot however far the map is zoomed.
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(2)
        self.setToolTip(name)

    @property
    def has_wedge(self) -> bool:
        return self.heading is not None and self.fov is not None

    def wedge_path(self) -> QPainterPath:
        """The field of view: heading clockwise from up, as Qt's angles run (counter-
        clockwise from three o'clock)."""
        path = QPainterPath()
        if not self.has_wedge:
            return path
        box = QRectF(-WEDGE_RADIUS, -WEDGE_RADIUS, 2 * WEDGE_RADIUS, 2 * WEDGE_RADIUS)
        path.moveTo(0, 0)
        path.arcTo(box, 90.0 - self.heading - self.fov / 2.0, self.fov)
        path.closeSubpath()
        return path

    def boundingRect(self) -> QRectF:
        reach = WEDGE_RADIUS if self.has_wedge else DOT_RADIUS + 3
        rect = QRectF(-reach, -reach, 2 * reach, 2 * reach)
        if self.show_name or self.selected:
            rect = rect.united(QRectF(DOT_RADIUS + 2, -10, 260, 20))
        return rect

    def shape(self) -> QPainterPath:
        path = QPainterPath()  # only the dot takes clicks: wedges overlap
        path.addEllipse(QPointF(0, 0), DOT_RADIUS + 3, DOT_RADIUS + 3)
        return path

    def set_state(self, look: CameraLook, selected: bool, show_name: bool) -> None:
        if (look, selected, show_name) != (self.look, self.selected, self.show_name):
            self.prepareGeometryChange()
            self.look, self.selected, self.show_name = look, selected, show_name
            self.setZValue(3 if selected else 2)
            self.update()

    def paint(self, painter: QPainter, _option: QStyleOptionGraphicsItem,
              _widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = LOOK_COLOURS[self.look]
        if self.has_wedge:
            fill = QColor(colour)
            fill.setAlpha(70)
            painter.setBrush(fill)
            painter.setPen(QPen(colour, 1.2))
            painter.drawPath(self.wedge_path())
        ring = SELECTED_COLOUR if self.selected else QColor("#ffffff")
        painter.setPen(QPen(ring, 3.0 if self.selected else 1.5))
        painter.setBrush(QBrush(colour))
        painter.drawEllipse(QPointF(0, 0), DOT_RADIUS, DOT_RADIUS)
        if self.show_name or self.selected:
            font = QFont(painter.font())
            font.setPointSizeF(9)
            painter.setFont(font)
            text_at = QPointF(DOT_RADIUS + 4, 4)
            painter.setPen(QColor(0, 0, 0, 200))
            painter.drawText(text_at + QPointF(1, 1), self.name)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(text_at, self.name)


class MapView(QGraphicsView):
    camera_clicked = Signal(str)  # selected by a click
    camera_activated = Signal(str)  # double-clicked: watch it
    camera_dropped = Signal(str, float, float)  # editable: a camera put on the picture
    camera_moved = Signal(str, float, float)  # editable: a placed camera dragged elsewhere

    def __init__(self, cameras: CameraService, states: MapCameraStates,
                 parent: QWidget | None = None, *, editable: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("map-view")
        self._cameras = cameras
        self._states = states
        self.editable = editable
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self.setBackgroundBrush(BACKGROUND)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAcceptDrops(editable)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)  # a drag on the map pans
        self._marks: dict[str, CameraMark] = {}
        self._labels: list[tuple[int, QGraphicsSimpleTextItem]] = []  # (level, its text)
        self._fit_scale = 1.0
        self._fit_area = (QRectF(0, 0, 1, 1), 0)  # what fills the view, and its margin
        self._picture: QGraphicsPixmapItem | None = None
        self._map: MapInfo | None = None  # None: the city overview
        self._selected: str | None = None
        self._zoomed = False
        self._press: tuple[QPoint, str] | None = None
        self._moving: str | None = None
        states.changed.connect(self._on_states_changed)

    # -- what is shown ---------------------------------------------------------------------

    @property
    def map_info(self) -> MapInfo | None:
        return self._map

    @property
    def selected_camera(self) -> str | None:
        return self._selected

    def marks(self) -> dict[str, CameraMark]:
        return dict(self._marks)

    def labels(self) -> list[str]:
        return [text.text() for _level, text in self._labels if text.isVisible()]

    def show_overview(self) -> None:
        """Every camera of the catalog that has coordinates, kota and kecamatan named."""
        self._clear()
        self._map = None
        points, labels = overview(self._cameras.cameras())
        for point in points:
            camera = self._cameras.camera(point.camera_id)
            self._add_mark(point.camera_id, camera.name if camera else point.camera_id,
                           None, QPointF(point.x, point.y))
        kotas = [label for label in labels if label.outline]
        for number, label in enumerate(kotas):
            self._add_outline(label.outline, OUTLINE_HUES[number % len(OUTLINE_HUES)])
        for label in labels:
            # Centred on its cameras' middle, in screen pixels whatever the zoom.
            anchor = QGraphicsPathItem()
            anchor.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            anchor.setPos(label.x, label.y)
            anchor.setZValue(1 if label.level == 0 else 0)
            text = QGraphicsSimpleTextItem(label.text, anchor)
            font = QFont(text.font())
            font.setPointSizeF(13 if label.level == 0 else 8.5)
            font.setBold(label.level == 0)
            text.setFont(font)
            text.setBrush(QColor("#e0e0e0") if label.level == 0 else QColor("#8a9096"))
            box = text.boundingRect()
            # A kota above its middle, a kecamatan below: neither hides a lone camera.
            text.setPos(-box.width() / 2,
                        -box.height() - 8 if label.level == 0 else 6)
            self._scene.addItem(anchor)
            self._labels.append((label.level, text))
        self._refresh()
        self._fit()

    def show_map(self, info: MapInfo, image: bytes | None) -> None:
        """A map picture with its cameras; the picture may follow (set_image)."""
        self._clear()
        self._map = info
        self._picture = self._scene.addPixmap(QPixmap())
        self._picture.setZValue(-1)
        self._picture.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        for placement in info.placements:
            camera = self._cameras.camera(placement.camera_id)
            if camera is None:
                continue  # not in this user's catalog (the server filters too)
            self._add_mark(placement.camera_id, camera.name, placement,
                           QPointF(placement.x * info.width, placement.y * info.height))
        if image is not None:
            self.set_image(image)
        self._refresh()
        self._fit()

    def show_nothing(self) -> None:
        self._clear()
        self._map = None

    def set_image(self, image: bytes) -> None:
        if self._picture is None or self._map is None:
            return
        pixmap = QPixmap()
        pixmap.loadFromData(image)
        if not pixmap.isNull() and pixmap.width() != self._map.width:
            pixmap = pixmap.scaled(self._map.width, self._map.height)
        self._picture.setPixmap(pixmap)

    def select_camera(self, camera_id: str | None) -> None:
        if camera_id is not None and camera_id not in self._marks:
            camera_id = None
        if camera_id != self._selected:
            self._selected = camera_id
            self._refresh()

    def map_point(self, camera_id: str) -> QPoint:
        """Where a camera's dot is, in viewport pixels (for a click or a drag)."""
        return self.mapFromScene(self._marks[camera_id].pos())

    def drag_data(self, camera_id: str) -> QMimeData:
        data = QMimeData()
        data.setData(CAMERA_IDS_MIME, encode_camera_ids([camera_id]))
        camera = self._cameras.camera(camera_id)
        data.setText(camera.name if camera else camera_id)
        return data

    # -- building ----------------------------------------------------------------------------

    def _clear(self) -> None:
        self._scene.clear()
        self._marks.clear()
        self._labels.clear()
        self._picture = None
        self._zoomed = False
        self._press = None

    def _add_outline(self, outline: tuple[tuple[float, float], ...], hue: int) -> None:
        path = QPainterPath()
        if len(outline) >= 3:
            path.addPolygon(QPolygonF([QPointF(x, y) for x, y in outline]))
            path.closeSubpath()
        else:
            path.moveTo(*outline[0])
            path.lineTo(*outline[-1])
        fill = QColor.fromHsv(hue, 80, 58)  # opaque: pen and fill must not add up
        # A cosmetic pen as wide as twice the padding, in the fill's colour: the outline
        # keeps clear of its outermost cameras at any zoom.
        pen = QPen(fill, 2 * OUTLINE_PAD)
        pen.setCosmetic(True)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        item = self._scene.addPath(path, pen, QBrush(fill))
        item.setZValue(-1)

    def _add_mark(self, camera_id: str, name: str, placement: Placement | None,
                  at: QPointF) -> None:
        mark = CameraMark(camera_id, name, placement)
        mark.setPos(at)
        self._scene.addItem(mark)
        self._marks[camera_id] = mark

    def _refresh(self) -> None:
        names = self._map is not None and len(self._marks) <= MAX_NAMES
        for camera_id, mark in self._marks.items():
            mark.set_state(self._states.look(camera_id), camera_id == self._selected, names)

    def _fit(self) -> None:
        if self._map is not None:
            self._fit_area = (QRectF(0, 0, self._map.width, self._map.height), 0)
        else:
            xs = [mark.pos().x() for mark in self._marks.values()] or [0.0]
            ys = [mark.pos().y() for mark in self._marks.values()] or [0.0]
            # Points a few metres apart still fill the view; a lone camera gets a city.
            centre = QPointF((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
            width = max(max(xs) - min(xs), 1500.0)
            height = max(max(ys) - min(ys), 1500.0)
            box = QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)
            self._fit_area = (box, OVERVIEW_MARGIN)
        self._apply_fit()

    def _apply_fit(self) -> None:
        """The map's area as large as the view allows, with its margin in pixels; the
        scene as large as the view, so the area sits in its middle."""
        area, margin = self._fit_area
        port = self.viewport().rect()
        margin = min(margin, 0.15 * min(port.width(), port.height()))  # a small tile
        scale = min(max(port.width() - 2 * margin, 20) / max(area.width(), 1e-6),
                    max(port.height() - 2 * margin, 20) / max(area.height(), 1e-6))
        self.setTransform(QTransform.fromScale(scale, scale))
        half_w, half_h = port.width() / scale / 2, port.height() / scale / 2
        centre = area.center()
        self._scene.setSceneRect(QRectF(centre.x() - half_w, centre.y() - half_h,
                                        2 * half_w, 2 * half_h).united(area))
        self.centerOn(centre)
        self._fit_scale = scale
        self._show_detail()

    def _show_detail(self) -> None:
        details = [text for level, text in self._labels if level > 0]
        zoomed = self.transform().m11() >= DETAIL_ZOOM * self._fit_scale
        for text in details:
            text.setVisible(len(details) <= MAX_DETAIL_LABELS or zoomed)

    @Slot()
    def _on_states_changed(self) -> None:
        self._refresh()

    # -- input -------------------------------------------------------------------------------

    def _mark_at(self, pos: QPoint) -> str | None:
        for item in self.items(pos):
            if isinstance(item, CameraMark):
                return item.camera_id
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        camera_id = self._mark_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and camera_id is not None:
            self._press = (event.position().toPoint(), camera_id)
            event.accept()
            return
        self._press = None
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            start, camera_id = self._press
            far = (event.position().toPoint() - start).manhattanLength()
            if self.editable and self._map is not None:
                if far >= QApplication.startDragDistance() or self._moving:
                    self._moving = camera_id
                    self._marks[camera_id].setPos(self._clamped(event.position().toPoint()))
                return
            if far >= QApplication.startDragDistance():
                self._press = None
                drag = QDrag(self)
                drag.setMimeData(self.drag_data(camera_id))
                drag.exec(Qt.DropAction.CopyAction)
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.button() == Qt.MouseButton.LeftButton:
            _start, camera_id = self._press
            self._press = None
            if self._moving is not None:
                self._moving = None
                x, y = self._fractions(self._marks[camera_id].pos())
                self.camera_moved.emit(camera_id, x, y)
            self.select_camera(camera_id)
            self.camera_clicked.emit(camera_id)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        camera_id = self._mark_at(event.position().toPoint())
        if camera_id is not None:
            self.camera_activated.emit(camera_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self._zoomed = True
            self.scale(ZOOM_STEP ** steps, ZOOM_STEP ** steps)
            self._show_detail()
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._zoomed:
            self._apply_fit()

    # -- editable: cameras dropped on the picture ---------------------------------------------

    def _clamped(self, pos: QPoint) -> QPointF:
        at = self.mapToScene(pos)
        rect = self._fit_area[0]  # the picture
        return QPointF(min(max(at.x(), rect.left()), rect.right()),
                       min(max(at.y(), rect.top()), rect.bottom()))

    def _fractions(self, at: QPointF) -> tuple[float, float]:
        info = self._map
        return (min(max(at.x() / info.width, 0.0), 1.0),
                min(max(at.y() / info.height, 0.0), 1.0))

    def _wants(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        return (self.editable and self._map is not None
                and event.mimeData().hasFormat(CAMERA_IDS_MIME))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._wants(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._wants(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._wants(event):
            event.ignore()
            return
        ids = decode_camera_ids(event.mimeData().data(CAMERA_IDS_MIME).data())
        x, y = self._fractions(self._clamped(event.position().toPoint()))
        for camera_id in ids[:1]:  # one camera per drop: each needs its own place
            self.camera_dropped.emit(camera_id, x, y)
        event.acceptProposedAction()

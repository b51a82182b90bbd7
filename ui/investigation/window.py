"""The investigation workspace (Milestone's Playback tab, as a window of its own, like the
wall windows): a wall of its own (1x1 to 4x4) on its own clock, its own transport bar
and timeline, opened on the live wall's cameras or on one bookmark's camera, while the
live wall goes on showing live video."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QToolBar, QVBoxLayout, QWidget

from app.actions import CONTEXT, LAYOUT_ACTIONS, SPECS, ActionId, ShortcutMap
from app.services.wall import WallService
from app.wall import Layout, WallModel
from ui.bookmarks.dialog import BookmarkDialog
from ui.evidence.export_dialog import ExportDialog
from ui.investigation.controller import LAYOUTS, InvestigationController
from ui.motion.binding import MotionSearchBinding
from ui.shell import geometry
from ui.shell.i18n import language_notifier
from ui.tile.services import TileServices
from ui.timeline.transport_bar import TransportBar
from ui.timeline.widget import TimelineWidget
from ui.views.layout_icon import layout_icon
from ui.wall.widget import WallWidget


class InvestigationWindow(QMainWindow):
    closed = Signal()

    def __init__(self, tiles: TileServices, shortcuts: ShortcutMap | None = None,
                 parent: QWidget | None = None, *, live_minutes: int = 5) -> None:
        super().__init__(parent)  # a QMainWindow is its own window; the parent owns it
        self.setObjectName("investigation-window")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._tiles = tiles
        self._shortcuts = shortcuts or ShortcutMap()
        self._live_minutes = live_minutes
        self.export_dialog: ExportDialog | None = None
        self.bookmark_dialog: BookmarkDialog | None = None
        self.wall = WallService(WallModel(layout=Layout.L1X1), self)
        self.wall_widget = WallWidget(self.wall, tiles, self)
        self.transport = TransportBar(self)
        self.transport.live_button.hide()  # nothing here is live: the live wall is
        self.timeline = TimelineWidget(self, thumbnails=tiles.thumbnails)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.wall_widget, 1)
        column.addWidget(self.transport)
        column.addWidget(self.timeline)
        self.setCentralWidget(central)
        self.controller = InvestigationController(self.wall, self.wall_widget, self.timeline,
                                                  self.transport, tiles, self)
        self.controller.export_requested.connect(self.open_export_dialog)
        self.controller.bookmark_requested.connect(self.open_bookmark_dialog)
        self.controller.message.connect(self._on_controller_message)
        self.motion_search = MotionSearchBinding(  # a rectangle drawn on a tile
            self, self.wall_widget, self.timeline, tiles, tiles.motion) \
            if tiles.motion is not None else None
        self.wall.layout_changed.connect(self._on_wall_layout_changed)
        self.actions_by_id: dict[ActionId, QAction] = {}
        self._build_actions()
        language_notifier().language_changed.connect(self._retranslate)
        self._retranslate()
        if not geometry.restore(self, "investigation"):
            self.resize(1280, 800)

    def action(self, action_id: ActionId) -> QAction:
        return self.actions_by_id[action_id]

    def apply_shortcuts(self) -> None:
        """The operator's keys (they may have changed them since this window opened)."""
        for action_id, action in self.actions_by_id.items():
            action.setShortcut(QKeySequence(self._shortcuts.shortcut(action_id)))

    def open_cameras(self, camera_ids: list[str | None], at: datetime) -> None:
        """Investigate these cameras from ``at``, and bring the window to the front."""
        self.apply_shortcuts()
        self.controller.open_cameras(camera_ids, at)
        self.show()
        self.raise_()
        self.activateWindow()

    def open_export_dialog(self, camera_id: str, start: datetime,
                           end: datetime) -> ExportDialog | None:
        exports = self._tiles.exports
        if exports is None:
            return None
        camera = self._tiles.cameras.camera(camera_id)
        dialog = ExportDialog(exports, camera_id, camera.name if camera else camera_id,
                              start, end, self, thumbnails=self._tiles.thumbnails)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_dialog = dialog
        dialog.show()
        return dialog

    def open_bookmark_dialog(self, camera_id: str, at: datetime) -> BookmarkDialog | None:
        bookmarks = self._tiles.bookmarks
        if bookmarks is None:
            return None
        camera = self._tiles.cameras.camera(camera_id)
        dialog = BookmarkDialog(bookmarks, camera_id, camera.name if camera else camera_id,
                                at, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.bookmark_dialog = dialog
        dialog.show()
        return dialog

    # -- actions ------------------------------------------------------------------------
    def _add(self, action_id: ActionId, slot) -> QAction:
        action = QAction(self)
        action.setObjectName(f"action-{action_id.value}")
        action.setShortcut(QKeySequence(self._shortcuts.shortcut(action_id)))
        action.triggered.connect(slot)
        self.addAction(action)  # its shortcut works wherever the focus is in the window
        self.actions_by_id[action_id] = action
        return action

    def _build_actions(self) -> None:
        toolbar = QToolBar(self)
        toolbar.setObjectName("investigation-toolbar")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        self._toolbar = toolbar
        group = QActionGroup(self)
        for layout in LAYOUTS:
            action = self._add(LAYOUT_ACTIONS[layout],
                               lambda _=False, lay=layout: self.wall.set_layout(lay))
            action.setObjectName(f"investigation-layout-{layout.value}")
            action.setText(layout.value)
            action.setIcon(layout_icon(layout))
            action.setCheckable(True)
            action.setChecked(layout is self.wall.layout)
            group.addAction(action)
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self._add(
            ActionId.EXPORT, lambda: self.controller.export(self._live_minutes)))
        bookmark = self._add(ActionId.ADD_BOOKMARK, self.controller.bookmark)
        bookmark.setEnabled(self._tiles.bookmarks is not None)
        toolbar.addAction(bookmark)
        # Said in the window itself: a full-screen or undecorated window shows no title.
        # Cut short rather than widen the window when it is narrow.
        self.banner = QLabel(self)
        self.banner.setObjectName("investigation-banner")
        self.banner.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.banner, 1)
        transport = self.transport
        for action_id, slot in ((ActionId.PLAY_PAUSE, transport.toggle_paused),
                                (ActionId.PLAY_FORWARD, transport.play_forward),
                                (ActionId.PLAY_BACKWARD, transport.play_backward),
                                (ActionId.FRAME_FORWARD, lambda: transport.step(1)),
                                (ActionId.FRAME_BACK, lambda: transport.step(-1)),
                                (ActionId.GO_TO_TIME, transport.focus_jump)):
            self._add(action_id, slot)

    # -- slots --------------------------------------------------------------------------
    @Slot(object)
    def _on_wall_layout_changed(self, layout) -> None:
        for action_id in (LAYOUT_ACTIONS[lay] for lay in LAYOUTS):
            action = self.actions_by_id[action_id]
            action.setChecked(action.text() == getattr(layout, "value", None))

    @Slot(str)
    def _on_controller_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    def _retranslate(self, *_args) -> None:
        self.setWindowTitle(self.tr("Pantau investigation: playback apart from the live wall"))
        self._toolbar.setWindowTitle(self.tr("Investigation"))
        self.banner.setText(self.tr("Investigation: recordings on a clock of their own; "
                                    "the wall stays live"))
        self.actions_by_id[ActionId.EXPORT].setText(self.tr("Export…"))
        self.actions_by_id[ActionId.ADD_BOOKMARK].setText(self.tr("Bookmark…"))
        for action_id, action in self.actions_by_id.items():
            if action_id not in (ActionId.EXPORT, ActionId.ADD_BOOKMARK) \
                    and action_id not in LAYOUT_ACTIONS.values():
                action.setText(QCoreApplication.translate(CONTEXT, SPECS[action_id].description))
        export = self.actions_by_id[ActionId.EXPORT]
        key = export.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        export.setToolTip(self.tr("Export the selected tile's camera: the timeline's "
                                  "selection, else around the playhead ({0})").format(key))

    def closeEvent(self, event: QCloseEvent) -> None:
        geometry.save(self, "investigation")
        self.wall_widget.shutdown()
        self.closed.emit()
        super().closeEvent(event)

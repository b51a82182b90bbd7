"""Privacy masks: rectangles dragged on the editor are kept as fractions of the picture,
Del and "Clear all" remove them; against the real server, a supervisor's export with one
mask over the top-left quarter comes back re-encoded, its manifest says so and that
quarter of the downloaded video is black while the rest is not."""

from __future__ import annotations

from datetime import timedelta

import av
import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from app.masks import Mask
from app.services.exports import ExportService
from app.services.thumbnails import ThumbnailService
from tests.server.conftest import FLEET, FOOTAGE_T0
from tests.support.client_session import footage, logged_in
from tests.support.live_app import serve_app
from ui.evidence.export_dialog import ExportDialog
from ui.evidence.mask_editor import MaskEditorDialog, MaskEditorWidget


def _drag(qtbot, widget, a: QPoint, b: QPoint) -> None:
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(widget, b)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=b)


def _close(mask: Mask, x: float, y: float, w: float, h: float) -> bool:
    return all(abs(got - want) < 0.01 for got, want in
               ((mask.x, x), (mask.y, y), (mask.w, w), (mask.h, h)))


@pytest.fixture
def editor(qtbot):
    widget = MaskEditorWidget()
    qtbot.addWidget(widget)
    widget.resize(640, 360)  # 16:9 like the grey stand-in: the picture fills it
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_drag_is_kept_as_fractions_of_the_picture(qtbot, editor):
    _drag(qtbot, editor, QPoint(480, 270), QPoint(160, 90))  # dragged up-left
    assert len(editor.masks) == 1
    assert _close(editor.masks[0], 0.25, 0.25, 0.5, 0.5)
    # A 4:3 picture in the 16:9 widget is drawn 480 wide, 80 px in from each side.
    picture = QImage(400, 300, QImage.Format.Format_RGB32)
    picture.fill(QColor("#2f9e44"))
    editor.set_picture(picture)
    _drag(qtbot, editor, QPoint(80, 0), QPoint(320, 180))
    assert _close(editor.masks[1], 0.0, 0.0, 0.5, 0.5)
    # Past the picture's edge is clamped to it; a click without a drag draws nothing.
    _drag(qtbot, editor, QPoint(500, 300), QPoint(639, 359))
    assert _close(editor.masks[2], 0.875, 0.833, 0.125, 0.167)
    qtbot.mouseClick(editor, Qt.MouseButton.LeftButton, pos=QPoint(300, 20))
    assert len(editor.masks) == 3


def test_del_removes_the_selected_mask_and_clear_all_the_rest(qtbot):
    dialog = MaskEditorDialog(None, "cam001", FOOTAGE_T0)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    editor = dialog.editor
    assert "grey area" in editor.message
    rect = editor.picture_rect()

    def at(fx, fy):
        return QPoint(round(rect.left() + fx * rect.width()),
                      round(rect.top() + fy * rect.height()))

    _drag(qtbot, editor, at(0.1, 0.1), at(0.3, 0.3))
    _drag(qtbot, editor, at(0.6, 0.6), at(0.9, 0.9))
    _drag(qtbot, editor, at(0.6, 0.1), at(0.9, 0.3))
    assert dialog.count_label.text() == "3 masks"
    qtbot.mouseClick(editor, Qt.MouseButton.LeftButton, pos=at(0.75, 0.75))
    assert editor.selected == 1
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    assert len(dialog.masks) == 2 and all(m.x < 0.7 or m.y < 0.5 for m in dialog.masks)
    assert dialog.count_label.text() == "2 masks"
    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    assert dialog.masks == () and dialog.count_label.text() == "No privacy masks"


# -- against the real server ---------------------------------------------------------------
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("mask-ui") / "data"
    with serve_app(data, FLEET, prepare=footage(data, 8)) as (url, _app):
        yield url


def _export_dialog(qtbot, runner, server, tmp_path, user):
    session = logged_in(qtbot, runner, server, user)
    exports = ExportService(session, runner, export_dir=lambda: tmp_path / "out", poll_ms=100)
    dialog = ExportDialog(exports, "cam001", "Taman Tebet Eco Park",
                          FOOTAGE_T0 + timedelta(seconds=2), FOOTAGE_T0 + timedelta(seconds=5),
                          thumbnails=ThumbnailService(session, runner))
    qtbot.addWidget(dialog)
    return dialog


def test_police_may_export_but_draws_no_masks(qtbot, runner, server, tmp_path):
    dialog = _export_dialog(qtbot, runner, server, tmp_path, "police")
    dialog.show()
    assert not dialog.masks_offered and not dialog.masks_button.isVisible()


def test_a_masked_export_is_black_there_and_says_so(qtbot, runner, server, tmp_path):
    dialog = _export_dialog(qtbot, runner, server, tmp_path, "supervisor")
    dialog.show()
    assert dialog.masks_button.isVisible()
    assert dialog.masks_label.text() == "No privacy masks"
    qtbot.mouseClick(dialog.masks_button, Qt.MouseButton.LeftButton)
    editor_dialog = dialog.mask_dialog
    editor = editor_dialog.editor
    qtbot.waitUntil(lambda: editor.picture is not None, timeout=10_000)  # the camera's picture
    assert editor.picture.width() * 9 == editor.picture.height() * 16  # the camera's 16:9
    rect = editor.picture_rect()
    _drag(qtbot, editor, rect.topLeft().toPoint(),
          QPoint(round(rect.left() + rect.width() / 2), round(rect.top() + rect.height() / 2)))
    assert len(editor.masks) == 1 and _close(editor.masks[0], 0, 0, 0.5, 0.5)
    editor_dialog.grab().save(str(tmp_path / "mask-editor.png"))
    editor_dialog.accept()
    assert dialog.masks_label.text() == "1 mask"

    dialog.reason_edit.setPlainText("Untuk media: wajah saksi disamarkan")
    dialog.case_edit.setText("LP/7/XI/2026")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=60_000)
    assert dialog.result.ok
    manifest = dialog.result.manifest
    assert manifest["reencoded"] is True
    masks = [a for a in manifest["applied"] if a["kind"] == "mask"]
    assert len(masks) == 1 and _close(Mask(masks[0]["x"], masks[0]["y"], masks[0]["w"],
                                           masks[0]["h"]), 0, 0, 0.5, 0.5)
    assert "privacy masks blacked out: 1" in dialog.status_label.text()

    mp4 = next(dialog.folder.glob("*.mp4"))
    with av.open(str(mp4)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert frames
    for picture in frames[:: max(1, len(frames) // 5)]:
        h, w, _ = picture.shape
        masked = picture[: h // 2 - 4, : w // 2 - 4]
        rest = picture[h // 2 + 4 :, :]  # the lower half: never masked
        assert masked.max() < 24, "the masked quarter shows something"
        assert np.mean(rest[:, :, 1]) > 35, "the unmasked picture is dark too"

"""Faces blurred in the export dialog (issue 17), offscreen against a fake server: the
"Blur faces" tick alone sends blur_faces (the server finds them); "Find faces" scans the
range and the face editor lists the tracks; an unticked track goes as ``dropped``, a
drawn box as a supervisor's track over the whole range; a range past 15 minutes is said
plainly; the verified export's line says how many faces were pixelated."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QBuffer, QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from app.faces import FIRST_DRAWN_ID, PAD, BlurChoice
from app.services.exports import ExportService
from app.services.session import SessionService
from tests.app.face_fakes import T0, FakeFaceServer, FakeTransport, track_json, wire
from ui.evidence.export_dialog import ExportDialog

WAIT_MS = 5000
END = T0 + timedelta(seconds=6)


def picture_jpeg(second: int, width: int = 640, height: int = 360) -> bytes:
    """A street-grey picture with two pale ovals where the fake scan finds faces; the
    keyframe's second written in its corner (each keyframe's bytes differ)."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#5c677d"))
    painter = QPainter(image)
    for step in range(0, width, 24):
        painter.fillRect(step, int(height * 0.7), 12, int(height * 0.3), QColor("#adb5bd"))
    painter.setPen(QColor("#f8f9fa"))
    painter.drawText(8, 20, f"keyframe {second}")
    painter.setBrush(QColor("#f1c27d"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(int(0.45 * width), int(0.2 * height), int(0.1 * width),
                        int(0.13 * height))
    painter.drawEllipse(int(0.13 * width), int(0.2 * height), int(0.1 * width),
                        int(0.13 * height))
    painter.setBrush(QColor("#212529"))
    for x in (0.475, 0.515, 0.155, 0.195):
        painter.drawEllipse(int(x * width), int(0.25 * height), 6, 6)
    painter.end()
    buffer = QBuffer()
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPG")
    return bytes(buffer.data())


def _keyframes():
    pictures: dict[int, bytes] = {}
    return lambda second: pictures.setdefault(second, picture_jpeg(second))


def _near(at: datetime | None, seconds: float) -> bool:
    return at is not None and abs((at - T0).total_seconds() - seconds) < 0.002


@pytest.fixture
def server():
    return FakeFaceServer(polls=2)


def _dialog(qtbot, runner, server, end=END):
    session = SessionService(runner, api_factory=lambda url: FakeTransport(server, url))
    with qtbot.waitSignal(session.logged_in, timeout=WAIT_MS):
        session.login("http://fake", "supervisor1", "pw")
    exports = ExportService(session, runner, poll_ms=60_000)
    exports.face_scans._timer.setInterval(10)
    dialog = ExportDialog(exports, "cam001", "Taman Tebet", T0, end)
    qtbot.addWidget(dialog)
    dialog.reason_edit.setPlainText("Pencurian helm")
    dialog.case_edit.setText("LP/5/XI/2026")
    return dialog


def _export(qtbot, dialog, server) -> dict:
    assert dialog.export_button.isEnabled(), dialog.problem_label.text()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(server.exports), timeout=WAIT_MS)
    return server.exports[0]


def _find_faces(qtbot, dialog):
    panel = dialog.faces
    panel.blur_box.setChecked(True)
    assert panel.find_button.isVisibleTo(dialog) and not panel.review_button.isEnabled()
    qtbot.mouseClick(panel.find_button, Qt.MouseButton.LeftButton)
    assert not dialog.export_button.isEnabled()  # wait for the faces
    assert "found" in dialog.problem_label.text()
    qtbot.waitUntil(lambda: panel.review.scanned, timeout=WAIT_MS)
    assert panel.review_button.isEnabled()
    assert panel.status_label.text().startswith(f"{len(panel.review.tracks)} face track(s) found")
    qtbot.mouseClick(panel.review_button, Qt.MouseButton.LeftButton)
    editor = panel.editor
    assert editor is not None and editor.isVisible()
    return editor


def test_the_tick_alone_lets_the_server_find_the_faces(qtbot, runner, server):
    dialog = _dialog(qtbot, runner, server)
    dialog.show()
    assert not dialog.faces.blur_box.isChecked()
    assert not dialog.faces.find_button.isVisible()  # shown once Blur faces is ticked
    assert dialog.faces.choice() is BlurChoice.NONE
    dialog.faces.blur_box.setChecked(True)
    assert dialog.faces.choice() is BlurChoice.SERVER_FINDS
    assert "finds the faces itself" in dialog.faces.status_label.text()
    body = _export(qtbot, dialog, server)
    assert body["blur_faces"] is True and "faces" not in body, body
    assert not dialog.faces.blur_box.isEnabled()
    assert server.calls[0] == ("POST", "/exports")  # no scan was asked for


def test_without_the_tick_nothing_about_faces_is_sent(qtbot, runner, server):
    dialog = _dialog(qtbot, runner, server)
    body = _export(qtbot, dialog, server)
    assert "blur_faces" not in body and "faces" not in body


def test_the_tracks_are_listed_an_unticked_one_is_dropped_a_drawn_box_is_sent(
        qtbot, runner, server, tmp_path):
    server.keyframe = _keyframes()
    dialog = _dialog(qtbot, runner, server)
    dialog.show()
    editor = _find_faces(qtbot, dialog)
    rows = [[editor.tracks_list.topLevelItem(i).text(c) for c in range(4)]
            for i in range(editor.tracks_list.topLevelItemCount())]
    # each track when it is seen (WIB), and for how long: its looks ± 0.3 s
    assert rows == [["", "#1", "10:00:00.7 – 10:00:03.3", "2.6 s"],
                    ["", "#2", "10:00:01.7 – 10:00:05.3", "3.6 s"]]
    # the first track is shown on the last keyframe before its end (3.3 s: the one at
    # 3 s, found as the picture that changes between 2.95 and 3.0 s) with its padded box
    qtbot.waitUntil(lambda: editor.editor.picture is not None, timeout=WAIT_MS)
    assert _near(editor.editor.at, 2.975)
    shown = editor.editor.boxes_shown()
    assert [(i, blurred) for i, _, blurred in shown] == [(1, True), (2, True)]
    assert shown[0][1].w == pytest.approx(0.1 * (1 + 2 * PAD))
    assert "10:00:02.975" in editor.when_label.text()
    assert "face #1's box" in editor.when_label.text()
    # the second is no face: unticked, and shown on its own keyframe
    second = editor.track_item(2)
    editor.tracks_list.setCurrentItem(second)
    qtbot.waitUntil(lambda: _near(editor.editor.at, 4.975),
                    timeout=WAIT_MS)
    second.setCheckState(0, Qt.CheckState.Unchecked)
    assert [(i, b) for i, _, b in editor.editor.boxes_shown()] == [(2, False)]
    # a box drawn over the bottom-right quarter of the picture
    canvas = editor.editor
    rect = canvas.picture_rect()
    a = QPoint(int(rect.left() + rect.width() * 0.5), int(rect.top() + rect.height() * 0.5))
    b = QPoint(int(rect.right()) - 1, int(rect.bottom()) - 1)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(canvas, b)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=b)
    assert len(editor.review.drawn) == 1
    assert editor.count_label.text().startswith("1 of 2 faces blurred, 1 dropped")
    editor.preview_box.setChecked(True)  # the faces as the export will show them
    assert editor.editor.preview_blur
    editor.grab().save(str(tmp_path / "face-editor.png"))
    editor.accept()
    assert "1 blurred, 1 dropped as no face; 1 box(es) drawn" in \
        dialog.faces.status_label.text()

    body = _export(qtbot, dialog, server)
    faces = body["faces"]
    assert body["blur_faces"] is True
    assert faces["dropped"] == [2]
    assert [t["id"] for t in faces["tracks"]] == [1, FIRST_DRAWN_ID]
    assert faces["detector"].startswith("CenterFace")
    kept, drawn = faces["tracks"]
    assert kept["source"] == "detector" and len(kept["points"]) == 11
    assert drawn["source"] == "supervisor"
    assert [p["at"] for p in drawn["points"]] == [wire(T0), wire(END)]
    # sent so that the server's padding makes it the box drawn
    point = drawn["points"][0]
    assert point["x"] - point["w"] * PAD == pytest.approx(0.5, abs=0.01)
    assert point["w"] * (1 + 2 * PAD) == pytest.approx(0.5, abs=0.01)


def test_a_short_track_between_keyframes_is_drawn_dotted_and_said(qtbot, runner):
    # seen from 2.4 to 2.6 s: 2.1 to 2.9 s with the server's reach; the keyframe is at 2 s
    server = FakeFaceServer(tracks=[track_json(7, 2.4, 2.6)])
    server.keyframe = _keyframes()
    dialog = _dialog(qtbot, runner, server)
    editor = _find_faces(qtbot, dialog)
    qtbot.waitUntil(lambda: editor.editor.picture is not None, timeout=WAIT_MS)
    assert _near(editor.editor.at, 1.975)
    assert editor.editor.boxes_shown() == []
    assert editor.editor.current_elsewhere() is not None
    assert editor.when_label.text() == (
        "The nearest picture (2026-11-22 10:00:01.975 WIB) is 0.1 s before face #7 is "
        "seen: its first box is dotted.")


def test_a_cancelled_review_changes_nothing(qtbot, runner, server):
    dialog = _dialog(qtbot, runner, server)
    editor = _find_faces(qtbot, dialog)
    editor.track_item(1).setCheckState(0, Qt.CheckState.Unchecked)
    editor.reject()
    body = _export(qtbot, dialog, server)
    assert body["faces"]["dropped"] == [] and len(body["faces"]["tracks"]) == 2


def test_a_range_past_15_minutes_is_said_plainly(qtbot, runner, server):
    dialog = _dialog(qtbot, runner, server, end=T0 + timedelta(minutes=20))
    dialog.show()
    dialog.faces.blur_box.setChecked(True)
    assert not dialog.faces.find_button.isEnabled()
    assert "at most 15 minutes" in dialog.faces.status_label.text()
    assert "20 minutes" in dialog.faces.status_label.text()
    assert not dialog.export_button.isEnabled()
    assert "15 minutes" in dialog.problem_label.text()
    dialog.faces.blur_box.setChecked(False)
    assert dialog.export_button.isEnabled()


def test_a_changed_range_asks_for_the_faces_again(qtbot, runner, server):
    dialog = _dialog(qtbot, runner, server)
    editor = _find_faces(qtbot, dialog)
    editor.accept()
    assert dialog.export_button.isEnabled()
    dialog.end_edit.setText("2026-11-22 10:00:08")
    assert not dialog.export_button.isEnabled()
    assert "find them again" in dialog.problem_label.text()
    assert dialog.faces.find_button.text() == "Find faces again"
    qtbot.mouseClick(dialog.faces.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=WAIT_MS)
    body = _export(qtbot, dialog, server)
    assert body["end"] == "2026-11-22T03:00:08Z"


def test_a_failed_scan_is_said(qtbot, runner, server):
    server.fail_with = "nothing of the camera is recorded then"
    dialog = _dialog(qtbot, runner, server)
    dialog.faces.blur_box.setChecked(True)
    qtbot.mouseClick(dialog.faces.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.faces.scanning, timeout=WAIT_MS)
    assert dialog.faces.status_label.text() == (
        "Finding faces failed: nothing of the camera is recorded then")
    assert dialog.export_button.isEnabled()  # the server may still find them itself


def test_police_may_blur_but_not_review(qtbot, runner):
    server = FakeFaceServer(roles=("police",))
    dialog = _dialog(qtbot, runner, server)
    dialog.show()
    dialog.faces.blur_box.setChecked(True)
    assert not dialog.faces.find_button.isVisible()
    assert dialog.faces.status_label.text() == (
        "The server finds the faces itself as it cuts the export.")


def test_the_verified_line_says_faces_were_pixelated(qtbot, runner, server):
    dialog = _dialog(qtbot, runner, server)
    manifest = {"reencoded": True, "applied": [
        {"kind": "mask"},
        {"kind": "face_blur", "tracks": [{"id": 1}, {"id": 100000}],
         "dropped_by_supervisor": [2], "frames": [[0, 9], [20, 24]]}]}
    text = dialog._treatment_text(manifest)
    assert "privacy masks blacked out: 1" in text
    assert "faces pixelated: 2 track(s) in 15 picture(s), 1 dropped as no face" in text


def test_closing_the_dialog_stops_following_the_scan(qtbot, runner):
    server = FakeFaceServer(polls=50)
    dialog = _dialog(qtbot, runner, server)
    dialog.faces.blur_box.setChecked(True)
    qtbot.mouseClick(dialog.faces.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(server.calls) >= 2, timeout=WAIT_MS)
    dialog.reject()
    assert not dialog.faces.scanning and not dialog._exports.face_scans.busy
    polled = len(server.calls)
    qtbot.wait(100)
    assert len(server.calls) <= polled + 1  # at most the poll already on its way

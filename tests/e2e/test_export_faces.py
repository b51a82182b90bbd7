"""Faces blurred from the export dialog, end to end (issue 17): camsim's staged camera
shows a real face crossing the scene, the server records it; a supervisor ticks "Blur
faces", finds the faces (a real scan on the server), sees the tracks on the face editor
over the camera's picture, draws one box more and exports; the verified export's
manifest lists the detector's tracks and the supervisor's box, and the dialog says the
faces were pixelated.

PANTAU_FACES_SHOTS=<folder> keeps screenshots of the dialogs (and of the whole screen)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from app.services.exports import ExportService
from app.services.thumbnails import ThumbnailService
from server.clock import parse_wire, to_wire
from tests.support.camsim_fleet import run_camsim
from tests.support.client_session import logged_in
from tests.support.net import http_json
from tests.support.server_proc import run_server
from ui.evidence.export_dialog import ExportDialog

CROSS_S = 6.0


def _shot(widget, name: str, display: str) -> None:
    folder = os.environ.get("PANTAU_FACES_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(Path(folder) / f"{name}.png"))
    if shutil.which("import"):
        subprocess.run(["import", "-display", display, "-window", "root",
                        str(Path(folder) / f"{name}_screen.png")], check=False, timeout=30)


def _recorded_face(tmp_path, fleet, srv):
    """Stage the face, wait until its seconds are recorded; the range it crossed in."""
    token = srv.token("supervisor")
    deadline = time.monotonic() + 60
    while fleet.sessions("stg001")["main"]["active"] < 1:
        assert time.monotonic() < deadline
        time.sleep(0.5)
    time.sleep(3)
    began = parse_wire(fleet.stage("stg001", {"act": "face", "seconds": CROSS_S})["began"])
    time.sleep(CROSS_S + 1)
    fleet.stage("stg001", {"act": "calm"})
    start, end = began + timedelta(seconds=0.5), began + timedelta(seconds=CROSS_S - 0.5)
    deadline = time.monotonic() + 30
    while True:
        _, spans = http_json("GET", srv.api + "/cameras/stg001/recordings?start="
                             + to_wire(start) + "&end=" + to_wire(end), token=token)
        if spans["spans"] and parse_wire(spans["spans"][-1]["end"]) >= end:
            return start.replace(microsecond=0) + timedelta(seconds=1), \
                end.replace(microsecond=0)
        assert time.monotonic() < deadline, spans
        time.sleep(0.5)


@pytest.mark.slow
def test_a_supervisor_reviews_the_faces_and_the_export_blurs_them(qtbot, runner, tmp_path,
                                                                  display):
    with run_camsim(tmp_path, cameras=1, ptz=0, staged=1) as fleet, \
            run_server(tmp_path, camsim_url=fleet.control_url, segment_seconds=4) as srv:
        start, end = _recorded_face(tmp_path, fleet, srv)
        session = logged_in(qtbot, runner, srv.url, "supervisor")
        exports = ExportService(session, runner, export_dir=lambda: tmp_path / "out",
                                poll_ms=250)
        thumbnails = ThumbnailService(session, runner)
        dialog = ExportDialog(exports, "stg001", "Kamera panggung", start, end,
                              thumbnails=thumbnails)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.reason_edit.setPlainText("Laporan pencurian, untuk media")
        dialog.case_edit.setText("LP/123/XII/2026")
        panel = dialog.faces
        panel.blur_box.setChecked(True)
        qtbot.mouseClick(panel.find_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.progress.isVisible(), timeout=5_000)
        qtbot.waitUntil(lambda: not panel.scanning, timeout=180_000)
        assert panel.review.scanned, panel.status_label.text()
        assert panel.review.tracks, "the staged face was not found"
        _shot(dialog, "faces_export_dialog", display)

        qtbot.mouseClick(panel.review_button, Qt.MouseButton.LeftButton)
        editor = panel.editor
        assert editor.tracks_list.topLevelItemCount() == len(panel.review.tracks)
        qtbot.waitUntil(lambda: editor.editor.picture is not None, timeout=20_000)
        # A track shorter than the keyframes' spacing may have no picture of its own: its
        # box is dotted on the keyframe before. The face crosses for seconds: some track
        # holds a keyframe, and its box is drawn on the face.
        for row in range(editor.tracks_list.topLevelItemCount()):
            editor.tracks_list.setCurrentItem(editor.tracks_list.topLevelItem(row))
            qtbot.waitUntil(lambda: editor._request is None, timeout=20_000)
            if editor.editor.boxes_shown():
                break
            if row == 0:
                _shot(editor, "faces_editor_between_keyframes", display)
        assert editor.editor.boxes_shown(), "no track's box on a keyframe"
        canvas = editor.editor
        rect = canvas.picture_rect()
        a = QPoint(int(rect.left() + rect.width() * 0.02), int(rect.top() + rect.height() * 0.8))
        b = QPoint(int(rect.left() + rect.width() * 0.14),
                   int(rect.top() + rect.height() * 0.96))
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=a)
        qtbot.mouseMove(canvas, b)
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=b)
        assert len(editor.review.drawn) == 1
        qtbot.wait(200)
        _shot(editor, "faces_editor", display)
        editor.accept()

        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result is not None, timeout=180_000)
        assert dialog.result.ok, dialog.status_label.text()
        applied = next(step for step in dialog.result.manifest["applied"]
                       if step["kind"] == "face_blur")
        assert {t["source"] for t in applied["tracks"]} == {"detector", "supervisor"}
        assert applied["frames"] and applied["detector"].startswith("CenterFace")
        assert "faces pixelated" in dialog.status_label.text()
        _shot(dialog, "faces_export_verified", display)

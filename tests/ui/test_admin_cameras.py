"""The Cameras administration page against a real server (started without camsim, so its
catalog starts empty) and a real camsim fleet with an account per camera: add by ONVIF
address (a wrong password first), add by RTSP URLs, a CSV import with a broken line and
a good one, edit, disable and remove; what the page shows, what the server then answers,
and no camera password in the client's log. Screenshots land in /tmp/shots/."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.api.admin import ProbeKind
from app.services.admin import AdminService
from app.services.cameras import CameraService
from app.tasks import TaskRunner
from tests.support.camsim_fleet import run_camsim
from tests.support.client_session import logged_in
from tests.support.net import free_port
from tests.support.server_proc import run_server
from ui.admin.camera_dialog import CameraDialog
from ui.admin.camera_texts import ERROR_BACKGROUND
from ui.admin.cameras_page import CamerasPage, Column
from ui.admin.import_dialog import ImportDialog
from ui.shell.i18n import install_language

pytestmark = pytest.mark.slow

SHOTS = Path("/tmp/shots")
WAIT_MS = 60_000  # a guard only: probes answer in well under a second on camsim
TEBET = "jakarta-selatan.tebet"
GAMBIR = "jakarta-pusat.gambir"


@pytest.fixture(scope="module")
def peers(tmp_path_factory):
    base = tmp_path_factory.mktemp("admin-cameras")
    with run_camsim(base, cameras=4, ptz=1, fps=10) as fleet, \
            run_server(base, demo=True, record=True) as srv:
        yield fleet, srv


@pytest.fixture
def page(qtbot, peers, caplog):
    _fleet, srv = peers
    caplog.set_level(logging.DEBUG)  # everything the client logs, to scan for passwords
    runner = TaskRunner()
    session = logged_in(qtbot, runner, srv.url, "admin")
    catalog = CameraService(session, runner)
    with qtbot.waitSignal(catalog.catalog_changed, timeout=WAIT_MS):
        catalog.load()
    admin = AdminService(session, runner)
    widget = CamerasPage(admin, catalog)
    qtbot.addWidget(widget)
    widget.resize(1280, 560)
    with qtbot.waitSignal(admin.cameras_changed, timeout=WAIT_MS):
        widget.show()  # the page loads the list when it is shown
    yield widget
    if widget.dialog is not None:
        widget.dialog.reject()
    runner.shutdown()


def _shot(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    assert widget.grab().save(str(SHOTS / name))


def _listed(srv, path: str) -> list[str]:
    status, body = srv.get(path, srv.login("admin"))
    assert status == 200, body
    return [c["id"] for c in body]


def _not_one_colour(image: QImage) -> bool:
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    return len(colours) > 8


def _open_add(qtbot, page: CamerasPage) -> CameraDialog:
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, CameraDialog) and dialog.isVisible()
    return dialog


def _probe(qtbot, dialog: CameraDialog) -> None:
    assert dialog.probe_button.isEnabled(), dialog.problem_label.text()
    qtbot.mouseClick(dialog.probe_button, Qt.MouseButton.LeftButton)
    assert dialog.busy_bar.isVisible() and not dialog.probe_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.state().probing, timeout=WAIT_MS)


def _streams_shown(dialog: CameraDialog) -> list[list[str]]:
    table = dialog.streams_table
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def _place(dialog: CameraDialog, camera_id: str, name: str, area_id: str) -> None:
    dialog.id_edit.setText(camera_id)
    dialog.name_edit.setText(name)
    assert dialog.area_picker.select(area_id)


def test_add_by_onvif_address_wrong_password_then_right(qtbot, peers, page, caplog):
    fleet, srv = peers
    user, password = fleet.credentials("cam004")
    dialog = _open_add(qtbot, page)
    assert dialog.source_tabs.currentIndex() == 0  # by ONVIF address
    assert not dialog.save_button.isEnabled() and not dialog.probe_button.isEnabled()
    dialog.address_edit.setText(fleet.onvif_url("cam004"))
    dialog.username_edit.setText(user)
    dialog.password_edit.setText("salah-sandi-123")
    _probe(qtbot, dialog)
    assert "refused the user name or password" in dialog.probe_label.text()
    assert dialog.streams_table.rowCount() == 0 and not dialog.save_button.isEnabled()
    assert "cam004" not in _listed(srv, "/admin/cameras")  # nothing saved

    dialog.password_edit.setText(password)
    _probe(qtbot, dialog)
    assert dialog.probe_label.text() == ""
    assert "PTZ: no" in dialog.device_label.text()
    rows = _streams_shown(dialog)
    assert [r[0] for r in rows] == ["main", "sub", "third"]
    assert rows[0][1:3] == ["H.265", "1920x1080"], rows
    assert rows[2][1:3] == ["H.264", "320x180"], rows
    # the main stream's picture is fetched at once; then the third one's on a click
    qtbot.waitUntil(lambda: not dialog.preview_pixmap().isNull(), timeout=WAIT_MS)
    assert _not_one_colour(dialog.preview_pixmap().toImage())
    assert dialog.name_edit.text() == "Pantau camsim fixed H.265 3-stream"  # from the probe
    _place(dialog, "cam004", "Taman Tebet Eco Park", TEBET)
    dialog.tags_edit.setText("taman, banjir")
    dialog.lat_edit.setText("-6.2369")
    dialog.lon_edit.setText("106.8565")
    assert dialog.save_button.isEnabled(), dialog.problem_label.text()
    _shot(dialog, "camera_dialog_onvif_probe.png")

    # another password after the probe: Save waits for a probe of that account
    dialog.password_edit.setText(password + "x")
    assert not dialog.save_button.isEnabled()
    assert "Probe" in dialog.problem_label.text()
    dialog.password_edit.setText(password)
    _probe(qtbot, dialog)
    with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is not None and dialog.saved.has_credentials
    qtbot.waitUntil(lambda: bool(page.row_texts("cam004")), timeout=WAIT_MS)
    texts = page.row_texts("cam004")
    assert texts[Column.NAME] == "Taman Tebet Eco Park"
    assert texts[Column.AREA] == "Jakarta Selatan / Tebet"
    assert texts[Column.STREAMS].startswith("H.265 1920x1080 · H.264")
    assert texts[Column.RECORD] == "on"
    assert "cam004" in _listed(srv, "/cameras")  # the operators' catalog has it
    assert password not in caplog.text and "salah-sandi-123" not in caplog.text


def test_add_by_rtsp_urls(qtbot, peers, page, caplog):
    fleet, srv = peers
    user, password = fleet.credentials("cam002")
    dialog = _open_add(qtbot, page)
    dialog.source_tabs.setCurrentIndex(1)
    dialog.url_edits[0].setText(fleet.rtsp_url("cam002", "main", with_credentials=False))
    dialog.url_edits[1].setText(fleet.rtsp_url("cam002", "sub", with_credentials=False))
    dialog.username_edit.setText(user)
    dialog.password_edit.setText(password)
    assert dialog.state().source.kind is ProbeKind.RTSP
    _probe(qtbot, dialog)
    assert dialog.probe_label.text() == "", dialog.probe_label.text()
    rows = _streams_shown(dialog)
    assert [r[0] for r in rows] == ["main", "sub"]
    assert rows[0][1] == "H.264" and rows[1][2] == "640x360", rows
    qtbot.waitUntil(lambda: not dialog.preview_pixmap().isNull(), timeout=WAIT_MS)
    dialog.streams_table.selectRow(1)  # the sub stream's picture instead
    qtbot.waitUntil(lambda: "sub stream," in dialog.preview_status.text(), timeout=WAIT_MS)
    assert _not_one_colour(dialog.preview_pixmap().toImage())
    _place(dialog, "cam002", "Stasiun Gambir", GAMBIR)
    with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.row_texts("cam002")), timeout=WAIT_MS)
    assert page.row_texts("cam002")[Column.STREAMS] == "H.264 1920x1080 · H.264 640x360"
    assert "cam002" in _listed(srv, "/cameras")
    assert password not in caplog.text


def test_each_probe_failure_has_its_own_message(qtbot, peers, page):
    fleet, srv = peers
    user, password = fleet.credentials("cam001")
    dialog = _open_add(qtbot, page)
    dialog.username_edit.setText(user)
    dialog.password_edit.setText(password)
    dialog.address_edit.setText(f"127.0.0.1:{free_port()}")
    _probe(qtbot, dialog)
    assert "Nothing accepts connections" in dialog.probe_label.text()
    dialog.address_edit.setText(fleet.control_url + "/cameras")  # JSON, not SOAP
    _probe(qtbot, dialog)
    assert "not as an ONVIF camera" in dialog.probe_label.text()
    dialog.source_tabs.setCurrentIndex(1)
    dialog.url_edits[0].setText(f"rtsp://127.0.0.1:{fleet.rtsp_port}/cam001/nothing")
    _probe(qtbot, dialog)
    assert "no picture could be read" in dialog.probe_label.text()
    assert not dialog.save_button.isEnabled() and dialog.streams_table.rowCount() == 0
    dialog.url_edits[0].setText(fleet.rtsp_url("cam001", "main"))  # account in the URL
    assert not dialog.probe_button.isEnabled()
    assert "not in the URL" in dialog.problem_label.text()
    assert "cam001" not in _listed(srv, "/admin/cameras")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_csv_broken_then_good(qtbot, peers, page, tmp_path, caplog):
    fleet, srv = peers
    user, password = fleet.credentials("cam003")
    main = fleet.rtsp_url("cam003", "main", with_credentials=False)
    header = "id,name,area,lat,lon,main_url,username,password,record\n"
    broken = _write(tmp_path, "broken.csv", header
                    + f"cam003,Taman Menteng,Jakarta Pusat/Menteng,-6.19,106.83,{main},"
                      f"{user},{password},true\n"
                    + f"cam099,Pintu Air,Jakarta Pusat/Menteng,-96.5,106.8,{main},,,true\n")
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ImportDialog)
    dialog.check_file(broken)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    table = dialog.table
    assert table.rowCount() == 2
    assert [table.item(0, c).text() for c in range(3)] == ["2", "cam003", "create"]
    assert [table.item(1, c).text() for c in range(3)] == ["3", "cam099", "error"]
    assert "lat" in table.item(1, 3).text()
    assert table.item(1, 2).background().color() == ERROR_BACKGROUND
    assert table.item(0, 2).background().color() != QColor(ERROR_BACKGROUND)
    assert "1 to create" in dialog.summary_label.text()
    assert "1 with errors" in dialog.summary_label.text()
    assert not dialog.import_button.isEnabled()
    dialog.resize(900, 420)
    _shot(dialog, "import_report_broken.png")
    assert "cam003" not in _listed(srv, "/admin/cameras")  # a dry run changes nothing

    good = _write(tmp_path, "good.csv", header
                  + f"cam003,Taman Menteng,Jakarta Pusat/Menteng,-6.19,106.83,{main},"
                    f"{user},{password},false\n")
    dialog.check_file(good)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    assert dialog.import_button.isEnabled()
    # the file changed on disk after its dry run: the server refuses the real run and
    # the dialog shows the server's report of it
    good_text = good.read_text(encoding="utf-8")
    good.write_text(broken.read_text(encoding="utf-8"), encoding="utf-8")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message_label.text() != "", timeout=WAIT_MS)
    assert "Not imported: 1 line(s) have errors" in dialog.message_label.text()
    assert dialog.table.item(1, 2).text() == "error" and not dialog.import_button.isEnabled()
    assert dialog.summary_label.text() == "Nothing was imported: 1 of 2 lines have errors."
    assert "cam003" not in _listed(srv, "/admin/cameras")
    good.write_text(good_text, encoding="utf-8")
    dialog.check_file(good)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.imported, timeout=WAIT_MS)
    assert "Imported 1 lines: 1 created" in dialog.summary_label.text()
    assert not dialog.import_button.isEnabled()
    qtbot.waitUntil(lambda: bool(page.row_texts("cam003")), timeout=WAIT_MS)
    assert page.row_texts("cam003")[Column.RECORD] == "off"
    assert page.row_texts("cam003")[Column.AREA] == "Jakarta Pusat / Menteng"
    assert page.row_texts("cam003")[Column.STREAMS] == "1 stream(s), not probed"
    # the same file again: every line unchanged, nothing to import
    dialog.imported = False
    dialog.check_file(good)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    assert dialog.table.item(0, 2).text() == "unchanged"
    assert not dialog.import_button.isEnabled()
    dialog.reject()
    assert password not in caplog.text


def test_edit_disable_and_remove(qtbot, peers, page):
    _fleet, srv = peers
    qtbot.waitUntil(lambda: {"cam002", "cam003", "cam004"} <= set(page.visible_ids()),
                    timeout=WAIT_MS)
    page.search_edit.setText("menteng")
    assert page.visible_ids() == ["cam003"]
    page.search_edit.clear()

    assert page.select("cam003")
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, CameraDialog) and dialog.id_edit.isReadOnly()
    assert dialog.area_picker.area_id() == "jakarta-pusat.menteng"
    qtbot.waitUntil(lambda: not dialog.preview_pixmap().isNull(), timeout=WAIT_MS)
    assert dialog.area_picker.select(TEBET)  # moved
    dialog.retention_spin.setValue(14)
    assert dialog.save_button.isEnabled(), dialog.problem_label.text()
    with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.row_texts("cam003")[Column.AREA] == "Jakarta Selatan / Tebet",
                    timeout=WAIT_MS)
    assert page.row_texts("cam003")[Column.RETENTION] == "14"

    assert page.select("cam002")
    assert page.toggle_button.text() == "Disable"
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.row_texts("cam002")[Column.STATE] == "disabled",
                    timeout=WAIT_MS)
    assert page.toggle_button.text() == "Enable"
    assert "cam002" not in _listed(srv, "/cameras")  # operators no longer see it
    _shot(page, "cameras_page.png")

    assert page.select("cam002")
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    box = page.confirm_box
    assert isinstance(box, QMessageBox) and "kept until" in box.informativeText()
    remove = next(b for b in box.buttons() if b.text() == "Remove")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cam002" not in page.visible_ids(), timeout=WAIT_MS)
    assert "cam002" not in _listed(srv, "/admin/cameras")


def test_page_in_indonesian(qtbot, page):
    try:
        assert install_language("id")
        QApplication.processEvents()
        assert page.add_button.text() != "Add…"
        assert page.windowTitle() == "Kamera"
        _shot(page, "cameras_page_id.png")
    finally:
        install_language("en")
        QApplication.processEvents()
    assert page.add_button.text() == "Add…"

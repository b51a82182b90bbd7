"""Pantau switched on by its administrator, on the real client under Xvfb: a fresh server
with no ``--demo``, the first admin made on the command line, camsim's cameras onboarded
in the Administration window by ONVIF address (with their passwords) and by CSV, and a
police account for one kecamatan. That user signs in, chooses a password, sees only that
kecamatan's cameras and watches one live through the server's relay. Afterwards no
camera or user password is in any file, log or answer of the session.

Screenshots of the whole X display go to the test's folder and to /tmp/shots/e2e-*.png.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.config import ClientConfig
from app.logging_setup import setup_logging
from app.settings import Settings
from app.streams.engine import StreamState
from tests.e2e.test_live_wall import tile_pixels
from tests.support.camsim_fleet import run_camsim
from tests.support.secret_scan import scan
from tests.support.server_proc import REPO_ROOT, run_server
from tests.support.xvfb import screenshot
from ui.admin.camera_dialog import CameraDialog
from ui.admin.import_dialog import ImportDialog
from ui.shell.shell import ClientShell

pytestmark = pytest.mark.e2e

ADMIN = ("kepala", "Kepala-Pusat-2026!")
POLICE = ("polsek", "Sementara-Polsek-1", "Polsek-Jaga-Malam-7")  # given, then own
WAIT_MS = 60_000
SHOTS = Path("/tmp/shots")


def _shot(display: str, folder: Path, name: str):
    QApplication.processEvents()
    path = folder / f"{name}.png"
    image = screenshot(display, path)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / f"e2e-{name}.png")
    return image


def _start(qtbot, server_url: str, user: str, password: str, settings: Path) -> ClientShell:
    shell = ClientShell(ClientConfig(server_url=server_url, username=user, password=password,
                                     language="en"), settings=Settings(settings))
    shell.start()
    return shell


def _stop(shell: ClientShell) -> None:
    if shell.main_window is not None:
        if shell.main_window.admin_window is not None:
            shell.main_window.admin_window.close()
        shell.main_window.close()
    shell.shutdown()


def _kecamatan(camera: dict) -> str:
    return f"{camera['kota']}/{camera['kecamatan']}"


@pytest.fixture
def client_log(tmp_path):
    folder = tmp_path / "client-logs"
    setup_logging(folder, level=logging.DEBUG, console=False)
    yield folder
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_pantau", False):
            root.removeHandler(handler)
            handler.close()


def test_an_administrator_switches_pantau_on_and_police_watch_their_area(
        qtbot, display, tmp_path, client_log):
    with run_camsim(tmp_path, cameras=4, ptz=1, fps=15) as fleet:
        data_dir = tmp_path / "server-data"
        made = subprocess.run(
            [sys.executable, "-m", "server", "users", "add", ADMIN[0], "--role", "admin",
             "--display-name", "Kepala Pusat", "--password-stdin", "--data-dir", str(data_dir)],
            input=ADMIN[1] + "\n", capture_output=True, text=True, cwd=REPO_ROOT, timeout=120)
        assert made.returncode == 0, made.stderr
        with run_server(tmp_path, demo=False, data_dir=data_dir, record=False) as srv:
            status, cams = srv.get("/cameras", srv.login(*ADMIN))
            assert status == 200 and cams == []  # nothing onboarded by itself

            shell = _start(qtbot, srv.url, *ADMIN, tmp_path / "admin-settings.json")
            try:
                qtbot.waitUntil(lambda: shell.main_window is not None, timeout=WAIT_MS)
                window = shell.main_window
                window.showMaximized()
                qtbot.waitExposed(window)
                assert window.admin_allowed()
                # The area tree the dialogs place cameras and users in comes with the
                # catalog, loaded after sign-in.
                qtbot.waitUntil(lambda: bool(shell.services.cameras.areas()), timeout=WAIT_MS)
                admin_window = window.open_admin_window()
                qtbot.waitExposed(admin_window)
                admin_window.showMaximized()
                page = admin_window.cameras_page
                admin_window.show_page(page)

                # cam001 (PTZ) by its ONVIF address, with its own password.
                user, password = fleet.credentials("cam001")
                qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
                dialog = page.dialog
                assert isinstance(dialog, CameraDialog)
                dialog.address_edit.setText(fleet.onvif_url("cam001"))
                dialog.username_edit.setText(user)
                dialog.password_edit.setText(password)
                qtbot.mouseClick(dialog.probe_button, Qt.MouseButton.LeftButton)
                qtbot.waitUntil(lambda: dialog.streams_table.rowCount() >= 2, timeout=WAIT_MS)
                qtbot.waitUntil(lambda: not dialog.preview_pixmap().isNull(), timeout=WAIT_MS)
                cam1 = next(c for c in fleet.cameras if c["id"] == "cam001")
                dialog.id_edit.setText("cam001")
                dialog.name_edit.setText(cam1["name"])
                kecamatan_id = _area_id(srv, cam1)
                assert dialog.area_picker.select(kecamatan_id)
                _shot(display, tmp_path, "add-camera-probed")
                with qtbot.waitSignal(dialog.finished, timeout=WAIT_MS):
                    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
                qtbot.waitUntil(lambda: bool(page.row_texts("cam001")), timeout=WAIT_MS)

                # The other three from a CSV: the dry run's report, then the import.
                csv_path = tmp_path / "kamera.csv"
                lines = ["id,name,area,lat,lon,onvif,main_url,sub_url,third_url,"
                         "username,password"]
                for cam in fleet.cameras[1:]:
                    account = fleet.credentials(cam["id"])
                    place = "/".join(cam[k] for k in ("kota", "kecamatan", "kelurahan", "rw",
                                                     "rt"))
                    lines.append(",".join(str(v) for v in (
                        cam["id"], cam["name"], place, cam["lat"], cam["lon"], cam["onvif"],
                        cam["rtsp"]["main"], cam["rtsp"]["sub"], cam["rtsp"].get("third", ""),
                        account.username, account.password)))
                csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
                qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
                importer = page.dialog
                assert isinstance(importer, ImportDialog)
                importer.check_file(csv_path)
                qtbot.waitUntil(lambda: importer.report is not None, timeout=WAIT_MS)
                assert [importer.table.item(r, 2).text() for r in range(3)] == ["create"] * 3
                _shot(display, tmp_path, "import-dry-run")
                qtbot.mouseClick(importer.import_button, Qt.MouseButton.LeftButton)
                qtbot.waitUntil(lambda: importer.imported, timeout=WAIT_MS)
                importer.accept()
                qtbot.waitUntil(lambda: {"cam001", "cam002", "cam003", "cam004"}
                                <= set(page.visible_ids()), timeout=WAIT_MS)
                _shot(display, tmp_path, "cameras-page")

                # A police account for the kecamatan of cam002.
                cam2 = next(c for c in fleet.cameras if c["id"] == "cam002")
                police_area = _area_id(srv, cam2)
                users = admin_window.users_page
                admin_window.show_page(users)
                add = users.open_add_dialog()
                qtbot.keyClicks(add.username, POLICE[0])
                qtbot.keyClicks(add.display_name, "Polsek")
                from app.api.admin import Role

                add.role_boxes[Role.POLICE].click()
                add.areas.item_for(police_area).setCheckState(0, Qt.CheckState.Checked)
                qtbot.keyClicks(add.password.password, POLICE[1])
                qtbot.keyClicks(add.password.confirm, POLICE[1])
                with qtbot.waitSignal(add.accepted, timeout=WAIT_MS):
                    add.save_button.click()
                assert users.row_texts(POLICE[0])[4] == "Must change password"
                _shot(display, tmp_path, "users-page")
            finally:
                _stop(shell)

            # The police user: a password of their own first, then only their cameras.
            shell = _start(qtbot, srv.url, POLICE[0], POLICE[1],
                           tmp_path / "police-settings.json")
            try:
                qtbot.waitUntil(lambda: shell.password_dialog is not None
                                and shell.password_dialog.isVisible(), timeout=WAIT_MS)
                change = shell.password_dialog
                qtbot.keyClicks(change.current, POLICE[1])
                qtbot.keyClicks(change.new.password, POLICE[2])
                qtbot.keyClicks(change.new.confirm, POLICE[2])
                with qtbot.waitSignal(shell.started, timeout=WAIT_MS):
                    qtbot.keyClick(change.new.confirm, Qt.Key.Key_Return)
                window = shell.main_window
                window.showMaximized()
                qtbot.waitExposed(window)
                assert not window.admin_allowed()
                expected = sorted(c["id"] for c in fleet.cameras
                                  if _kecamatan(c) == _kecamatan(cam2))
                qtbot.waitUntil(lambda: sorted(window.camera_tree.visible_camera_ids())
                                == expected, timeout=WAIT_MS)
                shell.services.wall.assign(0, "cam002")
                tile = window.wall_widget.tiles()[0]
                qtbot.waitUntil(lambda: tile.stream_state is StreamState.LIVE, timeout=WAIT_MS)
                qtbot.waitUntil(lambda: tile.frame_age_s() is not None, timeout=WAIT_MS)
                shown = _shot(display, tmp_path, "police-live")
                assert tile_pixels(shown, tile).std() > 10  # a picture, not a blank tile
            finally:
                _stop(shell)
        server_log = srv.log_text()

    secrets = {f"{cam}'s password": fleet.credentials(cam).password
               for cam in ("cam001", "cam002", "cam003", "cam004")}
    secrets.update({"admin's password": ADMIN[1], "police's first password": POLICE[1],
                    "police's own password": POLICE[2], "camsim's secret": fleet.secret})
    leaks = scan(secrets, paths=[data_dir, srv.log_path, client_log,
                                 tmp_path / "admin-settings.json",
                                 tmp_path / "police-settings.json"],
                 texts=[("server log", server_log)])
    assert leaks == [], "\n".join(map(str, leaks))
    assert (client_log / "pantau.log").stat().st_size > 0  # the client did log


def _area_id(srv, camera: dict) -> str:
    """The kecamatan id of a camsim camera, from the server's own tree."""
    status, tree = srv.get("/areas", srv.login(*ADMIN))
    assert status == 200
    kota = next(k for k in tree if k["name"] == camera["kota"])
    return next(k["id"] for k in kota["children"] if k["name"] == camera["kecamatan"])

"""The Users page of the Administration window against the real server on a socket: an
administrator adds a police account for Tebet, sees it in the table, is told the
password rule when the server refuses one, disables an account (whose token then opens
nothing), resets a password, unlocks a locked account and deletes one."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from app.api.admin import Role
from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient
from app.services.admin import AdminService
from app.services.cameras import CameraService
from app.tasks import TaskRunner
from app.user_admin import UserAction
from tests.server.conftest import DEMO_PASSWORD, FLEET
from tests.support.client_session import logged_in
from tests.support.live_app import serve_app, stepped_throttle
from tests.support.net import http_json
from ui.admin.window import AdminWindow
from ui.shell.i18n import install_language

GOOD_PASSWORD = "Kalibata-Tebet-2026"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with serve_app(tmp_path_factory.mktemp("users") / "data", FLEET) as (url, app):
        yield url, app


@pytest.fixture(scope="module")
def server(served):
    return served[0]


@pytest.fixture
def admin_window(qtbot, server):
    runner = TaskRunner()
    session = logged_in(qtbot, runner, server, "admin")
    cameras = CameraService(session, runner)
    with qtbot.waitSignal(cameras.catalog_changed, timeout=10_000):
        cameras.load()
    admin = AdminService(session, runner)
    window = AdminWindow(admin, cameras)
    qtbot.addWidget(window)
    window.show()
    page = window.users_page
    with qtbot.waitSignal(admin.users_changed, timeout=10_000):
        page.refresh()
    yield window
    runner.shutdown()


def _area_id(window: AdminWindow, name: str) -> str:
    areas = window.users_page._cameras.areas()
    return next(a.id for root in areas for a in root.walk() if a.name == name)


def _admin_token(server: str) -> str:
    status, body = http_json("POST", f"{server}/api/v1/auth/login",
                             {"username": "admin", "password": DEMO_PASSWORD})
    assert status == 200, body
    return body["token"]


def _make_user(server: str, name: str, area: str, password: str = GOOD_PASSWORD) -> None:
    status, body = http_json("POST", f"{server}/api/v1/admin/users", {
        "username": name, "display_name": name.title(), "roles": ["police"],
        "areas": [area], "password": password}, token=_admin_token(server))
    assert status == 201, body


def _own_password(server: str, name: str, given: str = GOOD_PASSWORD) -> ApiClient:
    """Signs in as ``name`` and replaces the administrator's password with their own."""
    client = ApiClient(server)
    assert client.login(name, given).user.must_change_password
    client.change_password(given, given + "-own")
    return client


def _fill_and_save(qtbot, dialog, name: str, area_id: str, password: str,
                   confirm: str | None = None) -> None:
    qtbot.keyClicks(dialog.username, name)
    qtbot.keyClicks(dialog.display_name, "Polsek Tebet")
    dialog.role_boxes[Role.POLICE].click()
    dialog.areas.item_for(area_id).setCheckState(0, Qt.CheckState.Checked)
    qtbot.keyClicks(dialog.password.password, password)
    qtbot.keyClicks(dialog.password.confirm, password if confirm is None else confirm)
    dialog.save_button.click()


def test_the_admin_adds_a_police_user_for_tebet(qtbot, server, admin_window):
    page = admin_window.users_page
    assert admin_window.tabs.tabText(0) == "Users"
    assert page.row_texts("admin")[2] == "Administrator"
    tebet = _area_id(admin_window, "Tebet")
    dialog = page.open_add_dialog()
    assert dialog.isVisible() and dialog.windowTitle() == "Add user"
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _fill_and_save(qtbot, dialog, "polsek.tebet", tebet, GOOD_PASSWORD)
    assert page.row_texts("polsek.tebet") == [
        "polsek.tebet", "Polsek Tebet", "Police", "Tebet", "Must change password"]
    assert page.message_text() == "User polsek.tebet saved."
    # The server has it: the new user signs in and is asked for their own password.
    session = ApiClient(server).login("polsek.tebet", GOOD_PASSWORD)
    assert session.user.must_change_password and session.user.areas == (tebet,)


def test_a_weak_password_shows_the_rule_and_creates_nothing(qtbot, server, admin_window):
    page = admin_window.users_page
    dialog = page.open_add_dialog()
    tebet = _area_id(admin_window, "Tebet")
    _fill_and_save(qtbot, dialog, "polsek.lemah", tebet, "tebet")
    qtbot.waitUntil(lambda: "at least 10 characters" in dialog.message_text(),
                    timeout=10_000)
    assert dialog.message_text() == "The password must be at least 10 characters long."
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    # A mistyped second password never reaches the server.
    dialog.password.clear()
    qtbot.keyClicks(dialog.password.password, "password123")
    qtbot.keyClicks(dialog.password.confirm, "password123")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "commonly used" in dialog.message_text(), timeout=10_000)
    dialog.reject()
    with qtbot.waitSignal(page._admin.users_changed, timeout=10_000):
        page.refresh()
    assert page.row_texts("polsek.lemah") is None
    status, _body = http_json("POST", f"{server}/api/v1/auth/login",
                              {"username": "polsek.lemah", "password": "password123"})
    assert status == 401


def test_mismatched_passwords_are_caught_in_the_dialog(qtbot, admin_window):
    dialog = admin_window.users_page.open_add_dialog()
    _fill_and_save(qtbot, dialog, "polsek.typo", _area_id(admin_window, "Tebet"),
                   GOOD_PASSWORD, GOOD_PASSWORD + "x")
    assert dialog.message_text() == "The two new passwords are not the same."
    assert dialog.save_button.isEnabled()  # nothing was sent


def test_disable_ends_their_session_and_enable_lets_them_in(qtbot, server, admin_window):
    _make_user(server, "polsek.gambir", _area_id(admin_window, "Gambir"))
    client = _own_password(server, "polsek.gambir")
    assert [c.id for c in client.cameras()] == ["cam003"]  # their token works
    page = admin_window.users_page
    with qtbot.waitSignal(page._admin.users_changed, timeout=10_000):
        page.refresh()
    assert page.select_user("polsek.gambir")
    disable = page.buttons[UserAction.DISABLE]
    assert disable.isVisible() and disable.isEnabled() and disable.text() == "Disable"
    disable.click()
    qtbot.waitUntil(lambda: page.row_texts("polsek.gambir")[4] == "Disabled", timeout=10_000)
    assert page.message_text() == "polsek.gambir is disabled; their sessions have ended."
    with pytest.raises(ApiError) as refused:
        client.cameras()
    assert refused.value.kind is ApiErrorKind.UNAUTHORIZED
    enable = page.buttons[UserAction.ENABLE]
    assert enable.isVisible() and not disable.isVisible()
    enable.click()
    qtbot.waitUntil(lambda: page.row_texts("polsek.gambir")[4] == "Active", timeout=10_000)
    assert ApiClient(server).login("polsek.gambir", GOOD_PASSWORD + "-own")


def test_reset_password_makes_them_choose_again(qtbot, server, admin_window):
    _make_user(server, "polsek.menteng", _area_id(admin_window, "Menteng"))
    _own_password(server, "polsek.menteng")
    page = admin_window.users_page
    with qtbot.waitSignal(page._admin.users_changed, timeout=10_000):
        page.refresh()
    assert page.row_texts("polsek.menteng")[4] == "Active"
    page.select_user("polsek.menteng")
    dialog = page.open_reset_dialog()
    assert "Polsek.Menteng (polsek.menteng)" in dialog.findChildren(type(page.message))[0].text()
    qtbot.keyClicks(dialog.password.password, "Menteng-Baru-2026")
    qtbot.keyClicks(dialog.password.confirm, "Menteng-Baru-2026")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.reset_button.click()
    assert page.row_texts("polsek.menteng")[4] == "Must change password"
    assert ApiClient(server).login("polsek.menteng", "Menteng-Baru-2026"
                                   ).user.must_change_password
    with pytest.raises(ApiError) as old:
        ApiClient(server).login("polsek.menteng", GOOD_PASSWORD + "-own")
    assert old.value.kind is ApiErrorKind.INVALID_CREDENTIALS


def test_the_admin_cannot_disable_or_delete_themselves(admin_window):
    page = admin_window.users_page
    page.select_user("admin")
    assert not page.buttons[UserAction.DISABLE].isEnabled()
    assert not page.buttons[UserAction.DELETE].isEnabled()
    assert page.buttons[UserAction.EDIT].isEnabled()


def test_edit_changes_roles_and_areas(qtbot, server, admin_window):
    _make_user(server, "polsek.cilandak", _area_id(admin_window, "Tebet"))
    page = admin_window.users_page
    with qtbot.waitSignal(page._admin.users_changed, timeout=10_000):
        page.refresh()
    page.select_user("polsek.cilandak")
    dialog = page.open_edit_dialog()
    assert dialog.username.isReadOnly() and not dialog.password.isVisible()
    assert dialog.areas.checked() == (_area_id(admin_window, "Tebet"),)
    dialog.areas.item_for(_area_id(admin_window, "Tebet")).setCheckState(
        0, Qt.CheckState.Unchecked)
    dialog.areas.item_for(_area_id(admin_window, "Gambir")).setCheckState(
        0, Qt.CheckState.Checked)
    dialog.role_boxes[Role.VIEWER].click()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save_button.click()
    assert page.row_texts("polsek.cilandak")[2:4] == ["Police, Viewer", "Gambir"]


def test_delete_after_a_confirmation_naming_the_user(qtbot, server, admin_window):
    _make_user(server, "polsek.hapus", _area_id(admin_window, "Tebet"))
    page = admin_window.users_page
    with qtbot.waitSignal(page._admin.users_changed, timeout=10_000):
        page.refresh()
    page.select_user("polsek.hapus")
    box = page.confirm_delete()
    assert "polsek.hapus" in box.text()
    box.button(box.StandardButton.Cancel).click()  # cancelled: still there
    with qtbot.waitSignal(page._admin.users_changed, timeout=10_000):
        page.refresh()
    assert page.row_texts("polsek.hapus") is not None
    page.select_user("polsek.hapus")
    box = page.confirm_delete()
    box.findChild(type(page.buttons["add"]), "confirm-delete-button").click()
    qtbot.waitUntil(lambda: page.row_texts("polsek.hapus") is None, timeout=10_000)
    assert page.message_text() == "User polsek.hapus deleted."


def _login_status(server: str, name: str, password: str) -> tuple[int, dict, str]:
    req = urllib.request.Request(
        f"{server}/api/v1/auth/login", method="POST",
        data=json.dumps({"username": name, "password": password}).encode(),
        headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read()), ""
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read()), err.headers.get("Retry-After") or ""


def test_a_locked_account_is_shown_and_unlocked(qtbot, served, server, admin_window):
    _make_user(server, "polsek.kunci", _area_id(admin_window, "Tebet"))
    # Guessing, as the server counts it: three wrong, then wrong again each time the
    # server's delay (Retry-After) has passed (its clock moved on), until it locks.
    status = 401
    with stepped_throttle(served[1]) as clock:
        for _attempt in range(12):
            status, body, retry_after = _login_status(server, "polsek.kunci", "wrong-guess-1")
            if status == 423:
                break
            if status == 429:
                clock.advance(float(retry_after) + 0.1)
    assert status == 423, body
    page = admin_window.users_page
    with qtbot.waitSignal(page._admin.users_changed, timeout=10_000):
        page.refresh()
    assert page.row_texts("polsek.kunci")[4].startswith("Locked until ")
    assert page.row_texts("polsek.kunci")[4].endswith(" WIB · Must change password")
    page.select_user("polsek.kunci")
    unlock = page.buttons[UserAction.UNLOCK]
    assert unlock.isEnabled()
    unlock.click()
    qtbot.waitUntil(lambda: page.message_text() == "polsek.kunci is unlocked.",
                    timeout=10_000)
    assert page.row_texts("polsek.kunci")[4] == "Must change password"
    assert not unlock.isEnabled()
    assert ApiClient(server).login("polsek.kunci", GOOD_PASSWORD).user.must_change_password


def test_the_dialogs_fields_are_password_fields(admin_window):
    dialog = admin_window.users_page.open_add_dialog()
    for field in (dialog.password.password, dialog.password.confirm):
        assert field.echoMode() is QLineEdit.EchoMode.Password


def test_the_page_in_indonesian_and_back(qtbot, server, admin_window):
    _make_user(server, "polsek.bahasa", _area_id(admin_window, "Tebet"))
    page = admin_window.users_page
    with qtbot.waitSignal(page._admin.users_changed, timeout=10_000):
        page.refresh()
    page.select_user("polsek.bahasa")
    try:
        assert install_language("id")
        QApplication.processEvents()
        assert admin_window.tabs.tabText(0) == "Pengguna"
        assert admin_window.windowTitle() == "Pantau: administrasi"
        assert page.table.horizontalHeaderItem(0).text() == "Nama pengguna"
        assert page.row_texts("polsek.bahasa")[2:] == ["Polisi", "Tebet",
                                                       "Wajib ganti kata sandi"]
        assert page.buttons[UserAction.DISABLE].text() == "Nonaktifkan"
        dialog = page.open_add_dialog()
        assert dialog.windowTitle() == "Tambah pengguna"
        dialog.save_button.click()
        assert dialog.message_text() == "Isi nama pengguna."
        dialog.reject()
    finally:
        install_language("en")
        QApplication.processEvents()
    assert admin_window.tabs.tabText(0) == "Users"
    assert page.row_texts("polsek.bahasa")[4] == "Must change password"

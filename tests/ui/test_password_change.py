"""Signing in with a password an administrator set, through the whole shell against the
real server: the client asks for the user's own password before it opens anything, shows
the server's rule when it refuses one, and then opens the main window with only that
user's cameras; cancelling signs out. The login dialog says when an account is slowed
down or locked, with the server's words; the Administration menu is for admins only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMenu, QPushButton

from app.config import ClientConfig
from app.credentials import CredentialStore
from app.services.session import SessionService, SessionState
from app.settings import Settings
from app.tasks import TaskRunner
from tests.app.fakes import FakeEngineFactory
from tests.server.conftest import DEMO_PASSWORD, FLEET
from tests.support.live_app import serve_app, stepped_throttle
from tests.support.net import http_json
from ui.shell.login_dialog import LoginDialog
from ui.shell.password_dialog import PasswordChangeDialog
from ui.shell.shell import ClientShell

FIRST = "Diberi-Admin-2026"  # what the administrator gave
OWN = "Pilihan-Sendiri-2026"  # what the user chooses


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with serve_app(tmp_path_factory.mktemp("pwchange") / "data", FLEET) as (url, app):
        yield url, app


@pytest.fixture(scope="module")
def server(served):
    return served[0]


def _make_police_user(server: str, name: str) -> str:
    status, body = http_json("POST", f"{server}/api/v1/auth/login",
                             {"username": "admin", "password": DEMO_PASSWORD})
    token = body["token"]
    _status, areas = http_json("GET", f"{server}/api/v1/areas", token=token)
    tebet = next(k["id"] for kota in areas for k in kota["children"] if k["name"] == "Tebet")
    status, body = http_json("POST", f"{server}/api/v1/admin/users", {
        "username": name, "display_name": "Polsek Tebet", "roles": ["police"],
        "areas": [tebet], "password": FIRST}, token=token)
    assert status == 201, body
    return tebet


@pytest.fixture
def shell_for(qtbot, tmp_path):
    made: list[ClientShell] = []

    def make(server: str, user: str, password: str) -> ClientShell:
        config = ClientConfig(server_url=server, username=user, password=password)
        shell = ClientShell(config, engine_factory=FakeEngineFactory(),
                            settings=Settings(tmp_path / f"settings-{len(made)}.json"))
        made.append(shell)
        return shell

    yield make
    for shell in made:
        if shell.main_window is not None:
            shell.main_window.close()
        shell.shutdown()


def _change(qtbot, dialog: PasswordChangeDialog, current: str, new: str,
            again: str | None = None) -> None:
    for field in (dialog.current, dialog.new.password, dialog.new.confirm):
        field.clear()
    qtbot.keyClicks(dialog.current, current)
    qtbot.keyClicks(dialog.new.password, new)
    qtbot.keyClicks(dialog.new.confirm, new if again is None else again)
    qtbot.keyClick(dialog.new.confirm, Qt.Key.Key_Return)


def test_a_new_police_user_chooses_a_password_then_sees_tebet(qtbot, server, shell_for):
    _make_police_user(server, "polsek.tebet.baru")
    shell = shell_for(server, "polsek.tebet.baru", FIRST)
    shell.start()
    qtbot.waitUntil(lambda: shell.password_dialog is not None
                    and shell.password_dialog.isVisible(), timeout=10_000)
    dialog = shell.password_dialog
    assert shell.main_window is None  # nothing opens before the change
    assert shell.services.session.state is SessionState.MUST_CHANGE_PASSWORD
    assert shell.services.session.api is None
    assert "polsek.tebet.baru" in dialog.findChild(type(dialog._intro), "intro").text()

    _change(qtbot, dialog, FIRST, OWN, OWN + "!")
    assert dialog.message_text() == "The two new passwords are not the same."
    _change(qtbot, dialog, FIRST, "password123")
    qtbot.waitUntil(lambda: "commonly used" in dialog.message_text(), timeout=10_000)
    _change(qtbot, dialog, "not-my-password", OWN)
    qtbot.waitUntil(lambda: "current password" in dialog.message_text().lower()
                    or "wrong" in dialog.message_text().lower(), timeout=10_000)
    assert shell.main_window is None

    with qtbot.waitSignal(shell.started, timeout=15_000):
        _change(qtbot, dialog, FIRST, OWN)
    qtbot.addWidget(shell.main_window)
    assert shell.password_dialog is None
    assert not shell.main_window.admin_allowed()  # police: no Administration menu
    qtbot.waitUntil(lambda: bool(shell.services.cameras.cameras()), timeout=10_000)
    assert [c.id for c in shell.services.cameras.cameras()] == ["cam001"]  # Tebet's only
    assert shell.main_window.camera_tree.visible_camera_ids() == ["cam001"]
    # The server took the new password and no longer asks for a change.
    status, body = http_json("POST", f"{server}/api/v1/auth/login",
                             {"username": "polsek.tebet.baru", "password": OWN})
    assert status == 200 and body["user"]["must_change_password"] is False


def test_cancelling_the_change_signs_out(qtbot, server, shell_for):
    _make_police_user(server, "polsek.tebet.batal")
    shell = shell_for(server, "polsek.tebet.batal", FIRST)
    shell.start()
    qtbot.waitUntil(lambda: shell.password_dialog is not None
                    and shell.password_dialog.isVisible(), timeout=10_000)
    dialog = shell.password_dialog
    with qtbot.waitSignal(shell.services.session.logged_out, timeout=10_000):
        dialog.reject()
    assert shell.main_window is None
    assert shell.services.session.state is SessionState.LOGGED_OUT
    assert shell.login_dialog is not None and shell.login_dialog.isVisible()
    assert shell.login_dialog.username() == "polsek.tebet.batal"
    shell.login_dialog.reject()


@pytest.mark.parametrize(("user", "allowed"), [("operator", False), ("admin", True)])
def test_the_administration_menu_is_for_admins_only(qtbot, server, shell_for, user, allowed):
    shell = shell_for(server, user, DEMO_PASSWORD)
    with qtbot.waitSignal(shell.started, timeout=15_000):
        shell.start()
    window = shell.main_window
    qtbot.addWidget(window)
    assert window.admin_allowed() is allowed
    menu = window.findChild(QMenu, "admin-menu")
    assert menu.menuAction().isVisible() is allowed
    opened = window.open_admin_window()
    assert (opened is not None) is allowed
    if allowed:
        assert opened.isVisible() and opened.tabs.tabText(0) == "Users"
        qtbot.waitUntil(lambda: opened.users_page.row_texts("operator") is not None,
                        timeout=10_000)
        assert window.admin_action.text() == "Users and cameras…"


@pytest.fixture
def login_dialog(qtbot):
    runner = TaskRunner()

    def make(server: str, user: str) -> tuple[LoginDialog, SessionService]:
        session = SessionService(runner)
        dialog = LoginDialog(session, CredentialStore(), server, user)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog, session

    yield make
    runner.shutdown()


def _try(qtbot, dialog: LoginDialog, session: SessionService, password: str) -> str:
    field = dialog.findChild(QLineEdit, "password")
    field.clear()
    qtbot.keyClicks(field, password)
    with qtbot.waitSignal(session.login_failed, timeout=10_000):
        dialog.findChild(QPushButton, "login").click()
    return dialog.message_text()


def test_the_login_dialog_says_slowed_down_and_locked(qtbot, served, server, login_dialog):
    _make_police_user(server, "polsek.tebet.lupa")
    dialog, session = login_dialog(server, "polsek.tebet.lupa")
    seen = []
    with stepped_throttle(served[1]) as clock:
        for _attempt in range(12):
            text = _try(qtbot, dialog, session, "lupa-lagi-123")
            seen.append(text)
            if text.startswith("This account is locked."):
                break
            if text.startswith("Too many failed attempts."):
                # The server's words say how long: its clock moves on that much.
                seconds = int(text.split("wait ")[1].split(" s")[0])
                clock.advance(seconds + 0.2)
    assert seen[0] == "Wrong user name or password."
    slowed = next(t for t in seen if t.startswith("Too many failed attempts."))
    assert "Several wrong passwords for this account: wait" in slowed
    locked = seen[-1]
    assert locked.startswith("This account is locked. This account is locked after 5 wrong "
                             "passwords until ")
    assert "an administrator can unlock it sooner" in locked
    # Even the right password does not open a locked account.
    assert _try(qtbot, dialog, session, FIRST).startswith("This account is locked.")

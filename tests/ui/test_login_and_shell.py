"""The login dialog and the whole shell against the real server (python -m server),
with a fake engine in place of video."""

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit

from app.config import ClientConfig
from app.credentials import CredentialStore
from app.services.session import SessionService
from app.settings import EngineChoice, Settings, VlcOutput
from app.streams.factory import choose
from app.tasks import TaskRunner
from app.wall import Layout
from tests.app.fakes import FakeEngineFactory
from tests.support.camsim_fleet import run_camsim
from tests.support.net import free_port
from tests.support.server_proc import DEMO_PASSWORD, run_server
from ui.shell.login_dialog import LoginDialog
from ui.shell.shell import ClientShell


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("srv")
    with run_camsim(base, cameras=4, ptz=1) as fleet, \
            run_server(base, camsim_url=fleet.control_url, demo=True, record=False) as srv:
        yield srv


@pytest.fixture
def dialog_for(qtbot):
    runner = TaskRunner()
    made = []

    def make(server_url):
        dialog = LoginDialog(SessionService(runner), CredentialStore(), server_url, "operator")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        made.append(dialog)
        return dialog

    yield make
    runner.shutdown()


def _type_password_and_press_enter(qtbot, dialog, password):
    field = dialog.findChild(QLineEdit, "password")
    field.clear()
    qtbot.keyClicks(field, password)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_wrong_password_says_so(qtbot, server, dialog_for):
    dialog = dialog_for(server.url)
    _type_password_and_press_enter(qtbot, dialog, "not-the-password")
    qtbot.waitUntil(lambda: dialog.message_text() == "Wrong user name or password.",
                    timeout=15000)
    assert dialog.isVisible()


def test_unreachable_server_says_so(qtbot, dialog_for):
    url = f"http://127.0.0.1:{free_port()}"
    dialog = dialog_for(url)
    _type_password_and_press_enter(qtbot, dialog, "whatever")
    qtbot.waitUntil(lambda: dialog.message_text().startswith("Cannot reach the server"),
                    timeout=15000)
    assert url in dialog.message_text()


@pytest.fixture
def no_os_keyring():
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # a headless Linux box without Secret Service
    yield
    keyring.set_keyring(before)


def test_right_password_and_enter_logs_in(qtbot, server, dialog_for, no_os_keyring):
    dialog = dialog_for(server.url)
    remember = dialog.findChild(QCheckBox, "remember")
    assert not remember.isEnabled()  # no OS keyring, and the dialog says so
    assert "no OS keyring" in dialog.findChild(type(dialog._keyring_note),
                                               "keyring-note").text()
    with qtbot.waitSignal(dialog.accepted, timeout=15000):
        _type_password_and_press_enter(qtbot, dialog, DEMO_PASSWORD)


def test_shell_logs_in_and_fills_the_wall(qtbot, server, tmp_path):
    factory = FakeEngineFactory()
    config = ClientConfig(server_url=server.url, username="operator", layout=Layout.L3X3,
                          fill=True, password=DEMO_PASSWORD)
    shell = ClientShell(config, engine_factory=factory,
                        settings=Settings(tmp_path / "settings.json"))
    try:
        with qtbot.waitSignal(shell.started, timeout=15000):
            shell.start()
        qtbot.addWidget(shell.main_window)
        tiles = shell.main_window.wall_widget.tiles()
        assert len(tiles) == 9
        qtbot.waitUntil(lambda: tiles[0].camera_id is not None, timeout=15000)
        cameras = shell.services.cameras.cameras()
        assert len(cameras) == 4
        assert [t.camera_id for t in tiles] == [c.id for c in cameras] + [None] * 5
        assert tiles[0].objectName() == "tile-0"
        qtbot.waitUntil(lambda: len(factory.engines) == 4, timeout=15000)
        # The live URLs came from the server's /live answers.
        assert all(e.url.startswith("rtsp://") for e in factory.engines)
        assert tiles[0].status_text() == "Connecting…"
        shell.main_window.layout_action(Layout.L2X2).trigger()
        assert len(shell.main_window.wall_widget.tiles()) == 4
    finally:
        if shell.main_window is not None:
            shell.main_window.close()
        shell.shutdown()
    assert all(e.stopped for e in factory.engines)
    assert Settings(tmp_path / "settings.json").get("last_wall")["layout"] == "2x2"


@pytest.mark.parametrize("output", [VlcOutput.WINDOW, VlcOutput.FRAMES])
def test_libvlc_output_setting_decides_whether_tiles_lend_their_window(qtbot, tmp_path,
                                                                       output):
    settings = Settings(tmp_path / "settings.json")
    settings.set("vlc_video_output", output)
    settings.set("engine", EngineChoice.VLC)
    settings.set("decoder_processes", -1)  # no decoder processes for this check
    shell = ClientShell(ClientConfig(server_url="http://127.0.0.1:9"), settings=settings)
    try:
        policy = shell.services.streams.window_policy
        if output is VlcOutput.FRAMES:
            assert policy is None
        else:  # where libVLC plays the tile's live stream
            assert policy is not None
            libvlc_plays_rtsp = choose(EngineChoice.VLC, "rtsp://x/y") is EngineChoice.VLC
            assert policy("") is libvlc_plays_rtsp
            assert policy("pyav") is False
    finally:
        shell.shutdown()

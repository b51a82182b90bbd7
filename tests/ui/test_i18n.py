"""Indonesian and English at runtime, and translation files that are complete and current."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QPushButton

from app.api.errors import ApiErrorKind
from app.credentials import CredentialStore
from app.settings import Language, Settings
from app.streams.engine import StreamError, StreamState
from ui.shell import i18n
from ui.shell.i18n import current_language, install_language
from ui.shell.login_dialog import LoginDialog
from ui.shell.main_window import MainWindow
from ui.wall.widget import WallWidget

TS_FILES = i18n.ts_files()
PANTAU_TS = i18n.translations_dir() / "pantau_id.ts"


@pytest.fixture(autouse=True)
def english_afterwards(qapp):
    yield
    install_language("en")  # the other tests read English
    QApplication.processEvents()


def _switch(language: str) -> None:
    assert install_language(language)
    QApplication.processEvents()  # Qt posts LanguageChange to the widgets


def _login_texts(dialog: LoginDialog) -> set[str]:
    return ({dialog.windowTitle()} | {b.text() for b in dialog.findChildren(QPushButton)}
            | {label.text() for label in dialog.findChildren(QLabel)})


def test_login_dialog_in_indonesian_and_back(qtbot, services):
    dialog = LoginDialog(services.session, CredentialStore(), "http://127.0.0.1:1", "operator")
    qtbot.addWidget(dialog)
    dialog.show()
    english = {"Pantau: log in", "Log in", "Cancel", "Server", "User", "Password"}
    assert english <= _login_texts(dialog)

    _switch("id")
    texts = _login_texts(dialog)
    assert {"Pantau: masuk", "Masuk", "Batal", "Pengguna", "Kata sandi"} <= texts
    assert not (english - {"Server"}) & texts  # "Server" is Indonesian too
    remember = dialog.findChild(QCheckBox, "remember")
    assert remember.text() == "Ingat kata sandi di komputer ini"
    wrong = (ApiErrorKind.INVALID_CREDENTIALS, "", "")
    assert dialog.error_text(*wrong) == "Nama pengguna atau kata sandi salah."

    _switch("en")
    assert english <= _login_texts(dialog)
    assert remember.text() == "Remember password on this computer"
    assert dialog.error_text(*wrong) == "Wrong user name or password."


def test_tile_in_indonesian_and_back(qtbot, services):
    wall = WallWidget(services.wall, services.tiles)
    qtbot.addWidget(wall)
    wall.resize(800, 450)
    wall.show()
    empty, tile = wall.tiles()[0], wall.tiles()[1]
    services.wall.assign(1, "cam001")
    qtbot.waitUntil(lambda: len(services.factory.running()) == 1)
    engine = services.factory.engines[0]
    assert tile.status_text() == "Connecting…"

    _switch("id")
    assert tile.status_text() == "Menyambung…"
    assert empty.status_text() == "Tidak ada kamera"
    menu = [a.text() for a in tile.build_context_menu().actions() if a.text()]
    assert menu == ["Putar ulang: 5 menit terakhir", "Kembali ke siaran langsung",
                    "Putar dengan jam sendiri", "Simpan cuplikan\tS", "Buka folder cuplikan",
                    "Info aliran video\tI",
                    "Atur ulang zoom\t0", "Perbesar ke seluruh dinding", "Tutup"]
    engine.report(StreamState.LIVE)
    qtbot.waitUntil(lambda: tile.status_text() == "Langsung")
    engine.report(StreamState.OFFLINE, StreamError.UNREACHABLE, "no route")
    qtbot.waitUntil(lambda: tile.status_text() == "Terputus: tak terjangkau")

    _switch("en")
    assert tile.status_text() == "Offline: camera unreachable"
    assert empty.status_text() == "No camera"


def test_language_menu_switches_at_once_and_saves(qtbot, services, tmp_path):
    settings = Settings(tmp_path / "settings.json")
    window = MainWindow(services.session, services.wall, services.tiles, settings=settings)
    qtbot.addWidget(window)
    titles = lambda: [a.text() for a in window.menuBar().actions()]  # noqa: E731
    assert titles() == ["&Wall", "&Playback", "&Language"]
    indonesian = window.findChild(QAction, "language-id")
    assert indonesian.text() == "Bahasa Indonesia"

    indonesian.trigger()
    QApplication.processEvents()
    assert current_language() is Language.INDONESIAN
    assert settings.get("language") is Language.INDONESIAN
    assert Settings(tmp_path / "settings.json").get("language") is Language.INDONESIAN
    assert titles() == ["&Dinding", "&Putar ulang", "&Bahasa"]
    assert indonesian.isChecked()
    assert window.camera_tree.search_box.placeholderText() == "Cari: nama, wilayah, tag…"
    assert window.camera_tree.count_label.text() == "4 kamera"

    window.findChild(QAction, "language-en").trigger()
    QApplication.processEvents()
    assert settings.get("language") is Language.ENGLISH
    assert titles() == ["&Wall", "&Playback", "&Language"]
    assert window.camera_tree.count_label.text() == "4 cameras"


# -- the files --------------------------------------------------------------------------
def _messages(ts):
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [form.text or "" for form in translation.iter("numerusform")]
            yield (context.findtext("name"), message.findtext("source") or "",
                   " ".join(forms) if forms else translation.text or "",
                   translation.get("type"))


def _ids(ts):
    return [f"{ts.name}:{c}:{s[:30]}" for c, s, _, _ in _messages(ts)]


ALL_MESSAGES = [(ts, m) for ts in TS_FILES for m in _messages(ts)]
PLACEHOLDER = re.compile(r"\{\d*\}|%L?\d+|%n")


def test_translation_files_exist():
    assert {p.name for p in TS_FILES} >= {"pantau_id.ts", "qtbase_id.ts"}
    assert len(list(_messages(PANTAU_TS))) > 50


@pytest.mark.parametrize("ts,message", ALL_MESSAGES,
                         ids=[i for ts in TS_FILES for i in _ids(ts)])
def test_every_message_translated_with_its_placeholders(ts, message):
    context, source, translation, kind = message
    assert kind not in ("unfinished", "obsolete", "vanished"), f"{context}: {source!r}"
    assert translation.strip(), f"{context}: {source!r} has an empty translation"
    assert sorted(PLACEHOLDER.findall(translation)) == sorted(PLACEHOLDER.findall(source))
    assert translation.count("\n") == source.count("\n")
    if re.search(r"&[^&\s]", source):  # a keyboard accelerator: keep exactly one
        assert len(re.findall(r"&[^&\s]", translation)) == 1, translation


@pytest.mark.parametrize("ts", TS_FILES, ids=[p.name for p in TS_FILES])
def test_committed_qm_is_compiled_from_the_ts(ts, tmp_path):
    fresh = tmp_path / ts.with_suffix(".qm").name
    i18n.lrelease(ts, fresh)
    assert ts.with_suffix(".qm").read_bytes() == fresh.read_bytes(), \
        "run `python -m ui.shell.i18n --update` and commit the .qm"


def test_ts_holds_every_string_of_the_sources(tmp_path):
    """A new self.tr() text must reach the .ts (and a translation) in the same change."""
    copy = tmp_path / "pantau_id.ts"
    shutil.copy(PANTAU_TS, copy)
    files = [str(p) for p in i18n.source_files()]
    subprocess.run([i18n._tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                    *files, "-ts", str(copy)], check=True)
    have = {(c, s) for c, s, _, _ in _messages(PANTAU_TS)}
    want = {(c, s) for c, s, _, _ in _messages(copy)}
    assert want - have == set(), "new texts: run `python -m ui.shell.i18n --update` and translate"
    assert have - want == set(), \
        "texts gone from the sources: run `python -m ui.shell.i18n --update`"

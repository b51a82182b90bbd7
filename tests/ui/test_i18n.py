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
                    "Info stream video\tI",
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


# -- every window in Indonesian -----------------------------------------------------------
# Words an Indonesian operator reads the same as in English (checked in KBBI or as the
# command centre says them); anything else shown in English in Indonesian is untranslated.
SAME_IN_INDONESIAN = {"PTZ", "Pantau", "Server", "Status", "Video", "Zoom", "OK", "ID", "URL",
                      "RTSP", "ONVIF", "WIB", "UTC", "CPU", "SHA-256", "Bahasa Indonesia",
                      "English", "Admin", "Administrator", "Operator", "Supervisor", "Tag",
                      "Log"}
# What a window must show in English whatever the language: keys and shortcut texts.
_NOT_WORDS = re.compile(r"^[\W\d_×]*$|^(Ctrl|Alt|Shift|F\d+|Esc|Del|PgUp|PgDown)\b"
                        r"|^\d+[x+]\d+$|^https?://|^\d+(\.\d+)? ?(fps|kbit/s|MB|GB|s)$")


def _visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) for every text the operator can see in ``window``: its title, labels,
    buttons, placeholders, group and tab titles, headers, tooltips, menu entries."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QDockWidget,
        QGroupBox,
        QLineEdit,
        QTableWidget,
        QTabWidget,
        QWidget,
    )
    out = [("window title", window.windowTitle())]
    for child in [window, *window.findChildren(QWidget)]:
        if child is not window and not child.isVisibleTo(window):
            continue
        where = f"{type(child).__name__}#{child.objectName()}"
        if isinstance(child, QLabel):
            out.append((where, re.sub(r"<[^>]+>", "", child.text())))
        elif isinstance(child, QAbstractButton):
            out.append((where, child.text()))
        elif isinstance(child, QLineEdit):
            out.append((where + " placeholder", child.placeholderText()))
        elif isinstance(child, QGroupBox):
            out.append((where, child.title()))
        elif isinstance(child, QDockWidget):
            out.append((where, child.windowTitle()))
        if isinstance(child, QTabWidget):
            out += [(where + " tab", child.tabText(i)) for i in range(child.count())]
        if isinstance(child, QTableWidget):
            out += [(where + " header", child.horizontalHeaderItem(i).text())
                    for i in range(child.columnCount()) if child.horizontalHeaderItem(i)]
        if child.toolTip():
            out.append((where + " tooltip", child.toolTip()))
    out += [(f"action {a.objectName()}", a.text()) for a in window.findChildren(QAction)
            if a.isVisible() and not a.isSeparator()]
    return [(where, text.replace("&", "").strip()) for where, text in out if text.strip()]


def _clipped(window) -> list[str]:
    """Labels and buttons narrower than their text needs."""
    from PySide6.QtWidgets import QAbstractButton, QLineEdit, QStyle, QToolButton
    out = []
    for child in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if not child.isVisibleTo(window) or not child.text():
            continue
        if isinstance(child, QLabel) and (child.wordWrap() or child.pixmap() is not None
                                          and not child.pixmap().isNull()):
            continue
        if isinstance(child, QToolButton) and not child.text().strip():
            continue
        if child.sizeHint().width() > child.width():
            out.append(f"{type(child).__name__}#{child.objectName()} {child.text()!r}: "
                       f"needs {child.sizeHint().width()} px, has {child.width()}")
    for edit in window.findChildren(QLineEdit):  # a hint that shows only its beginning
        hint = edit.placeholderText()
        if not edit.isVisibleTo(window) or not hint or edit.text():
            continue
        frame = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
        margins = edit.textMargins()
        room = edit.width() - 2 * frame - 4 - margins.left() - margins.right()
        if edit.fontMetrics().horizontalAdvance(hint) > room:
            out.append(f"QLineEdit#{edit.objectName()} placeholder {hint!r}: needs "
                       f"{edit.fontMetrics().horizontalAdvance(hint)} px, has {room}")
    return out


def _names(services) -> set[str]:
    """Names from the data (cameras, areas): shown as they are in any language."""
    cameras = services.cameras.cameras()
    areas = [a for top in services.cameras.areas() for a in top.walk()]
    return {c.name for c in cameras} | {c.id for c in cameras} | {a.name for a in areas}


def _is_data(text: str, names: set[str]) -> bool:
    """Made of names, numbers, times and words Indonesian shares: nothing to translate."""
    for word in sorted(names | SAME_IN_INDONESIAN, key=len, reverse=True):
        text = text.replace(word, " ")
    return bool(_NOT_WORDS.match(text.strip()))


def _untranslated(english: list[tuple[str, str]], indonesian: list[tuple[str, str]],
                  names: set[str]) -> list[str]:
    seen = {text for _, text in english}
    return sorted({f"{where}: {text!r}" for where, text in indonesian
                   if text in seen and not _is_data(text, names)})


T_WINDOW = __import__("datetime").datetime(2026, 11, 22, 3, 0, tzinfo=__import__("datetime").UTC)


class _Everything:
    """Every service a window may take, none of them connected to a server: what the
    windows show before anything is loaded (their own texts, which is what is checked)."""

    def __init__(self, services, tmp_path) -> None:
        from app.services.admin import AdminService
        from app.services.bookmarks import BookmarkService
        from app.services.evidence import EvidenceService
        from app.services.exports import ExportService
        from app.services.health import HealthService
        from app.services.ptz import PtzService
        from app.services.thumbnails import ThumbnailService
        from app.services.tours import TourService
        from app.services.views import ViewsService
        from ui.tile.services import TileServices

        self.services = services
        runner, session = services.runner, services.session
        self.settings = Settings(tmp_path / "settings.json")
        self.admin = AdminService(session, runner)
        self.exports = ExportService(session, runner, lambda: tmp_path / "exports")
        self.bookmarks = BookmarkService(session, runner)
        self.views = ViewsService(self.settings, runner)
        self.tours = TourService(services.wall, self.views)
        self.health = HealthService(services.streams, services.cameras)
        extra = {}
        try:  # maps, where this checkout has them
            from app.services.maps import MapService
            extra["maps"] = self.maps = MapService(session, runner)
        except ImportError:
            self.maps = None
        try:  # motion search, where this checkout has it
            from app.motion.service import MotionSearchService
            extra["motion"] = self.motion = MotionSearchService(session, runner)
        except ImportError:
            self.motion = None
        self.tiles = TileServices(
            services.streams, services.cameras, services.playback, exports=self.exports,
            ptz=PtzService(session, runner), bookmarks=self.bookmarks,
            evidence=EvidenceService(session, runner),
            thumbnails=ThumbnailService(session, runner), **extra)


def _builders():
    """Every window and dialog of ui/, built as the operator first sees it."""
    from app.actions import ShortcutMap
    from app.api.admin import AdminUser
    from app.api.bookmarks import Bookmark
    from app.wall import Layout
    from ui.admin.camera_dialog import CameraDialog
    from ui.admin.import_dialog import ImportDialog
    from ui.admin.reset_password_dialog import ResetPasswordDialog
    from ui.admin.user_dialog import UserDialog
    from ui.admin.window import AdminWindow
    from ui.bookmarks.dialog import BookmarkDialog
    from ui.bookmarks.dock import BookmarkEditDialog
    from ui.cameras.placement_dialog import PlacementDialog
    from ui.evidence.export_dialog import ExportDialog
    from ui.evidence.mask_editor import MaskEditorDialog
    from ui.evidence.verify_dialog import VerifyDialog
    from ui.investigation.window import InvestigationWindow
    from ui.shell.password_dialog import PasswordChangeDialog
    from ui.shell.shortcuts_dialog import ShortcutsDialog
    from ui.views.custom_layout import CustomLayoutDialog
    from ui.wall.window import WallWindow

    def main_window(e):
        window = MainWindow(e.services.session, e.services.wall, e.tiles, settings=e.settings,
                            views=e.views, tours=e.tours, health=e.health, admin=e.admin)
        for dock in window.findChildren(__import__("PySide6.QtWidgets").QtWidgets.QDockWidget):
            dock.show()  # the docks closed until asked for too
        return window

    areas = lambda e: e.services.cameras.areas()  # noqa: E731
    user = AdminUser("budi", "Budi Santoso", (), ())
    mark = Bookmark(1, "cam001", "Taman Suropati", T_WINDOW, T_WINDOW, T_WINDOW,
                    "Motor", "", (), "budi", "Budi Santoso", False)
    builders = {
        MainWindow: main_window,
        AdminWindow: lambda e: AdminWindow(e.admin, e.services.cameras),
        CameraDialog: lambda e: CameraDialog(e.admin, areas(e)),
        UserDialog: lambda e: UserDialog(e.admin, areas(e)),
        ResetPasswordDialog: lambda e: ResetPasswordDialog(e.admin, user),
        ImportDialog: lambda e: ImportDialog(e.admin),
        InvestigationWindow: lambda e: InvestigationWindow(e.tiles),
        CustomLayoutDialog: lambda e: CustomLayoutDialog(e.services.wall),
        BookmarkDialog: lambda e: BookmarkDialog(e.bookmarks, "cam001", "Taman Suropati",
                                                 T_WINDOW),
        BookmarkEditDialog: lambda e: BookmarkEditDialog(mark),
        PasswordChangeDialog: lambda e: PasswordChangeDialog(e.services.session,
                                                             CredentialStore()),
        ShortcutsDialog: lambda e: ShortcutsDialog(ShortcutMap()),
        LoginDialog: lambda e: LoginDialog(e.services.session, CredentialStore(),
                                           "http://127.0.0.1:1", "operator"),
        ExportDialog: lambda e: ExportDialog(e.exports, "cam001", "Taman Suropati", T_WINDOW,
                                             T_WINDOW.replace(minute=5)),
        VerifyDialog: lambda e: VerifyDialog(e.exports),
        MaskEditorDialog: lambda e: MaskEditorDialog(None, "cam001", T_WINDOW),
        WallWindow: lambda e: WallWindow(e.services.wall, e.tiles),
        PlacementDialog: lambda e: PlacementDialog("", larger=Layout.L3X3, replace="",
                                                   empty_only=True),
    }
    try:
        from ui.evidence.request_dialog import RequestDialog
        builders[RequestDialog] = lambda e: RequestDialog(e.services.cameras.cameras(), [],
                                                          T_WINDOW)
    except ImportError:
        pass
    try:
        from ui.motion.area_window import MotionAreaSearchDialog
        builders[MotionAreaSearchDialog] = lambda e: MotionAreaSearchDialog(
            e.motion, e.services.cameras, None)
    except ImportError:
        pass
    try:
        from ui.maps.add_dialog import AddMapDialog
        builders[AddMapDialog] = lambda e: AddMapDialog(e.maps, e.services.cameras)
    except ImportError:
        pass
    try:
        from app.faces import FaceReview
        from ui.evidence.face_editor import FaceEditorDialog
        builders[FaceEditorDialog] = lambda e: FaceEditorDialog(
            None, "cam001", FaceReview(), T_WINDOW, T_WINDOW.replace(minute=5))
    except ImportError:
        pass
    try:
        from app.alarms import parse as alarm_parse
        from app.alarms.rules import AlarmRulesService
        from tests.app.alarm_fakes import alarm_json
        from ui.alarms.ack_dialog import AcknowledgeDialog
        from ui.alarms.rule_dialog import AlarmRuleDialog
        from ui.alarms.rules_dialog import AlarmRulesDialog

        def alarm_rules(e):
            return AlarmRulesService(e.services.session, e.services.runner)
        builders[AcknowledgeDialog] = lambda e: AcknowledgeDialog(
            alarm_parse.alarm(alarm_json(1)))
        builders[AlarmRuleDialog] = lambda e: AlarmRuleDialog(alarm_rules(e),
                                                              e.services.cameras, None)
        builders[AlarmRulesDialog] = lambda e: AlarmRulesDialog(alarm_rules(e),
                                                                e.services.cameras, None)
    except ImportError:
        pass
    return builders


def _windows_of_ui() -> set[type]:
    """Every QDialog and QMainWindow subclass in ui/, and the wall window."""
    import importlib
    import pkgutil

    from PySide6.QtWidgets import QDialog, QMainWindow

    import ui
    from ui.wall.window import WallWindow
    found = {WallWindow}
    for info in pkgutil.walk_packages(ui.__path__, "ui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, QDialog | QMainWindow)
                    and value.__module__ == info.name):
                found.add(value)
    return found


def test_every_window_of_ui_is_checked_in_indonesian():
    """A new dialog is checked from the day it is written: it needs a builder here."""
    missing = {f"{w.__module__}.{w.__name__}" for w in _windows_of_ui() - set(_builders())}
    assert not missing, f"add them to _builders(): {sorted(missing)}"


def _show(qtbot, window):
    qtbot.addWidget(window)
    window.show()
    QApplication.processEvents()
    return window


@pytest.mark.parametrize("kind", list(_builders()), ids=lambda k: k.__name__)
def test_every_window_says_everything_in_indonesian_without_clipping(qtbot, services,
                                                                    tmp_path, kind):
    everything = _Everything(services, tmp_path)
    english = _visible_texts(_show(qtbot, _builders()[kind](everything)))
    _switch("id")
    window = _show(qtbot, _builders()[kind](everything))
    untranslated = _untranslated(english, _visible_texts(window), _names(services))
    clipped = _clipped(window)
    assert not untranslated and not clipped, (
        "in English in the Indonesian window:\n" + "\n".join(untranslated)
        + "\ncut off in Indonesian:\n" + "\n".join(clipped))


def test_the_window_check_sees_english_and_cut_off_labels(qtbot):
    """The checks above can fail: an English label in an 'Indonesian' window, and a label
    held narrower than its text."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget
    window = QWidget()
    column = QVBoxLayout(window)
    column.addWidget(QLabel("Taman Suropati (cam001)"))
    column.addWidget(QLabel("Save snapshot"))
    narrow = QLabel("Simpan cuplikan")
    narrow.setFixedWidth(20)
    column.addWidget(narrow)
    _show(qtbot, window)
    texts = _visible_texts(window)
    english = [(where, "Save snapshot" if text == "Simpan cuplikan" else text)
               for where, text in texts]
    assert _untranslated(english, texts, {"Taman Suropati", "cam001"}) \
        == ["QLabel#: 'Save snapshot'"]
    assert _clipped(window) == ["QLabel# 'Simpan cuplikan': needs "
                                f"{narrow.sizeHint().width()} px, has 20"]

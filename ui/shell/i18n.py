"""The interface language: English source strings, Indonesian through Qt's translator.

Switching installs other translators; then language_notifier().language_changed tells
our widgets to re-translate their texts (Qt's own widgets follow QEvent.LanguageChange).
Our widgets do not override changeEvent for this: with PySide6 6.9 a Python changeEvent
on a top-level widget crashes Qt when the active window changes.

`python -m ui.shell.i18n --update` re-extracts the strings from ui/ and app/ into the .ts
files and compiles them; `--check` says whether anything is untranslated or stale
(see resources/translations/README.md).
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from app.settings import Language
from ui.shell.resources import resources_dir

log = logging.getLogger(__name__)

# Each language under its own name, as language menus show them.
LANGUAGE_NAMES = {Language.ENGLISH: "English", Language.INDONESIAN: "Bahasa Indonesia"}
# The languages translated from English; each has pantau_<code>.ts beside a .qm.
TRANSLATED = (Language.INDONESIAN,)

_installed: list[QTranslator] = []
_current = Language.ENGLISH


class LanguageNotifier(QObject):
    language_changed = Signal(object)  # Language, after its translators are installed


_notifier: LanguageNotifier | None = None


def language_notifier() -> LanguageNotifier:
    """The one notifier of language switches; widgets connect to it in __init__."""
    global _notifier
    if _notifier is None:
        _notifier = LanguageNotifier()
    return _notifier


def translations_dir() -> Path:
    return resources_dir() / "translations"


def current_language() -> Language:
    return _current


def install_language(language: str | Language) -> bool:
    """Switch to ``language`` ("en" or "id"); True when it is English or its translation
    was loaded. Widgets connected to language_notifier() re-translate themselves."""
    global _current
    language = Language(language)
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _current = language
    QLocale.setDefault(QLocale(language.value))
    loaded = True if language is Language.ENGLISH else _install_translation(app, language)
    language_notifier().language_changed.emit(language)
    return loaded


def _install_translation(app: QCoreApplication, language: Language) -> bool:
    code = language.value
    loaded = _install(app, f"pantau_{code}", translations_dir())
    # Qt's own texts (standard buttons, text-field menus): Qt's file when PySide6 ships
    # one, else the short one of ours (PySide6 ships no qtbase_id).
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not _install(app, f"qtbase_{code}", qt_dir):
        _install(app, f"qtbase_{code}", translations_dir())
    if not loaded:
        log.warning("no %s translation found; the interface stays in English", code)
    return loaded


def _install(app: QCoreApplication, name: str, directory: Path) -> bool:
    translator = QTranslator(app)
    if not translator.load(name, str(directory)):
        translator.deleteLater()
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


# -- maintaining the translation files (a developer tool, never run by the client) ------
_REPO = Path(__file__).resolve().parents[2]
_SOURCES = ("ui", "app")  # lupdate finds self.tr() and QCoreApplication.translate()


def _tool(name: str) -> str:
    path = shutil.which(f"pyside6-{name}", path=str(Path(sys.executable).parent)) \
        or shutil.which(f"pyside6-{name}")
    if path is None:
        raise SystemExit(f"pyside6-{name} not found: install PySide6 in this environment")
    return path


def source_files() -> list[Path]:
    return sorted(p for d in _SOURCES for p in (_REPO / d).rglob("*.py")
                  if "__pycache__" not in p.parts)


def ts_files() -> list[Path]:
    """Every .ts file: pantau_<code>.ts from lupdate, qtbase_<code>.ts kept by hand."""
    return sorted(translations_dir().glob("*.ts"))


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def update() -> None:
    """lupdate the pantau_*.ts files from the sources, then lrelease every .ts."""
    files = [str(p.relative_to(_REPO)) for p in source_files()]
    for language in TRANSLATED:
        ts = translations_dir() / f"pantau_{language.value}.ts"
        subprocess.run([_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "relative",
                        "-source-language", "en", "-target-language", language.value,
                        *files, "-ts", str(ts.relative_to(_REPO))], check=True, cwd=_REPO)
    for ts in ts_files():
        lrelease(ts, ts.with_suffix(".qm"))


def untranslated(ts: Path) -> list[str]:
    """Source texts in ``ts`` without a finished translation."""
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        kind = translation.get("type") if translation is not None else "unfinished"
        if kind in ("obsolete", "vanished"):
            continue
        forms = [form.text for form in translation.iter("numerusform")]
        text = " ".join(t or "" for t in forms) if forms else (translation.text or "")
        if kind == "unfinished" or not text.strip():
            missing.append(message.findtext("source") or "")
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.shell.i18n",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--update", action="store_true",
                        help="re-extract strings into the .ts files and compile the .qm files")
    parser.add_argument("--check", action="store_true",
                        help="fail when a message is untranslated")
    args = parser.parse_args(argv)
    if not (args.update or args.check):
        parser.error("say --update, --check or both")
    if args.update:
        update()
    status = 0
    for ts in ts_files():
        missing = untranslated(ts)
        for text in missing:
            print(f"{ts.name}: untranslated: {text!r}")
        status = status or int(bool(missing))
        if not missing:
            print(f"{ts.name}: every message translated")
    return status


if __name__ == "__main__":
    sys.exit(main())

"""The interface language: English source strings, Indonesian through Qt's translator."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ui.resources import resources_dir

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []


def install_language(language: str) -> bool:
    """Switch to ``language`` ("en" or "id"); True when a translation was loaded.
    Widgets that listen for QEvent.LanguageChange re-translate themselves."""
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return True
    loaded = False
    for name, directory in (
        (f"pantau_{language}", str(resources_dir() / "translations")),
        (f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
    ):
        translator = QTranslator(app)
        if translator.load(name, directory):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded = loaded or name.startswith("pantau")
    if not loaded:
        log.warning("no %s translation found; the interface stays in English", language)
    return loaded

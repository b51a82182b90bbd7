"""The one version source reaches pyproject's metadata and both packaging formats."""

from importlib.metadata import version

from app.version import __version__
from tools.version import iss_include, numeric_tuple, windows_version_info


def test_installed_metadata_uses_app_version():
    assert version("pantau") == __version__


def test_inno_setup_include_defines_app_version():
    assert iss_include("1.2.3") == '#define AppVersion "1.2.3"\n'


def test_windows_version_info_carries_numeric_and_text_version():
    text = windows_version_info("2.5.1")
    assert "filevers=(2, 5, 1, 0)" in text
    assert "StringStruct('ProductVersion', '2.5.1')" in text


def test_numeric_tuple_ignores_prerelease_suffixes():
    assert numeric_tuple("1.4.0rc2") == (1, 4, 0, 0)
    assert numeric_tuple("3") == (3, 0, 0, 0)

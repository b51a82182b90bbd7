"""One version source (app/version.py) rendered for the packaging tools.

    python -m tools.version            -> 0.1.0
    python -m tools.version --iss F    -> writes an Inno Setup include with AppVersion
    python -m tools.version --win F    -> writes a PyInstaller Windows version-info file
"""

from __future__ import annotations

import argparse
import re
import sys

from app.version import __version__


def numeric_tuple(version: str = __version__) -> tuple[int, int, int, int]:
    """Windows wants four numbers: a pre-release suffix ("0rc2") keeps its leading digits."""
    parts = [int(m.group()) if (m := re.match(r"\d+", p)) else 0 for p in version.split(".")]
    a, b, c, d = (parts + [0, 0, 0, 0])[:4]
    return a, b, c, d


def iss_include(version: str = __version__) -> str:
    return f'#define AppVersion "{version}"\n'


def windows_version_info(version: str = __version__) -> str:
    nums = numeric_tuple(version)
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={nums}, prodvers={nums}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', 'Pantau contributors'),
      StringStruct('FileDescription', 'Pantau video wall'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', 'pantau'),
      StringStruct('OriginalFilename', 'Pantau.exe'),
      StringStruct('ProductName', 'Pantau'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.version")
    parser.add_argument("--iss", metavar="FILE")
    parser.add_argument("--win", metavar="FILE")
    args = parser.parse_args(argv)
    if args.iss:
        with open(args.iss, "w", encoding="utf-8") as fh:
            fh.write(iss_include())
    if args.win:
        with open(args.win, "w", encoding="utf-8") as fh:
            fh.write(windows_version_info())
    if not (args.iss or args.win):
        print(__version__)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The data directory is the service user's alone: the database (password hashes,
sealed camera passwords), recordings, exports and keys were world-readable (0644 files
in 0755 folders).

From the start of serving, the process umask is 0o077, so every file and folder made
later (segments, exports, thumbnails, the SQLite WAL) is 0600/0700. What was made before
(an older installation, the files made while the application was built) is made private
at the top: the data directory itself 0700, which alone closes everything beneath it to
other users, and every folder and file beneath it 0700/0600 except inside
``recordings/`` (a city's recordings are millions of files; the folder itself is closed).
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_UMASK = 0o077
DIR_MODE = 0o700
FILE_MODE = 0o600
# Not walked at start: closed by its own mode, and its files are made under the umask.
UNWALKED = frozenset({"recordings"})


def private_umask() -> None:
    os.umask(PRIVATE_UMASK)


def private_dir(path: Path) -> None:
    """``path`` exists as a folder only its owner may enter."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.chmod(path, DIR_MODE)


def private_file(path: Path) -> None:
    """``path`` exists, readable and writable by its owner only (created empty if not)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def make_private(data_dir: Path) -> None:
    """The data directory and what lies directly in it, private to the service user.
    A shared folder (sticky, as /tmp) given as the data directory is left as it is."""
    if data_dir.exists() and data_dir.stat().st_mode & stat.S_ISVTX:
        log.warning("data directory %s is a shared folder; give Pantau its own", data_dir)
        return
    private_dir(data_dir)
    for folder, dirs, files in os.walk(data_dir):
        for name in dirs + files:
            path = os.path.join(folder, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISDIR(mode):
                os.chmod(path, DIR_MODE)
            elif stat.S_ISREG(mode):
                os.chmod(path, FILE_MODE)
        if folder == str(data_dir):
            dirs[:] = [d for d in dirs if d not in UNWALKED]

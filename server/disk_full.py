"""Is this failure a full disk? Then the answer is a 503 saying so, never a 500."""

from __future__ import annotations

import errno
import logging
import shutil
from pathlib import Path

from sqlalchemy.exc import OperationalError

log = logging.getLogger(__name__)

_SQLITE_FULL = 13  # sqlite3's SQLITE_FULL: "database or disk is full"
_PG_DISK_FULL = "53100"  # PostgreSQL's SQLSTATE disk_full


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OperationalError):
        orig = exc.orig
        if getattr(orig, "sqlite_errorcode", None) == _SQLITE_FULL:
            return True
        code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        return code == _PG_DISK_FULL or "database or disk is full" in str(orig)
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


# A start that failed with less than this free on the data directory's disk failed for
# want of room: SQLite cannot even make its WAL there ("disk I/O error", not "full").
_ROOM_TO_START = 1024 * 1024
EXIT_NO_ROOM = 75  # EX_TEMPFAIL: start again once there is room


def no_room_to_start(data_dir: Path, exc: BaseException) -> bool:
    """Whether a start failed because the disk is full; if so, says it in the log, with
    what to do, in place of a traceback. Nothing was written: the database is as it was."""
    try:
        free = shutil.disk_usage(data_dir).free
    except OSError:
        return False
    if not is_disk_full(exc) and free >= _ROOM_TO_START:
        return False
    log.error(
        "cannot start: the disk holding %s has %d bytes free and no ballast is left to "
        "release, so the database cannot open. Free space on that disk (the oldest "
        "recordings under %s/recordings can go), then start the server again.",
        data_dir, free, data_dir,
    )
    return True

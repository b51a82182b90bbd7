"""Is this failure a full disk? Then the answer is a 503 saying so, never a 500."""

from __future__ import annotations

import errno

from sqlalchemy.exc import OperationalError

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

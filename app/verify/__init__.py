"""Checking an evidence export with nothing but its files and the server's public key."""

from app.verify.core import (
    Check,
    CheckStatus,
    ExitCode,
    Problem,
    VerifyResult,
    find_export,
    verify_export,
)

__all__ = [
    "Check",
    "CheckStatus",
    "ExitCode",
    "Problem",
    "VerifyResult",
    "find_export",
    "verify_export",
]

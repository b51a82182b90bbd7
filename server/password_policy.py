"""What a user's password must be: long enough, not a well-known one, not the name.

Applied wherever a password is chosen (an administrator creating or resetting an
account, a user changing theirs, ``python -m server users``), never at sign-in: an
account seeded before a rule existed still signs in and is asked to change later.
The messages are shown to people as they are (the client puts them under the field).
"""

from __future__ import annotations

import os
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

# Ten characters: long enough that an offline guess at a leaked scrypt hash costs
# years, short enough for a sector-post PC that several officers share.
MIN_LENGTH = 10
MAX_LENGTH = 1000  # the same bound sign-in accepts
COMMON_FILE_ENV = "PANTAU_COMMON_PASSWORDS_FILE"


class PasswordProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    ONE_CHARACTER = "one_character"  # "aaaaaaaaaa" passes a length rule and nothing else
    USERNAME = "username"  # the first thing anyone who knows the name tries
    COMMON = "common"  # on the list every password-guessing tool starts with


_MESSAGES = {
    PasswordProblem.TOO_SHORT: f"The password must be at least {MIN_LENGTH} characters long.",
    PasswordProblem.TOO_LONG: f"The password must be at most {MAX_LENGTH} characters long.",
    PasswordProblem.ONE_CHARACTER: "The password must not be one character repeated.",
    PasswordProblem.USERNAME: "The password must not be the user name.",
    PasswordProblem.COMMON: "This password is one of the most commonly used passwords, which "
    "are guessed first; choose another.",
}


class WeakPassword(ValueError):
    """A password the rules refuse; ``str()`` is the sentence to show."""

    def __init__(self, problem: PasswordProblem) -> None:
        super().__init__(_MESSAGES[problem])
        self.problem = problem


def find_common_file() -> Path:
    here = Path(__file__).resolve().parent
    candidates = [Path(os.environ[COMMON_FILE_ENV])] if os.environ.get(COMMON_FILE_ENV) else []
    candidates += [
        here.parent / "resources" / "server" / "common-passwords.txt",
        Path.cwd() / "resources" / "server" / "common-passwords.txt",
    ]
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(
        "resources/server/common-passwords.txt not found; set " + COMMON_FILE_ENV
    )


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = find_common_file().read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().casefold() for line in lines if line.strip() and not line.startswith("#")
    )


def problem_with(password: str, username: str) -> PasswordProblem | None:
    if len(password) < MIN_LENGTH:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_LENGTH:
        return PasswordProblem.TOO_LONG
    if len(set(password)) == 1:
        return PasswordProblem.ONE_CHARACTER
    folded = password.strip().casefold()
    if folded == username.strip().casefold():
        return PasswordProblem.USERNAME
    if folded in common_passwords():
        return PasswordProblem.COMMON
    return None


def require_acceptable(password: str, username: str) -> None:
    """Raise WeakPassword unless ``password`` may be chosen for ``username``."""
    problem = problem_with(password, username)
    if problem is not None:
        raise WeakPassword(problem)

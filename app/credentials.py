"""Passwords live only in the operating system's keyring, never in a file or a log.

On a machine without a usable keyring (a headless Linux box without Secret Service)
the store says so and remembers nothing; there is deliberately no file fallback.
"""

from __future__ import annotations

import enum
import logging

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

SERVICE = "pantau"
NO_KEYRING_MESSAGE = "password cannot be remembered: no OS keyring available"


class CredentialError(enum.Enum):
    NONE = "none"
    NO_KEYRING = "no_keyring"
    KEYRING_FAILED = "keyring_failed"  # the keyring exists but refused (locked, denied)


def account(username: str, server_url: str) -> str:
    return f"{username}@{server_url}"


def _usable(backend: KeyringBackend) -> bool:
    module = type(backend).__module__
    # fail/null are keyring's "nothing here" backends; keyrings.alt stores files.
    if module.startswith(("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")):
        return False
    children = getattr(backend, "backends", None)
    if children is not None:  # the chainer: usable if any of its members is
        return any(_usable(child) for child in children)
    try:
        return backend.priority > 0
    except Exception:  # some backends raise from priority when unavailable
        return False


class CredentialStore:
    def __init__(self) -> None:
        self.last_error = CredentialError.NONE

    def available(self) -> bool:
        return _usable(keyring.get_keyring())

    def save(self, username: str, server_url: str, password: str) -> bool:
        if not self._check():
            return False
        try:
            keyring.set_password(SERVICE, account(username, server_url), password)
        except keyring.errors.KeyringError as exc:
            return self._failed("store", exc)
        self.last_error = CredentialError.NONE
        return True

    def load(self, username: str, server_url: str) -> str | None:
        if not self._check():
            return None
        try:
            password = keyring.get_password(SERVICE, account(username, server_url))
        except keyring.errors.KeyringError as exc:
            self._failed("read", exc)
            return None
        self.last_error = CredentialError.NONE
        return password

    def forget(self, username: str, server_url: str) -> None:
        if not self._check():
            return
        try:
            keyring.delete_password(SERVICE, account(username, server_url))
        except keyring.errors.PasswordDeleteError:
            pass  # nothing was remembered
        except keyring.errors.KeyringError as exc:
            self._failed("delete", exc)

    def _check(self) -> bool:
        if self.available():
            return True
        self.last_error = CredentialError.NO_KEYRING
        log.warning(NO_KEYRING_MESSAGE)
        return False

    def _failed(self, what: str, exc: Exception) -> bool:
        # The exception text never contains the password, only the backend's complaint.
        log.warning("keyring could not %s the password: %s", what, type(exc).__name__)
        self.last_error = CredentialError.KEYRING_FAILED
        return False

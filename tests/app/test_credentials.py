import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from app.credentials import NO_KEYRING_MESSAGE, CredentialError, CredentialStore


class MemoryKeyring(KeyringBackend):
    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        if self.store.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture
def restore_keyring():
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


def test_saves_under_service_pantau_and_user_at_server(restore_keyring):
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    store = CredentialStore()
    assert store.save("operator", "http://127.0.0.1:8080", "s3cret")
    assert memory.store == {("pantau", "operator@http://127.0.0.1:8080"): "s3cret"}
    assert store.load("operator", "http://127.0.0.1:8080") == "s3cret"
    assert store.load("operator", "http://other:8080") is None
    store.forget("operator", "http://127.0.0.1:8080")
    store.forget("operator", "http://127.0.0.1:8080")  # twice is fine
    assert memory.store == {}


def test_without_an_os_keyring_nothing_is_remembered_and_it_says_why(
        restore_keyring, tmp_path, caplog, monkeypatch):
    keyring.set_keyring(fail.Keyring())
    monkeypatch.chdir(tmp_path)
    store = CredentialStore()
    assert not store.available()
    assert store.save("operator", "http://x", "s3cret") is False
    assert store.last_error is CredentialError.NO_KEYRING
    assert store.load("operator", "http://x") is None
    assert NO_KEYRING_MESSAGE in caplog.text
    assert "s3cret" not in caplog.text
    assert list(tmp_path.iterdir()) == []  # and no file fallback anywhere near

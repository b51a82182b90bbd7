"""Camera passwords at rest: sealed with a key beside the database, rotatable."""

from __future__ import annotations

import json
import stat
import subprocess
import sys

import pytest

from server.db import default_url, open_engine
from server.schema import credentials
from server.vault import Vault, VaultError, get_credential, put_credential
from tests.server.conftest import stored_bytes

REPO = __import__("pathlib").Path(__file__).resolve().parents[2]


@pytest.fixture
def engine(tmp_path):
    eng = open_engine(default_url(tmp_path))
    yield eng
    eng.dispose()


def test_the_key_file_is_private_and_the_database_holds_no_password(tmp_path, engine):
    vault = Vault.open(tmp_path)
    with engine.begin() as conn:
        put_credential(conn, vault, "cam001", "admin", "s3cret-Pa55!@:")
    key_file = tmp_path / "keys" / "credentials.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert b"s3cret-Pa55" not in stored_bytes(tmp_path)
    with engine.connect() as conn:
        assert get_credential(conn, Vault.open(tmp_path), "cam001") == ("admin", "s3cret-Pa55!@:")


def test_a_secret_moved_to_another_row_or_key_does_not_open(tmp_path, engine):
    vault = Vault.open(tmp_path)
    sealed = vault.seal("pw", "cam001")
    with pytest.raises(VaultError, match="cam002"):
        vault.open_secret(sealed, "cam002")
    with pytest.raises(VaultError, match="key not held"):
        Vault.open(tmp_path / "elsewhere").open_secret(sealed, "cam001")


def test_rotation_reseals_every_password_from_the_command_line(tmp_path, engine):
    vault = Vault.open(tmp_path)
    with engine.begin() as conn:
        put_credential(conn, vault, "site-a", "admin", "one")
        put_credential(conn, vault, "site-b", "operator", "two")
        before = dict(conn.execute(credentials.select().with_only_columns(
            credentials.c.id, credentials.c.secret)).all())
    old_id = vault.key_id
    out = subprocess.run(
        [sys.executable, "-m", "server", "keys", "rotate", "--data-dir", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=True,
    )
    report = json.loads(out.stdout)
    assert report["rotated"] == 2 and report["old_key_id"] == old_id != report["key_id"]
    rotated = Vault.open(tmp_path)
    assert rotated.key_id == report["key_id"]
    with engine.connect() as conn:
        after = dict(conn.execute(credentials.select().with_only_columns(
            credentials.c.id, credentials.c.secret)).all())
        assert all(after[k] != before[k] and report["key_id"] in after[k] for k in before)
        assert get_credential(conn, rotated, "site-b") == ("operator", "two")
    # the old key is gone from the file: the old sealed secrets no longer open
    with pytest.raises(VaultError):
        rotated.open_secret(before["site-a"], "site-a")

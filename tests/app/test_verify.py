"""The verifier against manifests signed by the server's own signing code."""

import hashlib
import json
import subprocess
import sys

import pytest

from app.verify import CheckStatus, verify_export
from app.verify.core import Problem
from server.signing import load_signer


def _export(tmp_path, name="cam001_20261122T0300Z"):
    signer = load_signer(tmp_path / "server")
    folder = tmp_path / "export"
    folder.mkdir()
    video = bytes(range(256)) * 400
    (folder / f"{name}.mp4").write_bytes(video)
    manifest = {
        "camera": {"id": "cam001", "name": "Taman Tebet Eco Park"},
        "contained": {"start_wib": "2026-11-22 10:00:00 WIB", "end_wib": "2026-11-22 10:00:30 WIB"},
        "file": {"name": f"{name}.mp4", "bytes": len(video),
                 "sha256": hashlib.sha256(video).hexdigest()},
        "reason": "Pencurian motor",
    }
    (folder / f"{name}.manifest.json").write_bytes(signer.sign(manifest))
    (folder / f"{name}.pubkey.pem").write_text(signer.public_pem)
    return signer, folder, name


def _flip(path, offset):
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_an_untouched_export_verifies_from_any_of_its_paths(tmp_path):
    signer, folder, name = _export(tmp_path)
    for target in (folder, folder / f"{name}.mp4", folder / f"{name}.manifest.json"):
        result = verify_export(target)
        assert result.ok, result.summary()
        assert [c.name for c in result.checks] == ["manifest", "key", "signature", "mp4"]
        assert result.key_id == signer.key_id
    assert verify_export(folder, signer.public_pem.encode()).summary().startswith("VERIFIED")


def test_one_changed_byte_in_the_mp4_fails_and_names_it(tmp_path):
    _, folder, name = _export(tmp_path)
    _flip(folder / f"{name}.mp4", 5000)
    result = verify_export(folder)
    assert not result.ok and result.problem is Problem.MP4_CHANGED
    assert result.failed_file.endswith(f"{name}.mp4")
    assert "does not match the manifest" in result.summary()


def test_a_changed_manifest_fails_and_names_it(tmp_path):
    _, folder, name = _export(tmp_path)
    path = folder / f"{name}.manifest.json"
    text = path.read_text()
    path.write_text(text.replace("Pencurian motor", "Pencurian mobil"))
    result = verify_export(folder)
    assert result.problem is Problem.MANIFEST_CHANGED
    assert result.failed_file.endswith(".manifest.json")
    # A flipped byte that breaks the JSON is caught too, and names the same file.
    _flip(path, 0)
    broken = verify_export(folder)
    assert broken.problem is Problem.MANIFEST_UNREADABLE
    assert broken.failed_file.endswith(".manifest.json")


def test_a_key_other_than_the_signers_is_refused(tmp_path):
    _, folder, _ = _export(tmp_path)
    other = load_signer(tmp_path / "other-server")
    result = verify_export(folder, other.public_pem.encode())
    assert result.problem is Problem.KEY_MISMATCH
    assert [c.status for c in result.checks][-1] is CheckStatus.FAILED


def test_the_command_line_exits_0_or_1_and_says_why(tmp_path):
    _, folder, name = _export(tmp_path)
    ok = subprocess.run([sys.executable, "-m", "app.verify", str(folder)],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and "VERIFIED" in ok.stdout
    _flip(folder / f"{name}.mp4", 10)
    bad = subprocess.run([sys.executable, "-m", "app.verify", str(folder), "--json"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1
    report = json.loads(bad.stdout)
    assert report["problem"] == "mp4_changed" and report["failed_file"].endswith(".mp4")


@pytest.mark.parametrize("missing", ["nothing-here", "x.mp4"])
def test_missing_files_are_reported_not_raised(tmp_path, missing):
    result = verify_export(tmp_path / missing)
    assert not result.ok and result.problem is Problem.NOT_FOUND


def test_the_private_key_is_owner_only_and_stable(tmp_path):
    first = load_signer(tmp_path / "server")
    key_file = next((tmp_path / "server" / "keys").glob("*.pem"))
    assert key_file.stat().st_mode & 0o777 == 0o600
    again = load_signer(tmp_path / "server")
    assert (again.key_id, again.server_id) == (first.key_id, first.server_id)
    assert "PRIVATE" not in again.public_pem

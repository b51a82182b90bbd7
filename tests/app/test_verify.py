"""The verifier against manifests signed by the server's own signing code (version 2), and
against version-1 exports as the server wrote them before."""

import base64
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
    manifest = {"pantau_export": 2, **manifest, "server": {"key_id": signer.key_id}}
    document = (json.dumps(manifest, indent=2) + "\n").encode()
    (folder / f"{name}.manifest.json").write_bytes(document)
    (folder / f"{name}.manifest.sig").write_bytes(signer.sign(document))
    (folder / f"{name}.pubkey.pem").write_text(signer.public_pem)
    return signer, folder, name


def _export_v1(tmp_path, name="cam001_20261122T0300Z"):
    """A version-1 export: the signature inside the manifest file, over the manifest's
    canonical JSON (sorted keys, no spaces, UTF-8)."""
    signer, folder, name = _export(tmp_path, name)
    manifest = json.loads((folder / f"{name}.manifest.json").read_bytes())
    del manifest["pantau_export"], manifest["server"]
    canonical = json.dumps(manifest, sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False).encode()
    document = {"manifest": manifest, "signature": {
        "alg": "Ed25519", "key_id": signer.key_id,
        "value": base64.b64encode(signer.sign(canonical)).decode()}}
    (folder / f"{name}.manifest.json").write_text(json.dumps(document, indent=2, sort_keys=True))
    (folder / f"{name}.manifest.sig").unlink()
    return signer, folder, name


def _flip(path, offset):
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("make", [_export, _export_v1], ids=["v2", "v1"])
def test_an_untouched_export_verifies_from_any_of_its_paths(tmp_path, make):
    signer, folder, name = make(tmp_path)
    for target in (folder, folder / f"{name}.mp4", folder / f"{name}.manifest.json"):
        result = verify_export(target, trusted_key_ids=[signer.key_id])
        assert result.ok, result.summary()
        assert [c.name for c in result.checks] == ["manifest", "key", "signature", "mp4",
                                                   "signer"]
        assert result.key_id == signer.key_id
    assert verify_export(folder, signer.public_pem.encode()).summary().startswith("VERIFIED")


@pytest.mark.parametrize("make", [_export, _export_v1], ids=["v2", "v1"])
def test_the_key_in_the_folder_alone_leaves_the_signer_unverified(tmp_path, make):
    signer, folder, _ = make(tmp_path)
    result = verify_export(folder)
    assert not result.ok and result.problem is Problem.UNTRUSTED_SIGNER
    assert result.exit_code == 2 and result.summary().startswith("SIGNER UNVERIFIED")
    # A forger's own key in the folder, with a trusted id given: refused as failed.
    forged = verify_export(folder, trusted_key_ids=["0123456789abcdef"])
    assert forged.problem is Problem.KEY_MISMATCH and forged.exit_code == 1


def test_one_changed_byte_in_the_mp4_fails_and_names_it(tmp_path):
    _, folder, name = _export(tmp_path)
    _flip(folder / f"{name}.mp4", 5000)
    result = verify_export(folder)
    assert not result.ok and result.problem is Problem.MP4_CHANGED and result.exit_code == 1
    assert result.failed_file.endswith(f"{name}.mp4")
    assert "does not match the manifest" in result.summary()


def test_a_changed_manifest_fails_and_names_it(tmp_path):
    _, folder, name = _export(tmp_path)
    path = folder / f"{name}.manifest.json"
    text = path.read_text()
    path.write_text(text.replace("Pencurian motor", "Pencurian mobil"))
    result = verify_export(folder)
    assert result.problem is Problem.MANIFEST_CHANGED
    # Re-indenting the same JSON changes its bytes: the signature is over the bytes.
    path.write_text(json.dumps(json.loads(text)))
    assert verify_export(folder).problem is Problem.MANIFEST_CHANGED
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


def test_the_command_line_exits_0_1_2_or_3_and_says_why(tmp_path):
    signer, folder, name = _export(tmp_path)
    cli = [sys.executable, "-m", "app.verify", str(folder)]
    unknown = subprocess.run(cli, capture_output=True, text=True, timeout=60)
    assert unknown.returncode == 2 and "SIGNER UNVERIFIED" in unknown.stdout
    ok = subprocess.run([*cli, "--trust-key-id", signer.key_id],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and "VERIFIED" in ok.stdout
    key = tmp_path / "server.pem"
    key.write_text(signer.public_pem)
    assert subprocess.run([*cli, "--key", str(key)], timeout=60).returncode == 0
    (folder / f"{name}.manifest.sig").rename(tmp_path / "kept.sig")
    assert subprocess.run([*cli, "--key", str(key)], timeout=60).returncode == 3
    (tmp_path / "kept.sig").rename(folder / f"{name}.manifest.sig")
    _flip(folder / f"{name}.mp4", 10)
    bad = subprocess.run([sys.executable, "-m", "app.verify", str(folder), "--json"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1
    report = json.loads(bad.stdout)
    assert report["problem"] == "mp4_changed" and report["failed_file"].endswith(".mp4")


@pytest.mark.parametrize("missing", ["nothing-here", "x.mp4"])
def test_missing_files_are_reported_not_raised(tmp_path, missing):
    result = verify_export(tmp_path / missing)
    assert not result.ok and result.problem is Problem.NOT_FOUND and result.exit_code == 3


def test_the_private_key_is_owner_only_and_stable(tmp_path):
    first = load_signer(tmp_path / "server")
    key_file = next((tmp_path / "server" / "keys").glob("*.pem"))
    assert key_file.stat().st_mode & 0o777 == 0o600
    again = load_signer(tmp_path / "server")
    assert (again.key_id, again.server_id) == (first.key_id, first.server_id)
    assert "PRIVATE" not in again.public_pem

"""docs/evidence-format.md is checkable on its own: its example manifest verifies with its
example key by the recipe it gives (the `cryptography` package, not Pantau), the key id
and fingerprint are derived as it says, and a manifest the server writes today has
exactly the fields the document describes."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from tests.server.test_exports import _ask, _post, _wait_done

DOC = Path(__file__).resolve().parents[2] / "docs" / "evidence-format.md"


def _example():
    text = DOC.read_text(encoding="utf-8")
    example = text.split("## A complete example", 1)[1]
    blocks = re.findall(r"```(\w*)\n(.*?)\n```", example, re.S)
    manifest = (blocks[0][1] + "\n").encode("utf-8")  # "followed by one line feed"
    signature = base64.b64decode(blocks[1][1].strip(), validate=True)
    pem = (blocks[2][1] + "\n").encode("ascii")
    fields = set(re.findall(r"^\| `(\w+)`", text.split("## Manifest fields", 1)[1]
                            .split("## A complete example", 1)[0], re.M))
    fields |= {f for row in re.findall(r"^\| `(\w+)`, `(\w+)`(?:, `(\w+)`)?", text, re.M)
               for f in row if f}
    return text, manifest, signature, pem, fields


def test_the_documented_example_verifies_by_the_documented_recipe():
    text, manifest, signature, pem, _ = _example()
    key = serialization.load_pem_public_key(pem)
    key.verify(signature, manifest)  # raises InvalidSignature if not
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    fingerprint = hashlib.sha256(raw).hexdigest()
    assert json.loads(manifest)["server"]["key_id"] == fingerprint[:16]
    assert fingerprint in text


def test_the_server_writes_the_fields_the_document_describes(footage_api):
    _, example, _, _, fields = _example()
    api = footage_api
    token = api.token("supervisor")
    job = _wait_done(api, token, _post(api, token, **_ask(1, 5)).json()["id"])
    headers = {"Authorization": f"Bearer {token}"}
    written = api.client.get(f"/api/v1/exports/{job['id']}/manifest", headers=headers).json()
    assert set(written) == set(json.loads(example)) == fields

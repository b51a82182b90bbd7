"""A C2PA manifest embedded in an export's MP4 (issue 17), signed with the export key
under the server's certificate chain (server/exports/c2pa_certs.py), so any C2PA
verifier shows who exported it, from which camera and when, and that no byte of the
video changed since (its BMFF hash). The one module that imports c2pa."""

from __future__ import annotations

from pathlib import Path

import c2pa

from server.exports.c2pa_certs import C2paCredentials
from server.signing import Signer

# The footage comes from a camera: IPTC's digital capture.
DIGITAL_CAPTURE = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
EVIDENCE_LABEL = "org.pantau.evidence"


def embed(src: Path, dest: Path, manifest: dict, signer: Signer,
          credentials: C2paCredentials) -> None:
    """Write ``src`` with ``manifest`` (a C2PA manifest definition) embedded to ``dest``."""
    c2pa_signer = c2pa.Signer.from_callback(signer.sign, c2pa.C2paSigningAlg.ED25519,
                                            credentials.chain_pem, None)
    builder = c2pa.Builder(manifest)
    try:
        with open(src, "rb") as source, open(dest, "w+b") as out:
            builder.sign(c2pa_signer, "video/mp4", source, out)
    finally:
        builder.close()
        c2pa_signer.close()


def definition(title: str, version: str, actions: list[dict], evidence: dict) -> dict:
    return {
        "claim_generator_info": [{"name": "Pantau", "version": version}],
        "title": title,
        "format": "video/mp4",
        "assertions": [
            {"label": "c2pa.actions", "data": {"actions": actions}},
            {"label": EVIDENCE_LABEL, "data": evidence},
        ],
    }

"""Look for passwords where they must never be: files (databases, logs, exports,
manifests, crash reports) and captured texts (API answers, live URLs).

A password is looked for as typed and in the forms it takes on its way through a
system: percent-encoded (in a URL's userinfo), JSON-escaped, and base64 (an HTTP Basic
header or a careless encoding). Short secrets would match by chance, so each must be at
least 6 characters.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote


@dataclass(frozen=True)
class Leak:
    secret_label: str
    where: str  # a file's path or a text's label
    offset: int

    def __str__(self) -> str:
        return f"{self.secret_label} found in {self.where} at byte {self.offset}"


def _forms(secret: str) -> set[bytes]:
    raw = secret.encode("utf-8")
    forms = {raw, quote(secret, safe="").encode(), json.dumps(secret)[1:-1].encode()}
    # base64 of the secret alone and of the two usual "user:secret" shapes is found by
    # its stable middle part: the encoding of the secret shifted to each byte alignment.
    for pad in range(3):
        encoded = base64.b64encode(b"\0" * pad + raw)[4:-4]
        if len(encoded) >= 8:
            forms.add(encoded)
    return {f for f in forms if f}


def scan(secrets: dict[str, str], *, paths: Iterable[Path] = (),
         texts: Iterable[tuple[str, str]] = ()) -> list[Leak]:
    """Every place any of ``secrets`` (label → secret) appears. ``paths`` are files or
    folders (searched recursively); ``texts`` are (label, text) pairs."""
    for label, secret in secrets.items():
        if len(secret) < 6:
            raise ValueError(f"secret {label!r} is too short to scan for reliably")
    wanted = {label: _forms(secret) for label, secret in secrets.items()}
    leaks: list[Leak] = []

    def look(where: str, data: bytes) -> None:
        for label, forms in wanted.items():
            for form in forms:
                at = data.find(form)
                if at >= 0:
                    leaks.append(Leak(label, where, at))
                    break

    for root in paths:
        root = Path(root)
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for file in files:
            try:
                look(str(file), file.read_bytes())
            except OSError:
                continue  # a file removed while we walked (a finished segment's .part)
    for label, text in texts:
        look(label, text.encode("utf-8", "surrogateescape"))
    return leaks

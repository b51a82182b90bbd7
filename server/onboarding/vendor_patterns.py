"""Vendor RTSP URL patterns, kept as data (resources/server/vendor-patterns.json) so an
integrator adds a vendor without a release."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from server.cameras import Profile
from server.onboarding.streams import SuggestedUrl

PATTERNS_FILE_ENV = "PANTAU_VENDOR_PATTERNS"
_RELATIVE = Path("resources") / "server" / "vendor-patterns.json"


@dataclass(frozen=True)
class VendorPattern:
    vendor: str
    profile: Profile
    path: str  # with its query, starting with "/"

    def to_json(self) -> dict:
        return {"vendor": self.vendor, "profile": self.profile.value, "path": self.path}


@dataclass(frozen=True)
class VendorPatterns:
    rtsp_port: int
    patterns: tuple[VendorPattern, ...]

    def suggest(self, host: str) -> list[SuggestedUrl]:
        """Every pattern as a URL on ``host`` (a name, IPv4 or IPv6 address)."""
        where = f"[{host}]" if ":" in host and not host.startswith("[") else host
        return [
            SuggestedUrl(p.vendor, p.profile, f"rtsp://{where}:{self.rtsp_port}{p.path}")
            for p in self.patterns
        ]


def find_patterns_file() -> Path:
    candidates = []
    if os.environ.get(PATTERNS_FILE_ENV):
        candidates.append(Path(os.environ[PATTERNS_FILE_ENV]))
    here = Path(__file__).resolve().parent.parent  # server/
    candidates += [here.parent / _RELATIVE, here / _RELATIVE, Path.cwd() / _RELATIVE]
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(f"{_RELATIVE} not found; set {PATTERNS_FILE_ENV}")


def parse_patterns(doc: dict) -> VendorPatterns:
    """Refuses a file with a mistake rather than offering a broken URL."""
    port = int(doc.get("rtsp_port", 554))
    out = []
    for i, item in enumerate(doc["patterns"]):
        path = str(item["path"])
        if not path.startswith("/"):
            raise ValueError(f"pattern {i + 1}: path must start with '/'")
        out.append(VendorPattern(str(item["vendor"]), Profile(item["profile"]), path))
    return VendorPatterns(port, tuple(out))


@lru_cache(maxsize=1)
def load_patterns() -> VendorPatterns:
    return parse_patterns(json.loads(find_patterns_file().read_text(encoding="utf-8")))

"""The two stream profiles every camera offers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    width: int
    height: int
    kbps: int


PROFILES: dict[str, Profile] = {
    "main": Profile("main", 1920, 1080, 4000),
    "sub": Profile("sub", 640, 360, 600),
}

"""The simulated fleet: deterministic, Jakarta-shaped camera records.

The first cameras are places named in the news (seeds); the rest are flood points,
fire points, intersections, parks and dense neighbourhoods spread over the kecamatan
of ``resources/city/jakarta_areas.json``. The same ``count`` always gives the same fleet.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from camsim.lineup import Lineup, lineup_for

AREAS_FILE = Path(__file__).resolve().parent.parent / "resources" / "city" / "jakarta_areas.json"

_DIRECTIONS = ("Utara", "Selatan", "Barat", "Timur", "Tengah")

# (name, kecamatan, tag): first the places from the seeds, then well-known points.
_NAMED_PLACES: tuple[tuple[str, str, str], ...] = (
    ("Taman Tebet Eco Park", "Tebet", "taman"),
    ("Taman Langsat", "Kebayoran Baru", "taman"),
    ("Taman Leuser", "Kebayoran Baru", "taman"),
    ("Permukiman Kebon Jeruk", "Kebon Jeruk", "permukiman"),
    ("Pintu Air Manggarai", "Tebet", "banjir"),
    ("Simpang Semanggi", "Setiabudi", "persimpangan"),
    ("Pasar Tanah Abang", "Tanah Abang", "kebakaran"),
    ("Kampung Melayu", "Jatinegara", "banjir"),
    ("Bundaran HI", "Menteng", "persimpangan"),
    ("Taman Suropati", "Menteng", "taman"),
    ("Permukiman Tambora", "Tambora", "permukiman"),
    ("Pintu Air Karet", "Tanah Abang", "banjir"),
    ("Simpang Harmoni", "Gambir", "persimpangan"),
    ("Pasar Senen", "Senen", "kebakaran"),
    ("Bukit Duri", "Tebet", "banjir"),
    ("Taman Menteng", "Menteng", "taman"),
    ("Waduk Pluit", "Penjaringan", "banjir"),
    ("Simpang Kuningan", "Setiabudi", "persimpangan"),
    ("Permukiman Krukut", "Taman Sari", "kebakaran"),
    ("Kali Sunter Kelapa Gading", "Kelapa Gading", "banjir"),
    ("Simpang Pancoran", "Pancoran", "persimpangan"),
    ("Taman Puring", "Kebayoran Baru", "taman"),
    ("Permukiman Kampung Bali", "Tanah Abang", "permukiman"),
    ("Simpang Grogol", "Grogol Petamburan", "persimpangan"),
    ("Muara Angke", "Penjaringan", "banjir"),
    ("Pasar Jatinegara", "Jatinegara", "kebakaran"),
    ("Taman Ayodya", "Kebayoran Baru", "taman"),
    ("Simpang Cawang", "Kramat Jati", "persimpangan"),
)

# Generated points beyond the named ones: (name prefix, tag), cycled.
_GENERATED_KINDS: tuple[tuple[str, str], ...] = (
    ("Titik Banjir", "banjir"),
    ("Persimpangan", "persimpangan"),
    ("Permukiman Padat", "permukiman"),
    ("Titik Rawan Kebakaran", "kebakaran"),
    ("Taman", "taman"),
)


@dataclass(frozen=True)
class Camera:
    id: str
    name: str
    kota: str
    kecamatan: str
    kelurahan: str
    rw: str
    rt: str
    lat: float
    lon: float
    tags: tuple[str, ...]
    ptz: bool
    index: int
    lineup: Lineup
    latency: bool = False  # a latency camera (camsim.latency): live, time-coded pictures
    staged: bool = False  # a staged camera (camsim.staged): acts set through the control API

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "kota": self.kota,
            "kecamatan": self.kecamatan,
            "kelurahan": self.kelurahan,
            "rw": self.rw,
            "rt": self.rt,
            "lat": self.lat,
            "lon": self.lon,
            "tags": list(self.tags),
            "ptz": self.ptz,
            "vendor": self.lineup.vendor,
            "model": self.lineup.model,
        }


@dataclass(frozen=True)
class TrialSite:
    """A place for the trial cameras of one kind (latency, staged), away from the fleet's."""

    kota: str
    kecamatan: str
    kelurahan: str
    rw: str
    lat: float
    lon: float


def trial_cameras(point: TrialSite, prefix: str, name: str, count: int,
                       first_index: int, lineup: Lineup, **kind: bool) -> list[Camera]:
    """``count`` cameras ``<prefix>001``… named ``<name> 1``…, one RT each at ``point``,
    a hundred metres apart; ``first_index`` follows the last camera before them;
    ``kind``: the Camera flag they carry (latency=True, staged=True)."""
    return [
        Camera(
            id=f"{prefix}{n:03d}",
            name=f"{name} {n}",
            kota=point.kota,
            kecamatan=point.kecamatan,
            kelurahan=point.kelurahan,
            rw=point.rw,
            rt=f"RT {n:03d}",
            lat=point.lat,
            lon=round(point.lon + 0.001 * (n - 1), 6),
            tags=("uji",),
            ptz=False,
            index=first_index + n - 1,
            lineup=lineup,
            **kind,
        )
        for n in range(1, count + 1)
    ]


def _load_areas(path: Path = AREAS_FILE) -> dict[str, tuple[str, tuple[float, float]]]:
    """kecamatan -> (kota, centroid), mainland kota only (cameras are on the mainland)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    areas: dict[str, tuple[str, tuple[float, float]]] = {}
    for kota in data["kota"]:
        if kota["kind"] != "kota administrasi":
            continue
        centroid = (float(kota["centroid"][0]), float(kota["centroid"][1]))
        for kecamatan in kota["kecamatan"]:
            areas[kecamatan] = (kota["name"], centroid)
    return areas


def build_fleet(count: int, ptz_count: int, areas_file: Path = AREAS_FILE) -> list[Camera]:
    """``count`` cameras cam001.., the first ``ptz_count`` of them PTZ."""
    areas = _load_areas(areas_file)
    kecamatan_order = sorted(areas)
    cameras: list[Camera] = []
    generated = 0
    for index in range(count):
        if index < len(_NAMED_PLACES) and _NAMED_PLACES[index][1] in areas:
            name, kecamatan, tag = _NAMED_PLACES[index]
        else:
            prefix, tag = _GENERATED_KINDS[generated % len(_GENERATED_KINDS)]
            # A stride coprime with the kecamatan count spreads points over the city.
            kecamatan = kecamatan_order[(generated * 7) % len(kecamatan_order)]
            name = f"{prefix} {kecamatan} {generated // len(_GENERATED_KINDS) + 1}"
            generated += 1
        cameras.append(_make_camera(index, name, kecamatan, tag, areas, index < ptz_count))
    return cameras


def _make_camera(index, name, kecamatan, tag, areas, ptz) -> Camera:
    kota, (lat0, lon0) = areas[kecamatan]
    rng = random.Random(f"camsim-{index}-{name}")
    return Camera(
        id=f"cam{index + 1:03d}",
        name=name,
        kota=kota,
        kecamatan=kecamatan,
        kelurahan=f"{kecamatan} {rng.choice(_DIRECTIONS)}",
        rw=f"RW {rng.randint(1, 15):02d}",
        rt=f"RT {rng.randint(1, 18):03d}",
        lat=round(lat0 + rng.uniform(-0.03, 0.03), 6),
        lon=round(lon0 + rng.uniform(-0.03, 0.03), 6),
        tags=(tag,),
        ptz=ptz,
        index=index,
        lineup=lineup_for(index + 1, ptz),
    )

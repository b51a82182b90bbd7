"""A generated catalog for a whole city: one camera per RT, 30,418 in all (the number of
RT/RW points in Jakarta), under the real kota and kecamatan of
resources/city/jakarta_areas.json and generated kelurahan, RW and RT below them.

Deterministic (no randomness), so benchmarks and tests see the same city every run.
The output has the API's shapes (an area tree and a camera list of plain dicts). Video:
the camera at position i borrows camsim camera i % N (round-robin) when the server
knows N camsim cameras; otherwise city cameras have no live video."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

CITY_CAMERAS = 30_418
AREAS_FILE = Path(__file__).resolve().parent.parent / "resources" / "city" / "jakarta_areas.json"
KELURAHAN_PER_KECAMATAN = 6  # Jakarta: 267 kelurahan in 44 kecamatan
RW_PER_KELURAHAN = 10  # about 2,700 RW
_SUFFIXES = ("Barat", "Timur", "Utara", "Selatan", "Tengah", "Baru")
_STREETS = ("Melati", "Mawar", "Kenanga", "Flamboyan", "Cempaka", "Anggrek", "Kamboja",
            "Dahlia", "Haji Naim", "Kemuning", "Bungur", "Cendana", "Salak", "Duku",
            "Manggis", "Rambutan", "Kelapa", "Bambu", "Swadaya", "Masjid Raya")
_PLACES = (("Pos Kamling", "neighbourhood"), ("Gang", "neighbourhood"),
           ("Jalan", "traffic"), ("Simpang", "traffic"), ("Taman", "park"),
           ("Pasar", "market"), ("Pintu Air", "flood"), ("Sekolah", "school"),
           ("Halte", "transit"), ("Masjid", "worship"))
# Places the city data names, given to the first RT camera of their kecamatan.
_NAMED = {"Tebet": [("Taman Tebet Eco Park", ("park", "landmark"))],
          "Kebayoran Baru": [("Taman Langsat", ("park",)), ("Taman Leuser", ("park",))]}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def _split(total: int, parts: int) -> list[int]:
    """total spread over parts as evenly as integers allow."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def generate(total: int = CITY_CAMERAS, camsim_cameras: int = 0
             ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(area tree, cameras) for a city of `total` cameras, one per RT."""
    city = json.loads(AREAS_FILE.read_text(encoding="utf-8"))
    kecamatan = [(kota, name) for kota in city["kota"] for name in kota["kecamatan"]]
    shares = iter(_split(total, len(kecamatan)))
    areas: list[dict[str, Any]] = []
    cameras: list[dict[str, Any]] = []
    for kota in city["kota"]:
        kota_id = slug(kota["name"])
        kota_node = {"id": kota_id, "name": kota["name"], "kind": "kota", "children": []}
        areas.append(kota_node)
        lat0, lon0 = kota["centroid"]
        for kec_name in kota["kecamatan"]:
            kec_id = f"{kota_id}/{slug(kec_name)}"
            kec_node = {"id": kec_id, "name": kec_name, "kind": "kecamatan", "children": []}
            kota_node["children"].append(kec_node)
            named = list(_NAMED.get(kec_name, ()))
            for k, kel_share in enumerate(_split(next(shares), KELURAHAN_PER_KECAMATAN)):
                kel_name = f"{kec_name} {_SUFFIXES[k]}"
                kel_id = f"{kec_id}/{slug(_SUFFIXES[k])}"
                kel_node = {"id": kel_id, "name": kel_name, "kind": "kelurahan",
                            "children": []}
                kec_node["children"].append(kel_node)
                for rw, rw_share in enumerate(_split(kel_share, RW_PER_KELURAHAN), 1):
                    rw_id = f"{kel_id}/rw{rw:02d}"
                    rw_node = {"id": rw_id, "name": f"RW {rw:02d}", "kind": "rw",
                               "children": []}
                    kel_node["children"].append(rw_node)
                    for rt in range(1, rw_share + 1):
                        rt_id = f"{rw_id}/rt{rt:03d}"
                        rw_node["children"].append(
                            {"id": rt_id, "name": f"RT {rt:03d}", "kind": "rt"})
                        n = len(cameras)
                        if named:
                            name, tags = named.pop(0)
                        else:
                            place, tag = _PLACES[n % len(_PLACES)]
                            street = _STREETS[(n // len(_PLACES)) % len(_STREETS)]
                            name = f"{place} {street} RT {rt:03d}/RW {rw:02d}"
                            tags = (tag,)
                        cameras.append({
                            "id": f"city{n + 1:05d}", "name": name, "area_id": rt_id,
                            "area_path": [kota["name"], kec_name, kel_name, f"RW {rw:02d}",
                                          f"RT {rt:03d}"],
                            "tags": list(tags), "ptz": False,
                            "lat": round(lat0 + ((n * 37) % 200 - 100) * 1e-4, 6),
                            "lon": round(lon0 + ((n * 53) % 200 - 100) * 1e-4, 6),
                            "profiles": ["main", "sub"],
                            "status": "online",
                            "camsim_id": (f"cam{n % camsim_cameras + 1:03d}"
                                          if camsim_cameras else None),
                        })
    return areas, cameras

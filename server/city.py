"""A generated catalog for a whole city: one camera per RT, 30,418 in all (the number of
RT/RW points in Jakarta), under the real kota and kecamatan of
resources/city/jakarta_areas.json and generated kelurahan, RW and RT below them.

Deterministic (no randomness), so benchmarks and tests see the same city every run.
The output has the API's shapes (an area tree and a camera list of plain dicts), with
area ids in the server's scheme (server.areas.child_id), so scopes work on it.

Video: `camsim_id` names camsim camera i % N (round-robin) when asked for N, for a
client that wants pictures; the server's seed (seed_city) stores city cameras without
streams, so they are listed, searched and placed but show no video (and the recorder,
which records every camera with a stream, leaves them alone). camsim's own imported
cameras keep their live video beside them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from server.areas import child_id
from server.clock import utc_now
from server.schema import areas as areas_table
from server.schema import camera_tags
from server.schema import cameras as cameras_table

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
        kota_id = child_id(None, kota["name"])
        kota_node = {"id": kota_id, "name": kota["name"], "kind": "kota", "children": []}
        areas.append(kota_node)
        lat0, lon0 = kota["centroid"]
        for kec_name in kota["kecamatan"]:
            kec_id = child_id(kota_id, kec_name)
            kec_node = {"id": kec_id, "name": kec_name, "kind": "kecamatan", "children": []}
            kota_node["children"].append(kec_node)
            named = list(_NAMED.get(kec_name, ()))
            for k, kel_share in enumerate(_split(next(shares), KELURAHAN_PER_KECAMATAN)):
                kel_name = f"{kec_name} {_SUFFIXES[k]}"
                kel_id = child_id(kec_id, kel_name)
                kel_node = {"id": kel_id, "name": kel_name, "kind": "kelurahan",
                            "children": []}
                kec_node["children"].append(kel_node)
                for rw, rw_share in enumerate(_split(kel_share, RW_PER_KELURAHAN), 1):
                    rw_id = child_id(kel_id, f"RW {rw:02d}")
                    rw_node = {"id": rw_id, "name": f"RW {rw:02d}", "kind": "rw",
                               "children": []}
                    kel_node["children"].append(rw_node)
                    for rt in range(1, rw_share + 1):
                        rt_id = child_id(rw_id, f"RT {rt:03d}")
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


def seed_city(engine: Engine, total: int = CITY_CAMERAS) -> int:
    """Store the generated city (areas below the kecamatan, cameras without streams);
    the real kota and kecamatan are already there (load_city). Runs once per
    database: returns how many cameras it added (0 when the city is already in)."""
    tree, cameras = generate(total)
    with engine.begin() as conn:
        have = conn.execute(select(func.count()).select_from(cameras_table)
                            .where(cameras_table.c.id.like("city%"))).scalar_one()
        if have:
            return 0
        rows: list[dict[str, Any]] = []

        def walk(node: dict[str, Any], parent_id: str) -> None:
            for child in node.get("children", ()):
                rows.append({"id": child["id"], "parent_id": parent_id,
                             "name": child["name"], "kind": child["kind"],
                             "lat": None, "lon": None})
                walk(child, child["id"])

        for kota in tree:
            for kec in kota["children"]:
                walk(kec, kec["id"])
        known = set(conn.execute(select(areas_table.c.id)).scalars())
        conn.execute(areas_table.insert(), [r for r in rows if r["id"] not in known])
        now = utc_now()
        conn.execute(cameras_table.insert(), [
            {"id": c["id"], "name": c["name"], "area_id": c["area_id"], "lat": c["lat"],
             "lon": c["lon"], "ptz": False, "onvif_url": None, "enabled": True,
             "updated_at": now} for c in cameras])
        conn.execute(camera_tags.insert(), [
            {"camera_id": c["id"], "tag": tag} for c in cameras for tag in c["tags"]])
    return len(cameras)

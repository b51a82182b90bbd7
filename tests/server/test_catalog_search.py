"""The catalog's filters, now in SQL, give what the Python filter of the previous release
gave, over a generated city slice plus cameras with accents, case and LIKE's own
characters in their names, areas and tags; on SQLite, and on PostgreSQL with
PANTAU_TEST_DATABASE=postgresql."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select, update

from server.areas import ensure_path, find_city_file, load_city
from server.cameras import CameraSpec, list_cameras, upsert_camera
from server.catalog_cache import catalog_cache
from server.city import seed_city
from server.clock import utc_now
from server.db import default_url, open_engine
from server.schema import areas, cameras

SLICE = 660  # 15 per kecamatan: every kota and kecamatan has cameras
ODD = [
    # id, name, (kelurahan, rw, rt) under Jakarta Selatan / Tebet, tags
    ("odd001", "Kafé ÉLAN Tebet", ("Menteng Dalam", "RW 01", "RT 001"), ["Straße", "CCTV"]),
    ("odd002", "Diskon 100% di Pasar", ("Menteng Dalam", "RW 01", "RT 002"), ["pasar_pagi"]),
    ("odd003", "Jalan\\Miring", ("Bukit Duri", "RW 02", "RT 003"), ["ÅÄÖ"]),
    ("odd004", "GANG SEMPIT", ("Kebon Baru", "RW 03", "RT 004"), ["Taman"]),
]


def _old_filter(found, text):
    """The filter of commit cae717f, in Python over every camera."""
    needle = text.casefold()
    return [
        c for c in found
        if needle in c.id.casefold()
        or needle in c.name.casefold()
        or any(needle in p.casefold() for p in c.area_path)
        or any(needle in t.casefold() for t in c.tags)
    ]


@pytest.fixture(scope="module")
def city(tmp_path_factory, request):
    from tests.server.conftest import _server_database

    with _server_database(request) as url:
        data = tmp_path_factory.mktemp("city")
        engine = open_engine(url or default_url(data))
        with engine.begin() as conn:
            load_city(conn, find_city_file())
        seed_city(engine, total=SLICE)
        with engine.begin() as conn:
            for cam_id, name, below, tags in ODD:
                area_id = ensure_path(conn, "Jakarta Selatan", "Tebet", list(below))
                upsert_camera(conn, CameraSpec(cam_id, name, area_id, None, None, False,
                                               tuple(tags), {}, None))
        yield engine
        engine.dispose()


def _roots(engine):
    with engine.connect() as conn:
        return frozenset(conn.execute(select(areas.c.id).where(areas.c.parent_id.is_(None)))
                         .scalars())


def _queries(everything) -> list[str]:
    """Substrings of every kind of field, in mixed case, plus LIKE's own characters."""
    rng = random.Random(12)
    fields = set()
    for cam in everything:
        fields.update([cam.id, cam.name, *cam.area_path, *cam.tags])
    fields = sorted(fields)
    out = {"%", "_", "\\", "100%", "pasar_", "r_", "strasse", "STRASSE", "é", "É", "kafé",
           "ÅäÖ", "rt 00", "RW 0", "jalan\\m", "tebet", "Tebet Timur", "city0001", "zzz", "\n"}
    for field in rng.sample(fields, 80):
        start = rng.randrange(len(field))
        piece = field[start:start + rng.randint(1, 8)]
        out.add(piece.upper() if rng.random() < 0.3 else piece)
    return sorted(out)


def test_text_filter_matches_the_python_filter(city):
    scopes = [_roots(city), frozenset(["jakarta-selatan"]),
              frozenset(["jakarta-selatan.tebet", "jakarta-pusat.gambir"])]
    with city.connect() as conn:
        catalog_cache(city).sync(conn)  # the search texts of the rows seeded in bulk
        everything = list_cameras(conn, scopes[0])
        assert len(everything) == SLICE + len(ODD)
        checked = 0
        for scope in scopes:
            in_scope = list_cameras(conn, scope)
            for q in _queries(everything):
                got = [c.id for c in list_cameras(conn, scope, text=q)]
                assert got == [c.id for c in _old_filter(in_scope, q)], (sorted(scope), q)
                checked += bool(got)
        assert checked > 100  # most queries found something


def test_area_tag_and_scope_filters_match_python(city):
    with city.connect() as conn:
        catalog_cache(city).sync(conn)
        everything = list_cameras(conn, _roots(city))
        police = list_cameras(conn, frozenset(["jakarta-selatan"]))
        assert police and [c.id for c in police] == [
            c.id for c in everything if c.area_id.startswith("jakarta-selatan.")]
        kel = everything[100].area_id.rsplit(".", 2)[0]  # a kelurahan
        assert [c.id for c in list_cameras(conn, _roots(city), area=kel)] == [
            c.id for c in everything if c.area_id.startswith(kel + ".")]
        for tag in ("park", "Straße", "pasar_pagi", "pasar%"):
            assert [c.id for c in list_cameras(conn, _roots(city), tag=tag)] == [
                c.id for c in everything if tag in c.tags]
        # Scope and text together: Tebet's odd cameras for the police, none for Gambir.
        assert [c.id for c in list_cameras(conn, frozenset(["jakarta-selatan"]),
                                           text="KAFÉ")] == ["odd001"]
        assert list_cameras(conn, frozenset(["jakarta-pusat"]), text="kafé") == []
        page = list_cameras(conn, _roots(city), text="rt 00", limit=7, offset=3)
        assert [c.id for c in page] == [c.id for c in _old_filter(everything, "rt 00")][3:10]


def test_a_row_written_without_its_search_text_is_found_by_its_new_name(city):
    """Another module's UPDATE that knows nothing of search_text: the next catalog sync
    sees the row's stamp behind its updated_at and redoes it."""
    scope = _roots(city)
    with city.begin() as conn:
        conn.execute(update(cameras).where(cameras.c.id == "city00007")
                     .values(name="Menara Pengawas Banjir", updated_at=utc_now()))
    with city.connect() as conn:
        catalog_cache(city).sync(conn)
        assert [c.id for c in list_cameras(conn, scope, text="menara pengawas")] == [
            "city00007"]

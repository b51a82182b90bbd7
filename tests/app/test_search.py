from app.domain import Camera
from app.search import matches

CAM = Camera(id="cam007", name="Pasar Tanah Abang", area_id="rw-3",
             area_path=("Jakarta Pusat", "Tanah Abang", "Kebon Kacang", "RW 03"),
             tags=("market", "crowd"))


def test_every_word_must_match_somewhere():
    assert matches(CAM, "pasar pusat")
    assert matches(CAM, "abang crowd")
    assert not matches(CAM, "pasar selatan")


def test_case_insensitive_and_partial_words():
    assert matches(CAM, "TANAH ab")
    assert matches(CAM, "kebon kac")


def test_matches_id_and_tags():
    assert matches(CAM, "cam007")
    assert matches(CAM, "MARKET")
    assert not matches(CAM, "flood")


def test_empty_query_matches_everything():
    assert matches(CAM, "")
    assert matches(CAM, "   ")

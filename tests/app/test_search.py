from app.domain import Camera
from app.search import SearchIndex, matches

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


def test_index_narrows_as_you_type_and_widens_when_words_change():
    texts = ["taman tebet eco park tebet park", "pasar tebet market", "taman langsat park"]
    index = SearchIndex(texts)
    assert index.search("t") == [0, 1, 2]
    assert index.search("tebet") == [0, 1]
    assert index.search("tebet park") == [0]  # "eco" left out
    assert index.search("TEBET PA") == [0, 1]  # shorter again: not only the last answer
    assert index.search("park") == [0, 2]
    assert index.search("") == [0, 1, 2]
    assert index.search("zzz") == []

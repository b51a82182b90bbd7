from server.areas import child_id, in_scope, in_subtree, slug


def test_slugs_are_stable_ascii():
    assert slug("Jakarta Selatan") == "jakarta-selatan"
    assert slug("RW 03") == "rw-03"
    assert slug("Kebon Jeruk ") == "kebon-jeruk"
    assert slug("Pulau Seribu Utara/Ñ") == "pulau-seribu-utara-n"
    assert child_id("jakarta-selatan", "Tebet") == "jakarta-selatan.tebet"


def test_a_subtree_is_a_whole_path_prefix_not_a_text_prefix():
    assert in_subtree("jakarta-selatan.tebet.tebet-barat", "jakarta-selatan.tebet")
    assert in_subtree("jakarta-selatan.tebet", "jakarta-selatan.tebet")
    # "Tebet" must not include a sibling whose name merely starts with "tebet".
    assert not in_subtree("jakarta-selatan.tebet-x", "jakarta-selatan.tebet")
    assert not in_subtree("jakarta-selatan", "jakarta-selatan.tebet")
    assert in_scope("jakarta-pusat.gambir", frozenset({"jakarta-selatan", "jakarta-pusat"}))
    assert not in_scope("jakarta-pusat.gambir", frozenset())

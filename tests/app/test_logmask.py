from app.logmask import mask_text, mask_url


def test_mask_url_hides_user_info_and_tokens():
    assert mask_url("rtsp://admin:pw@10.1.2.3:554/cam1?token=abc&x=1") == \
        "rtsp://***@10.1.2.3:554/cam1?token=***&x=1"


def test_mask_text_inside_a_sentence():
    masked = mask_text("cannot open rtsp://u:p@host/x?password=hunter2 (timeout)")
    assert masked == "cannot open rtsp://***@host/x?password=*** (timeout)"


def test_mask_text_hides_secrets_named_in_free_text():
    text = mask_text("login failed (password=hunter2); Authorization: Bearer abc.def")
    assert "hunter2" not in text and "abc.def" not in text
    assert "password=***" in text and "Authorization: Bearer ***" in text

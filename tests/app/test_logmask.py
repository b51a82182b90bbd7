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


def test_a_relay_ticket_is_masked_in_urls_and_text():
    url = "rtsp://10.0.0.5:8555/cam001/main?ticket=eyJjIjoiY2FtMDAxIn0.c2lnbmF0dXJl"
    assert mask_url(url) == "rtsp://10.0.0.5:8555/cam001/main?ticket=***"
    text = mask_text(f"stream failed: {url} (timeout)")
    assert "eyJjIjoiY2FtMDAxIn0" not in text and "c2lnbmF0dXJl" not in text
    assert "?ticket=*** (timeout)" in text

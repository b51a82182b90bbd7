from app.logmask import mask_text, mask_url


def test_mask_url_hides_user_info_and_tokens():
    assert mask_url("rtsp://admin:pw@10.1.2.3:554/cam1?token=abc&x=1") == \
        "rtsp://***@10.1.2.3:554/cam1?token=***&x=1"


def test_mask_text_inside_a_sentence():
    masked = mask_text("cannot open rtsp://u:p@host/x?password=hunter2 (timeout)")
    assert masked == "cannot open rtsp://***@host/x?password=*** (timeout)"

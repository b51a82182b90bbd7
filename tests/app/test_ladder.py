"""The stream ladder's choice (app/streams/ladder.py): the smallest stream that covers
the tile's device pixels, the largest when maximised, no flapping at a rung's edge."""

from __future__ import annotations

import pytest

from app.domain import Profile
from app.streams.ladder import HYSTERESIS, Ladder, Rung

HIKVISION = Ladder.of([Rung(Profile.MAIN, 1920, 1080), Rung(Profile.SUB, 640, 360),
                       Rung(Profile.THIRD, 320, 180)])


@pytest.mark.parametrize(("width", "height", "expected"), [
    (240, 135, Profile.THIRD),  # an 8x8 wall on 1080p
    (320, 180, Profile.THIRD),  # exactly the third stream: it covers
    (321, 180, Profile.SUB),
    (480, 270, Profile.SUB),  # a 4x4 wall on 1080p
    (960, 540, Profile.MAIN),  # a 2x2 wall on 1080p
    (480 * 2, 270 * 2, Profile.MAIN),  # the same 4x4 tile at 200 % scaling
    (3840, 2160, Profile.MAIN),  # nothing covers: the largest there is
])
def test_the_smallest_stream_that_covers_the_tile(width, height, expected):
    assert HIKVISION.choose(width, height) is expected


def test_maximised_or_zoomed_takes_the_largest():
    assert HIKVISION.choose(100, 60, largest=True) is Profile.MAIN


def test_a_tile_at_a_rung_s_edge_does_not_flap():
    # Shrinking just below the sub stream keeps the main stream...
    assert HIKVISION.choose(630, 355, current=Profile.MAIN) is Profile.MAIN
    # ...until the sub stream covers it with room to spare.
    edge = 640 / (1 + HYSTERESIS)
    assert HIKVISION.choose(edge - 1, 300, current=Profile.MAIN) is Profile.SUB
    # Growing just past the sub stream keeps it (a little upscaling)...
    assert HIKVISION.choose(660, 370, current=Profile.SUB) is Profile.SUB
    # ...until it falls clearly short.
    assert HIKVISION.choose(640 / (1 - HYSTERESIS) + 1, 400, current=Profile.SUB) is (
        Profile.MAIN)


def test_a_camera_with_one_stream_always_gets_it():
    one = Ladder.of([Rung(Profile.MAIN, 1280, 720)])
    for size in ((100, 60), (1280, 720), (3840, 2160)):
        assert one.choose(*size) is Profile.MAIN


def test_a_stream_of_unknown_size_counts_as_the_largest():
    unprobed = Ladder.of([Rung(Profile.MAIN), Rung(Profile.SUB, 640, 360)])
    assert unprobed.choose(480, 270) is Profile.SUB
    assert unprobed.choose(1000, 560) is Profile.MAIN
    assert unprobed.choose(10, 10, largest=True) is Profile.MAIN


def test_no_stream_is_no_ladder():
    with pytest.raises(ValueError, match="without a stream"):
        Ladder.of([])

"""Faces followed between the detector's looks (server/faces/tracks.py) and pixelated
(server/faces/blur.py); the export API's face options."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from server.faces.blur import FaceBlur, pixelate
from server.faces.tracks import EDGE_S, PAD, Box, FaceBox, FaceTrack, Tracker, TrackSource

T0 = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)


def _at(s: float) -> datetime:
    return T0 + timedelta(seconds=s)


def test_a_face_moving_between_looks_is_one_track_whose_box_moves_in_between():
    tracker = Tracker()
    for i in range(5):  # five looks, 0.2 s apart, the face moving right 0.02 a look
        tracker.add(_at(i * 0.2), [FaceBox(0.1 + 0.02 * i, 0.3, 0.1, 0.1, 0.9)])
    tracks = tracker.finish()
    assert len(tracks) == 1
    mid = tracks[0].box_at(_at(0.1))  # halfway between the first two looks
    assert mid is not None
    assert abs(mid.x - (0.11 - 0.1 * PAD)) < 1e-9 and abs(mid.w - 0.1 * (1 + 2 * PAD)) < 1e-9
    assert tracks[0].box_at(_at(-EDGE_S / 2)) is not None  # coming in before the first look
    assert tracks[0].box_at(_at(0.8 + EDGE_S * 2)) is None  # gone after the last


def test_two_faces_apart_are_two_tracks_and_a_face_lost_for_long_starts_a_new_one():
    tracker = Tracker()
    tracker.add(_at(0), [FaceBox(0.1, 0.3, 0.1, 0.1, 0.9), FaceBox(0.7, 0.3, 0.1, 0.1, 0.8)])
    tracker.add(_at(0.2), [FaceBox(0.11, 0.3, 0.1, 0.1, 0.9), FaceBox(0.69, 0.3, 0.1, 0.1, 0.8)])
    tracker.add(_at(3.0), [FaceBox(0.12, 0.3, 0.1, 0.1, 0.9)])
    tracks = tracker.finish()
    assert [len(t.points) for t in tracks] == [2, 2, 1]


def test_a_box_nested_in_a_better_one_is_the_same_face_not_a_track_of_its_own():
    tracker = Tracker()
    for i in range(6):  # each look: the face, and a smaller box inside it at times
        faces = [FaceBox(0.1 + 0.05 * i, 0.3, 0.1, 0.12, 0.9)]
        if i % 2:
            faces.append(FaceBox(0.12 + 0.05 * i, 0.31, 0.05, 0.05, 0.5))
        tracker.add(_at(i * 0.2), faces)
    assert [len(t.points) for t in tracker.finish()] == [6]


def test_tracks_round_trip_through_json():
    track = FaceTrack(3, TrackSource.SUPERVISOR, [(_at(0), Box(0.1, 0.2, 0.3, 0.4))])
    again = FaceTrack.from_json(track.to_json())
    assert again.to_json() == track.to_json()


def test_pixelating_leaves_only_blocks_of_one_colour_inside_the_box_and_nothing_outside():
    rng = np.random.default_rng(3)
    picture = rng.integers(0, 255, (90, 160, 3), dtype=np.uint8)
    original = picture.copy()
    pixelate(picture, Box(0.25, 0.25, 0.5, 0.5))  # x 40..120, y 22..68 (ceil)
    assert (picture[:22] == original[:22]).all() and (picture[:, :40] == original[:, :40]).all()
    assert (picture[69:] == original[69:]).all() and (picture[:, 120:] == original[:, 120:]).all()
    block = picture[22:32, 40:50]  # the first 10 px block (80 px wide / 8)
    assert (block == block[0, 0]).all()


def test_a_face_blur_lists_the_pictures_it_changed():
    track = FaceTrack(1, TrackSource.DETECTOR, [(_at(0), Box(0.4, 0.4, 0.2, 0.2))])
    blur = FaceBlur([track], "test", "0" * 64)
    picture = np.zeros((90, 160, 3), dtype=np.uint8)
    for index, s in enumerate([-1.0, 0.0, 0.1, 0.2, 2.0, 0.0]):
        blur.apply(picture, index, _at(s))
    assert blur.frames == [[1, 3], [5, 5]]
    assert blur.to_json()["tracks"][0]["source"] == "detector"

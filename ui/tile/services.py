"""The services every tile of a wall is given, handed down once from the shell.

A wall's windows, its grid and each tile take this bundle in their constructor instead
of a growing list of arguments; a feature that tiles use (PTZ, bookmarks, the playback
clock) adds its service here.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.alarms.service import AlarmService
from app.motion.service import MotionSearchService
from app.services.bookmarks import BookmarkService
from app.services.camera_status import CameraStatusService
from app.services.cameras import CameraService
from app.services.evidence import EvidenceService
from app.services.exports import ExportService
from app.services.maps import MapCameraStates, MapService
from app.services.playback import PlaybackService
from app.services.ptz import PtzService
from app.services.thumbnails import ThumbnailService
from app.streams.service import StreamService


@dataclass(frozen=True)
class TileServices:
    streams: StreamService
    cameras: CameraService
    playback: PlaybackService
    exports: ExportService | None = None  # evidence exports (None: not offered)
    ptz: PtzService | None = None  # PTZ control (None: not offered)
    bookmarks: BookmarkService | None = None  # bookmarks (None: not offered)
    evidence: EvidenceService | None = None  # citizens' evidence requests
    thumbnails: ThumbnailService | None = None  # still pictures (timeline hover, masks)
    maps: MapService | None = None  # maps, which a tile may show (None: not offered)
    map_states: MapCameraStates | None = None  # how cameras are drawn on maps
    status: CameraStatusService | None = None  # cameras down / not recorded, since when
    motion: MotionSearchService | None = None  # motion search (None: not offered)
    alarms: AlarmService | None = None  # open alarms: their cameras' tiles flash

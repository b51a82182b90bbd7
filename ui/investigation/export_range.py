"""Which range Ctrl+E exports: what the operator chose on the timeline, else the moments
around the playhead, else (live) the last minutes. No widgets, so it is tested alone."""

from __future__ import annotations

from datetime import datetime, timedelta

# Around the playhead: the moment being looked at with some lead-in and what follows,
# a range the operator then narrows in the dialog rather than one they must widen.
BEFORE_PLAYHEAD = timedelta(minutes=1)
AFTER_PLAYHEAD = timedelta(minutes=1)


def export_range(now: datetime, *, selection: tuple[datetime, datetime] | None = None,
                 playhead: datetime | None = None,
                 live_minutes: int = 5) -> tuple[datetime, datetime]:
    """The timeline's selection if there is one; else a range around the playhead (in
    playback), never reaching past now; else the last ``live_minutes`` minutes."""
    now = now.replace(microsecond=0)
    if selection is not None:
        start, end = sorted(selection)
        return start, end
    if playhead is not None:
        playhead = playhead.replace(microsecond=0)
        return playhead - BEFORE_PLAYHEAD, min(playhead + AFTER_PLAYHEAD, now)
    return now - timedelta(minutes=live_minutes), now

"""Where the movement context keeps its objects in blob storage (the command side names them,
the analysis job reads and writes them, the query side links to them)."""

from __future__ import annotations

from uuid import UUID


def upload_key(athlete_id: UUID, analysis_id: UUID) -> str:
    """The athlete's video in the uploads bucket."""
    return f"videos/{athlete_id}/{analysis_id}"


def key_frame_key(athlete_id: UUID, analysis_id: UUID) -> str:
    """The analysis's key-frame picture in the derived bucket."""
    return f"key-frames/{athlete_id}/{analysis_id}.png"

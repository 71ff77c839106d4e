"""Movement context, workers: the analysis reactor and its Dramatiq jobs."""

from workers.movement.analysis import ANALYSE_LANDMARKS, ANALYSE_VIDEO
from workers.movement.lifecycle import EXPIRE_UPLOAD, REMOVE_UPLOAD
from workers.movement.reactors import uploads, videos

REACTORS = (videos, uploads)
JOBS = (ANALYSE_VIDEO, ANALYSE_LANDMARKS, EXPIRE_UPLOAD, REMOVE_UPLOAD)

__all__ = ["JOBS", "REACTORS"]

"""Identity context, workers: the avatar reactor and the job that checks and resizes avatars."""

from workers.identity.avatars import PROCESS_AVATAR
from workers.identity.reactors import avatars

REACTORS = (avatars,)
JOBS = (PROCESS_AVATAR,)

__all__ = ["JOBS", "REACTORS"]

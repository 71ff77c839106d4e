"""Identity context, workers: the avatar reactor and the job that checks and resizes avatars;
the erasure reactor and the job that deletes an erased account's stored files."""

from workers.identity.avatars import PROCESS_AVATAR
from workers.identity.erasure import ERASE_FILES, erasure
from workers.identity.reactors import avatars

REACTORS = (avatars, erasure)
JOBS = (PROCESS_AVATAR, ERASE_FILES)

__all__ = ["JOBS", "REACTORS"]

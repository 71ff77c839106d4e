"""The identity reactor: a submitted avatar goes to the avatar job."""

from __future__ import annotations

from contracts.identity.events import AvatarSubmitted
from workers.identity.avatars import PROCESS_AVATAR
from workers.reactors import Reaction, Reactor

avatars = Reactor("identity.avatars")


@avatars.on(AvatarSubmitted)
async def process_submitted(event: AvatarSubmitted, reaction: Reaction) -> None:
    await reaction.enqueue(PROCESS_AVATAR, event)

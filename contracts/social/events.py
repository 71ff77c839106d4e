"""Events of the social context, on `pacer.social`. Both accounts of a relation are named in
each event, so a reader needs no state to know who is concerned."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from contracts.events import DomainEvent
from contracts.personal import PersonalText
from contracts.social.posts import Attachment
from contracts.social.relations import Ender


class FollowRequested(DomainEvent):
    """The follower asked to follow an account whose privacy is not public."""

    follower_id: UUID
    followee_id: UUID
    at: datetime


class FollowStarted(DomainEvent):
    """The follower follows the followee: at once (a public account) or approved."""

    follower_id: UUID
    followee_id: UUID
    approved: bool = Field(description="True when the followee approved a request.")
    at: datetime


class FollowEnded(DomainEvent):
    """A follow, or a request, ended."""

    follower_id: UUID
    followee_id: UUID
    was: Literal["requested", "active"]
    by: Ender


class AccountBlocked(DomainEvent):
    blocker_id: UUID
    blocked_id: UUID
    at: datetime


class AccountUnblocked(DomainEvent):
    blocker_id: UUID
    blocked_id: UUID


class PostPublished(DomainEvent):
    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    post_id: UUID
    author_id: UUID
    group_id: UUID | None = Field(description="The group it was posted in, if any.")
    text: PersonalText
    attachment: Attachment | None = None
    published_at: datetime


class PostEdited(DomainEvent):
    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    post_id: UUID
    author_id: UUID
    text: PersonalText
    edited_at: datetime


class PostDeleted(DomainEvent):
    post_id: UUID
    author_id: UUID
    group_id: UUID | None
    by: Literal["author", "group_owner"]


class PostLiked(DomainEvent):
    post_id: UUID
    account_id: UUID
    liked_at: datetime


class PostUnliked(DomainEvent):
    post_id: UUID
    account_id: UUID


class CommentAdded(DomainEvent):
    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    comment_id: UUID
    post_id: UUID
    author_id: UUID
    text: PersonalText
    commented_at: datetime


class CommentDeleted(DomainEvent):
    comment_id: UUID
    post_id: UUID
    author_id: UUID
    by: Literal["author", "post_author", "group_owner"]


class GroupCreated(DomainEvent):
    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    group_id: UUID
    owner_id: UUID
    group_name: PersonalText
    description: PersonalText
    created_at: datetime


class GroupJoined(DomainEvent):
    group_id: UUID
    account_id: UUID
    joined_at: datetime


class GroupLeft(DomainEvent):
    group_id: UUID
    account_id: UUID


class GroupMemberRemoved(DomainEvent):
    """The group's owner removed a member, who cannot join again."""

    group_id: UUID
    account_id: UUID


class GroupDeleted(DomainEvent):
    """The owner deleted the group: its memberships and posts go with it."""

    group_id: UUID
    owner_id: UUID

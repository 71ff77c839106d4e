"""What the query API answers about the social layer: the feed, posts, comments, likes, follows,
blocks and groups. Names come with the content they belong to (a post's author, a member)."""

from __future__ import annotations

from datetime import datetime
from typing import Final
from uuid import UUID

from pydantic import BaseModel, Field

from contracts.identity.reads import ProfileSummary
from contracts.social.posts import Attachment
from contracts.social.relations import FollowStatus

SOCIAL: Final = "social"
FAN_OUT_LIMIT: Final = 1000
"""An author with more followers (a group with more members) is not fanned out to each feed:
their posts are merged in when a feed is read."""
BACKFILL_POSTS: Final = 50
"""How many of an account's (a group's) latest posts a new follower's (member's) feed receives."""

NEXT_CURSOR = Field(description="Pass as `cursor` for the next page; null on the last one.")


class GroupSummary(BaseModel):
    group_id: UUID
    name: str


class Post(BaseModel):
    post_id: UUID
    author: ProfileSummary
    group: GroupSummary | None = Field(description="The group it was posted in, if any.")
    text: str
    attachment: Attachment | None = Field(
        description="The run or workout shared, as it was when shared (null once deleted)."
    )
    published_at: datetime
    edited_at: datetime | None
    likes: int
    comments: int
    liked_by_you: bool
    version: int


class PostPage(BaseModel):
    items: list[Post] = Field(
        description="Newest first. A page may hold fewer items than `limit` when posts became "
        "hidden from you; follow `next_cursor` until it is null."
    )
    next_cursor: str | None = NEXT_CURSOR


class Comment(BaseModel):
    comment_id: UUID
    post_id: UUID
    author: ProfileSummary
    text: str
    commented_at: datetime


class CommentPage(BaseModel):
    items: list[Comment] = Field(description="Oldest first.")
    next_cursor: str | None = NEXT_CURSOR


class Like(BaseModel):
    account: ProfileSummary
    liked_at: datetime


class LikePage(BaseModel):
    items: list[Like] = Field(description="Newest first.")
    next_cursor: str | None = NEXT_CURSOR


class SocialAccount(BaseModel):
    """An account's social standing, as you may see it."""

    account_id: UUID
    display_name: str
    followers: int
    following: int
    posts: int
    you_follow: FollowStatus | None = Field(description="Your follow of it, or your request.")
    follows_you: FollowStatus | None
    you_block: bool


class Follow(BaseModel):
    account: ProfileSummary
    status: FollowStatus
    since: datetime


class FollowPage(BaseModel):
    items: list[Follow] = Field(description="Newest first.")
    next_cursor: str | None = NEXT_CURSOR


class Block(BaseModel):
    account: ProfileSummary
    since: datetime


class Group(BaseModel):
    group_id: UUID
    name: str
    description: str
    owner: ProfileSummary
    members: int
    posts: int
    created_at: datetime
    you_are_member: bool


class GroupPage(BaseModel):
    items: list[Group] = Field(description="Newest first.")
    next_cursor: str | None = NEXT_CURSOR


class Member(BaseModel):
    account: ProfileSummary
    joined_at: datetime


class MemberPage(BaseModel):
    items: list[Member] = Field(description="Earliest first.")
    next_cursor: str | None = NEXT_CURSOR

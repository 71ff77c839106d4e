"""The Post, Like and Comment aggregates. A post belongs to its author (and, in a group, may be
removed by the group's owner); a like is one stream per post and account (`like_id`) and a
comment a stream of its own, so a popular post is never a point of contention."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from commands.aggregate import Aggregate
from commands.errors import ConcurrencyError, ConflictError, NotFoundError
from contracts.events import DomainEvent
from contracts.social.events import (
    CommentAdded,
    CommentDeleted,
    PostDeleted,
    PostEdited,
    PostLiked,
    PostPublished,
    PostUnliked,
)
from contracts.social.posts import SharedRun, SharedWorkout


class Post(Aggregate):
    stream_type = "post"

    author_id: UUID
    group_id: UUID | None = None
    deleted = False

    @property
    def post_id(self) -> UUID:
        return UUID(self.id)

    def publish(self, author_id: UUID, text: str, group_id: UUID | None,
                attachment: SharedRun | SharedWorkout | None, at: datetime) -> None:  # fmt: skip
        if self.version:
            raise ConflictError(f"post {self.id} exists already")
        self.record(PostPublished(post_id=self.post_id, author_id=author_id, group_id=group_id,
                                  text=text, attachment=attachment, published_at=at))  # fmt: skip

    def check_exists(self) -> None:
        if self.deleted:
            raise NotFoundError(f"post {self.id} does not exist")

    def edit(self, account_id: UUID, text: str, expected_version: int, at: datetime) -> None:
        self.check_exists()
        if account_id != self.author_id:
            raise NotFoundError(f"post {self.id} does not exist")
        if expected_version != self.version:
            raise ConcurrencyError(
                f"post {self.id} is at version {self.version}, not {expected_version}"
            )
        self.record(PostEdited(post_id=self.post_id, author_id=self.author_id, text=text,
                               edited_at=at))  # fmt: skip

    def delete(self, by_group_owner: bool) -> None:
        self.check_exists()
        self.record(PostDeleted(post_id=self.post_id, author_id=self.author_id,
                                group_id=self.group_id,
                                by="group_owner" if by_group_owner else "author"))  # fmt: skip

    def apply(self, event: DomainEvent) -> None:
        match event:
            case PostPublished():
                self.author_id, self.group_id = event.author_id, event.group_id
            case PostEdited():
                pass
            case PostDeleted():
                self.deleted = True


class Like(Aggregate):
    stream_type = "like"

    liked = False

    def like(self, post_id: UUID, account_id: UUID, at: datetime) -> None:
        if not self.liked:
            self.record(PostLiked(post_id=post_id, account_id=account_id, liked_at=at))

    def unlike(self, post_id: UUID, account_id: UUID) -> None:
        if self.liked:
            self.record(PostUnliked(post_id=post_id, account_id=account_id))

    def apply(self, event: DomainEvent) -> None:
        match event:
            case PostLiked():
                self.liked = True
            case PostUnliked():
                self.liked = False


class Comment(Aggregate):
    stream_type = "comment"

    post_id: UUID
    author_id: UUID
    deleted = False

    def add(self, post_id: UUID, author_id: UUID, text: str, at: datetime) -> None:
        if self.version:
            raise ConflictError(f"comment {self.id} exists already")
        self.record(CommentAdded(comment_id=UUID(self.id), post_id=post_id, author_id=author_id,
                                 text=text, commented_at=at))  # fmt: skip

    def check_exists(self) -> None:
        if self.deleted:
            raise NotFoundError(f"comment {self.id} does not exist")

    def delete(self, by: Literal["author", "post_author", "group_owner"]) -> None:
        self.check_exists()
        self.record(CommentDeleted(comment_id=UUID(self.id), post_id=self.post_id,
                                   author_id=self.author_id, by=by))  # fmt: skip

    def apply(self, event: DomainEvent) -> None:
        match event:
            case CommentAdded():
                self.post_id, self.author_id = event.post_id, event.author_id
            case CommentDeleted():
                self.deleted = True

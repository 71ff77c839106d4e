"""Posts: text of their author's, optionally sharing one of the author's own runs or strength
workouts (never a run imported from Strava: its data stays its owner's), in the author's
timeline or in a group the author belongs to; likes and comments on them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Final, Literal, Self
from uuid import NAMESPACE_URL, UUID, uuid5

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from contracts.commands import Command, CommandAccepted
from contracts.types import PlainText, Version

MAX_POST_CHARS: Final = 2000
MAX_COMMENT_CHARS: Final = 1000

PostText = Annotated[
    str,
    PlainText(max_length=MAX_POST_CHARS, multiline=True),
    Field(description=f"1 to {MAX_POST_CHARS} characters; line breaks allowed."),
]
CommentText = Annotated[
    str,
    PlainText(max_length=MAX_COMMENT_CHARS, multiline=True),
    Field(description=f"1 to {MAX_COMMENT_CHARS} characters; line breaks allowed."),
]


def like_id(post_id: UUID, account_id: UUID) -> UUID:
    """One like stream per post and account: liked, unliked, liked again."""
    return uuid5(NAMESPACE_URL, f"pacer:like:{post_id}:{account_id}")


class SharedRun(BaseModel):
    """A run of the author's, as it was when shared."""

    kind: Literal["run"] = "run"
    run_id: UUID
    distance_km: float
    duration_s: int
    started_at: datetime


class SharedWorkout(BaseModel):
    """A strength workout of the author's, as it was when shared."""

    kind: Literal["workout"] = "workout"
    workout_id: UUID
    exercise: str
    reps: int
    duration_s: float
    performed_at: datetime
    verified: bool = Field(description="Counted by Pacer from a video or landmarks.")


Attachment = Annotated[SharedRun | SharedWorkout, Field(discriminator="kind")]


class PostDraft(BaseModel):
    """Body of `POST /social/posts`: the text, at most one of your own runs or workouts to share,
    and a group of yours to post in (leave out for your own followers, as your privacy allows)."""

    model_config = ConfigDict(extra="forbid")

    text: PostText
    run_id: UUID | None = Field(
        default=None, description="One of your own runs (not one imported from Strava)."
    )
    workout_id: UUID | None = Field(default=None, description="One of your strength workouts.")
    group_id: UUID | None = Field(default=None, description="A group you belong to.")

    @model_validator(mode="after")
    def _one_attachment(self) -> Self:
        if self.run_id is not None and self.workout_id is not None:
            raise PydanticCustomError(
                "one_attachment", "share a run or a workout in a post, not both"
            )
        return self


class PostEdit(BaseModel):
    """Body of `PUT /social/posts/{post_id}`."""

    model_config = ConfigDict(extra="forbid")

    text: PostText
    expected_version: Version


class CommentDraft(BaseModel):
    """Body of `POST /social/posts/{post_id}/comments`."""

    model_config = ConfigDict(extra="forbid")

    text: CommentText


class PublishPost(Command[CommandAccepted]):
    post_id: UUID
    account_id: UUID
    text: PostText
    run_id: UUID | None = None
    workout_id: UUID | None = None
    group_id: UUID | None = None


class EditPost(Command[CommandAccepted]):
    post_id: UUID
    account_id: UUID
    text: PostText
    expected_version: Version


class DeletePost(Command[CommandAccepted]):
    """By its author, or by the owner of the group it is in."""

    post_id: UUID
    account_id: UUID


class LikePost(Command[CommandAccepted]):
    post_id: UUID
    account_id: UUID


class UnlikePost(Command[CommandAccepted]):
    post_id: UUID
    account_id: UUID


class CommentOnPost(Command[CommandAccepted]):
    comment_id: UUID
    post_id: UUID
    account_id: UUID
    text: CommentText


class DeleteComment(Command[CommandAccepted]):
    """By its author, the post's author, or the owner of the post's group."""

    comment_id: UUID
    account_id: UUID

"""One handler per post, like or comment command."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal
from uuid import UUID

from commands.errors import NotFoundError, NotPermittedError, RuleViolationError
from commands.movement.workout import Workout
from commands.social.audience import (
    connection_between,
    live_group,
    live_post,
    member_of,
    post_seen_by,
)
from commands.social.group import Group
from commands.social.post import Comment, Like, Post
from commands.training.run import Run
from commands.unit_of_work import UnitOfWork, load_or_start
from contracts.commands import CommandAccepted
from contracts.social.posts import (
    CommentOnPost,
    DeleteComment,
    DeletePost,
    EditPost,
    LikePost,
    PublishPost,
    SharedRun,
    SharedWorkout,
    UnlikePost,
    like_id,
)


async def _shared_run(uow: UnitOfWork, run_id: UUID, author_id: UUID) -> SharedRun:
    try:
        run = await uow.load(Run, str(run_id))
    except NotFoundError:
        raise NotFoundError(f"run {run_id} does not exist") from None
    run.check_owned_by(author_id)
    run.check_not_deleted()
    if run.source != "manual":
        raise RuleViolationError(
            "run_id: a run imported from Strava stays yours alone; it cannot be shared"
        )
    told = run.told
    return SharedRun(run_id=run_id, distance_km=told.distance_km, duration_s=told.duration_s,
                     started_at=told.started_at)  # fmt: skip


async def _shared_workout(uow: UnitOfWork, workout_id: UUID, author_id: UUID) -> SharedWorkout:
    try:
        workout = await uow.load(Workout, str(workout_id))
    except NotFoundError:
        raise NotFoundError(f"workout {workout_id} does not exist") from None
    workout.check_owned_by(author_id)
    workout.check_not_deleted()
    facts = workout.facts
    return SharedWorkout(workout_id=workout_id, exercise=facts.exercise, reps=facts.reps,
                         duration_s=facts.duration_s, performed_at=facts.performed_at,
                         verified=workout.verified)  # fmt: skip


async def publish_post(cmd: PublishPost, uow: UnitOfWork) -> CommandAccepted:
    attachment: SharedRun | SharedWorkout | None = None
    if cmd.run_id is not None:
        attachment = await _shared_run(uow, cmd.run_id, cmd.account_id)
    elif cmd.workout_id is not None:
        attachment = await _shared_workout(uow, cmd.workout_id, cmd.account_id)
    if cmd.group_id is not None:
        group = await live_group(uow, cmd.group_id)
        if (await connection_between(uow, cmd.account_id, group.owner_id)).blocked_between():
            raise NotFoundError(f"group {cmd.group_id} does not exist")
        if not (await member_of(uow, cmd.group_id, cmd.account_id)).member:
            raise NotPermittedError("join the group to post in it")
    post = await load_or_start(uow, Post, str(cmd.post_id))
    post.publish(cmd.account_id, cmd.text, cmd.group_id, attachment, datetime.now(UTC))
    return await uow.save(post)


async def edit_post(cmd: EditPost, uow: UnitOfWork) -> CommandAccepted:
    post = await live_post(uow, cmd.post_id)
    post.edit(cmd.account_id, cmd.text, cmd.expected_version, datetime.now(UTC))
    return await uow.save(post)


async def _owns_group_of(uow: UnitOfWork, post: Post, account_id: UUID) -> bool:
    if post.group_id is None:
        return False
    group = await uow.load(Group, str(post.group_id))
    return group.owner_id == account_id


async def delete_post(cmd: DeletePost, uow: UnitOfWork) -> CommandAccepted:
    post = await live_post(uow, cmd.post_id)
    if cmd.account_id == post.author_id:
        post.delete(by_group_owner=False)
    elif await _owns_group_of(uow, post, cmd.account_id):
        post.delete(by_group_owner=True)
    else:
        raise NotFoundError(f"post {cmd.post_id} does not exist")
    return await uow.save(post)


async def like_post(cmd: LikePost, uow: UnitOfWork) -> CommandAccepted:
    await post_seen_by(uow, cmd.post_id, cmd.account_id)
    like = await load_or_start(uow, Like, str(like_id(cmd.post_id, cmd.account_id)))
    like.like(cmd.post_id, cmd.account_id, datetime.now(UTC))
    return await uow.save(like)


async def unlike_post(cmd: UnlikePost, uow: UnitOfWork) -> CommandAccepted:
    like = await load_or_start(uow, Like, str(like_id(cmd.post_id, cmd.account_id)))
    if not like.liked:
        raise NotFoundError(f"you do not like post {cmd.post_id}")
    like.unlike(cmd.post_id, cmd.account_id)
    return await uow.save(like)


async def comment_on_post(cmd: CommentOnPost, uow: UnitOfWork) -> CommandAccepted:
    await post_seen_by(uow, cmd.post_id, cmd.account_id)
    comment = await load_or_start(uow, Comment, str(cmd.comment_id))
    comment.add(cmd.post_id, cmd.account_id, cmd.text, datetime.now(UTC))
    return await uow.save(comment)


async def delete_comment(cmd: DeleteComment, uow: UnitOfWork) -> CommandAccepted:
    try:
        comment = await uow.load(Comment, str(cmd.comment_id))
    except NotFoundError:
        raise NotFoundError(f"comment {cmd.comment_id} does not exist") from None
    comment.check_exists()
    by: Literal["author", "post_author", "group_owner"] | None = None
    if cmd.account_id == comment.author_id:
        by = "author"
    else:
        post = await uow.load(Post, str(comment.post_id))
        if cmd.account_id == post.author_id:
            by = "post_author"
        elif await _owns_group_of(uow, post, cmd.account_id):
            by = "group_owner"
    if by is None:
        raise NotFoundError(f"comment {cmd.comment_id} does not exist")
    comment.delete(by)
    return await uow.save(comment)

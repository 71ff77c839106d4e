"""Posts, likes and comments over HTTP (`/social`). Read them on the query API: the feed, a
post, an account's posts, a post's comments and likes."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from commands.http import AccountSender, IdempotencyKey, account_limit, answer, build, new_id
from contracts.commands import CommandAccepted
from contracts.social.posts import (
    CommentDraft,
    CommentOnPost,
    DeleteComment,
    DeletePost,
    EditPost,
    LikePost,
    PostDraft,
    PostEdit,
    PublishPost,
    UnlikePost,
)
from infra.problems import problems

router = APIRouter(prefix="/social", tags=["social"])
Answer = problems(403, 404, 409, 422)
POSTS = account_limit("posts", "limit_posts_per_account", "posts and comments")


@router.post("/posts", status_code=201, response_model=CommandAccepted, responses=Answer,
             dependencies=[POSTS])  # fmt: skip
async def publish_post(
    body: PostDraft, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Post to your followers (as your privacy allows) or in a group you belong to (403
    otherwise), optionally sharing one of your runs or workouts (422 for a run imported from
    Strava). `aggregate_id` is the post's id. An `Idempotency-Key` header makes retries safe."""
    command = build(PublishPost, post_id=new_id(sender, key), account_id=sender.account_id,
                    **body.model_dump())  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.put("/posts/{post_id}", response_model=CommandAccepted, responses=Answer)
async def edit_post(
    post_id: UUID, body: PostEdit, sender: AccountSender, response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:  # fmt: skip
    """Replace your post's text; 409 if it changed since `expected_version`."""
    command = build(EditPost, post_id=post_id, account_id=sender.account_id, **body.model_dump())
    return answer(await sender.send(command, key), response)


@router.delete("/posts/{post_id}", response_model=CommandAccepted, responses=Answer)
async def delete_post(
    post_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Delete your post, or (as a group's owner) a post in your group; its likes and comments
    go with it."""
    command = build(DeletePost, post_id=post_id, account_id=sender.account_id)
    return answer(await sender.send(command, key), response)


@router.put("/posts/{post_id}/like", response_model=CommandAccepted, responses=Answer)
async def like_post(
    post_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Like a post you can see (again: nothing changes)."""
    command = build(LikePost, post_id=post_id, account_id=sender.account_id)
    return answer(await sender.send(command, key), response)


@router.delete("/posts/{post_id}/like", response_model=CommandAccepted, responses=Answer)
async def unlike_post(
    post_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Take your like back."""
    command = build(UnlikePost, post_id=post_id, account_id=sender.account_id)
    return answer(await sender.send(command, key), response)


@router.post("/posts/{post_id}/comments", status_code=201, response_model=CommandAccepted,
             responses=Answer, dependencies=[POSTS])  # fmt: skip
async def comment_on_post(
    post_id: UUID, body: CommentDraft, sender: AccountSender, response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:  # fmt: skip
    """Comment on a post you can see. `aggregate_id` is the comment's id."""
    command = build(CommentOnPost, comment_id=new_id(sender, key), post_id=post_id,
                    account_id=sender.account_id, text=body.text)  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.delete("/comments/{comment_id}", response_model=CommandAccepted, responses=Answer)
async def delete_comment(
    comment_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Delete your comment, a comment on your post, or one in a group you own."""
    command = build(DeleteComment, comment_id=comment_id, account_id=sender.account_id)
    return answer(await sender.send(command, key), response)

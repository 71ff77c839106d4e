"""Social context, write side: follows and requests, blocks, posts with likes and comments,
groups."""

from __future__ import annotations

from fastapi import APIRouter

from commands.social.group_handlers import (
    create_group,
    delete_group,
    join_group,
    leave_group,
    remove_group_member,
)
from commands.social.group_routes import router as group_router
from commands.social.post_handlers import (
    comment_on_post,
    delete_comment,
    delete_post,
    edit_post,
    like_post,
    publish_post,
    unlike_post,
)
from commands.social.post_routes import router as post_router
from commands.social.relation_handlers import (
    approve_follower,
    block_account,
    decline_follower,
    follow_account,
    remove_follower,
    unblock_account,
    unfollow_account,
)
from commands.social.relation_routes import router as relation_router

HANDLERS = (
    follow_account, unfollow_account, approve_follower, decline_follower, remove_follower,
    block_account, unblock_account,
    publish_post, edit_post, delete_post, like_post, unlike_post, comment_on_post, delete_comment,
    create_group, join_group, leave_group, remove_group_member, delete_group,
)  # fmt: skip

router = APIRouter()
router.include_router(relation_router)
router.include_router(post_router)
router.include_router(group_router)

__all__ = ["HANDLERS", "router"]

"""Social context, read side: the feed, posts, comments and likes, follows and blocks, groups."""

from queries.social.routes import router

__all__ = ["router"]

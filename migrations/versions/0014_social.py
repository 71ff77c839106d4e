"""Social: follows and blocks, posts with likes and comments, groups, per-account feeds, and
their row policies; the profile card's policy learns followers and blocks. Names are copied into
the rows they go with (a post's author, a member), so whoever sees a post sees who wrote it, and
nothing more of a private profile.

The feed is fanned out on write: a post gets a `feed_view` row per follower (or group member)
when its author has at most `FAN_OUT_LIMIT` followers (its group that many members); a wider
author's posts keep `fanned_out = false` and are merged in when a feed is read.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

READER = "pacer_reader"
CALLER = "nullif(current_setting('pacer.caller', true), '')::uuid"

UPGRADE = """
CREATE TABLE social_accounts_view (
    account_id  uuid PRIMARY KEY,
    display_name text NOT NULL DEFAULT '',
    visibility  text NOT NULL DEFAULT 'followers',
    disabled    boolean NOT NULL DEFAULT false,
    followers   integer NOT NULL DEFAULT 0,
    following   integer NOT NULL DEFAULT 0,
    posts       integer NOT NULL DEFAULT 0
);
CREATE TABLE follows_view (
    follower_id uuid NOT NULL,
    followee_id uuid NOT NULL,
    follower_name text NOT NULL DEFAULT '',
    followee_name text NOT NULL DEFAULT '',
    status      text NOT NULL,
    since       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_view_followee ON follows_view (followee_id, status);
CREATE TABLE blocks_view (
    blocker_id  uuid NOT NULL,
    blocked_id  uuid NOT NULL,
    blocked_name text NOT NULL DEFAULT '',
    since       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX blocks_view_blocked ON blocks_view (blocked_id);
CREATE TABLE posts_view (
    post_id      uuid PRIMARY KEY,
    author_id    uuid NOT NULL,
    author_name  text NOT NULL DEFAULT '',
    group_id     uuid,
    text         text NOT NULL,
    attachment   jsonb,
    published_at timestamptz NOT NULL,
    edited_at    timestamptz,
    audience     text NOT NULL,
    fanned_out   boolean NOT NULL,
    likes        integer NOT NULL DEFAULT 0,
    comments     integer NOT NULL DEFAULT 0,
    version      integer NOT NULL
);
CREATE INDEX posts_view_author ON posts_view (author_id, published_at DESC, post_id DESC);
CREATE INDEX posts_view_group ON posts_view (group_id, published_at DESC, post_id DESC)
    WHERE group_id IS NOT NULL;
CREATE INDEX posts_view_wide ON posts_view (author_id, published_at DESC, post_id DESC)
    WHERE NOT fanned_out AND group_id IS NULL;
CREATE INDEX posts_view_wide_group ON posts_view (group_id, published_at DESC, post_id DESC)
    WHERE NOT fanned_out AND group_id IS NOT NULL;
CREATE INDEX posts_view_run ON posts_view (((attachment ->> 'run_id')::uuid))
    WHERE attachment ->> 'kind' = 'run';
CREATE INDEX posts_view_workout ON posts_view (((attachment ->> 'workout_id')::uuid))
    WHERE attachment ->> 'kind' = 'workout';
CREATE TABLE feed_view (
    owner_id     uuid NOT NULL,
    post_id      uuid NOT NULL,
    author_id    uuid NOT NULL,
    group_id     uuid,
    published_at timestamptz NOT NULL,
    PRIMARY KEY (owner_id, post_id)
);
CREATE INDEX feed_view_page ON feed_view (owner_id, published_at DESC, post_id DESC);
CREATE INDEX feed_view_post ON feed_view (post_id);
CREATE TABLE likes_view (
    post_id     uuid NOT NULL,
    account_id  uuid NOT NULL,
    display_name text NOT NULL DEFAULT '',
    liked_at    timestamptz NOT NULL,
    PRIMARY KEY (post_id, account_id)
);
CREATE INDEX likes_view_page ON likes_view (post_id, liked_at DESC, account_id DESC);
CREATE TABLE comments_view (
    comment_id   uuid PRIMARY KEY,
    post_id      uuid NOT NULL,
    author_id    uuid NOT NULL,
    author_name  text NOT NULL DEFAULT '',
    text         text NOT NULL,
    commented_at timestamptz NOT NULL
);
CREATE INDEX comments_view_page ON comments_view (post_id, commented_at, comment_id);
CREATE TABLE groups_view (
    group_id    uuid PRIMARY KEY,
    owner_id    uuid NOT NULL,
    owner_name  text NOT NULL DEFAULT '',
    name        text NOT NULL,
    description text NOT NULL,
    created_at  timestamptz NOT NULL,
    members     integer NOT NULL DEFAULT 0,
    posts       integer NOT NULL DEFAULT 0
);
CREATE INDEX groups_view_page ON groups_view (created_at DESC, group_id DESC);
CREATE TABLE group_members_view (
    group_id    uuid NOT NULL,
    account_id  uuid NOT NULL,
    display_name text NOT NULL DEFAULT '',
    joined_at   timestamptz NOT NULL,
    PRIMARY KEY (group_id, account_id)
);
CREATE INDEX group_members_view_account ON group_members_view (account_id);
CREATE INDEX group_members_view_page ON group_members_view (group_id, joined_at, account_id);
CREATE TABLE social_tombstones (
    id    uuid PRIMARY KEY,
    kind  text NOT NULL
);
CREATE TABLE social_positions (
    stream_id  text PRIMARY KEY,
    version    integer NOT NULL
)
"""

DOWNGRADE = """
DROP TABLE social_positions;
DROP TABLE social_tombstones;
DROP TABLE group_members_view;
DROP TABLE groups_view;
DROP TABLE comments_view;
DROP TABLE likes_view;
DROP TABLE feed_view;
DROP TABLE posts_view;
DROP TABLE blocks_view;
DROP TABLE follows_view;
DROP TABLE social_accounts_view
"""

FUNCTIONS = (
    """CREATE FUNCTION pacer_followed() RETURNS SETOF uuid LANGUAGE sql STABLE AS $$
        SELECT f.followee_id FROM follows_view f WHERE f.follower_id = pacer_caller()
        AND f.status = 'active' $$""",
    # Both directions of a block: the reader sees only the blocks it made, so this one reads as
    # the tables' owner (and names its schema).
    """CREATE FUNCTION pacer_blocked_with() RETURNS SETOF uuid LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = public AS $$
        SELECT b.blocked_id FROM blocks_view b WHERE b.blocker_id = pacer_caller()
        UNION SELECT b.blocker_id FROM blocks_view b WHERE b.blocked_id = pacer_caller() $$""",
    # The members' policy asks it too: it reads as the owner, or the policy would recurse.
    """CREATE FUNCTION pacer_groups() RETURNS SETOF uuid LANGUAGE sql STABLE
        SECURITY DEFINER SET search_path = public AS $$
        SELECT m.group_id FROM group_members_view m WHERE m.account_id = pacer_caller() $$""",
    # Per row, under the post's own policy: likes and comments are seen with their post.
    """CREATE FUNCTION pacer_sees_post(post uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM posts_view p WHERE p.post_id = post) $$""",
    """CREATE FUNCTION pacer_partners() RETURNS SETOF uuid LANGUAGE sql STABLE AS $$
        SELECT g.athlete_id FROM grants_view g WHERE g.coach_id = pacer_caller()
        AND g.status = 'active'
        UNION SELECT g.coach_id FROM grants_view g WHERE g.athlete_id = pacer_caller()
        AND g.status = 'active' $$""",
    # Whose card (and social standing) the caller sees: their own; else never a disabled account
    # nor one with a block between them; a public profile, a followers-only one they follow, or
    # their live coach or athlete. (The profiles policy also lets through the names of pending
    # invitations' counterparts, for the grant lists; the card asks this.)
    """CREATE FUNCTION pacer_sees_card(account uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM profiles_view p WHERE p.account_id = account
        AND (p.account_id = pacer_caller() OR (NOT p.disabled
        AND p.account_id NOT IN (SELECT pacer_blocked_with())
        AND (p.visibility = 'public'
        OR (p.visibility = 'followers' AND p.account_id IN (SELECT pacer_followed()))
        OR p.account_id IN (SELECT pacer_partners()))))) $$""",
)
NOT_BLOCKED = "NOT IN (SELECT pacer_blocked_with())"
POLICIES = {
    "posts_view": (
        f"author_id = {CALLER} OR (author_id {NOT_BLOCKED} AND (audience = 'public' "
        "OR (audience = 'followers' AND author_id IN (SELECT pacer_followed())) "
        "OR (audience = 'group' AND group_id IN (SELECT pacer_groups()))))"
    ),
    "feed_view": f"owner_id = {CALLER}",
    "likes_view": (
        f"account_id = {CALLER} OR (account_id {NOT_BLOCKED} AND pacer_sees_post(post_id))"
    ),
    "comments_view": (
        f"author_id = {CALLER} OR (author_id {NOT_BLOCKED} AND pacer_sees_post(post_id))"
    ),
    "follows_view": f"{CALLER} IN (follower_id, followee_id)",
    "blocks_view": f"blocker_id = {CALLER}",
    "social_accounts_view": f"account_id = {CALLER} OR pacer_sees_card(account_id)",
    "groups_view": f"owner_id {NOT_BLOCKED} OR group_id IN (SELECT pacer_groups())",
    "group_members_view": (
        f"account_id = {CALLER} OR (group_id IN (SELECT pacer_groups()) "
        f"AND account_id {NOT_BLOCKED})"
    ),
}
PROFILES_BEFORE = (
    f"account_id = {CALLER} OR (visibility = 'public' AND NOT disabled) "
    "OR account_id IN (SELECT pacer_counterparts())"
)
PROFILES = (
    f"account_id = {CALLER} OR account_id IN (SELECT pacer_counterparts()) "
    f"OR (NOT disabled AND account_id {NOT_BLOCKED} AND (visibility = 'public' "
    "OR (visibility = 'followers' AND account_id IN (SELECT pacer_followed()))))"
)


def _run(script: str) -> None:
    # One statement per call: asyncpg prepares statements, and a prepared one holds one command.
    for statement in script.split(";"):
        if statement.strip():
            op.execute(statement)


def _profiles_policy(rule: str) -> None:
    op.execute("DROP POLICY reader ON profiles_view")
    op.execute(f"CREATE POLICY reader ON profiles_view FOR SELECT TO {READER} USING ({rule})")


def upgrade() -> None:
    _run(UPGRADE)
    for function in FUNCTIONS:
        op.execute(function)
    for table, rule in POLICIES.items():
        op.execute(f"GRANT SELECT ON {table} TO {READER}")
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY reader ON {table} FOR SELECT TO {READER} USING ({rule})")
    _profiles_policy(PROFILES)


def downgrade() -> None:
    _profiles_policy(PROFILES_BEFORE)
    for table in POLICIES:
        op.execute(f"DROP POLICY reader ON {table}")
    for function in ("pacer_sees_card(uuid)", "pacer_partners()", "pacer_sees_post(uuid)",
                     "pacer_groups()",
                     "pacer_blocked_with()", "pacer_followed()"):  # fmt: skip
        op.execute(f"DROP FUNCTION {function}")
    _run(DOWNGRADE)

"""The social read model's SQL, one statement per constant, each for one event (run many at once).

Locks: a follow that starts and a post that is published both update the author's row of
`social_accounts_view` first (a group's join and a group post, the group's row), so two
projector replicas applying them at once take turns, and the second sees what the first wrote:
a post is fanned out to a follower, or the new follower's feed is backfilled with it. Every
account row a wave changes is locked first, in one order, for the same reason; a row whose name
is copied is locked to share, so a rename applied at the same time comes before or after, never
beside."""

from __future__ import annotations

from sqlalchemy import text

NAME = "coalesce((SELECT display_name FROM social_accounts_view WHERE account_id = {}), '')"

ACCOUNTS = text(
    "INSERT INTO social_accounts_view (account_id) SELECT id FROM "
    "unnest(CAST(:ids AS uuid[])) AS id ORDER BY id ON CONFLICT DO NOTHING"
)
LOCK_ACCOUNTS_TO_CHANGE = text(
    "SELECT account_id FROM social_accounts_view WHERE account_id = ANY(CAST(:ids AS uuid[])) "
    "ORDER BY account_id FOR UPDATE"
)
LOCK_ACCOUNTS_TO_READ = text(
    "SELECT account_id FROM social_accounts_view WHERE account_id = ANY(CAST(:ids AS uuid[])) "
    "ORDER BY account_id FOR SHARE"
)
REGISTERED = text(
    "INSERT INTO social_accounts_view (account_id, display_name) VALUES (:account, :name) "
    "ON CONFLICT (account_id) DO UPDATE SET display_name = :name"
)
RENAMED = tuple(
    text(statement)
    for statement in (
        "UPDATE posts_view SET author_name = :name WHERE author_id = :account",
        "UPDATE comments_view SET author_name = :name WHERE author_id = :account",
        "UPDATE likes_view SET display_name = :name WHERE account_id = :account",
        "UPDATE group_members_view SET display_name = :name WHERE account_id = :account",
        "UPDATE groups_view SET owner_name = :name WHERE owner_id = :account",
        "UPDATE follows_view SET follower_name = :name WHERE follower_id = :account",
        "UPDATE follows_view SET followee_name = :name WHERE followee_id = :account",
        "UPDATE blocks_view SET blocked_name = :name WHERE blocked_id = :account",
    )
)
PRIVACY = text(
    "INSERT INTO social_accounts_view (account_id, visibility) VALUES (:account, :visibility) "
    "ON CONFLICT (account_id) DO UPDATE SET visibility = :visibility"
)
DISABLED = text(
    "INSERT INTO social_accounts_view (account_id, disabled) VALUES (:account, :disabled) "
    "ON CONFLICT (account_id) DO UPDATE SET disabled = :disabled"
)
AUDIENCE = text(
    "UPDATE posts_view p SET audience = CASE WHEN a.disabled THEN 'hidden' "
    "WHEN p.group_id IS NOT NULL THEN 'group' ELSE a.visibility END "
    "FROM social_accounts_view a WHERE a.account_id = :account AND p.author_id = :account"
)

REQUESTED = text(
    "INSERT INTO follows_view (follower_id, followee_id, follower_name, followee_name, status, "  # noqa: S608 - constants
    f"since) VALUES (:follower, :followee, {NAME.format(':follower')}, "
    f"{NAME.format(':followee')}, 'requested', :at) "
    "ON CONFLICT (follower_id, followee_id) DO UPDATE SET status = 'requested', since = :at"
)
FOLLOWERS_UP = text(
    "UPDATE social_accounts_view SET followers = followers + 1 WHERE account_id = :followee"
)
FOLLOWING_UP = text(
    "UPDATE social_accounts_view SET following = following + 1 WHERE account_id = :follower"
)
STARTED = text(
    "INSERT INTO follows_view (follower_id, followee_id, follower_name, followee_name, status, "  # noqa: S608 - constants
    f"since) VALUES (:follower, :followee, {NAME.format(':follower')}, "
    f"{NAME.format(':followee')}, 'active', :at) "
    "ON CONFLICT (follower_id, followee_id) DO UPDATE SET status = 'active', since = :at"
)
BACKFILL_FOLLOWER = text(
    "INSERT INTO feed_view (owner_id, post_id, author_id, group_id, published_at) "
    "SELECT CAST(:follower AS uuid), p.post_id, p.author_id, NULL, p.published_at "
    "FROM posts_view p "
    "WHERE p.author_id = :followee AND p.group_id IS NULL AND p.fanned_out "
    "ORDER BY p.published_at DESC, p.post_id DESC LIMIT :backfill ON CONFLICT DO NOTHING"
)
FOLLOW_GONE = text("DELETE FROM follows_view WHERE follower_id = :follower "
                   "AND followee_id = :followee")  # fmt: skip
FOLLOWERS_DOWN = text(
    "UPDATE social_accounts_view SET followers = greatest(followers - 1, 0) "
    "WHERE account_id = :followee"
)
FOLLOWING_DOWN = text(
    "UPDATE social_accounts_view SET following = greatest(following - 1, 0) "
    "WHERE account_id = :follower"
)
UNFED = text(
    "DELETE FROM feed_view WHERE owner_id = :follower AND author_id = :followee "
    "AND group_id IS NULL"
)
BLOCKED = text(
    "INSERT INTO blocks_view (blocker_id, blocked_id, blocked_name, since) "  # noqa: S608 - constants
    f"VALUES (:blocker, :blocked, {NAME.format(':blocked')}, :at) ON CONFLICT DO NOTHING"
)
BLOCK_UNFED = text(
    "DELETE FROM feed_view WHERE (owner_id = :blocker AND author_id = :blocked) "
    "OR (owner_id = :blocked AND author_id = :blocker)"
)
UNBLOCKED = text("DELETE FROM blocks_view WHERE blocker_id = :blocker AND blocked_id = :blocked")

# What is gone stays gone: a post, a group, a run or workout deleted is remembered, so that an
# event of another stream applied after it (a like, a join, a post in the group, a post sharing
# the run) does not bring it back.
TOMBSTONE = text("INSERT INTO social_tombstones (id, kind) VALUES (:id, :kind) "
                 "ON CONFLICT DO NOTHING")  # fmt: skip
GONE = text("SELECT id FROM social_tombstones WHERE id = ANY(CAST(:ids AS uuid[]))")
NOT_GONE = "NOT EXISTS (SELECT 1 FROM social_tombstones WHERE id = {})"

# Posts, a wave at once: the authors' rows locked first, in one order (see above), then the
# groups'; then the posts; then their feeds.
AUTHORS_POSTS_UP = text(
    "UPDATE social_accounts_view a SET posts = a.posts + n.count FROM (SELECT id, count(*) "
    "AS count FROM unnest(CAST(:ids AS uuid[])) AS id GROUP BY id) n WHERE a.account_id = n.id "
    "RETURNING a.account_id, a.followers, a.visibility, a.disabled"
)
LOCK_GROUPS = text(
    "SELECT group_id FROM groups_view WHERE group_id = ANY(CAST(:ids AS uuid[])) "
    "ORDER BY group_id FOR UPDATE"
)
GROUPS_POSTS_UP = text(
    "UPDATE groups_view g SET posts = g.posts + n.count FROM (SELECT id, count(*) AS count "
    "FROM unnest(CAST(:ids AS uuid[])) AS id GROUP BY id) n WHERE g.group_id = n.id "
    "RETURNING g.group_id, g.members"
)
POSTS = (
    "unnest(CAST(:posts AS uuid[]), CAST(:authors AS uuid[]), CAST(:groups AS uuid[]), "
    "CAST(:ats AS timestamptz[]), CAST(:fanned AS boolean[])) "
    "AS p(post_id, author_id, group_id, at, fanned_out)"
)
PUBLISHED = text(
    "INSERT INTO posts_view (post_id, author_id, author_name, group_id, text, attachment, "  # noqa: S608 - constants
    "published_at, audience, fanned_out, likes, comments, version) "
    "SELECT p.post_id, p.author_id, coalesce(a.display_name, ''), p.group_id, t.text, "
    "CAST(t.attachment AS jsonb), p.at, t.audience, p.fanned_out, "
    "(SELECT count(*) FROM likes_view l WHERE l.post_id = p.post_id), "
    "(SELECT count(*) FROM comments_view c WHERE c.post_id = p.post_id), t.version "
    f"FROM {POSTS} JOIN unnest(CAST(:posts AS uuid[]), CAST(:texts AS text[]), "
    "CAST(:attachments AS text[]), CAST(:audiences AS text[]), CAST(:versions AS integer[])) "
    "AS t(post_id, text, attachment, audience, version) ON t.post_id = p.post_id "
    "LEFT JOIN social_accounts_view a ON a.account_id = p.author_id "
    "ON CONFLICT (post_id) DO NOTHING"
)
FAN_OUT = text(
    "INSERT INTO feed_view (owner_id, post_id, author_id, group_id, published_at) "  # noqa: S608 - constants
    f"SELECT o.owner, p.post_id, p.author_id, p.group_id, p.at FROM {POSTS} "
    "CROSS JOIN LATERAL (SELECT p.author_id AS owner "
    "UNION SELECT f.follower_id FROM follows_view f WHERE p.fanned_out AND p.group_id IS NULL "
    "AND f.followee_id = p.author_id AND f.status = 'active' "
    "UNION SELECT m.account_id FROM group_members_view m WHERE p.fanned_out "
    "AND m.group_id = p.group_id) AS o ON CONFLICT DO NOTHING"
)
EDITED = text(
    "UPDATE posts_view SET text = :text, edited_at = :at, version = :version WHERE post_id = :post"
)
POST_GONE = tuple(
    text(statement)
    for statement in (
        "INSERT INTO social_tombstones (id, kind) VALUES (:post, 'post') ON CONFLICT DO NOTHING",
        "DELETE FROM feed_view WHERE post_id = :post",
        "DELETE FROM likes_view WHERE post_id = :post",
        "DELETE FROM comments_view WHERE post_id = :post",
        # Counted down only if it was there (its group may have taken it already).
        "WITH gone AS (DELETE FROM posts_view WHERE post_id = :post "
        "RETURNING author_id, group_id), authors AS (UPDATE social_accounts_view "
        "SET posts = greatest(posts - 1, 0) WHERE account_id IN (SELECT author_id FROM gone)) "
        "UPDATE groups_view SET posts = greatest(posts - 1, 0) "
        "WHERE group_id IN (SELECT group_id FROM gone)",
    )
)
RUN_GONE = text(
    "UPDATE posts_view SET attachment = NULL WHERE attachment ->> 'kind' = 'run' "
    "AND (attachment ->> 'run_id')::uuid = :run"
)
WORKOUT_GONE = text(
    "UPDATE posts_view SET attachment = NULL WHERE attachment ->> 'kind' = 'workout' "
    "AND (attachment ->> 'workout_id')::uuid = :workout"
)

LIKED = text(
    "WITH added AS (INSERT INTO likes_view (post_id, account_id, display_name, liked_at) "  # noqa: S608 - constants
    f"SELECT :post, :account, {NAME.format(':account')}, :at "
    f"WHERE {NOT_GONE.format(':post')} ON CONFLICT DO NOTHING "
    "RETURNING post_id) UPDATE posts_view SET likes = likes + 1 "
    "WHERE post_id IN (SELECT post_id FROM added)"
)
UNLIKED = text(
    "WITH gone AS (DELETE FROM likes_view WHERE post_id = :post AND account_id = :account "
    "RETURNING post_id) UPDATE posts_view SET likes = greatest(likes - 1, 0) "
    "WHERE post_id IN (SELECT post_id FROM gone)"
)
COMMENTED = text(
    "WITH added AS (INSERT INTO comments_view (comment_id, post_id, author_id, author_name, "  # noqa: S608 - constants
    f"text, commented_at) SELECT :comment, :post, :author, {NAME.format(':author')}, :text, "
    f":at WHERE {NOT_GONE.format(':post')} ON CONFLICT DO NOTHING RETURNING post_id) "
    "UPDATE posts_view "
    "SET comments = comments + 1 WHERE post_id IN (SELECT post_id FROM added)"
)
UNCOMMENTED = text(
    "WITH gone AS (DELETE FROM comments_view WHERE comment_id = :comment RETURNING post_id) "
    "UPDATE posts_view SET comments = greatest(comments - 1, 0) "
    "WHERE post_id IN (SELECT post_id FROM gone)"
)

GROUP_CREATED = text(
    "INSERT INTO groups_view (group_id, owner_id, owner_name, name, description, created_at, "  # noqa: S608 - constants
    f"members, posts) VALUES (:group, :owner, {NAME.format(':owner')}, :name, :description, "
    ":at, (SELECT count(*) FROM group_members_view WHERE group_id = :group), "
    "(SELECT count(*) FROM posts_view WHERE group_id = :group)) ON CONFLICT DO NOTHING"
)
MEMBERS_UP = text("UPDATE groups_view SET members = members + 1 WHERE group_id = :group")
JOINED = text(
    "INSERT INTO group_members_view (group_id, account_id, display_name, joined_at) "
    f"SELECT :group, :account, {NAME.format(':account')}, :at "
    f"WHERE {NOT_GONE.format(':group')} ON CONFLICT DO NOTHING"
)
BACKFILL_MEMBER = text(
    "INSERT INTO feed_view (owner_id, post_id, author_id, group_id, published_at) "
    "SELECT CAST(:account AS uuid), p.post_id, p.author_id, p.group_id, p.published_at "
    "FROM posts_view p "
    "WHERE p.group_id = :group AND p.fanned_out "
    "ORDER BY p.published_at DESC, p.post_id DESC LIMIT :backfill ON CONFLICT DO NOTHING"
)
MEMBER_GONE = text(
    "WITH gone AS (DELETE FROM group_members_view WHERE group_id = :group "
    "AND account_id = :account RETURNING group_id) UPDATE groups_view "
    "SET members = greatest(members - 1, 0) WHERE group_id IN (SELECT group_id FROM gone)"
)
MEMBER_UNFED = text("DELETE FROM feed_view WHERE owner_id = :account AND group_id = :group")
GROUP_GONE = tuple(
    text(statement)
    for statement in (
        "INSERT INTO social_tombstones (id, kind) VALUES (:group, 'group') ON CONFLICT DO NOTHING",
        "SELECT group_id FROM groups_view WHERE group_id = :group FOR UPDATE",
        "UPDATE social_accounts_view a SET posts = greatest(a.posts - n.count, 0) FROM "
        "(SELECT author_id, count(*) AS count FROM posts_view WHERE group_id = :group "
        "GROUP BY author_id) n WHERE a.account_id = n.author_id",
        "DELETE FROM feed_view WHERE group_id = :group",
        "DELETE FROM likes_view WHERE post_id IN "
        "(SELECT post_id FROM posts_view WHERE group_id = :group)",
        "DELETE FROM comments_view WHERE post_id IN "
        "(SELECT post_id FROM posts_view WHERE group_id = :group)",
        "DELETE FROM posts_view WHERE group_id = :group",
        "DELETE FROM group_members_view WHERE group_id = :group",
        "DELETE FROM groups_view WHERE group_id = :group",
    )
)

# An erased account: what it owned goes as if deleted (its groups, its posts, its comments and
# likes, its memberships), then whatever still names it; the counts it was part of are recounted.
ERASED_GROUPS = text("SELECT group_id FROM groups_view WHERE owner_id = :account")
ERASED_POSTS = text(
    "SELECT post_id, author_id, group_id FROM posts_view WHERE author_id = :account"
)
ERASED_COMMENTS = text("SELECT comment_id FROM comments_view WHERE author_id = :account")
ERASED_LIKES = text("SELECT post_id, account_id FROM likes_view WHERE account_id = :account")
ERASED_MEMBERSHIPS = text("SELECT group_id, account_id FROM group_members_view "
                          "WHERE account_id = :account")  # fmt: skip
ERASED_FOLLOWS = text(
    "WITH gone AS (DELETE FROM follows_view WHERE follower_id = :account "
    "OR followee_id = :account RETURNING follower_id, followee_id, status) "
    "SELECT follower_id, followee_id FROM gone WHERE status = 'active'"
)
ERASED_REST = tuple(
    text(statement)
    for statement in (
        "DELETE FROM blocks_view WHERE blocker_id = :account OR blocked_id = :account",
        "DELETE FROM feed_view WHERE owner_id = :account OR author_id = :account",
        "DELETE FROM social_accounts_view WHERE account_id = :account",
    )
)

"""The social layer over HTTP on the real services: a follow request approved, a post sharing a
run read by a follower and refused to a stranger, likes and comments counted, a block that hides
everything both ways, a group whose posts only members read and whose owner removes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.conftest import System
from tests.e2e.test_coaching_over_http import Member
from tests.helpers import eventually

pytestmark = pytest.mark.e2e
YESTERDAY = (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0).isoformat()


async def _until(member: Member, path: str, check: Any) -> Any:
    """The query's answer once `check` holds of it (the read side is eventually consistent)."""
    found: list[Any] = []

    async def holds() -> bool:
        answer = await member.read(path)
        found[:] = [answer]
        return bool(check(answer))

    await eventually(holds, timeout_s=30)
    return found[0]


def _ids(answer: Any) -> list[str]:
    return [post["post_id"] for post in answer.json()["items"]]


async def test_followers_see_posts_strangers_and_the_blocked_see_nothing(system: System) -> None:
    ada, bob = await Member(system, "Ada").join(), await Member(system, "Bob").join()
    cy, dee = await Member(system, "Cy").join(), await Member(system, "Dee").join()
    command = system.command

    asked = await bob.do("/social/follows", {"account_id": ada.id})  # Ada: followers-only
    assert asked.status_code == 200, asked.text
    requests = await _until(ada, "/social/followers?status=requested",
                            lambda r: r.json()["items"])  # fmt: skip
    assert [f["account"]["display_name"] for f in requests.json()["items"]] == ["Bob"]
    assert (await ada.do(f"/social/followers/{bob.id}/approve")).status_code == 200

    run = await command.post("/runs", headers=ada.auth, json={
        "distance_km": 12.5, "duration_s": 3900, "started_at": YESTERDAY})  # fmt: skip
    published = await ada.do("/social/posts", {"text": "Long run done", "run_id":
                                               run.json()["aggregate_id"]})  # fmt: skip
    assert published.status_code == 201, published.text
    post = published.json()["aggregate_id"]
    refused = await bob.do("/social/posts", {"text": "Ada's run", "run_id":
                                             run.json()["aggregate_id"]})  # fmt: skip
    assert refused.status_code == 404  # someone else's run is not Bob's to share

    feed = await _until(bob, "/social/feed", lambda r: post in _ids(r))
    [shown] = feed.json()["items"]
    assert shown["author"]["display_name"] == "Ada"
    assert shown["attachment"]["distance_km"] == 12.5
    assert (await cy.read(f"/social/posts/{post}")).status_code == 404  # a stranger
    assert post not in _ids(await cy.read("/social/feed"))
    assert (await command.put(f"/social/posts/{post}/like", headers=cy.auth)).status_code == 404

    assert (await command.put(f"/social/posts/{post}/like", headers=bob.auth)).status_code == 200
    commented = await bob.do(f"/social/posts/{post}/comments", {"text": "Strong!"})
    assert commented.status_code == 201, commented.text
    counted = await _until(
        ada, f"/social/posts/{post}", lambda r: r.json()["comments"] == 1 and r.json()["likes"] == 1
    )
    assert counted.json()["version"] == 1
    comments = await bob.read(f"/social/posts/{post}/comments")
    assert [c["text"] for c in comments.json()["items"]] == ["Strong!"]

    # Ada goes public: Dee follows at once, then Ada blocks Dee.
    assert (await command.put("/me/privacy", headers=ada.auth,
                              json={"visibility": "public"})).status_code == 200  # fmt: skip
    await _until(dee, f"/social/posts/{post}", lambda r: r.status_code == 200)
    assert (await dee.do("/social/follows", {"account_id": ada.id})).status_code == 200
    await _until(ada, f"/social/accounts/{ada.id}", lambda r: r.json()["followers"] == 2)
    blocked = await command.put(f"/social/blocks/{dee.id}", headers=ada.auth)
    assert blocked.status_code == 200, blocked.text
    await _until(dee, f"/social/posts/{post}", lambda r: r.status_code == 404)
    assert (await dee.read(f"/profiles/{ada.id}")).status_code == 404
    assert (await dee.read(f"/social/accounts/{ada.id}")).status_code == 404
    assert (await dee.do("/social/follows", {"account_id": ada.id})).status_code == 404
    assert post not in _ids(await dee.read("/social/feed"))
    mine = await ada.read(f"/social/accounts/{ada.id}")
    assert mine.json()["followers"] == 1  # the block ended Dee's follow
    assert [b["account"]["account_id"] for b in (await ada.read("/social/blocks")).json()] == [
        dee.id
    ]

    # Bob unfollows; Ada back to followers-only: Bob no longer sees the post.
    await command.put("/me/privacy", headers=ada.auth, json={"visibility": "followers"})
    gone = await command.delete(f"/social/follows/{ada.id}", headers=bob.auth)
    assert gone.status_code == 200, gone.text
    await _until(bob, f"/social/posts/{post}", lambda r: r.status_code == 404)
    assert post not in _ids(await bob.read("/social/feed"))


async def test_a_groups_posts_are_its_members_and_its_owner_removes(system: System) -> None:
    ada, bob, cy = [await Member(system, name).join() for name in ("Ada", "Bob", "Cy")]
    created = await ada.do("/social/groups", {"name": "Track Tuesdays", "description": "400s"})
    assert created.status_code == 201, created.text
    group = created.json()["aggregate_id"]
    command = system.command
    assert (await bob.do("/social/posts", {"text": "hi", "group_id": group})).status_code == 403
    assert (await command.put(f"/social/groups/{group}/membership",
                              headers=bob.auth)).status_code == 200  # fmt: skip
    posted = await bob.do("/social/posts", {"text": "8 x 400 tonight", "group_id": group})
    assert posted.status_code == 201, posted.text
    post = posted.json()["aggregate_id"]

    listed = await _until(ada, f"/social/groups/{group}/posts", lambda r: r.is_success
                          and post in _ids(r))  # fmt: skip
    assert listed.json()["items"][0]["group"]["name"] == "Track Tuesdays"
    await _until(ada, "/social/feed", lambda r: post in _ids(r))
    assert (await cy.read(f"/social/posts/{post}")).status_code == 404  # not a member
    assert (await cy.read(f"/social/groups/{group}/posts")).status_code == 404
    assert (await cy.read(f"/social/groups/{group}")).json()["members"] == 2  # groups are found
    members = await ada.read(f"/social/groups/{group}/members")
    assert [m["account"]["display_name"] for m in members.json()["items"]] == ["Ada", "Bob"]

    assert (await command.delete(f"/social/groups/{group}/members/{ada.id}",
                                 headers=bob.auth)).status_code == 403  # fmt: skip
    assert (await command.delete(f"/social/posts/{post}", headers=ada.auth)).status_code == 200
    removed = await command.delete(f"/social/groups/{group}/members/{bob.id}", headers=ada.auth)
    assert removed.status_code == 200, removed.text
    await _until(bob, f"/social/groups/{group}/posts", lambda r: r.status_code == 404)
    rejoined = await command.put(f"/social/groups/{group}/membership", headers=bob.auth)
    assert rejoined.status_code == 403
    assert (await bob.do("/social/posts", {"text": "x", "group_id": group})).status_code == 403

"""Profile queries over HTTP: your own profile and settings, and another account's card."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request

from contracts.identity.reads import PROFILES, MyProfile, ProfileCard
from infra.http_auth import CurrentPrincipal
from infra.http_blobs import Blobs
from infra.problems import problems
from infra.settings import Settings
from queries.http import Connection, Consistent, NotFoundError
from queries.identity import profile_views

router = APIRouter(tags=["profiles"], dependencies=[Consistent(PROFILES)])


def _signer(blobs: Blobs, request: Request) -> profile_views.Sign:
    settings: Settings = request.app.state.settings

    def sign(key: str) -> str:
        return blobs.presigned_get(
            settings.s3_derived_bucket, key, expires_s=settings.derived_url_ttl_s
        )

    return sign


@router.get("/me", response_model=MyProfile, responses=problems(404))
async def my_profile(
    principal: CurrentPrincipal, conn: Connection, blobs: Blobs, request: Request
) -> MyProfile:
    """Your profile, training preferences, privacy and avatar (with the state of its latest
    upload)."""
    found = await profile_views.my_profile(conn, principal.account_id, _signer(blobs, request))
    if found is None:
        raise NotFoundError("your profile is not there yet; retry shortly")
    return found


@router.get("/profiles/{account_id}", response_model=ProfileCard, responses=problems(404))
async def profile_card(
    account_id: UUID, principal: CurrentPrincipal, conn: Connection, blobs: Blobs,
    request: Request,
) -> ProfileCard:  # fmt: skip
    """An account's card (name, role, bio, avatar): yours, or a public profile's; 404 for
    any other, whether or not it exists."""
    found = await profile_views.card(
        conn, account_id, principal.account_id, _signer(blobs, request)
    )
    if found is None:
        raise NotFoundError(f"profile {account_id} not found")
    return found

"""Responses shared by both APIs."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class CommandAccepted(BaseModel):
    """A command was accepted and its events recorded."""

    aggregate_id: str
    version: int = Field(description="Version of the aggregate after the command.")
    consistency_token: str = Field(
        description="Pass to the query API (`X-Consistency-Token`) to read your own write."
    )


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int = Field(description="Seconds until the access token expires.")

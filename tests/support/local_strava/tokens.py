"""OAuth codes and tokens with Strava's rules: single-use codes that expire in ten minutes; one
grant per athlete (its scopes and current access and refresh tokens); a refresh hands back the
same access token while it has more than an hour left, else a new access token and a new refresh
token, the old refresh token dying at once and the old access token living until its expiry.
Not thread-safe on its own: the local Strava calls it under its lock."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from tests.support.local_strava.faults import bad_request, invalid_token

SCOPES = (
    "read",
    "read_all",
    "profile:read_all",
    "profile:write",
    "activity:read",
    "activity:read_all",
    "activity:write",
)
CODE_TTL_S = 600
FRESH_ENOUGH_S = 3600


def parse_scopes(text: str | None) -> frozenset[str]:
    """Strava's scope lists: comma-separated (spaces work too); unknown names are dropped."""
    return frozenset(re.split(r"[,\s]+", text or "")) & frozenset(SCOPES)


def format_scopes(scopes: frozenset[str]) -> str:
    return ",".join(scope for scope in SCOPES if scope in scopes)


def granted(requested: str | None, allowed: str | None) -> frozenset[str]:
    """What the athlete accepts on the authorize page: the requested scopes they allow, and
    `read` always."""
    scopes = parse_scopes(requested)
    if allowed is not None:
        scopes &= parse_scopes(allowed)
    return scopes | {"read"}


@dataclass
class AccessToken:
    value: str
    athlete_id: int
    scopes: frozenset[str]
    expires_at: int


@dataclass
class Grant:
    """An athlete's standing authorization of the app."""

    scopes: frozenset[str]
    access: AccessToken
    refresh: str


@dataclass(frozen=True)
class _Code:
    athlete_id: int
    scopes: frozenset[str]
    expires_at: float


@dataclass
class Tokens:
    ttl_s: int
    refreshes: dict[int, int] = field(default_factory=dict)
    _codes: dict[str, _Code] = field(default_factory=dict)
    _access: dict[str, AccessToken] = field(default_factory=dict)
    _grants: dict[int, Grant] = field(default_factory=dict)
    _refresh_owners: dict[str, int] = field(default_factory=dict)
    _issued: dict[str, int] = field(default_factory=dict)

    def issue_code(self, athlete_id: int, scopes: frozenset[str], now: float) -> str:
        code = secrets.token_hex(20)
        self._codes[code] = _Code(athlete_id, scopes, now + CODE_TTL_S)
        return code

    def exchange_code(self, code: str, now: float) -> Grant:
        issued = self._codes.pop(code, None)
        if issued is None or issued.expires_at <= now:
            raise bad_request("AuthorizationCode", "code")
        old = self._grants.get(issued.athlete_id)
        if old is not None:
            del self._refresh_owners[old.refresh]
        grant = Grant(issued.scopes, self._new_access(issued.athlete_id, issued.scopes, now), "")
        return self._with_new_refresh(issued.athlete_id, grant)

    def refresh(self, refresh_token: str, now: float) -> Grant:
        athlete_id = self._refresh_owners.get(refresh_token)
        if athlete_id is None:
            raise bad_request("RefreshToken", "refresh_token")
        grant = self._grants[athlete_id]
        if grant.access.expires_at - now > FRESH_ENOUGH_S:
            return grant
        del self._refresh_owners[grant.refresh]
        grant.access = self._new_access(athlete_id, grant.scopes, now)
        self.refreshes[athlete_id] = self.refreshes.get(athlete_id, 0) + 1
        return self._with_new_refresh(athlete_id, grant)

    def authenticate(self, token: str | None, now: float) -> AccessToken:
        access = self._access.get(token or "")
        if access is None or access.expires_at <= now:
            raise invalid_token()
        return access

    def revoke(self, athlete_id: int) -> bool:
        """Ends every token of the athlete; says whether the athlete had authorized the app."""
        grant = self._grants.pop(athlete_id, None)
        if grant is not None:
            del self._refresh_owners[grant.refresh]
        for value in [v for v, token in self._access.items() if token.athlete_id == athlete_id]:
            del self._access[value]
        return grant is not None

    def expire(self, athlete_id: int, now: float) -> None:
        for token in self._access.values():
            if token.athlete_id == athlete_id:
                token.expires_at = min(token.expires_at, int(now))

    def grant_of(self, athlete_id: int) -> Grant | None:
        return self._grants.get(athlete_id)

    def owner(self, token: str | None) -> int | None:
        """The athlete an access token was issued to, even once it is expired or revoked."""
        return self._issued.get(token or "")

    def _new_access(self, athlete_id: int, scopes: frozenset[str], now: float) -> AccessToken:
        token = AccessToken(secrets.token_hex(20), athlete_id, scopes, int(now) + self.ttl_s)
        self._access[token.value] = token
        self._issued[token.value] = athlete_id
        return token

    def _with_new_refresh(self, athlete_id: int, grant: Grant) -> Grant:
        grant.refresh = secrets.token_hex(20)
        self._refresh_owners[grant.refresh] = athlete_id
        self._grants[athlete_id] = grant
        return grant

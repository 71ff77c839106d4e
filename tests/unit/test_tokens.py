"""Access tokens: only untampered, unexpired HS256 tokens signed with our key are accepted."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import jwt
import pytest

from infra.tokens import InvalidTokenError, Principal, issue_access_token, read_access_token

KEY = "k" * 48
PRINCIPAL = Principal(uuid4(), "athlete", uuid4())


def test_a_fresh_token_names_its_principal() -> None:
    assert read_access_token(issue_access_token(PRINCIPAL, KEY), KEY) == PRINCIPAL


def test_an_expired_token_is_rejected() -> None:
    old = issue_access_token(PRINCIPAL, KEY, now=datetime.now(UTC) - timedelta(minutes=16))
    with pytest.raises(InvalidTokenError):
        read_access_token(old, KEY)


def test_a_tampered_token_is_rejected() -> None:
    header, payload, signature = issue_access_token(PRINCIPAL, KEY).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["role"] = "admin"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    with pytest.raises(InvalidTokenError):
        read_access_token(f"{header}.{forged}.{signature}", KEY)


def test_a_token_signed_with_another_key_is_rejected() -> None:
    with pytest.raises(InvalidTokenError):
        read_access_token(issue_access_token(PRINCIPAL, "x" * 48), KEY)


def test_an_unsigned_alg_none_token_is_rejected() -> None:
    now = datetime.now(UTC)
    claims = {"iss": "pacer", "sub": str(PRINCIPAL.account_id), "role": "admin",
              "iat": now, "exp": now + timedelta(minutes=5)}  # fmt: skip
    unsigned = jwt.encode(claims, key="", algorithm="none")
    with pytest.raises(InvalidTokenError):
        read_access_token(unsigned, KEY)


def test_a_remembered_token_still_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    token = issue_access_token(PRINCIPAL, KEY)
    assert read_access_token(token, KEY) == PRINCIPAL  # verified, and remembered
    later = datetime.now(UTC) + timedelta(minutes=16)
    monkeypatch.setattr("infra.tokens.time.time", later.timestamp)
    with pytest.raises(InvalidTokenError):
        read_access_token(token, KEY)


def test_a_remembered_token_opens_only_with_the_key_that_verified_it() -> None:
    token = issue_access_token(PRINCIPAL, KEY)
    assert read_access_token(token, KEY) == PRINCIPAL
    with pytest.raises(InvalidTokenError):
        read_access_token(token, "x" * 48)

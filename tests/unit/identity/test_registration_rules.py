"""What a new account must bring: a real-looking ASCII e-mail address and a password that is
hard to guess and is not the e-mail."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from contracts.identity.commands import AccountCreate

GOOD = {"email": "ada@example.com", "password": "correct horse battery", "display_name": "Ada"}


@pytest.mark.parametrize(
    "email",
    [
        "a@example..com",
        "a@example.com.",
        ".a@example.com",
        "a..b@example.com",
        "a@-example.com",
        "a@localhost",
        "a@example",
        "a@[127.0.0.1]",
        '"a b"@example.com',
        "a@example.test",  # a special-use name that never delivers
        "\u0430da@example.com",  # a Cyrillic a: a lookalike of ada@example.com
        "ada@\u0435\u0445ample.com",  # a Cyrillic e and x in the domain
        "ada@example.com\u200b",  # a zero-width space
        "\uff53\uff54\uff45\uff46@example.com",  # full-width letters
    ],
)
def test_lookalike_and_malformed_addresses_are_refused(email: str) -> None:
    with pytest.raises(ValidationError) as refused:
        AccountCreate.model_validate({**GOOD, "email": email})
    assert refused.value.errors()[0]["loc"] == ("email",)


def test_addresses_are_normalised_to_lower_case() -> None:
    assert AccountCreate.model_validate({**GOOD, "email": "Ada.L+runs@Example.COM"}).email == (
        "ada.l+runs@example.com"
    )


@pytest.mark.parametrize(
    "change",
    [
        {"password": "aaaaaaaaaaaa"},
        {"password": "password1234"},
        {"password": "123456789012"},
        {"password": "qwertyuiopas"},
        {"password": "ada@example.com"},
        {"password": "my ada@example.com"},
        {"email": "marathoner@example.com", "password": "marathoner"},
        {"email": "marathoner@example.com", "password": "Marathoner2026"},
        {"display_name": "Grace Hopper", "password": "gracehopper1"},
        {"password": "x" * 128},  # long, but one character repeated
    ],
)
def test_passwords_easy_to_guess_or_made_of_the_e_mail_are_refused(change: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as refused:
        AccountCreate.model_validate({**GOOD, **change})
    [error] = refused.value.errors()
    assert error["loc"] == ("password",)
    assert error["msg"]  # says why, in words


@pytest.mark.parametrize(
    "password", ["correct horse battery", "vT4#qL9!mZ2w", "Lange Läufe am Sonntagmorgen"]
)
def test_passwords_hard_to_guess_are_accepted(password: str) -> None:
    assert AccountCreate.model_validate({**GOOD, "password": password}).password == password

"""Strava tokens encrypted at rest with Fernet (cryptography): the first configured key
encrypts, every key decrypts, so keys rotate without losing a connection."""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class TokenUnreadableError(ValueError):
    """No configured key decrypts the token (the keys changed without the old one kept)."""


class TokenCipher:
    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("at least one Fernet key is needed")
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])

    def seal(self, token: str) -> str:
        return self._fernet.encrypt(token.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise TokenUnreadableError(
                "a Strava token cannot be decrypted with the keys in force"
            ) from None

"""The consistency token: an opaque string naming a stream and the version a command reached,
sealed for the caller who sent the command.

The command API seals each position it answers with (HMAC-SHA256 under a key derived from the
server's secret, over the caller's id and the position); the query API opens it for the caller
of the query and waits until a projection has applied that version of that stream. A token
cannot be forged, altered, or used by anyone else: nobody can make a query wait on positions
they did not write, or probe whether someone else's stream reached a version.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass

MAX_STREAM_ID = 200
MAX_VERSION = 2**31 - 1
MAC_BYTES = 16
POSITIONS_CHANNEL = "pacer_positions"
"""PostgreSQL notification channel: a projection names its positions table there on commit."""
TOKEN_PATTERN = r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"  # noqa: S105 - a pattern, not a secret
"""What a token looks like: the position and its MAC, each URL-safe base64 without padding."""


class InvalidConsistencyTokenError(ValueError):
    """The token was not issued by the command API to this caller."""


@dataclass(frozen=True)
class StreamPosition:
    stream_id: str
    version: int

    def encode(self) -> str:
        """The position alone (unsealed), as the write side records it in a reply."""
        raw = json.dumps({"s": self.stream_id, "v": self.version}, separators=(",", ":"))
        return _b64(raw.encode())

    @classmethod
    def decode(cls, payload: str) -> StreamPosition:
        try:
            data = json.loads(_unb64(payload))
            stream_id, version = data["s"], data["v"]
        except (ValueError, KeyError, TypeError):
            raise InvalidConsistencyTokenError(payload) from None
        if not (
            isinstance(stream_id, str)
            and 1 <= len(stream_id) <= MAX_STREAM_ID
            and stream_id.isprintable()
            and isinstance(version, int)
            and not isinstance(version, bool)
            and 1 <= version <= MAX_VERSION
        ):
            raise InvalidConsistencyTokenError(payload)
        return cls(stream_id, version)


class ConsistencyTokens:
    """Seals positions for a caller and opens them for the same caller only."""

    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(b"pacer consistency token:" + secret.encode()).digest()

    def seal(self, position: str, caller: str) -> str:
        """`position` as `StreamPosition.encode` wrote it, sealed for `caller`."""
        return f"{position}.{_b64(self._mac(position, caller))}"

    def open(self, token: str, caller: str) -> StreamPosition:
        position, _, mac = token.partition(".")
        try:
            given = _unb64(mac)
        except ValueError:
            raise InvalidConsistencyTokenError(token) from None
        if not hmac.compare_digest(given, self._mac(position, caller)):
            raise InvalidConsistencyTokenError(token)
        return StreamPosition.decode(position)

    def _mac(self, position: str, caller: str) -> bytes:
        message = f"{caller}\n{position}".encode()
        return hmac.new(self._key, message, hashlib.sha256).digest()[:MAC_BYTES]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode((text + "=" * (-len(text) % 4)).encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise ValueError("not URL-safe base64") from None


def positions_table(read_model: str) -> str:
    """The table in which a read model records the last version it applied of each stream:
    projections write it in the same transaction as the read model, the query API waits on it."""
    if not read_model.isidentifier():
        raise ValueError(f"read model names are identifiers: {read_model!r}")
    return f"{read_model}_positions"

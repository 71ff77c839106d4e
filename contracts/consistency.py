"""The consistency token: an opaque string naming a stream and the version a command reached.

The query API decodes it to wait until a projection has applied that version of that stream.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

MAX_STREAM_ID = 200
MAX_VERSION = 2**31 - 1


class InvalidConsistencyTokenError(ValueError):
    """The token was not produced by the command API."""


@dataclass(frozen=True)
class StreamPosition:
    stream_id: str
    version: int

    def encode(self) -> str:
        raw = json.dumps({"s": self.stream_id, "v": self.version}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).rstrip(b"=").decode()

    @classmethod
    def decode(cls, token: str) -> StreamPosition:
        try:
            padded = token + "=" * (-len(token) % 4)
            data = json.loads(base64.urlsafe_b64decode(padded.encode()))
            stream_id, version = data["s"], data["v"]
        except (ValueError, KeyError, TypeError):
            raise InvalidConsistencyTokenError(token) from None
        if not (
            isinstance(stream_id, str)
            and 1 <= len(stream_id) <= MAX_STREAM_ID
            and stream_id.isprintable()
            and isinstance(version, int)
            and not isinstance(version, bool)
            and 1 <= version <= MAX_VERSION
        ):
            raise InvalidConsistencyTokenError(token)
        return cls(stream_id, version)


def positions_table(read_model: str) -> str:
    """The table in which a read model records the last version it applied of each stream:
    projections write it in the same transaction as the read model, the query API waits on it."""
    if not read_model.isidentifier():
        raise ValueError(f"read model names are identifiers: {read_model!r}")
    return f"{read_model}_positions"

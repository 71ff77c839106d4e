"""The blob store's errors, told apart by what a caller can do about them, and the translation
of botocore's and aiohttp's exceptions into them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import aiohttp
from botocore.exceptions import ClientError, ConnectionError, HTTPClientError

NOT_FOUND = frozenset({"404", "NoSuchKey", "NoSuchBucket", "NotFound"})
TRANSIENT = frozenset({"RequestTimeout", "SlowDown", "ServiceUnavailable", "InternalError"})
UNREACHABLE = (ConnectionError, HTTPClientError, aiohttp.ClientError)


class BlobStoreError(Exception):
    """The store refused a request (bad credentials, a bad name, …): retrying will not help."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code
        """S3's error code (`NoSuchKey`, `AccessDenied`…), when the store gave one."""


class BlobNotFoundError(BlobStoreError):
    """No such object, or no such bucket."""


class BlobStoreUnavailableError(BlobStoreError):
    """The store could not be reached or failed on its side; the same request may succeed
    later."""


@contextmanager
def translated() -> Iterator[None]:
    try:
        yield
    except ClientError as error:
        raise _refusal(error) from None
    except UNREACHABLE as error:
        raise BlobStoreUnavailableError(f"blob store unavailable: {error}") from None


def _refusal(error: ClientError) -> BlobStoreError:
    code = str(error.response.get("Error", {}).get("Code", ""))
    status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))
    kind: type[BlobStoreError] = BlobStoreError
    if code in NOT_FOUND or status == 404:
        kind = BlobNotFoundError
    elif code in TRANSIENT or status >= 500:
        kind = BlobStoreUnavailableError
    return kind(str(error), code)

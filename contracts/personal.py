"""Personal data in events: which fields hold it, whose it is, and how it travels sealed.

A field is personal when its type carries the `Personal()` marker (`PersonalText` for plain
text): e-mails, names, free text, notes, chat. In the event store, the outbox and on Kafka such a
value is *sealed*, encrypted with its data subject's key (`infra/subject_keys.py`), as the string

    pacer:sealed:v1:<subject account id>:<base64url of nonce, ciphertext and tag>

An event's data subject is the account it is about: the value of its `subject_field` (by default
the first of `athlete_id`, `account_id`, `author_id`, `owner_id` it has). Erasing an account
destroys its key: its sealed values can no longer be opened anywhere, and consumers read them as
`ERASED`.

The marker does nothing unless a serialisation or validation context asks (so commands, read
models and tests see plain values): `model_dump(context={SEAL: sealer})` seals every personal
value, nested models and lists included; `model_validate(data, context={OPEN: opener})` opens
them (and a value that does not open, its key destroyed, validates as `ERASED`);
`context={KEEP_SEALED: True}` keeps them sealed, to decode an event before its keys are fetched.
Without a context a sealed-looking value is ordinary text: a client cannot smuggle one in.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Protocol, TypeVar
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import BaseModel, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

NONCE_BYTES = 12
SEALED_PREFIX = "pacer:sealed:v1:"
SEALED_PATTERN = r"^pacer:sealed:v1:[0-9a-f-]{36}:[A-Za-z0-9_-]+$"
SEALED_SUBJECT = re.compile(r"pacer:sealed:v1:([0-9a-f-]{36}):")
ERASED = "[erased]"
"""What a personal value reads as once its subject's key is destroyed."""
SUBJECT_FIELDS = ("athlete_id", "account_id", "author_id", "owner_id")
PARTY_FIELDS = ("coach_id", "follower_id", "followee_id", "blocker_id", "blocked_id")
"""Fields naming the other account of a relation (a grant, a follow, a block): once either
account is erased, the relation means nothing and consumers skip its events."""
PERSONAL_SCHEMA_KEY = "x-pacer-personal"

SEAL = "pacer.seal"
OPEN = "pacer.open"
KEEP_SEALED = "pacer.keep_sealed"


class Sealing(Protocol):
    def seal(self, plaintext: str) -> str:
        """The value sealed with one subject's key."""


class Opening(Protocol):
    def open(self, sealed: str) -> str:
        """The plaintext, or `ERASED` when its key is gone; ValueError when tampered with."""


@dataclass(frozen=True)
class Personal:
    """Marks a text type as personal data (see the module)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        inner = handler(source)
        return core_schema.with_info_wrap_validator_function(
            _validate,
            inner,
            serialization=core_schema.wrap_serializer_function_ser_schema(
                _serialize, info_arg=True, schema=inner
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema[PERSONAL_SCHEMA_KEY] = True
        return json_schema


PersonalText = Annotated[str, Personal()]


def _validate(value: Any, handler: Any, info: core_schema.ValidationInfo) -> Any:
    context = info.context
    if context and isinstance(value, str) and value.startswith(SEALED_PREFIX):
        opener: Opening | None = context.get(OPEN)
        if opener is not None:
            plaintext = opener.open(value)
            return ERASED if plaintext == ERASED else handler(plaintext)
        if context.get(KEEP_SEALED):
            return value
    return handler(value)


def _serialize(value: Any, handler: Any, info: core_schema.SerializationInfo) -> Any:
    plain = handler(value)
    context = info.context
    sealer: Sealing | None = context.get(SEAL) if context else None
    if sealer is None or not isinstance(plain, str) or plain == ERASED:
        return plain
    return sealer.seal(plain)


def subject_field_of(cls: type[BaseModel]) -> str | None:
    """The field naming the event's data subject: declared, or the first of SUBJECT_FIELDS."""
    declared = cls.__dict__.get("subject_field", getattr(cls, "subject_field", None))
    if declared is not None:
        return str(declared) or None
    return next((name for name in SUBJECT_FIELDS if name in cls.model_fields), None)


def subject_of(event: BaseModel) -> UUID | None:
    """The account the event's personal data belongs to, if any."""
    name = subject_field_of(type(event))
    value = getattr(event, name) if name else None
    return value if isinstance(value, UUID) else None


def accounts_of(event: BaseModel) -> set[UUID]:
    """The accounts whose erasure makes consumers skip the event: its subject and the parties
    of the relation it is about."""
    found = {subject} if (subject := subject_of(event)) is not None else set()
    for name in PARTY_FIELDS:
        value = getattr(event, name, None)
        if isinstance(value, UUID):
            found.add(value)
    return found


@cache
def has_personal_fields(cls: type[BaseModel]) -> bool:
    return PERSONAL_SCHEMA_KEY in str(cls.model_json_schema())


class PersonalDataWithoutSubjectError(TypeError):
    """A model holds personal data but names no account it belongs to (no subject field): it
    could never be erased."""


def sealing_subject(model: BaseModel) -> UUID | None:
    """The account whose key must seal the model's personal values, or None when it holds none
    (every personal field empty). Raises PersonalDataWithoutSubjectError when it names none."""
    if not has_personal_fields(type(model)):
        return None
    probe = _Probe()
    model.model_dump(mode="json", context={SEAL: probe})
    if not probe.found:
        return None
    subject = subject_of(model)
    if subject is None:
        raise PersonalDataWithoutSubjectError(f"{type(model).__name__} names no data subject")
    return subject


class _Probe:
    """Finds out whether a model has a personal value to seal (and seals nothing)."""

    found = False

    def seal(self, plaintext: str) -> str:
        self.found = True
        return plaintext


def sealed_subjects(text: str | bytes) -> set[UUID]:
    """The subjects whose keys open the sealed values in a JSON document."""
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    if SEALED_PREFIX not in text:
        return set()
    subjects = set()
    for found in SEALED_SUBJECT.findall(text):
        try:
            subjects.add(UUID(found))
        except ValueError:  # ordinary text that only looks sealed: no key to fetch for it
            continue
    return subjects


def sealed_strings(value: Any) -> Iterator[str]:
    """Every sealed string in a decoded JSON value."""
    if isinstance(value, str):
        if value.startswith(SEALED_PREFIX):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from sealed_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from sealed_strings(item)


def published_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """An event's JSON Schema as integrators read it: each personal field is a sealed string."""
    sealed: dict[str, Any] = _sealed(schema)
    return sealed


def _sealed(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get(PERSONAL_SCHEMA_KEY):
            return _sealed_field(node)
        return {key: _sealed(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_sealed(item) for item in node]
    return node


def _sealed_field(node: dict[str, Any]) -> dict[str, Any]:
    sealed: dict[str, Any] = {key: node[key] for key in ("title", "default") if key in node}
    nullable = any(option.get("type") == "null" for option in node.get("anyOf", ()))
    text: dict[str, Any] = {
        "type": "string",
        "pattern": SEALED_PATTERN,
        "contentMediaType": "text/plain",
    }
    if node.get("type") == "array" or "items" in node:
        text = {"type": "array", "items": text}
    sealed.update({"anyOf": [text, {"type": "null"}]} if nullable else text)
    described = node.get("description", "")
    sealed["description"] = (
        f"{described} " if described else ""
    ) + "Personal data, sealed with its subject's key (AES-256-GCM); unreadable once erased."
    sealed[PERSONAL_SCHEMA_KEY] = True
    return sealed


M = TypeVar("M", bound=BaseModel)


def decode_sealed(model: type[M], value: str | bytes) -> tuple[M, str | bytes | None]:
    """An event decoded with its personal values still sealed, and the raw value to open them
    from later (None when it holds none): a consumer decodes before it fetches keys."""
    event = model.model_validate_json(value, context={KEEP_SEALED: True})
    marker: str | bytes = SEALED_PREFIX.encode() if isinstance(value, bytes) else SEALED_PREFIX
    return event, (value if marker in value else None)  # type: ignore[operator]


class Sealer:
    """Seals text with one subject's key."""

    def __init__(self, subject: UUID, key: bytes) -> None:
        self.subject = subject
        self._aead = AESGCM(key)

    def seal(self, plaintext: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), self.subject.bytes)
        token = base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode()
        return f"{SEALED_PREFIX}{self.subject}:{token}"


class Opener:
    """Opens sealed values with the keys at hand: a subject without a key (erased, or never
    given one) reads as `ERASED`."""

    def __init__(self, keys: Mapping[UUID, bytes | None]) -> None:
        self._aeads = {subject: AESGCM(bytes(key)) for subject, key in keys.items() if key}

    def open(self, sealed: str) -> str:
        try:
            subject_text, token = sealed[len(SEALED_PREFIX) :].split(":", 1)
            subject = UUID(subject_text)
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (ValueError, binascii.Error):
            raise ValueError("a sealed value is malformed") from None
        aead = self._aeads.get(subject)
        if aead is None:
            return ERASED
        try:
            return aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], subject.bytes).decode()
        except InvalidTag:
            raise ValueError("a sealed value does not open with its subject's key") from None

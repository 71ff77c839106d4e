"""The event envelope: CloudEvents 1.0 attributes plus Pacer's own, carried as Kafka headers
(CloudEvents Kafka protocol binding, binary content mode) with the JSON payload as the value."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal, NamedTuple
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter

HEADER_PREFIX = "ce_"
CONTENT_TYPE_HEADER = "content-type"
TRACEPARENT_HEADER = "traceparent"
# Attributes whose header is not `ce_<attribute>`: the content type is the record's own
# `content-type` (as the binding says), and the trace context is the W3C header every tracing
# library reads.
_OWN_HEADERS = {"datacontenttype": CONTENT_TYPE_HEADER, "traceparent": TRACEPARENT_HEADER}


def source_of(context: str) -> str:
    """The CloudEvents `source` of a bounded context's events."""
    return f"/pacer/{context}"


def header_of(attribute: str) -> str:
    """The Kafka header an envelope attribute travels in."""
    return _OWN_HEADERS.get(attribute, HEADER_PREFIX + attribute)


class EventEnvelope(BaseModel):
    """Context of one event. CloudEvents attributes first, then Pacer's extensions."""

    model_config = ConfigDict(frozen=True)

    id: UUID = Field(description="Event id; consumers deduplicate on it.")
    source: str = Field(description="Producing context, e.g. `/pacer/training`.")
    type: str = Field(description="Versioned event type, e.g. `pacer.training.RunRecorded.v1`.")
    specversion: Literal["1.0"] = Field("1.0", description="CloudEvents version.")
    time: AwareDatetime = Field(description="When the event was recorded.")
    subject: str = Field(description="The aggregate the event is about (its id).")
    datacontenttype: Literal["application/json"] = Field(
        "application/json", description="The record's value is the event as JSON."
    )
    aggregateid: str = Field(description="Aggregate id; also the Kafka record key.")
    aggregateversion: int = Field(ge=1, description="Version of the aggregate after this event.")
    correlationid: str = Field(description="Id shared by everything one request caused.")
    causationid: str | None = Field(
        default=None,
        description="Id of the event that caused it (for what reactors and jobs do); absent "
        "when a request caused it.",
    )
    # Optional only so that records written by hand or by older code still parse: Pacer's event
    # store always sets it.
    actor: str | None = Field(
        default=None,
        description="Who caused it: an account id, `system:<process>` for Pacer's own "
        "processes, or `anonymous` (registering).",
    )
    traceparent: str | None = Field(
        default=None,
        description="W3C trace context; it travels as the `traceparent` header, not as a "
        "CloudEvents attribute.",
    )
    datasubject: UUID | None = Field(
        default=None,
        description="The account whose personal data the event is (its sealed fields open "
        "with that account's key); absent when it is no one account's. Once that account is "
        "erased, Pacer's consumers skip its events and its sealed fields open nowhere.",
    )

    def to_headers(self) -> list[tuple[str, bytes]]:
        return [
            (header_of(name), str(value).encode())
            for name, value in self.model_dump(mode="json", exclude_none=True).items()
        ]

    @classmethod
    def from_headers(cls, headers: Iterable[tuple[str, bytes]]) -> EventEnvelope:
        attributes = {header_of(name): name for name in cls.model_fields}
        values: dict[str, str] = {}
        for key, raw in headers:
            if key in attributes:
                values[attributes[key]] = raw.decode()
        return cls.model_validate(values)


_UUID: TypeAdapter[UUID] = TypeAdapter(UUID)


class EventIdentity(NamedTuple):
    """The envelope attributes a consumer needs to apply an event and to skip it when it comes
    again, read without the rest: a projector reads thousands per batch, and this is the part
    of the envelope that can be checked in a couple of microseconds."""

    id: UUID
    type: str
    aggregateid: str
    aggregateversion: int

    @classmethod
    def from_headers(cls, found: Mapping[str, bytes]) -> EventIdentity:
        """From a record's headers (by name); ValueError when one is missing or malformed."""
        try:
            identity = cls(
                _UUID.validate_python(found["ce_id"].decode()),
                found["ce_type"].decode(),
                found["ce_aggregateid"].decode(),
                int(found["ce_aggregateversion"]),
            )
        except (KeyError, UnicodeDecodeError) as missing:
            raise ValueError(f"not a Pacer event: {missing}") from None
        if identity.aggregateversion < 1 or not identity.aggregateid:
            raise ValueError("not a Pacer event: no aggregate or version")
        return identity

"""The event envelope: CloudEvents 1.0 attributes plus Pacer's own, carried as Kafka headers
(CloudEvents Kafka protocol binding, binary content mode) with the JSON payload as the value."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal, NamedTuple
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter

HEADER_PREFIX = "ce_"
CONTENT_TYPE_HEADER = "content-type"


class EventEnvelope(BaseModel):
    """Context of one event. CloudEvents attributes first, then Pacer's extensions."""

    model_config = ConfigDict(frozen=True)

    id: UUID = Field(description="Event id; consumers deduplicate on it.")
    source: str = Field(description="Producing context, e.g. `/pacer/training`.")
    type: str = Field(description="Versioned event type, e.g. `pacer.training.RunRecorded.v1`.")
    specversion: Literal["1.0"] = "1.0"
    time: AwareDatetime = Field(description="When the event was recorded.")
    subject: str = Field(description="The aggregate the event is about (its id).")
    datacontenttype: Literal["application/json"] = "application/json"
    aggregateid: str = Field(description="Aggregate id; also the Kafka record key.")
    aggregateversion: int = Field(ge=1, description="Version of the aggregate after this event.")
    correlationid: str = Field(description="Id shared by everything one request caused.")
    causationid: str | None = Field(default=None, description="Id of the message that caused it.")
    actor: str | None = Field(default=None, description="Account id of who caused it.")
    traceparent: str | None = Field(default=None, description="W3C trace context.")

    def to_headers(self) -> list[tuple[str, bytes]]:
        headers = []
        for name, value in self.model_dump(mode="json", exclude_none=True).items():
            key = CONTENT_TYPE_HEADER if name == "datacontenttype" else HEADER_PREFIX + name
            headers.append((key, str(value).encode()))
        return headers

    @classmethod
    def from_headers(cls, headers: Iterable[tuple[str, bytes]]) -> EventEnvelope:
        values: dict[str, str] = {}
        for key, raw in headers:
            if key.startswith(HEADER_PREFIX):
                values[key.removeprefix(HEADER_PREFIX)] = raw.decode()
            elif key == CONTENT_TYPE_HEADER:
                values["datacontenttype"] = raw.decode()
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

"""Hypothesis strategies for command documents, derived from the shared bounded types of
`contracts/types.py`: mostly values inside the bounds, often at them, sometimes just outside, so
that what a model accepts covers its edges. A field of a type without a strategy fails loudly:
new commands use the shared types, or this module learns the new one."""

from __future__ import annotations

import base64
import json
import math
import types
from datetime import UTC, date, datetime, timedelta, timezone
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import UUID

from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from contracts.types import (
    CLOCK_SKEW,
    CalendarDay,
    Count,
    Instant,
    PlainText,
    Quantity,
)

OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
AWKWARD_TEXT = ["", " ", "\x00", "a\x00b", "tab\there", "line\nbreak", "\r\n", "\u202e", "é" * 3]


def mostly(
    valid: st.SearchStrategy[Any], invalid: st.SearchStrategy[Any]
) -> st.SearchStrategy[Any]:
    """About nine values in ten from `valid`, the rest from `invalid`."""
    return st.one_of(*[valid] * 9, invalid)


def text_for(marker: PlainText) -> st.SearchStrategy[Any]:
    allowed = st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"])
    with_breaks = st.one_of(allowed, st.sampled_from("\n\t")) if marker.multiline else allowed
    fitting = st.text(with_breaks, min_size=marker.min_length, max_size=marker.max_length)
    edges = st.sampled_from(["x" * marker.max_length, "x" * max(marker.min_length, 1)])
    outside = st.one_of(st.sampled_from(AWKWARD_TEXT), st.just("x" * (marker.max_length + 1)))
    return mostly(st.one_of(fitting, edges), outside)


def instant_for(marker: Instant) -> st.SearchStrategy[Any]:
    latest = (
        min(marker.not_after, datetime.now(UTC) + CLOCK_SKEW) if marker.past else marker.not_after
    )
    inside = st.datetimes(
        min_value=marker.not_before.replace(tzinfo=None) + timedelta(days=1),
        max_value=latest.replace(tzinfo=None) - timedelta(days=1),
        timezones=OFFSETS,
    )
    anywhere = st.datetimes(timezones=OFFSETS)
    edges = st.sampled_from(
        [marker.not_before, latest - timedelta(seconds=1), latest + timedelta(hours=1)]
    )
    outside = st.one_of(
        anywhere.map(lambda moment: moment.isoformat()),
        st.just("2026-11-01T07:00:00"),  # no offset
        st.integers(min_value=0, max_value=2**33),  # a Unix timestamp
    )
    return mostly(st.one_of(inside, edges).map(lambda moment: moment.isoformat()), outside)


def quantity_for(marker: Quantity) -> st.SearchStrategy[Any]:
    low = marker.ge if marker.ge is not None else marker.gt
    high = marker.le
    inside = st.floats(
        min_value=low, max_value=high, exclude_min=marker.gt is not None, allow_nan=False
    )
    bounds = [value for value in (low, high) if value is not None]
    whole = st.integers(min_value=math.ceil(low or 0), max_value=int(high or 10**6))
    outside = st.sampled_from([True, "5", 1e-308, -1.0, float("inf")])
    return mostly(st.one_of(inside, st.sampled_from(bounds), whole), outside)


def count_for(marker: Count) -> st.SearchStrategy[Any]:
    inside = st.integers(min_value=marker.ge, max_value=marker.le)
    outside = st.sampled_from([marker.le + 1, True, "5", 5.5])
    return mostly(st.one_of(inside, st.sampled_from([marker.ge, marker.le])), outside)


def day_for(marker: CalendarDay) -> st.SearchStrategy[Any]:
    """Days, mostly near today (plans are made for the coming months), at the bounds, and
    written wrongly."""
    near = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31))
    inside = st.one_of(near, near, st.dates(min_value=marker.first, max_value=marker.last),
                       st.sampled_from([marker.first, marker.last]))  # fmt: skip
    outside = st.sampled_from(["1999-12-31", "2026-02-30", "2026-1-2", "2026-12-02T00:00:00Z",
                               20261202, ""])  # fmt: skip
    return mostly(inside.map(date.isoformat), outside)


def value_for(annotation: Any) -> st.SearchStrategy[Any]:
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        for marker in metadata:
            if isinstance(marker, CalendarDay):
                return day_for(marker)
            if isinstance(marker, PlainText):
                return text_for(marker)
            if isinstance(marker, Instant):
                return instant_for(marker)
            if isinstance(marker, Quantity):
                return quantity_for(marker)
            if isinstance(marker, Count):
                return count_for(marker)
        return value_for(base)
    if origin in (Union, types.UnionType):
        return st.one_of(*(value_for(arg) for arg in get_args(annotation)))
    if origin is Literal:
        return st.sampled_from(get_args(annotation))
    if annotation is type(None):
        return st.none()
    if annotation is UUID:
        return st.uuids().map(str)
    if annotation is bool:
        return st.booleans()
    if origin is list:
        [item] = get_args(annotation)
        return st.lists(st.deferred(lambda: value_for(item)), max_size=4)
    if origin is dict:
        key, value = get_args(annotation)
        return st.dictionaries(value_for(key), value_for(value), max_size=3)
    if annotation is int:  # an id bounded by `Field` (Strava's int64): try beyond it too
        return mostly(st.integers(min_value=1, max_value=2**53 - 1),
                      st.sampled_from([0, -1, 2**53, True, "5"]))  # fmt: skip
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return mostly(documents(annotation), st.sampled_from([None, [], "x", {}]))
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return mostly(st.sampled_from([member.value for member in annotation]),
                      st.sampled_from(["", "unknown", 1]))  # fmt: skip
    if annotation is float:  # bounded by `Field` in the model: try beyond them too
        return mostly(st.floats(min_value=0, max_value=5000),
                      st.sampled_from([float("inf"), float("nan"), -1.0, 1e9, "5"]))  # fmt: skip
    raise TypeError(f"no strategy for {annotation!r}: use a type from contracts/types.py")


def _value_of(field: FieldInfo) -> st.SearchStrategy[Any]:
    extra = field.json_schema_extra
    if isinstance(extra, dict) and extra.get("format") == "email":
        return mostly(st.emails(), st.sampled_from(["not an e-mail", "a@b", "a\x00@b.cd"]))
    return value_for(field.rebuild_annotation())


def documents(model: type[BaseModel], **fixed: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Documents for `model`'s fields (JSON-like, as a client would send them), with `fixed`
    values for the ones the caller decides (ids, versions)."""
    fields = {
        name: st.just(fixed[name]) if name in fixed else _value_of(field)
        for name, field in model.model_fields.items()
    }
    optional = {name for name, field in model.model_fields.items() if not field.is_required()}
    return st.fixed_dictionaries(
        {name: strategy for name, strategy in fields.items() if name not in optional},
        optional={name: strategy for name, strategy in fields.items() if name in optional},
    )


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=3),
    max_leaves=6,
)  # fmt: skip


def encoded(document: object) -> str:
    """A JSON document the way Pacer encodes cursors and tokens (URL-safe base64, unpadded)."""
    raw = json.dumps(document).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursors() -> st.SearchStrategy[str]:
    """Cursors as the query API encodes them, with any moment in them, any JSON, and junk."""
    moments = st.datetimes(timezones=OFFSETS).map(lambda moment: moment.isoformat())
    pairs = st.tuples(moments, st.uuids().map(str)).map(lambda pair: encoded(list(pair)))
    return st.one_of(pairs, JSON.map(encoded), st.text(max_size=40))


def consistency_tokens() -> st.SearchStrategy[str]:
    """Consistency tokens with any stream id and version in them, any JSON, and junk."""
    positions = st.fixed_dictionaries(
        {"s": st.one_of(st.text(max_size=300), st.uuids().map(str), JSON),
         "v": st.one_of(st.integers(), JSON)}
    ).map(encoded)  # fmt: skip
    return st.one_of(positions, JSON.map(encoded), st.text(max_size=60))

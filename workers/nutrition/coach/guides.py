"""The coach's knowledge base: short passages on fuelling, hydration, recovery and health for
runners, written by the team in its own words from named public guidance. Each passage cites the
guidance its facts and numbers come from."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, TypeAdapter

KNOWLEDGE = Path(__file__).resolve().parent / "knowledge"
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=10)
    url: HttpUrl | None = None


class Guide(BaseModel):
    """One passage of coaching knowledge."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SLUG, max_length=60)
    title: str = Field(min_length=5, max_length=80)
    text: str = Field(min_length=120, max_length=700, description="Two to five sentences.")
    topics: tuple[str, ...] = Field(min_length=1, description="Keywords, lower case mostly.")
    source: str = Field(min_length=10, description="The named guidance the facts come from.")
    urls: tuple[str, ...] = ()


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    text: str
    topics: tuple[str, ...]
    sources: tuple[str, ...] = Field(min_length=1)


@cache
def guides() -> tuple[Guide, ...]:
    """The shipped passages, read and validated once."""
    sources = TypeAdapter(dict[str, Source]).validate_json(
        (KNOWLEDGE / "sources.json").read_bytes()
    )
    entries = TypeAdapter(list[_Entry]).validate_json((KNOWLEDGE / "guides.json").read_bytes())
    found = []
    for entry in entries:
        unknown = [key for key in entry.sources if key not in sources]
        if unknown:
            raise ValueError(f"guide {entry.id!r} cites unknown source(s): {', '.join(unknown)}")
        cited = [sources[key] for key in entry.sources]
        found.append(
            Guide(
                id=entry.id,
                title=entry.title,
                text=entry.text,
                topics=entry.topics,
                source="; ".join(source.name for source in cited),
                urls=tuple(str(source.url) for source in cited if source.url),
            )
        )
    ids = [guide.id for guide in found]
    if len(set(ids)) != len(ids):
        repeated = sorted({id for id in ids if ids.count(id) > 1})
        raise ValueError(f"guide ids repeat: {', '.join(repeated)}")
    return tuple(found)

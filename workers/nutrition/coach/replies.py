"""What the coach is asked with and answers: the conversation so far, and a reply with the
sources it rests on."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

OFFLINE = "offline"
"""The model name of a reply composed without a generative model."""


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Literal["user", "coach"]
    text: str


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["tool", "guide", "recipe"]
    id: str = Field(description="The tool's name, or the passage's id.")
    title: str
    detail: str = Field(description="What the tool was asked for, or where a passage is from.")


class CoachReply(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    sources: list[Source]
    model: str = Field(description=f'The chat model that wrote `text`, or "{OFFLINE}".')
    grounded: bool = Field(
        default=True, description="Every number in the chat model's reply was in its context."
    )
    fallback: bool = Field(
        default=False, description="The chat model's reply was replaced by the offline one."
    )
    unsupported: list[str] = Field(
        default_factory=list, description="Numbers the chat model wrote that nothing stated."
    )

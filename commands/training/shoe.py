"""The Shoe aggregate: one pair of shoes, its name and limit, made the default, retired."""

from __future__ import annotations

from datetime import datetime
from typing import Self
from uuid import UUID

from commands.aggregate import Owned
from commands.errors import ConflictError
from contracts.events import DomainEvent
from contracts.training.events import (
    ShoeAdded,
    ShoeLimitSet,
    ShoeMadeDefault,
    ShoeRenamed,
    ShoeRetired,
)
from contracts.training.shoes import AddShoe, MakeShoeDefault, RenameShoe, RetireShoe, SetShoeLimit


class Shoe(Owned):
    stream_type = "shoe"
    noun = "shoe"
    retired = False

    @classmethod
    def add(cls, cmd: AddShoe, now: datetime) -> Self:
        shoe = cls(str(cmd.shoe_id))
        shoe.record(ShoeAdded(shoe_id=cmd.shoe_id, athlete_id=cmd.athlete_id,
                              nickname=cmd.nickname, brand=cmd.brand, model=cmd.model,
                              limit_km=cmd.limit_km, starting_km=cmd.starting_km))  # fmt: skip
        if cmd.default:
            shoe.record(ShoeMadeDefault(shoe_id=cmd.shoe_id, athlete_id=cmd.athlete_id,
                                        made_default_at=now))  # fmt: skip
        return shoe

    def rename(self, cmd: RenameShoe) -> None:
        self._check_change(cmd.athlete_id, cmd.expected_version)
        self.record(ShoeRenamed(shoe_id=cmd.shoe_id, athlete_id=self.athlete_id,
                                nickname=cmd.nickname))  # fmt: skip

    def set_limit(self, cmd: SetShoeLimit) -> None:
        self._check_change(cmd.athlete_id, cmd.expected_version)
        self.record(ShoeLimitSet(shoe_id=cmd.shoe_id, athlete_id=self.athlete_id,
                                 limit_km=cmd.limit_km))  # fmt: skip

    def make_default(self, cmd: MakeShoeDefault, now: datetime) -> None:
        self._check_change(cmd.athlete_id, cmd.expected_version)
        self._check_active()
        self.record(ShoeMadeDefault(shoe_id=cmd.shoe_id, athlete_id=self.athlete_id,
                                    made_default_at=now))  # fmt: skip

    def retire(self, cmd: RetireShoe) -> None:
        self._check_change(cmd.athlete_id, cmd.expected_version)
        self._check_active()
        self.record(ShoeRetired(shoe_id=cmd.shoe_id, athlete_id=self.athlete_id))

    def check_usable_by(self, athlete_id: UUID) -> None:
        """A run may name the athlete's own shoes (retired ones too: runs are often told late)."""
        self.check_owned_by(athlete_id)

    def _check_change(self, athlete_id: UUID, expected_version: int) -> None:
        self.check_owned_by(athlete_id)
        self.check_version(expected_version)

    def _check_active(self) -> None:
        if self.retired:
            raise ConflictError(f"shoe {self.id} is retired")

    def apply(self, event: DomainEvent) -> None:
        match event:
            case ShoeAdded():
                self.athlete_id = event.athlete_id
            case ShoeRetired():
                self.retired = True
            case ShoeRenamed() | ShoeLimitSet() | ShoeMadeDefault():
                pass

"""The TrainingDays aggregate: one per athlete — days marked from training (by the workout or
run that marked them) and days set by hand, which win. A day's kind is the hand-set one, else
the biggest mark (a long run over a hard session), else normal."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

from commands.aggregate import Aggregate
from contracts.events import DomainEvent
from contracts.nutrition.days import (
    DayKindName,
    MarkTrainingDay,
    SetDayKind,
    UnmarkPlanDays,
    UnmarkTrainingDay,
)
from contracts.nutrition.events.days import DayKindSet, TrainingDayMarked, TrainingDayUnmarked

RANK = {"long_run": 2, "hard_session": 1}
# The reasons the training reactors give (a session's kind, a run's distance). Marks recorded by
# an earlier release could name the workout's title, the athlete's text: such a reason is not
# carried into a later mark or meal plan, the kind stands for it.
GIVEN_REASON = re.compile(r"[a-z ]+ session scheduled|\d+(\.\d)? km run recorded|[a-z_]+")


class TrainingDays(Aggregate):
    stream_type = "nutrition_days"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.marks: dict[UUID, TrainingDayMarked] = {}
        self.by_hand: dict[date, DayKindName] = {}

    def mark(self, cmd: MarkTrainingDay) -> None:
        held = self.marks.get(cmd.source_id)
        day = cmd.day or (held.day if held else None)
        kind = cmd.kind or (held.kind if held else None)
        reason = cmd.reason or (held.reason if held else kind)
        if day is None or kind is None or reason is None:
            return
        if held is not None and (held.day, held.kind, held.reason) == (day, kind, reason):
            return
        plan = cmd.plan_id or (held.plan_id if held else None)
        self.record(TrainingDayMarked(athlete_id=cmd.athlete_id, source_id=cmd.source_id,
                                      plan_id=plan, day=day, kind=kind, reason=reason))  # fmt: skip

    def unmark(self, cmd: UnmarkTrainingDay) -> None:
        held = self.marks.get(cmd.source_id)
        if held is None:
            return
        self.record(TrainingDayUnmarked(athlete_id=cmd.athlete_id, source_id=cmd.source_id,
                                        day=held.day))  # fmt: skip

    def unmark_plan(self, cmd: UnmarkPlanDays) -> None:
        for source_id, held in sorted(self.marks.items(), key=lambda item: item[0].hex):
            if held.plan_id == cmd.plan_id:
                self.record(TrainingDayUnmarked(athlete_id=cmd.athlete_id, source_id=source_id,
                                                day=held.day))  # fmt: skip

    def set_kind(self, cmd: SetDayKind) -> None:
        if self.by_hand.get(cmd.day) == cmd.kind:
            return
        self.record(DayKindSet(athlete_id=cmd.athlete_id, day=cmd.day, kind=cmd.kind))

    def kind_of(self, day: date) -> tuple[DayKindName, str]:
        """The day's kind and why."""
        if day in self.by_hand:
            return self.by_hand[day], "set by hand"
        marks = [mark for mark in self.marks.values() if mark.day == day]
        if not marks:
            return "normal", ""
        top = max(marks, key=lambda mark: (RANK[mark.kind], mark.reason))
        return top.kind, top.reason

    def apply(self, event: DomainEvent) -> None:
        match event:
            case TrainingDayMarked():
                if not GIVEN_REASON.fullmatch(event.reason):
                    event = event.model_copy(update={"reason": f"{event.kind.replace('_', ' ')} "
                                                               "planned"})  # fmt: skip
                self.marks[event.source_id] = event
            case TrainingDayUnmarked():
                self.marks.pop(event.source_id, None)
            case DayKindSet():
                if event.kind is None:
                    self.by_hand.pop(event.day, None)
                else:
                    self.by_hand[event.day] = event.kind

"""The NutritionProfile aggregate: one per athlete — the profile, the targets in force, the
weight log and an open proposal to update the energy target from the adaptive estimate."""

from __future__ import annotations

from datetime import date
from uuid import NAMESPACE_URL, uuid5

from commands.aggregate import Aggregate
from commands.errors import ConcurrencyError, ConflictError, RuleViolationError
from commands.nutrition.targets import age_of, targets_of
from contracts.events import DomainEvent
from contracts.nutrition import energy
from contracts.nutrition.events.profile import (
    DayTargets,
    NutritionProfileSet,
    NutritionTargetsSet,
    TargetUpdateAccepted,
    TargetUpdateProposed,
    WeightLogged,
)
from contracts.nutrition.profile import AcceptTargetUpdate, LogWeight, SetNutritionProfile


class NutritionProfile(Aggregate):
    stream_type = "nutrition_profile"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.profile: NutritionProfileSet | None = None
        self.targets: DayTargets | None = None
        self.adjustment_kcal = 0.0
        self.weights: dict[date, float] = {}
        self.proposal: TargetUpdateProposed | None = None

    def check_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise ConcurrencyError(
                f"the nutrition profile is at version {self.version}, not {expected}"
            )

    def set_profile(self, cmd: SetNutritionProfile, today: date) -> None:
        self.check_version(cmd.expected_version)
        profile = NutritionProfileSet(**cmd.model_dump(exclude={"expected_version"}))
        age = age_of(profile, today)
        targets = targets_of(profile, age, self.adjustment_kcal)
        self.record(profile)
        self.record(NutritionTargetsSet(athlete_id=cmd.athlete_id, reason="profile", age=age,
                                        energy_adjustment_kcal=self.adjustment_kcal,
                                        days=targets))  # fmt: skip

    def log_weight(self, cmd: LogWeight, intake: dict[date, float]) -> None:
        self.record(WeightLogged(athlete_id=cmd.athlete_id, day=cmd.day, weight_kg=cmd.weight_kg))
        if self.targets is None:
            return
        normal = self.targets.normal
        eaten = {**dict.fromkeys(self.weights, normal.kcal), **intake}
        found = energy.estimate(self.weights, eaten, normal.tdee_kcal - self.adjustment_kcal,
                                max(self.weights))  # fmt: skip
        if found is None:
            return
        adjustment = energy.proposed_adjustment(found, self.adjustment_kcal)
        if adjustment is None:
            return
        proposal_id = uuid5(NAMESPACE_URL, f"pacer:energy:{self.id}:{found.last_day}:{adjustment}")
        if self.proposal is not None and self.proposal.proposal_id == proposal_id:
            return
        proposed = normal.kcal + adjustment - self.adjustment_kcal
        self.record(TargetUpdateProposed(
            athlete_id=cmd.athlete_id, proposal_id=proposal_id, estimate=found,
            energy_adjustment_kcal=adjustment, proposed_kcal=round(proposed, 1),
        ))  # fmt: skip

    def accept_update(self, cmd: AcceptTargetUpdate, today: date) -> None:
        self.check_version(cmd.expected_version)
        if self.proposal is None or self.proposal.proposal_id != cmd.proposal_id:
            raise ConflictError(f"no open target proposal {cmd.proposal_id}")
        if self.profile is None:
            raise RuleViolationError("set your nutrition profile first")
        adjustment = self.proposal.energy_adjustment_kcal
        age = age_of(self.profile, today)
        targets = targets_of(self.profile, age, adjustment)
        self.record(TargetUpdateAccepted(athlete_id=cmd.athlete_id, proposal_id=cmd.proposal_id))
        self.record(NutritionTargetsSet(athlete_id=cmd.athlete_id, age=age, days=targets,
                                        reason="adaptive estimate accepted",
                                        energy_adjustment_kcal=adjustment))  # fmt: skip

    def require_profile(self) -> tuple[NutritionProfileSet, DayTargets]:
        if self.profile is None or self.targets is None:
            raise RuleViolationError("set your nutrition profile first (PUT /nutrition/profile)")
        return self.profile, self.targets

    def apply(self, event: DomainEvent) -> None:
        match event:
            case NutritionProfileSet():
                self.profile = event
            case NutritionTargetsSet():
                self.targets = event.days
                self.adjustment_kcal = event.energy_adjustment_kcal
            case WeightLogged():
                self.weights[event.day] = event.weight_kg
            case TargetUpdateProposed():
                self.proposal = event
            case TargetUpdateAccepted():
                self.proposal = None

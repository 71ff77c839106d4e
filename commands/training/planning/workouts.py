"""The structured workouts a generated plan schedules, each sized to the week's distance and
paced from the runner's training paces (Daniels' zones)."""

from __future__ import annotations

from contracts.training.running import TrainingPaces, Zone
from contracts.training.sessions import PaceRange, Repeat, Session, Step, totals

WARM_KM = 2.0


def _pace(paces: TrainingPaces, zone: Zone) -> PaceRange:
    found = paces.of(zone)
    return PaceRange(fast_s_per_km=found.fast_s_per_km, slow_s_per_km=found.slow_s_per_km)


def _km(distance_km: float) -> int:
    """Metres, rounded to 100 m."""
    return max(100, round(distance_km * 10) * 100)


def easy(paces: TrainingPaces, distance_km: float) -> Session:
    return Session(
        kind="easy",
        title=f"Easy run {distance_km:g} km",
        steps=[Step(kind="steady", distance_m=_km(distance_km), pace=_pace(paces, "easy"))],
    )


def long_run(paces: TrainingPaces, distance_km: float) -> Session:
    return Session(
        kind="long",
        title=f"Long run {distance_km:g} km",
        steps=[Step(kind="steady", distance_m=_km(distance_km), pace=_pace(paces, "easy"))],
    )


def _warm(paces: TrainingPaces) -> Step:
    return Step(kind="warmup", distance_m=_km(WARM_KM), pace=_pace(paces, "easy"))


def _cool(paces: TrainingPaces) -> Step:
    return Step(kind="cooldown", distance_m=_km(WARM_KM), pace=_pace(paces, "easy"))


def tempo(paces: TrainingPaces, week_km: float) -> Session:
    """Threshold running, 3 to 10 km of it (about 12 % of the week)."""
    block = min(max(3.0, round(week_km * 0.12)), 10.0)
    return Session(
        kind="tempo",
        title=f"Tempo {block:g} km at threshold pace",
        steps=[
            _warm(paces),
            Step(kind="work", distance_m=_km(block), pace=_pace(paces, "threshold")),
            _cool(paces),
        ],
    )


def marathon_pace(paces: TrainingPaces, week_km: float) -> Session:
    """A steady run at marathon pace, 6 to 16 km of it (about 18 % of the week)."""
    block = min(max(6.0, round(week_km * 0.18)), 16.0)
    return Session(
        kind="tempo",
        title=f"{block:g} km at marathon pace",
        steps=[
            _warm(paces),
            Step(kind="work", distance_m=_km(block), pace=_pace(paces, "marathon")),
            _cool(paces),
        ],
    )


def intervals(paces: TrainingPaces, week_km: float) -> Session:
    """1 km repeats at interval pace (VO2max), 3 to 8 of them, 3 minutes' easy jog between."""
    reps = min(max(3, round(week_km * 0.08)), 8)
    return Session(
        kind="intervals",
        title=f"{reps} x 1 km at interval pace",
        steps=[
            _warm(paces),
            Repeat(
                times=reps,
                steps=[
                    Step(kind="work", distance_m=1000, pace=_pace(paces, "interval")),
                    Step(kind="recovery", duration_s=180, pace=_pace(paces, "easy")),
                ],
            ),
            _cool(paces),
        ],
    )


def hills(paces: TrainingPaces, week_km: float) -> Session:
    """Hill repeats: 6 to 10 uphill minutes at repetition effort, jogging back down."""
    reps = min(max(6, round(week_km * 0.15)), 10)
    return Session(
        kind="hills",
        title=f"{reps} x 60 s uphill",
        steps=[
            _warm(paces),
            Repeat(
                times=reps,
                steps=[
                    Step(kind="work", duration_s=60, pace=_pace(paces, "repetition")),
                    Step(kind="recovery", duration_s=90, pace=_pace(paces, "easy")),
                ],
            ),
            _cool(paces),
        ],
        notes="Pace is a guide: run uphill hard but relaxed, by effort.",
    )


def race(name: str, distance_km: float, goal_pace_s_per_km: float) -> Session:
    pace = round(goal_pace_s_per_km)
    return Session(
        kind="race",
        title=name,
        steps=[
            Step(
                kind="work",
                distance_m=max(1, round(distance_km * 1000)),
                pace=PaceRange(fast_s_per_km=max(120, pace - 3), slow_s_per_km=min(1200, pace + 3)),
            )
        ],
    )


def distance_km(session: Session) -> float:
    return totals(session.steps).distance_km

"""The structured workouts a generated plan schedules, each sized to the week's distance and
paced from the runner's training paces (Daniels' zones)."""

from __future__ import annotations

from contracts.training.running import TrainingPaces, Zone
from contracts.training.sessions import PaceRange, Repeat, Session, SessionKind, Step, totals

WARM_KM = 2.0


def _pace(paces: TrainingPaces, zone: Zone) -> PaceRange:
    found = paces.of(zone)
    return PaceRange(fast_s_per_km=found.fast_s_per_km, slow_s_per_km=found.slow_s_per_km)


def _km(distance_km: float) -> int:
    """Metres, rounded to 100 m."""
    return max(100, round(distance_km * 10) * 100)


def _steady(paces: TrainingPaces, kind: SessionKind, title: str, km: float) -> Session:
    """One run at easy pace."""
    run = Step(kind="steady", distance_m=_km(km), pace=_pace(paces, "easy"))
    return Session(kind=kind, title=title, steps=[run])


def easy(paces: TrainingPaces, distance_km: float) -> Session:
    return _steady(paces, "easy", f"Easy run {distance_km:g} km", distance_km)


def long_run(paces: TrainingPaces, distance_km: float) -> Session:
    return _steady(paces, "long", f"Long run {distance_km:g} km", distance_km)


def _framed(paces: TrainingPaces, kind: SessionKind, title: str, main: Step | Repeat,
            notes: str | None = None) -> Session:  # fmt: skip
    """Warm-up, the main set, cool-down: 2 km easy either side."""
    warm = Step(kind="warmup", distance_m=_km(WARM_KM), pace=_pace(paces, "easy"))
    cool = Step(kind="cooldown", distance_m=_km(WARM_KM), pace=_pace(paces, "easy"))
    return Session(kind=kind, title=title, steps=[warm, main, cool], notes=notes)


def tempo(paces: TrainingPaces, week_km: float) -> Session:
    """Threshold running, 3 to 10 km of it (about 12 % of the week)."""
    block = min(max(3.0, round(week_km * 0.12)), 10.0)
    work = Step(kind="work", distance_m=_km(block), pace=_pace(paces, "threshold"))
    return _framed(paces, "tempo", f"Tempo {block:g} km at threshold pace", work)


def marathon_pace(paces: TrainingPaces, week_km: float) -> Session:
    """A steady run at marathon pace, 6 to 16 km of it (about 18 % of the week)."""
    block = min(max(6.0, round(week_km * 0.18)), 16.0)
    work = Step(kind="work", distance_m=_km(block), pace=_pace(paces, "marathon"))
    return _framed(paces, "tempo", f"{block:g} km at marathon pace", work)


def intervals(paces: TrainingPaces, week_km: float) -> Session:
    """1 km repeats at interval pace (VO2max), 3 to 8 of them, 3 minutes' easy jog between."""
    reps = min(max(3, round(week_km * 0.08)), 8)
    work = Step(kind="work", distance_m=1000, pace=_pace(paces, "interval"))
    jog = Step(kind="recovery", duration_s=180, pace=_pace(paces, "easy"))
    return _framed(paces, "intervals", f"{reps} x 1 km at interval pace",
                   Repeat(times=reps, steps=[work, jog]))  # fmt: skip


def hills(paces: TrainingPaces, week_km: float) -> Session:
    """Hill repeats: 6 to 10 uphill minutes at repetition effort, jogging back down."""
    reps = min(max(6, round(week_km * 0.15)), 10)
    work = Step(kind="work", duration_s=60, pace=_pace(paces, "repetition"))
    jog = Step(kind="recovery", duration_s=90, pace=_pace(paces, "easy"))
    return _framed(paces, "hills", f"{reps} x 60 s uphill", Repeat(times=reps, steps=[work, jog]),
                   notes="Pace is a guide: run uphill hard but relaxed, by effort.")  # fmt: skip


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

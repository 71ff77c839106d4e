"""The shape of a plan, week by week: how long it tapers for the race distance, its phases, and
the distance each week asks for.

Rules (after Daniels, Pfitzinger and the "10 % rule" every coach cites):
- a load week asks at most 10 % more than the last load week;
- every fourth week is a cutback week at 80 % of the last load week;
- load weeks climb towards a peak that suits the race distance and the runner's current volume
  (never below what they already run), and hold there;
- the taper is 1 week for races up to 12 km, 2 up to 25 km, 3 beyond, at falling shares of the
  peak.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Phase = Literal["base", "build", "peak", "taper"]
RAMP = 1.10
CUTBACK_EVERY = 4
CUTBACK_SHARE = 0.8
MIN_RUN_KM = 3.0
TAPERS: dict[int, tuple[float, ...]] = {1: (0.6,), 2: (0.75, 0.5), 3: (0.8, 0.65, 0.45)}
"""Taper week volumes as shares of the peak week, by taper length."""


@dataclass(frozen=True)
class RaceProfile:
    up_to_km: float
    min_weeks: int
    taper_weeks: int
    peak_km: tuple[float, float]
    """The weekly peak this race asks for, from a low-volume to a high-volume runner."""
    long_run_cap_km: float
    long_run_share: float
    """The long run's largest share of its week: longer races need a longer run than the
    quarter to third of the week shorter ones keep to."""


PROFILES = (
    RaceProfile(6.0, 4, 1, (25.0, 55.0), 14.0, 0.35),  # 5K
    RaceProfile(12.0, 6, 1, (30.0, 65.0), 18.0, 0.35),  # 10K
    RaceProfile(25.0, 8, 2, (40.0, 75.0), 22.0, 0.40),  # half marathon
    RaceProfile(45.0, 10, 3, (50.0, 95.0), 32.0, 0.45),  # marathon
    RaceProfile(float("inf"), 12, 3, (60.0, 110.0), 38.0, 0.50),  # ultra
)


def profile(distance_km: float) -> RaceProfile:
    return next(p for p in PROFILES if distance_km <= p.up_to_km)


@dataclass(frozen=True)
class Week:
    index: int
    phase: Phase
    target_km: float
    cutback: bool


def peak_km(race: RaceProfile, weekly_km: float) -> float:
    """The peak week: half as much again as today within the race's range, never below today."""
    low, high = race.peak_km
    return min(max(low, weekly_km * 1.5), max(high, weekly_km))


def weeks(race: RaceProfile, count: int, weekly_km: float, days_per_week: int) -> list[Week]:
    """`count` weeks, the last of them the race week."""
    taper = min(race.taper_weeks, count - 1)
    load = count - taper
    floor = MIN_RUN_KM * days_per_week
    peak = peak_km(race, weekly_km)
    planned: list[Week] = []
    last_load = max(weekly_km, floor) / RAMP  # the first week may add 10 % to today's volume
    if weekly_km < floor:
        last_load = floor / RAMP  # a beginner starts at three kilometres a day
    for index in range(load):
        cutback = (index + 1) % CUTBACK_EVERY == 0 and index < load - 1
        if cutback:
            target = max(floor, CUTBACK_SHARE * last_load)
        else:
            target = max(floor, min(max(peak, floor), last_load * RAMP))
            last_load = target
        planned.append(Week(index, _phase(index, load), round(target, 1), cutback))
    top = max((w.target_km for w in planned), default=max(weekly_km, floor))
    for step, share in enumerate(TAPERS[taper] if taper else ()):
        target = max(floor, min(top * share, planned[-1].target_km if planned else top))
        planned.append(Week(load + step, "taper", round(target, 1), False))
    return planned


def _phase(index: int, load: int) -> Phase:
    share = (index + 0.5) / load
    return "base" if share < 0.4 else "build" if share < 0.75 else "peak"

"""The goal-race plan generator: from the race and the runner as they are today to a whole plan
of structured workouts. Deterministic: the same request gives the same plan.

Week by week (`volume`): phases, distance, cutbacks and taper. Day by day: the runner's days
are spread around the long-run day; quality sessions (hills in the base phase, tempo and
intervals when building, marathon pace at the peak for long races) go on days that touch no
other hard day; the long run grows by at most 2 km a load week, up to its share of the week
and the race's cap (`RaceProfile`); easy runs take the rest; the race is on race day, the only
run of its week after the last easy one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from commands.training.planning import workouts
from commands.training.planning.volume import MIN_RUN_KM, RaceProfile, Week, profile, weeks
from contracts.training.plans import PlanGenerate
from contracts.training.running import (
    STANDARD_DISTANCES_KM,
    TrainingPaces,
    predicted_time_s,
    training_paces,
    vdot,
)
from contracts.training.sessions import HARD_KINDS, Session

RACE_TITLES = {"5k": "5K race", "10k": "10K race", "half": "Half marathon", "marathon": "Marathon"}
LONG_GROWTH_KM = 2.0
"""The long run grows by at most this much per load week."""
QUALITY_FROM_KM = 20.0
"""Below this weekly distance every run is easy or long."""
DAY_PATTERNS = {3: (0, 2, 4), 4: (0, 2, 4, 5), 5: (0, 2, 3, 4, 5), 6: (0, 1, 2, 3, 4, 5),
                7: (0, 1, 2, 3, 4, 5, 6)}  # fmt: skip
"""Run days, as days before the long-run day."""


class PlanTooShortError(ValueError):
    """The race is too soon to prepare for it safely."""


@dataclass(frozen=True)
class Planned:
    day: date
    session: Session


@dataclass(frozen=True)
class GeneratedPlan:
    title: str
    distance_km: float
    paces: TrainingPaces
    weeks: list[Week]
    workouts: list[Planned]


def race_distance_km(request: PlanGenerate) -> float:
    if request.race == "custom":
        assert request.custom_distance_km is not None
        return request.custom_distance_km
    return STANDARD_DISTANCES_KM[request.race]


def fitness(request: PlanGenerate, estimated_vdot: float | None) -> float:
    """VDOT from a recent race, else the estimate from recorded runs, else a cautious guess
    from weekly distance (30 at nothing, 50 at 80 km or more)."""
    if request.recent_race is not None:
        return vdot(request.recent_race.distance_km, request.recent_race.time_s)
    if estimated_vdot is not None:
        return estimated_vdot
    return 30.0 + min(request.weekly_km, 80.0) / 4


def generate(request: PlanGenerate, estimated_vdot: float | None = None) -> GeneratedPlan:
    distance = race_distance_km(request)
    race = profile(distance)
    count = (request.race_date - request.start_date).days // 7 + 1
    if count < race.min_weeks:
        raise PlanTooShortError(
            f"a {distance:g} km race needs at least {race.min_weeks} weeks of training; "
            f"the race is {count} week(s) away"
        )
    paces = training_paces(fitness(request, estimated_vdot))
    shape = weeks(race, count, request.weekly_km, request.days_per_week)
    title = request.race_name or RACE_TITLES.get(request.race, f"{distance:g} km race")
    plan: list[Planned] = []
    long_km = max(request.longest_run_km, MIN_RUN_KM)
    for week in shape:
        first = request.start_date + timedelta(days=7 * week.index)
        days = [first + timedelta(days=n) for n in range(7)]
        days = [d for d in days if request.start_date <= d <= request.race_date]
        if week.index == len(shape) - 1:
            plan += _race_week(request, paces, week, days, title, distance)
            continue
        long_km = _long_run_km(request, race, week, long_km)
        plan += _week(request, paces, week, days, long_km)
    return GeneratedPlan(request.title or title, distance, paces, shape, _spaced(plan, paces))


def _long_run_km(request: PlanGenerate, race: RaceProfile, week: Week, last: float) -> float:
    grown = last if week.cutback or week.phase == "taper" else last + LONG_GROWTH_KM
    longest = min(race.long_run_cap_km, race.long_run_share * week.target_km, grown)
    return max(longest, week.target_km / request.days_per_week)


def _run_days(request: PlanGenerate, days: list[date]) -> list[date]:
    offsets = DAY_PATTERNS[request.days_per_week]
    weekdays = {(request.long_run_day - offset) % 7 for offset in offsets}
    return [d for d in days if d.weekday() in weekdays]


def _week(
    request: PlanGenerate, paces: TrainingPaces, week: Week, days: list[date], long_km: float
) -> list[Planned]:
    run_days = _run_days(request, days)
    if not run_days:
        return []
    long_day = next((d for d in run_days if d.weekday() == request.long_run_day), run_days[-1])
    hard = {long_day}
    quality: list[tuple[date, Session]] = []
    for kind in _quality_kinds(request, week):
        day = next((d for d in _by_distance(run_days, long_day) if _apart(d, hard)), None)
        if day is None:
            break
        hard.add(day)
        quality.append((day, _quality(kind, paces, week.target_km)))
    long_km = round(long_km * 2) / 2
    while True:  # quality the week's distance cannot hold gives way to easy running
        easy_days = [d for d in run_days if d != long_day and d not in dict(quality)]
        left = week.target_km - long_km - sum(workouts.distance_km(s) for _, s in quality)
        if not quality or left >= MIN_RUN_KM * len(easy_days):
            break
        quality.pop()
    sessions = {day: session for day, session in quality}
    sessions[long_day] = workouts.long_run(paces, long_km)
    for day, km in zip(easy_days, _shares(left, len(easy_days)), strict=True):
        sessions[day] = workouts.easy(paces, km)
    return [Planned(day, sessions[day]) for day in sorted(sessions)]


def _shares(total_km: float, runs: int) -> list[float]:
    """`total_km` in `runs` runs of whole half kilometres (at least `MIN_RUN_KM` each), as even
    as can be and together as close to the total as half kilometres allow."""
    if not runs:
        return []
    halves = max(round(total_km * 2), round(MIN_RUN_KM * 2) * runs)
    each, extra = divmod(halves, runs)
    return [(each + (1 if n < extra else 0)) / 2 for n in range(runs)]


def _quality_kinds(request: PlanGenerate, week: Week) -> list[str]:
    if week.target_km < QUALITY_FROM_KM or request.days_per_week < 3:
        return []
    two = request.days_per_week >= 4 and not week.cutback
    long_race = race_distance_km(request) > 25
    match week.phase:
        case "base":
            return ["hills"]
        case "build":
            return ["intervals", "tempo"] if two else ["tempo"]
        case "peak":
            second = "marathon_pace" if long_race else "tempo"
            return ["intervals", second] if two else [second]
        case _:
            return ["tempo"]


def _quality(kind: str, paces: TrainingPaces, week_km: float) -> Session:
    build = {"hills": workouts.hills, "tempo": workouts.tempo, "intervals": workouts.intervals,
             "marathon_pace": workouts.marathon_pace}[kind]  # fmt: skip
    return build(paces, week_km)


def _by_distance(run_days: list[date], long_day: date) -> list[date]:
    """Candidate quality days, the furthest from the long run first (earlier first on ties)."""
    others = [d for d in run_days if d != long_day]
    return sorted(others, key=lambda d: (-min(abs((d - long_day).days), 7), d))


def _apart(day: date, hard: set[date]) -> bool:
    return all(abs((day - other).days) > 1 for other in hard)


def _race_week(
    request: PlanGenerate,
    paces: TrainingPaces,
    week: Week,
    days: list[date],
    title: str,
    distance: float,
) -> list[Planned]:
    before = [d for d in _run_days(request, days) if d < request.race_date - timedelta(days=1)]
    before = before[-max(1, request.days_per_week - 2) :] if before else []
    goal_pace = predicted_time_s(paces.vdot, distance) / distance
    # Each run at most the week's distance per training day: a race early in the week leaves a
    # day or two before it, which must not carry the whole week.
    total = min(week.target_km, week.target_km / request.days_per_week * len(before))
    shares = _shares(total, len(before))
    plan = [Planned(day, workouts.easy(paces, km)) for day, km in zip(before, shares, strict=True)]
    return [*plan, Planned(request.race_date, workouts.race(title, distance, goal_pace))]


def _spaced(plan: list[Planned], paces: TrainingPaces) -> list[Planned]:
    """No two hard days in a row, across week boundaries too: of two, the earlier one becomes
    an easy run of the same distance (the race always stays)."""
    spaced = list(plan)
    for index in range(len(spaced) - 1):
        this, after = spaced[index], spaced[index + 1]
        both_hard = this.session.kind in HARD_KINDS and after.session.kind in HARD_KINDS
        if both_hard and (after.day - this.day).days == 1:
            distance = workouts.distance_km(this.session)
            spaced[index] = Planned(this.day, workouts.easy(paces, round(distance * 2) / 2))
    return spaced

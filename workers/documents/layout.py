"""What a printed plan shows, laid out from a plan snapshot: cover facts, pace zones, a row
per week with each day's workout, the weekly distance chart, and the key workouts' steps, in
the units asked for. The typst template (templates/plan.typ) only places these values."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from contracts.documents.events import PlanExportRequested
from contracts.training.running import Zone
from contracts.training.sessions import HARD_KINDS, Repeat, Session, Step, totals

KM_PER_MILE = 1.609344
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ZONE_USE: dict[Zone, str] = {
    "easy": "Easy and long runs: conversational, most of the week.",
    "marathon": "Marathon-pace runs: steady, the race's own rhythm.",
    "threshold": "Tempo: comfortably hard, about an hour's race effort.",
    "interval": "Intervals of 3-5 minutes: hard, at 5K-3K race effort.",
    "repetition": "Short fast repeats and strides: quick and relaxed.",
}
KIND_NAMES = {
    "easy": "Easy", "long": "Long", "tempo": "Tempo", "intervals": "Intervals",
    "hills": "Hills", "race": "Race", "rest": "Rest", "cross_training": "Cross",
    "strength": "Strength",
}  # fmt: skip


class Units:
    def __init__(self, system: str) -> None:
        self.imperial = system == "imperial"
        self.unit = "mi" if self.imperial else "km"

    def distance(self, km: float) -> str:
        value = km / KM_PER_MILE if self.imperial else km
        return f"{value:.1f} {self.unit}"

    def _per_unit(self, s_per_km: float) -> str:
        seconds = round(s_per_km * KM_PER_MILE if self.imperial else s_per_km)
        return f"{seconds // 60}:{seconds % 60:02d}"

    def pace(self, s_per_km: float) -> str:
        return f"{self._per_unit(s_per_km)} /{self.unit}"

    def pace_range(self, fast_s_per_km: float, slow_s_per_km: float) -> str:
        fast, slow = self._per_unit(fast_s_per_km), self._per_unit(slow_s_per_km)
        return f"{fast} /{self.unit}" if fast == slow else f"{fast}-{slow} /{self.unit}"

    def step_distance(self, metres: int) -> str:
        if metres < 1000 and not self.imperial:
            return f"{metres} m"
        return self.distance(metres / 1000)


def clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def describe_step(step: Step, units: Units) -> str:
    amount = (
        units.step_distance(step.distance_m) if step.distance_m is not None
        else clock(step.duration_s or 0)
    )  # fmt: skip
    target = ""
    if step.pace is not None:
        target = f" at {units.pace_range(step.pace.fast_s_per_km, step.pace.slow_s_per_km)}"
    elif step.hr_zone is not None:
        target = f" in heart-rate zone {step.hr_zone}"
    name = {"warmup": "warm-up", "cooldown": "cool-down"}.get(step.kind, step.kind)
    return f"{name}: {amount}{target}"


def describe_steps(session: Session, units: Units) -> list[str]:
    lines = []
    for item in session.steps:
        if isinstance(item, Repeat):
            inner = "; ".join(describe_step(step, units) for step in item.steps)
            lines.append(f"{item.times} x ({inner})")
        else:
            lines.append(describe_step(item, units))
    return lines


def layout(request: PlanExportRequested) -> dict[str, Any]:
    plan, units = request.plan, Units(request.units)
    first = max(plan.start_date, request.from_date or plan.start_date)
    last = min(plan.end_date, request.to_date or plan.end_date)
    workouts = [w for w in plan.workouts if first <= w.date <= last]
    by_day = {w.date: w.session for w in workouts}
    weeks: list[dict[str, Any]] = []
    volumes: list[float] = []
    monday = first - timedelta(days=first.weekday())
    while monday <= last:
        days, distance = [], 0.0
        for offset in range(7):
            day = monday + timedelta(days=offset)
            session = by_day.get(day)
            km = totals(session.steps).distance_km if session else 0.0
            distance += km
            days.append({"text": _cell(session, km, units, day, first, last),
                         "key": bool(session and session.kind in HARD_KINDS)})  # fmt: skip
        weeks.append({"number": len(weeks) + 1, "starts": monday.strftime("%d %b"),
                      "days": days, "distance": units.distance(distance)})  # fmt: skip
        volumes.append(distance / KM_PER_MILE if units.imperial else distance)
        monday += timedelta(days=7)
    return {
        "title": plan.title, "paper": request.paper, "unit": units.unit,
        "subtitle": _subtitle(plan.goal.distance_km if plan.goal else None, units,
                              (last - first).days // 7 + 1),  # the plan's weeks, as it counts them
        "span": f"{first:%A %d %B %Y} to {last:%A %d %B %Y}",
        "goal": _goal(request, units), "zones": _zones(request, units),
        "weekdays": list(WEEKDAYS), "weeks": weeks, "volumes": volumes,
        "key_workouts": [
            {"date": f"{w.date:%a %d %b}", "title": w.session.title,
             "total": units.distance(totals(w.session.steps).distance_km),
             "steps": describe_steps(w.session, units)}
            for w in workouts if w.session.kind in HARD_KINDS - {"long"}
        ],
    }  # fmt: skip


def _cell(session: Session | None, km: float, units: Units, day: date, first: date,
          last: date) -> str:  # fmt: skip
    if not first <= day <= last:
        return ""
    if session is None:
        return "-"
    name = KIND_NAMES[session.kind]
    return f"{name} {units.distance(km)}" if km else name


def _subtitle(goal_km: float | None, units: Units, weeks: int) -> str:
    race = f"Training for {units.distance(goal_km)}" if goal_km else "Training plan"
    return f"{race} · {weeks} weeks"


def _goal(request: PlanExportRequested, units: Units) -> list[list[str]] | None:
    goal = request.plan.goal
    if goal is None:
        return None
    rows = [["Race", goal.name or "Goal race"], ["Date", f"{goal.date:%A %d %B %Y}"],
            ["Distance", units.distance(goal.distance_km)]]  # fmt: skip
    if goal.target_time_s:
        rows.append(["Target time", clock(goal.target_time_s)])
        rows.append(["Target pace", units.pace(goal.target_time_s / goal.distance_km)])
    return rows


def _zones(request: PlanExportRequested, units: Units) -> list[dict[str, str]]:
    paces = request.plan.paces
    if paces is None:
        return []
    return [
        {"name": zone.zone.capitalize(),
         "pace": units.pace_range(zone.fast_s_per_km, zone.slow_s_per_km),
         "use": ZONE_USE[zone.zone]}
        for zone in paces.zones
    ]  # fmt: skip

"""Running formulas every reader of the training context shares: VDOT and the training paces
derived from it, race-time prediction, and Riegel's formula.

VDOT (Daniels and Gilbert, "Oxygen Power", 1979; Daniels' Running Formula): a run of distance
d metres in t minutes at velocity v = d / t (metres per minute) costs

    VO2(v) = -4.60 + 0.182258 v + 0.000104 v^2            (ml O2 per kg per minute)

and a runner can sustain, for t minutes, the fraction of VO2max

    F(t) = 0.8 + 0.1894393 e^(-0.012778 t) + 0.2989558 e^(-0.1932605 t).

VDOT = VO2(v) / F(t). A 5 km in 20:00 is VDOT 49.8; a marathon in 3:00:00 is VDOT 53.5.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Final, Literal

from pydantic import BaseModel, Field

MIN_VDOT, MAX_VDOT = 15.0, 90.0
STANDARD_DISTANCES_KM: Final[dict[str, float]] = {
    "5k": 5.0, "10k": 10.0, "half": 21.0975, "marathon": 42.195,
}  # fmt: skip
RIEGEL_EXPONENT = 1.06

Zone = Literal["easy", "marathon", "threshold", "interval", "repetition"]
ZONE_INTENSITY: Final[dict[Zone, tuple[float, float]]] = {
    "easy": (0.62, 0.70),
    "threshold": (0.86, 0.88),
    "interval": (0.97, 1.00),
    "repetition": (1.05, 1.10),
}
"""Share of VDOT each zone runs at (slow end, fast end), after Daniels' tables; marathon pace is
the predicted marathon's pace instead."""


def oxygen_cost(metres_per_minute: float) -> float:
    """VO2 of running at a velocity (ml/kg/min)."""
    v = metres_per_minute
    return -4.60 + 0.182258 * v + 0.000104 * v * v


def sustainable_fraction(minutes: float) -> float:
    """Share of VO2max a runner sustains for `minutes`."""
    return (
        0.8 + 0.1894393 * math.exp(-0.012778 * minutes) + 0.2989558 * math.exp(-0.1932605 * minutes)
    )


def vdot(distance_km: float, time_s: float) -> float:
    """VDOT of a race or best effort."""
    minutes = time_s / 60
    return oxygen_cost(distance_km * 1000 / minutes) / sustainable_fraction(minutes)


def velocity_at(vo2: float) -> float:
    """Metres per minute at which running costs `vo2` (the positive root of `oxygen_cost`)."""
    a, b, c = 0.000104, 0.182258, -4.60 - vo2
    return (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)


def predicted_time_s(score: float, distance_km: float) -> float:
    """The race time VDOT `score` predicts: the time t with VO2(d / t) = score x F(t), by
    bisection (the left side falls and the right side rises with t)."""
    metres = distance_km * 1000
    low, high = 1.0, 24 * 60.0  # minutes
    for _ in range(80):
        middle = (low + high) / 2
        if oxygen_cost(metres / middle) > score * sustainable_fraction(middle):
            low = middle  # too fast to sustain: the race takes longer
        else:
            high = middle
    return (low + high) / 2 * 60


def riegel_time_s(known_km: float, known_s: float, distance_km: float) -> float:
    """Riegel's formula (1977): t2 = t1 x (d2 / d1)^1.06."""
    return float(known_s * (distance_km / known_km) ** RIEGEL_EXPONENT)


def pace_at(score: float, intensity: float) -> float:
    """Seconds per km of running at `intensity` x VDOT."""
    return 60_000 / velocity_at(score * intensity)


class PaceZone(BaseModel):
    zone: Zone
    fast_s_per_km: int
    slow_s_per_km: int


class TrainingPaces(BaseModel):
    vdot: float = Field(description="Daniels' VDOT the paces derive from.")
    zones: list[PaceZone]

    def of(self, zone: Zone) -> PaceZone:
        return next(z for z in self.zones if z.zone == zone)


def training_paces(score: float) -> TrainingPaces:
    """Easy, marathon, threshold, interval and repetition paces for a VDOT."""
    score = min(max(score, MIN_VDOT), MAX_VDOT)
    zones = []
    for zone in ("easy", "marathon", "threshold", "interval", "repetition"):
        if zone == "marathon":
            middle = predicted_time_s(score, STANDARD_DISTANCES_KM["marathon"]) / 42.195
            fast, slow = middle - 3, middle + 3
        else:
            slow_share, fast_share = ZONE_INTENSITY[zone]
            fast, slow = pace_at(score, fast_share), pace_at(score, slow_share)
        zones.append(PaceZone(zone=zone, fast_s_per_km=round(fast), slow_s_per_km=round(slow)))
    return TrainingPaces(vdot=round(score, 1), zones=zones)


BEST_EFFORT_MIN_KM = 3.0
"""Shorter runs say more about a sprint than about endurance."""


def best_vdot(efforts: Iterable[tuple[float, float]]) -> float | None:
    """The best VDOT of (distance km, seconds) efforts of at least 3 km, within the range paces
    are made for; None without any."""
    scores = [
        vdot(km, seconds) for km, seconds in efforts if km >= BEST_EFFORT_MIN_KM and seconds > 0
    ]
    return min(max(max(scores), MIN_VDOT), MAX_VDOT) if scores else None

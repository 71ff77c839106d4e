"""Training load, after TrainingPeaks' Performance Management Chart (Coggan; running variants by
Skiba and TrainingPeaks):

- rTSS of a run: hours x IF^2 x 100, with IF the run's speed over threshold speed (threshold
  pace / run pace). An hour at threshold pace is 100.
- hrTSS of a run with heart rate, when the athlete's threshold heart rate is known: hours x
  IF^2 x 100 with IF = (average HR - resting HR) / (threshold HR - resting HR).
- A strength or rep session from the movement context: its MET-hours at the rate of an hour of
  running at threshold (about 11.5 MET, 100 TSS), so one chart shows all training.
- Fitness (CTL) and fatigue (ATL): exponentially weighted daily averages of TSS with time
  constants of 42 and 7 days, CTL_today = CTL_yesterday + (TSS_today - CTL_yesterday) / 42;
  form (TSB) = yesterday's CTL - yesterday's ATL (how fresh one starts the day).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

CTL_DAYS, ATL_DAYS = 42, 7
THRESHOLD_MET = 11.5
"""Running at threshold pace costs about this many METs (Compendium: 11.5 to 12.3 for 6.7 to
7.5 mph), so a MET-hour of strength work counts as 100 / 11.5 TSS."""
MAX_IF = 1.5
"""Caps a run's intensity (a mistyped distance must not put a month of load in one run)."""


def rtss(duration_s: float, pace_s_per_km: float, threshold_pace_s_per_km: float) -> float:
    intensity = min(threshold_pace_s_per_km / pace_s_per_km, MAX_IF)
    return duration_s / 3600 * intensity * intensity * 100


def hrtss(duration_s: float, avg_hr: float, threshold_hr: float, resting_hr: float) -> float:
    reserve = max(threshold_hr - resting_hr, 1.0)
    intensity = min(max((avg_hr - resting_hr) / reserve, 0.0), MAX_IF)
    return duration_s / 3600 * intensity * intensity * 100


def session_tss(met_hours: float) -> float:
    return met_hours * 100 / THRESHOLD_MET


@dataclass(frozen=True)
class LoadDay:
    day: date
    tss: float
    ctl: float
    atl: float
    tsb: float


def daily_load(tss_by_day: dict[date, float], first: date, last: date) -> list[LoadDay]:
    """CTL, ATL and TSB for every day from `first` to `last`, starting from zero fitness on the
    first day (start the series early enough before the days you look at)."""
    ctl = atl = 0.0
    days: list[LoadDay] = []
    for day in _days(first, last):
        tss = tss_by_day.get(day, 0.0)
        form = ctl - atl
        ctl += (tss - ctl) / CTL_DAYS
        atl += (tss - atl) / ATL_DAYS
        days.append(LoadDay(day, round(tss, 1), round(ctl, 1), round(atl, 1), round(form, 1)))
    return days


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)

"""Integrations workers: Strava imports, backfill and pushes."""

from workers.integrations.jobs import JOBS
from workers.integrations.reactors import auto_push, strava

REACTORS = (strava, auto_push)

__all__ = ["JOBS", "REACTORS"]

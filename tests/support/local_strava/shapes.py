"""Athletes and activities in the JSON shapes Strava API v3 answers with (the swagger's
SummaryAthlete, DetailedAthlete, SummaryActivity and DetailedActivity and their examples), with
realistic defaults: everyone lives in Lagos (a fixed UTC+1, so `start_date_local` differs from
`start_date` all year), and a default activity is a 10 km Run in 50 minutes with heart rate."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

Json = dict[str, Any]

FIRST_ATHLETE_ID = 134_815
FIRST_ACTIVITY_ID = 12_000_000_000
UPLOAD_ID_OFFSET = 1_000_000_000

HOME = (6.4541, 3.3947)
TIMEZONE = "(GMT+01:00) Africa/Lagos"
UTC_OFFSET_S = 3600.0

# sport_type -> the deprecated `type` when they differ; sports `type` has no value for -> Workout
_PARENT_TYPES = {
    "TrailRun": "Run",
    "MountainBikeRide": "Ride",
    "GravelRide": "Ride",
    "EMountainBikeRide": "EBikeRide",
    "VirtualRow": "Rowing",
}
_LEGACY_TYPES = frozenset(
    (
        "AlpineSki", "BackcountrySki", "Canoeing", "Crossfit", "EBikeRide", "Elliptical", "Golf",
        "Handcycle", "Hike", "IceSkate", "InlineSkate", "Kayaking", "Kitesurf", "NordicSki",
        "Ride", "RockClimbing", "RollerSki", "Rowing", "Run", "Sail", "Skateboard", "Snowboard",
        "Snowshoe", "Soccer", "StairStepper", "StandUpPaddling", "Surfing", "Swim", "Velomobile",
        "VirtualRide", "VirtualRun", "Walk", "WeightTraining", "Wheelchair", "Windsurf",
        "Workout", "Yoga",
    )
)  # fmt: skip
# sport_type -> (distance in m, moving time in s) of a typical session
_TYPICAL = {
    "Run": (10_000.0, 3_000),
    "TrailRun": (12_000.0, 4_500),
    "Ride": (40_000.0, 5_400),
    "Swim": (2_000.0, 2_700),
    "Walk": (5_000.0, 3_600),
    "Hike": (12_000.0, 10_800),
    "WeightTraining": (0.0, 3_600),
    "Yoga": (0.0, 3_600),
}
# Keys DetailedActivity has and SummaryActivity lacks
_DETAIL_ONLY = (
    "description",
    "calories",
    "segment_efforts",
    "splits_metric",
    "splits_standard",
    "laps",
    "best_efforts",
    "gear",
    "photos",
    "highlighted_kudosers",
    "hide_from_home",
    "embed_token",
    "partner_brand_tag",
    "segment_leaderboard_opt_out",
    "leaderboard_opt_out",
)


def iso(moment: datetime) -> str:
    """Strava's date-time format: seconds, and a `Z` (even for local times)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: datetime | str) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def epoch(iso_time: str) -> float:
    return parse_time(iso_time).timestamp()


def activity_type(sport_type: str) -> str:
    if sport_type in _LEGACY_TYPES:
        return sport_type
    return _PARENT_TYPES.get(sport_type, "Workout")


def athlete_summary(athlete_id: int, firstname: str, lastname: str, created: datetime) -> Json:
    return {
        "id": athlete_id,
        "username": None,
        "resource_state": 2,
        "firstname": firstname,
        "lastname": lastname,
        "bio": None,
        "city": "Lagos",
        "state": "Lagos",
        "country": "Nigeria",
        "sex": "F",
        "premium": False,
        "summit": False,
        "created_at": iso(created),
        "updated_at": iso(created),
        "badge_type_id": 0,
        "weight": 61.0,
        "profile_medium": "avatar/athlete/medium.png",
        "profile": "avatar/athlete/large.png",
        "friend": None,
        "follower": None,
    }


def athlete_detail(summary: Json) -> Json:
    return summary | {
        "resource_state": 3,
        "follower_count": 0,
        "friend_count": 0,
        "mutual_friend_count": 0,
        "athlete_type": 1,
        "date_preference": "%m/%d/%Y",
        "measurement_preference": "meters",
        "clubs": [],
        "ftp": None,
        "bikes": [],
        "shoes": [],
    }


def new_activity(activity_id: int, athlete_id: int, fields: Json, now: datetime) -> Json:
    """A DetailedActivity: realistic defaults for its sport, overridden by `fields`."""
    sport = str(fields.get("sport_type") or fields.get("type") or "Run")
    distance, moving = _TYPICAL.get(sport, _TYPICAL["Run"])
    manual = bool(fields.get("manual", False))
    outdoor = not manual and not fields.get("trainer") and distance > 0
    activity: Json = {
        "id": activity_id,
        "resource_state": 3,
        "external_id": None if manual else f"local-strava-{activity_id}.fit",
        "upload_id": None if manual else activity_id + UPLOAD_ID_OFFSET,
        "athlete": {"id": athlete_id, "resource_state": 1},
        "distance": distance,
        "moving_time": moving,
        "elapsed_time": moving + 120,
        "total_elevation_gain": 42.0 if outdoor else 0.0,
        "elev_high": 38.6 if outdoor else None,
        "elev_low": 3.2 if outdoor else None,
        "sport_type": sport,
        "workout_type": None,
        "start_date": iso(now - timedelta(days=1)),
        "timezone": TIMEZONE,
        "utc_offset": UTC_OFFSET_S,
        "start_latlng": list(HOME) if outdoor else None,
        "end_latlng": list(HOME) if outdoor else None,
        "location_city": None,
        "location_state": None,
        "location_country": "Nigeria",
        "achievement_count": 0,
        "kudos_count": 0,
        "comment_count": 0,
        "athlete_count": 1,
        "photo_count": 0,
        "total_photo_count": 0,
        "trainer": False,
        "commute": False,
        "manual": manual,
        "private": False,
        "flagged": False,
        "gear_id": None,
        "from_accepted_tag": False,
        "average_cadence": None if manual else 84.0,
        "average_heartrate": None if manual else 150.0,
        "max_heartrate": None if manual else 172.0,
        "heartrate_opt_out": False,
        "display_hide_heartrate_option": not manual,
        "pr_count": 0,
        "has_kudoed": False,
        "suffer_score": None if manual else 68,
        "description": "",
        "device_name": None if manual else "Garmin Forerunner 265",
        "laps": [],
        "best_efforts": [],
        "segment_efforts": [],
        "gear": None,
        "photos": {"primary": None, "count": 0},
        "hide_from_home": False,
        "partner_brand_tag": None,
        "highlighted_kudosers": [],
        "embed_token": f"{activity_id:040x}",
        "segment_leaderboard_opt_out": False,
        "leaderboard_opt_out": False,
    }
    apply_changes(activity, fields)
    activity.setdefault("name", _default_name(activity))
    activity.setdefault("map", _map(activity))
    return activity


def apply_changes(activity: Json, changes: Json) -> None:
    """Sets `changes` on the activity, then recomputes every derived field whose sources
    changed and that `changes` did not set itself (say, `type` from `sport_type`)."""
    changes = dict(changes)
    if "type" in changes and "sport_type" not in changes:
        changes["sport_type"] = changes["type"]
    if "start_date" in changes:
        changes["start_date"] = iso(parse_time(changes["start_date"]))
    activity.update(changes)
    for key, (sources, derive) in _DERIVED.items():
        if key not in changes and (sources & changes.keys() or key not in activity):
            activity[key] = derive(activity)


def summary(activity: Json) -> Json:
    """The SummaryActivity of a DetailedActivity, as lists return it."""
    shown = {key: value for key, value in activity.items() if key not in _DETAIL_ONLY}
    track = activity["map"]
    shown["map"] = {"id": track["id"], "summary_polyline": track["summary_polyline"]}
    shown["map"]["resource_state"] = 2
    shown["resource_state"] = 2
    return shown


def _local_start(activity: Json) -> str:
    start = parse_time(activity["start_date"]) + timedelta(seconds=activity["utc_offset"] or 0)
    return iso(start)


def _speed(activity: Json) -> float:
    moving = activity["moving_time"]
    return round(activity["distance"] / moving, 3) if moving else 0.0


def _calories(activity: Json) -> float:
    distance, moving = float(activity["distance"]), float(activity["moving_time"])
    return round(distance / 1000 * 65 if distance else moving / 3600 * 400, 1)


def _splits(unit_m: float) -> Callable[[Json], list[Json]]:
    def splits(activity: Json) -> list[Json]:
        distance, moving = float(activity["distance"]), int(activity["moving_time"])
        pause = activity["elapsed_time"] / moving if moving else 1.0
        lengths = [unit_m] * int(distance // unit_m)
        if distance % unit_m >= 1:
            lengths.append(round(distance % unit_m, 1))
        out = []
        for index, length in enumerate(lengths, start=1):
            split_moving = round(moving * length / distance)
            out.append(
                {
                    "distance": length,
                    "elapsed_time": round(split_moving * pause),
                    "elevation_difference": 0.0,
                    "moving_time": split_moving,
                    "split": index,
                    "average_speed": round(length / split_moving, 2) if split_moving else 0.0,
                    "pace_zone": 2,
                }
            )
        return out

    return splits


_DERIVED: dict[str, tuple[frozenset[str], Callable[[Json], Any]]] = {
    "type": (frozenset({"sport_type"}), lambda a: activity_type(a["sport_type"])),
    "start_date_local": (frozenset({"start_date", "utc_offset"}), _local_start),
    "visibility": (frozenset({"private"}), lambda a: "only_me" if a["private"] else "everyone"),
    "average_speed": (frozenset({"distance", "moving_time"}), _speed),
    "max_speed": (frozenset({"distance", "moving_time"}), lambda a: round(_speed(a) * 1.35, 3)),
    "has_heartrate": (
        frozenset({"average_heartrate"}),
        lambda a: a.get("average_heartrate") is not None,
    ),
    "calories": (frozenset({"distance", "moving_time"}), _calories),
    "splits_metric": (frozenset({"distance", "moving_time", "elapsed_time"}), _splits(1000.0)),
    "splits_standard": (frozenset({"distance", "moving_time", "elapsed_time"}), _splits(1609.34)),
}


def _default_name(activity: Json) -> str:
    hour = parse_time(activity["start_date_local"]).hour
    if 5 <= hour < 12:
        part = "Morning"
    elif 12 <= hour < 17:
        part = "Afternoon"
    elif 17 <= hour < 21:
        part = "Evening"
    else:
        part = "Night"
    return f"{part} {activity['sport_type']}"


def _map(activity: Json) -> Json:
    track = {"id": f"a{activity['id']}", "polyline": None, "summary_polyline": None}
    if activity["start_latlng"] and activity["distance"]:
        lat, lng = activity["start_latlng"]
        points = _loop((lat, lng), activity["distance"], 36)
        track["polyline"] = encode_polyline(points)
        track["summary_polyline"] = encode_polyline(points[::4] + points[-1:])
    return track | {"resource_state": 3}


def _loop(start: tuple[float, float], distance_m: float, n: int) -> list[tuple[float, float]]:
    """A circular route of `distance_m` that starts and ends at `start`."""
    radius = distance_m / (2 * math.pi)
    d_lat = radius / 111_320
    d_lng = radius / (111_320 * math.cos(math.radians(start[0])))
    centre = (start[0] + d_lat, start[1])
    angles = (-math.pi / 2 + 2 * math.pi * i / n for i in range(n + 1))
    return [(centre[0] + d_lat * math.sin(a), centre[1] + d_lng * math.cos(a)) for a in angles]


def encode_polyline(points: list[tuple[float, float]]) -> str:
    """Google's encoded polyline format, as in `map.polyline` and `map.summary_polyline`."""
    out: list[str] = []
    previous = (0, 0)
    for lat, lng in points:
        current = (round(lat * 1e5), round(lng * 1e5))
        for delta in (current[0] - previous[0], current[1] - previous[1]):
            value = ~(delta << 1) if delta < 0 else delta << 1
            while value >= 0x20:
                out.append(chr((0x20 | (value & 0x1F)) + 63))
                value >>= 5
            out.append(chr(value + 63))
        previous = current
    return "".join(out)

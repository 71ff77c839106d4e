"""The local Strava's state: athletes, their activities, the app's codes and tokens, its rate
limits and its webhook subscription, in memory behind one lock. Changes made here raise the
webhook events Strava would send: only for athletes who authorized the app, activity events only
with `activity:read`, and, without `activity:read_all`, a switch to or from private as a delete
or a create."""

from __future__ import annotations

import copy
import itertools
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.local_strava import shapes
from tests.support.local_strava.faults import not_found
from tests.support.local_strava.limits import Charge, RateLimits, RateMeter, RequestLog
from tests.support.local_strava.shapes import Json
from tests.support.local_strava.tokens import AccessToken, Tokens, format_scopes, granted
from tests.support.local_strava.webhooks import Deliverer

FIRST_SUBSCRIPTION_ID = 120_475


@dataclass
class _Athlete:
    profile: Json  # SummaryAthlete
    scopes_allowed: str | None
    deauthorized: bool = False


@dataclass(frozen=True)
class Subscription:
    id: int
    callback_url: str
    created_at: str

    def as_json(self, client_id: int) -> Json:
        return {
            "id": self.id,
            "resource_state": 2,
            "application_id": client_id,
            "callback_url": self.callback_url,
            "created_at": self.created_at,
            "updated_at": self.created_at,
        }


class Strava:
    def __init__(
        self,
        *,
        client_id: int,
        client_secret: str,
        token_ttl_s: int,
        limits: RateLimits,
        webhook_retry_delay_s: float,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.lock = threading.RLock()
        self.tokens = Tokens(token_ttl_s)
        self.meter = RateMeter(limits)
        self.webhooks = Deliverer(webhook_retry_delay_s)
        self.requests: list[RequestLog] = []
        self.refreshes = self.tokens.refreshes
        self.deliveries = self.webhooks.deliveries
        self.created_by_app: list[Json] = []
        self.subscription: Subscription | None = None
        self._athletes: dict[int, _Athlete] = {}
        self._activities: dict[int, Json] = {}
        self._activity_ids = itertools.count(shapes.FIRST_ACTIVITY_ID)
        self._subscription_ids = itertools.count(FIRST_SUBSCRIPTION_ID)

    # athletes and their data -----------------------------------------------------------------

    def add_athlete(
        self, firstname: str = "Ada", lastname: str = "Runner", *, scopes_allowed: str | None = None
    ) -> int:
        """A Strava athlete; `scopes_allowed` is what they accept on the authorize page (None:
        whatever is asked, "": they deny)."""
        with self.lock:
            athlete_id = shapes.FIRST_ATHLETE_ID + len(self._athletes)
            profile = shapes.athlete_summary(athlete_id, firstname, lastname, datetime.now(UTC))
            self._athletes[athlete_id] = _Athlete(profile, scopes_allowed)
            return athlete_id

    def athlete(self, athlete_id: int, *, detailed: bool = False) -> Json:
        with self.lock:
            profile = self._athlete(athlete_id).profile
            return shapes.athlete_detail(profile) if detailed else dict(profile)

    def first_athlete(self) -> int:
        with self.lock:
            return next(iter(self._athletes), None) or self.add_athlete()

    def add_activity(self, athlete_id: int, *, notify: bool = True, **fields: Any) -> Json:
        """A new activity (a DetailedActivity); `fields` override the defaults of a 10 km Run
        started a day ago."""
        with self.lock:
            self._athlete(athlete_id)
            activity_id = next(self._activity_ids)
            activity = shapes.new_activity(activity_id, athlete_id, fields, datetime.now(UTC))
            self._activities[activity_id] = activity
            if notify and self._sees(athlete_id, activity["private"]):
                self._activity_event("create", activity)
            return copy.deepcopy(activity)

    def add_activities(
        self,
        athlete_id: int,
        count: int,
        *,
        notify: bool = False,
        sport_types: tuple[str, ...] = ("Run",),
        start: datetime | None = None,
        spacing: timedelta = timedelta(hours=20),
    ) -> list[Json]:
        """A history of `count` activities, returned newest first: the newest starts at `start`
        (a day ago by default), each other one `spacing` before the next, sports taken in turn
        from the newest; ids grow with the start time, as uploads in order would make them."""
        newest = start or datetime.now(UTC) - timedelta(days=1)
        oldest_first = [
            self.add_activity(
                athlete_id,
                notify=notify,
                sport_type=sport_types[i % len(sport_types)],
                start_date=newest - i * spacing,
            )
            for i in reversed(range(count))
        ]
        return oldest_first[::-1]

    def create_by_app(self, athlete_id: int, fields: Json) -> Json:
        """A manual activity the app creates (`POST /activities`)."""
        with self.lock:
            activity = self.add_activity(athlete_id, manual=True, **fields)
            self.created_by_app.append(copy.deepcopy(activity))
            return activity

    def update_activity(self, activity_id: int, *, notify: bool = True, **changes: Any) -> Json:
        with self.lock:
            activity = self._activity(activity_id)
            before = copy.deepcopy(activity)
            shapes.apply_changes(activity, changes)
            if notify:
                self._update_events(before, activity)
            return copy.deepcopy(activity)

    def delete_activity(self, activity_id: int, *, notify: bool = True) -> None:
        with self.lock:
            self._activity(activity_id)
            activity = self._activities.pop(activity_id)
            if notify and self._sees(activity["athlete"]["id"], activity["private"]):
                self._activity_event("delete", activity)

    def revoke(self, athlete_id: int, *, notify: bool = True) -> None:
        """The athlete revokes the app on Strava: every token dies, and a deauthorization event
        goes out."""
        with self.lock:
            self._athlete(athlete_id).deauthorized = True
            if self.tokens.revoke(athlete_id) and notify:
                self._emit("athlete", "update", athlete_id, athlete_id, {"authorized": "false"})

    def deauthorize(self, token: AccessToken) -> None:
        """The app gives up the athlete's authorization (`POST /oauth/deauthorize`)."""
        with self.lock:
            self._athlete(token.athlete_id).deauthorized = True
            self.tokens.revoke(token.athlete_id)

    def authorize(self, athlete_id: int, scope: str | None) -> tuple[str, str] | None:
        """What the authorize page hands out when the athlete is asked for `scope`: a code and
        the granted scopes, or None when they deny."""
        with self.lock:
            allowed = self._athlete(athlete_id).scopes_allowed
            if allowed == "":
                return None
            scopes = granted(scope, allowed)
            return self.tokens.issue_code(athlete_id, scopes, time.time()), format_scopes(scopes)

    def issue_code(self, athlete_id: int, scope: str) -> str:
        authorized = self.authorize(athlete_id, scope)
        if authorized is None:
            raise ValueError(f"athlete {athlete_id} denies the app")
        return authorized[0]

    def exchange_code(self, code: str) -> Json:
        """The token response to an authorization code: tokens, granted scope and athlete."""
        with self.lock:
            now = time.time()
            grant = self.tokens.exchange_code(code, now)
            athlete = self._athlete(grant.access.athlete_id)
            athlete.deauthorized = False
            return _token_json(grant.access, grant.refresh, now) | {
                "scope": format_scopes(grant.scopes),
                "athlete": dict(athlete.profile),
            }

    def refresh(self, refresh_token: str) -> Json:
        with self.lock:
            now = time.time()
            grant = self.tokens.refresh(refresh_token, now)
            return _token_json(grant.access, grant.refresh, now)

    def authenticate(self, token: str | None) -> AccessToken:
        with self.lock:
            return self.tokens.authenticate(token, time.time())

    def expire_tokens(self, athlete_id: int) -> None:
        with self.lock:
            self.tokens.expire(athlete_id, time.time())

    # reading, as the API does ------------------------------------------------------------------

    def activities_of(self, athlete_id: int) -> list[Json]:
        """The athlete's activities, newest first."""
        with self.lock:
            owned = [a for a in self._activities.values() if a["athlete"]["id"] == athlete_id]
            owned.sort(key=lambda a: (a["start_date"], a["id"]), reverse=True)
            return copy.deepcopy(owned)

    def readable_activity(self, token: AccessToken, activity_id: int) -> Json:
        """The activity if the token may see it: its athlete's, and private only with
        `activity:read_all`."""
        with self.lock:
            activity = self._activities.get(activity_id)
            if (
                activity is None
                or activity["athlete"]["id"] != token.athlete_id
                or (activity["private"] and "activity:read_all" not in token.scopes)
            ):
                raise not_found("Activity")
            return copy.deepcopy(activity)

    def charge(self, *, read: bool) -> Charge:
        with self.lock:
            return self.meter.charge(time.time(), read=read)

    def log(
        self, method: str, path: str, status: int, token: str | None, charge: Charge | None
    ) -> None:
        with self.lock:
            now = time.time()
            used, window = (0, self.meter.window_start(now))
            if charge is not None:
                used, window = charge.used_in_window, charge.window_start
            athlete_id = self.tokens.owner(token)
            self.requests.append(
                RequestLog(time.monotonic(), now, method, path, status, athlete_id, used, window)
            )

    def deauthorized(self, athlete_id: int) -> bool:
        with self.lock:
            return self._athlete(athlete_id).deauthorized

    def too_many(self) -> int:
        with self.lock:
            return self.meter.too_many

    # the webhook subscription -----------------------------------------------------------------

    def subscribe(self, callback_url: str) -> Subscription | None:
        """The new subscription, or None when the app already has one."""
        with self.lock:
            if self.subscription is not None:
                return None
            created = shapes.iso(datetime.now(UTC))
            self.subscription = Subscription(next(self._subscription_ids), callback_url, created)
            return self.subscription

    def unsubscribe(self, subscription_id: int) -> bool:
        with self.lock:
            if self.subscription is None or self.subscription.id != subscription_id:
                return False
            self.subscription = None
            return True

    # internals ---------------------------------------------------------------------------------

    def _athlete(self, athlete_id: int) -> _Athlete:
        if athlete_id not in self._athletes:
            raise KeyError(f"no athlete {athlete_id}")
        return self._athletes[athlete_id]

    def _activity(self, activity_id: int) -> Json:
        if activity_id not in self._activities:
            raise KeyError(f"no activity {activity_id}")
        return self._activities[activity_id]

    def _sees(self, athlete_id: int, private: bool) -> bool:
        """Whether the app hears of an activity of the athlete with this privacy."""
        grant = self.tokens.grant_of(athlete_id)
        if grant is None:
            return False
        return "activity:read_all" in grant.scopes or (
            "activity:read" in grant.scopes and not private
        )

    def _update_events(self, before: Json, after: Json) -> None:
        owner = after["athlete"]["id"]
        saw, sees = self._sees(owner, before["private"]), self._sees(owner, after["private"])
        if saw != sees:
            self._activity_event("create" if sees else "delete", after)
            return
        updates = {}
        if before["name"] != after["name"]:
            updates["title"] = after["name"]
        if (before["type"], before["sport_type"]) != (after["type"], after["sport_type"]):
            updates["type"] = after["type"]
        if before["private"] != after["private"]:
            updates["private"] = "true" if after["private"] else "false"
        if sees and updates:
            self._activity_event("update", after, updates)

    def _activity_event(self, aspect: str, activity: Json, updates: Json | None = None) -> None:
        self._emit("activity", aspect, activity["id"], activity["athlete"]["id"], updates or {})

    def _emit(
        self, object_type: str, aspect: str, object_id: int, owner_id: int, updates: Json
    ) -> None:
        if self.subscription is None:
            return
        event = {
            "aspect_type": aspect,
            "event_time": int(time.time()),
            "object_id": object_id,
            "object_type": object_type,
            "owner_id": owner_id,
            "subscription_id": self.subscription.id,
            "updates": updates,
        }
        self.webhooks.enqueue(self.subscription.callback_url, event)


def _token_json(access: AccessToken, refresh_token: str, now: float) -> Json:
    return {
        "token_type": "Bearer",
        "expires_at": access.expires_at,
        "expires_in": max(access.expires_at - int(now), 0),
        "refresh_token": refresh_token,
        "access_token": access.value,
    }

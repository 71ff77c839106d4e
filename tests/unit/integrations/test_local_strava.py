"""The local Strava answers as Strava API v3 does (shared/reference/strava.md): OAuth codes and
tokens, activity reads and writes with their scopes, rate limits, and webhooks."""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.support.local_strava import LocalStrava, RateLimits

SECRET = "local-strava-secret"
APP = {"client_id": "1234", "client_secret": SECRET}
TLS = ssl.create_default_context()  # one for every client: loading it takes ~60 ms


@pytest.fixture
def strava() -> Iterator[LocalStrava]:
    with LocalStrava(webhook_retry_delay_s=0.05) as local:
        yield local


@pytest.fixture
def client(strava: LocalStrava) -> Iterator[httpx.Client]:
    with http_client(strava) as http:
        yield http


def http_client(strava: LocalStrava) -> httpx.Client:
    return httpx.Client(base_url=strava.url, verify=TLS)


def authorize(client: httpx.Client, athlete: int, scope: str, **extra: str) -> httpx.URL:
    """The authorize page's redirect, as the app's callback would receive it."""
    params = {
        "client_id": "1234",
        "redirect_uri": "http://localhost:8000/strava/callback?from=settings",
        "response_type": "code",
        "approval_prompt": "auto",
        "scope": scope,
        "athlete_id": str(athlete),
    }
    response = client.get("/oauth/authorize", params=params | extra)
    assert response.status_code == 302
    return httpx.URL(response.headers["location"])


def exchange(client: httpx.Client, code: str) -> httpx.Response:
    grant = {"grant_type": "authorization_code", "code": code}
    return client.post("/oauth/token", data=APP | grant)


def refresh(client: httpx.Client, refresh_token: str) -> httpx.Response:
    grant = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    return client.post("/api/v3/oauth/token", data=APP | grant)


def connect(client: httpx.Client, athlete: int, scope: str) -> dict[str, Any]:
    """The athlete authorizes the app for `scope`; the token response."""
    code = authorize(client, athlete, scope).params["code"]
    response = exchange(client, code)
    assert response.status_code == 200
    tokens: dict[str, Any] = response.json()
    return tokens


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def error(response: httpx.Response) -> dict[str, str]:
    body = response.json()
    assert set(body) == {"message", "errors"}
    only: dict[str, str] = body["errors"][0]
    return only


class Receiver:
    """An app's webhook callback: answers the subscription challenge (or echoes a wrong one) and
    event POSTs with the statuses in `answers`, then 200."""

    def __init__(self, *, echo: bool = True, answers: Sequence[int] = ()) -> None:
        self.echo = echo
        self.answers = list(answers)
        self.challenges: list[dict[str, list[str]]] = []
        self.events: list[dict[str, Any]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self._server.server_port}/strava/webhook"

    def __enter__(self) -> Receiver:
        serve = {"poll_interval": 0.02}
        threading.Thread(target=self._server.serve_forever, kwargs=serve, daemon=True).start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            query = parse_qs(urlsplit(self.path).query)
            receiver.challenges.append(query)
            challenge = query["hub.challenge"][0] if receiver.echo else "not-the-challenge"
            self._reply(200, {"hub.challenge": challenge})

        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            receiver.events.append(json.loads(self.rfile.read(length)))
            self._reply(receiver.answers.pop(0) if receiver.answers else 200, {})

        def _reply(self, status: int, body: dict[str, str]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def subscribe(client: httpx.Client, callback_url: str) -> httpx.Response:
    form = APP | {"callback_url": callback_url, "verify_token": "STRAVA"}
    return client.post("/api/v3/push_subscriptions", data=form)


# OAuth ---------------------------------------------------------------------------------------


def test_the_authorize_page_grants_the_allowed_scopes_and_keeps_the_state(
    strava: LocalStrava, client: httpx.Client
) -> None:
    athlete = strava.add_athlete(scopes_allowed="read,activity:read")

    redirect = authorize(client, athlete, "read,activity:read_all,activity:read", state="xyz")

    assert redirect.path == "/strava/callback"
    assert redirect.params["from"] == "settings"
    assert redirect.params["state"] == "xyz"
    assert redirect.params["scope"] == "read,activity:read"
    assert redirect.params["code"]


def test_an_athlete_who_denies_is_sent_back_with_access_denied(
    strava: LocalStrava, client: httpx.Client
) -> None:
    athlete = strava.add_athlete(scopes_allowed="")

    redirect = authorize(client, athlete, "activity:read", state="xyz")

    assert dict(redirect.params) == {"from": "settings", "error": "access_denied", "state": "xyz"}


def test_a_code_is_exchanged_once_for_tokens_the_scope_and_the_athlete(
    strava: LocalStrava, client: httpx.Client
) -> None:
    athlete = strava.add_athlete("Grace", "Hopper")
    code = strava.issue_code(athlete, "activity:read_all")

    first = exchange(client, code)
    again = exchange(client, code)

    assert first.status_code == 200
    tokens = first.json()
    assert tokens["token_type"] == "Bearer"
    assert tokens["scope"] == "read,activity:read_all"
    assert tokens["expires_in"] == 21600
    assert tokens["expires_at"] == pytest.approx(time.time() + 21600, abs=5)
    assert tokens["access_token"] != tokens["refresh_token"]
    assert tokens["athlete"]["id"] == athlete
    assert tokens["athlete"]["firstname"] == "Grace"
    assert tokens["athlete"]["resource_state"] == 2
    assert again.status_code == 400
    assert error(again) == {"resource": "AuthorizationCode", "field": "code", "code": "invalid"}
    assert exchange(client, "not-a-code").status_code == 400


def test_the_app_must_prove_who_it_is(strava: LocalStrava, client: httpx.Client) -> None:
    code = strava.issue_code(strava.add_athlete(), "read")
    wrong = {"client_id": "1234", "client_secret": "guess", "grant_type": "authorization_code"}

    assert client.post("/oauth/token", data=wrong | {"code": code}).status_code == 401
    authorize_as_another_app = {"client_id": "99", "redirect_uri": "http://localhost/cb"}
    response = client.get("/oauth/authorize", params=authorize_as_another_app)
    assert response.status_code == 400
    assert error(response)["field"] == "client_id"


def test_a_refresh_returns_the_same_tokens_while_more_than_an_hour_is_left(
    strava: LocalStrava, client: httpx.Client
) -> None:
    athlete = strava.add_athlete()
    tokens = connect(client, athlete, "activity:read")

    refreshed = refresh(client, tokens["refresh_token"]).json()

    assert refreshed["access_token"] == tokens["access_token"]
    assert refreshed["refresh_token"] == tokens["refresh_token"]
    assert strava.refreshes == {}


def test_a_refresh_near_expiry_issues_new_tokens_and_retires_the_old_refresh_token() -> None:
    with LocalStrava(token_ttl_s=600) as strava, http_client(strava) as http:
        athlete = strava.add_athlete()
        tokens = connect(http, athlete, "activity:read")

        refreshed = refresh(http, tokens["refresh_token"])
        reused = refresh(http, tokens["refresh_token"])

        assert refreshed.status_code == 200
        new = refreshed.json()
        assert new["access_token"] != tokens["access_token"]
        assert new["refresh_token"] != tokens["refresh_token"]
        assert new["expires_in"] == 600
        assert reused.status_code == 400
        assert error(reused)["field"] == "refresh_token"
        assert strava.refreshes == {athlete: 1}
        for old_and_new in (tokens, new):
            assert http.get("/api/v3/athlete", headers=bearer(old_and_new)).status_code == 200


def test_expired_and_revoked_tokens_are_refused(strava: LocalStrava, client: httpx.Client) -> None:
    first, second = strava.add_athlete(), strava.add_athlete()
    expiring, revoked = connect(client, first, "read"), connect(client, second, "read")

    strava.expire_tokens(first)
    strava.revoke(second)

    for tokens in (expiring, revoked):
        response = client.get("/api/v3/athlete", headers=bearer(tokens))
        assert response.status_code == 401
        assert response.json()["message"] == "Authorization Error"
        assert error(response) == {
            "resource": "Athlete",
            "field": "access_token",
            "code": "invalid",
        }
    assert refresh(client, revoked["refresh_token"]).status_code == 400
    assert strava.deauthorized(second)
    assert not strava.deauthorized(first)
    assert (
        refresh(client, expiring["refresh_token"]).json()["access_token"]
        != (expiring["access_token"])
    )


def test_the_app_can_deauthorize_an_athlete(strava: LocalStrava, client: httpx.Client) -> None:
    athlete = strava.add_athlete()
    tokens = connect(client, athlete, "read")

    response = client.post("/oauth/deauthorize", data={"access_token": tokens["access_token"]})

    assert response.json() == {"access_token": tokens["access_token"]}
    assert client.get("/api/v3/athlete", headers=bearer(tokens)).status_code == 401
    assert refresh(client, tokens["refresh_token"]).status_code == 400
    assert strava.deauthorized(athlete)
    assert client.post("/oauth/deauthorize", headers=bearer(tokens)).status_code == 401


# activities --------------------------------------------------------------------------------------


def test_the_activity_list_pages_newest_first_and_filters_by_start(
    strava: LocalStrava, client: httpx.Client
) -> None:
    athlete = strava.add_athlete()
    history = strava.add_activities(athlete, 7, sport_types=("Run", "Ride"))
    auth = bearer(connect(client, athlete, "activity:read"))

    pages = [
        client.get("/api/v3/athlete/activities", params={"page": p, "per_page": 3}, headers=auth)
        for p in (1, 2, 3, 4)
    ]

    listed = [activity for page in pages for activity in page.json()]
    assert [len(page.json()) for page in pages] == [3, 3, 1, 0]
    assert [activity["id"] for activity in listed] == [activity["id"] for activity in history]
    assert [activity["sport_type"] for activity in listed[:2]] == ["Run", "Ride"]
    first = listed[0]
    assert first["resource_state"] == 2
    assert "description" not in first
    assert "calories" not in first
    assert set(first["map"]) == {"id", "summary_polyline", "resource_state"}
    assert first["athlete"] == {"id": athlete, "resource_state": 1}
    window = {
        "before": _epoch(history[1]["start_date"]) + 1,
        "after": _epoch(history[4]["start_date"]),
    }
    between = client.get("/api/v3/athlete/activities", params=window, headers=auth).json()
    assert [a["id"] for a in between] == [a["id"] for a in history[1:4]]
    too_many = client.get("/api/v3/athlete/activities", params={"per_page": 201}, headers=auth)
    assert too_many.status_code == 400
    assert error(too_many)["field"] == "per_page"


def test_private_activities_need_activity_read_all(
    strava: LocalStrava, client: httpx.Client
) -> None:
    athlete = strava.add_athlete()
    public = strava.add_activity(athlete, name="Tempo")
    hidden = strava.add_activity(athlete, name="Secret", private=True)
    everything = bearer(connect(client, athlete, "activity:read_all"))
    public_only = bearer(connect(client, athlete, "activity:read"))

    def listed(auth: dict[str, str]) -> list[str]:
        response = client.get("/api/v3/athlete/activities", headers=auth)
        return [activity["name"] for activity in response.json()]

    assert sorted(listed(everything)) == ["Secret", "Tempo"]
    assert listed(public_only) == ["Tempo"]
    hidden_url = f"/api/v3/activities/{hidden['id']}"
    assert client.get(hidden_url, headers=everything).json()["visibility"] == "only_me"
    assert client.get(hidden_url, headers=public_only).status_code == 404
    assert client.get(f"/api/v3/activities/{public['id']}", headers=public_only).status_code == 200


def test_a_token_without_an_activity_scope_is_told_which_permission_is_missing(
    strava: LocalStrava, client: httpx.Client
) -> None:
    auth = bearer(connect(client, strava.add_athlete(), "read"))

    response = client.get("/api/v3/athlete/activities", headers=auth)

    assert response.status_code == 401
    assert error(response)["field"] == "activity:read_permission"


def test_an_activity_is_detailed_for_its_athlete_and_not_found_for_others(
    strava: LocalStrava, client: httpx.Client
) -> None:
    owner, other = strava.add_athlete(), strava.add_athlete()
    activity = strava.add_activity(owner, distance=21_097.5, moving_time=6_300)
    start = "2026-05-01T06:30:00Z"
    moved = strava.update_activity(activity["id"], start_date=start, notify=False)

    mine = client.get(
        f"/api/v3/activities/{activity['id']}",
        headers=bearer(connect(client, owner, "activity:read")),
    )
    theirs = client.get(
        f"/api/v3/activities/{activity['id']}",
        headers=bearer(connect(client, other, "activity:read_all")),
    )

    detail = mine.json()
    assert detail == moved
    assert detail["id"] > 2**33
    assert detail["resource_state"] == 3
    assert detail["average_speed"] == pytest.approx(21_097.5 / 6_300, abs=0.001)
    assert (detail["start_date"], detail["start_date_local"]) == (start, "2026-05-01T07:30:00Z")
    assert len(detail["splits_metric"]) == 22
    assert detail["map"]["polyline"]
    assert theirs.status_code == 404
    assert theirs.json() == {
        "message": "Resource Not Found",
        "errors": [{"resource": "Activity", "field": "id", "code": "not found"}],
    }


def test_the_app_creates_and_updates_activities_with_activity_write(
    strava: LocalStrava, client: httpx.Client
) -> None:
    athlete = strava.add_athlete()
    auth = bearer(connect(client, athlete, "activity:read,activity:write"))
    form = {
        "name": "Treadmill",
        "sport_type": "Run",
        "start_date_local": "2026-05-01T18:00:00Z",
        "elapsed_time": "1800",
        "distance": "5000",
        "trainer": "1",
    }

    created = client.post("/api/v3/activities", data=form, headers=auth)
    missing = client.post("/api/v3/activities", data={"name": "No time"}, headers=auth)

    assert created.status_code == 201
    activity = created.json()
    assert (activity["manual"], activity["trainer"], activity["distance"]) == (True, True, 5000.0)
    assert activity["start_date"] == "2026-05-01T17:00:00Z"
    assert strava.created_by_app == [activity]
    assert missing.status_code == 400
    assert error(missing)["code"] == "missing"
    update = {"name": "Easy treadmill", "sport_type": "VirtualRun", "type": "Ride"}
    updated = client.put(f"/api/v3/activities/{activity['id']}", json=update, headers=auth)
    assert (updated.json()["name"], updated.json()["type"]) == ("Easy treadmill", "VirtualRun")
    read_only = bearer(connect(client, athlete, "activity:read"))
    refused = client.post("/api/v3/activities", data=form, headers=read_only)
    assert error(refused)["field"] == "activity:write_permission"


# rate limits -------------------------------------------------------------------------------------


def test_creating_an_activity_counts_against_the_overall_limit_only(
    strava: LocalStrava, client: httpx.Client
) -> None:
    auth = bearer(connect(client, strava.add_athlete(), "activity:write"))
    form = {
        "name": "Gym",
        "type": "WeightTraining",
        "start_date_local": "2026-05-01T18:00:00",
        "elapsed_time": "3600",
    }

    response = client.post("/api/v3/activities", data=form, headers=auth)

    assert response.status_code == 201
    assert response.headers["X-RateLimit-Limit"] == "200,2000"
    assert response.headers["X-RateLimit-Usage"] == "1,1"
    assert response.headers["X-ReadRateLimit-Limit"] == "100,1000"
    assert response.headers["X-ReadRateLimit-Usage"] == "0,0"


def test_a_request_over_the_window_limit_is_refused_and_counted_until_the_next_window() -> None:
    limits = RateLimits(overall=(5, 100), read=(3, 50), window_s=2)
    with LocalStrava(limits=limits) as strava, http_client(strava) as client:
        athlete = strava.add_athlete()
        auth = bearer(connect(client, athlete, "activity:read,activity:write"))
        form = {"name": "Row", "sport_type": "Rowing", "start_date_local": "2026-05-01T07:00:00"}
        form |= {"elapsed_time": "1200"}
        _wait_for_window(2, at_least_s=1.0)

        reads = [client.get("/api/v3/athlete", headers=auth) for _ in range(4)]
        create = client.post("/api/v3/activities", data=form, headers=auth)
        over = client.post("/api/v3/activities", data=form, headers=auth)
        _wait_for_window(2, at_least_s=2.0)
        later = client.get("/api/v3/athlete", headers=auth)

        assert [response.status_code for response in reads] == [200, 200, 200, 429]
        assert reads[3].json() == {
            "message": "Rate Limit Exceeded",
            "errors": [{"resource": "Application", "field": "rate limit", "code": "exceeded"}],
        }
        assert reads[3].headers["X-ReadRateLimit-Usage"] == "4,4"
        assert reads[3].headers["X-RateLimit-Limit"] == "5,100"
        assert create.status_code == 201
        assert over.status_code == 429
        assert over.headers["X-RateLimit-Usage"] == "6,6"
        assert strava.too_many() == 2
        assert later.status_code == 200
        assert later.headers["X-RateLimit-Usage"] == "1,7"
        assert later.headers["X-ReadRateLimit-Usage"] == "1,5"
        metered = [entry for entry in strava.requests if entry.path.startswith("/api/v3/")]
        assert [entry.counted_in_window for entry in metered] == [1, 2, 3, 4, 5, 6, 1]
        assert {entry.athlete_id for entry in metered} == {athlete}
        assert metered[-1].window_start == metered[0].window_start + 2


# webhooks ----------------------------------------------------------------------------------------


def test_a_subscription_is_made_once_the_callback_echoes_the_challenge(
    strava: LocalStrava, client: httpx.Client
) -> None:
    with Receiver() as receiver:
        created = subscribe(client, receiver.url)
        again = subscribe(client, receiver.url)
        listed = client.get("/api/v3/push_subscriptions", params=APP).json()

    assert created.status_code == 201
    subscription_id = created.json()["id"]
    assert receiver.challenges[0]["hub.mode"] == ["subscribe"]
    assert receiver.challenges[0]["hub.verify_token"] == ["STRAVA"]
    assert again.status_code == 400
    assert error(again)["code"] == "already exists"
    assert [(s["id"], s["callback_url"]) for s in listed] == [(subscription_id, receiver.url)]
    deleted = client.delete(f"/api/v3/push_subscriptions/{subscription_id}", params=APP)
    assert deleted.status_code == 204
    assert client.get("/api/v3/push_subscriptions", params=APP).json() == []


def test_a_subscription_is_refused_when_the_callback_echoes_wrongly(
    strava: LocalStrava, client: httpx.Client
) -> None:
    with Receiver(echo=False) as receiver:
        response = subscribe(client, receiver.url)

    assert response.status_code == 400
    assert error(response) == {
        "resource": "PushSubscription",
        "field": "callback url",
        "code": "not verifiable",
    }
    assert strava.subscription is None


def test_an_event_is_retried_until_the_callback_answers_200(
    strava: LocalStrava, client: httpx.Client
) -> None:
    athlete = strava.add_athlete()
    connect(client, athlete, "activity:read")
    with Receiver(answers=[500, 503]) as receiver:
        subscription_id = subscribe(client, receiver.url).json()["id"]

        activity = strava.add_activity(athlete)
        strava.wait_for_deliveries(3)

    assert [(d.attempt, d.status) for d in strava.deliveries] == [(1, 500), (2, 503), (3, 200)]
    assert receiver.events == [strava.deliveries[0].event] * 3
    event = receiver.events[0]
    assert event == {
        "aspect_type": "create",
        "event_time": event["event_time"],
        "object_id": activity["id"],
        "object_type": "activity",
        "owner_id": athlete,
        "subscription_id": subscription_id,
        "updates": {},
    }
    assert event["event_time"] == pytest.approx(time.time(), abs=5)


def test_updates_deletes_and_revocations_are_announced_as_strava_does(
    strava: LocalStrava, client: httpx.Client
) -> None:
    full, partial = strava.add_athlete(), strava.add_athlete()
    connect(client, full, "activity:read_all")
    connect(client, partial, "activity:read")
    with Receiver() as receiver:
        subscribe(client, receiver.url)
        run = strava.add_activity(full, notify=False)
        walk = strava.add_activity(partial, notify=False, sport_type="Walk")

        strava.update_activity(run["id"], name="Long run", private=True)
        strava.update_activity(run["id"], sport_type="TrailRun")
        strava.update_activity(walk["id"], private=True)
        strava.delete_activity(run["id"])
        strava.revoke(partial)
        strava.wait_for_deliveries(5)

    seen = [(e["aspect_type"], e["object_id"], e["updates"]) for e in receiver.events]
    assert seen == [
        ("update", run["id"], {"title": "Long run", "private": "true"}),
        ("update", run["id"], {"type": "Run"}),
        ("delete", walk["id"], {}),
        ("delete", run["id"], {}),
        ("update", partial, {"authorized": "false"}),
    ]
    assert receiver.events[-1]["object_type"] == "athlete"
    assert receiver.events[-1]["owner_id"] == partial


def test_a_raw_event_can_be_sent_again_and_again(strava: LocalStrava, client: httpx.Client) -> None:
    with Receiver(answers=[500]) as receiver:
        subscription_id = subscribe(client, receiver.url).json()["id"]
        event = {
            "aspect_type": "update",
            "event_time": 1516126040,
            "object_id": 1360128428,
            "object_type": "activity",
            "owner_id": 134815,
            "subscription_id": subscription_id,
            "updates": {"title": "Messy"},
        }

        statuses = strava.send_event(event, times=3)

    assert statuses == [500, 200, 200]
    assert receiver.events == [event] * 3


# control endpoints -------------------------------------------------------------------------------


def test_a_demo_can_drive_the_athletes_side_over_http(
    strava: LocalStrava, client: httpx.Client
) -> None:
    athlete = client.post("/_local/athletes", json={"firstname": "Demo"}).json()["id"]
    added = client.post(f"/_local/athletes/{athlete}/activities", json={"name": "Demo run"})
    activity = added.json()["id"]

    renamed = client.put(f"/_local/activities/{activity}", json={"name": "Demo tempo"})

    assert renamed.json()["name"] == "Demo tempo"
    assert strava.athlete(athlete)["firstname"] == "Demo"
    assert client.delete(f"/_local/activities/{activity}").status_code == 204
    assert strava.activities_of(athlete) == []
    assert client.post(f"/_local/athletes/{athlete}/revoke").status_code == 204
    assert strava.deauthorized(athlete)
    assert client.delete(f"/_local/activities/{activity}").status_code == 404
    stats = client.get("/_local/stats").json()
    assert stats == {"requests": 0, "too_many": 0, "refreshes": {}, "deliveries": 0}


def _epoch(iso_time: str) -> int:
    return int(datetime.fromisoformat(iso_time.replace("Z", "+00:00")).timestamp())


def _wait_for_window(window_s: int, *, at_least_s: float) -> None:
    """Waits, if need be, for a rate-limit window with at least `at_least_s` left."""
    left = window_s - time.time() % window_s
    if left < at_least_s:
        time.sleep(left + 0.02)

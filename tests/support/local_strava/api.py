"""The local Strava's HTTP surface: OAuth (`/oauth/...`), the parts of API v3 Pacer uses
(`/api/v3/...`), and, wrapped around them, Strava's rate limiting with its headers and a log of
every request. Errors are Strava's Fault bodies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, TypeVar

import httpx
from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tests.support.local_strava.control import control_router
from tests.support.local_strava.faults import (
    StravaError,
    bad_request,
    missing_permission,
    rate_limited,
    unauthorized,
)
from tests.support.local_strava.model import Strava
from tests.support.local_strava.shapes import UTC_OFFSET_S, Json, epoch, summary
from tests.support.local_strava.tokens import AccessToken
from tests.support.local_strava.webhooks import verify_callback

API = "/api/v3"
CONTROL = "/_local"
MAX_PER_PAGE = 200
MAX_CALLBACK_URL = 255
UPDATABLE = ("name", "sport_type", "type", "description", "commute", "trainer", "hide_from_home")

T = TypeVar("T")


def build_app(strava: Strava) -> ASGIApp:
    # Its OpenAPI document is how the local supervisor sees it is up (as for any Pacer API).
    app = FastAPI(title="Local Strava", docs_url=None, redoc_url=None)
    app.state.strava = strava
    app.add_exception_handler(StravaError, _fault_handler)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.include_router(_oauth(strava))
    app.include_router(_subscriptions(strava), prefix=API)
    app.include_router(_athlete_api(strava), prefix=API)
    app.include_router(control_router(strava), prefix=CONTROL)
    return _Metering(app, strava)


class _Metering:
    """Counts every API request in Strava's rate-limit buckets (answering 429 past a limit, and
    the limit headers always) and logs every request but the control endpoints'."""

    def __init__(self, app: ASGIApp, strava: Strava) -> None:
        self.app = app
        self.strava = strava

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(CONTROL):
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        token = _bearer(Headers(scope=scope))
        charge = None
        if _metered(path):
            upload = method == "POST" and path.rstrip("/") == f"{API}/activities"
            charge = self.strava.charge(read=not upload)

        async def send_logged(message: Message) -> None:
            if message["type"] == "http.response.start":
                if charge is not None:
                    MutableHeaders(scope=message).update(charge.headers)
                self.strava.log(method, path, message["status"], token, charge)
            await send(message)

        if charge is not None and not charge.allowed:
            await _fault_response(rate_limited())(scope, receive, send_logged)
        else:
            await self.app(scope, receive, send_logged)


def _metered(path: str) -> bool:
    unmetered = (f"{API}/oauth/", f"{API}/push_subscriptions")
    return path.startswith(f"{API}/") and not path.startswith(unmetered)


def _oauth(strava: Strava) -> APIRouter:
    router = APIRouter()

    @router.get("/oauth/authorize")
    async def authorize(request: Request) -> RedirectResponse:
        query = request.query_params
        if query.get("client_id") != str(strava.client_id):
            raise bad_request("Application", "client_id")
        if query.get("response_type") != "code":
            raise bad_request("Application", "response_type")
        redirect_uri = query.get("redirect_uri") or ""
        if not redirect_uri.startswith(("http://", "https://")):
            raise bad_request("Application", "redirect_uri")
        state = {"state": query["state"]} if "state" in query else {}
        try:
            athlete_id = int(query.get("athlete_id") or strava.first_athlete())
            authorized = strava.authorize(athlete_id, query.get("scope"))
        except (KeyError, ValueError):
            raise bad_request("Athlete", "athlete_id") from None
        if authorized is None:
            params = {"error": "access_denied"} | state
        else:
            params = state | {"code": authorized[0], "scope": authorized[1]}
        target = httpx.URL(redirect_uri).copy_merge_params(params)
        return RedirectResponse(str(target), status_code=302)

    @router.post("/oauth/token")
    @router.post(f"{API}/oauth/token")
    async def token(request: Request) -> Json:
        params = await _params(request)
        _check_app(strava, params)
        grant_type = params.get("grant_type")
        if grant_type == "authorization_code":
            return strava.exchange_code(params.get("code", ""))
        if grant_type == "refresh_token":
            return strava.refresh(params.get("refresh_token", ""))
        raise bad_request("Application", "grant_type")

    @router.post("/oauth/deauthorize")
    @router.post(f"{API}/oauth/deauthorize")
    async def deauthorize(request: Request) -> Json:
        params = await _params(request)
        token = strava.authenticate(params.get("access_token") or _bearer(request.headers))
        strava.deauthorize(token)
        return {"access_token": token.value}

    return router


def _subscriptions(strava: Strava) -> APIRouter:
    """The app's webhook subscription, authenticated by client id and secret."""
    router = APIRouter(prefix="/push_subscriptions")

    @router.post("", status_code=201)
    async def subscribe(request: Request) -> Json:
        params = await _params(request)
        _check_app(strava, params)
        callback_url, verify_token = params.get("callback_url"), params.get("verify_token")
        if not callback_url or len(callback_url) > MAX_CALLBACK_URL:
            raise bad_request("PushSubscription", "callback_url")
        if verify_token is None:
            raise bad_request("PushSubscription", "verify_token", "missing")
        if strava.subscription is not None:
            raise bad_request("PushSubscription", "", "already exists")
        if not await run_in_threadpool(verify_callback, callback_url, verify_token):
            raise bad_request("PushSubscription", "callback url", "not verifiable")
        subscription = strava.subscribe(callback_url)
        if subscription is None:
            raise bad_request("PushSubscription", "", "already exists")
        return {"id": subscription.id}

    @router.get("")
    async def subscriptions(request: Request) -> list[Json]:
        _check_app(strava, await _params(request))
        subscription = strava.subscription
        return [] if subscription is None else [subscription.as_json(strava.client_id)]

    @router.delete("/{subscription_id}", status_code=204)
    async def unsubscribe(subscription_id: int, request: Request) -> Response:
        _check_app(strava, await _params(request))
        if not strava.unsubscribe(subscription_id):
            raise StravaError(404, "Resource Not Found", "PushSubscription", "id", "not found")
        return Response(status_code=204)

    return router


def _authenticated(request: Request) -> AccessToken:
    strava: Strava = request.app.state.strava
    return strava.authenticate(_bearer(request.headers))


Token = Annotated[AccessToken, Depends(_authenticated)]


def _athlete_api(strava: Strava) -> APIRouter:
    """What an athlete's access token reaches."""
    router = APIRouter()

    @router.get("/athlete")
    async def athlete(token: Token) -> Json:
        return strava.athlete(token.athlete_id, detailed=True)

    @router.get("/athlete/activities")
    async def activities(
        token: Token,
        before: int | None = None,
        after: int | None = None,
        page: int = 1,
        per_page: int = 30,
    ) -> list[Json]:
        _require(token, "activity:read", "activity:read_all")
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise bad_request("Activity", "per_page")
        if page < 1:
            raise bad_request("Activity", "page")
        read_all = "activity:read_all" in token.scopes
        shown = [
            activity
            for activity in strava.activities_of(token.athlete_id)
            if (read_all or not activity["private"])
            and (before is None or epoch(activity["start_date"]) < before)
            and (after is None or epoch(activity["start_date"]) > after)
        ]
        return [summary(activity) for activity in shown[(page - 1) * per_page :][:per_page]]

    @router.get("/activities/{activity_id}")
    async def activity(activity_id: int, token: Token) -> Json:
        _require(token, "activity:read", "activity:read_all")
        return strava.readable_activity(token, activity_id)

    @router.post("/activities", status_code=201)
    async def create_activity(request: Request, token: Token) -> Json:
        _require(token, "activity:write")
        fields = _manual_activity(await _params(request))
        return strava.create_by_app(token.athlete_id, fields)

    @router.put("/activities/{activity_id}")
    async def update_activity(activity_id: int, request: Request, token: Token) -> Json:
        _require(token, "activity:write")
        strava.readable_activity(token, activity_id)
        try:
            body = await request.json()
        except ValueError:
            body = None
        return strava.update_activity(activity_id, **_updatable(body))

    return router


def _manual_activity(form: dict[str, str]) -> Json:
    """The fields of a manual activity from `POST /activities`'s form."""
    sport_type = form.get("sport_type") or form.get("type")
    for field, value in (
        ("name", form.get("name")),
        ("sport_type", sport_type),
        ("start_date_local", form.get("start_date_local")),
        ("elapsed_time", form.get("elapsed_time")),
    ):
        if not value:
            raise bad_request("Activity", field, "missing")
    local = _parsed(form, "start_date_local", lambda v: datetime.fromisoformat(v.replace("Z", "")))
    elapsed = _parsed(form, "elapsed_time", int)
    return {
        "name": form["name"],
        "sport_type": sport_type,
        "start_date": local.replace(tzinfo=None) - timedelta(seconds=UTC_OFFSET_S),
        "elapsed_time": elapsed,
        "moving_time": elapsed,
        "distance": _parsed(form, "distance", float) if form.get("distance") else 0.0,
        "description": form.get("description", ""),
        "trainer": form.get("trainer") in ("1", "true"),
        "commute": form.get("commute") in ("1", "true"),
    }


def _parsed(form: dict[str, str], field: str, parse: Callable[[str], T]) -> T:
    try:
        return parse(form[field])
    except ValueError:
        raise bad_request("Activity", field) from None


def _updatable(body: object) -> Json:
    """The changes an UpdatableActivity body asks for (`type` yields to `sport_type`; gear
    `"none"` clears it)."""
    if not isinstance(body, dict):
        raise bad_request("Activity", "body")
    changes = {key: body[key] for key in UPDATABLE if key in body}
    if "sport_type" in changes:
        changes.pop("type", None)
    if "gear_id" in body:
        changes["gear_id"] = None if body["gear_id"] in ("none", None) else body["gear_id"]
    return changes


def _require(token: AccessToken, *any_of: str) -> None:
    if not token.scopes & set(any_of):
        raise missing_permission(any_of[0])


def _check_app(strava: Strava, params: dict[str, str]) -> None:
    if params.get("client_id") != str(strava.client_id):
        raise unauthorized("Application", "client_id")
    if params.get("client_secret") != strava.client_secret:
        raise unauthorized("Application", "client_secret")


async def _params(request: Request) -> dict[str, str]:
    """Query and form parameters together, as Strava takes either."""
    params = dict(request.query_params)
    async with request.form() as form:
        params.update((key, value) for key, value in form.items() if isinstance(value, str))
    return params


def _bearer(headers: Headers) -> str | None:
    scheme, _, value = headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _fault_response(fault: StravaError) -> JSONResponse:
    return JSONResponse(fault.body(), status_code=fault.status)


async def _fault_handler(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StravaError)
    return _fault_response(error)


async def _invalid_request(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    where = error.errors()[0]["loc"] if error.errors() else ("request",)
    return _fault_response(bad_request("Application", str(where[-1])))


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if error.status_code == 404:
        return _fault_response(StravaError(404, "Record Not Found", "resource", "path", "invalid"))
    return JSONResponse({"message": error.detail, "errors": []}, status_code=error.status_code)

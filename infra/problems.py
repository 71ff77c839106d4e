"""RFC 9457 problem details: the one place where typed errors become HTTP responses, and where
every operation's problem responses are declared in the OpenAPI document.

Declarations follow the code, not a list kept by hand: a dependency states the problems it can
raise (`@raises(401)`), and `declare_problems` gives each route those of its dependencies, `422`
when it takes parameters or a body, `413` when it takes a body, and what the route itself names
with `problems(404, 409)`. A new route is documented by what it uses.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://pacer.dev/problems/"
F = TypeVar("F", bound=Callable[..., Any])

DESCRIPTIONS = {
    400: "Malformed request: a body that cannot be parsed, or a cursor, token or key not "
    "issued by Pacer",
    401: "Missing, invalid, expired or revoked access token, or wrong credentials",
    403: "Not allowed for this caller",
    404: "Not found (or not yours)",
    409: "Conflict with the current state",
    413: "Request body larger than this operation accepts",
    422: "Invalid input: see `errors`",
    429: "Too many requests: retry after `Retry-After` seconds",
    503: "Not available yet: retry after `Retry-After` seconds",
}


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = Field(default="about:blank", description="URI identifying the problem type.")
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="Per-field validation errors, when the input was invalid."
    )


class ProblemError(Exception):
    """An error that knows its HTTP status and problem type; raised by guards, mapped here."""

    status: int = 400
    problem_type: str = "bad-request"
    title: str = "Bad request"

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}


class TooManyRequestsError(ProblemError):
    status = 429
    problem_type = "too-many-requests"
    title = "Too many requests"

    def __init__(self, detail: str, retry_after_s: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after_s))})


def problem_response(
    status: int,
    title: str,
    *,
    problem_type: str | None = None,
    detail: str | None = None,
    request: Request | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        type=TYPE_BASE + problem_type if problem_type else "about:blank",
        title=title,
        status=status,
        detail=detail,
        instance=str(request.url.path) if request else None,
        errors=errors,
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def on_problem(request: Request, error: ProblemError) -> JSONResponse:
        return problem_response(
            error.status,
            error.title,
            problem_type=error.problem_type,
            detail=error.detail,
            request=request,
            headers=error.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(item.get("loc", ())), "msg": item.get("msg"), "type": item.get("type")}
            for item in error.errors()
        ]
        return problem_response(
            422,
            "Invalid request",
            problem_type="validation",
            detail="The request does not match the schema; see `errors`.",
            request=request,
            errors=errors,
        )

    @app.exception_handler(Exception)
    async def on_unexpected(request: Request, error: Exception) -> JSONResponse:
        log.error(
            "unexpected %s on %s %s",
            type(error).__name__,
            request.method,
            request.url.path,
            exc_info=error,
        )
        return problem_response(
            500,
            "Internal server error",
            detail="The request failed on our side and was logged. A command may or may not "
            "have been recorded: retrying it with the same Idempotency-Key is safe.",
            request=request,
        )

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        headers = dict(error.headers or {})
        if error.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return problem_response(
            error.status_code,
            HTTPStatus(error.status_code).phrase,
            detail=str(error.detail) if error.detail else None,
            request=request,
            headers=headers,
        )


def allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    path = request.scope["path"]
    for context in iter_route_contexts(request.app.routes):
        regex = getattr(context, "path_regex", None)
        if context.methods and regex is not None and regex.match(path):
            methods |= context.methods
    return sorted(methods)


def raises(*statuses: int) -> Callable[[F], F]:
    """Mark a dependency with the problems it can raise; routes that use it declare them."""

    def mark(dependency: F) -> F:
        dependency.__problems__ = frozenset(statuses)  # type: ignore[attr-defined]
        return dependency

    return mark


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` of a route: the problems its handler raises itself (404, 409, …)."""
    return {status: _declaration(status) for status in statuses}


def declare_problems(app: FastAPI) -> None:
    """Declare on every operation of `app`'s OpenAPI document the problems it can answer with
    (see the module's docstring), as `application/problem+json` documents."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = (
                Problem.model_json_schema(ref_template="#/components/schemas/{model}")
            )
            for context in iter_route_contexts(app.routes):
                if isinstance(context.original_route, APIRoute) and context.include_in_schema:
                    operations = document["paths"][context.path_format]
                    for method in context.methods or ():
                        _declare(operations[method.lower()], _statuses(context))
            _drop_unused_schemas(document, ("HTTPValidationError", "ValidationError"))
            _parameters_are_never_null(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign] # FastAPI's documented extension point


def _parameters_are_never_null(document: dict[str, Any]) -> None:
    """An optional query or header parameter is absent or a value: HTTP has no null, so the
    `anyOf: [value, null]` pydantic writes for `str | None` would invite clients to send "null"."""
    for operation in (op for path in document["paths"].values() for op in path.values()):
        for parameter in operation.get("parameters", []):
            schema = parameter.get("schema", {})
            variants = [v for v in schema.get("anyOf", []) if v != {"type": "null"}]
            if len(variants) == 1 and len(schema["anyOf"]) == 2:
                rest = {key: value for key, value in schema.items() if key != "anyOf"}
                parameter["schema"] = {**variants[0], **rest}


def _drop_unused_schemas(document: dict[str, Any], names: Iterable[str]) -> None:
    schemas = document["components"]["schemas"]
    for name in names:
        rest = {key: value for key, value in schemas.items() if key != name}
        text = json.dumps({**document, "components": {**document["components"], "schemas": rest}})
        if f'"#/components/schemas/{name}"' not in text:
            schemas.pop(name, None)


def _statuses(context: Any) -> set[int]:
    statuses = set(_raised_by(context.dependant))
    if context.body_field is not None:
        statuses |= {400, 413, 422}
    if _has_parameters(context.dependant):
        statuses.add(422)
    return statuses


def _declare(operation: dict[str, Any], statuses: set[int]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for status in statuses:
        # FastAPI's own 422 (HTTPValidationError) is not what Pacer answers: a problem is.
        if status == 422 or str(status) not in responses:
            responses[str(status)] = _declaration(status)
    operation["responses"] = dict(sorted(responses.items()))


def _declaration(status: int) -> dict[str, Any]:
    return {
        "description": DESCRIPTIONS.get(status, HTTPStatus(status).phrase),
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _raised_by(dependant: Dependant) -> Iterable[int]:
    yield from getattr(dependant.call, "__problems__", ())
    for dependency in dependant.dependencies:
        yield from _raised_by(dependency)


def _has_parameters(dependant: Dependant) -> bool:
    if dependant.query_params or dependant.header_params or dependant.path_params:
        return True
    if dependant.cookie_params or dependant.body_params:
        return True
    return any(_has_parameters(dependency) for dependency in dependant.dependencies)

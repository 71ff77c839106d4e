"""RFC 9457 problem details, and the one place where typed errors become HTTP responses."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://pacer.dev/problems/"


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
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem_response(
            500,
            "Internal server error",
            detail="Something went wrong on our side; nothing you sent was lost.",
            request=request,
        )

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        return problem_response(
            error.status_code,
            HTTPStatus(error.status_code).phrase,
            detail=str(error.detail) if error.detail else None,
            request=request,
            headers=dict(error.headers or {}),
        )


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": description}
    for status, description in {
        401: "Missing or invalid access token",
        404: "Not found (or not yours)",
        409: "Conflict with the current state",
        422: "Invalid input",
    }.items()
}

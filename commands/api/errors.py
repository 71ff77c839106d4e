"""Write-side errors as RFC 9457 problems."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from commands.errors import (
    AuthenticationError,
    CommandError,
    ConcurrencyError,
    ConflictError,
    NotFoundError,
)
from infra.problems import problem_response

_AS_PROBLEM: dict[type[CommandError], tuple[int, str, str]] = {
    NotFoundError: (404, "not-found", "Not found"),
    ConcurrencyError: (409, "concurrent-modification", "Concurrent modification"),
    ConflictError: (409, "conflict", "Conflict"),
    AuthenticationError: (401, "unauthenticated", "Not authenticated"),
}


def install_command_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(CommandError)
    async def on_command_error(request: Request, error: CommandError) -> JSONResponse:
        status, problem_type, title = next(
            mapping for kind, mapping in _AS_PROBLEM.items() if isinstance(error, kind)
        )
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return problem_response(
            status,
            title,
            problem_type=problem_type,
            detail=str(error),
            request=request,
            headers=headers,
        )

"""The two APIs as the MCP server calls them: with the caller's bearer token, and their
problems (RFC 9457) turned into tool errors an assistant can read and act on."""

from __future__ import annotations

from typing import Any

import httpx
from mcp.server.mcpserver.exceptions import ToolError

TIMEOUT_S = 15.0


class PacerApis:
    def __init__(self, command_api: str, query_api: str) -> None:
        limits = httpx.Limits(max_connections=50, max_keepalive_connections=20)
        self.command = httpx.AsyncClient(base_url=command_api, timeout=TIMEOUT_S, limits=limits)
        self.query = httpx.AsyncClient(base_url=query_api, timeout=TIMEOUT_S, limits=limits)

    async def close(self) -> None:
        await self.command.aclose()
        await self.query.aclose()

    async def read(
        self, token: str, path: str, params: dict[str, Any] | None = None, *,
        consistency_token: str | None = None,
    ) -> Any:  # fmt: skip
        headers = _auth(token)
        if consistency_token:
            headers["X-Consistency-Token"] = consistency_token
        answer = await self.query.get(path, params=params, headers=headers)
        return _body(answer)

    async def send(
        self, token: str, path: str, body: dict[str, Any], idempotency_key: str | None = None
    ) -> Any:
        headers = _auth(token)
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        return _body(await self.command.post(path, json=body, headers=headers))


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _body(answer: httpx.Response) -> Any:
    if answer.status_code < 400:
        return answer.json() if answer.content else None
    try:
        problem = answer.json()
    except ValueError:
        problem = {}
    detail = problem.get("detail") or problem.get("title") or answer.reason_phrase
    fields = "; ".join(
        f"{'.'.join(str(part) for part in error.get('loc', [])[1:])}: {error.get('msg', '')}"
        for error in problem.get("errors", [])
        if isinstance(error, dict)
    )
    raise ToolError(f"{answer.status_code} {detail}" + (f" ({fields})" if fields else ""))

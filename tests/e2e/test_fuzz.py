"""Schemathesis over every operation of both APIs, as an outside tester would run it: against
the running processes, signed in, with every check (no 5xx, answers that conform to the schema,
documented status codes and content types, schema-valid input accepted and invalid input
refused, 405s that list the allowed methods, auth that cannot be skipped, links followed
statefully). Routes added later are fuzzed without touching this test.

Bounded: `PACER_FUZZ_EXAMPLES` cases per operation and phase (25 by default), the same ones on
every run unless `PACER_FUZZ_SEED` says otherwise. `tests/fuzz/hooks.py` lists the refusals no
schema can state (a weak password, a future start time) that the acceptance check may not count.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from infra.settings import Settings

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
PROJECT_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = os.environ.get("PACER_FUZZ_EXAMPLES", "25")
SEED = os.environ.get("PACER_FUZZ_SEED", "20261202")


def signed_in(command_api: str) -> str:
    """An access token of a new athlete, obtained the way any client gets one."""
    email = f"fuzz-{uuid.uuid4().hex[:10]}@example.com"
    password = "correct horse battery staple"
    with httpx.Client(base_url=command_api, timeout=30) as client:
        registered = client.post(
            "/auth/register", json={"email": email, "password": password, "display_name": "F"}
        )
        assert registered.status_code == 201, registered.text
        tokens = client.post("/auth/token", data={"username": email, "password": password})
        assert tokens.status_code == 200, tokens.text
        return str(tokens.json()["access_token"])


@pytest.mark.timeout(600)  # a few thousand cases per API on two cores; the run is bounded itself
@pytest.mark.parametrize("api", ["command", "query"])
def test_every_operation_survives_schemathesis(
    api: str, running: Settings, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    command_api = f"http://127.0.0.1:{running.command_api_port}"
    port = running.command_api_port if api == "command" else running.query_api_port
    token = signed_in(command_api)
    report = tmp_path / "report.ndjson"
    run = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run",
         f"http://127.0.0.1:{port}/openapi.json",
         "--header", f"Authorization: Bearer {token}",
         "--checks", "all",
         "--max-examples", EXAMPLES,
         "--seed", SEED,
         "--workers", "1",
         "--report", "ndjson", "--report-ndjson-path", str(report)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "SCHEMATHESIS_HOOKS": "tests.fuzz.hooks", "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )  # fmt: skip
    cases = _cases(report)
    record_property("schemathesis_cases", cases)
    print(f"schemathesis, {api} API: {cases} cases")
    assert run.returncode == 0, run.stdout[-20_000:] + run.stderr[-5_000:]
    assert cases > 100, "the fuzzer barely ran: see its output"


def _cases(report: Path) -> int:
    """Test cases the run sent, from its NDJSON event stream."""
    total = 0
    for line in report.read_text().splitlines():
        event = json.loads(line)
        for payload in event.values():
            if isinstance(payload, dict) and isinstance(payload.get("recorder"), dict):
                total += len(payload["recorder"].get("cases", {}))
    return total

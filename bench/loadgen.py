"""Real load generators for the benchmarks, installed by the benchmarks themselves (nothing by
hand): `vegeta` from the Go module proxy for open loop at a fixed rate (latency without
coordinated omission: each request leaves at its scheduled moment, whatever came back), and
`wrk` from Debian's packages for closed-loop maximum throughput. Both are native programs, so the
generator takes a small share of the two cores the measured processes need.

Tools land in `.cache/bench-tools/` (vegeta built once with the machine's Go).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".cache" / "bench-tools"
VEGETA_MODULE = "github.com/tsenart/vegeta/v12@v12.13.0"


class ToolUnavailableError(RuntimeError):
    """A load generator could not be installed on this machine."""


def vegeta() -> Path:
    binary = TOOLS / "vegeta"
    if not binary.exists():
        go = shutil.which("go") or "/usr/local/go/bin/go"
        if not Path(go).exists():
            raise ToolUnavailableError("vegeta needs Go to build it (the Go module proxy)")
        TOOLS.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "GOBIN": str(TOOLS), "CGO_ENABLED": "0"}
        subprocess.run([go, "install", VEGETA_MODULE], env=env, check=True)
    return binary


def wrk() -> Path:
    found = shutil.which("wrk")
    if found is None:
        apt = ["apt-get", "-q", "-y", "install", "wrk"]
        prefix = [] if os.geteuid() == 0 else ["sudo"]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if subprocess.run(prefix + apt, env=env, capture_output=True).returncode != 0:
            subprocess.run(prefix + ["apt-get", "-q", "update"], env=env, capture_output=True)
            subprocess.run(prefix + apt, env=env, check=True, capture_output=True)
        found = shutil.which("wrk")
    if found is None:
        raise ToolUnavailableError("wrk is not installed and apt-get could not install it")
    return Path(found)


@dataclass(frozen=True)
class Target:
    """One request of an open-loop attack."""

    method: str
    url: str
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def line(self) -> str:
        target: dict[str, Any] = {
            "method": self.method,
            "url": self.url,
            "header": {name: [value] for name, value in self.headers.items()},
        }
        if self.body is not None:
            target["body"] = base64.b64encode(self.body).decode()
        return json.dumps(target)


def json_target(url: str, body: object, headers: Mapping[str, str] | None = None) -> Target:
    return Target(
        "POST",
        url,
        json.dumps(body).encode(),
        {"Content-Type": "application/json", **(headers or {})},
    )


@dataclass(frozen=True)
class Result:
    """One request as vegeta saw it: when it left (ns since the epoch), how long it took, what
    came back."""

    started_ns: int
    latency_ns: int
    status: int
    body: bytes

    @property
    def answered_ns(self) -> int:
        return self.started_ns + self.latency_ns


@dataclass(frozen=True)
class OpenLoop:
    rate: float
    seconds: float
    results: list[Result]

    @property
    def ok(self) -> list[Result]:
        return [result for result in self.results if 200 <= result.status < 300]

    @property
    def failed(self) -> int:
        return len(self.results) - len(self.ok)

    def latency_ms(self, quantile: float) -> float:
        """Over every request, failures included (a refused request is not a fast one)."""
        return _quantile([r.latency_ns / 1e6 for r in self.results], quantile)

    @property
    def achieved_rate(self) -> float:
        if len(self.results) < 2:
            return 0.0
        first = min(r.started_ns for r in self.results)
        last = max(r.answered_ns for r in self.results)
        return len(self.ok) / ((last - first) / 1e9)


def open_loop(
    targets: Iterable[Target], rate: float, seconds: float, timeout_s: float = 30
) -> OpenLoop:
    """Send `targets` (in turn, round again if fewer than rate * seconds) at `rate` per second
    for `seconds`, with as many connections as the rate needs; every result, bodies included."""
    binary = vegeta()
    with tempfile.TemporaryDirectory(prefix="pacer-vegeta-") as folder:
        path = Path(folder) / "targets.json"
        path.write_text("\n".join(target.line() for target in targets) + "\n")
        attack = subprocess.run(
            [str(binary), "attack", "-format=json", f"-targets={path}", f"-rate={rate:g}/1s",
             f"-duration={seconds:g}s", f"-timeout={timeout_s:g}s", "-max-body=65536"],
            capture_output=True, check=True,
        )  # fmt: skip
        encoded = subprocess.run(
            [str(binary), "encode", "-to=json"], input=attack.stdout, capture_output=True,
            check=True,
        )  # fmt: skip
    results = []
    for line in encoded.stdout.decode().splitlines():
        raw = json.loads(line)
        results.append(
            Result(
                started_ns=_epoch_ns(raw["timestamp"]),
                latency_ns=int(raw["latency"]),
                status=int(raw["code"]),
                body=base64.b64decode(raw.get("body") or b""),
            )
        )
    return OpenLoop(rate, seconds, results)


def _epoch_ns(stamp: str) -> int:
    """vegeta's RFC 3339 timestamp with nanoseconds, as nanoseconds since the epoch."""
    whole, _, rest = stamp.partition(".")
    digits = "".join(c for c in rest if c.isdigit())
    zone = rest[len(digits) :] or "Z"
    moment = datetime.fromisoformat(whole + ("+00:00" if zone == "Z" else zone))
    return int(moment.timestamp()) * 1_000_000_000 + int((digits or "0").ljust(9, "0")[:9])


@dataclass(frozen=True)
class ClosedLoop:
    requests: int
    seconds: float
    non_2xx: int
    errors: int
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return (self.requests - self.non_2xx - self.errors) / self.seconds


# wrk's Lua: every thread numbers its requests apart (thread i sends i, i + threads, …) so a
# body template's {n} is unique across the run; `done` prints the summary as one JSON line.
_WRK_SCRIPT = """
local threads, counter = {}, 0
function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end
local n, step
function init(args)
  n = id
  step = tonumber(args[1])
  wrk.method = %s
end
local template = %s
local headers = %s
function request()
  n = n + step
  if template == nil then
    return wrk.format(nil, nil, headers, nil)
  end
  local body = string.gsub(template, "{n}", tostring(n))
  return wrk.format(nil, nil, headers, body)
end
function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    '{"requests": %%d, "duration_us": %%d, "non_2xx": %%d, "errors": %%d, '
    .. '"p50_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, summary.errors.status, errors,
    latency:percentile(50), latency:percentile(99)))
end
"""


def closed_loop(
    url: str,
    body_template: str | None = None,
    headers: Mapping[str, str] | None = None,
    *,
    threads: int = 2,
    connections: int = 32,
    seconds: int = 20,
) -> ClosedLoop:
    """POST `body_template` (GET without one) as fast as `connections` connections allow for
    `seconds`; `{n}` in the body becomes a number unique to each request."""
    every = {**({} if body_template is None else {"Content-Type": "application/json"}),
             **(headers or {})}  # fmt: skip
    method = "GET" if body_template is None else "POST"
    template = "nil" if body_template is None else _lua(body_template)
    lua_headers = "{" + ", ".join(f"[{_lua(k)}] = {_lua(v)}" for k, v in every.items()) + "}"
    with tempfile.TemporaryDirectory(prefix="pacer-wrk-") as folder:
        script = Path(folder) / "post.lua"
        script.write_text(_WRK_SCRIPT % (_lua(method), template, lua_headers))
        ran = subprocess.run(
            [str(wrk()), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
             "-s", str(script), url, "--", str(threads)],
            capture_output=True, check=True, text=True,
        )  # fmt: skip
    summary = json.loads(ran.stdout.strip().splitlines()[-1])
    return ClosedLoop(
        requests=summary["requests"],
        seconds=summary["duration_us"] / 1e6,
        non_2xx=summary["non_2xx"],
        errors=summary["errors"],
        p50_ms=summary["p50_us"] / 1000,
        p99_ms=summary["p99_us"] / 1000,
    )


def _lua(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string literal for ASCII text


def _quantile(values: list[float], quantile: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(quantile * len(ordered)))]

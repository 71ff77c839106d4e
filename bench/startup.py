"""Start-up time and memory of the local services.

    uv run python -m bench.startup [--rounds 3]

For each round: a cold start (empty data folder), then `down` and a warm start (data kept).
Times are from the start of `up` to a real client's successful use (Kafka: metadata, produce
and consume back; PostgreSQL: query; Redis: write and read back). Memory is resident set size
right after start. Writes the table to bench/RESULTS.md between markers.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from infra.runtime.stack import DevStack, isolated_settings
from infra.settings import Settings

RESULTS = Path(__file__).with_name("RESULTS.md")
BEGIN, END = "<!-- startup:begin -->", "<!-- startup:end -->"


def stack_in(folder: Path) -> DevStack:
    return DevStack(isolated_settings(folder))


def measure(rounds: int) -> dict[str, dict[str, list[float]]]:
    samples: dict[str, dict[str, list[float]]] = {}
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as folder:
            stack = stack_in(Path(folder))
            for phase in ("cold", "warm"):
                began = time.perf_counter()
                started = stack.up()
                total = time.perf_counter() - began
                for item in started:
                    row = samples.setdefault(item.status.name, {})
                    row.setdefault(f"{phase} s", []).append(item.seconds)
                    if phase == "cold":
                        row.setdefault("RSS MiB", []).append((item.status.rss_bytes or 0) / 2**20)
                samples.setdefault("whole `up`", {}).setdefault(f"{phase} s", []).append(total)
                stack.down()
    return samples


def render(samples: dict[str, dict[str, list[float]]], rounds: int) -> str:
    columns = ["cold s", "warm s", "RSS MiB"]
    lines = [
        BEGIN,
        f"## Local services: start to ready ({rounds} rounds, median and max)",
        "",
        "| service | " + " | ".join(columns) + " |",
        "|---" * (len(columns) + 1) + "|",
    ]
    for name, row in samples.items():
        cells = [
            f"{statistics.median(row[c]):.2f} (max {max(row[c]):.2f})" if c in row else "-"
            for c in columns
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "cold: empty data folder (Kafka formats storage, PostgreSQL runs initdb); warm: data kept.",
        "Whole `up` includes the Alembic migration. Kafka jars were already cached.",
        END,
    ]
    return "\n".join(lines)


def write(section: str, begin: str = BEGIN, end: str = END) -> None:
    """Replace the section between `begin` and `end` in RESULTS.md, or append it."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if begin in text:
        head, rest = text.split(begin, 1)
        text = head + section + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    RESULTS.write_text(text)


def on_private_stack(
    measure: Callable[[Settings], Coroutine[Any, Any, str]],
    begin: str,
    end: str,
    prepare: Callable[[], object] = lambda: None,
) -> None:
    """Start every service on a private stack, run `measure` on it, stop the stack; print the
    section it wrote up and put it in RESULTS.md between `begin` and `end`."""
    with tempfile.TemporaryDirectory() as folder:
        settings = isolated_settings(Path(folder))
        stack = DevStack(settings)
        try:
            stack.up()
            prepare()
            section = asyncio.run(measure(settings))
        finally:
            stack.down()
    print(section)
    write(section, begin, end)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    section = render(measure(args.rounds), args.rounds)
    print(section)
    write(section)


if __name__ == "__main__":
    main()

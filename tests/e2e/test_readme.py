"""The README's commands, run as written: the "Try it" block against the running processes
(with the demo athlete that `make run` seeds), and the engines' commands on `pacer examples`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from infra.blobs import BlobStore
from infra.database import create_engine
from infra.settings import Settings
from pacer.bootstrap import command_bus
from pacer.demo import (
    DEMO_ACCOUNT,
    DEMO_DOCUMENT,
    DEMO_MEAL_PLAN,
    DEMO_PLAN,
    DEMO_QUESTION,
    seed_demo,
)
from tests.helpers import eventually

pytestmark = pytest.mark.e2e
README = Path(__file__).resolve().parents[2] / "README.md"


def block_after(marker: str) -> str:
    """The first ```sh block after the line containing `marker`."""
    text = README.read_text()
    found = re.search(re.escape(marker) + r".*?\n```sh\n(.*?)\n```", text, re.DOTALL)
    assert found, f"no sh block after {marker!r} in the README"
    return found.group(1)


@pytest.fixture
async def demo(running: Settings) -> Settings:
    engine = create_engine(running, pool_size=2)
    try:
        async with BlobStore(running) as store:  # the demo as `make run` seeds it
            await seed_demo(command_bus(running, engine), store=store)

        async def projected() -> bool:  # as a person pasting the block a few seconds later
            async with engine.connect() as sql:
                plan = await sql.scalar(text("SELECT count(*) FROM plans_view WHERE plan_id = :p"),
                                        {"p": DEMO_PLAN})  # fmt: skip
                document = await sql.scalar(
                    text("SELECT count(*) FROM documents_view WHERE document_id = :d"),
                    {"d": DEMO_DOCUMENT},
                )
                meals = await sql.scalar(
                    text("SELECT count(*) FROM meal_plans_view WHERE plan_id = :m "
                         "AND status = 'ready'"), {"m": DEMO_MEAL_PLAN},
                )  # fmt: skip
                answered = await sql.scalar(
                    text("SELECT count(*) FROM coach_messages_view WHERE message_id = :q "
                         "AND status = 'answered'"), {"q": DEMO_QUESTION},
                )  # fmt: skip
                searchable = await sql.scalar(
                    text("SELECT count(*) FROM recipes_view WHERE kind = 'catalog'")
                )
                fed = await sql.scalar(
                    text("SELECT count(*) FROM feed_view WHERE owner_id = :me"),
                    {"me": DEMO_ACCOUNT},
                )
            return bool(plan and document and meals and answered and searchable and fed == 3)

        await eventually(projected, timeout_s=180)
    finally:
        await engine.dispose()
    return running


def test_the_try_it_block_works_as_written(demo: Settings) -> None:
    script = (
        block_after("Try it (paste as is")
        .replace("127.0.0.1:8000", f"127.0.0.1:{demo.command_api_port}")
        .replace("127.0.0.1:8001", f"127.0.0.1:{demo.query_api_port}")
        .replace("127.0.0.1:8002", f"127.0.0.1:{demo.mcp_port}")
    )
    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert '"consistency_token"' in run.stdout
    assert '"week_start"' in run.stdout, run.stdout
    assert "2026-11-16" in run.stdout  # the week of the run the block records
    assert '"best_set"' in run.stdout  # movement statistics of the demo's workouts
    assert '"Spring Half"' in run.stdout  # the demo's generated plan
    assert '"Daily trainers"' in run.stdout  # its shoes
    assert '"ctl"' in run.stdout  # its training load
    assert '"document_id"' in run.stdout  # its printed plan
    assert "'long_run':" in run.stdout  # its nutrition targets per kind of day
    assert "'excluded_allergens': ['egg']" in run.stdout  # the search read "without eggs"
    assert "What should I eat before my long run on Sunday?" in run.stdout  # the coach's chat
    assert "Demo Runner public" in run.stdout  # the demo's profile
    assert "Sam Stride | First 8 km this month. | None" in run.stdout  # the feed
    assert "Coach Cora | Sunday: 18 km easy from the park gates. | Sunday Long Run Club" in (
        run.stdout
    )
    assert '"kind":"data"' in run.stdout  # a data export
    assert "after erasure: 401" in run.stdout  # an account erased (the block can run again)
    assert '"week_start"' in run.stdout.rsplit("Demo Runner public", 1)[1]  # the MCP tool's weeks


@pytest.mark.slow
def test_the_engine_commands_run_on_the_examples(tmp_path: Path) -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README.read_text(), re.DOTALL)
    engine_blocks = [b for b in blocks if "pacer examples" in b or "pacer plan" in b]
    commands = [line.split("#")[0].strip() for b in engine_blocks for line in b.splitlines()]
    assert any(command.startswith("uv run pacer analyze") for command in commands)
    for command in filter(None, commands):
        argv = command.replace("uv run pacer", f"{sys.executable} -m pacer.cli").split()
        run = subprocess.run(
            argv, cwd=tmp_path, capture_output=True, text=True, timeout=240, check=False
        )
        assert run.returncode == 0, f"{command}\n{run.stdout}\n{run.stderr}"

"""The data export's gathering on the real PostgreSQL: every file's query runs as the account
under row security (an account with nothing has every file, empty), and rows of the account's
own come back as plain JSON values."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from workers.documents.data_export import FILES, gather, zipped

pytestmark = pytest.mark.integration
RUN = text(
    "INSERT INTO runs_view (run_id, athlete_id, distance_km, duration_s, pace_s_per_km, "
    "started_at, version, source) VALUES (:run, :athlete, 5, 1500, 300, :at, 1, 'manual')"
)


async def test_every_file_is_read_as_the_account_and_only_its_rows(engine: AsyncEngine) -> None:
    ada, bob = uuid.uuid4(), uuid.uuid4()
    async with engine.begin() as sql:
        for athlete in (ada, bob):
            await sql.execute(RUN, {"run": uuid.uuid4(), "athlete": athlete,
                                    "at": datetime.now(UTC)})  # fmt: skip
    nobody = await gather(engine, uuid.uuid4())
    assert nobody.keys() == FILES.keys()
    assert all(rows == [] for rows in nobody.values())
    found = await gather(engine, ada)
    [run] = found["runs"]
    assert run["athlete_id"] == str(ada)
    archive = zipped(ada, found, datetime.now(UTC))
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert json.loads(opened.read("manifest.json"))["files"]["runs.json"] == 1
        assert json.loads(opened.read("runs.json")) == [run]

"""The erasure job: every key an account's objects are stored under lies in one of its folders,
and no folder of one account holds another's; it sweeps them at once and again once every write
that could be in flight at the erasure is over."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import cast
from uuid import uuid4

import pytest

from contracts.identity.events import AccountErased
from infra.settings import Settings
from pacer import bootstrap
from workers.identity.erasure import (
    ERASE_FILES,
    KEYS,
    LATE_SWEEP_MARGIN_S,
    FileSweep,
    erase_files,
    erase_stored_files,
    folders,
    late_sweep_at,
)
from workers.jobs import LONGEST_TIME_LIMIT_S, Job, Later, Tools, Work
from workers.reactors import Reaction


def test_every_kind_of_stored_object_lies_in_one_of_the_accounts_folders() -> None:
    ada, bob = uuid4(), uuid4()
    mine, theirs = folders(ada), folders(bob)
    assert len(mine) == len({key(ada).split("/")[0] for key in KEYS})
    for key in KEYS:
        assert any(key(ada).startswith(folder) for folder in mine)
        assert not any(key(bob).startswith(folder) for folder in mine)
    assert not set(mine) & set(theirs)
    assert all(folder.endswith(f"/{ada}/") for folder in mine)


def test_the_late_sweep_waits_in_the_queue_until_every_write_in_flight_is_over() -> None:
    settings = Settings(upload_url_ttl_s=900)
    erased_at = datetime.now(UTC)
    work = Work(lambda done, total: None, Tools(settings))
    late = FileSweep(account_id=uuid4(), erased_at=erased_at, late=True)
    with pytest.raises(Later) as waiting:
        erase_files(late, work)
    expected = 900 + LONGEST_TIME_LIMIT_S + LATE_SWEEP_MARGIN_S
    assert expected - 5 < waiting.value.delay_s <= expected
    assert late_sweep_at(late, settings) == erased_at + timedelta(seconds=expected)


async def test_an_erasure_asks_for_a_sweep_now_and_a_late_one() -> None:
    asked: list[FileSweep] = []

    class Asked:
        async def enqueue(self, job: Job[FileSweep], payload: FileSweep) -> None:
            assert job is ERASE_FILES
            asked.append(payload)

    event = AccountErased(account_id=uuid4(), erased_at=datetime.now(UTC))
    await erase_stored_files(event, cast(Reaction, Asked()))
    assert [(s.account_id, s.erased_at, s.late) for s in asked] == [
        (event.account_id, event.erased_at, False),
        (event.account_id, event.erased_at, True),
    ]
    assert FileSweep.erases_subject  # run although its account is erased


def test_no_job_runs_longer_than_the_late_sweep_waits_for() -> None:
    for job in bootstrap.contexts().jobs():
        assert job.time_limit_s <= LONGEST_TIME_LIMIT_S, job.name
    with pytest.raises(ValueError, match="at most"):
        replace(ERASE_FILES, time_limit_s=LONGEST_TIME_LIMIT_S + 1)

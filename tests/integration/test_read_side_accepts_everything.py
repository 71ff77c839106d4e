"""Nothing accepted can poison the read side: whatever command the API would accept, its events
apply to every read model on real PostgreSQL and the query API reads them back; whatever query
parameters a client sends, the query API never answers 500."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine

from commands.actors import Actor
from commands.errors import CommandError
from contracts.commands import Command
from contracts.events import DomainEvent
from contracts.identity.commands import EndSession, LogIn, RefreshSession, RegisterAccount
from contracts.identity.events import AccountRegistered
from contracts.training.commands import CorrectRun, DeleteRun, RecordRun
from contracts.training.events import RunDeleted
from infra.settings import Settings
from pacer.bootstrap import contexts, query_app
from projections.projection import Applied
from projections.runner import Pending, ProjectionRunner
from tests.fakes import FakeDatabase, fake_bus
from tests.helpers import NoDeadLetters, api_client, signed_in
from tests.strategies import consistency_tokens, cursors, documents

pytestmark = pytest.mark.integration
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Commands the scenarios below send; the rest record no events (login sessions).
SENT = {RecordRun, CorrectRun, DeleteRun, RegisterAccount}
NO_EVENTS = {LogIn, RefreshSession, EndSession}


def test_the_scenarios_cover_every_command_that_records_events() -> None:
    assert fake_bus(FakeDatabase()).commands == SENT | NO_EVENTS


def accepted(model: type[Command[Any]], document: dict[str, Any]) -> Command[Any] | None:
    try:
        return model.model_validate(document)
    except ValidationError:
        return None


@st.composite
def run_history(draw: st.DrawFn, athlete: uuid.UUID) -> list[Command[Any]]:
    """One run's accepted commands: recorded, corrected up to twice, maybe deleted."""
    run_id = uuid.uuid4()
    ids = {"run_id": str(run_id), "athlete_id": str(athlete)}
    wanted: list[tuple[type[Command[Any]], dict[str, Any]]] = [
        (RecordRun, draw(documents(RecordRun, **ids)))
    ]
    for version in range(1, draw(st.integers(0, 2)) + 1):
        wanted.append((CorrectRun, draw(documents(CorrectRun, **ids, expected_version=version))))
    if draw(st.booleans()):
        wanted.append((DeleteRun, ids))
    return [command for model, doc in wanted if (command := accepted(model, doc))]


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[uuid.UUID, list[Command[Any]]]:
    """One athlete's accepted commands: an account and a few runs' histories, interleaved (so a
    batch holds several streams, a deletion in one wave and upserts in the next)."""
    athlete = uuid.uuid4()
    account = accepted(RegisterAccount, draw(documents(RegisterAccount, account_id=str(athlete))))
    histories = [draw(run_history(athlete)) for _ in range(draw(st.integers(1, 4)))]
    interleaved = [account] if account else []
    while remaining := [history for history in histories if history]:
        interleaved.append(draw(st.sampled_from(remaining)).pop(0))
    return athlete, interleaved


def through_json(event: DomainEvent) -> DomainEvent:
    """The event as a consumer reads it from Kafka."""
    return type(event).model_validate_json(event.model_dump_json())


@pytest.fixture
async def reader(pipeline_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    # A token no projection reaches waits this long before its 503.
    quick = pipeline_settings.model_copy(update={"consistency_wait_s": 0.05})
    async with api_client(query_app(quick)) as client:
        yield client


@EXAMPLES
@given(scenario=scenarios())
async def test_every_accepted_command_s_events_apply_to_every_read_model(
    scenario: tuple[uuid.UUID, list[Command[Any]]],
    engine: AsyncEngine,
    pipeline_settings: Settings,
    reader: httpx.AsyncClient,
) -> None:
    athlete, commands = scenario
    database = FakeDatabase()
    bus = fake_bus(database)
    actor = Actor.account(athlete, "athlete")
    for command in commands:
        with contextlib.suppress(CommandError):  # a refusal, e.g. a correction of no run
            await bus.dispatch(command, actor)
    pending = [
        Pending(
            Applied(through_json(r.event), uuid.uuid4(), r.stream_id, r.version),
            source=lambda: pytest.fail("nothing may be parked"),
        )
        for r in database.outbox
    ]

    for projection in contexts().projections().values():
        mine = [p for p in pending if projection.handles(p.applied.event.event_type())]
        outcome = await ProjectionRunner(projection, engine, NoDeadLetters()).apply(mine)
        assert outcome.parked == []
        assert outcome.applied == len(mine)

    # The read model holds exactly the runs that are not deleted, at their last version.
    live = {
        stream: len(events)
        for stream in {r.stream_id for r in database.outbox}
        if not isinstance(
            (events := database.events_of(stream))[-1], RunDeleted | AccountRegistered
        )
    }
    auth = await signed_in(pipeline_settings, athlete)
    listed = await reader.get("/runs", params={"limit": 200}, headers=auth)
    assert listed.status_code == 200, listed.text
    assert {item["run_id"]: item["version"] for item in listed.json()["items"]} == live
    for path in ("/runs/weekly", *(f"/runs/{stream}" for stream in live)):
        response = await reader.get(path, headers=auth)
        assert response.status_code == 200, response.text


@EXAMPLES
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            "from": st.one_of(st.datetimes(timezones=st.timezones()).map(str), st.text()),
            "to": st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
            "limit": st.one_of(st.integers(), st.text(max_size=5)),
            "cursor": cursors(),
        },
    ),
    path=st.sampled_from(["/runs", "/runs/weekly", f"/runs/{uuid.uuid4()}", "/runs/not-a-uuid"]),
    token=st.one_of(st.none(), consistency_tokens()),
)
async def test_no_query_parameters_make_the_query_api_answer_500(
    params: dict[str, Any],
    path: str,
    token: str | None,
    pipeline_settings: Settings,
    reader: httpx.AsyncClient,
) -> None:
    headers = await signed_in(pipeline_settings, uuid.uuid4())
    if token is not None and token.isascii() and token.isprintable():  # what HTTP can carry
        headers["X-Consistency-Token"] = token
    response = await reader.get(path, params=params, headers=headers)
    assert response.status_code < 500 or response.json()["type"].endswith("/not-yet-consistent"), (
        response.text
    )

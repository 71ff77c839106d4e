"""Printable plans: a generated marathon plan rendered to a PDF whose text holds its weeks,
dates, paces and key workouts, in kilometres or miles, on A4 or US Letter; text from users is
printed as written, never read as typst markup; and the documents commands through the bus."""

from __future__ import annotations

import io
from datetime import date
from uuid import UUID, uuid4

import pytest
from pypdf import PdfReader

from commands.actors import Actor
from commands.errors import ConflictError, NotFoundError
from commands.training.planning.generator import generate
from contracts.documents.commands import CompleteDocument, FailDocument, RequestPlanExport
from contracts.documents.events import DocumentRendered, PlanExportRequested
from contracts.documents.snapshot import PlanSnapshot, SnapshotWorkout
from contracts.training.plans import GeneratePlan, PlanGenerate, RecentRace
from contracts.training.sessions import Session, Step
from tests.fakes import FakeDatabase, fake_bus
from workers.documents.render import render_plan

RACE = date(2027, 5, 2)
REQUEST = PlanGenerate(
    race="marathon", race_name="Valencia Marathon", race_date=RACE,
    start_date=date(2026, 12, 7), weekly_km=45, longest_run_km=18, days_per_week=5,
    recent_race=RecentRace(distance_km=10, time_s=50 * 60),
)  # fmt: skip


def snapshot(title: str = "Valencia Marathon") -> PlanSnapshot:
    made = generate(REQUEST)
    workouts = [SnapshotWorkout(workout_id=uuid4(), date=w.day, session=w.session)
                for w in made.workouts]  # fmt: skip
    return PlanSnapshot(plan_id=uuid4(), title=title, start_date=REQUEST.start_date,
                        end_date=RACE, goal=None, paces=made.paces, workouts=workouts)  # fmt: skip


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def export(plan: PlanSnapshot, **options: object) -> PlanExportRequested:
    fields: dict[str, object] = {"paper": "a4", "units": "metric", **options}
    return PlanExportRequested(document_id=uuid4(), athlete_id=uuid4(), plan=plan, **fields)


def test_a_marathon_plan_prints_its_weeks_dates_paces_and_key_workouts() -> None:
    plan = snapshot()
    pdf, pages = render_plan(export(plan))
    text = text_of(pdf)
    assert pdf.startswith(b"%PDF")
    assert pages >= 3
    assert "Valencia Marathon" in text
    assert "Monday 07 December 2026" in text
    assert "Sunday 02 May 2027" in text
    weeks = (RACE - REQUEST.start_date).days // 7 + 1
    assert f"{weeks} weeks" in text
    assert plan.paces is not None
    threshold = plan.paces.of("threshold")
    assert f"{threshold.fast_s_per_km // 60}:{threshold.fast_s_per_km % 60:02d}" in text
    assert "Race 42.2 km" in text
    assert "Key workouts" in text
    assert "interval pace" in text


def test_miles_on_us_letter() -> None:
    pdf, _ = render_plan(export(snapshot(), units="imperial", paper="us-letter"))
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert round(float(page.mediabox.width)) == 612  # 8.5 in
    text = text_of(pdf)
    assert "26.2 mi" in text
    assert "/mi" in text
    assert "/km" not in text


def test_a_date_range_prints_only_its_weeks() -> None:
    pdf, _ = render_plan(export(snapshot(), from_date=date(2027, 4, 19), to_date=RACE))
    text = text_of(pdf)
    assert "Monday 19 April 2027 to Sunday 02 May 2027" in text
    assert "2 weeks" in text


def test_text_from_users_is_printed_as_written() -> None:
    odd = '#set page(width: 1cm) *bold* $x^2$ ] \\ "quoted" <label> @ref'
    plan = snapshot(title=odd)
    plan.workouts[0] = SnapshotWorkout(
        workout_id=uuid4(), date=plan.workouts[0].date,
        session=Session(kind="easy", title="#pagebreak() ]]", steps=[Step(kind="steady",
                        distance_m=5000)], notes="$$ #let x = 1"),
    )  # fmt: skip
    pdf, _ = render_plan(export(plan))
    assert "*bold*" in text_of(pdf)
    assert round(float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width)) == 595  # still A4


ATHLETE = uuid4()
ME = Actor.account(ATHLETE, "athlete")


async def generated_plan(database: FakeDatabase) -> UUID:
    plan_id = uuid4()
    command = GeneratePlan(plan_id=plan_id, athlete_id=ATHLETE, **REQUEST.model_dump())
    await fake_bus(database).dispatch(command, ME)
    return plan_id


async def test_an_export_snapshots_the_plan_and_reports_one_outcome() -> None:
    database = FakeDatabase()
    plan_id = await generated_plan(database)
    bus, document = fake_bus(database), uuid4()
    await bus.dispatch(RequestPlanExport(document_id=document, athlete_id=ATHLETE,
                                         plan_id=plan_id), ME)  # fmt: skip
    [requested] = database.events_of(str(document))
    assert isinstance(requested, PlanExportRequested)
    assert requested.plan.title == "Valencia Marathon"
    assert len(requested.plan.workouts) == len(database.events_of(str(plan_id))) - 1
    job = Actor.system("job:documents.render_plan")
    done = CompleteDocument(document_id=document, object_key="documents/x.pdf", size_bytes=9,
                            pages=4)  # fmt: skip
    await bus.dispatch(done, job)
    await bus.dispatch(done, job)  # a job that ran twice
    assert [type(e) for e in database.events_of(str(document))][1:] == [DocumentRendered]
    with pytest.raises(ConflictError):
        await bus.dispatch(FailDocument(document_id=document, reason="late"), job)


async def test_someone_else_s_plan_cannot_be_exported() -> None:
    database = FakeDatabase()
    plan_id = await generated_plan(database)
    other = uuid4()
    with pytest.raises(NotFoundError):
        await fake_bus(database).dispatch(
            RequestPlanExport(document_id=uuid4(), athlete_id=other, plan_id=plan_id),
            Actor.account(other, "athlete"),
        )
    missing = RequestPlanExport(document_id=uuid4(), athlete_id=ATHLETE, plan_id=uuid4())
    with pytest.raises(NotFoundError):
        await fake_bus(database).dispatch(missing, ME)

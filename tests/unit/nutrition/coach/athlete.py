"""One fake athlete for the coach's tests, behind the same `Facts` protocol the worker
implements. Today is Friday 13 June 2025; the plan has a Sunday long run (24 km) and a Tuesday
interval session; each day has its own targets; three runs were entered by hand this week and
one before it, and one was imported from Strava, which the coach must never use."""

from __future__ import annotations

from datetime import date, timedelta

from contracts.nutrition.diets import Diet
from contracts.nutrition.targets import DayKind, Goal
from infra.embeddings import HashingEmbedder
from workers.nutrition.coach import (
    DayTargets,
    InMemoryRetriever,
    Passage,
    PlannedMeal,
    PlannedSession,
    ProfileFacts,
    RunFact,
    WorkoutFact,
)

TODAY = date(2025, 6, 13)
SATURDAY, SUNDAY, TUESDAY = date(2025, 6, 14), date(2025, 6, 15), date(2025, 6, 17)
STRAVA_RUN = RunFact(day=date(2025, 6, 9), km=21.1, minutes=118, avg_hr=163, source="strava")

PROFILE = ProfileFacts(
    weight_kg=68, goal=Goal.MAINTAIN, diet=Diet.OMNIVORE, allergies=("shellfish",)
)
SESSIONS = [
    PlannedSession(day=SATURDAY, kind="easy", title="Easy run", planned_km=8, planned_minutes=45),
    PlannedSession(day=SUNDAY, kind="long", title="Long run", planned_km=24, planned_minutes=150),
    PlannedSession(day=date(2025, 6, 16), kind="rest", title="Rest day"),
    PlannedSession(
        day=TUESDAY, kind="intervals", title="6 x 800 m", planned_km=12, planned_minutes=70
    ),
    PlannedSession(day=date(2025, 6, 22), kind="long", title="Long run", planned_km=26),
]


def _targets(day: date, kcal: float, carbohydrate: float, why: str | None = None) -> DayTargets:
    kind = DayKind.NORMAL
    if why:
        kind = DayKind.LONG_RUN if "long" in why else DayKind.HARD_SESSION
    return DayTargets(
        day=day,
        kcal=kcal,
        protein_g=126,
        carbohydrate_g=carbohydrate,
        fat_g=78,
        kind=kind,
        reason=why,
    )


TARGETS = {
    t.day: t
    for t in [
        _targets(TODAY, 2450, 290),
        _targets(SATURDAY, 2600, 310),
        _targets(SUNDAY, 3100, 440, "long run scheduled"),
        _targets(date(2025, 6, 16), 2300, 260),
        _targets(TUESDAY, 2800, 370, "interval session scheduled"),
    ]
}


def _meal(
    day: date, slot: str, recipe: str, kcal: float, protein: float, carbs: float
) -> PlannedMeal:
    return PlannedMeal(
        day=day,
        slot=slot,
        recipe=recipe,
        servings=1,
        kcal=kcal,
        protein_g=protein,
        carbohydrate_g=carbs,
    )


MEALS = [
    _meal(TODAY, "breakfast", "Greek yogurt bowl", 450, 28, 55),
    _meal(TODAY, "lunch", "Chicken rice bowl", 700, 45, 85),
    _meal(TODAY, "dinner", "Salmon with potatoes", 750, 48, 70),
    _meal(SATURDAY, "breakfast", "Oat porridge with berries", 520, 18, 90),
    _meal(SATURDAY, "lunch", "Lentil soup", 610, 32, 80),
    _meal(SATURDAY, "dinner", "Turkey chilli", 820, 52, 88),
    _meal(SUNDAY, "breakfast", "Overnight oats with banana", 620, 22, 105),
    _meal(SUNDAY, "lunch", "Pasta with tomato sauce", 850, 30, 150),
    _meal(SUNDAY, "dinner", "Chicken risotto", 900, 55, 120),
    _meal(SUNDAY, "snack", "Rice cakes with honey", 250, 4, 55),
    _meal(TUESDAY, "breakfast", "Bagel with jam", 480, 14, 92),
    _meal(TUESDAY, "dinner", "Beef stir-fry with noodles", 880, 58, 105),
]
RUNS = [
    RunFact(day=date(2025, 6, 12), km=7.5, minutes=42, avg_hr=141, source="manual"),
    RunFact(day=date(2025, 6, 11), km=6, minutes=36, avg_hr=139, source="manual"),
    RunFact(
        day=date(2025, 6, 10), km=10, minutes=55, pace_s_per_km=330, avg_hr=152, source="manual"
    ),
    STRAVA_RUN,
    RunFact(day=date(2025, 6, 1), km=13, minutes=74, source="manual"),
]
WORKOUTS = [
    WorkoutFact(day=date(2025, 6, 12), exercise="push_up", reps=40, verified=True),
    WorkoutFact(day=date(2025, 6, 11), exercise="squat", reps=60, verified=False),
    WorkoutFact(day=date(2025, 6, 2), exercise="squat", reps=35, verified=True),
]


class AthleteFacts:
    """The athlete's data as the worker would read it, Strava run included: the coach filters."""

    def __init__(self, runs: list[RunFact] | None = None) -> None:
        self.runs = RUNS if runs is None else runs

    async def today(self) -> date:
        return TODAY

    async def profile(self) -> ProfileFacts | None:
        return PROFILE

    async def targets(self, day: date) -> DayTargets | None:
        return TARGETS.get(day)

    async def meals(self, day: date) -> list[PlannedMeal]:
        return [meal for meal in MEALS if meal.day == day]

    async def sessions(self, first: date, last: date) -> list[PlannedSession]:
        return [session for session in SESSIONS if first <= session.day <= last]

    async def recent_runs(self, days: int) -> list[RunFact]:
        return [run for run in self.runs if run.day > TODAY - timedelta(days=days)]

    async def recent_workouts(self, days: int) -> list[WorkoutFact]:
        return [w for w in WORKOUTS if w.day > TODAY - timedelta(days=days)]


def _guide(id: str, title: str, text: str, source: str) -> Passage:
    return Passage(kind="guide", id=id, title=title, text=text, source=source)


PASSAGES = [
    _guide(
        "guide-before-long-run",
        "Fuelling before a long run",
        "Eat a carbohydrate-rich meal 3 to 4 hours before a long run, with 1 to 4 g of "
        "carbohydrate per kg of body weight. Keep fat and fibre low so the meal sits well. "
        "A small snack in the last hour before the run is fine if you are hungry.",
        "ACSM position stand on nutrition and athletic performance, 2016",
    ),
    _guide(
        "guide-during-run",
        "Fuelling during long runs",
        "On runs longer than 90 minutes, take 30 to 60 g of carbohydrate per hour from gels, "
        "chews or sports drink. Start within the first 45 minutes and practise it in training.",
        "Jeukendrup, Sports Medicine 2014",
    ),
    _guide(
        "guide-recovery",
        "Recovering after a run",
        "After a long or hard run, eat 20 to 40 g of protein with carbohydrate within 2 hours "
        "to repair muscle and refill glycogen. A normal meal does the job if it comes soon.",
        "ISSN position stand on nutrient timing, 2017",
    ),
    _guide(
        "guide-protein",
        "Protein for runners",
        "Endurance athletes need 1.2 to 2.0 g of protein per kg of body weight each day. "
        "Spread it over 3 to 5 meals rather than one large serving.",
        "ISSN position stand on protein and exercise, 2017",
    ),
    _guide(
        "guide-hydration",
        "Hydration for runners",
        "Drink to thirst on most days. On long runs in the heat, drink 400 to 800 ml of fluid per "
        "hour and add sodium if you sweat heavily; weigh yourself before and after to learn "
        "your sweat rate.",
        "ACSM position stand on exercise and fluid replacement, 2007",
    ),
    _guide(
        "guide-energy",
        "Energy and weight while training",
        "Losing weight while training works best slowly, at no more than 0.5 kg a week, and "
        "never by cutting energy on long-run or hard-session days. Eating too little for your "
        "training (low energy availability) harms health and performance.",
        "IOC consensus statement on RED-S, 2018",
    ),
    Passage(
        kind="recipe",
        id="recipe-red-lentil-dal",
        title="Red lentil dal",
        text="A vegetarian dinner of red lentils simmered with tomato, ginger and spices, served "
        "with rice. Ready in 30 minutes and rich in protein and carbohydrate.",
        source="Pacer recipe catalog",
    ),
]


def retriever() -> InMemoryRetriever:
    return InMemoryRetriever(PASSAGES, HashingEmbedder())

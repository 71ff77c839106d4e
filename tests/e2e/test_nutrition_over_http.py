"""Nutrition over HTTP on the real services (Kafka, PostgreSQL with pgvector, Redis, the job
worker): a profile's targets, a meal plan made by the planner job with its shopping list, a swap,
a plan that cannot be met and says why, a long run scheduled in training that makes its day a
high-carbohydrate day, recipe search within hard filters, a saved recipe analysed, the coach
answering from the athlete's own data, and nobody else seeing any of it (the limits on heavy
work are in `tests/integration/test_abuse_limits.py`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from infra.database import create_engine
from pacer.bootstrap import command_bus
from pacer.catalog import publish_catalog, shipped_guides
from tests.e2e.conftest import System
from tests.e2e.test_runs_over_http import athlete
from tests.helpers import eventually

pytestmark = pytest.mark.e2e
MONDAY = date.today() + timedelta(days=7 - date.today().weekday())
PROFILE = {
    "sex": "female", "birth_date": "1991-04-12", "height_cm": 168, "weight_kg": 62,
    "activity": "active", "goal": "maintain", "diet": "Pescatarian",
    "allergies": ["Peanuts"], "dislikes": ["olives", "zorblat"], "meal_slots": 4,
}  # fmt: skip


@pytest.fixture
async def catalog(system: System) -> None:
    """The recipe catalog and the coach's guides published, and projected with their
    embeddings (as `pacer dev up` publishes them)."""
    engine = create_engine(system.settings, pool_size=1)
    try:
        recipes = await publish_catalog(command_bus(system.settings, engine))

        async def projected() -> bool:
            async with engine.connect() as sql:
                found = await sql.scalar(text(
                    "SELECT (SELECT count(*) FROM recipes_view WHERE kind = 'catalog') "
                    "+ (SELECT count(*) FROM coach_guides_view)"))  # fmt: skip
            return bool(found == recipes + len(shipped_guides()))

        await eventually(projected, timeout_s=180, interval_s=0.5)
    finally:
        await engine.dispose()


async def settled(system: System, who: dict[str, str], path: str, field: str,
                  pending: tuple[str, ...], timeout_s: float = 120) -> dict[str, Any]:  # fmt: skip
    found: dict[str, Any] = {}

    async def done() -> bool:
        nonlocal found
        answer = await system.query.get(path, headers=who)
        found = answer.json() if answer.status_code == 200 else {}
        return bool(found) and found.get(field) not in pending

    await eventually(done, timeout_s=timeout_s, interval_s=0.2)
    return found


async def with_profile(system: System, name: str, **changes: Any) -> dict[str, str]:
    who = await athlete(system, name)
    put = await system.command.put("/nutrition/profile", headers=who,
                                   json={**PROFILE, **changes})  # fmt: skip
    assert put.status_code == 200, put.text
    return who


async def test_a_profile_records_targets_and_an_unsafe_goal_is_refused(system: System) -> None:
    kai = await athlete(system, "kai")
    put = await system.command.put("/nutrition/profile", headers=kai, json=PROFILE)
    assert put.status_code == 200, put.text
    token = {"X-Consistency-Token": put.json()["consistency_token"]}
    profile = (await system.query.get("/nutrition/profile", headers={**kai, **token})).json()
    normal, long_run = profile["targets"]["normal"], profile["targets"]["long_run"]
    assert 1800 < normal["kcal"] < 2800
    assert long_run["carbohydrate_g"] > normal["carbohydrate_g"]
    assert profile["profile"]["diet"] == "pescatarian"
    history = await system.query.get("/nutrition/targets/history", headers=kai)
    assert [change["reason"] for change in history.json()] == ["profile"]

    first = date.today() - timedelta(days=15)
    for day in range(16):  # a steady weight: the estimate agrees with the equations
        entry = {"day": (first + timedelta(days=day)).isoformat(), "weight_kg": 62 + day % 2 * 0.2}
        weighed = await system.command.post("/nutrition/weights", headers=kai, json=entry)
        assert weighed.status_code == 200, weighed.text
    token = {"X-Consistency-Token": weighed.json()["consistency_token"]}
    profile = (await system.query.get("/nutrition/profile", headers={**kai, **token})).json()
    estimate = profile["estimate"]
    assert 0 < estimate["confidence"] <= 1
    assert estimate["estimated_tdee_kcal"] == pytest.approx(normal["tdee_kcal"], rel=0.1)
    assert profile["proposal"] is None
    weights = await system.query.get("/nutrition/weights", headers=kai)
    assert len(weights.json()) == 16

    thin = {**PROFILE, "weight_kg": 50, "goal": "lose", "rate_kg_per_week": 1.0,
            "expected_version": profile["version"]}  # fmt: skip
    refused = await system.command.put("/nutrition/profile", headers=kai, json=thin)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert "BMI" in refused.json()["detail"]


async def test_a_meal_plan_is_made_by_the_worker_with_its_shopping_list_and_a_swap(
    system: System, catalog: None
) -> None:
    mia = await with_profile(system, "mia")
    asked = await system.command.post("/nutrition/meal-plans", headers=mia,
                                      json={"week_start": MONDAY.isoformat()})  # fmt: skip
    assert asked.status_code == 202, asked.text
    path = f"/nutrition/meal-plans/{asked.json()['aggregate_id']}"
    plan = await settled(system, mia, path, "status", ("requested", "planning"))
    assert plan["status"] == "ready", plan
    days = plan["week"]["days"]
    assert [day["date"] for day in days] == [(MONDAY + timedelta(n)).isoformat() for n in range(7)]
    assert all([meal["slot"] for meal in day["meals"]] == ["breakfast", "lunch", "dinner", "snack"]
               for day in days)  # fmt: skip
    assert all(day["within_tolerance"] for day in days)
    assert [word["word"] for word in plan["week"]["unrecognised"]] == ["zorblat"]

    shopping = await system.query.get(f"{path}/shopping-list", headers=mia)
    assert shopping.status_code == 200
    items = [item for aisle in shopping.json()["aisles"] for item in aisle["items"]]
    assert items
    assert all(item["grams"] > 0 and item["amount"] for item in items)
    assert not any("olive" in item["name"].lower() and "oil" not in item["name"].lower()
                   for item in items)  # fmt: skip

    old = days[2]["meals"][1]["recipe_id"]
    swap = await system.command.post(f"{path}/swaps", headers=mia, json={
        "date": days[2]["date"], "slot": "lunch", "expected_version": plan["version"]})  # fmt: skip
    assert swap.status_code == 202, swap.text
    swapped: dict[str, Any] = {}

    async def swap_done() -> bool:
        nonlocal swapped
        swapped = (await system.query.get(path, headers=mia)).json()
        return swapped["swap"] is not None and swapped["swap"]["status"] != "requested"

    await eventually(swap_done, timeout_s=60, interval_s=0.2)
    assert swapped["swap"]["status"] == "swapped", swapped["swap"]
    new_day = swapped["week"]["days"][2]
    assert new_day["meals"][1]["recipe_id"] != old
    assert {"date": days[2]["date"], "slot": "lunch", "recipe_id": old} in \
        swapped["week"]["swapped_out"]  # fmt: skip

    ola = await athlete(system, "ola")
    assert (await system.query.get(path, headers=ola)).status_code == 404
    again = {"date": days[2]["date"], "slot": "lunch", "expected_version": swapped["version"]}
    theirs = await system.command.post(f"{path}/swaps", headers=ola, json=again)
    assert theirs.status_code == 404


async def test_a_plan_that_cannot_be_met_fails_with_what_to_change(
    system: System, catalog: None
) -> None:
    vi = await with_profile(system, "vi", diet="vegan",
                            allergies=["soy", "gluten", "nuts", "peanuts", "sesame"],
                            dislikes=["beans", "lentils", "chickpeas", "rice", "oats"])  # fmt: skip
    asked = await system.command.post("/nutrition/meal-plans", headers=vi,
                                      json={"week_start": MONDAY.isoformat()})  # fmt: skip
    path = f"/nutrition/meal-plans/{asked.json()['aggregate_id']}"
    plan = await settled(system, vi, path, "status", ("requested", "planning"))
    assert plan["status"] == "failed"
    assert "recipe" in plan["reason"]
    assert plan["week"] is None


async def test_a_long_run_in_training_makes_a_high_carbohydrate_day(
    system: System, catalog: None
) -> None:
    lu = await with_profile(system, "lu")
    plan = await system.command.post("/plans", headers=lu, json={
        "title": "Base", "start_date": MONDAY.isoformat(),
        "end_date": (MONDAY + timedelta(days=27)).isoformat()})  # fmt: skip
    assert plan.status_code == 201, plan.text
    sunday = MONDAY + timedelta(days=6)
    scheduled = await system.command.post(
        f"/plans/{plan.json()['aggregate_id']}/workouts", headers=lu,
        json={"date": sunday.isoformat(), "expected_version": 1,
              "session": {"kind": "long", "title": "Long run 24 km",
                          "steps": [{"kind": "steady", "distance_m": 24000}]}},
    )  # fmt: skip
    assert scheduled.status_code in (200, 201), scheduled.text

    async def marked() -> bool:
        days = await system.query.get("/nutrition/days", headers=lu, params={
            "from": MONDAY.isoformat(), "to": sunday.isoformat()})  # fmt: skip
        return any(day["day"] == sunday.isoformat() and day["kind"] == "long_run"
                   for day in days.json())  # fmt: skip

    await eventually(marked, timeout_s=60, interval_s=0.2)
    asked = await system.command.post("/nutrition/meal-plans", headers=lu,
                                      json={"week_start": MONDAY.isoformat()})  # fmt: skip
    path = f"/nutrition/meal-plans/{asked.json()['aggregate_id']}"
    ready = await settled(system, lu, path, "status", ("requested", "planning"))
    days = ready["week"]["days"]
    assert days[6]["kind"] == "long_run"
    assert days[0]["kind"] == "normal"
    assert days[6]["targets"]["carbohydrate_g"] > days[0]["targets"]["carbohydrate_g"]

    # The athlete overrides the day by hand: the next plan follows the athlete.
    rest = await system.command.put(f"/nutrition/days/{sunday.isoformat()}", headers=lu,
                                    json={"kind": "rest"})  # fmt: skip
    assert rest.status_code == 200
    again = await system.command.post("/nutrition/meal-plans", headers=lu, json={
        "week_start": MONDAY.isoformat()})  # fmt: skip
    path = f"/nutrition/meal-plans/{again.json()['aggregate_id']}"
    ready = await settled(system, lu, path, "status", ("requested", "planning"))
    assert ready["week"]["days"][6]["kind"] == "rest"


async def test_recipe_search_keeps_to_its_filters_and_saved_recipes_stay_their_owner_s(
    system: System, catalog: None
) -> None:
    bo = await athlete(system, "bo")

    async def catalog_ready() -> bool:
        """Every meal's recipes are searchable (the projector embeds the catalog in batches)."""
        for meal in ("breakfast", "lunch", "dinner", "snack"):
            found = await system.query.get("/nutrition/recipes/search", headers=bo,
                                           params={"meal_type": meal, "diet": "vegan"})  # fmt: skip
            assert found.status_code == 200, found.text
            if not found.json()["hits"]:
                return False
        return True

    await eventually(catalog_ready, timeout_s=180, interval_s=0.5)
    found = await system.query.get("/nutrition/recipes/search", headers=bo, params={
        "q": "high-protein breakfast without eggs", "limit": 20})  # fmt: skip
    hits = found.json()["hits"]
    assert hits
    assert all("egg" not in hit["allergens"] and "breakfast" in hit["meal_types"] for hit in hits)
    vegan = await system.query.get("/nutrition/recipes/search", headers=bo, params={
        "q": "dinner under 600 kcal", "diet": "vegan", "exclude_allergens": ["soy"]})  # fmt: skip
    assert vegan.json()["hits"], vegan.json()
    assert all(hit["diet"] == "vegan" and "soy" not in hit["allergens"] and hit["kcal"] <= 600
               for hit in vegan.json()["hits"])  # fmt: skip
    like = await system.query.get(f"/nutrition/recipes/{hits[0]['recipe_id']}/similar",
                                  headers=bo)  # fmt: skip
    assert like.status_code == 200
    assert hits[0]["recipe_id"] not in {hit["recipe_id"] for hit in like.json()}

    saved = await system.command.post("/nutrition/recipes", headers=bo, json={
        "name": "Bo's salmon rice", "meal_types": ["dinner"], "servings": 2,
        "text": "300 g salmon fillet\n200 g white rice\n1 tbsp olive oil\n1 pinch of stardust",
    })  # fmt: skip
    assert saved.status_code == 202, saved.text
    recipe_path = f"/nutrition/recipes/{saved.json()['aggregate_id']}"
    recipe = await settled(system, bo, recipe_path, "status", ("submitted",))
    assert recipe["status"] == "analysed", recipe
    assert {i["food_id"] for i in recipe["ingredients"]}
    assert recipe["kcal"] > 200
    assert [line["line"] for line in recipe["analysis"]["unread"]] == ["1 pinch of stardust"]
    mine = await system.query.get("/nutrition/recipes/search", headers=bo, params={
        "q": "salmon rice dinner", "limit": 50})  # fmt: skip
    assert recipe["recipe_id"] in {hit["recipe_id"] for hit in mine.json()["hits"]}

    cy = await athlete(system, "cy")
    assert (await system.query.get(recipe_path, headers=cy)).status_code == 404
    theirs = await system.query.get("/nutrition/recipes/search", headers=cy, params={
        "q": "salmon rice dinner", "limit": 50})  # fmt: skip
    assert recipe["recipe_id"] not in {hit["recipe_id"] for hit in theirs.json()["hits"]}

    analysis = await system.command.post("/nutrition/recipe-analyses", headers=cy, json={
        "text": "2 large eggs\n1 cup shredded cheddar\nwater", "servings": 2})  # fmt: skip
    analysis_path = f"/nutrition/recipe-analyses/{analysis.json()['aggregate_id']}"
    analysed = await settled(system, cy, analysis_path, "status", ("submitted",))
    assert analysed["status"] == "analysed", analysed
    assert analysed["analysis"]["per_serving"]["kcal"] * 2 == pytest.approx(
        analysed["analysis"]["total"]["kcal"], rel=0.01)  # fmt: skip
    assert (await system.query.get(analysis_path, headers=bo)).status_code == 404


async def test_the_coach_answers_from_the_athlete_s_own_data_with_sources(
    system: System, catalog: None
) -> None:
    di = await with_profile(system, "di")
    asked = await system.command.post("/nutrition/coach/messages", headers=di, json={
        "text": "How much protein should I eat a day?"})  # fmt: skip
    assert asked.status_code == 202, asked.text
    busy = await system.command.post("/nutrition/coach/messages", headers=di,
                                     json={"text": "And carbohydrate?"})  # fmt: skip

    async def answered() -> bool:
        page = await system.query.get("/nutrition/coach/messages", headers=di)
        messages = page.json()["messages"]
        return bool(messages) and messages[0]["status"] != "pending"

    await eventually(answered, timeout_s=120, interval_s=0.3)
    page = (await system.query.get("/nutrition/coach/messages", headers=di)).json()
    reply = page["messages"][0]
    assert reply["status"] == "answered", reply
    assert busy.status_code in (202, 409)
    profile = (await system.query.get("/nutrition/profile", headers=di)).json()
    protein = round(profile["targets"]["normal"]["protein_g"])
    assert str(protein) in reply["answer"]["text"]
    assert {source["kind"] for source in reply["answer"]["sources"]} >= {"tool", "guide"}
    eve = await athlete(system, "eve")
    theirs = await system.query.get("/nutrition/coach/messages", headers=eve)
    assert theirs.json()["messages"] == []


async def test_a_saved_recipe_is_served_by_its_owner_s_meal_plan(
    system: System, catalog: None
) -> None:
    gil = await with_profile(system, "gil", diet="vegan", allergies=["gluten", "nuts", "peanuts"],
                             dislikes=["oats"])  # fmt: skip
    recipes = []
    breakfasts = (
        ("Potato hash", "500 g potatoes\n100 g spinach\n20 g olive oil\n200 g tomatoes"),
        ("Banana berry bowl", "2 bananas\n150 g blueberries\n1 avocado"),
    )
    for name, lines in breakfasts:
        saved = await system.command.post("/nutrition/recipes", headers=gil, json={
            "name": name, "meal_types": ["breakfast"], "servings": 2 if "hash" in name else 1,
            "text": lines})  # fmt: skip
        path = f"/nutrition/recipes/{saved.json()['aggregate_id']}"
        recipe = await settled(system, gil, path, "status", ("submitted",))
        assert recipe["status"] == "analysed", recipe
        assert recipe["analysis"]["diet"] == "vegan"
        recipes.append(recipe["recipe_id"])
    asked = await system.command.post("/nutrition/meal-plans", headers=gil,
                                      json={"week_start": MONDAY.isoformat()})  # fmt: skip
    path = f"/nutrition/meal-plans/{asked.json()['aggregate_id']}"
    plan = await settled(system, gil, path, "status", ("requested", "planning"))
    assert plan["status"] == "ready", plan
    served = {meal["recipe_id"] for day in plan["week"]["days"] for meal in day["meals"]}
    assert served & set(recipes), "the athlete's own breakfasts are on the menu"

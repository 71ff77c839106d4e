"""The offline embedders on this machine: cost and search quality over the shipped recipes.

    uv run python -m bench.embeddings [--rounds 3]

Each model runs in a fresh process (so load time and memory are its own): the time to load
it, the resident memory it adds (loaded, and after embedding the catalog), passages per second
over the catalog's recipe passages (`recipe_passage`), query latency, and recall@5 on a labelled
set of searches over the catalog: once ranking the whole catalog by the query's meaning alone,
and once as the search runs (`parse_search`'s filters first, then its text by meaning). Prints a
markdown table; the network is blocked in the measured processes.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from typing import Any

import numpy as np
import psutil

from contracts.nutrition.search import ParsedSearch, parse_search, recipe_passage
from infra.embeddings import EmbeddingModel
from infra.settings import Settings
from workers.nutrition.catalog import ADMITS, Catalog, Recipe, default_catalog

MIB = 2**20
K = 5

# Searches and the recipes a person would accept for them, judged by hand over the catalog: a
# search, a colon, then recipe ids on the indented lines below it.
LABELLED_TEXT = """
high-protein breakfast:
    lentil_mushroom_breakfast_hash ham_mozzarella_toastie vegetable_omelette_toast
    turkish_breakfast_plate cottage_cheese_peach_almonds salmon_cream_cheese_rye
    tuna_avocado_toast mackerel_tomato_toast bacon_eggs_toast chicken_rice_congee
    shakshuka_feta tofu_black_bean_burrito protein_yogurt_oat_bowl whey_protein_porridge
    egg_white_cheddar_toast scrambled_eggs_salmon kedgeree crab_omelette_rice
    ham_cheese_omelette turkey_potato_hash beef_egg_breakfast_bowl spiced_lamb_eggs
    steak_and_eggs chicken_egg_pita tofu_scramble_toast soy_protein_banana_smoothie
    tofu_scramble_potatoes berry_soy_protein_smoothie seitan_breakfast_potatoes
something with salmon:
    salmon_cream_cheese_rye scrambled_eggs_salmon salmon_poke_bowl
    baked_salmon_potatoes_broccoli teriyaki_salmon_rice salmon_cucumber_bites
    rice_salmon_breakfast salmon_avocado_salad_sourdough salmon_avocado_salsa_sweet_potato
vegan curry:
    lentil_sweet_potato_curry chickpea_spinach_curry tofu_edamame_coconut_curry
    tofu_vegetable_curry red_lentil_dal_brown_rice aloo_gobi_rice red_lentil_breakfast_dal
quick snack with peanut butter:
    apple_peanut_butter oat_date_energy_balls peanut_butter_toast_snack
    peanut_butter_banana_toast
light dinner:
    mercimek_kofte_bowl baked_feta_bulgur seitan_kebab_salad tofu_vegetable_curry
    spiced_lentils_eggs_yogurt garlic_seitan_broccoli
chicken and rice:
    chicken_rice_congee chicken_burrito_bowl chicken_tikka_rice chicken_curry_rice
    chicken_stir_fry_rice chicken_rice_pilaf
vegetarian pasta:
    pasta_tomato_garlic_olives caprese_pasta_salad walnut_pesto_pasta lentil_bolognese
    baked_pasta_cheese vegan_walnut_pesto_pasta lentil_seitan_ragu
eggs for breakfast:
    vegetable_omelette_toast menemen turkish_breakfast_plate egg_white_cheddar_toast
    masala_omelette shakshuka_feta french_toast_berries scrambled_eggs_salmon kedgeree
    crab_omelette_rice bacon_eggs_toast ham_cheese_omelette beef_egg_breakfast_bowl
    spiced_lamb_eggs steak_and_eggs chicken_egg_pita
post-run recovery shake:
    whey_banana_shake soy_protein_shake soy_protein_berry_shake soy_protein_banana_smoothie
    berry_soy_protein_smoothie kefir_berry_oat_smoothie banana_berry_flax_smoothie
mexican bowl with beans:
    black_bean_burrito_bowl chicken_burrito_bowl bean_cheese_rice_bowl beef_egg_breakfast_bowl
    black_bean_enchilada_bake pinto_bean_chili_rice black_bean_sweet_potato_chili
    bean_seitan_chili
lentil soup:
    turkish_lentil_soup_bread lentil_mushroom_stew red_lentil_dal_brown_rice
    red_lentil_breakfast_dal dal_makhani_rice
tofu stir-fry:
    tofu_broccoli_stir_fry tofu_vegetable_curry tofu_quinoa_power_bowl
    tofu_edamame_coconut_curry peanut_vegetable_stir_fry seitan_pepper_stir_fry
oatmeal porridge:
    peanut_butter_banana_porridge berry_chia_overnight_oats apple_hazelnut_bircher
    whey_protein_porridge protein_yogurt_oat_bowl hemp_seed_berry_oats
    buckwheat_banana_porridge millet_apple_porridge
greek yogurt:
    greek_yogurt_honey_walnuts protein_yogurt_oat_bowl greek_yogurt_honey_blueberries
    cilbir_eggs_yogurt spiced_lentils_eggs_yogurt chicken_tikka_rice chicken_curry_rice
    bean_cheese_rice_bowl mushroom_cheddar_baked_potato black_bean_enchilada_bake
steak dinner:
    steak_baked_potato ribeye_mushrooms_potato beef_pot_roast beef_fajita_bowl steak_and_eggs
fish tacos:
    tilapia_taco_bowl salmon_avocado_salsa_sweet_potato
fruit snack:
    citrus_pomegranate_fruit_salad fruit_chaat apple_peanut_butter almond_apricot_trail_mix
    dried_figs_hazelnuts cottage_cheese_melon kefir_strawberries almond_stuffed_dates
    ice_cream_cherries banana_berry_flax_smoothie
indian food:
    red_lentil_breakfast_dal masala_omelette kedgeree red_lentil_dal_brown_rice egg_curry_rice
    chicken_tikka_rice lentil_sweet_potato_curry aloo_gobi_rice dal_makhani_rice
    chicken_curry_rice fruit_chaat sweet_lassi spiced_lentil_dip_crudites
    chickpea_spinach_curry tofu_vegetable_curry
japanese rice dish:
    rice_salmon_breakfast tuna_onigiri omurice salmon_poke_bowl teriyaki_salmon_rice
    beef_teriyaki_rice_bowl cucumber_sesame_rice_ball miso_edamame_rice_bowl
turkish breakfast:
    turkish_breakfast_plate menemen lor_fig_honey_toast
low-calorie snack:
    salted_edamame smoky_seitan_bites edamame_dip_cucumber citrus_pomegranate_fruit_salad
    crab_lettuce_cups feta_tomato_olive_plate bacon_wrapped_dates kefir_strawberries
    boiled_eggs_cucumber soy_protein_berry_shake white_bean_seitan_pate
high-protein vegan lunch:
    tofu_quinoa_power_bowl seitan_pitta white_bean_seitan_stew seitan_lettuce_wraps
    seitan_vegetable_soup seitan_lentil_bowl herbed_lentil_salad
sandwich for lunch:
    chickpea_salad_sandwich turkey_cheddar_sandwich gouda_apple_sandwich seitan_pitta
    chicken_shawarma_pita cottage_cheese_egg_plate
shrimp or crab:
    crab_omelette_rice crab_avocado_rice_salad scallop_garlic_pasta lobster_potato_butter
    crab_lettuce_cups
gluten-free dinner with chicken:
    chicken_curry_rice roast_chicken_sweet_potato chicken_rice_pilaf
sweet potato:
    sweet_potato_black_bean_hash black_bean_avocado_sweet_potato_salad
    lentil_sweet_potato_curry black_bean_sweet_potato_chili lentil_sweet_potato_cottage_pie
    roast_chicken_sweet_potato tuna_steak_sweet_potato salmon_avocado_salsa_sweet_potato
    chickpea_sweet_potato_hash
smoothie:
    berry_smoothie_bowl kefir_berry_oat_smoothie banana_berry_flax_smoothie
    soy_protein_banana_smoothie berry_soy_protein_smoothie whey_banana_shake soy_protein_shake
    soy_protein_berry_shake sweet_lassi
salad:
    warm_lentil_walnut_salad black_bean_avocado_sweet_potato_salad greek_salad_feta_pita
    caprese_pasta_salad tuna_nicoise_salad tuna_pasta_salad crab_avocado_rice_salad
    mackerel_potato_salad chicken_caesar_salad ham_potato_salad herbed_lentil_salad
    salmon_avocado_salad_sourdough black_bean_quinoa_salad edamame_rice_noodle_salad
    tofu_lentil_salad seitan_kebab_salad tabbouleh_hummus citrus_pomegranate_fruit_salad
hearty winter stew:
    cabbage_bean_stew lentil_mushroom_stew white_bean_seitan_stew lamb_zucchini_stew_bulgur
    beef_pot_roast bean_seitan_chili black_bean_sweet_potato_chili
    lentil_sweet_potato_cottage_pie
chocolate:
    dark_chocolate_almonds hot_chocolate
vegan dinner no nuts under 500 kcal:
    mercimek_kofte_bowl seitan_kebab_salad garlic_seitan_broccoli tofu_vegetable_curry
high-protein breakfast without eggs:
    lentil_mushroom_breakfast_hash ham_mozzarella_toastie cottage_cheese_peach_almonds
    salmon_cream_cheese_rye tuna_avocado_toast mackerel_tomato_toast chicken_rice_congee
    tofu_black_bean_burrito protein_yogurt_oat_bowl whey_protein_porridge turkey_potato_hash
    tofu_scramble_toast soy_protein_banana_smoothie tofu_scramble_potatoes
    berry_soy_protein_smoothie seitan_breakfast_potatoes
"""


def labelled(text: str) -> dict[str, list[str]]:
    searches: dict[str, list[str]] = {}
    ids: list[str] = []
    for line in text.strip().splitlines():
        if line.startswith(" "):
            ids += line.split()
        else:
            ids = searches[line.removesuffix(":")] = []
    return searches


LABELLED = labelled(LABELLED_TEXT)


def recipe_document(catalog: Catalog, recipe: Recipe) -> dict[str, Any]:
    return {
        "name": recipe.name,
        "slot": recipe.slot,
        "cuisine": recipe.cuisine,
        "diet": recipe.diet.value,
        # "Black beans, canned" → "Black beans": the qualifiers after a comma are USDA's.
        "ingredients": [catalog.foods[food].name.split(",")[0] for food in recipe.ingredients],
        "kcal": recipe.nutrition.kcal,
        "protein": recipe.nutrition.protein,
    }


def passes(catalog: Catalog, recipe: Recipe, search: ParsedSearch) -> bool:
    names = " ".join(f"{food} {catalog.foods[food].name}".lower() for food in recipe.ingredients)
    return (
        (search.meal_type is None or recipe.slot == search.meal_type)
        and (search.diet is None or recipe.diet in ADMITS[search.diet])
        and not recipe.allergens & search.excluded_allergens
        and not any(word in names for word in search.excluded_ingredients)
        and (search.max_kcal is None or recipe.nutrition.kcal <= search.max_kcal)
        and (search.min_protein_g is None or recipe.nutrition.protein >= search.min_protein_g)
    )


def recall(ranked: list[str], relevant: list[str]) -> float:
    return len(set(ranked[:K]) & set(relevant)) / min(K, len(relevant))


def block_network() -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network blocked by bench.embeddings")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    socket.getaddrinfo = refuse  # type: ignore[assignment]


def measure(model: str, rounds: int) -> dict[str, Any]:
    """In a fresh process: one model's costs and quality."""
    block_network()
    from infra.embeddings import embedder

    process = psutil.Process()
    catalog = default_catalog()
    ids = [recipe.id for recipe in catalog.recipes]
    passages = [recipe_passage(recipe_document(catalog, recipe)) for recipe in catalog.recipes]
    parsed = {query: parse_search(query) for query in LABELLED}
    encoder = embedder(Settings(embedding_model=model))
    before = process.memory_info().rss
    began = time.perf_counter()
    encoder.load()
    load_s = time.perf_counter() - began
    loaded = process.memory_info().rss
    encoder.embed_query("warm up")
    passage_s = []
    for _ in range(rounds):
        began = time.perf_counter()
        vectors = np.asarray(encoder.embed_documents(passages))
        passage_s.append(time.perf_counter() - began)
    query_ms, raw, filtered = [], [], []
    for _ in range(rounds):
        for query, relevant in LABELLED.items():
            began = time.perf_counter()
            vector = np.asarray(encoder.embed_query(query))
            query_ms.append((time.perf_counter() - began) * 1000)
            order = np.argsort(-(vectors @ vector), kind="stable")
            raw.append(recall([ids[i] for i in order], relevant))
            search = parsed[query]
            meaning = np.asarray(encoder.embed_query(search.text or query))
            order = np.argsort(-(vectors @ meaning), kind="stable")
            kept = [ids[i] for i in order if passes(catalog, catalog.recipes[i], search)]
            filtered.append(recall(kept, relevant))
    return {
        "model": model,
        "dimensions": encoder.dimensions,
        "load_s": load_s,
        "rss_loaded_mib": (loaded - before) / MIB,
        "rss_added_mib": (process.memory_info().rss - before) / MIB,
        "rss_total_mib": process.memory_info().rss / MIB,
        "passages": len(passages),
        "passages_per_s": len(passages) / statistics.median(passage_s),
        "query_p50_ms": statistics.median(query_ms),
        "query_p95_ms": statistics.quantiles(query_ms, n=20)[-1],
        "recall_raw": statistics.fmean(raw),
        "recall_filtered": statistics.fmean(filtered),
    }


def render(results: list[dict[str, Any]], rounds: int) -> str:
    lines = [
        f"## Embeddings ({time.strftime('%Y-%m-%d')}; `python -m bench.embeddings --rounds "
        f"{rounds}`; {os.cpu_count()} CPUs; {results[0]['passages']} recipe passages, "
        f"{len(LABELLED)} labelled searches)",
        "",
        "| model | dims | load | RSS added: loaded / after embedding | process RSS | "
        "passages/s | query p50 / p95 | recall@5 by meaning | recall@5 with filters |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in results:
        lines.append(
            f"| {row['model']} | {row['dimensions']} | {row['load_s'] * 1000:.0f} ms | "
            f"{row['rss_loaded_mib']:.0f} / {row['rss_added_mib']:.0f} MiB | "
            f"{row['rss_total_mib']:.0f} MiB | {row['passages_per_s']:.0f} | "
            f"{row['query_p50_ms']:.1f} / {row['query_p95_ms']:.1f} ms | "
            f"{row['recall_raw']:.2f} | {row['recall_filtered']:.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Embedding models benchmark")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", choices=[model.value for model in EmbeddingModel])
    args = parser.parse_args()
    if args.model:
        print(json.dumps(measure(args.model, args.rounds)))
        return
    results = []
    for model in EmbeddingModel:
        run = subprocess.run(
            [sys.executable, "-m", "bench.embeddings", "--model", model.value,
             "--rounds", str(args.rounds)],
            capture_output=True, text=True, check=True, timeout=900,
        )  # fmt: skip
        results.append(json.loads(run.stdout.splitlines()[-1]))
    print(render(results, args.rounds))


if __name__ == "__main__":
    main()

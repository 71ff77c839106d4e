# The two commands of the README:
#   make run    installs everything and runs Pacer (services up, schema migrated, demo seeded)
#   make test   installs everything and runs the linters and the whole test suite
# And the fast loop while working: make test-fast (lint and the unit tests that are not slow).
# Everything downloaded is cached under .cache/, everything running keeps its data under var/.

export UV_CACHE_DIR ?= $(CURDIR)/.cache/uv
# Resolved when used, so it sees a uv that `setup` just installed.
UV = $(shell command -v uv 2>/dev/null || echo python3 -m uv)

.PHONY: run test test-fast setup up down status lint
run: setup up

test: setup lint
	$(UV) run pytest

test-fast: setup lint
	$(UV) run pytest tests/unit -m "not slow" -q

setup:
	@bash infra/setup.sh

up:
	$(UV) run pacer dev up

down:
	$(UV) run pacer dev down

status:
	$(UV) run pacer dev status

lint:
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy .

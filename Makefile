# The two commands of the README:
#   make run    installs everything and runs Pacer (services up, schema migrated)
#   make test   installs everything and runs the linters and the whole test suite
# Everything downloaded is cached under .cache/, everything running keeps its data under var/.

export UV_CACHE_DIR ?= $(CURDIR)/.cache/uv
# Resolved when used, so it sees a uv that `setup` just installed.
UV = $(shell command -v uv 2>/dev/null || echo python3 -m uv)

.PHONY: run test setup up down status lint check
run: setup up

test: setup lint
	$(UV) run pytest

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

# The two set-up commands from the README: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Prefect's state stays inside the project, never in the user's home.
export PREFECT_HOME ?= $(CURDIR)/data/prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90
export DO_NOT_TRACK ?= 1

.PHONY: demo test install system-deps lint bench clean

$(BIN)/roadmap: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/roadmap

system-deps:
	bash scripts/install-system-deps.sh

demo: install
	$(BIN)/roadmap init
	$(BIN)/roadmap example load --replace
	$(BIN)/roadmap export ornekkoy --orchestrate --as koordinator@katiliyoruz.example.org
	@$(BIN)/roadmap demo-next ornekkoy

test: install system-deps
	$(BIN)/ruff check roadmap flows tests benchmarks
	bash scripts/with-postgres.sh bash scripts/run-tests.sh

bench: install
	$(BIN)/python benchmarks/build.py

clean:
	rm -rf $(VENV) data out

# The two set-up commands from the README: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Prefect's state stays inside the project, never in the user's home.
export PREFECT_HOME ?= $(CURDIR)/data/prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90
export DO_NOT_TRACK ?= 1

.PHONY: demo test install system-deps lint messages bench clean

$(BIN)/roadmap: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The message catalogues, compiled from roadmap/locale/*/LC_MESSAGES/roadmap.po.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard roadmap/locale/*/LC_MESSAGES/roadmap.po))
%.mo: %.po $(BIN)/roadmap
	$(BIN)/pybabel compile --statistics -i $< -o $@ 2>&1 | grep -v "^$$" || true

install: $(BIN)/roadmap $(CATALOGUES)

# The keys the code and templates ask for (roadmap/locale/roadmap.pot); add new ones to both .po files.
KEYWORDS := -k _ -k msg -k say -k translate -k message -k record_text -k keyed_error -k RoadmapError \
	-k NotFound -k InvalidInput -k PermissionDenied -k StaleVersion -k TransitionRefused -k ExportRace \
	-k MissingFile -k CorruptFile -k StoreUnavailable
messages: install
	$(BIN)/pybabel extract --no-default-keywords $(KEYWORDS) -F babel.cfg --omit-header -o roadmap/locale/roadmap.pot .

system-deps:
	bash scripts/install-system-deps.sh

demo: install
	$(BIN)/roadmap init
	$(BIN)/roadmap example load --replace
	$(BIN)/roadmap demo-setup
	$(BIN)/roadmap export ornekkoy --orchestrate --as koordinator@katiliyoruz.example.org
	$(BIN)/roadmap export ornekkoy --lang en --as koordinator@katiliyoruz.example.org
	@$(BIN)/roadmap demo-next ornekkoy

lint: install
	$(BIN)/ruff check roadmap flows tests benchmarks scripts
	$(BIN)/ruff format --check roadmap flows tests benchmarks scripts
	$(BIN)/mypy roadmap

test: install system-deps lint
	bash scripts/with-postgres.sh bash scripts/run-tests.sh

bench: install
	$(BIN)/python benchmarks/build.py

clean:
	rm -rf $(VENV) data out

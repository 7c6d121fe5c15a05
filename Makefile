# Turnout — every set-up step a newcomer needs is behind `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= turnout.settings.base

.PHONY: run test lint format bench eval-assistant messages compilemessages migrations-check install clean e2e

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "Turnout needs Python 3.11 or newer; '$(PYTHON)' is `$(PYTHON) --version 2>&1`." >&2; \
	    echo "Install a newer Python, or run: make PYTHON=python3.12 run" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)
	@$(PY) -m turnout.visuals.fonts

compilemessages: $(STAMP)
	DEBUG=1 $(PY) manage.py compile_translations

run: install compilemessages
	@mkdir -p var/media
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py devserver

# One test worker per core (at most 4); TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= auto
test: install compilemessages
	DJANGO_SETTINGS_MODULE=turnout.settings.test $(PY) -m pytest -q -n $(TEST_WORKERS) --maxprocesses 4 --dist loadgroup $(ARGS)

e2e: install compilemessages
	DJANGO_SETTINGS_MODULE=turnout.settings.test $(PY) -m pytest -q -m e2e tests/e2e $(ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	DJANGO_SETTINGS_MODULE=turnout.settings.test $(PY) manage.py makemigrations --check --dry-run

# Developers only (needs GNU gettext): refresh the .po catalogues from the source.
messages: install
	cd turnout && DEBUG=1 ../$(PY) ../manage.py makemessages -l fr -l de --no-obsolete --no-location --ignore 'static/*' --ignore 'settings/*'


# The assistant's evaluation (issue 10): top-1 accuracy per language and "I don't know" on
# out-of-scope questions, on a throwaway SQLite database with the shipped knowledge bases.
eval-assistant: install
	@tmp=$$(mktemp -d) && \
	export DEBUG=1 DATABASE_URL=sqlite:///$$tmp/eval.sqlite3 TURNOUT_VAR_DIR=$$tmp && \
	$(PY) manage.py migrate -v0 && $(PY) manage.py eval_assistant; \
	status=$$?; rm -rf $$tmp; exit $$status

bench: install compilemessages
	$(PY) -m benchmarks $(NAME)

clean:
	rm -rf $(VENV) var/bench

# Refresh the committed OpenAPI description of the public API (a test fails when it drifts).
openapi: install
	DEBUG=1 $(PY) manage.py openapi_snapshot

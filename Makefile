# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PIP_INSTALL := $(PIP) install --quiet --disable-pip-version-check
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast lint format venv bench-deps distill-deps clean

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	touch $@

$(VENV)/.deps: $(VENV)/.created requirements.txt
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.test-deps: $(VENV)/.deps requirements-test.txt
	$(PIP_INSTALL) -r requirements-test.txt
	touch $@

venv: $(VENV)/.deps

run: $(VENV)/.deps
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_demo
	@echo ""
	@echo "  The desk is at http://$(HOST):$(PORT)/  (desk: /desk/, admin: /admin/)"
	@echo "  Demo accounts (password = user name):"
	@echo "    checker / checker   fact-checker"
	@echo "    editor  / editor    editor"
	@echo "    admin   / admin     superuser"
	@echo "  Background jobs (email, schedules) run in a worker started beside the server: manage.py run_jobs"
	@echo ""
	DJANGO_DEBUG=1 $(PY) manage.py run_jobs --interval 0.5 --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.test-deps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The developer's loop: everything but the browser and PostgreSQL tests (see README "Developing").
test-fast: $(VENV)/.test-deps
	$(VENV)/bin/pytest -m "not browser and not postgres" $(PYTEST_ARGS)

# The benchmarks' extra tool (locust, for bench/load.py); see bench/RESULTS.md.
bench-deps: $(VENV)/.deps requirements-bench.txt
	$(PIP_INSTALL) -r requirements-bench.txt

# The language model that teaches the check-worthiness ranker (bench/distill_ranker.py), in a venv of its own.
distill-deps: requirements-distill.txt
	$(PYTHON) -m venv .venv-distill
	.venv-distill/bin/pip install --quiet --disable-pip-version-check -r requirements-distill.txt

# Ruff's checks and formatting, and the import boundaries between desk, public site, intake and core (.importlinter).
lint: $(VENV)/.test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.test-deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) .venv-distill staticfiles db.sqlite3

# Two commands for a fresh machine with Python >= 3.11 and make: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1:8000
# The address in e-mails, QR codes and PDFs follows HOST unless DJANGO_SITE_URL is set.
DJANGO_SITE_URL ?= http://$(HOST)

.DEFAULT_GOAL := help
.PHONY: help demo test test-postgres lint migrate worker beat messages bench clean check-system constraints audit

help: ## List the recipes
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)." % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Installs are constrained to what was tested (requirements/constraints.txt: every package, transitive ones too).
$(VENV)/.installed-base: requirements/base.txt requirements/constraints.txt | $(PY)
	@$(PIP) --version >/dev/null 2>&1 || $(PY) -m ensurepip --upgrade  # a venv interrupted before pip came in
	$(PIP) install --quiet -r requirements/base.txt -c requirements/constraints.txt
	@touch $@

$(VENV)/.installed-test: requirements/test.txt requirements/base.txt requirements/constraints.txt | $(PY)
	@$(PIP) --version >/dev/null 2>&1 || $(PY) -m ensurepip --upgrade  # a venv interrupted before pip came in
	$(PIP) install --quiet -r requirements/test.txt -c requirements/constraints.txt
	@touch $@ $(VENV)/.installed-base

check-system: $(VENV)/.installed-base ## Check the system libraries WeasyPrint needs
	@$(PY) scripts/check_system.py

demo: $(VENV)/.installed-base check-system ## Set up and run the application with demo data on http://127.0.0.1:8000
	$(MANAGE) migrate --noinput
	DJANGO_SITE_URL=$(DJANGO_SITE_URL) $(MANAGE) seed_demo
	@echo "Open http://$(HOST)/ and log in with one of the accounts above."
	DJANGO_SITE_URL=$(DJANGO_SITE_URL) $(MANAGE) runserver $(HOST)

test: $(VENV)/.installed-test check-system ## Install what the tests need and run the whole suite
	@$(PY) scripts/check_browser.py
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-test ## Run the suite against PostgreSQL (DATABASE_URL, default local server)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/rops} $(PY) -m pytest --create-db $(PYTEST_ARGS)

lint: $(VENV)/.installed-test ## ruff, the app order and module circles (import-linter), mypy, djlint, the migrations check
	$(PY) -m ruff check .
	PYTHONPATH=. $(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/djlint --lint $$(ls -d templates */templates)
	$(MANAGE) makemigrations --check --dry-run

migrate: $(VENV)/.installed-base ## Apply migrations
	$(MANAGE) migrate

worker: $(VENV)/.installed-base ## Run a Celery worker (needs REDIS_URL)
	$(VENV)/bin/celery -A config worker -l info

beat: $(VENV)/.installed-base ## Run Celery beat (needs REDIS_URL)
	$(VENV)/bin/celery -A config beat -l info

messages: $(VENV)/.installed-test ## Extract and compile translations (needs gettext)
	$(PY) scripts/messages.py

bench: $(VENV)/.installed-test check-system ## Benchmarks on PostgreSQL: registry, monitoring report (demo, 100 000 entities)
	$(PY) bench/run.py
	DATABASE_URL=$${BENCH_DEMO_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/rops_bench_demo} \
		$(PY) bench/monitoring_report.py --region demo
	$(PY) bench/monitoring_report.py --region big

constraints: $(VENV)/.installed-test ## Pin every installed package (after changing requirements/*.txt and testing)
	@{ sed -n '1,/^[^#]/{/^#/p}' requirements/constraints.txt; $(PIP) freeze --exclude-editable | LC_ALL=C sort -f; } \
		> requirements/constraints.txt.new && mv requirements/constraints.txt.new requirements/constraints.txt

audit: $(VENV)/.installed-test ## Known vulnerabilities in the pinned dependencies (pip-audit; needs the network)
	$(PY) -m pip_audit --strict --no-deps --disable-pip -r requirements/constraints.txt --progress-spinner off

clean: ## Remove the virtualenv, the demo database and generated files
	rm -rf $(VENV) db.sqlite3 var staticfiles

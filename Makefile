# Beistand — `make help` lists what is here.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV := BEISTAND_ENV=development
HOST ?= 127.0.0.1
PORT ?= 8000
# The modules mypy checks strictly enough to be a gate.
TYPED := beistand/lib beistand/accounts beistand/audit beistand/backup beistand/keys beistand/network beistand/cases beistand/contact beistand/helpfinder beistand/directory beistand/retention beistand/workspace beistand/demo beistand/settings.py beistand/urls.py

.PHONY: help install run serve demo test test-fast test-browser lint typecheck messages \
        makemessages check ci clean

help: ## List the targets with a line on each
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@python=$$(scripts/find-python.sh); \
	  [ -x $(BIN)/python ] || { echo "Creating $(VENV) with $$python"; "$$python" -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) messages ## Create the virtual environment and install Beistand with its tools

messages: $(STAMP) ## Compile the translations (.po -> .mo)
	@if compgen -G 'beistand/locale/*/LC_MESSAGES/*.po' >/dev/null; then \
	  cd beistand && $(DEV) ../$(BIN)/python ../manage.py compilemessages --verbosity 0; fi

makemessages: $(STAMP) ## Collect translatable strings into the .po files of every language
	cd beistand && $(DEV) ../$(BIN)/python ../manage.py makemessages --all --no-obsolete \
	  --ignore 'tests/*' --ignore 'static/*' --add-location file

demo: install ## Migrate and load the demo network and personas (idempotent)
	$(DEV) $(BIN)/python manage.py migrate --verbosity 0
	$(DEV) $(BIN)/python manage.py createcachetable
	$(DEV) $(BIN)/python manage.py load_demo

run: demo ## Set everything up and serve the demo network on http://127.0.0.1:8000
	@echo "Serving Beistand on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	$(DEV) $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

test: install ## Run the whole suite: unit, integration, browser and accessibility tests
	scripts/ensure-test-tools.sh
	$(BIN)/pytest

test-fast: install ## Run the suite without the browser tests
	$(BIN)/pytest -m "not browser"

test-browser: install ## Run only the browser and accessibility tests
	scripts/ensure-test-tools.sh
	$(BIN)/pytest -m browser

lint: install ## ruff (with bandit's S rules) and the project's own checks
	$(BIN)/ruff check beistand scripts tests
	$(BIN)/python scripts/check_project_rules.py

typecheck: install ## mypy with django-stubs on the core modules
	$(DEV) $(BIN)/mypy $(TYPED)

check: lint typecheck ## Lint and type checks together

.PHONY: bench
bench: install ## Benchmarks: each figure beside its baseline from the same run
	BEISTAND_ENV=test $(BIN)/python -m bench.run

ci: ## What CI runs: the suite on SQLite and PostgreSQL, lint and types
	bash .ci/run

clean: ## Remove the virtual environment, caches and the local development data
	rm -rf $(VENV) .local staticfiles tests/browser/node_modules .pytest_cache .mypy_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

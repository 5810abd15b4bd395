# citynet: the two commands a newcomer needs are `make serve` and `make test`.
# Only Python 3.11 and make are assumed; uv is installed into .tools/ when it is missing.

PYTHON ?= python3
PORT ?= 8000
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
RUN := $(UV) run --frozen
MANAGE := $(RUN) python manage.py

.PHONY: serve test test-browser test-concurrency install messages compile-messages lint check bench clean

$(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

install: $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv)
	UV_PYTHON=$(PYTHON) $(UV) sync --frozen --quiet
	$(MANAGE) compile_translations

serve: install
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .

check: install
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check

test: install lint check
	$(RUN) pytest -n 2 --dist loadfile -q

test-browser: install
	$(RUN) pytest e2e -q

# Simultaneous writes through threads (transactional; a process of their own). DATABASE_URL picks the database.
test-concurrency: install
	$(RUN) pytest concurrency -q

bench: install
	$(RUN) python -m bench

messages:
	$(MANAGE) makemessages $(foreach l,ar en sq mk sr sr_Latn bs,-l $(l)) --no-obsolete --ignore ".venv/*" --ignore ".tools/*" --ignore "var/*" --ignore "e2e/*" --ignore "*/tests/*" --ignore "citynet/static/vendor/*"
	$(MANAGE) makemessages -d djangojs $(foreach l,ar en sq mk sr sr_Latn bs,-l $(l)) --no-obsolete --ignore ".venv/*" --ignore ".tools/*" --ignore "var/*" --ignore "citynet/static/vendor/*"
	$(MANAGE) compile_translations

clean:
	rm -rf .venv .tools var db.sqlite3

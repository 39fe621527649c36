# Two commands for a fresh machine with Python 3.11+: `make run` and `make test`.
# With DATABASE_URL unset both use the embedded PostgreSQL in .data/ (see libya_archive/embedded_db.py).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

BACKUP ?= backups/archive.dump

.PHONY: run test install backup restore bench

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (PYTHON=$(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_gazetteer
	$(BIN)/python manage.py import_articles
	@echo
	@echo "The archive is served at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@echo "To edit actors and places at http://$(HOST):$(PORT)/admin/ create an editor first:"
	@echo "    $(BIN)/python manage.py createsuperuser"
	@echo
# Admin edits that touch many articles are re-linked by this worker, beside the server;
# it ignores Ctrl-C (a background job of a script), so it is stopped with the server.
	$(BIN)/python manage.py relink_pending --forever & worker=$$!; \
	trap 'kill $$worker' INT TERM EXIT; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test]"
	$(BIN)/python -m pytest

# The whole archive to one file and back: make backup [BACKUP=path], make restore [BACKUP=path]
backup: install
	$(BIN)/python manage.py backup_archive $(BACKUP)

restore: install
	$(BIN)/python manage.py backup_archive --restore $(BACKUP)

# The million-article benchmark, not part of `make test` (see bench/RESULTS.md): generate N
# articles (once per N), import them into the database `bench` on the system PostgreSQL at
# 127.0.0.1:5432 (BENCH_DATABASE_URL), time the query mix, re-linking and the pages under wrk, then drop
# that database. LIMIT=2000 imports only the first 2,000 files, to extrapolate from.
N ?= 10000
bench: install bench/out/corpus-$(N)/corpus.json
	$(BIN)/python bench/run_import.py bench/out/corpus-$(N) $(if $(LIMIT),--limit $(LIMIT))
	$(BIN)/python bench/run_queries.py
	$(BIN)/python bench/run_relink.py
	$(BIN)/python bench/run_pages.py; status=$$?; $(BIN)/python bench/benchdb.py drop; exit $$status

bench/out/corpus-%/corpus.json: | install
	$(BIN)/python bench/generate_corpus.py --articles $* --out bench/out/corpus-$*

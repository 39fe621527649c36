# Two commands for a fresh machine with Python 3.11+: `make run` and `make test`.
# With DATABASE_URL unset both use the embedded PostgreSQL in .data/ (see libya_archive/embedded_db.py).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

BACKUP ?= backups/archive.dump

.PHONY: run test install backup restore

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
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test]"
	$(BIN)/python -m pytest

# The whole archive to one file and back: make backup [BACKUP=path], make restore [BACKUP=path]
backup: install
	$(BIN)/python manage.py backup_archive $(BACKUP)

restore: install
	$(BIN)/python manage.py backup_archive --restore $(BACKUP)

# Production commands. `make install` once, then `make issue VOL=29 ISSUE=4`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ISSUES ?= samples
VOL ?= 29
ISSUE ?= 4
# Where `make install` takes the schemas from: a folder laid out like the store (here ../shared/schemas
# when it exists); empty means download them from their official locations (schemas/schemas.lock).
SCHEMA_SOURCE ?= $(shell test -d ../shared/schemas && echo ../shared/schemas)

.PHONY: install test issue convert deposit eval-ingest samples lint clean

install: $(VENV)/.installed
	SCHEMA_SOURCE="$(SCHEMA_SOURCE)" $(PY) -m pipeline schemas install

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

test:
	$(PY) -m pytest -q

lint:
	$(VENV)/bin/ruff check pipeline tests samples/tools

issue:
	$(PY) -m pipeline issue $(ISSUES)/vol$(VOL)-issue$(ISSUE)/issue.yaml $(if $(VERBOSE),--verbose)

deposit:
	$(PY) -m pipeline deposit $(ISSUES)/vol$(VOL)-issue$(ISSUE)/issue.yaml $(if $(DRY_RUN),--dry-run)

eval-ingest:
	$(PY) -m pipeline eval-ingest $(if $(QUICK),--quick)

samples:
	$(PY) samples/tools/make_samples.py

clean:
	rm -rf build

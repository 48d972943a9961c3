# Production commands. `make install` once, then `make issue VOL=29 ISSUE=4` (JOURNAL=dir by default).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# An issue's manifest is $(ISSUES)/<journal>/vol<VOL>-issue<ISSUE>/issue.yaml; the manifest names the journal whose
# config (config/journals/<journal>.yaml) the build uses.
ISSUES ?= samples
JOURNAL ?= dir
VOL ?= 29
ISSUE ?= 4
MANIFEST = $(ISSUES)/$(JOURNAL)/vol$(VOL)-issue$(ISSUE)/issue.yaml
# Where `make install` takes the schemas from: a folder laid out like the store (here ../shared/schemas
# when it exists); empty means download them from their official locations (schemas/schemas.lock).
SCHEMA_SOURCE ?= $(shell test -d ../shared/schemas && echo ../shared/schemas)

.PHONY: install system schemas doctor test issue convert deposit proofs corrections accept-corrections eval-ingest samples lint clean browser-deps fuzz bench rerender

# Everything a machine needs, in order: system libraries, fonts and test tools (apt-get/dnf as root or with sudo
# that asks no password, or Homebrew; otherwise it prints the command and stops before anything else), the
# virtualenv, the schemas, the browser tests' axe-core, and then the doctor says whether the machine is ready.
install: system $(VENV)/.installed schemas browser-deps doctor

system:
	$(PYTHON) -m pipeline.machine.system install

schemas: $(VENV)/.installed
	SCHEMA_SOURCE="$(SCHEMA_SOURCE)" $(PY) -m pipeline schemas install

doctor: $(VENV)/.installed
	$(PY) -m pipeline doctor

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

test:
	$(PY) -m pytest -q

# The browser tests' axe-core (tests/browser/package.json, exact version in its package-lock.json), from npm.
# Without npm the browser tests skip and say why (`make doctor` says so too).
browser-deps:
	@if command -v npm >/dev/null 2>&1; then cd tests/browser && npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: axe-core not installed, the browser tests will be skipped"; fi

lint:
	$(VENV)/bin/ruff check pipeline tests samples/tools tools

# Fuzzing (tests/hostile/test_fuzz.py: the manifest loader, the name, ORCID, DOI and reference parsers, mutated
# .docx files) with FUZZ_EXAMPLES new examples per test (the suite runs 30, always the same ones). Prints each
# test's statistics and any failing example, which .hypothesis/ keeps and tries first next time.
FUZZ_EXAMPLES ?= 500
fuzz:
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q tests/hostile/test_fuzz.py \
		--hypothesis-show-statistics -p no:cacheprovider

# JOBS=N articles at once (default: every core; JOBS=1 one at a time); FORCE=1 runs every stage again, even those
# whose inputs did not change since the last build (`make clean` starts from nothing).
issue:
	$(PY) -m pipeline issue $(MANIFEST) $(if $(VERBOSE),--verbose) $(if $(JOBS),--jobs $(JOBS)) $(if $(FORCE),--force)

# Render the built articles of the issues under ISSUES again (after a template or style change): final and archive
# PDFs and HTML into build/rerender/, on the Dask scheduler SCHEDULER=tcp://HOST:8786 or a LocalCluster.
rerender:
	$(PY) -m pipeline rerender $(ISSUES) $(if $(SCHEDULER),--scheduler $(SCHEDULER))

deposit:
	$(PY) -m pipeline deposit $(MANIFEST) $(if $(DRY_RUN),--dry-run) $(if $(ALLOW_PLACEHOLDERS),--allow-placeholders)

# Send each article's proof to its corresponding author (docs/proof-cycle.md); the SMTP settings come from the
# environment (PROOF_SMTP_HOST ...). ONLY=02-pope (or 02-pope,07-lee) for some articles, RESEND=1 to send again.
proofs:
	$(PY) -m pipeline proofs $(MANIFEST) $(if $(DRY_RUN),--dry-run) $(if $(ONLY),--only $(ONLY)) $(if $(RESEND),--resend) $(if $(ALLOW_PLACEHOLDERS),--allow-placeholders) $(if $(NOW),--now $(NOW))

# A returned proof: make corrections VOL=29 ISSUE=4 ARTICLE=02-pope PDF=returned.pdf [REPLACE=1]
corrections:
	$(PY) -m pipeline corrections $(ISSUES)/vol$(VOL)-issue$(ISSUE)/issue.yaml $(ARTICLE) "$(PDF)" $(if $(REPLACE),--replace)

# What production accepted in the build's corrections.yaml -> the issue folder's corrections/$(ARTICLE).yaml
accept-corrections:
	$(PY) -m pipeline accept-corrections $(ISSUES)/vol$(VOL)-issue$(ISSUE)/issue.yaml $(ARTICLE)

# The build's speed (issue 14), printed: cold JOBS=N and JOBS=1, layouts and writes per article, the engine floor,
# a rebuild with nothing changed and one with a manuscript changed, a synthetic issue of BENCH_ARTICLES articles.
BENCH_ARTICLES ?= 100
bench:
	$(PY) tools/benchmark.py --articles $(BENCH_ARTICLES)

eval-ingest:
	$(PY) tools/eval_ingest.py $(if $(QUICK),--quick) $(if $(DOC),--update-doc docs/ingest-evaluation.md)

samples:
	$(PY) samples/tools/make_samples.py

clean:
	rm -rf build

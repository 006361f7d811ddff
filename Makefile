# Scrutiny — set-up, run, test and benchmark.  Everything a target needs it installs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
CORPUS := $(SHARED)/corpus

# Debian packages: WeasyPrint (response PDFs, test PDFs) needs Pango and fonts; scanned PDFs are
# read by Tesseract; the browser tests need Chromium; the production-database tests need the
# PostgreSQL server; the scanned-PDF tests and the benchmarks need poppler (pdftoppm, pdftotext).
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core tesseract-ocr tesseract-ocr-eng
TEST_DEBS := $(RUN_DEBS) chromium postgresql poppler-utils
BENCH_DEBS := poppler-utils

.PHONY: run test lint typecheck migrations-check unit test-postgres eval eval-real bench bench-ocr bench-web \
        fuzz load bench-sheets bench-similar clean \
        system-run-deps system-test-deps system-bench-deps

$(BIN)/scrutiny: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: system-run-deps $(BIN)/scrutiny
	$(BIN)/scrutiny demo --corpus $(CORPUS)/documents
	$(BIN)/scrutiny serve --port 8000

export SCRUTINY_DATA_DIR ?= $(CURDIR)/var

test: system-test-deps $(BIN)/scrutiny lint typecheck migrations-check unit test-postgres

lint: $(BIN)/scrutiny
	$(BIN)/ruff check --no-cache src tests bench

typecheck: $(BIN)/scrutiny
	$(BIN)/mypy

migrations-check: $(BIN)/scrutiny
	$(BIN)/scrutiny manage makemigrations --check --dry-run

# Everything on SQLite, the browser tests included.
unit: $(BIN)/scrutiny
	SCRUTINY_SHARED=$(SHARED) $(BIN)/pytest -q

# The web app's tests again on a real PostgreSQL server started for the run.
test-postgres: $(BIN)/scrutiny
	SCRUTINY_SHARED=$(SHARED) scripts/with-postgres $(BIN)/pytest -q -p no:cacheprovider tests/web

# Long property-test run (make test runs the same tests briefly and repeatably).
# Then two minutes of coverage-guided fuzzing of the readers with atheris, where it installs.
fuzz: $(BIN)/scrutiny
	SCRUTINY_SHARED=$(SHARED) HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q -p no:cacheprovider tests/fuzz
	@if $(BIN)/pip install --quiet atheris 2>/dev/null; then \
	  mkdir -p var/fuzz-corpus && cd var && SCRUTINY_SHARED=$(abspath $(SHARED)) \
	    ../$(BIN)/python ../tests/fuzz/atheris_readers.py -max_total_time=120 -rss_limit_mb=4096 fuzz-corpus; \
	else echo "atheris does not install on this machine: coverage-guided fuzzing skipped"; fi

# Similar-findings look-ups over 50,000 findings, on SQLite then PostgreSQL.
bench-similar: system-test-deps $(BIN)/scrutiny
	$(BIN)/python bench/similar_speed.py
	scripts/with-postgres $(BIN)/python bench/similar_speed.py

# Importing a 20,000-row tracker and exporting the register, on SQLite then PostgreSQL.
bench-sheets: system-test-deps $(BIN)/scrutiny
	$(BIN)/python bench/sheets_speed.py
	scripts/with-postgres $(BIN)/python bench/sheets_speed.py

# 50 users at once against `scrutiny serve`, on SQLite then PostgreSQL (loopback, bounded).
load: system-test-deps $(BIN)/scrutiny
	SCRUTINY_SHARED=$(SHARED) $(BIN)/python bench/load.py
	SCRUTINY_SHARED=$(SHARED) scripts/with-postgres $(BIN)/python bench/load.py

eval: $(BIN)/scrutiny
	$(BIN)/scrutiny eval $(CORPUS)/documents $(CORPUS)/expected

eval-real: $(BIN)/scrutiny
	$(BIN)/scrutiny eval $(CORPUS)/real/documents $(CORPUS)/real/expected

bench: system-bench-deps system-test-deps $(BIN)/scrutiny
	SCRUTINY_SHARED=$(SHARED) $(BIN)/python bench/extract_speed.py

bench-ocr: system-bench-deps system-test-deps $(BIN)/scrutiny
	SCRUTINY_SHARED=$(SHARED) $(BIN)/python bench/ocr_speed.py

bench-web: system-test-deps $(BIN)/scrutiny
	$(BIN)/python bench/web_speed.py
	scripts/with-postgres $(BIN)/python bench/web_speed.py

# Install missing Debian packages (as root, or with sudo when it is there).
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

system-run-deps:
	$(call apt_install,$(RUN_DEBS))

system-test-deps:
	$(call apt_install,$(TEST_DEBS))

system-bench-deps:
	$(call apt_install,$(BENCH_DEBS))

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache bench/out test-output

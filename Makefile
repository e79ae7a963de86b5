# Slow Cinema Archive. `make serve` and `make test` are all a newcomer needs:
# each creates the virtual environment from requirements.lock on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SLUG ?=
export PYTHONDONTWRITEBYTECODE := 1
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build check new-essay bench lock clean help

help:
	@echo "make serve      live preview at http://127.0.0.1:8000"
	@echo "make test       the whole test suite"
	@echo "make build      the publishable site in site/"
	@echo "make check      validate the content only (seconds)"
	@echo "make new-essay SLUG=my-slug   scaffold an essay bundle"

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

serve: $(STAMP)  # another address: make serve ADDR=127.0.0.1:8001
	$(BIN)/mkdocs serve --dirty --dev-addr $(or $(ADDR),127.0.0.1:8000)

build: $(STAMP)
	$(BIN)/mkdocs build --strict --clean

check: $(STAMP)
	$(BIN)/slowcinema check

new-essay: $(STAMP)
	$(BIN)/python scripts/new_entry.py essay $(SLUG)

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)  # make bench N=1000 (default 100): see "Benchmark" in README.md
	$(BIN)/python scripts/bench.py --n $(or $(N),100)

lock:
	$(PYTHON) -m venv /tmp/sca-lock && /tmp/sca-lock/bin/pip install --quiet pip-tools
	/tmp/sca-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements.lock requirements.in

clean:
	rm -rf site .pytest_cache

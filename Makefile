# Slow Cinema Archive. `make serve` and `make test` are all a newcomer needs:
# each creates the virtual environment from requirements.lock on first use.
SHELL := /bin/bash
PYTHON ?= python3
# The oldest Python the lock installs on (pymdown-extensions needs 3.11.5); pyproject.toml and README say the same.
PYTHON_FLOOR := 3.11.5
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_LOG := $(VENV)/pip.log
SLUG ?=
# Compiled modules are kept in .cache/pycache/ (ignored by git, removed by make clean), not beside the sources,
# so that a build does not compile the plugins' modules again each time.
export PYTHONPYCACHEPREFIX := $(CURDIR)/.cache/pycache
unexport PYTHONDONTWRITEBYTECODE
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test fuzz build check new-essay strip-location bench lock lock-bench clean help

help:
	@echo "make serve      live preview at http://127.0.0.1:8000"
	@echo "make test       the whole test suite"
	@echo "make build      the publishable site in site/"
	@echo "make check      the strict build's verdict on the content, in seconds"
	@echo "make new-essay SLUG=my-slug AUTHOR=my-id   scaffold an essay bundle"
	@echo "make strip-location FILE=docs/essays/my-slug/photo.jpg   remove a photo's GPS location"

# Prints the interpreter's version if it is at least PYTHON_FLOOR, and fails otherwise.
comma := ,
FLOOR_CHECK := import sys; v = sys.version_info; print("%d.%d.%d" % v[:3]); sys.exit(v[:3] < ($(subst .,$(comma),$(PYTHON_FLOOR))))
EXAMPLE_GOAL := $(or $(firstword $(MAKECMDGOALS)),serve)

# The interpreter is checked before .venv/ is made; pip's output goes to .venv/pip.log, and a
# failure is told in one line: the likely cause, the log and the fix.
$(STAMP): requirements.lock pyproject.toml
	@if [ ! -x $(BIN)/python ]; then \
	  found=$$($(PYTHON) -c '$(FLOOR_CHECK)' 2>/dev/null) || { \
	    echo "make: Python $(PYTHON_FLOOR) or newer is needed, and '$(PYTHON)' is $${found:-not a working Python}: install a newer one and name it, e.g. make $(EXAMPLE_GOAL) PYTHON=python3.12" >&2; exit 1; }; \
	  echo "Creating .venv/ with Python $$found and installing requirements.lock (the first time only; log: $(PIP_LOG))"; \
	  $(PYTHON) -m venv $(VENV) >/dev/null 2>&1 || { rm -rf $(VENV); \
	    echo "make: '$(PYTHON) -m venv' failed: install Python's venv module (Debian: sudo apt-get install python3-venv) or name another Python, e.g. make $(EXAMPLE_GOAL) PYTHON=python3.12" >&2; exit 1; }; \
	elif ! found=$$($(BIN)/python -c '$(FLOOR_CHECK)' 2>/dev/null); then \
	  echo "make: .venv/ was made with Python $${found:-that no longer runs}, and $(PYTHON_FLOOR) or newer is needed: remove it (rm -rf .venv) and run again, e.g. make $(EXAMPLE_GOAL) PYTHON=python3.12" >&2; exit 1; \
	fi
	@{ $(BIN)/python -m pip install --disable-pip-version-check --require-hashes -r requirements.lock \
	   && $(BIN)/python -m pip install --disable-pip-version-check --no-deps --no-build-isolation -e . ; } >$(PIP_LOG) 2>&1 || { \
	  if grep -qiE "NewConnectionError|Failed to establish|Temporary failure in name resolution|Name or service not known|Network is unreachable|Max retries exceeded|timed out|ProxyError|SSLError" $(PIP_LOG); then \
	    why="no network to the package index: connect (or set PIP_INDEX_URL to a reachable mirror) and run make again"; \
	  elif grep -q "(from versions: none)" $(PIP_LOG); then \
	    why="the package index offered no copy of a pinned package, most likely for want of network: connect (or set PIP_INDEX_URL to a reachable mirror) and run make again"; \
	  elif grep -q "DO NOT MATCH THE HASHES" $(PIP_LOG); then \
	    why="a download does not match its hash in requirements.lock: retry, and if it persists regenerate the lock with make lock"; \
	  elif grep -qiE "Requires-Python|requires a different Python" $(PIP_LOG); then \
	    why="a pinned package needs a newer Python: rm -rf .venv and name a newer one, e.g. make $(EXAMPLE_GOAL) PYTHON=python3.12"; \
	  elif grep -qi "No space left" $(PIP_LOG); then \
	    why="the disk is full: free some space and run make again"; \
	  else \
	    why="read the last lines of the log; the lock may need regenerating with make lock"; \
	  fi; \
	  echo "make: installing requirements.lock into .venv/ failed (log: $(PIP_LOG)): $$why" >&2; exit 1; }
	@touch $@

requirements.lock:
	@echo "make: requirements.lock is missing: restore it (git checkout -- requirements.lock) or regenerate it from requirements.in (make lock)" >&2; exit 1

# Fails if something already listens on host:port (MkDocs would build the whole site first, then end in a
# traceback); an address it cannot parse is left to MkDocs, which words its own error.
PORT_CHECK := import socket, sys; h, _, p = sys.argv[1].rpartition(":"); s = socket.socket(); s.settimeout(2); \
  sys.exit(0 if not p.isdigit() else s.connect_ex((h or "127.0.0.1", int(p))) == 0)
SERVE_ADDR = $(or $(ADDR),127.0.0.1:8000)

serve: $(STAMP)  # another address: make serve ADDR=127.0.0.1:8001
	@$(BIN)/python -c '$(PORT_CHECK)' '$(SERVE_ADDR)' || { \
	  echo "make: $(SERVE_ADDR) is in use (another make serve?): stop that one, or serve on another port, e.g. make serve ADDR=127.0.0.1:8001" >&2; exit 1; }
	$(BIN)/mkdocs serve --dirty --dev-addr $(SERVE_ADDR)

build: $(STAMP)
	$(BIN)/mkdocs build --strict --clean

check: $(STAMP)
	$(BIN)/slowcinema check

new-essay: $(STAMP)  # make new-essay SLUG=my-slug AUTHOR=my-id (your id in docs/authors.yml)
	$(BIN)/python scripts/new_entry.py essay $(SLUG) $(if $(AUTHOR),--author $(AUTHOR))

strip-location: $(STAMP)  # make strip-location FILE=docs/essays/my-essay/photo.jpg: removes a photo's GPS data
	@test -n "$(FILE)" || { echo "make: name the photo: make strip-location FILE=docs/essays/my-essay/photo.jpg" >&2; exit 2; }
	$(BIN)/python scripts/strip_location.py $(FILE)

# scripts/install-test-tools.sh installs what the tests need beyond the lock (npm's tools, Chromium),
# or stops with one line naming what to install. The suite runs on every core, up to 4 workers (pytest-xdist;
# each test file stays on one worker: pyproject.toml); make test WORKERS=8 asks for 8, WORKERS=0 for none.
test: $(STAMP)
	@scripts/install-test-tools.sh
	$(BIN)/python -m pytest -n $(or $(WORKERS),auto --maxprocesses 4)

fuzz: $(STAMP)  # the property-based tests with many more examples than make test runs (opt-in, minutes)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_properties.py -q

# At N >= 1000 the benchmark also compares our search with Pagefind, installing requirements-bench.lock
# (Pagefind alone, never in requirements.lock) into .venv/ the first time.
# make bench GROWTH=2000,5000 measures only a cold build's growth, both sizes built in one run, alternated.
bench: $(STAMP)  # make bench N=1000 (default 100): see "Benchmark" in README.md
	$(BIN)/python scripts/bench.py $(if $(GROWTH),--growth $(GROWTH),--n $(or $(N),100))

lock:
	$(PYTHON) -m venv /tmp/sca-lock && /tmp/sca-lock/bin/pip install --quiet pip-tools
	/tmp/sca-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements.lock requirements.in

lock-bench:  # requirements-bench.lock: what only the benchmark's search comparison needs (Pagefind)
	$(PYTHON) -m venv /tmp/sca-lock && /tmp/sca-lock/bin/pip install --quiet pip-tools
	/tmp/sca-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links -o requirements-bench.lock requirements-bench.in

clean:  # .cache/ holds the build cache (README, "Build cache") and compiled modules
	rm -rf site .pytest_cache .cache

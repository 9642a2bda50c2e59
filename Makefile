# The two commands: `make serve` (build and serve on 127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
OUTPUT ?= output

.PHONY: serve html publish test benchmark clean system-deps help

help:
	@echo "make serve    build the site and serve it on http://$(HOST):$(PORT)/, rebuilding on change"
	@echo "make test     install what the tests need, then run every test"
	@echo "make html     build the site into $(OUTPUT)/ (kept as it was if the build fails)"
	@echo "make publish  build for GitHub Pages: SITEURL=https://OWNER.github.io/REPO make publish"
	@echo "make benchmark  measure weight, Lighthouse scores and build times into docs/benchmarks.md"
	@echo "make clean    remove build output and test artifacts"

$(BIN)/python:
	bash tools/make-venv.sh $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.runtime-installed
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-test.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

html: $(VENV)/.runtime-installed
	$(BIN)/python tools/build.py --output $(OUTPUT)

# Builds with tools/build.py, serves the last good site, rebuilds on any change to what the build reads.
serve: $(VENV)/.runtime-installed
	$(BIN)/python tools/serve.py --host $(HOST) --port $(PORT) --output $(OUTPUT)

publish: $(VENV)/.runtime-installed
	$(BIN)/python tools/build.py --settings publishconf.py --output $(OUTPUT)

benchmark: system-deps $(VENV)/.test-installed node_modules/.installed
	$(BIN)/python tools/benchmark.py

system-deps:
	bash tools/install-system-deps.sh

# Lint and type check first (seconds), then every test: unit, site and browser
# (pytest -m unit|site|browser runs one kind), with the 15 slowest reported.
test: system-deps $(VENV)/.test-installed node_modules/.installed
	$(BIN)/ruff check plugins tools
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto --dist loadfile --durations=15  # one worker per core; a test file stays on one worker

clean:
	rm -rf test-artifacts .pytest_cache .farside-cache
	if [ -f $(OUTPUT)/.farside-output ]; then rm -rf $(OUTPUT); fi  # only a folder the build made
	rm -rf .build-$(notdir $(OUTPUT))-* .old-$(notdir $(OUTPUT))-*

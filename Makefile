# Two commands do everything: `make reports` and `make test`.
# Each builds the virtual environment first if it is missing or out of date.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

REGION ?= north-east-and-north-yorkshire
FORCE ?=
YEARS ?= 2014/15-2017/18
BASIS ?= closed
OUTCOMES ?=
POLICEUK ?=
JOBS ?= 1
EMBARGO ?=
REPLY ?=
IDS ?=
# A council area within FORCE for the police.uk page, e.g. LOCAL_AREA=Darlington FORCE=Durham.
LOCAL_AREA ?=
# REBUILD=1: run every notebook again, even for pages whose inputs, parameters and code are unchanged.
REBUILD ?=

# Every value a person types (REPLY with quotes, $ or backticks; paths with spaces) reaches the
# program as data, never as make or shell text: the recipe never mentions these variables; each is
# handed over unexpanded ($(value ...)) in a CR_* environment variable, which the CLI reads as the
# default of its option. make would otherwise expand $ (and even $(shell ...)) in a command-line
# value when passing it on, so the variables themselves are not exported.
INPUTS := REGION FORCE YEARS BASIS OUTCOMES POLICEUK JOBS EMBARGO REPLY IDS LOCAL_AREA REBUILD
unexport $(INPUTS)
$(foreach name,$(INPUTS),$(eval export CR_$(name) = $$(value $(name))))

.PHONY: reports test test-fast env fetch synthetic clean-reports bench axe

env: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name community-resolutions \
		--display-name "Python (community-resolutions)"
	touch $(STAMP)

# OUTCOMES: several files separated by newlines or by "|" (a path may hold spaces).
reports: $(STAMP)
	$(BIN)/python -m community_resolutions reports

# Download the official workbooks (26-44 MB each) into data/cache/, checksums verified.
fetch: $(STAMP)
	$(BIN)/python -m community_resolutions fetch

# Synthetic workbooks (invented counts, labelled) in both official layouts, for trying the package.
synthetic: $(STAMP)
	mkdir -p data/synthetic
	$(BIN)/python -m community_resolutions synthetic --layout xlsx-2024 --out data/synthetic/
	$(BIN)/python -m community_resolutions synthetic --layout ods-2019 --out data/synthetic/

# Benchmarks (issue 7): ratios measured side by side; results in benchmarks/results/ (git-ignored).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# axe-core (accessibility rules) for the browser tests, from the npm registry into a git-ignored
# folder; tests/test_accessibility.py skips, saying why, when it is missing. One pin, here.
AXE_VERSION := 4.14.1
AXE := tests/.node/node_modules/axe-core/axe.min.js
axe: $(AXE)

$(AXE): Makefile
	npm install --prefix tests/.node --no-save --no-package-lock --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION)
	test -f $(AXE) && touch $(AXE)

# Every test, two at a time (pytest-xdist; tests sharing a module's expensive run stay on one worker).
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# The fast loop: unit tests and doctests, no notebook executed (a test that runs one must be marked
# `notebook`; CR_TEST_FAST=1 makes an unmarked one fail instead of silently slowing this down).
test-fast: $(STAMP)
	CR_TEST_FAST=1 $(BIN)/python -m pytest -m "not notebook" -q

clean-reports:
	rm -rf reports
